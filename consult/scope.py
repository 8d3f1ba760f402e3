"""Object scope: which gemeenten an object touches, checked in one place for every route.

Next to the permission a view declares, every object a route names is checked against the
user's gemeenten. Feature packages register, per route argument (``survey_id``,
``entry_id``, ...), the model it names, the gemeenten the object touches and the argument of
its parent. ``authorise_request`` loads every such argument before the view runs: 404 when
the object does not exist or belongs to another parent, 403 when it lies outside the user's
gemeenten. Views take the checked object with ``scope.obj("survey_id")``; an object reached
another way (by a typed code, a form field) goes through ``scope.check`` or ``scope.load``.

Two kinds of object:
- *shared* objects belong to several gemeenten together (a survey, its sections and
  questions). A user sees one when any of its gemeenten is theirs, and changes it only when
  all of them are, unless the view declares with ``@within(...)`` that it acts only on the
  user's own gemeenten (making letters or codes, keying).
- *data* of gemeenten (a household, a response, a keyed form, a letter batch) is reached only
  when every gemeente it touches is the user's.
An object that touches no gemeente at all (a survey without gemeenten yet) is reached only by
whoever made it, besides users without a gemeente scope. Reference data of the whole koepel
(the question bank) is registered with ``everyone=True``.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

from flask import abort, g, request
from flask_login import current_user

from consult.extensions import db


class Need(StrEnum):
    """What a view does with a shared object."""

    SEE = "see"  # read it, or act within the user's own gemeenten
    WHOLE = "whole"  # change what all its gemeenten share


@dataclass(frozen=True)
class Kind:
    """How one route argument names an object and what the object touches."""

    model: type
    gemeenten: Callable[[object], Iterable[int]]
    shared: bool | Callable[[object], bool] = False
    everyone: bool = False
    parent: tuple[str, Callable[[object], int]] | None = None
    owner: Callable[[object], int | None] | None = None


_KINDS: dict[str, Kind] = {}


def register(
    argument: str,
    model: type,
    gemeenten: Callable[[object], Iterable[int]] = lambda obj: (),
    *,
    shared: bool | Callable[[object], bool] = False,
    everyone: bool = False,
    parent: tuple[str, Callable[[object], int]] | None = None,
    owner: Callable[[object], int | None] | None = None,
) -> None:
    """Declare what a route argument of this name loads, and which gemeenten it touches.

    ``parent`` names another argument and how to read its id from the object: the object
    must belong to that parent (a question of this survey) or the route answers 404.
    ``owner`` reads the id of the user who made an object that touches no gemeente.
    ``shared`` may be a function of the object where only some objects of a model are shared.
    """
    _KINDS[argument] = Kind(model, gemeenten, shared, everyone, parent, owner)


def kinds() -> dict[str, Kind]:
    """Every registered route argument (the scope test walks them)."""
    return dict(_KINDS)


def within(*arguments: str) -> Callable:
    """Declare that a view writes only within the user's own gemeenten of these objects."""

    def mark(view: Callable) -> Callable:
        view.scope_within = frozenset(arguments)
        return view

    return mark


def allows(user, obj, kind: Kind, need: Need = Need.SEE) -> bool:
    """Whether the user may reach the object for what the view does with it."""
    if kind.everyone:
        return True
    scope = user.scope_ids
    if scope is None:
        return True
    touched = set(kind.gemeenten(obj))
    if not touched:
        return kind.owner is not None and kind.owner(obj) == user.id
    shared = kind.shared(obj) if callable(kind.shared) else kind.shared
    if shared and need is Need.SEE:
        return bool(touched & scope)
    return touched <= scope


def may(obj, argument: str, need: Need = Need.SEE) -> bool:
    """Whether the current user may reach this object (for lists and offered actions)."""
    return current_user.is_authenticated and allows(current_user, obj, _KINDS[argument], need)


def check(obj, argument: str, need: Need = Need.SEE):
    """Abort with 403 unless the current user may reach this object; return it."""
    if not may(obj, argument, need):
        abort(403)
    return obj


def _get(argument: str, ident):
    found = db.session.get(_KINDS[argument].model, ident) if isinstance(ident, int) else None
    if found is None:
        abort(404)
    return found


def load(argument: str, ident, need: Need = Need.SEE):
    """The object a route argument names, or 404; 403 outside the user's gemeenten."""
    return check(_get(argument, ident), argument, need)


def obj(argument: str):
    """The object of a route argument, checked before the view ran."""
    return g.scoped[argument]


def _need(view, argument: str) -> Need:
    if request.method in {"GET", "HEAD", "OPTIONS"}:
        return Need.SEE
    if argument in getattr(view, "scope_within", ()):
        return Need.SEE
    return Need.WHOLE


def load_route_objects(view, view_args: dict) -> None:
    """Before the view: load and check every object the route names, parents first."""
    g.scoped = {}
    for argument, value in view_args.items():
        kind = _KINDS.get(argument)
        if kind is None:
            continue
        found = _get(argument, value)
        if kind.parent is not None:
            parent_argument, parent_id = kind.parent
            if parent_argument in view_args and parent_id(found) != view_args[parent_argument]:
                abort(404)
        g.scoped[argument] = check(found, argument, _need(view, argument))
