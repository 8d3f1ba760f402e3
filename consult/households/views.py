"""Pages of the household register: overview, import (upload → columns → report), purge."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from consult import scope
from consult.extensions import db
from consult.gemeenten.models import Corporation, Gemeente
from consult.households import operations
from consult.households.forms import CancelForm, PurgeForm, UploadForm, mapping_form
from consult.households.importer import import_households
from consult.households.labels import age_band_label, household_type_label
from consult.households.mapping import FIELDS, guess_mapping
from consult.households.models import ImportMapping
from consult.households.reader import ReaderError
from consult.households.report import (
    HouseholdImportError,
    MappingError,
    file_description,
    file_preview,
)
from consult.households.uploads import delete_upload_files, load_upload, save_upload
from consult.permissions import Permission, requires
from consult.routing import int_arg

bp = Blueprint("households", __name__)


@bp.context_processor
def _labels():
    return {
        "age_band_label": age_band_label,
        "household_type_label": household_type_label,
        "file_description": file_description,
    }


@bp.get("/huishoudens")
@requires(Permission.VIEW_HOUSEHOLDS)
def index():
    """The register per gemeente in the user's scope."""
    rows = operations.register_overview(current_user.scope_ids)
    return render_template("households/index.html", rows=rows)


@bp.get("/huishoudens/gemeente/<int:gemeente_id>")
@requires(Permission.VIEW_HOUSEHOLDS)
def gemeente(gemeente_id: int):
    """Households of one gemeente per kern, age band and household type (no addresses)."""
    place = scope.obj("gemeente_id")
    breakdown = operations.gemeente_breakdown(gemeente_id)
    return render_template("households/gemeente.html", gemeente=place, **breakdown)


@bp.route("/huishoudens/importeren", methods=["GET", "POST"])
@requires(Permission.IMPORT_HOUSEHOLDS)
def upload():
    """Step 1: choose the corporation and upload its household file."""
    form = UploadForm()
    corporations = db.session.scalars(select(Corporation).order_by(Corporation.name)).all()
    form.corporation.choices = [SelectChoice(0, _("Choose a corporation"))] + [
        SelectChoice(c.id, c.name) for c in corporations
    ]
    if request.method == "GET" and len(corporations) == 1:
        form.corporation.data = corporations[0].id
    if form.validate_on_submit():
        try:
            corporation = operations.corporation_for_import(
                form.corporation.data, form.new_corporation.data, actor=current_user
            )
            stored = save_upload(
                form.file.data.stream,
                current_app.config["UPLOAD_FOLDER"],
                user_id=current_user.id,
                corporation_id=corporation.id,
                filename=form.file.data.filename,
            )
        except (HouseholdImportError, ReaderError) as exc:
            db.session.rollback()
            form.file.errors.append(str(exc))
        else:
            db.session.commit()
            return redirect(url_for(".columns", token=stored.token))
    return render_template("households/upload.html", form=form)


@bp.route("/huishoudens/importeren/<token>", methods=["GET", "POST"])
@requires(Permission.IMPORT_HOUSEHOLDS)
def columns(token: str):
    """Step 2: check the columns (guessed or saved), then import and show the report."""
    stored = load_upload(current_app.config["UPLOAD_FOLDER"], token, current_user.id)
    corporation = stored and db.session.get(Corporation, stored.corporation_id)
    if stored is None or corporation is None:
        flash(
            _("This file is no longer here: it was imported already or is older than a day."),
            "warning",
        )
        return redirect(url_for(".upload"))
    try:
        table = stored.open()
    except ReaderError as exc:
        delete_upload_files(stored.path)
        flash(str(exc), "error")
        return redirect(url_for(".upload"))
    chosen = _initial_mapping(table.headers, corporation.id)
    initial = chosen["columns"] if request.method == "GET" else None  # a POST says it all
    form = mapping_form(table.headers, table.first_row(), mapping=initial)
    if form.validate_on_submit():
        return _run_import(form, stored, corporation)
    return _render_columns(form, stored, corporation, chosen, table)


def _initial_mapping(headers: list[str], corporation_id: int) -> dict:
    """The saved mapping asked for, else the best fitting saved one, else a guess."""
    asked = int_arg("opgeslagen")
    saved = db.session.get(ImportMapping, asked) if asked else None
    picked = saved is not None
    saved = saved or operations.best_mapping(headers, corporation_id)
    if saved is not None:
        columns = {k: v for k, v in saved.columns.items() if v in headers}
        return {"columns": columns, "saved": saved, "picked": picked}
    return {"columns": guess_mapping(headers), "saved": None, "picked": False}


def _run_import(form, stored, corporation):
    """Import with the chosen columns; show the report, or the form with what is missing."""
    try:
        report = import_households(
            stored.path,
            corporation=corporation,
            mapping=form.mapping(),
            actor=current_user,
            deactivate_missing=form.deactivate_missing.data,
        )
        if (form.save_as.data or "").strip():
            operations.save_import_mapping(
                form.save_as.data, form.mapping(), corporation, actor=current_user
            )
    except MappingError as exc:
        db.session.rollback()
        chosen = {"saved": None, "picked": False, "missing": list(exc.problems.values())}
        return _render_columns(form, stored, corporation, chosen, stored.open())
    except (HouseholdImportError, ReaderError) as exc:
        db.session.rollback()
        delete_upload_files(stored.path)  # addresses are not kept for a failed import
        flash(str(exc), "error")
        return redirect(url_for(".upload"))
    db.session.commit()
    # Imported, or refused: either way the file with its addresses is not kept.
    delete_upload_files(stored.path)
    return render_template(
        "households/report.html", report=report, stored=stored, gemeenten=_gemeente_ids(report)
    )


@bp.post("/huishoudens/importeren/<token>/annuleren")
@requires(Permission.IMPORT_HOUSEHOLDS)
def cancel(token: str):
    """Stop an import before it starts: the uploaded file is deleted at once."""
    stored = load_upload(current_app.config["UPLOAD_FOLDER"], token, current_user.id)
    if CancelForm().validate_on_submit() and stored is not None:
        delete_upload_files(stored.path)
        flash(_("The import has been cancelled and the file deleted."), "success")
    return redirect(url_for(".upload"))


def _render_columns(form, stored, corporation, chosen, table):
    return render_template(
        "households/columns.html",
        form=form,
        cancel_form=CancelForm(),
        fields=FIELDS,
        table=table,
        preview=file_preview(table),
        stored=stored,
        corporation=corporation,
        saved_mappings=operations.saved_mappings(),
        saved=chosen["saved"],
        picked=chosen["picked"],
        missing=chosen.get("missing", []),
        unmatched=[f for f in FIELDS if f.key not in form.shown_fields()],
    )


def _gemeente_ids(report) -> dict[str, int]:
    names = list(report.per_gemeente)
    rows = db.session.execute(select(Gemeente.name, Gemeente.id).where(Gemeente.name.in_(names)))
    return dict(rows.all())


@bp.get("/huishoudens/adressen-wissen")
@requires(Permission.PURGE_ADDRESSES)
def purge():
    """Choose whose mailing addresses to delete after fieldwork; then confirm."""
    choice = request.args.get("gemeente")
    if choice is None:
        return render_template(
            "households/purge.html",
            gemeenten=operations.register_overview(None),
            total=operations.count_addresses(),
        )
    target = _purge_target(choice)
    count = operations.count_addresses(target.id if target else None)
    form = PurgeForm(gemeente=choice)
    return render_template("households/purge_confirm.html", form=form, target=target, count=count)


@bp.post("/huishoudens/adressen-wissen")
@requires(Permission.PURGE_ADDRESSES)
def purge_confirm():
    """Delete the mailing addresses once the user has confirmed; households stay."""
    form = PurgeForm()
    target = _purge_target(form.gemeente.data or "")
    if not form.validate_on_submit():
        count = operations.count_addresses(target.id if target else None)
        return render_template(
            "households/purge_confirm.html", form=form, target=target, count=count
        )
    count = operations.purge_addresses(target, actor=current_user)
    db.session.commit()
    flash(
        _("%(n)d mailing addresses have been deleted. The households remain.", n=count), "success"
    )
    return redirect(url_for(".index"))


def _purge_target(choice: str) -> Gemeente | None:
    """'all' → None; a gemeente id → that gemeente; anything else → 404."""
    if choice == "all":
        return None
    if not choice.isdigit():
        abort(404)
    return scope.load("gemeente_id", int(choice))
