"""Scanning a synthetic page the way office machines do: the degradations of a real stack.

``scan`` turns, skews, scales and shifts the sheet, then adds what the machine does to it:
blur, noise, uneven light, a grey or binarised photocopy, JPEG compression, a corner folded
away or under a staple. Three qualities: ``office`` (a decent multifunction printer),
``photocopy`` (a copy of a copy, black and white) and ``rough`` (everything at once).
"""

from dataclasses import dataclass

import cv2
import numpy as np

CORNERS = ("top_left", "top_right", "bottom_left", "bottom_right")


@dataclass(frozen=True)
class Quality:
    """How hard a scan quality hits a page."""

    rotation: float  # degrees, either way
    skew: float  # degrees of shear
    scale: tuple[float, float]
    shift_mm: float
    upside_down: float  # chance
    blur: tuple[float, float]  # sigma in pixels
    noise: tuple[float, float]  # sigma in grey levels
    light: float  # largest darkening across the page
    binarise: float  # chance of a black-and-white copy
    jpeg: tuple[int, int] | None  # quality range, or None
    hidden_corner: float  # chance
    grey_paper: tuple[int, int]  # paper grey level range


QUALITY = {
    "office": Quality(1.5, 0.3, (0.97, 1.0), 2.0, 0.1, (0.0, 0.6), (1.0, 3.0), 0.08, 0.0,
                      (80, 95), 0.0, (235, 252)),
    "photocopy": Quality(3.0, 0.6, (0.94, 1.0), 3.0, 0.2, (0.3, 0.9), (2.0, 5.0), 0.15, 0.7,
                         None, 0.05, (215, 245)),
    "rough": Quality(4.0, 1.0, (0.9, 1.0), 3.0, 0.3, (0.6, 1.3), (4.0, 9.0), 0.35, 0.3,
                     (45, 75), 0.25, (190, 235)),
}  # fmt: skip


def scan(image: np.ndarray, rng: np.random.Generator, quality: str, dpi: int = 200):
    """A degraded copy of a page image; also whether it is upside down and a corner hidden."""
    q = QUALITY[quality]
    k = dpi / 25.4
    height, width = image.shape
    hidden = None
    page = image.copy()
    if rng.random() < q.hidden_corner:
        hidden = CORNERS[int(rng.integers(0, 4))]
        _hide_corner(page, hidden, k, rng)
    page = _paper(page, rng, q)
    # The scanner sees a little more than the sheet: its lid or backing shows at the edges.
    border = int(rng.uniform(2.0, 6.0) * k)
    backing = int(rng.choice([int(rng.integers(30, 90)), int(rng.integers(200, 250))]))
    page = cv2.copyMakeBorder(
        page, border, border, border, border, cv2.BORDER_CONSTANT, value=backing
    )
    height, width = page.shape
    angle = rng.uniform(-q.rotation, q.rotation)
    scale = rng.uniform(*q.scale)
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, scale)
    shear = np.tan(np.radians(rng.uniform(-q.skew, q.skew)))
    matrix[0, 1] += shear * scale
    matrix[:, 2] += rng.uniform(-q.shift_mm, q.shift_mm, 2) * k
    page = cv2.warpAffine(
        page, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=backing
    )
    upside_down = bool(rng.random() < q.upside_down)
    if upside_down:
        page = np.ascontiguousarray(page[::-1, ::-1])
    copy = rng.random() < q.binarise
    # A copier lights the sheet evenly; a lid left open or a curled sheet does not.
    page = _light(page, rng, q.light * (0.3 if copy else 1.0))
    sigma = rng.uniform(*q.blur)
    if sigma > 0.2:
        page = cv2.GaussianBlur(page, (0, 0), sigma)
    noise = rng.normal(0, rng.uniform(*q.noise), page.shape)
    page = np.clip(page.astype(np.float32) + noise, 0, 255).astype(np.uint8)
    if copy:
        page = _photocopy(page, rng)
    elif q.jpeg:
        ok, data = cv2.imencode(
            ".jpg", page, [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(*q.jpeg))]
        )
        page = cv2.imdecode(data, cv2.IMREAD_GRAYSCALE)
    return page, upside_down, hidden


def _paper(page: np.ndarray, rng, q: Quality) -> np.ndarray:
    """The paper's own grey (white paper reads a little grey)."""
    level = rng.integers(*q.grey_paper)
    return (page.astype(np.float32) * (level / 255.0)).astype(np.uint8)


def _light(page: np.ndarray, rng, strength: float) -> np.ndarray:
    """Light falling off across the page from one side (a lid not closed, a curled sheet)."""
    if strength <= 0:
        return page
    height, width = page.shape
    angle = rng.uniform(0, 2 * np.pi)
    ys, xs = np.mgrid[0:height:8, 0:width:8].astype(np.float32)
    ramp = (xs / width) * np.cos(angle) + (ys / height) * np.sin(angle)
    ramp = (ramp - ramp.min()) / max(1e-6, float(np.ptp(ramp)))
    gain = 1.0 - strength * rng.uniform(0.5, 1.0) * ramp
    gain = cv2.resize(gain, (width, height))
    return np.clip(page * gain, 0, 255).astype(np.uint8)


def binarised(page: np.ndarray, rng) -> np.ndarray:
    """A page as a black-and-white copier or a 1-bit scan setting makes it."""
    return _photocopy(page, rng)


def _photocopy(page: np.ndarray, rng) -> np.ndarray:
    """Black and white as a copier makes it, with a few specks of toner."""
    paper = float(np.percentile(page[::8, ::8], 90))
    threshold = paper * rng.uniform(0.6, 0.75)
    bw = np.where(page < threshold, 0, 255).astype(np.uint8)
    specks = rng.random(page.shape) < 0.0004
    bw[specks] = 0
    return bw


def _hide_corner(page: np.ndarray, corner: str, k: float, rng) -> None:
    """A corner folded back (paper white) or under a staple's strip of paper."""
    height, width = page.shape
    size = int(rng.uniform(26, 34) * k)
    x = 0 if "left" in corner else width
    y = 0 if "top" in corner else height
    dx = size if "left" in corner else -size
    dy = size if "top" in corner else -size
    triangle = np.array([[x, y], [x + dx, y], [x, y + dy]], np.int32)
    cv2.fillPoly(page, [triangle], int(rng.integers(200, 255)))
