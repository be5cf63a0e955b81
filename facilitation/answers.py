"""Storing what phones send: answers (respond) and votes for questions (upvote), many at a time.

`store_answers` and `store_votes` take a batch of submissions and store them in the caller's
transaction with a fixed number of statements, whatever the batch's size: one read of the
batch's activities, one of the answers and request ids already stored, one bulk upsert, one bulk
insert of the request ids. They return one outcome per submission, in order: the stored answer
(or vote count), or the DomainError that refused it. A refused submission changes nothing; the
others in the batch are stored as if each had come alone, in the order they came:

- a retry (a request id that already stored an answer, in the database or earlier in the batch)
  changes nothing and gets the answer stored now;
- two answers of one participant to one activity: the later one wins;
- ideas and questions are numbered per participant and count against the kind's limit.

`respond` and `upvote` are the one-submission forms used by scripts and tests. The per-process
writer that gathers submissions into batches is facilitation/answer_writer.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, select, tuple_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from . import changes
from .blocking import contains_blocked_word
from .errors import Conflict, DomainError, InvalidInput, N_, NotFound
from .kinds import collects, get_kind
from .models import Activity, AnswerRequest, Response, Upvote, Workshop, utcnow
from .workshops.themes import resolved_config
from .workshops.validators import MAX_ANSWER_BYTES, MAX_REQUEST_ID_LENGTH, _json_size, valid_id


@dataclass(frozen=True)
class Answer:
    """A participant's answer to an activity, as a phone sent it (nothing checked yet)."""

    participant_id: int
    workshop_id: int
    activity_id: object
    answer: object
    request_id: object


@dataclass(frozen=True)
class Vote:
    """A participant's vote for a question (up=True) or its taking back (up=False), as sent."""

    participant_id: int
    workshop_id: int
    entry_id: object
    up: object



def respond(session: Session, participant_id: int, workshop_id: int, activity_id, answer, request_id) -> dict:
    """Store one answer and return it as cleaned by the activity's kind, or raise its DomainError.

    For most kinds the answer replaces the participant's earlier answer to the activity. For
    collecting kinds (ideas, questions) each answer is a new entry, up to the kind's limit; the
    returned answer then also has the entry's "id" and moderation "status".

    A request whose `request_id` already stored an answer is a retry: it changes nothing and
    returns the answer stored now, even if the activity has closed since (every request id that
    stored an answer is kept, AnswerRequest).

    The activity's tally is recorded as changed on the session (facilitation/changes.py), so
    that whoever listens hears of it after the commit; the answer writer records its batches.
    """
    outcome = store_one(session, Answer(participant_id, workshop_id, activity_id, answer, request_id))
    changes.tally_changed(session, activity_id)
    return outcome


def upvote(session: Session, participant_id: int, workshop_id: int, entry_id, up) -> dict:
    """Add (up=True) or take back (up=False) this participant's vote for a visible question.

    Voting twice, or taking back a vote that is not there, changes nothing: a retry is harmless.
    Returns ``{"entry_id", "up", "votes"}``, or raises its DomainError. The question's tally is
    recorded as changed on the session, as `respond` does.
    """
    outcome = store_one(session, Vote(participant_id, workshop_id, entry_id, up))
    changes.tally_changed(session, outcome["activity_id"])
    return {key: outcome[key] for key in ("entry_id", "up", "votes")}


def store_one(session: Session, submission: Answer | Vote) -> dict:
    """Store one answer or vote, as store_answers or store_votes would in a batch of one, or
    raise the DomainError that refused it.

    It is stored in a savepoint of the session's transaction. When another
    transaction stored an answer of the same participant in between (a second tab, a resend
    racing the original), the unique constraints refuse the write: it is worked out once more
    against what that transaction stored."""
    store = store_answers if isinstance(submission, Answer) else store_votes
    for _attempt in range(2):
        try:
            with session.begin_nested():
                [outcome] = store(session, [submission])
                if isinstance(outcome, DomainError):
                    raise outcome
                return outcome
        except IntegrityError:
            continue
    raise Conflict(N_("Two of your answers arrived at once. Send this one again."))


def own_entry(entry) -> dict:
    """An idea or question as its author's phone shows it: the text, id and moderation status."""
    return {**entry.answer, "id": entry.id, "status": entry.status}


# --- answers -------------------------------------------------------------------------------


def _check_answer_shape(submission: Answer) -> None:
    """What can be refused without reading the database."""
    request_id = submission.request_id
    if not isinstance(request_id, str) or not 1 <= len(request_id) <= MAX_REQUEST_ID_LENGTH:
        raise InvalidInput(N_("The request needs a request id of 1 to 64 characters."))
    if not valid_id(submission.activity_id):
        raise InvalidInput(N_("The request needs an activity id."))


class _Activities:
    """The batch's activities with what answering them depends on, read in one query."""

    def __init__(self, session: Session, activity_ids: set[int]):
        rows = session.execute(
            select(Activity, Workshop.presented_activity_id, Workshop.pace)
            .join(Workshop, Activity.workshop_id == Workshop.id)
            .where(Activity.id.in_(activity_ids))
        ).all() if activity_ids else []
        self._rows = {activity.id: (activity, presented, pace) for activity, presented, pace in rows}
        self._configs: dict[int, dict] = {}

    def answerable(self, workshop_id: int, activity_id: int) -> Activity:
        """The activity, if participants of this workshop may answer it now: it is open, and it
        is presented (or the workshop is self-paced); else the DomainError that says why not."""
        row = self._rows.get(activity_id)
        if row is None or row[0].workshop_id != workshop_id:
            raise NotFound(N_("There is no such activity."))
        activity, presented_id, pace = row
        if activity.state != "open":
            if activity.state == "closed":
                raise Conflict(N_("This activity is closed. Your earlier answer, if any, still counts."))
            raise Conflict(N_("This activity is not open yet."))
        if pace != "self_paced" and presented_id != activity.id:
            raise Conflict(N_("This activity is not being presented now."))
        return activity

    def config(self, activity: Activity) -> dict:
        if activity.id not in self._configs:
            self._configs[activity.id] = resolved_config(activity)
        return self._configs[activity.id]


def store_answers(session: Session, submissions: list[Answer]) -> list:
    """Store a batch of answers in the session's transaction; one outcome per submission, in
    order: the stored answer (a dict) or the DomainError that refused it (see the module's
    docstring for what a batch promises)."""
    outcomes: list = [None] * len(submissions)
    pending: list[tuple[int, Answer]] = []
    for index, submission in enumerate(submissions):
        try:
            _check_answer_shape(submission)
            pending.append((index, submission))
        except DomainError as error:
            outcomes[index] = error
    if not pending:
        return outcomes

    activity_ids = {s.activity_id for _, s in pending}
    participant_ids = {s.participant_id for _, s in pending}
    activities = _Activities(session, activity_ids)
    stored = session.execute(
        select(Response).where(Response.activity_id.in_(activity_ids), Response.participant_id.in_(participant_ids))
    ).scalars().all()
    # What is stored now, kept current as the batch is worked through in order.
    answer_now = {(r.activity_id, r.participant_id): r.answer for r in stored if r.slot == 0}
    entries_of: dict[tuple, list[Response]] = {}
    entry_by_request = {}
    for response in stored:
        if response.slot > 0:
            entries_of.setdefault((response.activity_id, response.participant_id), []).append(response)
            entry_by_request[(response.activity_id, response.participant_id, response.request_id)] = response
    # Matched as (activity, participant, request id) triples: three separate IN lists would make
    # the database probe every combination of them.
    requests = {(s.activity_id, s.participant_id, s.request_id) for _, s in pending}
    request_columns = (AnswerRequest.activity_id, AnswerRequest.participant_id, AnswerRequest.request_id)
    used_requests = set(session.execute(
        select(*request_columns).where(tuple_(*request_columns).in_(requests))
    ).all())

    now = utcnow()
    answers_to_store: dict[tuple, tuple] = {}  # (activity, participant) -> (answer, request id)
    requests_to_keep: list[tuple] = []
    new_entries: list[Response] = []
    for index, submission in pending:
        key = (submission.activity_id, submission.participant_id)
        request = (*key, submission.request_id)
        if request in entry_by_request:  # an idea or question sent again
            entry = entry_by_request[request]
            outcomes[index] = entry  # read as the author sees it below, once it has an id
            continue
        if request in used_requests:  # an answer sent again, the latest or an older one
            outcomes[index] = answer_now.get(key)
            continue
        try:
            activity = activities.answerable(submission.workshop_id, submission.activity_id)
            if _json_size(submission.answer) > MAX_ANSWER_BYTES:
                raise InvalidInput(N_("The answer is too large."))
            kind = get_kind(activity.kind)
            cleaned = kind.clean_answer(activities.config(activity), submission.answer)
            if collects(kind):
                entry = _new_entry(activity, submission, cleaned, entries_of.setdefault(key, []), now)
                entries_of[key].append(entry)
                entry_by_request[request] = entry
                new_entries.append(entry)
                outcomes[index] = entry
                continue
        except DomainError as error:
            outcomes[index] = error
            continue
        answer_now[key] = cleaned
        answers_to_store[key] = (cleaned, submission.request_id)
        used_requests.add(request)
        requests_to_keep.append(request)
        outcomes[index] = cleaned

    for response in stored:  # replaced by the upsert below; read again if asked
        if response.slot == 0:
            session.expire(response)
    _upsert_answers(session, answers_to_store, now)
    if requests_to_keep:
        _insert_rows(session, AnswerRequest.__table__, [{"activity_id": a, "participant_id": p, "request_id": r} for a, p, r in requests_to_keep])
    if new_entries:
        session.add_all(new_entries)
        session.flush()
    # Ideas and questions (new, or sent again) as their author sees them, now that all have ids.
    return [own_entry(o) if isinstance(o, Response) else o for o in outcomes]


def _new_entry(activity: Activity, submission: Answer, cleaned: dict, sent: list[Response], now) -> Response:
    """A new idea or question from this participant (not yet added to the session), held for
    review when the activity wants approval or the text has a blocked word."""
    limit = activity.config["per_participant"]
    if len(sent) >= limit:
        raise Conflict(N_("You have sent %(max)d already: that is the limit here."), max=limit)
    held = activity.config["moderation"] == "approve" or contains_blocked_word(
        cleaned["text"], activity.workshop.blocked_words or []
    )
    return Response(
        activity_id=activity.id,
        participant_id=submission.participant_id,
        slot=max((entry.slot for entry in sent), default=0) + 1,
        answer=cleaned,
        request_id=submission.request_id,
        status="pending" if held else "visible",
        created_at=now,
        updated_at=now,
    )


def _upsert_answers(session: Session, answers: dict[tuple, tuple], now) -> None:
    """Store one answer per (activity, participant): a new row, or the participant's earlier
    answer replaced."""
    _insert_rows(session, Response.__table__, [
        {"activity_id": activity_id, "participant_id": participant_id, "slot": 0, "answer": answer,
         "request_id": request_id, "status": "visible", "answered": False, "highlighted": False,
         "created_at": now, "updated_at": now}
        for (activity_id, participant_id), (answer, request_id) in answers.items()
    ], on_conflict="(activity_id, participant_id, slot) DO UPDATE SET answer = excluded.answer, "
                   "request_id = excluded.request_id, updated_at = excluded.updated_at")


ROWS_PER_STATEMENT = 500


def _insert_rows(session: Session, table, rows: list[dict], on_conflict: str = "DO NOTHING") -> None:
    """INSERT `rows` (dicts with the same keys) into `table` with `ON CONFLICT <on_conflict>`,
    as a few statements of many rows each, the SQL written here (valid for SQLite and PostgreSQL)
    and the values converted by the columns' own types for the dialect.

    Why not SQLAlchemy's insert(): one execution per row makes the writer's thread wait for the
    interpreter lock after every row while the event loop is busy, and a statement of many rows
    is compiled anew each time (SQLAlchemy does not cache multi-row VALUES), which costs more
    than storing them."""
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    names = list(rows[0])
    converters = []
    for name in names:
        column_type = table.c[name].type
        converters.append(column_type.dialect_impl(dialect).bind_processor(dialect))
    marker = "?" if dialect.paramstyle == "qmark" else "%s"
    one_row = "(" + ", ".join([marker] * len(names)) + ")"
    for start in range(0, len(rows), ROWS_PER_STATEMENT):
        chunk = rows[start:start + ROWS_PER_STATEMENT]
        values = []
        for row in chunk:
            for name, convert in zip(names, converters):
                value = row[name]
                values.append(convert(value) if convert is not None and value is not None else value)
        connection.exec_driver_sql(
            f"INSERT INTO {table.name} ({', '.join(names)}) VALUES {', '.join([one_row] * len(chunk))} "
            f"ON CONFLICT {on_conflict}",
            tuple(values),
        )


# --- votes for questions --------------------------------------------------------------------


def store_votes(session: Session, submissions: list[Vote]) -> list:
    """Store a batch of votes for questions in the session's transaction; one outcome per
    submission, in order: ``{"entry_id", "activity_id", "up", "votes"}`` (the count after the whole batch) or
    the DomainError that refused it. Voting twice, or taking back a vote that is not there,
    changes nothing."""
    outcomes: list = [None] * len(submissions)
    pending = []
    for index, submission in enumerate(submissions):
        if not valid_id(submission.entry_id) or not isinstance(submission.up, bool):
            outcomes[index] = InvalidInput(
                N_("Say which question (entry_id) and whether you vote for it (up: true or false)."))
        else:
            pending.append((index, submission))
    if not pending:
        return outcomes

    entry_ids = {s.entry_id for _, s in pending}
    entries = {
        entry.id: entry
        for entry in session.scalars(select(Response).where(Response.id.in_(entry_ids), Response.slot > 0))
    }
    activities = _Activities(session, {entry.activity_id for entry in entries.values()})
    participant_ids = {s.participant_id for _, s in pending}
    votes_now = set(session.execute(
        select(Upvote.response_id, Upvote.participant_id).where(
            Upvote.response_id.in_(entry_ids), Upvote.participant_id.in_(participant_ids))
    ).all())
    stored_votes = set(votes_now)
    accepted = []
    for index, submission in pending:
        try:
            entry = entries.get(submission.entry_id)
            if entry is None or entry.status != "visible":
                raise NotFound(N_("There is no such question."))
            activity = activities.answerable(submission.workshop_id, entry.activity_id)
            if not getattr(get_kind(activity.kind), "TAKES_VOTES", False):
                raise InvalidInput(N_("Only questions can get votes."))
            if entry.participant_id == submission.participant_id:
                raise Conflict(N_("You cannot vote for your own question."))
        except DomainError as error:
            outcomes[index] = error
            continue
        vote = (entry.id, submission.participant_id)
        if submission.up:
            votes_now.add(vote)
        else:
            votes_now.discard(vote)
        accepted.append((index, submission))

    added, removed = votes_now - stored_votes, stored_votes - votes_now
    if added:
        _insert_rows(session, Upvote.__table__, [{"response_id": r, "participant_id": p, "created_at": utcnow()} for r, p in added])
    if removed:
        session.execute(delete(Upvote).where(tuple_(Upvote.response_id, Upvote.participant_id).in_(removed)))
    counted = dict(session.execute(
        select(Upvote.response_id, func.count(Upvote.id))
        .where(Upvote.response_id.in_({s.entry_id for _, s in accepted}))
        .group_by(Upvote.response_id)
    ).all()) if accepted else {}
    for index, submission in accepted:
        outcomes[index] = {"entry_id": submission.entry_id, "activity_id": entries[submission.entry_id].activity_id,
                           "up": submission.up,
                           "votes": counted.get(submission.entry_id, 0)}
    return outcomes
