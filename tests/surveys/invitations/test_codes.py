"""The code format: typeable, lenient on input, and every single typo or swap is caught."""

import itertools
import random

import pytest

from surveys.invitations import codes

SECRET = b"a test secret of enough length...."


def sample_codes(n=40):
    rng = random.Random(7)
    return [codes.derive_code(SECRET, f"{rng.getrandbits(128):032x}") for _ in range(n)]


def test_code_has_eight_crockford_characters_and_a_check_character():
    for code in sample_codes():
        assert len(code) == 9
        assert set(code) <= set(codes.ALPHABET)
        assert codes.check_character(code[:8]) == code[8]
        assert not set(code) & set("ILOU")


def test_code_is_shown_in_groups():
    assert codes.format_code("ABCDEFGHJ") == "ABCD-EFGH-J"


@pytest.mark.parametrize(
    "typed",
    ["{c}", "{g}", "{lower}", " {c} ", "{spaced}", "{dashed_lower}", "{c:.4}\u2013{rest}"],
)
def test_typed_code_is_accepted_with_spaces_dashes_and_lower_case(typed):
    code = sample_codes(1)[0]
    variants = {
        "c": code,
        "g": codes.format_code(code),
        "lower": code.lower(),
        "spaced": " ".join(code),
        "dashed_lower": codes.format_code(code).lower(),
        "rest": code[4:],
    }
    parsed = codes.parse_code(typed.format(**variants))
    assert parsed.data + parsed.check == code
    assert parsed.formatted() == codes.format_code(code)


def test_letters_that_look_like_digits_are_read_as_digits():
    data = "01ABCDEF"
    code = data + codes.check_character(data)
    typed = "oI" + code[2:]
    assert codes.parse_code(typed).data == data
    assert codes.parse_code("Ol" + code[2:].lower()).data == data


def test_every_single_wrong_character_is_caught():
    for code in sample_codes(25):
        for position, replacement in itertools.product(range(9), codes.ALPHABET):
            if code[position] == replacement:
                continue
            typo = code[:position] + replacement + code[position + 1 :]
            with pytest.raises(codes.CodeFormatError) as caught:
                codes.parse_code(typo)
            assert caught.value.reason == "check"


def test_every_swap_of_two_characters_is_caught():
    for code in sample_codes(25):
        for i, j in itertools.combinations(range(9), 2):
            if code[i] == code[j]:
                continue
            swapped = list(code)
            swapped[i], swapped[j] = swapped[j], swapped[i]
            with pytest.raises(codes.CodeFormatError):
                codes.parse_code("".join(swapped))


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("", "empty"),
        ("   - ", "empty"),
        (None, "empty"),
        ("ABCD-EFGH", "length"),
        ("ABCD-EFGH-JK", "length"),
        ("ABCD-EFGH-U", "characters"),
        ("ABCD-EF*H-J", "characters"),
        ("ÄBCD-EFGH-J", "characters"),
        ("x" * 10_000, "length"),
    ],
)
def test_malformed_input_says_what_is_wrong(typed, reason):
    with pytest.raises(codes.CodeFormatError) as caught:
        codes.parse_code(typed)
    assert caught.value.reason == reason


def test_code_depends_on_secret_and_nonce_and_hash_on_secret():
    nonce = codes.new_nonce()
    assert len(nonce) == 32
    assert codes.derive_code(SECRET, nonce) == codes.derive_code(SECRET, nonce)
    assert codes.derive_code(SECRET, nonce) != codes.derive_code(b"another secret", nonce)
    assert codes.derive_code(SECRET, nonce) != codes.derive_code(SECRET, codes.new_nonce())
    data = codes.derive_code(SECRET, nonce)[:8]
    assert codes.lookup_hash(SECRET, data) != codes.lookup_hash(b"another secret", data)
    assert data not in codes.lookup_hash(SECRET, data)


def test_codes_spread_over_the_whole_alphabet_without_repeats():
    many = sample_codes(400)
    assert len(set(many)) == 400
    for position in range(8):
        assert len({code[position] for code in many}) == 32
