"""Pages of the gemeenten package."""

from flask import Blueprint

bp = Blueprint("gemeenten", __name__)
