"""Where uploaded scan files and page images are kept: a folder outside the web root.

``SCAN_FOLDER`` (default: ``scans`` in the instance folder) holds a folder per batch with the
uploaded files until they are read, and the image of every page (the original as scanned and
the page drawn onto the form's grid, for the review crops). Names are made here, never taken
from the upload, so no path from outside reaches the file system.
"""

import os
import secrets
from pathlib import Path

import cv2
import numpy as np
from flask import current_app

DEFAULT_RETENTION_DAYS = 180


def setting(name: str, default=None):
    """A SCAN_* setting from the app config or the environment."""
    value = current_app.config.get(name) or os.environ.get(name)
    return value if value not in (None, "") else default


def folder() -> Path:
    """The scan folder (SCAN_FOLDER)."""
    return Path(setting("SCAN_FOLDER", Path(current_app.instance_path) / "scans"))


def retention_days() -> int:
    """How long page images are kept before the privacy purge removes them."""
    return int(setting("SCAN_RETENTION_DAYS", DEFAULT_RETENTION_DAYS))


def batch_folder(batch_id: int) -> Path:
    """The folder of one batch."""
    return folder() / f"batch-{int(batch_id)}"


def save_upload(batch_id: int, data: bytes) -> str:
    """Keep an uploaded file until it is read; returns its stored name."""
    name = f"upload-{secrets.token_hex(8)}.bin"
    path = batch_folder(batch_id) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return name


def upload_path(batch_id: int, stored_name: str) -> Path:
    """The path of a stored upload."""
    return batch_folder(batch_id) / Path(stored_name).name


def remove_upload(batch_id: int, stored_name: str | None) -> None:
    """Delete an upload that has been read."""
    if stored_name:
        upload_path(batch_id, stored_name).unlink(missing_ok=True)


def save_image(batch_id: int, page_id: int, kind: str, image: np.ndarray) -> str:
    """Store a page image as PNG; returns its path relative to the scan folder."""
    relative = f"batch-{int(batch_id)}/page-{int(page_id)}-{kind}.png"
    path = folder() / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    # Level 1: a noisy scan hardly shrinks further, and level 6 takes ten times as long.
    ok, data = cv2.imencode(".png", image, [cv2.IMWRITE_PNG_COMPRESSION, 1])
    if not ok:
        raise OSError("page image could not be encoded")
    path.write_bytes(data.tobytes())
    return relative


def image_path(relative: str) -> Path:
    """The full path of a stored page image (only within the scan folder)."""
    base = folder().resolve()
    path = (base / relative).resolve()
    if base not in path.parents:
        raise ValueError("not a page image path")
    return path


def load_image(relative: str | None) -> np.ndarray | None:
    """A stored page image in greyscale, or None when it is gone."""
    if not relative:
        return None
    path = image_path(relative)
    if not path.exists():
        return None
    return cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)


def remove_image(relative: str | None) -> None:
    """Delete a stored page image."""
    if relative:
        image_path(relative).unlink(missing_ok=True)
