"""Pagination of printed forms: what stays together on one page and what may be split."""

from surveys.paper.layout import NORMAL, Block, Paginator, Rect, Row, keep_together


def rows_of(height: float, count: int, tag: str) -> list[Row]:
    """Rows that each record the page they were put on under ``tag``."""

    def emit(y, index):
        return [Rect(20.0, y, 5.0, 5.0)], [{"kind": tag, "index": index}]

    return [Row(height, lambda y, i=i: emit(y, i)) for i in range(count)]


def pages_of(pager: Paginator, tag: str) -> set[int]:
    return {box["page"] for page in pager.pages for box in page.boxes if box["kind"] == tag}


def test_a_question_shorter_than_most_of_a_page_moves_on_whole_instead_of_splitting():
    pager = Paginator(NORMAL)
    page = pager.full_page
    pager.place(Block(rows_of(page * 0.55 / 10, 10, "first")))
    pager.place(Block(rows_of(page * 0.6 / 12, 12, "second"), space_before=5.0))
    assert pages_of(pager, "first") == {1}
    assert pages_of(pager, "second") == {2}


def test_a_question_longer_than_most_of_a_page_fills_the_room_left_first():
    pager = Paginator(NORMAL)
    page = pager.full_page
    pager.place(Block(rows_of(page * 0.4 / 8, 8, "first")))
    pager.place(Block(rows_of(page * 0.9 / 30, 30, "long")))
    assert pages_of(pager, "long") == {1, 2}


def test_rows_kept_together_go_to_the_next_page_as_one():
    pager = Paginator(NORMAL)
    page = pager.full_page
    statement = keep_together(rows_of(page * 0.2 / 4, 4, "statement"))
    filler = rows_of(page * 0.85 / 17, 17, "filler")
    pager.place(Block(filler + statement))
    assert pages_of(pager, "filler") == {1}
    assert pages_of(pager, "statement") == {2}


def test_the_space_above_a_block_shrinks_rather_than_start_a_page_for_it():
    pager = Paginator(NORMAL)
    page = pager.full_page
    pager.place(Block(rows_of(page * 0.9 / 9, 9, "questions")))
    room = pager.room
    pager.place(Block(rows_of(room / 3, 3, "closing"), space_before=room))
    assert len(pager.pages) == 1 and pages_of(pager, "closing") == {1}
