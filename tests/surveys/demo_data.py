"""A small koepel for the demo steps' tests: two gemeenten of older tenants with addresses."""

from sqlalchemy import insert, select

from consult.extensions import db
from consult.households.models import Household, MailingAddress
from surveys.builder import demo as survey_demo
from surveys.respond import demo as respond_demo
from tests.factories import CorporationFactory, GemeenteFactory


def load_small_demo(households_per_gemeente: int) -> None:
    """Gemeenten, households aged 75+ (the likeliest to answer on paper), surveys, answers."""
    corporation = CorporationFactory()
    for name in ("Bernheze", "Gennep"):
        gemeente = GemeenteFactory(name=name)
        rows = [
            {
                "corporation_id": corporation.id,
                "gemeente_id": gemeente.id,
                "external_ref": f"{name[:3].upper()}{n:05d}",
                "age_band": "75+",
            }
            for n in range(households_per_gemeente)
        ]
        ids = db.session.scalars(insert(Household).returning(Household.id), rows).all()
        db.session.execute(
            insert(MailingAddress),
            [
                {
                    "household_id": i,
                    "street": "Lindelaan",
                    "house_number": n + 1,
                    "postcode": "5384 AB",
                    "city": name,
                }
                for n, i in enumerate(ids)
            ],
        )
    survey_demo.load(seed=1, echo=lambda _m: None)
    respond_demo.load(seed=1, echo=lambda _m: None)
    assert db.session.scalar(select(Household.id).limit(1)) is not None
