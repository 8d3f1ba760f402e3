"""The board follows fieldwork: response per gemeente, channel and age band, within scope."""

from sqlalchemy import func, select

from consult.extensions import db
from consult.permissions import Role
from surveys.fieldwork.operations import fieldwork_figures
from surveys.invitations.models import Invitation
from surveys.models import Channel, Population, Response, ResponseStatus, Survey
from tests.factories import GemeenteFactory, HouseholdFactory
from tests.surveys.respond.survey_data import build_open_survey


def add_response(survey, household, channel, status=ResponseStatus.SUBMITTED):
    db.session.add(
        Response(survey_id=survey.id, household_id=household.id, channel=channel, status=status)
    )


def two_gemeenten(households_b=4):
    """An open survey with gemeente A (3 households with codes) and B (no codes yet)."""
    survey = build_open_survey(households=3)
    a = survey.gemeenten[0]
    b = GemeenteFactory(name="Zwaluwdorp")
    survey.gemeenten = [a, b]
    for _ in range(households_b):
        HouseholdFactory(gemeente=b, age_band="75+")
    db.session.flush()
    return survey, a, b


def test_figures_count_channels_rates_and_started(ctx):
    survey, a, b = two_gemeenten()
    households_a = list(
        db.session.scalars(select(Invitation.household_id).where(Invitation.survey_id == survey.id))
    )
    from consult.households.models import Household

    a_households = [db.session.get(Household, h) for h in households_a]
    add_response(survey, a_households[0], Channel.ONLINE)
    add_response(survey, a_households[1], Channel.KEYED)
    add_response(survey, a_households[2], Channel.ONLINE, ResponseStatus.IN_PROGRESS)
    db.session.add(
        Response(
            survey_id=survey.id,
            channel=Channel.ONLINE,
            population=Population.OPEN_LINK,
            status=ResponseStatus.SUBMITTED,
        )
    )
    db.session.flush()
    figures = fieldwork_figures(survey)
    row_a, row_b = (
        figures.gemeenten
        if figures.gemeenten[0].gemeente_id == a.id
        else reversed(figures.gemeenten)
    )
    assert (row_a.households, row_a.invitations, row_a.submitted, row_a.started) == (3, 3, 2, 1)
    assert row_a.sent == {"online": 1, "keyed": 1, "scanned": 0}
    assert row_a.rate == 2 / 3
    assert (row_b.households, row_b.invitations, row_b.submitted, row_b.without_code) == (
        4,
        0,
        0,
        4,
    )
    assert row_b.rate == 0
    assert figures.total.households == 7 and figures.total.submitted == 2
    assert figures.open_link_sent == 1 and figures.open_link_started == 0
    assert {row.label for row in figures.age_bands} >= {"75+"}


def test_scope_limits_the_gemeenten_and_hides_the_open_link(ctx):
    survey, a, b = two_gemeenten()
    figures = fieldwork_figures(survey, scope_ids={b.id})
    assert [row.gemeente_id for row in figures.gemeenten] == [b.id]
    assert figures.total.households == 4
    assert figures.open_link_sent is None


def committed(app):
    with app.app_context():
        survey, a, b = two_gemeenten()
        db.session.commit()
        return survey.id, a.id, b.id


def test_fieldwork_page_shows_every_gemeente_with_totals(app, login):
    survey_id, _a, _b = committed(app)
    client = login(Role.LEZER)
    html = client.get(f"/veldwerk/{survey_id}").get_data(as_text=True)
    assert "Respons per gemeente" in html and "Zwaluwdorp" in html and "Totaal" in html
    assert "Codes maken" not in html  # a reader cannot make codes
    assert 'tabindex="0" role="region"' in html
    assert "Veldwerk" in client.get("/veldwerk/").get_data(as_text=True)


def test_board_member_makes_codes_for_one_gemeente(app, login):
    survey_id, _a, b = committed(app)
    client = login(Role.BESTUUR)
    page = client.get(f"/veldwerk/{survey_id}").get_data(as_text=True)
    assert "Zwaluwdorp: 4 huishoudens" in page
    response = client.post(f"/veldwerk/{survey_id}/codes/{b}")
    assert response.status_code == 302
    assert "4 codes gemaakt" in client.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert (
            db.session.scalar(
                select(func.count(Invitation.id)).where(Invitation.survey_id == survey_id)
            )
            == 7
        )


def test_board_member_of_one_gemeente_sees_and_invites_only_that_gemeente(app, login):
    survey_id, a, b = committed(app)
    with app.app_context():
        from consult.gemeenten.models import Gemeente

        gemeente_b = db.session.get(Gemeente, b)
    client = login(Role.BESTUUR, gemeenten=[gemeente_b])
    html = client.get(f"/veldwerk/{survey_id}").get_data(as_text=True)
    assert "Zwaluwdorp" in html
    with app.app_context():
        name_a = db.session.get(Gemeente, a).name
    assert name_a not in html
    assert client.post(f"/veldwerk/{survey_id}/codes/{a}").status_code == 403
    client.post(f"/veldwerk/{survey_id}/codes")
    with app.app_context():
        invited = db.session.scalars(
            select(Invitation.household_id).where(Invitation.survey_id == survey_id)
        ).all()
        assert len(invited) == 7  # 3 of A existed; the 4 of B were added, none elsewhere


def test_codes_cannot_be_made_for_a_closed_survey(app, login):
    survey_id, _a, b = committed(app)
    with app.app_context():
        db.session.get(Survey, survey_id).status = "closed"
        db.session.commit()
    client = login(Role.ADMIN)
    response = client.post(f"/veldwerk/{survey_id}/codes/{b}")
    assert "gesloten" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_volunteer_cannot_see_fieldwork(app, login):
    survey_id, _a, _b = committed(app)
    assert login(Role.VRIJWILLIGER).get(f"/veldwerk/{survey_id}").status_code == 403


def test_open_link_address_is_shown_to_the_board(app, login):
    with app.app_context():
        survey = build_open_survey(households=1, open_link=True)
        db.session.commit()
        survey_id = survey.id
    html = login(Role.BESTUUR).get(f"/veldwerk/{survey_id}").get_data(as_text=True)
    assert "/open/" in html and "Open link" in html
