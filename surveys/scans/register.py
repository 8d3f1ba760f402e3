"""Finding a form page in a scan: the corner marks and the transformation from page mm to
image pixels.

The four filled squares in the corners are found as dark, square blobs of the expected size
near the corners of the image; three of them fix an affine transformation, the fourth checks
it. The marks alone look the same upside down, so the QR code's corner (top right on paper)
decides between 0° and 180°; a landscape image is turned a quarter first. Lighting is evened
out by dividing by a blurred background, so a shadow along a fold or a grey photocopy is read
like white paper.
"""

import itertools
from dataclasses import dataclass

import cv2
import numpy as np

WORK_PX_PER_MM = 3.0  # resolution at which the marks are searched (76 dpi)
CORNER_ZONE = 0.3  # marks are searched within this share of the width and height
MAX_RESIDUAL_MM = 1.2  # the fourth mark must lie this close to where three others put it


@dataclass
class Registration:
    """How a page in mm maps onto the (possibly turned) image in pixels."""

    matrix: np.ndarray  # 2×3 affine: image = matrix @ [x_mm, y_mm, 1]
    quarter_turns: int  # the image was turned this many quarters anticlockwise first
    marks_found: list[str]
    residual_mm: float

    @property
    def scale(self) -> float:
        """Pixels per mm (mean of both axes)."""
        return float(np.sqrt(abs(np.linalg.det(self.matrix[:, :2]))))

    @property
    def rotation(self) -> float:
        """Rotation in degrees of the page's x axis in the image (after the quarter turns)."""
        return float(np.degrees(np.arctan2(self.matrix[1, 0], self.matrix[0, 0])))

    def describe(self) -> dict:
        """The transformation as written to the JSON reading."""
        return {
            "matrix": [[round(float(v), 4) + 0.0 for v in row] for row in self.matrix],
            "quarter_turns": self.quarter_turns,
            "rotation": round(self.rotation + 90 * self.quarter_turns, 2) % 360,
            "skew": round(self._skew(), 2) + 0.0,
            "scale": round(self.scale * 25.4, 1),  # as dots per inch
            "marks_found": self.marks_found,
            "residual_mm": round(self.residual_mm, 2),
        }

    def _skew(self) -> float:
        a, b = self.matrix[:, 0], self.matrix[:, 1]
        cos = float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))
        return float(np.degrees(np.arcsin(np.clip(cos, -1, 1))))


def evened(image: np.ndarray, px_per_mm: float) -> np.ndarray:
    """The image with its paper made white: divided by a blurred estimate of the background."""
    size = max(3, int(px_per_mm * 8) | 1)
    small = cv2.resize(image, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, size // 4), max(3, size // 4)))
    background = cv2.dilate(small, kernel)
    background = cv2.resize(background, (image.shape[1], image.shape[0]))
    background = cv2.blur(background, (size, size))
    background = np.maximum(background, 40)
    return cv2.divide(image, background, scale=255)


def find_marks(image: np.ndarray, geometry: dict) -> Registration | None:
    """The transformation of a page whose corner marks are found, or None.

    ``geometry`` is a layout file (or the part of it with ``page_size``,
    ``registration_marks`` and ``qr``).
    """
    turns = 1 if image.shape[1] > image.shape[0] * 1.15 else 0
    found = _register_upright(np.rot90(image, turns) if turns else image, geometry)
    if found is None:
        return None
    matrix, names, residual = found
    return Registration(matrix, turns, names, residual)


def turned(image: np.ndarray, registration: Registration) -> np.ndarray:
    """The image as the registration measured it (quarter turns applied)."""
    return np.rot90(image, registration.quarter_turns) if registration.quarter_turns else image


def _register_upright(image, geometry):
    marks, page = geometry["registration_marks"], np.array(geometry["page_size"], float)
    factor = WORK_PX_PER_MM * page[0] / image.shape[1]
    small = cv2.resize(image, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    fit = _best_fit(_candidates(small, marks), marks)
    if fit is None:
        return None
    matrix, names, residual = fit
    matrix = _refine(image, matrix / factor, marks, names)
    if _upside_down(small, matrix * factor, geometry["qr"], page):
        matrix = _flip(matrix, page)
        names = [_OPPOSITE[n] for n in names]
    return matrix, sorted(names), residual


_OPPOSITE = {
    "top_left": "bottom_right",
    "bottom_right": "top_left",
    "top_right": "bottom_left",
    "bottom_left": "top_right",
}


def _centres(marks) -> dict[str, np.ndarray]:
    return {m["corner"]: np.array([m["x"] + m["w"] / 2, m["y"] + m["h"] / 2]) for m in marks}


def _candidates(small: np.ndarray, marks) -> dict[str, list[tuple[np.ndarray, float]]]:
    """Square dark blobs near each image corner: corner → [(centre, badness)], best first."""
    even = evened(small, WORK_PX_PER_MM)
    _t, dark = cv2.threshold(even, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    dark = cv2.bitwise_and(dark, (even < 150).astype(np.uint8) * 255)
    side = marks[0]["w"] * WORK_PX_PER_MM
    count, _labels, stats, centroids = cv2.connectedComponentsWithStats(dark, connectivity=8)
    height, width = small.shape
    found: dict[str, list] = {m["corner"]: [] for m in marks}
    for index in range(1, count):
        x, y, w, h, area = stats[index]
        size = np.sqrt(area)
        if not (0.6 * side <= size <= 1.4 * side) or max(w, h) > 1.6 * side:
            continue
        solidity = area / float(w * h)
        if solidity < 0.72 or not (0.7 <= w / h <= 1.43):
            continue
        cx, cy = centroids[index]
        horizontal = _side(cx / width, "left", "right")
        vertical = _side(cy / height, "top", "bottom")
        if not horizontal or not vertical:
            continue
        badness = abs(size / side - 1) + (1 - solidity)
        found[f"{vertical}_{horizontal}"].append((np.array([cx, cy]), badness))
    for corner in found:
        found[corner] = sorted(found[corner], key=lambda item: item[1])[:3]
    return found


def _side(share: float, low: str, high: str) -> str | None:
    if share < CORNER_ZONE:
        return low
    return high if share > 1 - CORNER_ZONE else None


def _affine(model: np.ndarray, image: np.ndarray) -> np.ndarray:
    """Least-squares affine 2×3 matrix from model points (mm) to image points."""
    ones = np.hstack([model, np.ones((len(model), 1))])
    solution, *_ = np.linalg.lstsq(ones, image, rcond=None)
    return solution.T


def _plausible(matrix: np.ndarray) -> bool:
    a, b = matrix[:, 0], matrix[:, 1]
    na, nb = np.linalg.norm(a), np.linalg.norm(b)
    if na == 0 or nb == 0 or np.linalg.det(matrix[:, :2]) <= 0:
        return False
    return 0.93 < na / nb < 1.07 and abs(a @ b) / (na * nb) < 0.06


def _best_fit(candidates, marks):
    centres = _centres(marks)
    corners = list(centres)
    options = [[None, *candidates[c]] for c in corners]
    best = None
    for combo in itertools.product(*options):
        chosen = [(c, item[0]) for c, item in zip(corners, combo, strict=True) if item is not None]
        if len(chosen) < 3:
            continue
        model = np.array([centres[c] for c, _p in chosen])
        points = np.array([p for _c, p in chosen])
        matrix = _affine(model, points)
        if not _plausible(matrix):
            continue
        scale = np.sqrt(np.linalg.det(matrix[:, :2]))
        residual = float(np.abs(model @ matrix[:, :2].T + matrix[:, 2] - points).max() / scale)
        if residual > MAX_RESIDUAL_MM:
            continue
        badness = sum(item[1] for item in combo if item is not None)
        key = (-len(chosen), residual + badness * 0.5)
        if best is None or key < best[0]:
            best = (key, matrix, [c for c, _p in chosen], residual)
    if best is None:
        return None
    return best[1], best[2], best[3]


def _refine(image: np.ndarray, matrix: np.ndarray, marks, names) -> np.ndarray:
    """The transformation fitted again on the marks' centres measured at full resolution."""
    centres = _centres(marks)
    scale = np.sqrt(abs(np.linalg.det(matrix[:, :2])))
    side = marks[0]["w"] * scale
    model, points = [], []
    for name in names:
        cx, cy = matrix @ np.array([*centres[name], 1.0])
        half = int(side * 1.1)
        x0, y0 = max(0, int(cx) - half), max(0, int(cy) - half)
        window = image[y0 : int(cy) + half, x0 : int(cx) + half]
        if window.size == 0:
            continue
        level = (int(window.min()) + int(np.percentile(window, 95))) / 2
        dark = (window < level).astype(np.uint8)
        count, labels, stats, cents = cv2.connectedComponentsWithStats(dark)
        if count < 2:
            continue
        biggest = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
        model.append(centres[name])
        points.append([cents[biggest][0] + x0, cents[biggest][1] + y0])
    if len(points) < 3:
        return matrix
    refined = _affine(np.array(model), np.array(points))
    return refined if _plausible(refined) else matrix


def _upside_down(small: np.ndarray, matrix: np.ndarray, qr: dict, page) -> bool:
    """Whether the QR code's square holds less ink than the square opposite it."""
    upright = _ink(small, matrix, qr, None)
    return _ink(small, matrix, qr, page) > upright


def _ink(small, matrix, qr, flipped_in) -> float:
    x, y, w, h = qr["x"], qr["y"], qr["w"], qr["h"]
    corners = np.array([[x, y], [x + w, y + h]])
    if flipped_in is not None:
        corners = flipped_in - corners
    points = corners @ matrix[:, :2].T + matrix[:, 2]
    x0, y0 = np.clip(points.min(axis=0).astype(int), 0, None)
    x1, y1 = points.max(axis=0).astype(int)
    window = small[y0:y1, x0:x1]
    return float((window < 128).mean()) if window.size else 0.0


def _flip(matrix: np.ndarray, page) -> np.ndarray:
    """The same marks read the other way up: page point p is found where 'size - p' was."""
    flip = np.array([[-1.0, 0.0, page[0]], [0.0, -1.0, page[1]], [0.0, 0.0, 1.0]])
    return matrix @ flip
