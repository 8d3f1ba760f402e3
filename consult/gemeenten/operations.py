"""Adding and changing gemeenten and corporations, with the checks both the form and import use."""

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from consult.audit.operations import record_event
from consult.extensions import db
from consult.gemeenten.models import Corporation, Gemeente, Werkgebied
from consult.households.models import Household

log = logging.getLogger(__name__)

MAX_NAME_LENGTH = 120
MAX_HO_LENGTH = 200
_CBS_CODE = re.compile(r"^(?:GM)?\s*-?\s*(\d{1,4})$", re.IGNORECASE)
_THOUSANDS = re.compile(r"^\d{1,3}(?:[. ]\d{3})+$")
_NAME_SEPARATORS = re.compile(r"[\n;|]")


class GemeenteError(Exception):
    """A gemeente or corporation change that is not allowed; the message is fit for the user."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass
class GemeenteData:
    """Checked values for one gemeente, as the form and the import deliver them."""

    name: str
    cbs_code: str
    werkgebied: Werkgebied = Werkgebied.KERN
    huurdersorganisatie: str | None = None
    rental_homes: int | None = None
    former_names: list[str] = field(default_factory=list)


def normalise_cbs_code(raw: str | None) -> str:
    """'GM0123', 'gm 0123', '0123' and '123' all become 'GM0123'."""
    match = _CBS_CODE.match((raw or "").strip())
    if not match:
        raise GemeenteError(
            _("Enter the CBS code as GM followed by 4 digits, like GM0200."), "cbs_code"
        )
    return "GM" + match.group(1).zfill(4)


def parse_rental_homes(raw: str | int | None) -> int | None:
    """A whole number of 0 or more ('1200', '1.200' and '1 200' are the same), or None."""
    if raw is None or isinstance(raw, int):
        value = raw
    else:
        text = str(raw).strip()
        if not text:
            return None
        if _THOUSANDS.match(text):
            text = text.replace(".", "").replace(" ", "")
        value = int(text) if text.isdigit() else -1
    if value is not None and (value < 0 or value > 10_000_000):
        raise GemeenteError(
            _("Enter the number of rental homes as a whole number of 0 or more, like 1200."),
            "rental_homes",
        )
    return value


def parse_name_list(raw: str | None, separators: re.Pattern = _NAME_SEPARATORS) -> list[str]:
    """Names from text with one name per line (or separated by ; or |), without doubles."""
    names: dict[str, str] = {}
    for part in separators.split(raw or ""):
        name = " ".join(part.split())
        if name:
            names.setdefault(name.lower(), name)
    return list(names.values())


def clean_name(raw: str | None, field_name: str = "name") -> str:
    """A gemeente or corporation name without stray spaces, or GemeenteError."""
    name = " ".join((raw or "").split())
    if not name:
        raise GemeenteError(_("Enter the name."), field_name)
    if len(name) > MAX_NAME_LENGTH:
        raise GemeenteError(
            _("The name may be at most %(n)d characters long.", n=MAX_NAME_LENGTH), field_name
        )
    return name


def clean_huurdersorganisatie(raw: str | None) -> str | None:
    """The name of the local tenants' organisation, or None when the koepel represents them."""
    name = " ".join((raw or "").split())
    if len(name) > MAX_HO_LENGTH:
        raise GemeenteError(
            _("The name may be at most %(n)d characters long.", n=MAX_HO_LENGTH),
            "huurdersorganisatie",
        )
    return name or None


def find_gemeente(name_or_code: str) -> Gemeente | None:
    """The gemeente with this name, earlier name (before a merger) or CBS code."""
    text = " ".join((name_or_code or "").split())
    if not text:
        return None
    if _CBS_CODE.match(text):
        found = db.session.scalar(
            select(Gemeente).where(Gemeente.cbs_code == normalise_cbs_code(text))
        )
        if found:
            return found
    wanted = text.lower()
    gemeenten = db.session.scalars(select(Gemeente)).all()
    for gemeente in gemeenten:
        if gemeente.name.lower() == wanted:
            return gemeente
    for gemeente in gemeenten:
        if wanted in (n.lower() for n in gemeente.former_name_list):
            return gemeente
    return None


def name_conflicts(proposed: dict[str, tuple[str, list[str]]]) -> dict[str, str]:
    """Messages per CBS code whose name or earlier names clash with another gemeente.

    ``proposed`` maps CBS codes to (name, earlier names) for the gemeenten being saved; every
    other gemeente keeps its stored names.
    """
    final = {g.cbs_code: (g.name, g.former_name_list) for g in db.session.scalars(select(Gemeente))}
    final.update(proposed)
    owners: dict[str, list[str]] = {}
    for code, (name, former) in final.items():
        for label in {name.lower(), *(n.lower() for n in former)}:
            owners.setdefault(label, []).append(code)
    problems: dict[str, str] = {}
    for code, (name, former) in proposed.items():
        for label in [name, *former]:
            others = sorted(c for c in owners[label.lower()] if c != code)
            if others:
                problems[code] = _(
                    "The name %(name)s is already used by gemeente %(code)s (as its name or an "
                    "earlier name).",
                    name=label,
                    code=others[0],
                )
                break
    return problems


def gemeenten_overview(scope: set[int] | None) -> list[tuple[Gemeente, int]]:
    """Gemeenten in a user's scope with their corporations and number of active households."""
    stmt = (
        select(Gemeente, func.count(Household.id))
        .outerjoin(Household, (Household.gemeente_id == Gemeente.id) & Household.active)
        .options(selectinload(Gemeente.corporations))
        .group_by(Gemeente.id)
        .order_by(Gemeente.name)
    )
    if scope is not None:
        stmt = stmt.where(Gemeente.id.in_(scope))
    return [(g, count) for g, count in db.session.execute(stmt).all()]


def households_per_kern(gemeente: Gemeente) -> list[tuple[str | None, int]]:
    """Active households of a gemeente counted per kern (village or town)."""
    stmt = (
        select(Household.kern, func.count(Household.id))
        .where(Household.gemeente_id == gemeente.id, Household.active)
        .group_by(Household.kern)
        .order_by(func.count(Household.id).desc(), Household.kern)
    )
    return [(kern, count) for kern, count in db.session.execute(stmt).all()]


def create_gemeente(
    data: GemeenteData, *, corporations: Iterable[Corporation] = (), by=None
) -> Gemeente:
    """Add a gemeente after checking that its code and names are free."""
    _ensure_free(data, except_id=None)
    gemeente = Gemeente(
        name=data.name,
        cbs_code=data.cbs_code,
        werkgebied=data.werkgebied,
        huurdersorganisatie=data.huurdersorganisatie,
        rental_homes=data.rental_homes,
        former_names=";".join(data.former_names) or None,
    )
    gemeente.corporations = sorted(set(corporations), key=lambda c: c.name)
    db.session.add(gemeente)
    db.session.flush()
    record_event("gemeente.create", actor=by, target=gemeente, cbs_code=gemeente.cbs_code)
    return gemeente


def update_gemeente(
    gemeente: Gemeente,
    data: GemeenteData,
    *,
    corporations: Iterable[Corporation] | None = None,
    by=None,
) -> list[str]:
    """Change a gemeente; returns the names of the fields that changed."""
    _ensure_free(data, except_id=gemeente.id)
    changed = apply_gemeente_data(gemeente, data)
    if corporations is not None:
        wanted = sorted(set(corporations), key=lambda c: c.name)
        if {c.id for c in wanted} != {c.id for c in gemeente.corporations}:
            gemeente.corporations = wanted
            changed.append("corporations")
    if changed:
        db.session.flush()
        record_event("gemeente.update", actor=by, target=gemeente, fields=changed)
    return changed


def apply_gemeente_data(gemeente: Gemeente, data: GemeenteData) -> list[str]:
    """Copy checked values onto a gemeente; returns the names of the fields that changed."""
    values = {
        "name": data.name,
        "cbs_code": data.cbs_code,
        "werkgebied": data.werkgebied,
        "huurdersorganisatie": data.huurdersorganisatie,
        "rental_homes": data.rental_homes,
        "former_names": ";".join(data.former_names) or None,
    }
    changed = [key for key, value in values.items() if getattr(gemeente, key) != value]
    for key in changed:
        setattr(gemeente, key, values[key])
    return changed


def _ensure_free(data: GemeenteData, *, except_id: int | None) -> None:
    taken = db.session.scalar(select(Gemeente).where(Gemeente.cbs_code == data.cbs_code))
    if taken is not None and taken.id != except_id:
        raise GemeenteError(
            _(
                "CBS code %(code)s already belongs to %(name)s.",
                code=data.cbs_code,
                name=taken.name,
            ),
            "cbs_code",
        )
    proposed = {data.cbs_code: (data.name, data.former_names)}
    if except_id is not None:
        current = db.session.get(Gemeente, except_id)
        if current is not None and current.cbs_code != data.cbs_code:
            proposed[current.cbs_code] = ("", [])  # its old code disappears with this change
    problem = name_conflicts(proposed).get(data.cbs_code)
    if problem:
        raise GemeenteError(problem, "name")


def list_corporations() -> list[Corporation]:
    """Every corporation with its gemeenten, by name."""
    stmt = (
        select(Corporation).options(selectinload(Corporation.gemeenten)).order_by(Corporation.name)
    )
    return list(db.session.scalars(stmt))


def find_corporation(name: str) -> Corporation | None:
    """The corporation with this name, compared without regard to capitals."""
    wanted = " ".join((name or "").split()).lower()
    return db.session.scalar(select(Corporation).where(func.lower(Corporation.name) == wanted))


def save_corporation(
    corporation: Corporation | None, *, name: str, gemeenten: Iterable[Gemeente], by=None
) -> Corporation:
    """Add a corporation (when None is given) or change its name and gemeenten."""
    name = clean_name(name)
    other = find_corporation(name)
    if other is not None and other is not corporation:
        raise GemeenteError(_("There is already a corporation with this name."), "name")
    wanted = sorted(set(gemeenten), key=lambda g: g.name)
    if corporation is None:
        corporation = Corporation(name=name, gemeenten=wanted)
        db.session.add(corporation)
        db.session.flush()
        record_event("corporation.create", actor=by, target=corporation)
        return corporation
    changed = ["name"] if corporation.name != name else []
    if {g.id for g in wanted} != {g.id for g in corporation.gemeenten}:
        changed.append("gemeenten")
    corporation.name, corporation.gemeenten = name, wanted
    if changed:
        db.session.flush()
        record_event("corporation.update", actor=by, target=corporation, fields=changed)
    return corporation
