"""KMAS gemeenten, corporation Mooiland, demo users and about 20 000 households.

Gemeenten and work areas follow the KMAS case; numbers of homes, villages' shares, streets,
postcodes and households are invented (synthetic).
"""

import random

from sqlalchemy import insert

from consult.database import utcnow
from consult.extensions import db
from consult.gemeenten.models import Corporation, Gemeente, Werkgebied
from consult.households.models import AGE_BANDS, HOUSEHOLD_TYPES, Household, MailingAddress
from consult.permissions import Role
from consult.users.models import User

# name, CBS code, work area, local tenants' organisation, synthetic Mooiland homes,
# kernen (villages or wijken), postcode range (first two digits), earlier names
GEMEENTEN = [
    (
        "Bernheze",
        "GM1721",
        Werkgebied.KERN,
        "Huurdersvereniging Bernheze",
        2300,
        ["Heesch", "Heeswijk-Dinther", "Nistelrode", "Vorstenbosch", "Loosbroek"],
        "53",
        "",
    ),
    (
        "Gennep",
        "GM0907",
        Werkgebied.KERN,
        "Huurdersbelang Gennep",
        1800,
        ["Gennep", "Milsbeek", "Ottersum", "Heijen", "Ven-Zelderheide"],
        "65",
        "",
    ),
    (
        "Land van Cuijk",
        "GM1982",
        Werkgebied.KERN,
        "Huurdersvereniging Land van Cuijk",
        3500,
        ["Cuijk", "Boxmeer", "Grave", "Mill", "Sint Anthonis", "Vierlingsbeek"],
        "54",
        "Cuijk;Boxmeer;Grave;Mill en Sint Hubert;Sint Anthonis",
    ),
    (
        "Maashorst",
        "GM1991",
        Werkgebied.KERN,
        "Huurdersvereniging Maashorst",
        3200,
        ["Uden", "Volkel", "Odiliapeel", "Schaijk", "Zeeland", "Reek"],
        "54",
        "Uden;Landerd",
    ),
    (
        "Oss",
        "GM0828",
        Werkgebied.KERN,
        "Huurdersraad Oss",
        2400,
        ["Oss", "Berghem", "Ravenstein", "Megen", "Lith"],
        "53",
        "",
    ),
    (
        "Apeldoorn",
        "GM0200",
        Werkgebied.AAN,
        "Huurdersorganisatie Apeldoorn",
        1100,
        ["Zevenhuizen", "De Maten", "Osseveld", "Zuidbroek", "Ugchelen"],
        "73",
        "",
    ),
    (
        "Arnhem",
        "GM0202",
        Werkgebied.AAN,
        "Huurdersplatform Arnhem",
        1200,
        ["Presikhaaf", "Malburgen", "Geitenkamp", "Elden", "Schuytgraaf"],
        "68",
        "",
    ),
    (
        "Nijmegen",
        "GM0268",
        Werkgebied.AAN,
        "Huurdersbelang Nijmegen",
        1000,
        ["Dukenburg", "Lindenholt", "Hatert", "Lent", "Oost"],
        "65",
        "",
    ),
    (
        "Renkum",
        "GM0274",
        Werkgebied.AAN,
        "Huurdersvereniging Renkum",
        600,
        ["Oosterbeek", "Renkum", "Heelsum", "Doorwerth"],
        "68",
        "",
    ),
    (
        "Zutphen",
        "GM0301",
        Werkgebied.AAN,
        "Huurdersorganisatie Zutphen",
        550,
        ["Zutphen", "Warnsveld"],
        "72",
        "",
    ),
    (
        "Barneveld",
        "GM0203",
        Werkgebied.AAN,
        None,
        450,
        ["Barneveld", "Voorthuizen", "Kootwijkerbroek"],
        "37",
        "",
    ),
    (
        "Ede",
        "GM0228",
        Werkgebied.AAN,
        None,
        800,
        ["Ede", "Bennekom", "Lunteren", "Otterlo"],
        "67",
        "",
    ),
    (
        "Overbetuwe",
        "GM1734",
        Werkgebied.AAN,
        None,
        500,
        ["Elst", "Heteren", "Driel", "Zetten"],
        "66",
        "",
    ),
    (
        "Zevenaar",
        "GM0299",
        Werkgebied.AAN,
        None,
        450,
        ["Zevenaar", "Lobith", "Pannerden", "Giesbeek"],
        "69",
        "",
    ),
    (
        "Boxtel",
        "GM0757",
        Werkgebied.OVERIG,
        "Huurdersvereniging Boxtel",
        150,
        ["Boxtel", "Liempde"],
        "52",
        "",
    ),
]

DEMO_USERS = [
    # e-mail, name, role, password, gemeente scope (names)
    ("beheer@kmas.example", "Anja de Beheerder", Role.ADMIN, "Beheer-KMAS-2027", []),
    ("bestuur@kmas.example", "Henk van het Bestuur", Role.BESTUUR, "Bestuur-KMAS-2027", []),
    (
        "bestuur.bernheze@kmas.example",
        "Marij uit Bernheze",
        Role.BESTUUR,
        "Bestuur-Bernheze-2027",
        ["Bernheze"],
    ),
    ("vrijwilliger@kmas.example", "Kees Vrijwilliger", Role.VRIJWILLIGER, "Vrijwilliger-2027", []),
    ("lezer@kmas.example", "Fatima Lezer", Role.LEZER, "Lezer-KMAS-2027", []),
]

# In these cities the list above names wijken of one kern rather than villages.
CITIES_WITH_WIJKEN = {"Apeldoorn", "Arnhem", "Nijmegen"}
STREETS = [
    "Lindelaan",
    "Kastanjestraat",
    "Beukenhof",
    "Eikenlaan",
    "Wilgenstraat",
    "Populierenweg",
    "Meidoornstraat",
    "Vlierhof",
    "Berkenstraat",
    "Esdoornlaan",
    "Hazelaarstraat",
    "Ligusterhof",
    "Rozenstraat",
    "Tulpstraat",
    "Klaverweg",
    "Molenstraat",
    "Kerkstraat",
    "Schoolstraat",
    "Julianastraat",
    "Oranjeplein",
]
AGE_WEIGHTS = (12, 25, 18, 22, 23)
TYPE_WEIGHTS = (44, 24, 16, 10, 6)
BAND_AGES = {
    "<35": (20, 34),
    "35-54": (35, 54),
    "55-64": (55, 64),
    "65-74": (65, 74),
    "75+": (75, 96),
}


def load(seed: int, echo) -> None:
    """Create the gemeenten, the corporation, the users and the households."""
    rng = random.Random(seed)
    mooiland = Corporation(name="Mooiland")
    db.session.add(mooiland)
    by_name = {}
    for name, code, area, ho, homes, _kernen, _pc, former in GEMEENTEN:
        gemeente = Gemeente(
            name=name,
            cbs_code=code,
            werkgebied=area,
            huurdersorganisatie=ho,
            rental_homes=homes,
            former_names=former or None,
        )
        gemeente.corporations.append(mooiland)
        by_name[name] = gemeente
        db.session.add(gemeente)
    for email, name, role, password, scope in DEMO_USERS:
        user = User(email=email, name=name, role=role.value, locale="nl")
        user.set_password(password)
        user.gemeenten = [by_name[g] for g in scope]
        db.session.add(user)
    db.session.flush()
    count = _households(rng, mooiland, by_name)
    echo(f"demo: {count} synthetic households in {len(GEMEENTEN)} gemeenten")


def _households(rng: random.Random, corporation: Corporation, by_name: dict) -> int:
    now = utcnow()
    year = now.year
    total = 0
    for name, _code, _area, _ho, homes, kernen, pc, _former in GEMEENTEN:
        gemeente = by_name[name]
        households, addresses = [], []
        weights = [len(kernen) - i + 2 for i in range(len(kernen))]  # the main kern is largest
        for i in range(homes):
            place = rng.choices(kernen, weights)[0]
            kern, wijk = (name, place) if name in CITIES_WITH_WIJKEN else (place, None)
            band = rng.choices(AGE_BANDS, AGE_WEIGHTS)[0]
            low, high = BAND_AGES[band]
            complex_no = rng.randint(1, max(3, homes // 60))
            households.append(
                {
                    "corporation_id": corporation.id,
                    "gemeente_id": gemeente.id,
                    "external_ref": f"{gemeente.cbs_code[2:]}-{i + 1:06d}",
                    "kern": kern,
                    "wijk": wijk,
                    "complex_code": f"C{gemeente.cbs_code[2:]}{complex_no:03d}",
                    "birth_year": year - rng.randint(low, high),
                    "age_band": band,
                    "household_type": rng.choices(HOUSEHOLD_TYPES, TYPE_WEIGHTS)[0],
                    "synthetic": True,
                    "imported_at": now,
                    "active": True,
                }
            )
            street = STREETS[complex_no % len(STREETS)]
            addresses.append(
                {
                    "addressee": "De bewoner(s)",
                    "street": street,
                    "house_number": rng.randint(1, 180),
                    "house_number_suffix": rng.choice([None, None, None, "A", "B", "bis", "2"]),
                    "postcode": f"{pc}{rng.randint(10, 99)} {rng.choice('ABCDEGHJKLMNPRSTVWXZ')}"
                    f"{rng.choice('ABCDEGHJKLMNPRSTVWXZ')}",
                    "city": kern,
                }
            )
        ids = db.session.scalars(
            insert(Household).returning(Household.id, sort_by_parameter_order=True), households
        ).all()
        for household_id, address in zip(ids, addresses, strict=True):
            address["household_id"] = household_id
        db.session.execute(insert(MailingAddress), addresses)
        total += len(ids)
    return total
