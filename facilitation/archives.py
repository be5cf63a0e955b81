"""Workshop archives: one JSON file with a workshop's plan and its anonymous answers, to bring last
year's workshop onto this year's server so that an activity can be compared with it
(facilitation/comparisons.py). The format is documented in docs/plans.md, "Workshop archives".

    {"format": "facilitation-archive", "version": 1,
     "plan": <plans.export_plan(workshop)>,
     "participants": [{"number": 1, "segments": {question: option}}, …],
     "responses": [{"activity": <0-based index in plan["activities"]>, "participant": <number>,
                    "answer": <the stored answer>, "status": "visible" | "pending" | "hidden"}, …]}

Participants are numbered as the XLSX numbers them (join order). An answer names themes by their
0-based index in ``plan["themes"]`` (as a text, "0", "1", …; each kind's ``rename_themes``
does the renaming); "status" is there for collecting kinds only. Never in an archive: names,
display names, cookie ids, internal ids, moderation events, Q&A votes.

- `export_archive(session, workshop)` makes the archive of a workshop.
- `is_archive(data)` tells an uploaded archive from a plan file.
- `load_archive(data)` reads and checks the file's structure; `import_archive` builds the
  workshop: the plan (plans.import_plan), then the participants, then the answers, each cleaned
  by its kind, in bulk; every activity closed with its results revealed, joining closed. Every error is an
  `ArchiveError` naming what it is about; the caller owns the transaction, so nothing is stored.

Flask-free, like the rest of the domain.
"""

from __future__ import annotations

import json
import secrets

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from . import plans, segments, workshops
from .errors import DomainError, N_
from .kinds import collects, get_kind
from .models import ENTRY_STATUSES, Participant, Response, Workshop
from .plans import PlanError
from .record.facts import workshop_participants

FORMAT = "facilitation-archive"
VERSION = 1
MAX_ARCHIVE_BYTES = 20 * 1024 * 1024
MAX_PARTICIPANTS = 20_000
MAX_RESPONSES = 200_000
# How far into a file its format is looked for: an archive written here names it first.
SNIFF_BYTES = 4096


class ArchiveError(PlanError):
    """An archive that cannot be imported; like a PlanError, a kind's refusal is its `detail`."""

    code = "invalid_archive"


# --- export --------------------------------------------------------------------------------------


def export_archive(session: Session, workshop: Workshop) -> dict:
    """The workshop's archive: its plan, its participants by anonymous number with their segment
    answers, and every stored answer with its themes named by their index in the plan.

    An answer its kind would no longer accept once the themes deleted since are taken out of it
    (a rating of deleted themes only, a top-k ballot missing a place) is left out, so that every
    archive written here imports."""
    index = {str(theme.id): str(number) for number, theme in enumerate(workshop.themes)}
    current = {key: key for key in index}
    configs = {activity.id: workshops.resolved_config(activity) for activity in workshop.activities}
    participants = workshop_participants(session, workshop.id)
    numbers = {participant.id: number for number, participant in enumerate(participants, 1)}
    positions = {activity.id: place for place, activity in enumerate(workshop.activities)}
    kinds = {activity.id: get_kind(activity.kind) for activity in workshop.activities}
    stored = session.execute(
        select(Response.activity_id, Response.participant_id, Response.slot, Response.id, Response.answer,
               Response.status)
        .where(Response.activity_id.in_(list(positions)))
    ).all()
    stored.sort(key=lambda row: (positions[row[0]], numbers.get(row[1], 0), row[2], row[3]))
    responses = []
    for activity_id, participant_id, _, _, answer, status in stored:
        kind = kinds[activity_id]
        rename = getattr(kind, "rename_themes", None)
        try:
            kind.clean_answer(configs[activity_id], rename(answer, current) if rename else answer)
        except DomainError:
            continue
        responses.append({
            "activity": positions[activity_id],
            "participant": numbers[participant_id],
            "answer": rename(answer, index) if rename else answer,
            **({"status": status} if collects(kind) else {}),
        })
    return {
        "format": FORMAT,
        "version": VERSION,
        "plan": plans.export_plan(workshop),
        "participants": [{"number": numbers[participant.id], "segments": dict(participant.segments or {})}
                         for participant in participants],
        "responses": responses,
    }


def dump_archive(archive: dict) -> bytes:
    """The archive as the UTF-8 JSON file people download (the format first, for is_archive)."""
    return json.dumps(archive, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# --- import --------------------------------------------------------------------------------------


def is_archive(data: bytes) -> bool:
    """True when an uploaded file is meant as an archive rather than a plan: a JSON object with a
    "format" field (no plan has one) near its start, or one larger than any plan may be."""
    head = data[:SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"{") and (b'"format"' in head or len(data) > plans.MAX_PLAN_BYTES)


def load_archive(data: bytes) -> dict:
    """Read an archive file and check its structure (not yet its answers: import_archive cleans
    them); return it, or raise ArchiveError."""
    if len(data) > MAX_ARCHIVE_BYTES:
        raise ArchiveError(N_("The archive is too large: at most %(max)d MB."), max=MAX_ARCHIVE_BYTES // 2**20)
    try:
        archive = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise ArchiveError(N_("The archive is not a JSON file.")) from None
    return check_archive(archive)


def check_archive(archive) -> dict:
    """Check an archive's structure (format, version, the three parts and their sizes); return
    it, or raise ArchiveError."""
    if not isinstance(archive, dict) or archive.get("format") != FORMAT:
        raise ArchiveError(N_("The file is not a workshop archive."))
    if archive.get("version") != VERSION:
        raise ArchiveError(N_("This archive has version %(version)s; only version %(supported)d can be imported."),
                           version=str(archive.get("version"))[:20], supported=VERSION)
    if not isinstance(archive.get("plan"), dict):
        raise ArchiveError(N_("The archive has no plan."))
    people, answers = archive.get("participants"), archive.get("responses")
    if not isinstance(people, list) or not isinstance(answers, list):
        raise ArchiveError(N_("The archive must list its participants and its responses."))
    if len(people) > MAX_PARTICIPANTS:
        raise ArchiveError(N_("The archive has too many participants: at most %(max)d."), max=MAX_PARTICIPANTS)
    if len(answers) > MAX_RESPONSES:
        raise ArchiveError(N_("The archive has too many responses: at most %(max)d."), max=MAX_RESPONSES)
    return archive


def import_archive(session: Session, facilitator_id: int, archive: dict) -> Workshop:
    """Create the archived workshop for `facilitator_id`: its plan as plans.import_plan builds it,
    its participants (anonymous, with their segment answers) and their answers, each renamed to
    the new theme ids and cleaned by its kind; every activity closed with its results revealed,
    and joining closed. Raises ArchiveError (or the plan's PlanError) naming the first bad part; the caller's
    transaction then stores nothing."""
    archive = check_archive(archive)
    workshop = plans.import_plan(session, facilitator_id, archive["plan"])
    numbers = _store_participants(session, workshop, archive["participants"])
    _store_responses(session, workshop, numbers, archive["responses"])
    for activity in workshop.activities:
        activity.state, activity.results_revealed = "closed", True
    workshop.joining_open = False  # a record of a past meeting: nobody joins it any more
    session.flush()
    return workshop


def _store_participants(session: Session, workshop: Workshop, people: list) -> dict[int, int]:
    """Insert the participants; return {archive number: participant id}."""
    # Whoever joined before a question became required has no answer to it: kept as it is.
    definitions = [{**definition, "required": False} for definition in workshop.segments or []]
    rows, numbers = [], []
    for place, person in enumerate(people, 1):
        number = person.get("number") if isinstance(person, dict) else None
        if type(number) is not int or number in numbers:
            raise ArchiveError(N_("Participant no. %(place)d needs a number of its own."), place=place)
        try:
            answers = segments.clean_answers(definitions, person.get("segments") or {})
        except DomainError as error:
            raise ArchiveError(N_("Participant %(number)d: %(problem)s"), number=number, detail=error) from None
        numbers.append(number)
        rows.append({"workshop_id": workshop.id, "public_id": secrets.token_hex(16), "segments": answers})
    if not rows:
        return {}
    ids = session.scalars(insert(Participant).returning(Participant.id, sort_by_parameter_order=True), rows).all()
    return dict(zip(numbers, ids))


def _store_responses(session: Session, workshop: Workshop, numbers: dict[int, int], answers: list) -> None:
    """Clean every archived answer for its activity and insert them all at once."""
    activities = workshop.activities
    rename = {str(number): str(theme.id) for number, theme in enumerate(workshop.themes)}
    configs = [workshops.resolved_config(activity) for activity in activities]
    kinds = [get_kind(activity.kind) for activity in activities]
    rows, slots = [], {}
    for place, item in enumerate(answers, 1):
        if not isinstance(item, dict):
            raise ArchiveError(N_("Response no. %(place)d is not an object."), place=place)
        index, number = item.get("activity"), item.get("participant")
        if type(index) is not int or not 0 <= index < len(activities):
            raise ArchiveError(N_("Response no. %(place)d names no activity of the plan."), place=place)
        if type(number) is not int or number not in numbers:
            raise ArchiveError(N_("Response no. %(place)d names no participant of the archive."), place=place)
        kind, answer = kinds[index], item.get("answer")
        renaming = getattr(kind, "rename_themes", None)
        try:
            if not isinstance(answer, dict):
                raise ArchiveError(N_("The answer must be an object."))
            answer = kind.clean_answer(configs[index], renaming(answer, rename) if renaming else answer)
        except DomainError as error:
            raise ArchiveError(N_("Response no. %(place)d (activity %(activity)d, participant %(number)d): %(problem)s"),
                               place=place, activity=index + 1, number=number, detail=error) from None
        status = item.get("status", "visible") if collects(kind) else "visible"
        if status not in ENTRY_STATUSES:
            raise ArchiveError(N_("Response no. %(place)d has an unknown status."), place=place)
        key = (index, number)
        if collects(kind):
            slots[key] = slots.get(key, 0) + 1
        elif key in slots:
            raise ArchiveError(N_("Response no. %(place)d is a second answer by the same participant."), place=place)
        else:
            slots[key] = 0
        rows.append({"activity_id": activities[index].id, "participant_id": numbers[number], "slot": slots[key],
                     "answer": answer, "request_id": f"archive-{place}", "status": status})
    if rows:
        session.execute(insert(Response), rows)
