"""How roles are named and explained to people, in plain words."""

from flask_babel import lazy_gettext as _l

from consult.permissions import Role

ROLE_LABELS = {
    Role.ADMIN: _l("Administrator"),
    Role.BESTUUR: _l("Board member"),
    Role.VRIJWILLIGER: _l("Volunteer"),
    Role.LEZER: _l("Reader"),
}

ROLE_DESCRIPTIONS = {
    Role.ADMIN: _l(
        "May do everything: users, gemeenten, imports, surveys, results and the audit log."
    ),
    Role.BESTUUR: _l(
        "Builds surveys, follows fieldwork, reads results, writes positions and position papers, "
        "and organises the keying of paper forms."
    ),
    Role.VRIJWILLIGER: _l("Keys in returned paper forms and codes open answers."),
    Role.LEZER: _l("Reads gemeenten, surveys, results and positions, but cannot change anything."),
}


def role_label(role: str | Role | None) -> str:
    """The role as shown to people, e.g. 'Bestuurslid'."""
    try:
        return str(ROLE_LABELS[Role(role)])
    except ValueError:
        return str(role or "")


def role_description(role: str | Role | None) -> str:
    """One line on what a role may do."""
    try:
        return str(ROLE_DESCRIPTIONS[Role(role)])
    except ValueError:
        return ""
