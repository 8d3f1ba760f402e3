"""Reading a scanned page: a pure function of the page image and the layout files.

``read_page`` finds the corner marks, reads the page's QR code, picks the layout it was
printed with (survey, version, language, print size and revision are in the code), measures
every box of that page and applies the question rules. ``read_file`` does that for every page
of a scan file; a file or page that cannot be read gives a reading with a status and message.
Nothing here touches a database: the import and the review queue build on these readings.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
import zxingcpp

from surveys.paper.qr import PageIdentity, parse_payload
from surveys.scans import messages as m
from surveys.scans.images import SourcePage, read_pages
from surveys.scans.marks import PX_PER_MM, BoxReading, canonical, measure_area, measure_box
from surveys.scans.register import Registration, find_marks, turned
from surveys.scans.rules import apply_rules

LAYOUT_FORMAT = "consult-paper-form-layout"


@dataclass
class PageReading:
    """What was read on one page of a file."""

    file: str
    page: int
    status: str
    message: str = ""
    values: dict = field(default_factory=dict)
    qr: str | None = None
    identity: PageIdentity | None = None
    registration: Registration | None = None
    boxes: list[BoxReading] = field(default_factory=list)
    image: np.ndarray | None = field(default=None, repr=False)  # the page on the fixed grid

    @property
    def needs_review(self) -> bool:
        """Whether a person must look at this page (the review queue holds it): not read, a
        doubtful box on it, or writing to type over."""
        return self.status != m.READ or not all(b.settled for b in self.boxes)

    @property
    def doubtful(self) -> bool:
        """Whether the machine was unsure of the page: not read, or a doubtful box on it."""
        return self.status != m.READ or any(b.state == "uncertain" for b in self.boxes)

    def to_json(self, translate=None) -> dict:
        """The reading as in ``flask scans read --json``; ``translate(msgid, **values)``."""
        item = {
            "file": self.file,
            "page": self.page,
            "qr": self.qr,
            "status": self.status,
        }
        if self.message:
            text = self.message % self.values if self.values else self.message
            item["message"] = translate(self.message, **self.values) if translate else text
        item["form"] = identity_json(self.identity)
        item["transformation"] = self.registration.describe() if self.registration else None
        item["review"] = self.needs_review
        item["boxes"] = [b.to_json() for b in self.boxes]
        return item


def identity_json(identity: PageIdentity | None) -> dict | None:
    """What a page's QR code says, as JSON (None when nothing was read)."""
    if identity is None:
        return None
    return {
        "survey": identity.survey_id,
        "version": identity.survey_version,
        "language": identity.language,
        "large_print": identity.large_print,
        "revision": identity.revision,
        "page": identity.page,
        "code": identity.code,
        "serial": identity.serial,
    }


class Layouts:
    """The layout files a batch may hold, found by what a page's QR code says."""

    def __init__(self, layouts: Iterable[dict]):
        self.items = [lay for lay in layouts if lay.get("format") == LAYOUT_FORMAT]
        if not self.items:
            raise ValueError("no layout file of the form format given")
        self._by_key = {self._key(lay): lay for lay in self.items}

    @staticmethod
    def _key(layout: dict) -> tuple:
        return (
            int(layout["survey_id"]),
            int(layout["survey_version"]),
            str(layout["language"]).lower(),
            bool(layout["large_print"]),
            int(layout.get("revision", 1)),
        )

    @property
    def geometry(self) -> dict:
        """Page size, marks and QR place (the same on every form)."""
        return self.items[0]

    def find(self, identity: PageIdentity) -> dict | None:
        """The layout a page was printed with."""
        return self._by_key.get(
            (
                identity.survey_id,
                identity.survey_version,
                identity.language,
                identity.large_print,
                identity.revision,
            )
        )


def read_file(path: str | Path, layouts: Layouts, name: str | None = None) -> Iterator[PageReading]:
    """A reading of every page of a scan file, in file order (never raises for bad input)."""
    path = Path(path)
    label = name or path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield PageReading(label, 0, m.UNREADABLE, *m.message(m.UNREADABLE, detail=exc.strerror))
        return
    yield from read_bytes(data, label, layouts)


def read_bytes(data: bytes, name: str, layouts: Layouts) -> Iterator[PageReading]:
    """A reading of every page in a scan file's bytes."""
    for source in read_pages(data, name):
        yield read_source(source, layouts)


def read_source(source: SourcePage, layouts: Layouts) -> PageReading:
    """A reading of one page of a file (or its failure passed on)."""
    if not source.ok:
        return PageReading(source.file, source.page, source.status, source.message, source.values)
    return read_page(source.image, layouts, file=source.file, page=source.page)


def read_page(
    image: np.ndarray,
    layouts: Layouts,
    *,
    file: str = "",
    page: int = 1,
    identity: PageIdentity | None = None,
) -> PageReading:
    """Read one page image (greyscale); ``identity`` is typed by hand when the QR failed."""
    reading = PageReading(file, page, m.READ)
    geometry = layouts.geometry
    registration = find_marks(image, geometry)
    if registration is None:
        reading.qr = decode_anywhere(image)
        found = parse_payload(reading.qr) if reading.qr else None
        reading.identity = found
        _fail(reading, m.NO_FORM_FOUND)
        return reading
    reading.registration = registration
    page_image = canonical(turned(image, registration), registration.matrix, geometry["page_size"])
    reading.image = page_image
    reading.qr = decode_qr(page_image, geometry["qr"])
    if identity is None and reading.qr:
        identity = parse_payload(reading.qr)
        if identity is None:
            _fail(reading, m.NOT_OUR_FORM)
            return reading
    if identity is None:
        _fail(reading, m.NO_QR)
        return reading
    reading.identity = identity
    layout = layouts.find(identity)
    if layout is None or not 1 <= identity.page <= len(layout["pages"]):
        _fail(
            reading,
            m.NO_LAYOUT,
            survey=identity.survey_id,
            version=identity.survey_version,
            revision=identity.revision,
            language=identity.language.upper() + (" G" if identity.large_print else ""),
        )
        return reading
    reading.boxes = read_boxes(page_image, layout, identity.page)
    return reading


def _fail(reading: PageReading, status: str, **values) -> None:
    reading.status = status
    reading.message, reading.values = m.message(status, **values)


def read_boxes(page_image: np.ndarray, layout: dict, number: int) -> list[BoxReading]:
    """Every box of one page of a layout, measured and judged by the question rules."""
    boxes = layout["pages"][number - 1]["boxes"]
    readings = [
        measure_box(page_image, box)
        if box["kind"] in ("choice", "grid")
        else measure_area(page_image, box)
        for box in boxes
    ]
    apply_rules(readings, layout.get("questions", []))
    return readings


def _qr_texts(image: np.ndarray) -> list[str]:
    try:
        found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    except (ValueError, RuntimeError):
        return []
    return [r.text for r in found if r.text]


def decode_qr(page_image: np.ndarray, qr: dict) -> str | None:
    """The text of the page's QR code, trying other scales and a sharper black and white."""
    pad = 4.0
    x0, y0 = int((qr["x"] - pad) * PX_PER_MM), int((qr["y"] - pad) * PX_PER_MM)
    x1 = int((qr["x"] + qr["w"] + pad) * PX_PER_MM)
    y1 = int((qr["y"] + qr["h"] + pad) * PX_PER_MM)
    crop = np.ascontiguousarray(page_image[max(0, y0) : y1, max(0, x0) : x1])
    attempts = (
        lambda: crop,
        lambda: cv2.resize(crop, None, fx=0.6, fy=0.6, interpolation=cv2.INTER_AREA),
        lambda: cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[1],
        lambda: cv2.resize(crop, None, fx=1.6, fy=1.6, interpolation=cv2.INTER_CUBIC),
        lambda: cv2.medianBlur(crop, 5),
    )
    for attempt in attempts:
        texts = _qr_texts(attempt())
        if texts:
            return _prefer_form(texts)
    return _second_decoder(crop)


def _second_decoder(crop: np.ndarray) -> str | None:
    """OpenCV's own QR reader, which gets some codes that zxing-cpp leaves (and vice versa)."""
    detector = cv2.QRCodeDetector()
    for image in (crop, cv2.resize(crop, None, fx=2.0, fy=2.0, interpolation=cv2.INTER_CUBIC)):
        try:
            text, _points, _code = detector.detectAndDecode(image)
        except cv2.error:
            continue
        if text:
            return text
    return None


def decode_anywhere(image: np.ndarray) -> str | None:
    """A QR code anywhere on a page that is not a form (to tell a letter from a blank sheet)."""
    factor = min(1.0, 1200 / max(image.shape))
    small = cv2.resize(image, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    texts = _qr_texts(small) or (_qr_texts(image) if factor < 1 else [])
    return _prefer_form(texts) if texts else None


def _prefer_form(texts: list[str]) -> str:
    forms = [t for t in texts if parse_payload(t)]
    return (forms or texts)[0]
