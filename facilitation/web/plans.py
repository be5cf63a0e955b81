"""Workshop plans on the web: import a plan file (page and API) or a workshop archive (the page:
facilitation/archives.py), download a workshop's plan, and duplicate a workshop. The format and its errors live in facilitation/plans.py (docs/plans.md).

Every route is for a logged-in facilitator (the API also takes an API token) and reaches a
workshop only through `common.team_workshop` (a co-facilitator or the owner).
"""

from __future__ import annotations

import json
import re
import unicodedata

from flask import Blueprint, Response, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from .. import archives, plans
from ..demo import demo_plan_text
from ..errors import DomainError, InvalidInput, N_
from ..plans import PlanError
from .api import facilitator_action, workshop_json
from .common import ACCOUNT, CO_FACILITATOR, database, requires, team_workshop, translate

bp = Blueprint("plans", __name__)

YAML_TYPE = "application/yaml; charset=utf-8"
# The import form's largest body: an archive at its limit, and the form's other fields.
IMPORT_FORM_BYTES = archives.MAX_ARCHIVE_BYTES + 128 * 1024


def plan_message(error: DomainError) -> str:
    """The error in the reader's language; a kind's refusal inside a plan error is translated
    too (it is a message of its own, see plans.PlanError)."""
    if isinstance(error, PlanError) and error.detail is not None:
        return gettext(error.message, **{**error.params, "problem": translate(error.detail)})
    return translate(error)


def file_name(title: str) -> str:
    """A safe ASCII file name for a plan, from the workshop's title: "Vingsted 2026" →
    "vingsted-2026.yaml"."""
    for letter, spelled in (("æ", "ae"), ("ø", "oe"), ("å", "aa"), ("Æ", "Ae"), ("Ø", "Oe"), ("Å", "Aa")):
        title = title.replace(letter, spelled)
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:80].rstrip("-")
    return f"{slug or 'workshop'}.yaml"


def yaml_download(text: str, name: str) -> Response:
    response = Response(text, content_type=YAML_TYPE)
    response.headers.set("Content-Disposition", "attachment", filename=name)
    return response


# --- pages -------------------------------------------------------------------------------------


def _import_page(error: str | None = None, text: str = "", status: int = 200):
    return render_template(
        "facilitator/plan_import.html", error=error, text=text, max_kib=plans.MAX_PLAN_BYTES // 1024,
        max_archive_mb=archives.MAX_ARCHIVE_BYTES // 2**20,
    ), status


@bp.route("/workshops/import", methods=["GET", "POST"])
@requires(ACCOUNT)
def import_page():
    """Create a workshop from a plan (an uploaded file, or text pasted into the form), or from an
    uploaded workshop archive: the plan with its participants and answers, all in one transaction."""
    if request.method == "GET":
        return _import_page()
    text = request.form.get("plan_text", "")
    upload = request.files.get("plan_file")
    try:
        if upload is not None and upload.filename:
            data = upload.read(archives.MAX_ARCHIVE_BYTES + 1)
            if archives.is_archive(data):
                archive = archives.load_archive(data)
                with database().transaction() as db:
                    workshop_id = archives.import_archive(db, current_user.id, archive).id
                return redirect(url_for("facilitator.dashboard", workshop_id=workshop_id))
            if len(data) > plans.MAX_PLAN_BYTES:
                return too_large(None)
            text = plans.decode_plan(data)
        plan = plans.load_plan(text)
        with database().transaction() as db:
            workshop_id = plans.import_plan(db, current_user.id, plan).id
    except DomainError as error:
        return _import_page(plan_message(error), text, error.status)
    return redirect(url_for("facilitator.dashboard", workshop_id=workshop_id))


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error):
    """A body over MAX_CONTENT_LENGTH (64 KiB, the plan limit too; the import page takes an
    archive's IMPORT_FORM_BYTES), or a plan file over the plan limit: the import form says so."""
    if request.endpoint != "plans.import_page":
        if request.path.startswith("/api/"):
            return jsonify(error={"code": "too_large", "message": gettext("The request is too large.")}), 413
        return gettext("The request is too large."), 413
    too_big = PlanError(N_("The file is too large: a plan may have at most %(max)d KiB, an archive %(archive)d MB."),
                        max=plans.MAX_PLAN_BYTES // 1024, archive=archives.MAX_ARCHIVE_BYTES // 2**20)
    return _import_page(plan_message(too_big), status=413)


@bp.get("/workshops/import/example.yaml")
@requires(ACCOUNT)
def example_plan():
    """The demo workshop's plan file, to start a plan from."""
    return yaml_download(demo_plan_text(), "demo.yaml")


@bp.get("/workshops/<int:workshop_id>/plan.yaml")
@requires(CO_FACILITATOR)
def download_plan(workshop_id: int):
    """The workshop's plan as a YAML file (no answers, no participants)."""
    with database().reading() as db:
        workshop = team_workshop(db, workshop_id)
        text, name = plans.dump_plan(plans.export_plan(workshop)), file_name(workshop.title)
    return yaml_download(text, name)


@bp.post("/workshops/<int:workshop_id>/duplicate")
@requires(CO_FACILITATOR)
def duplicate(workshop_id: int):
    """Copy the workshop without its participants and answers; open the copy's dashboard."""
    with database().transaction() as db:
        workshop = team_workshop(db, workshop_id)
        copy_id = plans.duplicate_workshop(db, current_user.id, workshop).id
    return redirect(url_for("facilitator.dashboard", workshop_id=copy_id))


# --- JSON API (docs/protocol.md) ---------------------------------------------------------------


def _plan_text() -> str:
    """The plan of an API request: the body itself (YAML or JSON), or the JSON object
    ``{"plan": "<YAML or JSON text>"}`` or ``{"plan": {…the plan…}}``."""
    if request.is_json:
        body = request.get_json(silent=True)
        if isinstance(body, dict) and list(body) == ["plan"]:
            plan = body["plan"]
            if isinstance(plan, str):
                return plan
            if isinstance(plan, dict):
                return json.dumps(plan, ensure_ascii=False, indent=2)
            raise InvalidInput(N_("“plan” must be a plan, or the text of one in YAML or JSON."))
    return plans.decode_plan(request.get_data(cache=True))


@bp.post("/api/v1/plans")
@requires(ACCOUNT)
@facilitator_action
def api_import(facilitator_id: int):
    """Create a workshop from a plan; 201 with the workshop, or 400 with the line of the error."""
    try:
        plan = plans.load_plan(_plan_text())
        with database().transaction() as db:
            result = workshop_json(plans.import_plan(db, facilitator_id, plan))
    except PlanError as error:
        return jsonify(
            error={"code": error.code, "message": plan_message(error), "line": error.line}
        ), error.status
    return jsonify(workshop=result), 201


@bp.get("/api/v1/workshops/<int:workshop_id>/plan")
@requires(CO_FACILITATOR)
@facilitator_action
def api_export(facilitator_id: int, workshop_id: int):
    """The workshop's plan as JSON: ``{"plan": {…}}``."""
    with database().reading() as db:
        workshop = team_workshop(db, workshop_id)
        return jsonify(plan=plans.export_plan(workshop))


@bp.post("/api/v1/workshops/<int:workshop_id>/duplicate")
@requires(CO_FACILITATOR)
@facilitator_action
def api_duplicate(facilitator_id: int, workshop_id: int):
    """Copy the workshop without participants and answers: 201 with the copy."""
    with database().transaction() as db:
        workshop = team_workshop(db, workshop_id)
        result = workshop_json(plans.duplicate_workshop(db, facilitator_id, workshop))
    return jsonify(workshop=result), 201
