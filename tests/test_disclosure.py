"""The disclosure rule of split results (facilitation/segments.py, docs/aggregation.md): the
attacks of issue 12, each through the real database and the API, and the rule as a property of
any room: no split shows, directly or by subtracting two published figures, 1 to
MIN_GROUP_SIZE − 1 people."""

import io
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from facilitation import segments, workshops
from facilitation.record import report
from facilitation.record import spreadsheet
from facilitation.kinds import matrix, rating, responsibility, stance
from facilitation.models import Activity, Workshop

ROLE = {"question": "Rolle", "options": ["Leder", "Medarbejder"], "required": False}
REGION = {"question": "Region", "options": ["Nord", "Syd"], "required": False}
K = segments.DEFAULT_MIN_GROUP_SIZE


def rating_workshop(database, facilitator, people, themes=("Fælles infrastruktur",)):
    """A workshop asking ROLE and REGION, with a rating of `themes`; `people` is a list of
    (segment answers, {theme index: rating}). Returns (workshop id, activity id, theme ids)."""
    with database.transaction() as db:
        workshop = workshops.create_workshop(db, facilitator.id, "Strategidag", "da")
        workshops.set_segments(db, workshop, [ROLE, REGION])
        ids = [str(workshops.add_theme(db, workshop, title).id) for title in themes]
        activity = workshops.add_activity(db, workshop, "rating", "Hvor vigtigt?", {"themes": "all"})
        workshops.open_activity(db, activity)
        db.flush()
        workshops.present(db, workshop, activity.id)
        ids_out = (workshop.id, activity.id, ids)
    for answers, ratings in people:
        add_person(database, ids_out, answers, ratings)
    return ids_out


def add_person(database, ids, answers, ratings):
    workshop_id, activity_id, theme_ids = ids
    with database.transaction() as db:
        person = workshops.join(db, db.get(Workshop, workshop_id), None, answers)
        workshops.respond(db, person.id, workshop_id, activity_id,
                          {"ratings": {theme_ids[i]: value for i, value in ratings.items()}}, f"r{person.id}")


def api_split(app, facilitator, activity_id, question):
    client = app.test_client()
    answer = client.post(f"/api/v1/activities/{activity_id}/split", json={"question": question},
                         headers=facilitator.headers)
    assert answer.status_code == 200, answer.text
    return client.get(f"/api/v1/activities/{activity_id}/results", headers=facilitator.headers).json["results"]


def figures(results, theme=0):
    """(label, n, sum of the theme's ratings, how many rated it) per group shown."""
    out = []
    for group in results["split"]["groups"]:
        row = group["results"]["themes"][theme]
        total = sum(int(step) * count for step, count in row["distribution"].items())
        out.append((group["label"], group["n"], total, row["n"]))
    return out


def test_two_segment_questions_cannot_be_subtracted_to_find_one_person(app, database, facilitator):
    # Leder = {P0, P1, P2}, all in Nord; Nord = {P0 … P3}. Shown side by side (3 and 4 answers),
    # Nord minus Leder was P3's rating exactly.
    people = ([({"Rolle": "Leder", "Region": "Nord"}, {0: 5})] * 3 + [({"Rolle": "Medarbejder", "Region": "Nord"}, {0: 1})]
              + [({"Rolle": "Medarbejder", "Region": "Syd"}, {0: 3})] * 3)
    _, activity_id, _ = rating_workshop(database, facilitator, people)
    by_role = figures(api_split(app, facilitator, activity_id, "Rolle"))
    by_region = figures(api_split(app, facilitator, activity_id, "Region"))
    room = api_split(app, facilitator, activity_id, None)["themes"][0]
    room_figure = ("room", sum(room["distribution"][s] * int(s) for s in room["distribution"]), room["n"])
    published = [(n, total) for _, n, total, _ in by_role + by_region] + [(room_figure[2], room_figure[1])]
    for (n1, total1), (n2, total2) in combinations(published, 2):
        assert abs(n1 - n2) == 0 or abs(n1 - n2) >= K, (by_role, by_region)
    # P3 (the one Medarbejder in Nord) is in no group, and the rest held back are at least 3.
    assert all(total % 5 == 0 or total % 3 == 0 for _, _, total, _ in by_role + by_region)
    assert by_role and by_region  # the room is still split, only safely


def test_a_group_of_three_that_gains_a_fourth_does_not_show_the_newcomer(app, database, facilitator):
    # Three people whose profiles nobody shares are held back already, so no group needs to be
    # held back with them.
    singles = [({"Rolle": "Leder", "Region": "Syd"}, {0: 3}), ({"Rolle": "Medarbejder", "Region": "Nord"}, {0: 3}),
               ({"Region": "Syd"}, {0: 3})]
    people = [({"Rolle": "Leder"}, {0: 5})] * 3 + [({"Rolle": "Medarbejder"}, {0: 2})] * 3 + singles
    ids = rating_workshop(database, facilitator, people)
    before = api_split(app, facilitator, ids[1], "Rolle")["split"]
    add_person(database, ids, {"Rolle": "Leder"}, {0: 1})
    after = api_split(app, facilitator, ids[1], "Rolle")["split"]
    # Leder 3 → 4 made the difference between the two views the newcomer's rating of 1.
    assert figures({"split": after}) == figures({"split": before})
    add_person(database, ids, {"Rolle": "Leder"}, {0: 1})
    add_person(database, ids, {"Rolle": "Leder"}, {0: 2})
    grown = figures({"split": api_split(app, facilitator, ids[1], "Rolle")["split"]})
    assert grown[0][:2] == ("Leder", 6)  # the next step: three newcomers at once


def test_a_theme_rated_by_one_person_in_a_group_shows_nobodys_rating(app, database, facilitator):
    # Leder: all three rate theme 0, only P0 rates theme 1 (with 1). Medarbejder: three rate both.
    people = ([({"Rolle": "Leder"}, {0: 4, 1: 1})] + [({"Rolle": "Leder"}, {0: 4})] * 2
              + [({"Rolle": "Medarbejder"}, {0: 2, 1: 5})] * 3)
    _, activity_id, _ = rating_workshop(database, facilitator, people, ("Fælles infrastruktur", "Kulturarv"))
    results = api_split(app, facilitator, activity_id, "Rolle")
    leder = figures(results, theme=1)[0]
    assert leder[0] == "Leder" and leder[3] == 0  # was n = 1 and a mean of 1: P0's rating
    # The room minus the groups shown for theme 1 is not one rating either (held back: 4 ≥ 3).
    room_n = next(t for t in results["themes"] if t["label"] == "Kulturarv")["n"]
    shown_n = sum(group[3] for group in figures(results, theme=1))
    assert room_n - shown_n in (0,) or room_n - shown_n >= K


def test_the_xlsx_never_prints_a_rare_profile_beside_answers(database, facilitator):
    people = ([({"Rolle": "Medarbejder", "Region": "Syd"}, {0: 3})] * 3 + [({"Rolle": "Medarbejder", "Region": "Nord"}, {0: 2})] * 3
              + [({"Rolle": "Leder", "Region": "Nord"}, {0: 5})])
    workshop_id, _, _ = rating_workshop(database, facilitator, people)
    with database.reading() as db:
        book = load_workbook(io.BytesIO(spreadsheet.workshop_xlsx(db, db.get(Workshop, workshop_id))))
    rows = [[cell.value for cell in row] for row in book["Responses"].iter_rows(min_row=2)]
    segment_cells = [tuple(row[5:7]) for row in rows]
    # The one Leder (in Nord) was a full row: their rating beside "Leder, Nord".
    assert not any("Leder" in cells for cells in segment_cells)
    hidden = sum(1 for cells in segment_cells if cells == ("(not shown)", "(not shown)"))
    # Not one hidden row alone (that would be the Leder): a profile of three is hidden with it.
    assert hidden == 4 and segment_cells.count(("Medarbejder", "Syd")) == 3


def test_the_report_splits_by_every_question_under_the_same_rule(database, facilitator):
    people = ([({"Rolle": "Leder", "Region": "Nord"}, {0: 5})] * 3 + [({"Rolle": "Medarbejder", "Region": "Nord"}, {0: 1})]
              + [({"Rolle": "Medarbejder", "Region": "Syd"}, {0: 3})] * 3)
    workshop_id, activity_id, _ = rating_workshop(database, facilitator, people)
    with database.reading() as db:
        context = report.report_context(db, db.get(Workshop, workshop_id))
        live = {question: workshops.results(db, _split_by(db, activity_id, question))["split"]
                for question in ("Rolle", "Region")}
    shown = {split["question"]: split["table"].headers[1:] for split in context["activities"][0]["segments"]}
    for question, split in live.items():
        assert shown.get(question, []) == [f"{g['label']} (n\u00a0=\u00a0{g['n']})" for g in split["groups"]]


def _split_by(db, activity_id, question):
    activity = db.get(Activity, activity_id)
    activity.split_by = question  # read only: never committed
    return activity


# --- the rule as a property of any room -------------------------------------------------------------

QUESTIONS = [{"question": "Rolle", "options": ["Leder", "Medarbejder", "Andet"]},
             {"question": "Region", "options": ["Nord", "Syd"]}]
THEMES = ["1", "2", "3"]


def who_tally(answers):
    """A tally that publishes exactly who is counted: per theme, and for the activity."""
    return {"responses": len(answers), "who": frozenset(a["who"] for a in answers),
            "themes": {key: frozenset(a["who"] for a in answers if key in rating.answered_themes(a)) for key in THEMES}}


people = st.lists(
    st.tuples(
        st.fixed_dictionaries({}, optional={"Rolle": st.sampled_from(QUESTIONS[0]["options"]),
                                            "Region": st.sampled_from(QUESTIONS[1]["options"])}),
        st.dictionaries(st.sampled_from(THEMES), st.one_of(st.integers(1, 5), st.just("dont_know")), min_size=1),
    ),
    max_size=30,
)


def published_sets(entries, min_size):
    """Every set of people a figure is computed from, per theme ("*": the activity's counts):
    the whole room, each group shown by each question, and per question the room minus its
    groups shown (what subtraction gives for the people held back)."""
    sets = {key: [frozenset(e["participant"] for e in entries if key in rating.answered_themes(e["answer"]))]
            for key in THEMES}
    sets["*"] = [frozenset(e["participant"] for e in entries)]
    held, rests = {}, {key: [] for key in sets}
    for question in QUESTIONS:
        by_theme = segments.split(QUESTIONS, question["question"], entries, who_tally, min_size,
                                  rating.answered_themes, rating.answer_for_themes)
        by_activity = segments.split(QUESTIONS, question["question"], entries, who_tally, min_size)
        derived = {}
        for key in THEMES:
            shown = [group["results"]["themes"][key] for group in by_theme["groups"]]
            sets[key].extend(shown)
            derived[key] = sets[key][0] - frozenset().union(*shown)  # the room minus the groups shown
        for group in by_activity["groups"]:
            assert group["n"] == len(group["results"]["who"]) == group["results"]["responses"]
        shown = [group["results"]["who"] for group in by_activity["groups"]]
        sets["*"].extend(shown)
        derived["*"] = sets["*"][0] - frozenset().union(*shown)
        for key, rest in derived.items():
            if rest != sets[key][0]:
                rests[key].append(rest)
        held[question["question"]] = (by_activity["held_back"], by_activity["groups"])
    return sets, rests, held


def entries_of(room):
    return [{"participant": n, "order": n, "segments": answers, "answer": {"ratings": ratings, "who": n}}
            for n, (answers, ratings) in enumerate(room)]


@settings(max_examples=300, deadline=None)
@given(people, st.integers(2, 4))
def test_no_published_figure_nor_any_difference_of_two_covers_fewer_than_the_minimum(room, min_size):
    entries = entries_of(room)
    sets, rests, held = published_sets(entries, min_size)
    for key, published in sets.items():
        groups = published[1:] + rests[key]
        published = published + rests[key]
        for group in groups:
            assert len(group) == 0 or len(group) >= min_size, (key, group)
        # (A group's empty figure for a theme adds nothing: the room's own figure is the room's.)
        for first, second in combinations([s for s in published if s], 2):
            for bigger, smaller in ((first, second), (second, first)):
                if smaller <= bigger:
                    assert len(bigger - smaller) == 0 or len(bigger - smaller) >= min_size, (key, bigger, smaller)
    for question, (held_back, groups) in held.items():
        assert held_back == 0 or held_back >= min_size or not groups


@settings(max_examples=150, deadline=None)
@given(people, st.integers(2, 4))
def test_two_views_of_a_group_as_people_arrive_differ_by_none_or_at_least_the_minimum(room, min_size):
    views = [published_sets(entries_of(room[:size]), min_size)[0] for size in range(len(room) + 1)]
    for before, after in zip(views, views[1:]):
        for key in after:
            for old in before[key][1:]:
                for new in after[key][1:]:
                    if old <= new or new <= old:
                        change = len(new ^ old)
                        assert change == 0 or change >= min_size, (key, old, new)


def test_a_place_on_the_map_by_one_person_in_a_group_is_not_shown():
    config = {**matrix.clean_config({"themes": "all", "x_label": "Værdi", "y_label": "Gennemførbarhed"}),
              "items": [{"id": 1, "label": "Kulturarv"}, {"id": 2, "label": "Data"}]}
    people = ([("Leder", {"1": [90.0, 90.0], "2": [50.0, 50.0]})] + [("Leder", {"2": [50.0, 50.0]})] * 2
              + [("Medarbejder", {"1": [10.0, 10.0], "2": [40.0, 40.0]})] * 3 + [("Andet", {"2": [60.0, 60.0]})] * 3)
    entries = [{"participant": n, "order": n, "segments": {"Rolle": role}, "answer": {"positions": positions}}
               for n, (role, positions) in enumerate(people)]
    definitions = [{"question": "Rolle", "options": ["Leder", "Medarbejder", "Andet"]}]
    result = segments.split(definitions, "Rolle", entries, lambda answers: matrix.tally(config, answers), K,
                            matrix.answered_themes, matrix.answer_for_themes)
    groups = {group["label"]: group["results"]["themes"] for group in result["groups"]}
    # Only one Leder placed Kulturarv (at 90, 90): not shown, and Medarbejder's three are held back
    # with it for that theme. Data, placed by all, is shown in every group.
    assert [groups[label][0]["n"] for label in ("Leder", "Medarbejder", "Andet")] == [0, 0, 0]
    assert [groups[label][1]["n"] for label in ("Leder", "Medarbejder", "Andet")] == [3, 3, 3]
    assert groups["Medarbejder"][1]["mean_x"] == 40.0


@pytest.mark.parametrize("kind, answer", [
    (responsibility, lambda choice: {"leads": choice}),
    (stance, lambda choice: {"stances": choice}),
])
def test_a_choice_on_a_theme_by_too_few_in_a_group_is_not_counted_for_it(kind, answer):
    """As on the map: a theme answered by one person of a group is held back for that theme
    alone; the same person's choices on the other themes still count."""
    config = {**kind.clean_config({"themes": "all"}), "items": [{"id": 1, "label": "Kulturarv"}, {"id": 2, "label": "Data"}]}
    choice = kind.choice_ids(config)[0] if kind is responsibility else "yes"
    people = ([("Leder", {"1": choice, "2": choice})] + [("Leder", {"2": choice})] * 2
              + [("Medarbejder", {"1": choice, "2": choice})] * 3 + [("Andet", {"2": choice})] * 3)
    entries = [{"participant": n, "order": n, "segments": {"Rolle": role}, "answer": answer(choices)}
               for n, (role, choices) in enumerate(people)]
    definitions = [{"question": "Rolle", "options": ["Leder", "Medarbejder", "Andet"]}]
    result = segments.split(definitions, "Rolle", entries, lambda answers: kind.tally(config, answers), K,
                            kind.answered_themes, kind.answer_for_themes)
    groups = {group["label"]: group["results"]["themes"] for group in result["groups"]}
    # Only one Leder chose on Kulturarv: held back, and Medarbejder's three with it, for that theme.
    assert [groups[label][0]["n"] for label in ("Leder", "Medarbejder", "Andet")] == [0, 0, 0]
    assert [groups[label][1]["n"] for label in ("Leder", "Medarbejder", "Andet")] == [3, 3, 3]
