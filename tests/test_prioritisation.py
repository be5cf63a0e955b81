"""The prioritisation kinds wired through the domain and Socket.IO: themes resolved, answers
validated by kind with translated errors, changed answers counted once, tallies broadcast."""

import pytest
from sqlalchemy import func, select

from facilitation import workshops
from facilitation.models import Response, Workshop

CONFIGS = {
    "rating": {"themes": "all", "scale_min": 1, "scale_max": 5, "allow_dont_know": True},
    "ranking": {"themes": "all", "top_k": None},
    "points": {"themes": "all", "budget": 10, "max_per_theme": None, "spend_all": True, "style": "dots"},
    "matrix": {"themes": "all", "x_label": "Værdi", "y_label": "Gennemførbarhed"},
    "stance": {"themes": "all", "yes_label": "Vi er med", "no_label": "Ikke os", "not_sure_label": "Ved ikke"},
}


@pytest.fixture
def themed(database, workshop):
    """Three themes, and one open activity of each theme kind (presented one at a time)."""
    with database.transaction() as db:
        w = db.get(Workshop, workshop.id)
        ids = [workshop.theme_id] + [workshops.add_theme(db, w, title).id for title in ("KOMBIT", "Kulturarv")]
        activities = {}
        for kind, config in CONFIGS.items():
            activity = workshops.add_activity(db, w, kind, f"{kind}?", config)
            workshops.open_activity(db, activity)
            activities[kind] = activity.id
    return {"themes": [str(i) for i in ids], "activities": activities, "workshop_id": workshop.id}


def present(database, themed, kind):
    with database.transaction() as db:
        workshops.present(db, db.get(Workshop, themed["workshop_id"]), themed["activities"][kind])


def answer_for(kind, t):
    return {
        "rating": {"ratings": {t[0]: 5, t[1]: 2, t[2]: "dont_know"}},
        "ranking": {"order": [t[2], t[0], t[1]]},
        "points": {"points": {t[0]: 6, t[1]: 4}},
        "matrix": {"positions": {t[0]: [80, 90], t[1]: [10, 20]}},
        "stance": {"stances": {t[0]: "yes", t[2]: "not_sure"}},
    }[kind]


BAD = {
    "rating": [{"ratings": {"T0": 6}}, {"ratings": {"T0": 2.5}}, {"ratings": {"999": 3}}, {"ratings": {}}],
    "ranking": [{"order": ["T0", "T0", "T1"]}, {"order": ["T0", "T1"]}, {"order": ["T0", "T1", "999"]}],
    "points": [{"points": {"T0": 11}}, {"points": {"T0": -1, "T1": 11}}, {"points": {"T0": 2.5, "T1": 7.5}},
               {"points": {"T0": 5}}],
    "matrix": [{"positions": {"T0": [101, 50]}}, {"positions": {"T0": [-1, 50]}}, {"positions": {"T0": [50]}},
               {"positions": {"T0": ["a", "b"]}}],
    "stance": [{"stances": {"T0": "maybe"}}, {"stances": {}}, {"stances": {"999": "yes"}}, {"stances": {"T0": 1}},
               {"stances": ["T0"]}],
}


def with_ids(answer, t):
    """Replace the placeholders T0, T1 with real theme ids."""
    import json

    text = json.dumps(answer)
    for i, theme_id in enumerate(t):
        text = text.replace(f'"T{i}"', f'"{theme_id}"')
    return json.loads(text)


@pytest.mark.parametrize("kind", list(CONFIGS))
def test_a_changed_answer_counts_once_and_the_staff_get_one_tally(kind, database, themed, phone, app, facilitator):
    from facilitation import socketio

    present(database, themed, kind)
    dashboard = socketio.test_client(app, auth={"role": "facilitator", "workshop": themed["workshop_id"], "token": facilitator.token})
    dashboard.get_received()
    client = phone()
    activity_id = themed["activities"][kind]
    first = client.emit("respond", {"activity_id": activity_id, "answer": answer_for(kind, themed["themes"]), "request_id": "1"}, callback=True)
    assert first["ok"], first
    second = client.emit("respond", {"activity_id": activity_id, "answer": answer_for(kind, themed["themes"]), "request_id": "2"}, callback=True)
    assert second["ok"]
    app.extensions["live"].flush()
    [message] = [m["args"][0] for m in dashboard.get_received() if m["name"] == "results"]
    assert message["activity_id"] == activity_id
    assert message["results"]["responses"] == 1
    assert [theme["label"] for theme in sorted(message["results"]["themes"], key=lambda t: t["id"])] == [
        "Fælles infrastruktur", "KOMBIT", "Kulturarv"]


@pytest.mark.parametrize("kind, bad", [(kind, bad) for kind, bads in BAD.items() for bad in bads])
def test_bad_answers_are_refused_in_the_phones_language_and_change_nothing(kind, bad, database, themed, phone):
    present(database, themed, kind)
    ack = phone().emit("respond", {"activity_id": themed["activities"][kind], "answer": with_ids(bad, themed["themes"]),
                                   "request_id": "bad"}, callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == "invalid"
    assert ack["error"]["message"] and ack["error"]["message"] == ack["error"]["message"].strip()
    with database.reading() as db:
        assert db.scalar(select(func.count(Response.id))) == 0


def test_a_removed_theme_no_longer_counts(database, themed, phone):
    present(database, themed, "points")
    client = phone()
    client.emit("respond", {"activity_id": themed["activities"]["points"], "answer": answer_for("points", themed["themes"]), "request_id": "1"}, callback=True)
    with database.transaction() as db:
        workshops.delete_theme(db, db.get(workshops.Theme, int(themed["themes"][0])))
    with database.reading() as db:
        activity = db.get(workshops.Activity, themed["activities"]["points"])
        result = workshops.results(db, activity)
    assert [t["label"] for t in result["themes"]] == ["KOMBIT", "Kulturarv"]
    assert [t["total"] for t in result["themes"]] == [4, 0]


def test_phones_get_the_themes_and_a_seed_for_their_own_order(database, themed, phone):
    present(database, themed, "ranking")
    view = phone().emit("sync", {}, callback=True)["view"]
    assert [item["label"] for item in view["activity"]["config"]["items"]] == ["Fælles infrastruktur", "KOMBIT", "Kulturarv"]
    assert isinstance(view["seed"], int)


def test_the_demo_runs_rating_ranking_points_map_stance_responsibility_and_commitments_last(database):
    from facilitation import demo

    with database.transaction() as db:
        workshop = demo.load_demo(db)
        kinds = [a.kind for a in workshop.activities]
        assert kinds[-7:] == ["rating", "ranking", "points", "matrix", "stance", "responsibility", "commitments"]
        assert len(workshop.themes) >= 5
        for activity in workshop.activities:
            assert workshops.results(db, activity)["responses"] == 0
