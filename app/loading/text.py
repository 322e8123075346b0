"""Reading delimited text as the exports write it: any of their encodings, their delimiters, and the line
each record starts on."""

import codecs
import csv
import io
from collections.abc import Callable, Iterator
from typing import BinaryIO

Opener = Callable[[], BinaryIO]  # opens the file (or zip member) afresh, at its start
DELIMITERS = (",", ";", "\t", "|")
_CHUNK_BYTES = 1 << 22
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
csv.field_size_limit(1 << 24)  # a memo field may be long; the default limit (128 KiB) is not the export's


def encoding_of(opener: Opener) -> str:
    """UTF-8 or UTF-16 by their byte-order mark (a `CSV-Unicode` export is UTF-16), else UTF-8 when the
    whole file decodes as UTF-8, else Windows-1252 (an export with a Western European code page)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with opener() as handle:
        start = handle.read(_CHUNK_BYTES)
        for bom, encoding in _BOMS:
            if start.startswith(bom):
                return encoding
        chunk = start
        try:
            while chunk:
                decoder.decode(chunk)
                chunk = handle.read(_CHUNK_BYTES)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8"


def open_text(opener: Opener, encoding: str) -> io.TextIOWrapper:
    return io.TextIOWrapper(opener(), encoding=encoding, newline="")


def delimiter_of(header_line: str) -> str:
    """The delimiter a header row uses: field names hold none of the candidates, so the most frequent wins."""
    counts = {candidate: header_line.count(candidate) for candidate in DELIMITERS}
    best = max(counts, key=lambda candidate: counts[candidate])
    return best if counts[best] else ","


def records(handle: io.TextIOWrapper, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(line the record starts on, its cells) for each record; a quoted cell may span lines. Blank lines
    are skipped."""
    reader = csv.reader(handle, delimiter=delimiter, strict=False)
    previous = 0
    for cells in reader:
        start = previous + 1
        previous = reader.line_num
        if cells and not (len(cells) == 1 and not cells[0].strip()):
            yield start, cells


def count_lines(opener: Opener) -> int:
    """Newlines in the file: about its record count, without parsing it."""
    total = 0
    last = b"\n"
    with opener() as handle:
        while chunk := handle.read(_CHUNK_BYTES):
            total += chunk.count(b"\n")
            last = chunk[-1:]
    return total + (last != b"\n")
