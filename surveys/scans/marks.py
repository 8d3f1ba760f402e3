"""Measuring the boxes of a registered page: how much ink, and what that means.

The page is first drawn onto a fixed grid (``PX_PER_MM``) with its paper made white, so every
box is measured the same at any scan resolution. Each box is found again within a millimetre
of where the layout puts it (its printed outline is matched), then the ink inside its outline
gives ``fill`` from 0 to 1: pen ink counts fully, pencil partly.
"""

from dataclasses import dataclass, field

import cv2
import numpy as np

PX_PER_MM = 8.0
SEARCH_MM = 1.2  # a box is looked for this far around its place in the layout
INNER_MARGIN_MM = 0.75  # the outline and a little paper inside it are not counted
PAPER, INK = 235.0, 110.0  # grey levels read as no ink and as full ink

# Fill thresholds of a box (share of its inside covered with ink).
EMPTY_BELOW = 0.04
CHECKED_FROM = 0.10
CROSS_UP_TO = 0.80
BLACK_FROM = 0.90
RING_INK = 0.07  # ink around an empty box (above and below it) that looks like a circle
LABEL_FROM_MM, LABEL_REACH_MM = 2.0, 12.0  # where an answer's words start right of its box
DOT_MM = 1.6  # faint ink within this size is a stray dot, not a light mark
STRAIGHT_SHARE = 0.7  # share of a mark's ink on its two main strokes for a cross or tick


@dataclass
class BoxReading:
    """One box of the layout as read: its meaning, fill, state and confidence."""

    box: dict
    fill: float
    state: str  # checked, empty, uncertain
    confidence: float
    mark: str  # none, dot, cross (a tick too), blackened, faint, heavy, circled, writing
    reason: str = ""
    offset_mm: tuple[float, float] = (0.0, 0.0)
    crop: np.ndarray | None = field(default=None, repr=False)

    @property
    def writing(self) -> bool:
        """A box for written figures or words (no handwriting is read: a person types it)."""
        return self.box["kind"] in ("digits", "text")

    @property
    def settled(self) -> bool:
        """Whether no person need look at the box: not doubtful, and no writing to type over."""
        return self.state != "uncertain" and not (self.writing and self.state != "empty")

    def to_json(self) -> dict:
        """The box as in the JSON reading: its layout meaning, then what was read."""
        meaning = {k: v for k, v in self.box.items() if k not in ("x", "y", "w", "h", "page")}
        item = {
            **meaning,
            "fill": round(self.fill, 3),
            "state": self.state,
            "confidence": round(self.confidence, 3),
            "mark": self.mark,
        }
        if self.reason:
            item["reason"] = self.reason
        return item


def canonical(image: np.ndarray, matrix: np.ndarray, page_size) -> np.ndarray:
    """The page drawn onto the fixed grid, its paper made white (0 black to 255 white)."""
    scale = float(np.sqrt(abs(np.linalg.det(matrix[:, :2]))))
    if scale > PX_PER_MM * 1.4:
        # Sample down with area averaging first, so thin pen strokes are not skipped over.
        factor = PX_PER_MM * 1.1 / scale
        image = cv2.resize(image, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
        matrix = matrix * factor
    to_source = np.hstack([matrix[:, :2] / PX_PER_MM, matrix[:, 2:]])
    size = (int(page_size[0] * PX_PER_MM), int(page_size[1] * PX_PER_MM))
    page = cv2.warpAffine(
        image,
        to_source,
        size,
        flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=255,
    )
    return _whiten(page)


def _whiten(page: np.ndarray) -> np.ndarray:
    """Divide by the paper's own brightness (a blurred maximum), so shadows become white."""
    small = cv2.resize(page, None, fx=0.125, fy=0.125, interpolation=cv2.INTER_AREA)
    background = cv2.dilate(small, np.ones((7, 7), np.uint8))
    background = cv2.GaussianBlur(background, (0, 0), 3)
    background = cv2.resize(background, (page.shape[1], page.shape[0]))
    return cv2.divide(page, np.maximum(background, 60), scale=255)


def ink(region: np.ndarray) -> np.ndarray:
    """Ink per pixel from 0 (paper) to 1 (pen)."""
    return np.clip((PAPER - region.astype(np.float32)) / (PAPER - INK), 0.0, 1.0)


def _px(value: float) -> int:
    return int(round(value * PX_PER_MM))


def locate(page: np.ndarray, box: dict) -> tuple[int, int, int, int, tuple[float, float]]:
    """The box's pixel rectangle, moved onto its printed outline when that is found nearby."""
    x, y, w, h = _px(box["x"]), _px(box["y"]), _px(box["w"]), _px(box["h"])
    pad = _px(SEARCH_MM)
    y0, x0 = max(0, y - pad), max(0, x - pad)
    window = page[y0 : y + h + pad + 1, x0 : x + w + pad + 1]
    if window.shape[0] <= h or window.shape[1] <= w:
        return x, y, w, h, (0.0, 0.0)
    line = max(2, _px(0.35))
    template = np.zeros((h + 1, w + 1), np.float32)
    cv2.rectangle(template, (0, 0), (w, h), 1.0, line)
    score = cv2.matchTemplate(ink(window), template, cv2.TM_CCORR)
    _min, best, _loc, (bx, by) = cv2.minMaxLoc(score)
    cy, cx = y - y0, x - x0
    centre = score[cy, cx] if cy < score.shape[0] and cx < score.shape[1] else 0.0
    if best <= centre * 1.02:
        return x, y, w, h, (0.0, 0.0)
    nx, ny = x0 + bx, y0 + by
    return nx, ny, w, h, ((nx - x) / PX_PER_MM, (ny - y) / PX_PER_MM)


def measure_box(page: np.ndarray, box: dict) -> BoxReading:
    """Fill and first judgement of one box that takes a cross (a choice or a grid cell)."""
    x, y, w, h, offset = locate(page, box)
    margin = _px(INNER_MARGIN_MM)
    inside = ink(page[y + margin : y + h - margin, x + margin : x + w - margin])
    fill = float(inside.mean()) if inside.size else 0.0
    state, confidence, mark = judge(fill)
    reason = ""
    if mark == "none" and _ring(page, x, y, w, h) > RING_INK:
        state, confidence, mark, reason = "uncertain", 0.5, "circled", "circled"
    elif mark == "none" and box["kind"] == "choice" and _label_ring(page, x, y, w, h) > RING_INK:
        # The answer's words circled instead of the box crossed: a person decides.
        state, confidence, mark, reason = "uncertain", 0.5, "circled", "circled_label"
    elif mark == "faint" and _extent_mm(inside > 0.35) < DOT_MM:
        # A small blot of ink (the pen put down while reading): no answer.
        state, confidence, mark = "empty", 0.7, "dot"
    elif mark == "cross" and stroke_shape(inside > 0.35) == "other":
        # A figure written in the box (a 7 for the seventh box), not a cross: a person decides.
        state, confidence, mark, reason = "uncertain", 0.5, "writing", "written_not_crossed"
    return BoxReading(box, fill, state, confidence, mark, reason, offset)


def judge(fill: float) -> tuple[str, float, str]:
    """State, confidence and kind of mark for a box's fill."""
    if fill < EMPTY_BELOW:
        return "empty", _confidence(EMPTY_BELOW - fill, EMPTY_BELOW), "none"
    if fill < CHECKED_FROM:
        return "uncertain", 0.5, "faint"
    if fill <= CROSS_UP_TO:
        near = min(fill - CHECKED_FROM, CROSS_UP_TO - fill)
        return "checked", _confidence(near, 0.1), "cross"
    if fill < BLACK_FROM:
        return "uncertain", 0.5, "heavy"
    return "empty", _confidence(fill - BLACK_FROM, 0.1), "blackened"


def _strokes(mask: np.ndarray) -> tuple[list[np.ndarray], float]:
    """The two longest straight strokes of different direction, and the share of ink on them."""
    side = min(mask.shape)
    found = cv2.HoughLinesP(
        mask.astype(np.uint8) * 255,
        1,
        np.pi / 90,
        int(side * 0.3),
        minLineLength=int(side * 0.3),
        maxLineGap=4,
    )
    if found is None:
        return [], 0.0
    lines = sorted(found.reshape(-1, 4).astype(float), key=lambda s: -np.hypot(*(s[2:] - s[:2])))
    kept: list[tuple[float, np.ndarray]] = []
    for line in lines:
        angle = float(np.arctan2(line[3] - line[1], line[2] - line[0]) % np.pi)
        if all(min(abs(angle - a), np.pi - abs(angle - a)) > np.radians(30) for a, _l in kept):
            kept.append((angle, line))
        if len(kept) == 2:
            break
    drawn = np.zeros(mask.shape, np.uint8)
    for _angle, line in kept:
        cv2.line(drawn, tuple(int(v) for v in line[:2]), tuple(int(v) for v in line[2:]), 1, 7)
    share = float((mask & (drawn > 0)).sum() / max(1, int(mask.sum())))
    return [line for _angle, line in kept], share


def _direction(line: np.ndarray) -> str:
    angle = np.degrees(np.arctan2(line[3] - line[1], line[2] - line[0])) % 180
    return "fall" if 20 <= angle <= 70 else "rise" if 110 <= angle <= 160 else "straight"


def _meeting(one: np.ndarray, two: np.ndarray) -> tuple[float, float, np.ndarray] | None:
    """Where two strokes (extended) meet: the share along each, and the point."""
    r, s = one[2:] - one[:2], two[2:] - two[:2]
    denominator = r[0] * s[1] - r[1] * s[0]
    if abs(denominator) < 1e-6:
        return None
    d = two[:2] - one[:2]
    t = (d[0] * s[1] - d[1] * s[0]) / denominator
    u = (d[0] * r[1] - d[1] * r[0]) / denominator
    return t, u, one[:2] + t * r


def stroke_shape(mask: np.ndarray) -> str:
    """What the ink in a box looks like: cross, tick or other (a figure, a scribble).

    A cross is two diagonal strokes, one falling and one rising, that cross inside both; a tick
    is a stroke rising to the right from a low point where a shorter one ends. Curved ink (a 2,
    3, 6, 8 or 0) leaves much ink off two straight strokes; a 1, 4 or 7 has straight strokes
    that neither cross as an X nor meet low as a tick.
    """
    strokes, share = _strokes(mask)
    if len(strokes) < 2 or share < STRAIGHT_SHARE:
        return "other"
    meeting = _meeting(*strokes)
    if meeting is None:
        return "other"
    t, u, point = meeting
    directions = {_direction(strokes[0]), _direction(strokes[1])}
    if 0.1 <= t <= 0.9 and 0.1 <= u <= 0.9 and directions == {"fall", "rise"}:
        return "cross"
    if "rise" in directions and _tick(mask, strokes, point):
        return "tick"
    return "other"


def _tick(mask: np.ndarray, strokes: list[np.ndarray], point: np.ndarray) -> bool:
    """Whether two strokes meet low in the ink, the shorter one on the lower left (a tick).

    A 7 or a 1 also has a stroke rising to the right, but its second stroke is at the top.
    """
    ys, xs = np.nonzero(mask)
    top, height = ys.min(), max(1, int(np.ptp(ys)))
    rising = next((s for s in strokes if _direction(s) == "rise"), strokes[0])
    other = strokes[1] if rising is strokes[0] else strokes[0]
    other_middle = (other[1] + other[3]) / 2
    return point[1] >= top + 0.55 * height and other_middle >= top + 0.45 * height


def _confidence(distance: float, span: float) -> float:
    """From 0.6 at a threshold to 1.0 at ``span`` beyond it."""
    return float(min(1.0, 0.6 + 0.4 * max(0.0, distance) / span))


def _ring(page: np.ndarray, x: int, y: int, w: int, h: int) -> float:
    """Ink just above and just below a box (the smaller of the two): a drawn circle."""
    gap, band, edge = _px(0.5), _px(1.5), _px(0.5)
    left, right = max(0, x - w // 2), x + w + w // 2
    found = []
    for top in (max(0, y - gap - band), y + h + gap):
        strip = ink(page[top : top + band, left:right])
        if not strip.size:
            return 0.0
        # Printed rules (a grid's row lines) run straight across, and so does the edge of the
        # box above or below across this box's width: leave those rows out. A drawn circle
        # curves away within a millimetre of its top and keeps its rows.
        dark = strip > 0.15
        lines = np.convolve(dark.mean(axis=1) > 0.8, np.ones(3), "same") > 0
        lines |= dark[:, max(0, x - left - edge) : x - left + w + edge].mean(axis=1) > 0.9
        strip[lines, :] = 0.0
        found.append(float(strip[:, x - left : x - left + w].mean()))
    return min(found)


def _extent_mm(mask: np.ndarray) -> float:
    """The larger side of the rectangle round the ink, in mm (0 without ink)."""
    ys, xs = np.nonzero(mask)
    if not len(xs):
        return 0.0
    return float(max(np.ptp(xs), np.ptp(ys)) + 1) / PX_PER_MM


def _label_ring(page: np.ndarray, x: int, y: int, w: int, h: int) -> float:
    """Ink just above and just below the words right of a box (the smaller): a drawn circle."""
    gap, band = _px(0.5), _px(1.4)
    left, right = x + w + _px(LABEL_FROM_MM), x + w + _px(LABEL_FROM_MM + LABEL_REACH_MM)
    found = []
    for top in (max(0, y - gap - band), y + h + gap):
        strip = ink(page[top : top + band, left:right])
        if not strip.size:
            return 0.0
        lines = (strip > 0.15).mean(axis=1) > 0.8
        strip[np.convolve(lines, np.ones(3), "same") > 0, :] = 0.0
        found.append(float(strip.mean()))
    return min(found)


def measure_area(page: np.ndarray, box: dict) -> BoxReading:
    """Digit boxes and open-answer areas: whether something is written, and its crop."""
    x, y, w, h, offset = locate(page, box)
    margin = _px(0.8)
    area = ink(page[y + margin : y + h - margin, x + margin : x + w - margin])
    if area.size:
        # Printed lines inside the area (writing lines, digit separators) are not writing.
        area = _without_printed_lines(area, box)
    fill = float(area.mean()) if area.size else 0.0
    if fill < 0.008:
        state, confidence, mark = "empty", 0.9, "none"
    elif fill < 0.02:
        state, confidence, mark = "uncertain", 0.5, "faint"
    else:
        state, confidence, mark = "checked", 0.9, "writing"
    pad = _px(1.5)
    crop = page[max(0, y - pad) : y + h + pad, max(0, x - pad) : x + w + pad].copy()
    return BoxReading(box, fill, state, confidence, mark, "", offset, crop)


def _without_printed_lines(area: np.ndarray, box: dict) -> np.ndarray:
    """The area with printed straight lines blanked (writing lines, cell separators)."""
    dark = (area > 0.3).astype(np.uint8)
    width = area.shape[1]
    if box.get("kind") == "text":
        rows = dark.mean(axis=1) > 0.6
        area = area.copy()
        area[np.convolve(rows, np.ones(5), "same") > 0, :] = 0.0
        return area
    cells = int(box.get("cells") or 1)
    if cells > 1:
        area = area.copy()
        cell = box["w"] * PX_PER_MM / cells
        for i in range(1, cells):
            c = int(round(i * cell)) - _px(0.8)
            area[:, max(0, c - 3) : min(width, c + 4)] = 0.0
    return area
