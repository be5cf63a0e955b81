"""The workshop's record: the XLSX workbook, a CSV per activity, the printable report and its PDF.

Only the workshop's owners and co-facilitators get them (`requires(CO_FACILITATOR)`, then
`team_workshop`: 403 for a moderator or someone outside the team, 404 for no such workshop).
Everything is rendered in the workshop's language, whatever the facilitator's own.

Endpoints: exports.workshop_xlsx, exports.activity_csv, exports.report, exports.report_pdf,
exports.workshop_archive (plan and anonymous answers as JSON, facilitation/archives.py).
"""

from __future__ import annotations

import re
import unicodedata
from io import BytesIO

from flask import Blueprint, abort, make_response, render_template, send_file
from flask_babel import force_locale, gettext

from .. import archives
from ..record import pdf, report, spreadsheet
from .common import CO_FACILITATOR, database, requires, team_workshop

bp = Blueprint("exports", __name__)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file_name(title: str, extension: str, suffix: str = "") -> str:
    """A download name from the workshop's title: "strategidag-2.csv"; Danish letters kept
    (the browser gets them through filename*), path characters dropped."""
    name = unicodedata.normalize("NFC", title).strip().lower()
    name = re.sub(r"[^\w]+", "-", name).strip("-")[:60] or "workshop"
    return f"{name}{suffix}.{extension}"


def _download(data: bytes, mimetype: str, name: str):
    response = send_file(BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=name)
    response.headers["Cache-Control"] = "private, no-store"  # the room's answers: keep out of caches
    return response


def _translate(message: str) -> str:
    return gettext(message)


@bp.get("/workshops/<int:workshop_id>/export.xlsx")
@requires(CO_FACILITATOR)
def workshop_xlsx(workshop_id: int):
    """The whole workshop as a spreadsheet: overview, a summary sheet per activity, responses."""
    with database().reading() as db:
        workshop = team_workshop(db, workshop_id)
        with force_locale(workshop.language):
            data = spreadsheet.workshop_xlsx(db, workshop, _translate)
        name = _file_name(workshop.title, "xlsx")
    return _download(data, XLSX, name)


@bp.get("/workshops/<int:workshop_id>/activities/<int:activity_id>/export.csv")
@requires(CO_FACILITATOR)
def activity_csv(workshop_id: int, activity_id: int):
    """One activity's results as CSV (UTF-8 with BOM; for a Danish workshop semicolon-separated
    with a decimal comma, for an English one comma-separated with a decimal point)."""
    with database().reading() as db:
        workshop = team_workshop(db, workshop_id)
        activity = next((a for a in workshop.activities if a.id == activity_id), None)
        if activity is None:
            abort(404)
        number = workshop.activities.index(activity) + 1
        with force_locale(workshop.language):
            text = spreadsheet.activity_csv(db, activity, _translate, workshop.language)
        name = _file_name(workshop.title, "csv", f"-{number}")
    return _download(text.encode("utf-8"), "text/csv", name)  # Flask adds "; charset=utf-8" once


@bp.get("/workshops/<int:workshop_id>/report", endpoint="report")
@requires(CO_FACILITATOR)
def report_page(workshop_id: int):
    """The printable report: every activity's prompt, chart, figures and agreement."""
    with database().reading() as db:
        workshop = team_workshop(db, workshop_id)
        with force_locale(workshop.language):
            context = report.report_context(db, workshop, _translate)
            page = render_template("report/report.html", report=context)
    response = make_response(page)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/workshops/<int:workshop_id>/report.pdf", endpoint="report_pdf")
@requires(CO_FACILITATOR)
def report_pdf_file(workshop_id: int):
    """The same report as a PDF, drawn in pure Python (fpdf2) with the vendored DejaVu fonts."""
    with database().reading() as db:
        workshop = team_workshop(db, workshop_id)
        with force_locale(workshop.language):
            data = pdf.workshop_pdf(db, workshop, _translate)
        name = _file_name(workshop.title, "pdf")
    return _download(data, "application/pdf", name)


@bp.get("/workshops/<int:workshop_id>/archive.json")
@requires(CO_FACILITATOR)
def workshop_archive(workshop_id: int):
    """The workshop archive: its plan and its anonymous answers in one JSON file, to import on
    another server (docs/plans.md, "Workshop archives")."""
    with database().reading() as db:
        workshop = team_workshop(db, workshop_id)
        data = archives.dump_archive(archives.export_archive(db, workshop))
        name = _file_name(workshop.title, "json", "-arkiv" if workshop.language == "da" else "-archive")
    return _download(data, "application/json", name)
