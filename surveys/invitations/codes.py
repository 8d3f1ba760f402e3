"""Invitation codes: 8 Crockford base32 characters (40 bits) plus one check character.

A code is shown as ``ABCD-EFGH-K``. Input is read leniently: spaces, dashes and lower case
are ignored, and I/L are read as 1 and O as 0 (Crockford's rules). The check character is a
weighted sum over GF(32) in which every position has its own weight, so any single wrong
character and any swap of two different characters is caught before the database is asked.

The clear code is never stored: it is derived from a secret and a random per-invitation
nonce (HMAC-SHA256), and only a keyed hash of it is kept for look-ups. A copy of the database
alone therefore reveals no code, and a code can be printed again for a letter at any time.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
DATA_LENGTH = 8
CODE_LENGTH = DATA_LENGTH + 1
NONCE_BYTES = 16
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
_VALUE.update({"I": 1, "L": 1, "O": 0})
_IGNORED = str.maketrans("", "", " -\u2010\u2011\u2012\u2013\u2014\u00a0\t\r\n._/")

# GF(32) with the primitive polynomial x^5 + x^2 + 1: exp/log tables for multiplication.
_EXP = [0] * 62
_LOG = [0] * 32
_x = 1
for _i in range(31):
    _EXP[_i] = _EXP[_i + 31] = _x
    _LOG[_x] = _i
    _x <<= 1
    if _x & 0b100000:
        _x ^= 0b100101


def _mul(a: int, b: int) -> int:
    if a == 0 or b == 0:
        return 0
    return _EXP[_LOG[a] + _LOG[b]]


def _weighted_sum(values: list[int]) -> int:
    """Sum of value * alpha^(position + 1) over GF(32); a valid code sums to zero."""
    total = 0
    for position, value in enumerate(values):
        total ^= _mul(value, _EXP[position + 1])
    return total


def check_character(data: str) -> str:
    """The check character that makes the whole code's weighted sum zero."""
    values = [_VALUE[ch] for ch in data]
    partial = _weighted_sum(values)
    weight = _EXP[len(values) + 1]
    # partial + c * weight = 0  (addition is xor)  =>  c = partial / weight
    check = 0 if partial == 0 else _EXP[(_LOG[partial] - _LOG[weight]) % 31]
    return ALPHABET[check]


class CodeFormatError(ValueError):
    """Typed input is not a code: empty, wrong length, unknown characters, or a typo."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason  # "empty", "length", "characters" or "check"


@dataclass(frozen=True)
class ParsedCode:
    """A code read from input: its 8 data characters and its check character."""

    data: str
    check: str

    def formatted(self) -> str:
        """The code as printed: ABCD-EFGH-K."""
        return format_code(self.data + self.check)


def format_code(code: str) -> str:
    """Group a 9-character code as ABCD-EFGH-K."""
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"


def parse_code(typed: str | None) -> ParsedCode:
    """Read a typed code; CodeFormatError when it cannot be one of ours."""
    text = str(typed or "").upper().translate(_IGNORED)
    if not text:
        raise CodeFormatError("empty")
    if len(text) != CODE_LENGTH:
        raise CodeFormatError("length")
    if any(ch not in _VALUE for ch in text):
        raise CodeFormatError("characters")
    canonical = "".join(ALPHABET[_VALUE[ch]] for ch in text)
    data, check = canonical[:DATA_LENGTH], canonical[DATA_LENGTH:]
    if check_character(data) != check:
        raise CodeFormatError("check")
    return ParsedCode(data, check)


def new_nonce() -> str:
    """A fresh random nonce for one invitation (hex)."""
    return secrets.token_hex(NONCE_BYTES)


def derive_code(secret: bytes, nonce: str) -> str:
    """The clear 9-character code of an invitation, from the secret and its nonce."""
    digest = hmac.new(secret, b"invitation-code\x00" + nonce.encode(), hashlib.sha256).digest()
    number = int.from_bytes(digest[:5], "big")  # 40 bits
    data = "".join(ALPHABET[(number >> shift) & 31] for shift in range(35, -1, -5))
    return data + check_character(data)


def lookup_hash(secret: bytes, data: str) -> str:
    """The keyed hash stored for look-ups of a code (of its 8 data characters)."""
    return hmac.new(secret, b"invitation-lookup\x00" + data.encode(), hashlib.sha256).hexdigest()
