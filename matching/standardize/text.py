"""Text folding: the common ground of every other standardiser.

`fold` turns any Unicode text into lower-case ASCII words separated by single spaces, so that
"Müller", "MUELLER" and "Muller" compare equal and "O'Brien" equals "OBrien".

German umlauts: anyascii transliterates "ü" to the plain vowel "u" (what most systems and keyboards
without umlauts produce), and the German digraph spellings "ae", "oe" and "ue" are collapsed to the plain
vowel as well, so all three spellings meet: "Müller" = "Mueller" = "Muller" -> "muller",
"Köln" = "Koeln" -> "koln", "Jäger" = "Jaeger" -> "jager".

The collapse only applies where German writes a digraph for an umlaut: after a consonant and inside a
word. It is skipped

* after "q" ("queen", "quelle": "qu" is never an umlaut),
* at the end of a word ("joe", "zoe", "blue", "monroe" stay as they are),
* before a final "l" or "la" ("michael", "raphael", "manuel", "samuel", "miguel", "noel", "joel",
  "israel", "michaela" stay as they are; without this rule "michael" would equal "michel").

The price is known and accepted: other words with a consonant + "ue/oe/ae" inside them collapse too, for
example Spanish "Rueda" -> "ruda" (equal to the surname "Ruda"), "Fuentes" -> "funtes", "Guerrero" ->
"gerrero", "Boeing" -> "boing". Both sides of a comparison are folded alike, so this only produces a false
equality when two *different* real names differ by exactly that "e" (Rueda/Ruda); a match never rests on one
field alone, and names with this pattern are far rarer in the hub's data (US and German customers) than
German names written with digraphs.
"""

from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii

__all__ = ["fold"]

_APOSTROPHES = re.compile(r"['`]")  # anyascii turns the typographic ones (’ ‘ ʼ ´) into these
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# consonant (not q) + a/o/u + e, inside a word, not before a final "l"/"la" (Michael, Manuel, Michaela)
_GERMAN_DIGRAPH = re.compile(r"(?<=[bcdfghjklmnprstvwxz])([aou])e(?=[a-z])(?!la?\b)")


@lru_cache(maxsize=1 << 16)
def _fold(text: str) -> str:
    if not text.isascii():
        text = anyascii(text)
    text = _NON_ALNUM.sub(" ", _APOSTROPHES.sub("", text.lower())).strip()
    if "e" in text:
        text = _GERMAN_DIGRAPH.sub(r"\1", text)
    return text


def fold(text: str | None) -> str:
    """Fold text to comparable lower-case ASCII words.

    Transliterates with anyascii ("ß" -> "ss", "é" -> "e", "Ø" -> "O", Cyrillic and CJK to Latin),
    lower-cases, drops apostrophes ("O'Brien" -> "obrien"), turns every other non-alphanumeric character
    into a space, collapses whitespace and collapses German umlaut digraphs (see the module docstring).
    Results are cached, since names, cities and streets repeat a lot across records.

    Args:
        text: Any text, or None.

    Returns:
        The folded text; "" for None or text without letters or digits.

    Examples:
        >>> fold("  Müller-Lüdenscheidt ")
        'muller ludenscheidt'
        >>> fold("MUELLER")
        'muller'
    """
    if not text:
        return ""
    return _fold(text)
