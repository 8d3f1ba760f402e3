"""Cutting a part of a registered page (a question, a writing area) into a PNG image.

Pure: the page image is on the fixed grid of ``marks.PX_PER_MM`` (millimetres from the top
left of the form), so the layout's box places give the crop directly.
"""

import cv2
import numpy as np

from surveys.scans.marks import PX_PER_MM

CONTENT_LEFT_MM, CONTENT_RIGHT_MM = 12.0, 198.0  # the printed width of a question


def area(boxes: list[dict], *, whole_width: bool = True) -> tuple[float, float, float, float]:
    """The part of the page (x, y, w, h in mm) that shows these boxes and their labels."""
    top = min(b["y"] for b in boxes)
    bottom = max(b["y"] + b["h"] for b in boxes)
    if whole_width:
        return CONTENT_LEFT_MM, top - 7.0, CONTENT_RIGHT_MM - CONTENT_LEFT_MM, bottom - top + 9.0
    left = min(b["x"] for b in boxes)
    right = max(b["x"] + b["w"] for b in boxes)
    return left - 2.0, top - 2.0, right - left + 4.0, bottom - top + 4.0


def crop(page: np.ndarray, place: tuple[float, float, float, float]) -> np.ndarray:
    """The pixels of a place on the registered page (clipped to the page)."""
    x, y, w, h = (v * PX_PER_MM for v in place)
    height, width = page.shape[:2]
    x0, y0 = max(0, int(x)), max(0, int(y))
    x1, y1 = min(width, int(x + w)), min(height, int(y + h))
    return page[y0:y1, x0:x1]


def png(image: np.ndarray, *, marks: list[tuple[float, float, float, float]] = (), origin=None):
    """PNG bytes of a crop; ``marks`` (mm, page coordinates) are outlined to point them out."""
    out = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR) if image.ndim == 2 else image.copy()
    if marks and origin is not None:
        ox, oy = origin[0] * PX_PER_MM, origin[1] * PX_PER_MM
        for x, y, w, h in marks:
            p0 = (int(x * PX_PER_MM - ox) - 4, int(y * PX_PER_MM - oy) - 4)
            p1 = (int((x + w) * PX_PER_MM - ox) + 4, int((y + h) * PX_PER_MM - oy) + 4)
            cv2.rectangle(out, p0, p1, (0, 90, 230), 2)  # orange-red in BGR
    ok, data = cv2.imencode(".png", out, [cv2.IMWRITE_PNG_COMPRESSION, 6])
    if not ok:
        raise ValueError("the crop could not be encoded")
    return data.tobytes()


def question_png(page: np.ndarray, boxes: list[dict], doubtful: list[dict]) -> bytes:
    """A question's part of the page with its doubtful boxes outlined."""
    place = area(boxes, whole_width=all(b["kind"] in ("choice", "grid") for b in boxes))
    return png(crop(page, place), marks=[_place(b) for b in doubtful], origin=place[:2])


def _place(box: dict) -> tuple[float, float, float, float]:
    return box["x"], box["y"], box["w"], box["h"]
