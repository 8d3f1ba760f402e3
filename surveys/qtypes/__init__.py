"""Question types: importing this package registers every type (one module per type)."""

from surveys.qtypes import (  # noqa: F401  (each module registers its type)
    grade,
    likert5,
    matrix,
    multiple,
    number,
    open_text,
    ranking,
    single,
    yesno,
)
from surveys.qtypes.base import (
    QuestionType,
    all_types,
    find_option,
    get_type,
    option_codes,
    option_label,
    register,
    type_choices,
)

__all__ = [
    "QuestionType",
    "all_types",
    "find_option",
    "get_type",
    "option_codes",
    "option_label",
    "register",
    "type_choices",
]
