"""Every page of the builder, on one blueprint (the app factory registers ``bp``)."""

from surveys.builder import (  # noqa: F401  (each module adds its pages to the blueprint)
    views_bank,
    views_io,
    views_logic,
    views_structure,
    views_surveys,
)
from surveys.builder.blueprint import bp

__all__ = ["bp"]
