"""Uploaded household files kept between the upload and the mapping step.

Files get a random name under the upload folder (the client's filename is only shown, never
used as a path), belong to the user who uploaded them, and are deleted after the import or
after a day.
"""

import json
import logging
import re
import secrets
import shutil
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from consult.database import utcnow
from consult.households.reader import ReaderError, Table, open_table

log = logging.getLogger(__name__)

SUBFOLDER = "households"
MAX_AGE_SECONDS = 24 * 60 * 60
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")


@dataclass
class Upload:
    """A household file waiting for its column mapping."""

    token: str
    path: Path
    user_id: int
    corporation_id: int
    original_name: str
    uploaded_at: datetime

    def open(self) -> Table:
        """The file as a table (headers read, rows streamed on demand)."""
        return open_table(self.path)


def _folder(upload_root: str | Path) -> Path:
    folder = Path(upload_root) / SUBFOLDER
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save_upload(
    stream: BinaryIO, upload_root: str | Path, *, user_id: int, corporation_id: int, filename: str
) -> Upload:
    """Store an uploaded file under a random name after checking it is a readable table."""
    folder = _folder(upload_root)
    remove_old_uploads(upload_root)
    token = secrets.token_urlsafe(24)
    path = folder / f"{token}.upload"
    with path.open("wb") as target:
        shutil.copyfileobj(stream, target, 1024 * 1024)
    try:
        open_table(path)
    except ReaderError:
        path.unlink(missing_ok=True)
        raise
    upload = Upload(token, path, user_id, corporation_id, _display_name(filename), utcnow())
    meta = {
        "user_id": user_id,
        "corporation_id": corporation_id,
        "original_name": upload.original_name,
        "uploaded_at": upload.uploaded_at.isoformat(),
    }
    (folder / f"{token}.json").write_text(json.dumps(meta))
    log.info("household file uploaded (%d bytes)", path.stat().st_size)
    return upload


def _display_name(filename: str) -> str:
    name = Path((filename or "").replace("\\", "/")).name
    name = "".join(c for c in name if c.isprintable())
    return name[:120] or "-"


def load_upload(upload_root: str | Path, token: str, user_id: int) -> Upload | None:
    """The upload with this token if it exists, is the user's own and is less than a day old."""
    if not _TOKEN.match(token or ""):
        return None
    folder = Path(upload_root) / SUBFOLDER
    path, meta_path = folder / f"{token}.upload", folder / f"{token}.json"
    try:
        meta = json.loads(meta_path.read_text())
    except (OSError, ValueError):
        return None
    if meta.get("user_id") != user_id or not path.exists():
        return None
    if time.time() - path.stat().st_mtime > MAX_AGE_SECONDS:
        delete_upload_files(path)
        return None
    return Upload(
        token,
        path,
        meta["user_id"],
        meta["corporation_id"],
        meta.get("original_name", "-"),
        datetime.fromisoformat(meta["uploaded_at"]),
    )


def delete_upload_files(path: Path) -> None:
    """Remove an uploaded file and its description."""
    path.unlink(missing_ok=True)
    path.with_suffix(".json").unlink(missing_ok=True)


def remove_old_uploads(upload_root: str | Path) -> int:
    """Delete uploads older than a day (abandoned imports); returns how many."""
    folder = Path(upload_root) / SUBFOLDER
    if not folder.is_dir():
        return 0
    limit = time.time() - MAX_AGE_SECONDS
    removed = 0
    for path in folder.iterdir():
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
                removed += path.suffix == ".upload"
        except OSError:
            continue  # removed by another process meanwhile
    return removed
