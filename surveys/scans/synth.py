"""Synthetic scans of our own forms, filled in and degraded, with the truth of every box.

A printed form page (rendered from the form's PDF) gets marks as tenants make them: crosses
(sometimes over the box edge), ticks, light pencil, a box coloured in as a correction, two
crosses where one was asked, circles round a box, stray dots, digits and handwriting. Then it
is "scanned": turned, skewed, scaled, shifted, blurred, noised, unevenly lit, binarised like a
photocopy, JPEG-compressed, turned upside down, a corner folded away. The truth tells for
each box which readings are right: a reading outside that set is an error, and "uncertain"
is right only where the truth allows it (otherwise it is a page sent to review needlessly).
"""

import io
from dataclasses import dataclass, field

import cv2
import numpy as np
from PIL import Image

from surveys.scans.images import read_pages

DPI = 200
QUALITIES = ("office", "photocopy", "rough")


@dataclass
class Truth:
    """What a box holds and which readings of it are right."""

    accept: tuple[str, ...]
    mark: str = "none"


@dataclass
class SynthPage:
    """A synthetic scan of one form page and the truth of its boxes (in layout order)."""

    image: np.ndarray
    page: int
    quality: str
    truth: list[Truth] = field(default_factory=list)
    upside_down: bool = False
    hidden_corner: bool = False


def form_pages(pdf: bytes, dpi: int = DPI) -> list[np.ndarray]:
    """The pages of a printed form as greyscale images."""
    return [p.image for p in read_pages(pdf, "form.pdf", dpi) if p.ok]


def g4_tiff(pages: list[np.ndarray], dpi: int = DPI) -> bytes:
    """Pages as one multi-page 1-bit TIFF with CCITT group 4 compression (a copier's file)."""
    frames = [Image.fromarray(np.where(page < 128, 0, 255).astype(np.uint8)) for page in pages]
    frames = [frame.convert("1") for frame in frames]
    buffer = io.BytesIO()
    frames[0].save(
        buffer,
        "TIFF",
        compression="group4",
        save_all=True,
        append_images=frames[1:],
        dpi=(dpi, dpi),
    )
    return buffer.getvalue()


class Pen:
    """Draws strokes on a page image in millimetres."""

    def __init__(self, image: np.ndarray, rng: np.random.Generator, dpi: int, shade=None):
        self.image, self.rng, self.k = image, rng, dpi / 25.4
        self.shade = shade if shade is not None else int(rng.integers(25, 95))
        self.width = float(rng.uniform(0.35, 0.7))

    def _pt(self, x: float, y: float) -> tuple[int, int]:
        return int(round(x * self.k * 16)), int(round(y * self.k * 16))

    def stroke(self, points: list[tuple[float, float]], wobble: float = 0.15) -> None:
        """A hand-drawn line through points (mm), with a little wobble."""
        dense = []
        for (x1, y1), (x2, y2) in zip(points, points[1:], strict=False):
            for t in np.linspace(0, 1, 6):
                dense.append((x1 + (x2 - x1) * t, y1 + (y2 - y1) * t))
        jitter = self.rng.normal(0, wobble, (len(dense), 2))
        pts = np.array(
            [self._pt(x + dx, y + dy) for (x, y), (dx, dy) in zip(dense, jitter, strict=True)]
        )
        thickness = max(1, int(round(self.width * self.k)))
        cv2.polylines(self.image, [pts], False, self.shade, thickness, cv2.LINE_AA, shift=4)

    def fill(self, x: float, y: float, w: float, h: float) -> None:
        """Colour a box in completely (a correction), a little beyond its edges."""
        over = self.rng.uniform(0.0, 0.5)
        x0, y0 = self._pt(x - over, y - over)
        x1, y1 = self._pt(x + w + over, y + h + over)
        corners = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]])
        cv2.fillPoly(self.image, [corners], self.shade, cv2.LINE_AA, shift=4)

    def dot(self, x: float, y: float, r: float) -> None:
        """A small dot."""
        cv2.circle(self.image, self._pt(x, y), int(r * self.k * 16), self.shade, -1, cv2.LINE_AA, 4)

    def ellipse(self, x: float, y: float, rx: float, ry: float) -> None:
        """A circle drawn round something."""
        centre, axes = self._pt(x, y), self._pt(rx, ry)
        start = float(self.rng.uniform(0, 360))
        thickness = max(1, int(round(self.width * self.k)))
        cv2.ellipse(
            self.image, centre, axes, 0, start, start + 345, self.shade, thickness, cv2.LINE_AA, 4
        )

    def text(self, x: float, y: float, text: str, height: float) -> None:
        """Handwritten-looking digits or letters with their baseline at y (mm)."""
        scale = height * self.k / 22.0
        thickness = max(1, int(round(self.width * self.k * 0.8)))
        org = (int(x * self.k), int(y * self.k))
        font = cv2.FONT_HERSHEY_SCRIPT_SIMPLEX
        cv2.putText(self.image, text, org, font, scale, self.shade, thickness, cv2.LINE_AA)


def cross(pen: Pen, box: dict, over_edge: bool = False) -> None:
    """Two strokes corner to corner, somewhat off true, sometimes past the box's edge."""
    x, y, w, h = box["x"], box["y"], box["w"], box["h"]
    r = pen.rng.uniform
    reach = 0.15 if not over_edge else -0.25
    a = (x + w * r(reach - 0.05, reach + 0.1), y + h * r(reach - 0.05, reach + 0.1))
    b = (x + w * r(0.85 - reach, 1.05 - reach), y + h * r(0.85 - reach, 1.05 - reach))
    c = (x + w * r(0.85 - reach, 1.05 - reach), y + h * r(reach - 0.05, reach + 0.1))
    d = (x + w * r(reach - 0.05, reach + 0.1), y + h * r(0.85 - reach, 1.05 - reach))
    pen.stroke([a, b])
    pen.stroke([c, d])


def tick(pen: Pen, box: dict) -> None:
    """A tick: a short stroke down, a long one up to the right."""
    x, y, w, h = box["x"], box["y"], box["w"], box["h"]
    r = pen.rng.uniform
    pen.stroke(
        [
            (x + w * r(0.1, 0.25), y + h * r(0.45, 0.6)),
            (x + w * r(0.35, 0.5), y + h * r(0.8, 0.92)),
            (x + w * r(0.85, 1.1), y + h * r(0.0, 0.2)),
        ]
    )


QUALITY_MARKS = {
    # share of: tick, pencil, over the edge, correction, two crosses, circle (half round the
    # box, half round the answer's words), dot, digit
    "office": (0.08, 0.02, 0.05, 0.04, 0.01, 0.005, 0.01, 0.003),
    "photocopy": (0.08, 0.03, 0.06, 0.05, 0.01, 0.01, 0.02, 0.005),
    "rough": (0.1, 0.05, 0.1, 0.06, 0.02, 0.01, 0.03, 0.01),
}


def fill_in(image: np.ndarray, layout: dict, number: int, rng, quality="office", dpi=DPI):
    """Mark one page of a form as a tenant might; the truth of every box of the page."""
    boxes = layout["pages"][number - 1]["boxes"]
    questions = {q["key"]: q for q in layout.get("questions", [])}
    truth = [Truth(("empty",)) for _ in boxes]
    shares = QUALITY_MARKS[quality]
    groups: dict = {}
    for index, box in enumerate(boxes):
        if box["kind"] in ("choice", "grid"):
            q = questions.get(box["question"], {})
            if box["kind"] == "grid" and q.get("one_per") == "column":
                group = (box["question"], "rank", box.get("rank"))
            elif box["kind"] == "grid":
                group = (box["question"], box.get("statement"))
            else:
                group = (box["question"], "choice")
            groups.setdefault(group, []).append(index)
        else:
            _write(image, box, truth[index], rng, dpi)
    taken_ranks: set = set()
    for group, members in groups.items():
        q = questions.get(group[0], {})
        if rng.random() < 0.08:
            continue  # not answered
        multiple = group[1] == "choice" and q.get("multiple")
        count = 1
        if multiple:
            limit = q.get("max_selections") or len(members)
            count = int(rng.integers(1, min(limit, len(members), 3) + 1))
        pool = [i for i in members if (group[0], boxes[i].get("option")) not in taken_ranks]
        if group[1] == "rank":
            members = pool or members
        chosen = list(rng.choice(members, size=min(count, len(members)), replace=False))
        marked = _mark_group(image, boxes, members, chosen, truth, rng, shares, multiple, dpi)
        for i in marked:
            taken_ranks.add((group[0], boxes[i].get("option")))
    _stray(image, boxes, truth, rng, shares, dpi)
    return truth


def _mark_group(image, boxes, members, chosen, truth, rng, shares, multiple, dpi):
    p_tick, p_pencil, p_edge, p_correct, p_two, p_circle, _dot, p_digit = shares
    others = [i for i in members if i not in chosen]
    pen = Pen(image, rng, dpi)
    if not multiple and others and rng.random() < p_two:
        chosen = chosen + [int(rng.choice(others))]
        others = [i for i in others if i not in chosen]
        for i in chosen:
            cross(pen, boxes[i])
            truth[i] = Truth(("uncertain",), "two_crosses")
        return chosen
    if others and rng.random() < p_correct:
        wrong = int(rng.choice(others))
        cross(pen, boxes[wrong])
        pen.fill(boxes[wrong]["x"], boxes[wrong]["y"], boxes[wrong]["w"], boxes[wrong]["h"])
        truth[wrong] = Truth(("empty", "uncertain"), "correction")
    for i in chosen:
        box = boxes[i]
        roll = rng.random()
        if roll < p_circle and box["kind"] == "choice" and rng.random() < 0.5:
            # The answer's words circled instead of the box crossed.
            words = float(rng.uniform(10, 30))
            pen.ellipse(
                box["x"] + box["w"] + 1.5 + words / 2,
                box["y"] + box["h"] / 2,
                words / 2 + float(rng.uniform(1.0, 3.0)),
                box["h"] / 2 + float(rng.uniform(0.7, 1.7)),
            )
            truth[i] = Truth(("uncertain",), "circle_label")
        elif roll < p_circle:
            pen.ellipse(
                box["x"] + box["w"] / 2, box["y"] + box["h"] / 2, box["w"] * 0.95, box["h"] * 0.85
            )
            truth[i] = Truth(("uncertain", "checked"), "circle")
        elif roll < p_circle + p_digit:
            pen.text(
                box["x"] + box["w"] * 0.2,
                box["y"] + box["h"] * 0.85,
                str(rng.integers(1, 9)),
                box["h"] * 0.75,
            )
            # A figure where a cross was asked: a person decides what it means.
            truth[i] = Truth(("uncertain",), "digit")
        elif roll < p_circle + p_digit + p_pencil:
            pencil = Pen(image, rng, dpi, shade=int(rng.integers(110, 150)))
            cross(pencil, box)
            truth[i] = Truth(("checked", "uncertain"), "pencil")
        elif roll < p_circle + p_digit + p_pencil + p_tick:
            tick(pen, box)
            truth[i] = Truth(("checked",), "tick")
        else:
            over = rng.random() < p_edge / max(1e-6, 1 - p_circle - p_digit - p_pencil - p_tick)
            cross(pen, box, over_edge=over)
            truth[i] = Truth(("checked",), "cross_over_edge" if over else "cross")
    return chosen


def _stray(image, boxes, truth, rng, shares, dpi):
    """A stray dot of the pen in an empty box now and then."""
    pen = Pen(image, rng, dpi)
    for index, box in enumerate(boxes):
        if box["kind"] in ("choice", "grid") and truth[index].mark == "none":
            if rng.random() < shares[6]:
                x = box["x"] + box["w"] * rng.uniform(0.3, 0.7)
                y = box["y"] + box["h"] * rng.uniform(0.3, 0.7)
                pen.dot(x, y, rng.uniform(0.25, 0.45))
                truth[index] = Truth(("empty", "uncertain"), "dot")


def _write(image, box, truth: Truth, rng, dpi):
    """Digits in digit boxes, a few scribbled lines in an open-answer area."""
    if rng.random() < 0.35:
        return
    pen = Pen(image, rng, dpi)
    if box["kind"] == "digits":
        cells = int(box.get("cells") or 1)
        cell = box["w"] / cells
        used = int(rng.integers(1, cells + 1))
        for i in range(cells - used, cells):
            digit = str(int(rng.integers(0, 10)))
            pen.text(
                box["x"] + i * cell + cell * 0.2, box["y"] + box["h"] * 0.8, digit, box["h"] * 0.6
            )
        truth.accept, truth.mark = ("checked",), "digits"
        return
    lines = int(box.get("lines") or 2)
    step = box["h"] / lines
    for line in range(int(rng.integers(1, lines + 1))):
        base = box["y"] + step * (line + 0.75)
        x, end = box["x"] + 3.0, box["x"] + box["w"] * rng.uniform(0.4, 0.95)
        while x < end:
            word = float(rng.uniform(5, 16))
            t = np.linspace(0, 1, 24)
            points = [
                (x + word * s, base - step * 0.25 * (1 + np.sin(s * rng.uniform(12, 20))) / 2)
                for s in t
            ]
            pen.stroke(points, wobble=0.08)
            x += word + float(rng.uniform(2, 4))
    truth.accept, truth.mark = ("checked",), "handwriting"
