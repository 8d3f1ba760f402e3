"""The small XLSForm formula grammar we understand: ``relevant`` and ``constraint``."""

import re

from surveys.qtypes.base import to_number

NAME = r"\$\{\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*\}"
NUMBER = r"(-?\d+(?:\.\d+)?)"
_EQUALS_TEXT = re.compile(rf"^{NAME}\s*=\s*'([^']*)'$")
_EQUALS_NUMBER = re.compile(rf"^{NAME}\s*=\s*{NUMBER}$")
_SELECTED = re.compile(rf"^selected\(\s*{NAME}\s*,\s*'([^']*)'\s*\)$")
_COMPARE = re.compile(rf"^{NAME}\s*(>|<)\s*{NUMBER}$")
_RANGE = re.compile(rf"^\.\s*(>=|<=)\s*{NUMBER}(?:\s+and\s+\.\s*(>=|<=)\s*{NUMBER})?$")
_COUNT = re.compile(r"^count-selected\(\s*\.\s*\)\s*<=\s*(\d+)$")
_LENGTH = re.compile(r"^string-length\(\s*\.\s*\)\s*<=\s*(\d+)$")


def _number(text: str) -> int | float:
    value = to_number(text)
    return int(value) if value is not None and value.is_integer() else value


def parse_relevant(expression: str) -> dict | None:
    """A show_if condition (with the XLSForm name of its question), or None if unsupported."""
    parts = [p.strip() for p in re.split(r"\s+or\s+", expression.strip()) if p.strip()]
    if len(parts) == 1:
        found = _COMPARE.match(parts[0])
        if found:
            op = "above" if found.group(2) == ">" else "below"
            return {"question": found.group(1), "op": op, "value": _number(found.group(3))}
        found = _EQUALS_NUMBER.match(parts[0])
        if found:
            return {"question": found.group(1), "op": "equals", "value": _number(found.group(2))}
    names, codes = set(), []
    for part in parts:
        found = _EQUALS_TEXT.match(part) or _SELECTED.match(part)
        if not found:
            return None
        names.add(found.group(1))
        codes.append(found.group(2))
    if len(names) != 1:
        return None
    name = names.pop()
    if len(codes) == 1:
        return {"question": name, "op": "equals", "value": codes[0]}
    return {"question": name, "op": "any_of", "value": codes}


def parse_constraint(expression: str) -> dict | None:
    """Settings from a constraint (min/max, max_selections, max_length), or None."""
    expression = expression.strip()
    found = _RANGE.match(expression)
    if found:
        settings = {}
        for op, value in ((found.group(1), found.group(2)), (found.group(3), found.group(4))):
            if op:
                settings["min" if op == ">=" else "max"] = _number(value)
        return settings
    found = _COUNT.match(expression)
    if found:
        return {"max_selections": int(found.group(1))}
    found = _LENGTH.match(expression)
    if found:
        return {"max_length": int(found.group(1))}
    return None
