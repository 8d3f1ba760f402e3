"""Gemeenten and corporations: overview, detail page, changes and the CSV import."""

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from consult import scope
from consult.extensions import db
from consult.gemeenten import importing, operations
from consult.gemeenten.exporting import gemeenten_csv
from consult.gemeenten.forms import CorporationForm, GemeenteForm, ImportForm
from consult.gemeenten.models import Corporation, Gemeente
from consult.permissions import Permission, requires

bp = Blueprint("gemeenten", __name__, url_prefix="/gemeenten")


def _field_error(form, exc: operations.GemeenteError) -> None:
    field = form._fields.get(exc.field or "name") or form.name
    field.errors = [*field.errors, str(exc)]


@bp.get("")
@requires(Permission.VIEW_GEMEENTEN)
def index():
    """The gemeenten in the user's scope with their key figures."""
    rows = operations.gemeenten_overview(current_user.scope_ids)
    return render_template("gemeenten/index.html", rows=rows)


@bp.get("/<int:gemeente_id>")
@requires(Permission.VIEW_GEMEENTEN)
def detail(gemeente_id: int):
    """One gemeente: facts, corporations and households per kern."""
    gemeente = scope.obj("gemeente_id")
    kernen = operations.households_per_kern(gemeente)
    return render_template(
        "gemeenten/detail.html",
        gemeente=gemeente,
        kernen=kernen,
        households=sum(count for _kern, count in kernen),
    )


@bp.route("/nieuw", methods=["GET", "POST"])
@requires(Permission.MANAGE_GEMEENTEN)
def create():
    """Add a gemeente."""
    form = _gemeente_form()
    if form.validate_on_submit():
        try:
            gemeente = operations.create_gemeente(
                form.data_for_service(), corporations=_chosen(form.corporations), by=current_user
            )
        except operations.GemeenteError as exc:
            _field_error(form, exc)
        else:
            db.session.commit()
            flash(_("Gemeente %(name)s has been added.", name=gemeente.name), "success")
            return redirect(url_for(".detail", gemeente_id=gemeente.id))
    return render_template("gemeenten/form.html", form=form, gemeente=None)


@bp.route("/<int:gemeente_id>/bewerken", methods=["GET", "POST"])
@requires(Permission.MANAGE_GEMEENTEN)
def edit(gemeente_id: int):
    """Change the facts of a gemeente."""
    gemeente = scope.obj("gemeente_id")
    form = _gemeente_form(gemeente)
    if form.validate_on_submit():
        try:
            changed = operations.update_gemeente(
                gemeente,
                form.data_for_service(),
                corporations=_chosen(form.corporations),
                by=current_user,
            )
        except operations.GemeenteError as exc:
            _field_error(form, exc)
        else:
            db.session.commit()
            if changed:
                flash(_("The changes to %(name)s have been saved.", name=gemeente.name), "success")
            return redirect(url_for(".detail", gemeente_id=gemeente.id))
    return render_template("gemeenten/form.html", form=form, gemeente=gemeente)


@bp.route("/importeren", methods=["GET", "POST"])
@requires(Permission.MANAGE_GEMEENTEN)
def import_file():
    """Add or update gemeenten from a CSV file: every row or none."""
    form = ImportForm()
    problems, result = [], None
    if form.validate_on_submit():
        upload = form.file.data
        try:
            result = importing.import_gemeenten(
                upload.read(importing.MAX_FILE_BYTES + 1), by=current_user, source=upload.filename
            )
        except importing.ImportFileError as exc:
            db.session.rollback()
            problems = exc.problems
        else:
            db.session.commit()
    return render_template(
        "gemeenten/import.html",
        form=form,
        problems=problems,
        result=result,
        columns=importing.COLUMNS,
    )


@bp.get("/export.csv")
@requires(Permission.MANAGE_GEMEENTEN)
def export_csv():
    """Every gemeente as CSV in the import format (semicolons, UTF-8 for Excel)."""
    return Response(
        gemeenten_csv(),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="gemeenten.csv"'},
    )


@bp.get("/corporaties")
@requires(Permission.VIEW_GEMEENTEN)
def corporations():
    """Corporations with the gemeenten (in the user's scope) where they let homes."""
    scope = current_user.scope_ids
    rows = [
        (c, [g for g in c.gemeenten if scope is None or g.id in scope])
        for c in operations.list_corporations()
    ]
    if scope is not None:
        rows = [(c, gemeenten) for c, gemeenten in rows if gemeenten]
    return render_template("gemeenten/corporations.html", rows=rows)


@bp.route("/corporaties/nieuw", methods=["GET", "POST"])
@requires(Permission.MANAGE_GEMEENTEN)
def create_corporation():
    """Add a corporation."""
    return _corporation_page(None)


@bp.route("/corporaties/<int:corporation_id>", methods=["GET", "POST"])
@requires(Permission.MANAGE_GEMEENTEN)
def edit_corporation(corporation_id: int):
    """Change a corporation's name and gemeenten."""
    return _corporation_page(scope.obj("corporation_id"))


def _corporation_page(corporation: Corporation | None):
    form = CorporationForm()
    form.set_choices("gemeenten", _all(Gemeente))
    if corporation is not None and not form.is_submitted():
        form.name.data = corporation.name
        form.gemeenten.data = [g.id for g in corporation.gemeenten]
    if form.validate_on_submit():
        try:
            saved = operations.save_corporation(
                corporation,
                name=form.name.data,
                gemeenten=_chosen(form.gemeenten),
                by=current_user,
            )
        except operations.GemeenteError as exc:
            _field_error(form, exc)
        else:
            db.session.commit()
            flash(_("Corporation %(name)s has been saved.", name=saved.name), "success")
            return redirect(url_for(".corporations"))
    return render_template("gemeenten/corporation_form.html", form=form, corporation=corporation)


def _all(model) -> list:
    return list(db.session.scalars(select(model).order_by(model.name)))


def _chosen(field) -> list:
    model = Corporation if field.name == "corporations" else Gemeente
    wanted = set(field.data or [])
    return [item for item in _all(model) if item.id in wanted]


def _gemeente_form(gemeente: Gemeente | None = None) -> GemeenteForm:
    form = GemeenteForm()
    form.label_choices()
    form.set_choices("corporations", _all(Corporation))
    if gemeente is not None and not form.is_submitted():
        form.name.data, form.cbs_code.data = gemeente.name, gemeente.cbs_code
        form.werkgebied.data = gemeente.werkgebied.value
        form.huurdersorganisatie.data = gemeente.huurdersorganisatie
        form.rental_homes.data = "" if gemeente.rental_homes is None else str(gemeente.rental_homes)
        form.former_names.data = "\n".join(gemeente.former_name_list)
        form.corporations.data = [c.id for c in gemeente.corporations]
    elif not form.is_submitted():
        form.werkgebied.data = "kern"
    return form
