"""The demo workshop run as a whole day, in agenda order, by a room of phones: warm-up polls, the Q&A,
ideas of which one is promoted to a theme, the four prioritisations and the stance, who should lead,
then the landscape and the next steps; with last year's comparison. What a facilitator would check
at the end of the day: the promoted idea went all the way through, the landscape holds every
prioritisation, and the record has the action list per theme."""

import random

from facilitation import comparisons, demo, workshops
from facilitation.kinds import get_kind
from facilitation.landscape_view import landscape_view
from facilitation.record.report import report_context

PEOPLE = 12
PROMOTED = "Fælles lånerapp"


def an_answer(kind_name: str, config: dict, person: int, rng: random.Random) -> dict:
    """What one person of the room answers to an activity of the demo, by its kind."""
    items = [str(item["id"]) for item in config.get("items", [])]
    leanings = {key: 0.9 if index == len(items) - 1 else 0.5 for index, key in enumerate(items)}
    if kind_name == "poll":
        return {"choices": [config["options"][person % len(config["options"])]["id"]]}
    if kind_name == "qa":
        return {"text": f"Spørgsmål nummer {person}"}
    if kind_name == "ideas":
        return {"text": PROMOTED if person < 4 else f"Idé nummer {person}"}
    if kind_name == "matrix":
        return {"positions": {key: [rng.uniform(0, 100), rng.uniform(0, 100)] for key in items}}
    if kind_name == "stance":
        return {"stances": {key: rng.choice(["yes", "no", "not_sure"]) for key in items}}
    if kind_name == "responsibility":
        from facilitation.kinds import responsibility

        return {"leads": {key: rng.choice(responsibility.choice_ids(config)) for key in items}}
    if kind_name == "commitments":
        return {"theme": items[person % len(items)], "text": f"Vi tager skridt nummer {person} derhjemme"}
    return get_kind(kind_name).example_answer(config, rng, leanings)


def test_the_demo_day_runs_from_warm_up_to_the_next_steps(database):
    rng = random.Random(5)
    with database.transaction() as db:
        workshop = demo.load_demo(db)
        people = [workshops.join(db, workshop) for _ in range(PEOPLE)]
        db.flush()
        for activity in list(workshop.activities):
            workshops.open_activity(db, activity)
            workshops.present(db, workshop, activity.id)
            config = workshops.resolved_config(activity)
            for number, person in enumerate(people):
                answer = an_answer(activity.kind, config, number, rng)
                workshops.respond(db, person.id, workshop.id, activity.id, answer, f"day-{activity.id}-{number}")
            if activity.kind == "ideas":
                # The facilitator merges the four copies of one idea into a new theme.
                ideas = workshops.results(db, activity)["ideas"]
                same = [idea["id"] for idea in ideas if idea["text"] == PROMOTED]
                assert len(same) == 4
                workshops.promote_entries(db, activity, [{"title": PROMOTED, "entry_ids": same}])
            workshops.close_activity(db, activity)
            workshops.set_results_revealed(db, activity, True)
        db.flush()
        by_kind = {activity.kind: activity for activity in workshop.activities}

        # The promoted idea was prioritised as a theme: it has a standing in every prioritisation.
        landscape = landscape_view(db, workshop)
        assert [p["kind"] for p in landscape["prioritisations"]] == ["rating", "ranking", "points", "matrix", "stance"]
        promoted = next(theme for theme in landscape["themes"] if theme["label"] == PROMOTED)
        assert len(promoted["standings"]) == 5 and all(0 < s["n"] <= PEOPLE for s in promoted["standings"])
        assert promoted["sentence"].startswith(PROMOTED + ": ")
        # Who should lead it, in the heat map's tally.
        leads = workshops.results(db, by_kind["responsibility"])["themes"]
        assert sum(next(t for t in leads if t["label"] == PROMOTED)["counts"].values()) == PEOPLE

        # Last year's comparison: this year's rating against last year's example answers, per theme.
        compared = comparisons.comparison(db, by_kind["rating"])
        assert compared is not None and compared["earlier"]["responses"] == demo.LAST_YEAR_PEOPLE
        assert compared["later"]["responses"] == PEOPLE

        # The record: the landscape after the activities, and the next steps theme by theme.
        record = report_context(db, workshop)
        assert record["landscape"] is not None
        assert PROMOTED in record["landscape"]["sentences"][-1]
        steps = workshops.results(db, by_kind["commitments"])
        assert steps["responses"] == PEOPLE
        assert sum(len(theme["commitments"]) for theme in steps["themes"]) == PEOPLE
        assert [theme["label"] for theme in steps["themes"]][-1] == PROMOTED
