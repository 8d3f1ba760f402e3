"""Pages of the audit package."""

from flask import Blueprint

bp = Blueprint("audit", __name__)
