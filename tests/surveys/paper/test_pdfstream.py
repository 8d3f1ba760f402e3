"""The streaming PDF writer: a long document whose every object the cross-reference finds."""

import io
import re

import pypdfium2

from surveys.paper import pdfstream
from surveys.paper.pdfstream import StreamingCanvas


def test_every_object_of_a_long_document_is_where_the_cross_reference_says(monkeypatch):
    monkeypatch.setattr(pdfstream, "_CHUNK", 50)  # page tree and table written in many pieces
    buffer = io.BytesIO()
    canvas = StreamingCanvas(buffer, initial_font="Helvetica")
    for number in range(1, 131):
        canvas.drawString(100, 700, f"Bladzijde {number}")
        canvas.showPage()
    canvas.save()
    data = buffer.getvalue()

    start = int(re.search(rb"startxref\s+(\d+)", data[-200:]).group(1))
    table = re.match(rb"xref\n0 (\d+)\n", data[start:])
    size = int(table.group(1))
    rows = data[start + table.end() :].split(b"\n")[:size]
    assert canvas.pages_written == 130 and size > 260
    for number, row in enumerate(rows[1:], start=1):
        offset = int(row[:10])
        assert data[offset:].startswith(f"{number} 0 obj".encode()), number

    pdf = pypdfium2.PdfDocument(data)
    assert len(pdf) == 130
    assert pdf[129].get_textpage().get_text_range().strip() == "Bladzijde 130"
