"""The paper pages' blueprint (the board's letters and forms; letter batches)."""

from flask import Blueprint

bp = Blueprint("paper", __name__)
