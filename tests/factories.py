"""factory_boy factories for the models; call them inside an app context."""

import factory
from factory.alchemy import SQLAlchemyModelFactory

from consult.extensions import db
from consult.gemeenten.models import Corporation, Gemeente, Werkgebied
from consult.households.models import Household
from consult.users.models import User

PASSWORD = "correct horse battery"


class _Base(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "flush"


class UserFactory(_Base):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    name = factory.Sequence(lambda n: f"Gebruiker {n}")
    role = "admin"
    password_hash = ""

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)


class GemeenteFactory(_Base):
    class Meta:
        model = Gemeente

    name = factory.Sequence(lambda n: f"Gemeente {n}")
    # wraps after 10 000 in one run: a full test run makes well over a thousand gemeenten
    cbs_code = factory.Sequence(lambda n: f"GM{(9000 + n) % 10000:04d}")
    werkgebied = Werkgebied.KERN
    rental_homes = 1000


class CorporationFactory(_Base):
    class Meta:
        model = Corporation

    name = factory.Sequence(lambda n: f"Corporatie {n}")


class HouseholdFactory(_Base):
    class Meta:
        model = Household

    corporation = factory.SubFactory(CorporationFactory)
    gemeente = factory.SubFactory(GemeenteFactory)
    external_ref = factory.Sequence(lambda n: f"HC{n:07d}")
    kern = "Heesch"
