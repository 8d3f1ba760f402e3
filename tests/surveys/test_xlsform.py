"""XLSForm: our export imports back exactly; foreign forms import with clear warnings."""

from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from surveys.bankdata import SEED_QUESTIONS
from surveys.builder import bank, questions, xlsform_sheets
from surveys.builder.definition import export_definition
from surveys.builder.xlsform import export_workbook, import_workbook
from surveys.builder.xlsform_relevant import parse_constraint, parse_relevant
from surveys.errors import DefinitionError
from tests.consult.households.conftest import xlsx_bomb


def cells(raw: bytes) -> dict:
    """Every sheet's rows as lists of values."""
    book = load_workbook(BytesIO(raw))
    return {sheet.title: [list(r) for r in sheet.iter_rows(values_only=True)] for sheet in book}


def workbook(survey_rows, choices_rows=None, settings_rows=None) -> bytes:
    """An XLSForm built from lists of rows (the first row is the header)."""
    book = Workbook()
    book.active.title = "survey"
    for row in survey_rows:
        book.active.append(row)
    for title, rows in (("choices", choices_rows), ("settings", settings_rows)):
        if rows is not None:
            sheet = book.create_sheet(title)
            for row in rows:
                sheet.append(row)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def full_survey(survey):
    """The fixture survey with bank questions of every type."""
    bank.seed_bank(SEED_QUESTIONS)
    for key in (
        "betaalbaarheid.woonlasten",
        "duurzaamheid.winterproblemen",
        "kwaliteit.cijfer_woning",
        "prioriteiten.themas",
        "prioriteiten.verbetering",
        "betaalbaarheid.woonlasten_open",
    ):
        questions.add_bank_question(survey, bank.latest_version(key))
    winter = next(q for q in survey.ordered_questions() if q.key.endswith("winterproblemen"))
    questions.set_condition(
        winter, {"question": "keuze", "op": "any_of", "value": ["huur", "groen"]}
    )
    survey.intro = {"nl": "Welkom", "en": "Welcome"}
    return survey


def test_export_import_export_gives_the_same_workbook(full_survey):
    first = export_workbook(full_survey)
    imported, warnings = import_workbook(first)
    assert warnings == []
    assert cells(export_workbook(imported)) == cells(first)
    assert export_definition(imported)["sections"] == export_definition(full_survey)["sections"]


def test_export_uses_xlsform_types_language_columns_and_relevant(full_survey):
    sheets = cells(export_workbook(full_survey))
    header = sheets["survey"][0]
    assert {
        "type",
        "name",
        "label::Nederlands (nl)",
        "label::English (en)",
        "hint::Nederlands (nl)",
        "relevant",
        "required",
    } <= set(header)
    rows = [dict(zip(header, r, strict=False)) for r in sheets["survey"][1:]]
    types = {r["type"].split(" ")[0] for r in rows}
    assert {
        "begin_group",
        "end_group",
        "note",
        "select_one",
        "select_multiple",
        "rank",
        "integer",
        "text",
    } <= types
    maanden = next(r for r in rows if r["name"] == "maanden")
    assert maanden["relevant"] == "${zoekt} = 'ja'"
    assert maanden["constraint"] == ". >= 0 and . <= 600"
    winter = next(r for r in rows if r["name"] == "duurzaamheid.winterproblemen")
    assert winter["relevant"] == "${keuze} = 'huur' or ${keuze} = 'groen'"
    assert sheets["settings"][1][0] == "Raadpleging 2027"


FOREIGN_SURVEY = [
    [
        "type",
        "name",
        "label::Nederlands (nl)",
        "label::English (en)",
        "hint::Nederlands (nl)",
        "relevant",
        "required",
        "constraint",
        "appearance",
    ],
    ["note", "welkom", "Fijn dat u meedoet.", "Thanks for joining.", None, None, None, None, None],
    ["begin_group", "wonen", "Wonen", "Housing", None, None, None, None, None],
    ["select_one jn", "huurder", "Huurt u?", "Do you rent?", None, None, "yes", None, None],
    [
        "integer",
        "jaren",
        "Hoe lang al?",
        "How long?",
        "In jaren",
        "${huurder} = 'ja'",
        None,
        ". >= 0 and . <= 80",
        None,
    ],
    [
        "select_multiple prob",
        "problemen",
        "Welke problemen?",
        "Which problems?",
        None,
        None,
        None,
        "count-selected(.) <= 2",
        None,
    ],
    [
        "text",
        "Toelichting",
        "Toelichting",
        "Explanation",
        None,
        "selected(${problemen}, 'tocht') or selected(${problemen}, 'schimmel')",
        None,
        "string-length(.) <= 500",
        None,
    ],
    ["select_one eens", "stelling", "Stelling", "Statement", None, None, None, None, "likert"],
    ["decimal", "huur", "Huur per maand", "Rent", None, "${jaren} > 2", None, None, None],
    ["geopoint", "plek", "Waar woont u?", "Where?", None, None, None, None, None],
    ["calculate", "som", None, None, None, None, None, None, None],
    ["text", "formule", "Formule", "Formula", None, "${jaren} * 2 > 3", None, None, None],
    ["begin_repeat", "kinderen", "Kinderen", "Children", None, None, None, None, None],
    ["text", "kind", "Naam kind", "Child", None, None, None, None, None],
    ["end_repeat", "kinderen", None, None, None, None, None, None, None],
    ["end_group", "wonen", None, None, None, None, None, None, None],
]
FOREIGN_CHOICES = [
    ["list_name", "name", "label::Nederlands (nl)", "label::English (en)"],
    ["jn", "ja", "Ja", "Yes"],
    ["jn", "nee", "Nee", "No"],
    ["prob", "tocht", "Tocht", "Draughts"],
    ["prob", "schimmel", "Schimmel", "Mould"],
    ["prob", "dk", "Weet ik niet", "Don't know"],
    *[["eens", str(i), f"Punt {i}", f"Point {i}"] for i in range(1, 6)],
]


def test_foreign_xlsform_imports_with_warnings_for_what_was_left_out(ctx):
    raw = workbook(FOREIGN_SURVEY, FOREIGN_CHOICES, [["form_title"], ["Huurdersonderzoek"]])
    survey, warnings = import_workbook(raw)
    items = {q.key: q for q in survey.ordered_questions()}
    assert survey.display_title == "Huurdersonderzoek"
    assert survey.intro["nl"] == "Fijn dat u meedoet."
    assert survey.languages == ["nl", "en"]
    assert list(items) == [
        "huurder",
        "jaren",
        "problemen",
        "toelichting",
        "stelling",
        "huur",
        "formule",
    ]
    assert items["huurder"].qtype == "yesno" and items["huurder"].required
    assert items["jaren"].show_if == {"question": "huurder", "op": "equals", "value": "ja"}
    assert items["jaren"].settings["max"] == 80 and items["jaren"].text("nl", "help") == "In jaren"
    assert items["problemen"].settings["max_selections"] == 2
    assert items["problemen"].options[-1].get("dont_know")
    assert items["toelichting"].show_if["op"] == "any_of"
    assert items["toelichting"].settings["max_length"] == 500
    assert items["stelling"].qtype == "likert5"
    assert items["huur"].settings["integer"] is False
    assert items["huur"].show_if == {"question": "jaren", "op": "above", "value": 2}
    assert items["formule"].show_if is None
    text = " ".join(warnings)
    for expected in ("geopoint", "calculate", "${jaren} * 2 > 3", "herhaling", "Toelichting"):
        assert expected in text


def test_workbook_without_survey_sheet_is_refused(ctx):
    book = Workbook()
    book.active.title = "vragen"
    out = BytesIO()
    book.save(out)
    with pytest.raises(DefinitionError, match="survey"):
        import_workbook(out.getvalue())


def test_select_without_choices_sheet_is_refused(ctx):
    with pytest.raises(DefinitionError, match="choices"):
        import_workbook(workbook(FOREIGN_SURVEY[:4]))


def test_english_only_form_imports_with_its_texts_in_the_dutch_place_and_a_warning(ctx):
    rows = [["type", "name", "label::English (en)"], ["text", "a", "Question"]]
    survey, warnings = import_workbook(workbook(rows))
    question = survey.ordered_questions()[0]
    assert survey.languages == ["nl", "en"]
    assert question.text("nl") == question.text("en") == "Question"
    assert any("geen Nederlandse teksten" in w and "English" in w for w in warnings)


def test_labels_only_in_languages_we_do_not_offer_are_refused(ctx):
    rows = [["type", "name", "label::Swahili (sw)"], ["text", "a", "Swali"]]
    with pytest.raises(DefinitionError, match="geen labels in een taal"):
        import_workbook(workbook(rows))


def test_not_an_excel_file_is_refused(ctx):
    with pytest.raises(DefinitionError, match="xlsx"):
        import_workbook(b"PK\x03\x04 broken zip")


def test_only_unsupported_rows_is_refused(ctx):
    rows = [["type", "name", "label"], ["geopoint", "plek", "Waar?"]]
    with pytest.raises(DefinitionError, match="geen vragen"):
        import_workbook(workbook(rows))


@pytest.mark.parametrize(
    ("expression", "parsed"),
    [
        ("${a} = 'x'", {"question": "a", "op": "equals", "value": "x"}),
        ("selected(${a}, 'x')", {"question": "a", "op": "equals", "value": "x"}),
        ("${a} = 'x' or ${a} = 'y'", {"question": "a", "op": "any_of", "value": ["x", "y"]}),
        ("${a} > 6", {"question": "a", "op": "above", "value": 6}),
        ("${a} < 2.5", {"question": "a", "op": "below", "value": 2.5}),
        ("${a} = 7", {"question": "a", "op": "equals", "value": 7}),
        ("${a} = 'x' and ${b} = 'y'", None),
        ("${a} = 'x' or ${b} = 'y'", None),
        ("not(${a} = 'x')", None),
        ("${a} >= 3", None),
    ],
)
def test_relevant_grammar(expression, parsed):
    assert parse_relevant(expression) == parsed


def test_constraint_grammar():
    assert parse_constraint(". >= 1 and . <= 10") == {"min": 1, "max": 10}
    assert parse_constraint(". <= 5") == {"max": 5}
    assert parse_constraint("count-selected(.) <= 3") == {"max_selections": 3}
    assert parse_constraint("string-length(.) <= 200") == {"max_length": 200}
    assert parse_constraint("regex(., '^[0-9]+$')") is None


def test_text_like_a_formula_is_exported_as_text_and_imports_back_unchanged(full_survey):
    full_survey.title = {"nl": "=1+1", "en": '=HYPERLINK("http://evil.example","x")'}
    question = full_survey.ordered_questions()[0]
    question.texts = {**question.texts, "nl": {**question.texts["nl"], "text": "@SUM(A1) of -1+2"}}
    raw = export_workbook(full_survey)
    book = load_workbook(BytesIO(raw))
    assert not [
        cell.coordinate
        for sheet in book
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]
    assert book["settings"]["A2"].value == "=1+1"
    imported, _warnings = import_workbook(raw)
    assert imported.title["nl"] == "=1+1"
    assert imported.title["en"] == '=HYPERLINK("http://evil.example","x")'
    assert imported.ordered_questions()[0].texts["nl"]["text"] == "@SUM(A1) of -1+2"


def test_control_characters_in_texts_never_stop_the_export(full_survey):
    full_survey.title = {"nl": "Raad\x00pleging\x07 2026", "en": "Survey"}
    question = full_survey.ordered_questions()[0]
    question.texts = {**question.texts, "nl": {**question.texts["nl"], "text": "Woon\x1blasten"}}
    raw = export_workbook(full_survey)
    assert load_workbook(BytesIO(raw))["settings"]["A2"].value == "Raadpleging 2026"
    imported, _warnings = import_workbook(raw)
    assert imported.ordered_questions()[0].texts["nl"]["text"] == "Woonlasten"


@pytest.mark.parametrize("text", ["Wat vindt u\x7f?", "Wat\x85 vindt u?"])
def test_hidden_control_character_in_a_cell_is_refused_with_its_row(ctx, text):
    rows = [["type", "name", "label"], ["text", "a", "Eerste vraag"], ["text", "b", text]]
    with pytest.raises(DefinitionError, match="onzichtbaar teken") as caught:
        import_workbook(workbook(rows))
    assert "3" in str(caught.value)


def test_a_workbook_that_unpacks_to_far_too_much_is_refused_before_reading(ctx, tmp_path):
    bomb = xlsx_bomb(tmp_path / "bom.xlsx", "xl/sharedStrings.xml", 60)
    assert bomb.stat().st_size < 1024 * 1024
    with pytest.raises(DefinitionError, match="pakt uit tot veel meer"):
        import_workbook(bomb.read_bytes())


# -- Forms as KoboToolbox, ODK Build, Excel and LibreOffice write them ---------------------
# The conventions below were found in the public example forms of the XLSForm reference
# implementation (pyxform); the forms here are our own, written with openpyxl.

KOBO_SURVEY = [
    ["type", "name", "label", "hint", "required", "relevant", "choice_filter", "appearance"],
    ["start", "start", None, None, None, None, None, None],
    ["deviceid", "deviceid", None, None, None, None, None, None],
    ["note", "welkom", "Fijn dat u meedoet.", None, None, None, None, None],
    ["begin_group", "woning", "Uw woning", None, None, None, None, None],
    [
        "select_one woningtype or_other",
        "type_woning",
        "Wat voor woning?",
        None,
        "true",
        None,
        None,
        None,
    ],
    ["select_one buurt", "buurt", "In welke buurt?", None, None, None, "wijk='noord'", None],
    ["begin_group", "onderhoud", "Onderhoud", None, None, None, None, None],
    [
        "select_multiple gebrek",
        "gebreken",
        "Welke gebreken?",
        "Kies alles wat klopt",
        None,
        None,
        None,
        None,
    ],
    ["calculate", "aantal", None, None, None, None, None, None],
    ["end_group", "onderhoud", None, None, None, None, None, None],
    [
        "integer",
        "jaren",
        "Hoe lang woont u er?",
        None,
        None,
        "selected(${gebreken}, 'schimmel_in_de_badkamer')",
        None,
        None,
    ],
    ["end_group", "woning", None, None, None, None, None, None],
    ["begin_repeat", "bewoners", "Bewoners", None, None, None, None, None],
    ["text", "naam", "Naam", None, None, None, None, None],
    ["end_repeat", "bewoners", None, None, None, None, None, None],
    ["geopoint", "plek", "Waar staat de woning?", None, None, None, None, None],
]
KOBO_CHOICES = [
    ["list_name", "name", "label", "wijk"],
    ["woningtype", "eengezinswoning", "Eengezinswoning", None],
    ["woningtype", "flat", "Flat", None],
    ["buurt", "a", "Buurt A", "noord"],
    ["buurt", "b", "Buurt B", "zuid"],
    ["buurt", "a", "Buurt A (zuid)", "zuid"],
    ["gebrek", "schimmel_in_de_badkamer", "Schimmel in de badkamer", None],
    ["gebrek", "tocht", "Tocht", None],
]


def test_kobo_form_with_plain_label_imports_groups_as_sections_and_warns_per_row(ctx):
    settings = [["form_title", "form_id"], ["Woononderzoek", "woon"]]
    survey, warnings = import_workbook(workbook(KOBO_SURVEY, KOBO_CHOICES, settings))
    sections = [(s.title["nl"], [q.key for q in s.questions]) for s in survey.sections]
    assert sections == [
        ("Uw woning", ["type_woning", "buurt"]),
        ("Onderhoud", ["gebreken"]),
        ("Uw woning", ["jaren"]),
    ]
    assert survey.intro["nl"] == "Fijn dat u meedoet."
    items = {q.key: q for q in survey.ordered_questions()}
    assert items["type_woning"].required
    assert [o["code"] for o in items["buurt"].options] == ["a", "b"]
    assert items["gebreken"].text("nl", "help") == "Kies alles wat klopt"
    code = items["gebreken"].options[0]["code"]
    assert len(code) <= 20
    assert items["jaren"].show_if == {"question": "gebreken", "op": "equals", "value": code}
    text = "\n".join(warnings)
    for row, word in (
        (2, "start"),
        (3, "deviceid"),
        (6, "Anders"),
        (7, "choice_filter"),
        (10, "calculate"),
        (14, "herhaling"),
        (17, "geopoint"),
    ):
        assert any(w.startswith(f"Regel {row}:") and word in w for w in warnings), (row, text)
    assert "rij 6" in text and "rij 7" in text  # the repeated code a and the long code


def test_plain_label_column_is_read_in_the_language_chosen_on_import(ctx):
    rows = [["type", "name", "label", "hint"], ["text", "opmerking", "Any remarks?", "Short"]]
    settings = [["default_language"], ["Nederlands (nl)"]]
    survey, warnings = import_workbook(workbook(rows, None, settings), plain_language="en")
    question = survey.ordered_questions()[0]
    assert survey.languages == ["nl", "en"]
    assert question.text("en") == "Any remarks?" and question.text("en", "help") == "Short"
    assert question.text("nl") == "Any remarks?"  # stands in until it is translated
    assert any("English" in w and "Nederlands" in w and "standaardtaal" in w for w in warnings)


def test_plain_label_column_is_dutch_by_default(ctx):
    rows = [["type", "name", "label"], ["text", "opmerking", "Nog opmerkingen?"]]
    survey, warnings = import_workbook(workbook(rows))
    assert survey.languages == ["nl"]
    assert survey.ordered_questions()[0].text("nl") == "Nog opmerkingen?"
    assert warnings == []


def test_older_odk_conventions_import(ctx):
    book = Workbook()
    sheet = book.active
    sheet.title = "SURVEY"
    for row in (
        ["TYPE", "NAME", "LABEL:English", "label:Nederlands"],
        ["select one from jn", "goed", "Good day?", "Goede dag?"],
        ["select all that apply from dier or specify other", "dieren", "Pets?", "Huisdieren?"],
        ["begin loop over dier", "per_dier", None, None],
        ["integer", "aantal", "How many?", "Hoeveel?"],
        ["end loop", None, None, None],
    ):
        sheet.append(row)
    choices = book.create_sheet("Choices")
    for row in (
        ["list name", "name ", "label:english", "label:nederlands"],
        ["jn", "ja", "Yes", "Ja"],
        ["jn", "nee", "No", "Nee"],
        ["dier", "kat", "Cat", "Kat"],
        ["dier", "hond", "Dog", "Hond"],
    ):
        choices.append(row)
    out = BytesIO()
    book.save(out)
    survey, warnings = import_workbook(out.getvalue())
    items = {q.key: q for q in survey.ordered_questions()}
    assert list(items) == ["goed", "dieren"]
    assert items["goed"].qtype == "yesno"
    assert items["dieren"].qtype == "multiple"
    assert items["dieren"].options[0]["labels"] == {"nl": "Kat", "en": "Cat"}
    assert survey.languages == ["nl", "en"]
    assert any(w.startswith("Regel 4:") and "herhaling" in w for w in warnings)


def test_libreoffice_sheet_declared_down_to_the_last_row_imports(ctx):
    """LibreOffice saves an empty row 1 048 576 and declares A1:AMJ1048576 as used."""
    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    sheet.append(["type", "name", "label"])
    sheet.append(["text", "opmerking", "Nog opmerkingen?"])
    sheet.cell(row=1_048_576, column=1024).font = Font(bold=True)  # styled, empty
    out = BytesIO()
    book.save(out)
    survey, _warnings = import_workbook(out.getvalue())
    assert [q.key for q in survey.ordered_questions()] == ["opmerking"]


def test_choices_sheet_of_realistic_size_imports(ctx):
    """Every street of a large gemeente as a list; the form uses a short list of it."""
    rows = [["type", "name", "label"], ["select_one jn", "huurder", "Huurt u?"]]
    choices = [["list_name", "name", "label"], ["jn", "ja", "Ja"], ["jn", "nee", "Nee"]]
    choices += [["straat", f"s{i}", f"Straat {i}"] for i in range(12_000)]
    survey, _warnings = import_workbook(workbook(rows, choices))
    assert [q.key for q in survey.ordered_questions()] == ["huurder"]


def test_select_with_more_options_than_a_question_can_hold_is_left_out_with_a_warning(ctx):
    rows = [
        ["type", "name", "label"],
        ["select_one straat", "straat", "In welke straat?"],
        ["text", "opmerking", "Nog opmerkingen?"],
    ]
    choices = [["list_name", "name", "label"]]
    choices += [["straat", f"s{i}", f"Straat {i}"] for i in range(200)]
    survey, warnings = import_workbook(workbook(rows, choices))
    assert [q.key for q in survey.ordered_questions()] == ["opmerking"]
    assert any(w.startswith("Regel 2:") and "straat" in w and "60" in w for w in warnings)


def test_sheet_with_far_too_many_filled_rows_is_refused_with_a_clear_message(ctx, monkeypatch):
    monkeypatch.setattr(xlsform_sheets, "MAX_ROWS", 300)
    rows = [["type", "name", "label"], ["text", "opmerking", "Nog opmerkingen?"]]
    choices = [["list_name", "name", "label"]]
    choices += [["straat", f"s{i}", f"Straat {i}"] for i in range(301)]
    with pytest.raises(DefinitionError, match="choices heeft meer dan 300 ingevulde regels"):
        import_workbook(workbook(rows, choices))
