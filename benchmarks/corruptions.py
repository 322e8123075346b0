"""The corruption kinds of benchmarks/corruptgen.py, each one modification of one value.

They follow the modification types of the FEBRL data set generator (Christen 2005) and GeCo (Tran,
Vatsalan, Christen 2013): keyboard-adjacent substitutions, OCR confusions, phonetic substitutions,
insertions, deletions, transpositions, and digit changes or transpositions in numbers. Each function takes
a `random.Random` and a value and answers the modified value, or None when the kind does not apply to that
value (no OCR-confusable letters, no phonetic pattern, too short): the caller then tries another kind.
"""

import random
import re

from benchmarks.corruptvalues import OCR_CONFUSIONS, PHONETIC_RULES, QWERTY_ROWS, QWERTZ_ROWS

LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _neighbours(rows: list[str]) -> dict[str, str]:
    """Keys touching each key on a staggered keyboard: left and right, two above, two below."""
    found: dict[str, set[str]] = {}
    for r, row in enumerate(rows):
        for i, key in enumerate(row):
            near = found.setdefault(key, set())
            for rr, columns in ((r, (i - 1, i + 1)), (r - 1, (i, i + 1)), (r + 1, (i - 1, i))):
                if 0 <= rr < len(rows):
                    near.update(rows[rr][c] for c in columns if 0 <= c < len(rows[rr]))
    return {key: "".join(sorted(near)) for key, near in found.items()}


KEYBOARDS = {"qwerty": _neighbours(QWERTY_ROWS), "qwertz": _neighbours(QWERTZ_ROWS)}


def _position(rng: random.Random, length: int) -> int:
    """Where a typing error happens: rarely on the first character (as observed in FEBRL's studies)."""
    if length <= 1 or rng.random() < 0.05:
        return 0
    return rng.randrange(1, length)


def keyboard(rng: random.Random, value: str, layout: str = "qwerty") -> str | None:
    """One character replaced by a key next to it."""
    keys = KEYBOARDS[layout]
    spots = [i for i, ch in enumerate(value) if ch.lower() in keys]
    if not spots:
        return None
    preferred = [i for i in spots if i > 0] or spots
    i = rng.choice(preferred if rng.random() >= 0.05 else spots)
    ch = value[i]
    typed = rng.choice(keys[ch.lower()])
    if ch.isupper():
        typed = typed.upper()
    return value[:i] + typed + value[i + 1 :]


def ocr(rng: random.Random, value: str) -> str | None:
    """A printed character (or pair) read as one that looks like it: 5/S, 0/O, 1/l, rn/m, cl/d, ..."""
    spots = [
        (match.start(), printed, read)
        for printed, read in OCR_CONFUSIONS
        for match in re.finditer(re.escape(printed), value)
    ]
    if not spots:
        return None
    start, printed, read = rng.choice(spots)
    return value[:start] + read + value[start + len(printed) :]


def phonetic(rng: random.Random, value: str) -> str | None:
    """A spelling replaced by one that sounds alike: ph/f, ck/k, ie/y, ei/ai, dt/tt, ..."""
    lower = value.lower()
    spots = [
        (match.start(), written, heard)
        for written, heard in PHONETIC_RULES
        for match in re.finditer(re.escape(written), lower)
    ]
    if not spots:
        return None
    start, written, heard = rng.choice(spots)
    if value[start].isupper():
        heard = heard[:1].upper() + heard[1:]
    result = value[:start] + heard + value[start + len(written) :]
    return result if result != value else None


def insert(rng: random.Random, value: str) -> str | None:
    """A stray character typed."""
    if not value:
        return None
    i = _position(rng, len(value) + 1)
    extra = rng.choice(LETTERS)
    if i == 0 and value[:1].isupper():
        extra = extra.upper()
    return value[:i] + extra + value[i:]


def delete(rng: random.Random, value: str) -> str | None:
    """A character left out."""
    if len(value) < 3:
        return None
    i = _position(rng, len(value))
    result = value[:i] + value[i + 1 :]
    return " ".join(result.split()) or None


def transpose(rng: random.Random, value: str) -> str | None:
    """Two neighbouring characters typed in the wrong order."""
    spots = [i for i in range(len(value) - 1) if value[i] != value[i + 1] and value[i] != " " != value[i + 1]]
    if not spots:
        return None
    preferred = [i for i in spots if i > 0] or spots
    i = rng.choice(preferred)
    return value[:i] + value[i + 1] + value[i] + value[i + 2 :]


def digit_change(rng: random.Random, value: str) -> str | None:
    """One digit of a number replaced by another."""
    spots = [i for i, ch in enumerate(value) if ch.isdigit()]
    if not spots:
        return None
    i = rng.choice(spots)
    digit = rng.choice([d for d in "0123456789" if d != value[i]])
    return value[:i] + digit + value[i + 1 :]


def digit_transpose(rng: random.Random, value: str) -> str | None:
    """Two neighbouring, different digits of a number swapped."""
    spots = [
        i
        for i in range(len(value) - 1)
        if value[i].isdigit() and value[i + 1].isdigit() and value[i] != value[i + 1]
    ]
    if not spots:
        return None
    i = rng.choice(spots)
    return value[:i] + value[i + 1] + value[i] + value[i + 2 :]


def initial(rng: random.Random, value: str) -> str | None:
    """A given name reduced to its initial, with or without the full stop."""
    if len(value) < 2:
        return None
    return value[0].upper() + ("." if rng.random() < 0.6 else "")


def nickname(rng: random.Random, value: str, nicknames: dict[str, list[str]]) -> str | None:
    """A given name replaced by a short form people use for it (Robert -> Bob)."""
    forms = nicknames.get(value)
    return rng.choice(forms) if forms else None


def is_keyboard_neighbour(before: str, after: str, layout: str = "qwerty") -> bool:
    """Whether `after` is `before` with one character replaced by a neighbouring key (for tests)."""
    if len(before) != len(after):
        return False
    differ = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    return len(differ) == 1 and differ[0][1].lower() in KEYBOARDS[layout].get(differ[0][0].lower(), "")
