"""Resetting an activity's answers: what goes, what stays, the minute to undo it, and that the
removed text is gone from the disk afterwards. Real database file, real Socket.IO clients."""

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from facilitation import resets, workshops
from facilitation.errors import Conflict
from facilitation.models import (Activity, ActivityReset, AnswerRequest, HeldRow, Response, Upvote, Workshop,
                                 utcnow)

from .conftest import vote
from .test_deletion import files_holding

SECRET_IDEA = "testsvar fra igaar ZK41"  # ASCII: JSON keeps it as typed on the disk


def count(database, model, **where) -> int:
    with database.reading() as db:
        query = select(func.count()).select_from(model)
        for name, value in where.items():
            query = query.where(getattr(model, name) == value)
        return db.scalar(query)


def chosen(tally) -> dict:
    """A poll's counts without the options nobody chose."""
    return {option: n for option, n in tally["counts"].items() if n}


def reset(database, activity_id, undo_seconds=60.0):
    with database.transaction() as db:
        done = resets.reset_activity(db, db.get(Activity, activity_id), undo_seconds)
        return done.id, done.answers_removed, done.votes_removed


def undo(database, reset_id, now=None):
    with database.transaction() as db:
        return resets.undo_reset(db, db.get(ActivityReset, reset_id), now)


@pytest.fixture
def qa_with_votes(database, workshop, phone):
    """A Q&A, presented and open, with two questions and three votes on them."""
    with database.transaction() as db:
        target = db.get(Workshop, workshop.id)
        qa = workshops.add_activity(db, target, "qa", "Spørgsmål?", {})
        workshops.open_activity(db, qa)
        workshops.present(db, target, qa.id)
        qa_id = qa.id
    alice, bob, carl = phone(), phone(), phone()
    ids = []
    for author, text in ((alice, "Hvornår starter vi?"), (bob, "Hvem betaler?")):
        ack = author.emit("respond", {"activity_id": qa_id, "answer": {"text": text}, "request_id": text[:8]},
                          callback=True)
        assert ack["ok"], ack
        ids.append(ack["answer"]["id"])
    for voter, entry in ((bob, ids[0]), (carl, ids[0]), (carl, ids[1])):
        assert voter.emit("upvote", {"entry_id": entry, "up": True}, callback=True)["ok"]
    return qa_id, ids, (alice, bob, carl)


def test_a_reset_removes_answers_and_their_request_ids_and_keeps_the_activity(database, workshop, phone):
    alice, bob = phone(), phone()
    assert vote(alice, workshop.poll_id, ["a"], request_id="alice-1")["ok"]
    assert vote(bob, workshop.poll_id, ["b"])["ok"]
    with database.reading() as db:
        before = db.get(Activity, workshop.poll_id)
        settings = (before.prompt, before.config, before.state, before.position, before.notes)
    reset_id, answers, votes = reset(database, workshop.poll_id)
    assert (answers, votes) == (2, 0)
    assert count(database, Response, activity_id=workshop.poll_id) == 0
    assert count(database, AnswerRequest, activity_id=workshop.poll_id) == 0
    with database.reading() as db:
        after = db.get(Activity, workshop.poll_id)
        assert (after.prompt, after.config, after.state, after.position, after.notes) == settings
        assert db.get(Workshop, workshop.id).presented_activity_id == workshop.poll_id
        assert workshops.results(db, after)["responses"] == 0
        record = db.get(ActivityReset, reset_id)
        assert (record.answers_removed, record.activity_id) == (2, workshop.poll_id)
    # The phone is back to "not answered", and answering again counts again, with the old request id too.
    assert alice.emit("sync", {}, callback=True)["view"]["answers"] == {}
    assert vote(alice, workshop.poll_id, ["c"], request_id="alice-1")["ok"]
    with database.reading() as db:
        assert chosen(workshops.results(db, db.get(Activity, workshop.poll_id))) == {"c": 1}


def test_a_reset_removes_questions_and_the_votes_on_them_and_undo_brings_them_back(database, qa_with_votes):
    qa_id, ids, (alice, bob, carl) = qa_with_votes
    with database.reading() as db:
        before = workshops.results(db, db.get(Activity, qa_id))
    reset_id, answers, votes = reset(database, qa_id)
    assert (answers, votes) == (2, 3)
    assert count(database, Upvote) == 0
    assert bob.emit("sync", {}, callback=True)["view"]["upvoted"] == []
    assert undo(database, reset_id) == 2
    with database.reading() as db:
        assert workshops.results(db, db.get(Activity, qa_id)) == before
        assert db.get(ActivityReset, reset_id) is None  # an undone reset never happened
    assert count(database, HeldRow) == 0
    assert carl.emit("sync", {}, callback=True)["view"]["upvoted"] == sorted(ids)


def test_an_answer_given_again_after_the_reset_wins_over_the_undone_one(database, workshop, phone):
    alice, bob = phone(), phone()
    vote(alice, workshop.poll_id, ["a"])
    vote(bob, workshop.poll_id, ["a"])
    reset_id, _, _ = reset(database, workshop.poll_id)
    vote(alice, workshop.poll_id, ["b"])
    assert undo(database, reset_id) == 1  # bob's
    with database.reading() as db:
        assert chosen(workshops.results(db, db.get(Activity, workshop.poll_id))) == {"a": 1, "b": 1}


def test_ideas_sent_after_the_reset_keep_their_place_and_undone_ones_follow(database, workshop, phone):
    with database.transaction() as db:
        target = db.get(Workshop, workshop.id)
        ideas = workshops.add_activity(db, target, "ideas", "Idéer?", {})
        workshops.open_activity(db, ideas)
        workshops.present(db, target, ideas.id)
        ideas_id = ideas.id
    alice = phone()
    send = lambda text: alice.emit("respond", {"activity_id": ideas_id, "answer": {"text": text},  # noqa: E731
                                               "request_id": text}, callback=True)
    assert send("Først")["ok"]
    reset_id, _, _ = reset(database, ideas_id)
    assert send("Efter nulstilling")["ok"]
    assert undo(database, reset_id) == 1
    with database.reading() as db:
        slots = {entry.answer["text"]: entry.slot
                 for entry in db.scalars(select(Response).where(Response.activity_id == ideas_id))}
    assert slots == {"Efter nulstilling": 1, "Først": 2}


def test_nothing_to_remove_is_refused_and_changes_nothing(database, workshop):
    with pytest.raises(Conflict):
        reset(database, workshop.poll_id)
    assert count(database, ActivityReset) == 0


def test_after_the_window_the_reset_cannot_be_undone_and_what_it_held_is_deleted(database, workshop, phone):
    vote(phone(), workshop.poll_id, ["a"])
    reset_id, _, _ = reset(database, workshop.poll_id, undo_seconds=60)
    later = utcnow() + timedelta(seconds=61)
    with pytest.raises(Conflict):
        undo(database, reset_id, now=later)
    with database.transaction() as db:
        assert resets.purge_expired(db, now=utcnow()) == set()  # still within the minute
    assert count(database, HeldRow) == 2  # the answer and its request id
    with database.transaction() as db:
        assert resets.purge_expired(db, now=later) == {workshop.poll_id}
    assert count(database, HeldRow) == 0
    with database.reading() as db:
        record = db.get(ActivityReset, reset_id)
        assert record.undo_until is None and record.answers_removed == 1  # the record stays
    with pytest.raises(Conflict):
        undo(database, reset_id)


def test_a_removed_idea_is_gone_from_every_database_file_after_the_window(app, database, workshop, phone):
    with database.transaction() as db:
        target = db.get(Workshop, workshop.id)
        ideas = workshops.add_activity(db, target, "ideas", "Idéer?", {})
        workshops.open_activity(db, ideas)
        workshops.present(db, target, ideas.id)
        ideas_id = ideas.id
    ack = phone().emit("respond", {"activity_id": ideas_id, "answer": {"text": SECRET_IDEA}, "request_id": "r1"},
                       callback=True)
    assert ack["ok"], ack
    folder = Path(app.instance_path)
    reset(database, ideas_id, undo_seconds=0)
    assert files_holding(folder, SECRET_IDEA)  # held for the undo: the test would prove nothing otherwise
    app.extensions["live"].flush()  # the broadcaster's tick: the window has passed
    assert files_holding(folder, SECRET_IDEA) == []


def test_the_record_says_when_a_reset_happened_and_what_it_removed(database, workshop, phone):
    from io import BytesIO

    from openpyxl import load_workbook

    from pypdf import PdfReader

    from facilitation.record import pdf as report_pdf
    from facilitation.record import report
    from facilitation.record import spreadsheet

    vote(phone(), workshop.poll_id, ["a"])
    vote(phone(), workshop.poll_id, ["b"])
    reset(database, workshop.poll_id)
    with database.reading() as db:
        target = db.get(Workshop, workshop.id)
        context = report.report_context(db, target)
        book = load_workbook(BytesIO(spreadsheet.workshop_xlsx(db, target)))
        pdf = PdfReader(BytesIO(report_pdf.workshop_pdf(db, target)))
    line = next(note for note in context["activities"][0]["notes"] if "reset" in note)
    assert line.endswith(": 2 removed.") and utcnow().strftime("%Y-") in line
    cells = [cell.value for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert line in cells
    assert "2 removed." in " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)


def test_the_api_resets_and_undoes_and_every_screen_hears_it(app, database, facilitator, workshop, phone):
    from facilitation import socketio

    alice = phone()
    vote(alice, workshop.poll_id, ["a"])
    dashboard = socketio.test_client(app, auth={"role": "facilitator", "workshop": workshop.id,
                                                "token": facilitator.token})
    screen = socketio.test_client(app, auth={"role": "screen", "workshop": workshop.id, "key": workshop.screen_secret})
    http = app.test_client()
    counts = http.get(f"/api/v1/activities/{workshop.poll_id}/answer-counts", headers=facilitator.headers).json
    assert counts == {"answers": 1, "votes": 0}
    for client in (alice, dashboard, screen):
        client.get_received()
    response = http.post(f"/api/v1/activities/{workshop.poll_id}/reset", headers=facilitator.headers)
    assert response.status_code == 201, response.text
    done = response.json["reset"]
    assert done["answers_removed"] == 1 and 0 < done["undo_seconds"] <= 60
    heard = {name: [m for m in client.get_received()] for name, client in
             (("phone", alice), ("dashboard", dashboard), ("screen", screen))}
    assert {"activity_id": workshop.poll_id, "undone": False} in [m["args"][0] for m in heard["phone"]
                                                                  if m["name"] == "answers_reset"]
    for name in ("dashboard", "screen"):
        views = [m["args"][0] for m in heard[name] if m["name"] == "workshop"]
        assert views and views[-1]["activities"][0]["results"]["responses"] == 0, name
    again = http.post(f"/api/v1/activities/{workshop.poll_id}/reset", headers=facilitator.headers)
    assert again.status_code == 409  # nothing left to remove
    undone = http.post(f"/api/v1/resets/{done['id']}/undo", headers=facilitator.headers)
    assert undone.json == {"activity_id": workshop.poll_id, "restored": 1}
    assert alice.emit("sync", {}, callback=True)["view"]["answers"] == {str(workshop.poll_id): {"choices": ["a"]}}
    assert http.post(f"/api/v1/resets/{done['id']}/undo", headers=facilitator.headers).status_code == 404
    dashboard.disconnect()
    screen.disconnect()


def test_dashboards_see_the_undo_and_screens_do_not(database, workshop, phone):
    vote(phone(), workshop.poll_id, ["a"])
    reset_id, _, _ = reset(database, workshop.poll_id)
    with database.reading() as db:
        view = workshops.staff_view(db, db.get(Workshop, workshop.id))
    undo_reset = view["activities"][0]["undo_reset"]
    assert undo_reset["id"] == reset_id and undo_reset["answers_removed"] == 1 and 0 < undo_reset["seconds"] <= 60
    assert "undo_reset" not in workshops.screen_view(view)["activities"][0]
    undo(database, reset_id)
    with database.reading() as db:
        assert workshops.staff_view(db, db.get(Workshop, workshop.id))["activities"][0]["undo_reset"] is None


def test_starting_the_server_deletes_what_expired_resets_still_hold(app, database, workshop, phone):
    from facilitation import serve

    vote(phone(), workshop.poll_id, ["a"])
    reset(database, workshop.poll_id, undo_seconds=0)
    assert count(database, HeldRow) == 2
    serve.prepare(app, load_demo=False)  # what `python app.py` does before it listens
    assert count(database, HeldRow) == 0


def test_the_undo_window_is_the_setting_and_after_it_the_text_is_gone(app, database, facilitator, workshop, phone):
    app.config["RESET_UNDO_SECONDS"] = 0.0  # RESET_UNDO_SECONDS=0: the window has passed at once
    with database.transaction() as db:
        target = db.get(Workshop, workshop.id)
        ideas = workshops.add_activity(db, target, "ideas", "Idéer?", {})
        workshops.open_activity(db, ideas)
        workshops.present(db, target, ideas.id)
        ideas_id = ideas.id
    phone().emit("respond", {"activity_id": ideas_id, "answer": {"text": SECRET_IDEA}, "request_id": "r1"},
                 callback=True)
    http = app.test_client()
    done = http.post(f"/api/v1/activities/{ideas_id}/reset", headers=facilitator.headers).json["reset"]
    assert done["undo_seconds"] == 0
    app.extensions["live"].flush()  # the broadcaster's next tick
    assert files_holding(Path(app.instance_path), SECRET_IDEA) == []
    refused = http.post(f"/api/v1/resets/{done['id']}/undo", headers=facilitator.headers)
    assert refused.status_code == 409 and refused.json["error"]["code"] == "conflict"
