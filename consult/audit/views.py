"""The audit log page: newest first, 50 per page, filtered by action and by person."""

from flask import Blueprint, render_template, request
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import selectinload

from consult.audit.labels import (
    ACTION_LABELS,
    DETAIL_LABELS,
    DETAIL_REFERENCES,
    TARGET_TYPE_LABELS,
    VALUE_LABELS,
)
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

TARGET_MODELS = (User, Gemeente, Corporation)  # named by their "name"


def _value_text(key: str, value, names: dict) -> str:
    if isinstance(value, list):
        if key == "role":
            return " → ".join(role_label(v) for v in value)
        return ", ".join(_value_text(key, v, names) for v in value)
    if key == "role":
        return role_label(value)
    reference = DETAIL_REFERENCES.get(key)
    if reference and isinstance(value, int) and not isinstance(value, bool):
        return names.get((reference, value)) or _kind_and_number(reference, value)
    if isinstance(value, dict):
        return _dict_text(value, names)
    label = VALUE_LABELS.get(value) if isinstance(value, str | bool) else None
    return str(label) if label is not None else str(value)


def _dict_text(value: dict, names: dict) -> str:
    """A condition as 'question is lower than 6'; notes per gemeente as the gemeente names;
    anything else as 'key: value' (what a purge removed, per kind)."""
    if "question" in value and "op" in value:
        op = VALUE_LABELS.get(value["op"], value["op"])
        return f"{value['question']} {op} {_value_text('value', value.get('value'), names)}"
    if all(str(k).isdigit() for k in value):  # notes per gemeente: the gemeenten named
        return ", ".join(names.get(("Gemeente", int(k))) or str(k) for k in value)
    return ", ".join(f"{VALUE_LABELS.get(k, k)}: {v}" for k, v in value.items())  # counts


def _kind_and_number(type_name: str, number) -> str:
    label = TARGET_TYPE_LABELS.get(type_name)
    return f"{label if label is not None else type_name} {number if number is not None else ''}"


def describe_detail(detail: dict | None, names: dict | None = None) -> str:
    """The recorded details of an event in plain words, e.g. 'changed: name, role', with
    the names of the gemeenten, surveys and sections they refer to."""
    parts = []
    for key, value in (detail or {}).items():
        if value is None or value == [] or value == {}:
            continue
        label = DETAIL_LABELS.get(key)
        text = _value_text(key, value, names or {})
        parts.append(f"{label if label is not None else key}: {text}")
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
    return _kind_and_number(event.target_type, event.target_id).strip()


def _same_label(action: str) -> list[str]:
    """The action codes shown with the same words (one filter choice covers them all)."""
    label = action_label(action)
    return sorted({code for code in ACTION_LABELS if action_label(code) == label} | {action})


def _filtered(action: str, person: str):
    stmt = select(AuditEvent)
    if action:
        stmt = stmt.where(AuditEvent.action.in_(_same_label(action)))
    if person == SYSTEM:
        stmt = stmt.where(AuditEvent.actor_id.is_(None))
    elif person.isdigit():
        user_id = bounded_int(person, -1)  # a number no user can have matches no event
        about = and_(AuditEvent.target_type == "User", AuditEvent.target_id == user_id)
        stmt = stmt.where(or_(AuditEvent.actor_id == user_id, about))
    return stmt


def _model_named(type_name: str):
    """The mapped class an event recorded by name (the shell does not import features)."""
    for mapper in db.Model.registry.mappers:
        if mapper.class_.__name__ == type_name:
            return mapper.class_
    return None


def _referenced(events) -> dict[str, set[int]]:
    """Ids per recorded class name of what the events name, as target or in their details."""
    wanted: dict[str, set[int]] = {}
    for event in events:
        if event.target_type and event.target_id is not None:
            wanted.setdefault(event.target_type, set()).add(event.target_id)
        for key, value in (event.detail or {}).items():
            values = value if isinstance(value, list) else [value]
            if key in DETAIL_REFERENCES:
                ids = {v for v in values if isinstance(v, int) and not isinstance(v, bool)}
                wanted.setdefault(DETAIL_REFERENCES[key], set()).update(ids)
            elif isinstance(value, dict):  # notes per gemeente are keyed by its id
                ids = {int(k) for k in value if str(k).isdigit()}
                wanted.setdefault("Gemeente", set()).update(ids)
    return wanted


def _target_names(events) -> dict[tuple[str, int], str]:
    """Names of the rows the events on this page are about: users, gemeenten and whatever
    a feature's model names with an ``audit_name`` (never addresses or answers)."""
    names = {}
    for type_name, ids in _referenced(events).items():
        model = _model_named(type_name)
        named = model is not None and (hasattr(model, "audit_name") or model in TARGET_MODELS)
        if not named or not ids:
            continue
        for item in db.session.scalars(select(model).where(model.id.in_(ids))):
            name = getattr(item, "audit_name", None) or getattr(item, "name", None)
            if name:
                names[(type_name, item.id)] = str(name)
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
    codes = set(ACTION_LABELS) | set(db.session.scalars(select(AuditEvent.action).distinct()))
    by_label = {}
    for code in sorted(codes):  # one choice per wording, never the same words twice
        by_label.setdefault(action_label(code), code)
    if action and action_label(action) in by_label:
        by_label[action_label(action)] = action
    actions = sorted(by_label.values(), key=lambda a: action_label(a).lower())
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
