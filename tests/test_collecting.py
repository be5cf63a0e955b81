"""Ideas and questions through the domain and Socket.IO: limits, retries, moderation that never
leaks to the screen or phones, votes, chaining ideas into themes, and self-paced mode."""

import pytest
from sqlalchemy import func, select

from facilitation import socketio, workshops
from facilitation.models import Participant, Response, Theme, Upvote, Workshop

from .conftest import join_as_participant


@pytest.fixture
def ideas_id(database, workshop):
    with database.transaction() as db:
        w = db.get(Workshop, workshop.id)
        activity = workshops.add_activity(db, w, "ideas", "Hvad skal bibliotekerne gøre digitalt sammen?",
                                          {"per_participant": 3, "display": "cloud"})
        workshops.open_activity(db, activity)
        workshops.present(db, w, activity.id)
        return activity.id


@pytest.fixture
def qa_id(database, workshop):
    with database.transaction() as db:
        w = db.get(Workshop, workshop.id)
        activity = workshops.add_activity(db, w, "qa", "Spørgsmål til panelet", {})
        workshops.open_activity(db, activity)
        workshops.present(db, w, activity.id)
        return activity.id


def send(client, activity_id, text, request_id):
    return client.emit("respond", {"activity_id": activity_id, "answer": {"text": text}, "request_id": request_id}, callback=True)


def received(client, name):
    return [m["args"][0] for m in client.get_received() if m["name"] == name]


def connect_staff(app, workshop, facilitator, role):
    auth = {"role": role, "workshop": workshop.id}
    auth.update({"token": facilitator.token} if role == "facilitator" else {"key": workshop.screen_secret})
    client = socketio.test_client(app, auth=auth)
    client.get_received()
    return client


def test_a_participant_sends_up_to_the_limit_and_a_retry_is_one_idea(phone, ideas_id, database):
    client = phone()
    first = send(client, ideas_id, "Fælles app", "r1")
    assert first["ok"] and first["answer"]["text"] == "Fælles app" and first["answer"]["status"] == "visible"
    assert send(client, ideas_id, "Fælles app", "r1")["answer"]["id"] == first["answer"]["id"]
    assert send(client, ideas_id, "Data", "r2")["ok"]
    assert send(client, ideas_id, "Formidling", "r3")["ok"]
    refused = send(client, ideas_id, "En for meget", "r4")
    assert refused["ok"] is False and refused["error"]["code"] == "conflict"
    with database.reading() as db:
        assert db.scalar(select(func.count(Response.id))) == 3


def test_held_and_hidden_ideas_never_reach_the_screen_or_phones(app, workshop, facilitator, phone, ideas_id, database):
    with database.transaction() as db:
        workshops.set_blocked_words(db, db.get(Workshop, workshop.id), "lort")
        workshops.set_results_revealed(db, db.get(workshops.Activity, ideas_id), True)
    dashboard = connect_staff(app, workshop, facilitator, "facilitator")
    screen = connect_staff(app, workshop, facilitator, "screen")
    author, reader = phone(), phone()
    reader.get_received()
    held = send(author, ideas_id, "Sikke noget LORT", "r1")
    assert held["answer"]["status"] == "pending"
    shown = send(author, ideas_id, "Fælles app", "r2")
    app.extensions["live"].flush()
    [full] = received(dashboard, "results")
    [public] = received(screen, "results")
    [phone_results] = received(reader, "results")
    assert [i["text"] for i in full["results"]["moderation"]["pending"]] == ["Sikke noget LORT"]
    for seen in (public, phone_results):
        assert "moderation" not in seen["results"]
        assert [i["text"] for i in seen["results"]["ideas"]] == ["Fælles app"]
        assert "lort" not in str(seen).lower()
    # The facilitator hides the shown one: it disappears from the screen.
    api = app.test_client()
    assert api.post(f"/api/v1/entries/{shown['answer']['id']}/moderate", json={"status": "hidden"}, headers=facilitator.headers).status_code == 200
    app.extensions["live"].flush()
    [public] = received(screen, "results")
    assert public["results"]["ideas"] == [] and public["results"]["words"] == []
    # The author sees that it is not shown, not who hid it.
    mine = author.emit("sync", {}, callback=True)["view"]["entries"][str(ideas_id)]
    assert [(e["text"], e["status"]) for e in mine] == [("Sikke noget LORT", "pending"), ("Fælles app", "hidden")]
    # The screen's own view of the workshop has no moderation either.
    view = screen.emit("sync", {}, callback=True)["view"]
    ideas_view = next(a for a in view["activities"] if a["id"] == ideas_id)
    assert "moderation" not in ideas_view["results"] and "blocked_words" not in view["workshop"]


def test_approval_mode_holds_everything_until_approved(app, workshop, facilitator, phone, database):
    with database.transaction() as db:
        w = db.get(Workshop, workshop.id)
        activity = workshops.add_activity(db, w, "qa", "Spørgsmål?", {"moderation": "approve"})
        workshops.open_activity(db, activity)
        workshops.present(db, w, activity.id)
        activity_id = activity.id
    ack = send(phone(), activity_id, "Hvornår kommer den fælles app?", "q1")
    assert ack["answer"]["status"] == "pending"
    with database.reading() as db:
        assert workshops.results(db, db.get(workshops.Activity, activity_id))["questions"] == []
    app.test_client().post(f"/api/v1/entries/{ack['answer']['id']}/moderate", json={"status": "visible"}, headers=facilitator.headers)
    with database.reading() as db:
        assert [q["text"] for q in workshops.results(db, db.get(workshops.Activity, activity_id))["questions"]] == ["Hvornår kommer den fælles app?"]


def test_one_vote_per_participant_per_question_which_can_be_taken_back(phone, qa_id, database):
    asker, voter = phone(), phone()
    question = send(asker, qa_id, "Hvem betaler?", "q1")["answer"]["id"]
    up = {"entry_id": question, "up": True}
    assert voter.emit("upvote", up, callback=True) == {"ok": True, "entry_id": question, "up": True, "votes": 1}
    assert voter.emit("upvote", up, callback=True)["votes"] == 1  # twice counts once
    assert voter.emit("upvote", {"entry_id": question, "up": False}, callback=True)["votes"] == 0
    own = asker.emit("upvote", up, callback=True)
    assert own["ok"] is False and own["error"]["code"] == "conflict"
    assert voter.emit("upvote", {"entry_id": question, "up": "yes"}, callback=True)["error"]["code"] == "invalid"
    assert voter.emit("upvote", {"entry_id": 99999, "up": True}, callback=True)["error"]["code"] == "not_found"
    with database.reading() as db:
        assert db.scalar(select(func.count(Upvote.id))) == 0


def test_questions_rank_by_votes_live_on_phones(app, phone, qa_id):
    asker, voters = phone(), [phone() for _ in range(2)]
    q1 = send(asker, qa_id, "Første spørgsmål", "q1")["answer"]["id"]
    q2 = send(asker, qa_id, "Andet spørgsmål", "q2")["answer"]["id"]
    for voter in voters:
        voter.emit("upvote", {"entry_id": q2, "up": True}, callback=True)
    voters[0].emit("upvote", {"entry_id": q1, "up": True}, callback=True)
    voters[1].get_received()
    app.extensions["live"].flush()
    [update] = received(voters[1], "results")  # phones see Q&A without a reveal
    assert [(q["text"], q["votes"]) for q in update["results"]["questions"]] == [("Andet spørgsmål", 2), ("Første spørgsmål", 1)]


def test_only_one_question_is_highlighted(app, facilitator, phone, qa_id, database):
    asker = phone()
    ids = [send(asker, qa_id, f"Spørgsmål {i}", f"q{i}")["answer"]["id"] for i in range(2)]
    api = app.test_client()
    for entry_id in ids:
        api.post(f"/api/v1/entries/{entry_id}/highlight", json={"highlighted": True}, headers=facilitator.headers)
    api.post(f"/api/v1/entries/{ids[1]}/answered", json={"answered": True}, headers=facilitator.headers)
    with database.reading() as db:
        questions = {q["id"]: q for q in workshops.results(db, db.get(workshops.Activity, qa_id))["questions"]}
    assert questions[ids[0]]["highlighted"] is False
    assert questions[ids[1]]["answered"] is True and questions[ids[1]]["highlighted"] is False


def test_collect_merge_promote_then_rank_the_new_themes(app, facilitator, workshop, phone, ideas_id, database):
    a, b = phone(), phone()
    app_a = send(a, ideas_id, "En fælles app", "1")["answer"]["id"]
    app_b = send(b, ideas_id, "Fælles app for alle biblioteker", "1")["answer"]["id"]
    data = send(b, ideas_id, "Bedre data om brugerne", "2")["answer"]["id"]
    response = app.test_client().post(f"/api/v1/activities/{ideas_id}/promote", headers=facilitator.headers, json={
        "groups": [{"entry_ids": [app_a, app_b], "title": "Én fælles bibliotek-app"}, {"entry_ids": [data]}]})
    assert response.status_code == 201
    with database.reading() as db:
        themes = {t.title: t.source for t in db.scalars(select(Theme).where(Theme.workshop_id == workshop.id))}
    assert themes["Én fælles bibliotek-app"] == {"activity_id": ideas_id, "entry_ids": sorted([app_a, app_b]),
                                                 "texts": ["En fælles app", "Fælles app for alle biblioteker"], "participants": 2}
    assert themes["Bedre data om brugerne"]["participants"] == 1
    # The screen never gets the ideas' texts behind a theme; the dashboard does.
    screen = connect_staff(app, workshop, facilitator, "screen")
    dashboard = connect_staff(app, workshop, facilitator, "facilitator")
    assert all("source" not in t for t in screen.emit("sync", {}, callback=True)["view"]["themes"])
    assert any(t.get("source") for t in dashboard.emit("sync", {}, callback=True)["view"]["themes"])
    # A ranking on all themes uses them at once.
    with database.transaction() as db:
        w = db.get(Workshop, workshop.id)
        ranking = workshops.add_activity(db, w, "ranking", "Hvad først?", {"themes": "all", "top_k": 2})
        labels = [item["label"] for item in workshops.resolved_config(ranking)["items"]]
    assert "Én fælles bibliotek-app" in labels and "Bedre data om brugerne" in labels


def test_questions_cannot_become_themes(app, facilitator, workshop, phone, qa_id, database):
    """Only a kind whose traits say it promotes (ideas) turns entries into themes."""
    question = send(phone(), qa_id, "Hvem betaler?", "1")["answer"]["id"]
    with database.reading() as db:
        before = len(db.scalars(select(Theme).where(Theme.workshop_id == workshop.id)).all())
    response = app.test_client().post(f"/api/v1/activities/{qa_id}/promote", headers=facilitator.headers,
                                      json={"groups": [{"entry_ids": [question]}]})
    assert response.status_code == 400 and response.json["error"]["message"] == "Kun idéer kan blive til temaer."
    with database.reading() as db:
        assert len(db.scalars(select(Theme).where(Theme.workshop_id == workshop.id)).all()) == before


def test_self_paced_phones_answer_open_activities_in_their_own_order(app, facilitator, workshop, phone, database):
    with database.transaction() as db:
        w = db.get(Workshop, workshop.id)
        second = workshops.add_activity(db, w, "ideas", "Idéer", {})
        workshops.open_activity(db, second)
        workshops.present(db, w, None)
        second_id = second.id
    client = phone()
    assert send(client, second_id, "Noget", "1")["error"]["code"] == "conflict"  # presenter-paced: not presented
    assert app.test_client().post(f"/api/v1/workshops/{workshop.id}/pace", json={"pace": "self_paced"}, headers=facilitator.headers).status_code == 200
    [state] = received(client, "state")
    assert state["pace"] == "self_paced" and {a["id"] for a in state["activities"]} == {workshop.poll_id, second_id}
    assert send(client, second_id, "Noget", "1")["ok"]
    ack = client.emit("respond", {"activity_id": workshop.poll_id, "answer": {"choices": ["a"]}, "request_id": "p"}, callback=True)
    assert ack["ok"]
    assert app.test_client().post(f"/api/v1/workshops/{workshop.id}/pace", json={"pace": "fast"}, headers=facilitator.headers).status_code == 400


def test_sending_ideas_faster_than_a_person_is_slowed_down(app, phone, ideas_id):
    from facilitation.ratelimit import RateLimiter

    app.extensions["rate_limiter"] = RateLimiter(rules={"respond_participant": "2 per 10 seconds"})
    client = phone()
    acks = [send(client, ideas_id, f"Idé {i}", str(i)) for i in range(3)]
    assert [a["ok"] for a in acks] == [True, True, False]
    assert acks[2]["error"]["code"] == "rate_limited" and acks[2]["error"]["message"]


def test_disguised_blocked_words_are_held_and_bidi_controls_never_stored(app, workshop, phone, ideas_id, database):
    with database.transaction() as db:
        workshops.set_blocked_words(db, db.get(Workshop, workshop.id), "idiot")
    client = phone()
    held = send(client, ideas_id, "Sikke en ｉ.ｄ.і.о.t\u200b", "r1")
    assert held["ok"] and held["answer"]["status"] == "pending"
    shown = send(client, ideas_id, "Vedhæft gnp\u202e.exe", "r2")
    assert shown["answer"]["status"] == "visible" and shown["answer"]["text"] == "Vedhæft gnp.exe"
    http = app.test_client()
    join_as_participant(http, workshop.code, name="\u202eIda\u2066")
    with database.reading() as db:
        texts = [r.answer["text"] for r in db.scalars(select(Response).order_by(Response.id))]
        names = db.scalars(select(Participant.display_name)).all()
    assert texts == ["Sikke en ｉ.ｄ.і.о.t\u200b", "Vedhæft gnp.exe"]
    assert "Ida" in names and not any(ch in "".join(names + texts) for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
