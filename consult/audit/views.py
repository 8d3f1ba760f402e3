"""The audit log page: newest first, 50 per page, filtered by action and by person."""

from flask import Blueprint, render_template, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import selectinload

from consult.audit.models import AuditEvent
from consult.extensions import db
from consult.gemeenten.models import Corporation, Gemeente
from consult.permissions import Permission, requires
from consult.routing import bounded_int, int_arg
from consult.users.models import User
from consult.users.roles import role_label

bp = Blueprint("audit", __name__, url_prefix="/beheer/logboek")

PER_PAGE = 50
SYSTEM = "systeem"  # filter value for events without a person (command line, sign-in attempts)

ACTION_LABELS = {
    "login.success": _l("Signed in"),
    "login.failure": _l("Sign-in failed"),
    "login.locked": _l("Account locked after too many attempts"),
    "login.refused_locked": _l("Sign-in refused: account locked"),
    "logout": _l("Signed out"),
    "results.export": _l("Results downloaded"),
    "password.change": _l("Changed own password"),
    "user.create": _l("User added"),
    "user.update": _l("User changed"),
    "user.deactivate": _l("User deactivated"),
    "user.reactivate": _l("User reactivated"),
    "user.password_reset": _l("New password set for user"),
    "user.unlock": _l("Sign-in lock lifted"),
    "gemeente.create": _l("Gemeente added"),
    "gemeente.update": _l("Gemeente changed"),
    "gemeente.import": _l("Gemeenten imported"),
    "corporation.create": _l("Corporation added"),
    "corporation.created": _l("Corporation added"),
    "corporation.update": _l("Corporation changed"),
    "households.import": _l("Households imported"),
    "households.import_rejected": _l("Household import refused"),
    "households.addresses_purged": _l("Addresses deleted"),
    "households.mapping_saved": _l("Column mapping saved"),
    "bank.seeded": _l("Question bank filled"),
    "bank.question_created": _l("Question added to the bank"),
    "bank.question_changed": _l("Bank question changed"),
    "bank.question_versioned": _l("New version of a bank question"),
    "bank.question_retired": _l("Bank question retired"),
    "survey.created": _l("Survey created"),
    "survey.copied": _l("Survey copied"),
    "survey.imported": _l("Survey imported"),
    "survey.settings_changed": _l("Survey settings changed"),
    "survey.status_changed": _l("Survey status changed"),
    "survey.section_added": _l("Section added"),
    "survey.section_changed": _l("Section changed"),
    "survey.section_moved": _l("Section moved"),
    "survey.section_removed": _l("Section removed"),
    "survey.question_added": _l("Question added"),
    "survey.question_changed": _l("Question changed"),
    "survey.question_moved": _l("Question moved"),
    "survey.question_removed": _l("Question removed"),
    "survey.condition_changed": _l("Condition for showing a question changed"),
    "survey.notes_changed": _l("Notes on a question changed"),
}
# What an event is about, when the page cannot show the name of the thing itself.
TARGET_TYPE_LABELS = {
    "User": _l("User"),
    "Gemeente": _l("Gemeente"),
    "Corporation": _l("Corporation"),
    "Household": _l("Household"),
    "Survey": _l("Survey"),
    "Section": _l("Section"),
    "Question": _l("Question"),
    "BankQuestion": _l("Bank question"),
}

# Labels for the details that services record; unknown keys and values are shown as they are.
DETAIL_LABELS = {
    "fields": _l("changed"),
    "role": _l("role"),
    "gemeenten": _l("gemeenten"),
    "reason": _l("reason"),
    "file": _l("file"),
    "created": _l("added"),
    "updated": _l("changed"),
    "unchanged": _l("unchanged"),
    "new_corporations": _l("new corporations"),
    "temporary": _l("temporary password"),
    "cbs_code": _l("CBS code"),
}
VALUE_LABELS = {
    "name": _l("name"),
    "email": _l("e-mail address"),
    "role": _l("role"),
    "gemeenten": _l("gemeenten"),
    "cbs_code": _l("CBS code"),
    "werkgebied": _l("work area"),
    "huurdersorganisatie": _l("tenants' organisation"),
    "rental_homes": _l("rental homes"),
    "former_names": _l("earlier names"),
    "corporations": _l("corporations"),
    "unknown": _l("unknown e-mail address"),
    "password": _l("wrong password"),
    "inactive": _l("deactivated account"),
    True: _l("yes"),
    False: _l("no"),
}

TARGET_MODELS = {"User": User, "Gemeente": Gemeente, "Corporation": Corporation}


def _value_text(key: str, value) -> str:
    if isinstance(value, list):
        if key == "role":
            return " → ".join(role_label(v) for v in value)
        return ", ".join(_value_text(key, v) for v in value)
    if key == "role":
        return role_label(value)
    label = VALUE_LABELS.get(value) if isinstance(value, str | bool) else None
    return str(label) if label is not None else str(value)


def describe_detail(detail: dict | None) -> str:
    """The recorded details of an event in plain words, e.g. 'changed: name, role'."""
    parts = []
    for key, value in (detail or {}).items():
        if value is None or value == []:
            continue
        label = DETAIL_LABELS.get(key)
        parts.append(f"{label if label is not None else key}: {_value_text(key, value)}")
    return "; ".join(parts)


def action_label(action: str) -> str:
    """The action as shown to people; unknown actions show their code."""
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action


def target_text(event: AuditEvent, names: dict[tuple[str, int], str]) -> str:
    """What the event is about: a name where known, else the kind of thing and its number."""
    if not event.target_type:
        return ""
    name = names.get((event.target_type, event.target_id))
    if name:
        return name
    label = TARGET_TYPE_LABELS.get(event.target_type)
    return f"{label if label is not None else event.target_type} {event.target_id or ''}".strip()


def _filtered(action: str, person: str):
    stmt = select(AuditEvent)
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    if person == SYSTEM:
        stmt = stmt.where(AuditEvent.actor_id.is_(None))
    elif person.isdigit():
        user_id = bounded_int(person, -1)  # a number no user can have matches no event
        about = and_(AuditEvent.target_type == "User", AuditEvent.target_id == user_id)
        stmt = stmt.where(or_(AuditEvent.actor_id == user_id, about))
    return stmt


def _target_names(events) -> dict[tuple[str, int], str]:
    """Names of the users, gemeenten and corporations the events on this page are about."""
    wanted: dict[str, set[int]] = {}
    for event in events:
        if event.target_type in TARGET_MODELS and event.target_id is not None:
            wanted.setdefault(event.target_type, set()).add(event.target_id)
    names = {}
    for type_name, ids in wanted.items():
        model = TARGET_MODELS[type_name]
        for item in db.session.scalars(select(model).where(model.id.in_(ids))):
            names[(type_name, item.id)] = item.name
    return names


@bp.get("")
@requires(Permission.VIEW_AUDIT)
def index():
    """Who did what and when, newest first."""
    action = request.args.get("action", "").strip()[:60]
    person = request.args.get("user", "").strip()[:20]
    page = int_arg("page", 1)
    stmt = _filtered(action, person).options(selectinload(AuditEvent.actor))
    stmt = stmt.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    pagination = db.paginate(stmt, page=max(page, 1), per_page=PER_PAGE, error_out=False)
    actions = sorted(
        set(ACTION_LABELS) | set(db.session.scalars(select(AuditEvent.action).distinct())),
        key=lambda a: action_label(a).lower(),
    )
    people = db.session.scalars(select(User).order_by(User.name)).all()
    return render_template(
        "audit/index.html",
        pagination=pagination,
        events=pagination.items,
        targets=_target_names(pagination.items),
        target_text=target_text,
        actions=actions,
        people=people,
        action=action,
        person=person,
        system=SYSTEM,
        action_label=action_label,
        describe_detail=describe_detail,
    )
