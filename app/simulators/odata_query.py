"""The OData query options both simulators understand: $filter, $orderby, $select, and key segments."""

import operator
import re
from collections.abc import Callable
from typing import Any

Row = dict[str, Any]
Predicate = Callable[[Row], bool]


class QueryError(ValueError):
    pass


_TOKEN = re.compile(
    r"""\s*(?:
    (?P<string>'(?:[^']|'')*')
    |(?P<enum>[A-Za-z_][\w.]*'(?:[^']|'')*')
    |(?P<guid>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![\w-]))
    |(?P<datetime>\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:\d{2})?)
    |(?P<number>-?\d+(?:\.\d+)?(?![\w-]))
    |(?P<name>[A-Za-z_@][\w./@]*)
    |(?P<punct>[(),])
    )""",
    re.VERBOSE,
)
_COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    "gt": operator.gt,
    "ge": operator.ge,
    "lt": operator.lt,
    "le": operator.le,
}
_FUNCTIONS: dict[str, Callable[[str, str], bool]] = {
    "contains": lambda value, part: part.lower() in value.lower(),
    "startswith": lambda value, part: value.lower().startswith(part.lower()),
    "endswith": lambda value, part: value.lower().endswith(part.lower()),
}
_KEYWORDS = {"true": True, "false": False, "null": None}


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    position = 0
    text = text.strip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            raise QueryError(f"cannot parse the query at {text[position : position + 20]!r}")
        kind = match.lastgroup or ""
        tokens.append((kind, match.group(kind)))
        position = match.end()
    return tokens


def _unquote(text: str) -> str:
    return text[text.index("'") + 1 : -1].replace("''", "'")


def literal(kind: str, text: str) -> Any:
    if kind in ("string", "enum"):
        return _unquote(text)
    if kind == "number":
        return float(text) if "." in text else int(text)
    if kind == "name" and text in _KEYWORDS:
        return _KEYWORDS[text]
    return text  # guid, datetime


class _Parser:
    def __init__(self, text: str):
        self.tokens = _tokens(text)
        self.position = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self, expected: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if token is None or (expected is not None and token[1] != expected):
            raise QueryError(f"expected {expected or 'more'} in $filter")
        self.position += 1
        return token

    def parse(self) -> Predicate:
        predicate = self.disjunction()
        if self.peek() is not None:
            raise QueryError(f"unexpected {self.peek()[1]!r} in $filter")  # type: ignore[index]
        return predicate

    def disjunction(self) -> Predicate:
        parts = [self.conjunction()]
        while self.peek() == ("name", "or"):
            self.take()
            parts.append(self.conjunction())
        return parts[0] if len(parts) == 1 else lambda row: any(part(row) for part in parts)

    def conjunction(self) -> Predicate:
        parts = [self.unary()]
        while self.peek() == ("name", "and"):
            self.take()
            parts.append(self.unary())
        return parts[0] if len(parts) == 1 else lambda row: all(part(row) for part in parts)

    def unary(self) -> Predicate:
        token = self.peek()
        if token == ("name", "not"):
            self.take()
            inner = self.unary()
            return lambda row: not inner(row)
        if token == ("punct", "("):
            self.take()
            inner = self.disjunction()
            self.take(")")
            return inner
        if token is not None and token[0] == "name" and token[1] in _FUNCTIONS:
            return self.function()
        return self.comparison()

    def operand(self) -> Callable[[Row], Any]:
        kind, text = self.take()
        if kind == "name" and text not in _KEYWORDS:
            path = text.split("/")
            return lambda row: _path_value(row, path)
        value = literal(kind, text)
        return lambda row: value

    def comparison(self) -> Predicate:
        left = self.operand()
        kind, name = self.take()
        compare = _COMPARISONS.get(name) if kind == "name" else None
        if compare is None:
            raise QueryError(f"unsupported operator {name!r} in $filter")
        right = self.operand()
        return lambda row: _compare(compare, left(row), right(row))

    def function(self) -> Predicate:
        function = _FUNCTIONS[self.take()[1]]
        self.take("(")
        field = self.operand()
        self.take(",")
        part = self.operand()
        self.take(")")
        return lambda row: isinstance(field(row), str) and function(field(row), str(part(row)))


def _path_value(row: Row, path: list[str]) -> Any:
    value: Any = row
    for name in path:
        value = value.get(name) if isinstance(value, dict) else None
    return value


def _compare(compare: Callable[[Any, Any], bool], left: Any, right: Any) -> bool:
    if isinstance(left, str) and isinstance(right, str):
        left, right = left.lower(), right.lower()
    if left is None or right is None:
        return compare in (operator.eq, operator.ne) and compare(left, right)
    try:
        return compare(left, right)
    except TypeError:
        return compare(str(left), str(right))


def parse_filter(text: str | None) -> Predicate:
    if not text:
        return lambda row: True
    return _Parser(text).parse()


def order_rows(rows: list[Row], orderby: str | None) -> list[Row]:
    if not orderby:
        return rows
    for clause in reversed([part.strip() for part in orderby.split(",") if part.strip()]):
        name, _, direction = clause.partition(" ")
        if direction.strip().lower() not in ("", "asc", "desc"):
            raise QueryError(f"bad $orderby clause {clause!r}")
        rows = sorted(
            rows,
            key=lambda row: (row.get(name) is not None, row.get(name) if row.get(name) is not None else 0),
            reverse=direction.strip().lower() == "desc",
        )
    return rows


def select_fields(text: str | None) -> list[str] | None:
    return [name.strip() for name in text.split(",") if name.strip()] if text else None


def split_top_level(text: str) -> list[str]:
    """Split on commas outside parentheses and quotes: `a($select=x,y),b` -> `a($select=x,y)`, `b`."""
    parts, depth, quoted, start = [], 0, False, 0
    for index, char in enumerate(text):
        if char == "'":
            quoted = not quoted
        elif not quoted and char == "(":
            depth += 1
        elif not quoted and char == ")":
            depth -= 1
        elif not quoted and depth == 0 and char == ",":
            parts.append(text[start:index].strip())
            start = index + 1
    parts.append(text[start:].strip())
    return [part for part in parts if part]


_SEGMENT = re.compile(r"^(?P<name>[A-Za-z_]\w*)(?:\((?P<key>.*)\))?$", re.DOTALL)


def parse_segment(segment: str) -> tuple[str, dict[str, Any] | str | None]:
    """`CustomersV3(dataAreaId='usmf',CustomerAccount='US-001')` -> the set and its key: a dict of named
    parts, a single unnamed value (a GUID), or None when the segment names only the set."""
    match = _SEGMENT.match(segment)
    if match is None:
        raise QueryError(f"not a resource path: {segment!r}")
    key_text = match.group("key")
    if key_text is None:
        return match.group("name"), None
    parts = split_top_level(key_text)
    if len(parts) == 1 and "=" not in parts[0].split("'")[0]:
        return match.group("name"), literal(*_single_token(parts[0]))
    key: dict[str, Any] = {}
    for part in parts:
        name, equals, value = part.partition("=")
        if not equals:
            raise QueryError(f"bad key part {part!r}")
        key[name.strip()] = literal(*_single_token(value))
    return match.group("name"), key


def _single_token(text: str) -> tuple[str, str]:
    tokens = _tokens(text)
    if len(tokens) != 1:
        raise QueryError(f"bad key value {text!r}")
    return tokens[0]
