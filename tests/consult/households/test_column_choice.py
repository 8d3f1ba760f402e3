"""Choosing the columns of a household file: every column with its match, moves in one choice."""

from sqlalchemy import select

from consult.extensions import db
from consult.households.mapping import assign_columns, guess_mapping
from consult.households.models import MailingAddress
from consult.permissions import Role
from tests.consult.households.test_views import as_form, columns_url, csv_bytes, selected, upload

# A corporation export whose "Plaats" is the postal place, not the kern.
PLAATS_HEADER = ["Contractnummer", "Gemeente", "Tenaamstelling", "Straat", "Huisnr", "Postcode"]
PLAATS_HEADER += ["Plaats"]
PLAATS_ROW = ["HC1", "Bernheze", "Dhr. Jansen", "Lindelaan", "4", "5384 AB", "Heesch"]


def test_a_field_chosen_for_a_second_column_moves_there_when_only_that_column_changed():
    headers = ["Plaats", "Woonplaats", "Gemeente"]
    choice = assign_columns(headers, ["city", "city", "gemeente"], ["kern", "city", "gemeente"])
    assert choice.mapping == {"city": "Plaats", "gemeente": "Gemeente"}
    assert choice.moved == [("city", "Woonplaats", "Plaats")]
    assert choice.clashes == {}


def test_two_changed_columns_claiming_one_field_are_a_clash_naming_both():
    choice = assign_columns(["A", "B"], ["kern", "kern"], ["", ""])
    assert choice.clashes == {"kern": ["A", "B"]} and choice.mapping == {}


def test_columns_page_shows_every_column_with_its_match(login, gemeenten, corporation_id, tmp_path):
    client = login(Role.ADMIN)
    content = csv_bytes(tmp_path, [PLAATS_ROW], header=PLAATS_HEADER)
    page = client.get(columns_url(upload(client, corporation_id, content))).get_data(as_text=True)
    for i, header in enumerate(PLAATS_HEADER):
        assert f'<label class="label" for="kolom_{i}">{header}</label>' in page
    assert selected(page, PLAATS_HEADER.index("Plaats"), "kern")
    assert "Voorbeeld uit de eerste regel: Lindelaan" in page
    assert "Geen kolom gekozen voor:" in page and "Woonplaats (voor de brief)" in page


def test_missing_address_field_is_named_and_plaats_moves_to_woonplaats_in_one_choice(
    app, login, gemeenten, corporation_id, tmp_path
):
    client = login(Role.ADMIN)
    content = csv_bytes(tmp_path, [PLAATS_ROW], header=PLAATS_HEADER)
    url = columns_url(upload(client, corporation_id, content))
    guess = guess_mapping(PLAATS_HEADER)
    assert guess["kern"] == "Plaats" and "city" not in guess
    html = client.post(url, data=as_form(guess, PLAATS_HEADER)).get_data(as_text=True)
    assert "Er is een probleem" in html
    assert "Er is geen kolom gekozen voor Woonplaats (voor de brief)." in html
    fixed = {**{k: v for k, v in guess.items() if k != "kern"}, "city": "Plaats"}
    data = as_form(fixed, PLAATS_HEADER, before=guess)
    html = client.post(url, data=data).get_data(as_text=True)
    assert "De huishoudens zijn geïmporteerd" in html, html
    with app.app_context():
        assert db.session.scalar(select(MailingAddress.city)) == "Heesch"


def test_choosing_a_field_another_column_had_moves_it_without_javascript(
    app, login, gemeenten, corporation_id, tmp_path
):
    client = login(Role.ADMIN)
    header = [*PLAATS_HEADER, "Woonplaats"]
    content = csv_bytes(tmp_path, [[*PLAATS_ROW, "HEESCH"]], header=header)
    url = columns_url(upload(client, corporation_id, content))
    guess = guess_mapping(header)
    assert guess["city"] == "Woonplaats" and guess["kern"] == "Plaats"
    data = as_form(guess, header)
    data[f"kolom_{header.index('Plaats')}"] = "city"  # only this column was changed
    html = client.post(url, data=data).get_data(as_text=True)
    assert "De huishoudens zijn geïmporteerd" in html, html
    with app.app_context():
        assert db.session.scalar(select(MailingAddress.city)) == "Heesch"


def test_two_columns_changed_to_one_field_are_named_and_nothing_is_imported(
    app, login, gemeenten, corporation_id, tmp_path
):
    client = login(Role.ADMIN)
    content = csv_bytes(tmp_path, [PLAATS_ROW], header=PLAATS_HEADER)
    url = columns_url(upload(client, corporation_id, content))
    data = as_form(guess_mapping(PLAATS_HEADER), PLAATS_HEADER)
    data[f"kolom_{PLAATS_HEADER.index('Plaats')}"] = "wijk"
    data[f"kolom_{PLAATS_HEADER.index('Tenaamstelling')}"] = "wijk"
    html = client.post(url, data=data).get_data(as_text=True)
    assert "Wijk of buurt is bij meer dan één kolom gekozen ('Tenaamstelling', 'Plaats')" in html
    with app.app_context():
        assert db.session.scalar(select(MailingAddress.id)) is None
