"""The landscape view (facilitation/landscape_view.py) of a real workshop in a real SQLite file:
what the facilitator sees, what the screen may see, and the groups of a segment question side by
side under the disclosure rule."""

import uuid

import pytest

from facilitation import landscape_view, workshops
from facilitation.errors import InvalidInput
from facilitation.models import Workshop

THEMES = ["Det Digitale Folkebibliotek", "KOMBIT", "Det Kgl. Bibliotek", "Centralbibliotekerne"]
ROLES = ["Leder", "Medarbejder", "Politiker"]
# Lederne rate the first theme highest and give their points to the last; the staff the other way.
RATINGS = {"Leder": [5, 4, 2, 1], "Medarbejder": [2, 3, 4, 5], "Politiker": [3, 3, 4, 3]}
POINTS = {"Leder": [0, 1, 2, 7], "Medarbejder": [10, 0, 0, 0], "Politiker": [0, 10, 0, 0]}


def no_translation(text):
    return text


@pytest.fixture
def room(database, facilitator):
    """Six Lederne, six Medarbejdere and two Politikere rate four themes (revealed) and share
    points (not revealed); a ranking is still a draft and a poll is no prioritisation."""
    with database.transaction() as db:
        workshop = workshops.create_workshop(db, facilitator.id, "Strategidag", "da")
        workshops.set_segments(db, workshop, [{"question": "Rolle", "options": ROLES, "required": True}])
        themes = [workshops.add_theme(db, workshop, title) for title in THEMES]
        rating = workshops.add_activity(db, workshop, "rating", "Hvor vigtigt?", {"themes": "all"})
        points = workshops.add_activity(db, workshop, "points", "Fordel point", {"themes": "all", "budget": 10})
        workshops.add_activity(db, workshop, "ranking", "Rangér", {"themes": "all"})
        poll = workshops.add_activity(db, workshop, "poll", "Hvem?", {"options": ["a", "b"]})
        for activity in (rating, points, poll):
            workshops.open_activity(db, activity)
        workshops.set_pace(db, workshop, "self_paced")
        db.flush()
        for role, count in (("Leder", 6), ("Medarbejder", 6), ("Politiker", 2)):
            for _ in range(count):
                person = workshops.join(db, workshop, segment_answers={"Rolle": role})
                db.flush()
                ratings = {str(theme.id): value for theme, value in zip(themes, RATINGS[role])}
                workshops.respond(db, person.id, workshop.id, rating.id, {"ratings": ratings}, uuid.uuid4().hex)
                given = {str(theme.id): value for theme, value in zip(themes, POINTS[role]) if value}
                workshops.respond(db, person.id, workshop.id, points.id, {"points": given}, uuid.uuid4().hex)
        workshops.set_results_revealed(db, rating, True)
        return {"workshop_id": workshop.id, "rating": rating.id, "points": points.id,
                "themes": [theme.id for theme in themes]}


def view(database, room, **options):
    with database.reading() as db:
        return landscape_view.landscape_view(db, db.get(Workshop, room["workshop_id"]), no_translation, **options)


def by_label(themes):
    return {theme["label"]: theme for theme in themes}


def test_the_facilitator_sees_every_opened_prioritisation_with_figures_places_and_sentences(database, room):
    found = view(database, room)
    assert [(p["id"], p["letter"], p["revealed"], p["responses"]) for p in found["prioritisations"]] == [
        (room["rating"], "A", True, 14), (room["points"], "B", False, 14)]
    assert found["prioritisations"][0]["caption"] == "mean rating 1–5"
    assert found["prioritisations"][1]["caption"] == "share of the points"
    themes = by_label(found["themes"])
    ddf = themes["Det Digitale Folkebibliotek"]
    # Rating: (6·5 + 6·2 + 2·3) / 14 = 3.43, first; points: 60 of 140, first too.
    assert [(s["shown"], s["place"], s["of"]) for s in ddf["standings"]] == [("3,4", 1, 4), ("43\u00a0%", 1, 4)]
    assert not ddf["methods_disagree"]
    # KOMBIT: (24 + 18 + 6) / 14 = 3.43 as well (a shared first place); 20 of 140 points, third.
    kombit = themes["KOMBIT"]
    assert [(s["place"], s["of"]) for s in kombit["standings"]] == [(1, 4), (3, 4)]
    # Centralbibliotekerne: (6 + 30 + 6) / 14 = 3.0, last of four in the rating; 42 of 140 points, second.
    central = themes["Centralbibliotekerne"]
    assert [(s["shown"], s["place"]) for s in central["standings"]] == [("3,0", 4), ("30\u00a0%", 2)]
    assert central["methods_disagree"]
    assert central["sentence"] == (
        "Centralbibliotekerne: mean rating 3,0 on 1–5 in “Hvor vigtigt?” (no. 4 of 4); "
        "30 % of the points in “Fordel point” (no. 2 of 4). "
        # Six rate it 1 and six 5; six give it all their points and eight none: divided twice, said once.
        "The room is divided on it in “Hvor vigtigt?”, “Fordel point”. "
        "The methods disagree: no. 2 of 4 in “Fordel point”, no. 4 of 4 in “Hvor vigtigt?”.")
    # What the screen shows under the row when whole sentences do not fit: the words after the figures.
    assert central["remarks"] == central["sentence"][central["sentence"].index("The room is divided"):]
    assert themes["Det Kgl. Bibliotek"]["remarks"] == "In the bottom third in every prioritisation."
    assert found["split"] is None and found["segment_questions"] == ["Rolle"]


def test_the_screen_gets_only_the_revealed_prioritisations(database, room):
    found = view(database, room, for_screen=True)
    assert [p["id"] for p in found["prioritisations"]] == [room["rating"]]
    assert all([s["activity_id"] for s in theme["standings"]] == [room["rating"]] for theme in found["themes"])
    assert "Fordel point" not in str(found)
    # Read from afar, its words name each prioritisation by its column's letter, not its prompt.
    central = next(theme for theme in found["themes"] if theme["label"] == "Centralbibliotekerne")
    assert central["sentence"] == ("Centralbibliotekerne: mean rating 3,0 on 1–5 in “A” (no. 4 of 4). "
                                   "The room is divided on it in “A”.")
    assert central["remarks"] == "The room is divided on it in “A”."


def test_groups_side_by_side_hold_back_the_small_group_and_the_step_that_would_give_it_away(database, room):
    found = view(database, room, split_by="Rolle")
    split = found["split"]
    # Two Politikere are fewer than 3: held back, and with them one step of three Lederne (the
    # smallest counted profile, first by name), or the room minus the groups would be their answers.
    assert [(group["label"], group["n"]) for group in split["groups"]] == [
        ("Leder", {str(room["rating"]): 3, str(room["points"]): 3}),
        ("Medarbejder", {str(room["rating"]): 6, str(room["points"]): 6})]
    assert split["held_back"] == [{"activity_id": room["rating"], "held_back": 5, "protected": True},
                                  {"activity_id": room["points"], "held_back": 5, "protected": True}]
    assert "Politiker" not in [group["label"] for group in split["groups"]]
    leder = by_label(split["groups"][0]["themes"])
    # The Lederne rate DDF first (5) and give it no points (last of four): they disagree.
    ddf = leder["Det Digitale Folkebibliotek"]
    assert [(s["shown"], s["place"]) for s in ddf["standings"]] == [("5,0", 1), ("0\u00a0%", 4)]
    assert ddf["methods_disagree"]
    staff = by_label(split["groups"][1]["themes"])
    # The staff rate it first and give it nothing; three themes share no points, places 2–4, so it
    # stands third on average: the methods disagree (0 against 2/3).
    assert [(s["shown"], s["place"]) for s in staff["Centralbibliotekerne"]["standings"]] == [("5,0", 1), ("0\u00a0%", 2)]
    assert staff["Centralbibliotekerne"]["methods_disagree"]


def test_the_screens_split_leaves_out_what_is_not_revealed(database, room):
    split = view(database, room, for_screen=True, split_by="Rolle")["split"]
    assert [item["activity_id"] for item in split["held_back"]] == [room["rating"]]
    assert all(list(group["n"]) == [str(room["rating"])] for group in split["groups"])


def test_an_unknown_segment_question_is_refused(database, room):
    with pytest.raises(InvalidInput, match="no such segment question"):
        view(database, room, split_by="Region")


def test_a_workshop_without_themes_or_answers_has_an_empty_landscape(database, facilitator):
    with database.transaction() as db:
        workshop = workshops.create_workshop(db, facilitator.id, "Tom", "en")
        workshop_id = workshop.id
    with database.reading() as db:
        found = landscape_view.landscape_view(db, db.get(Workshop, workshop_id))
    assert found == {"language": "en", "prioritisations": [], "themes": [], "segment_questions": [], "split": None}
