"""Workshop plans as files: the format and its errors, import, export, duplicate, the demo plan,
the CLI commands, the pages and the API. Real SQLite file, real handlers, nothing mocked."""

import io
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from facilitation import plans, workshops
from facilitation.demo import demo_plan_text, load_demo
from facilitation.errors import InvalidInput
from facilitation.kinds import KINDS
from facilitation.models import Activity, Participant, Response, Theme, Workshop
from facilitation.plans import PlanError, dump_plan, export_plan, import_plan, load_plan

from .conftest import csrf_token_from, join_as_participant
from .test_web import login

ROOT = Path(__file__).resolve().parent.parent


def counts(database) -> tuple:
    with database.reading() as db:
        return tuple(db.scalar(select(func.count(model.id))) for model in (Workshop, Theme, Activity))


SETTINGS = {
    "poll": {"options": ["DDF", "KOMBIT", "Det Kgl. Bibliotek"], "max_choices": 2},
    "ideas": {"max_length": 100, "per_participant": 2, "moderation": "approve", "display": "cloud"},
    "qa": {"sort": "time"},
    "rating": {"themes": ["Kulturarv", "KOMBIT"], "shuffle": True, "scale_min": 0, "scale_max": 10,
               "label_min": "lidt", "label_max": "meget", "allow_dont_know": False},
    "ranking": {"themes": "all", "top_k": 2},
    "points": {"themes": ["KOMBIT"], "budget": 10, "max_per_theme": 10, "spend_all": True, "style": "dots"},
    "matrix": {"themes": "all", "x_label": "Værdi", "y_label": "Gennemførbarhed", "x_low": "lav", "x_high": "høj"},
    "stance": {"themes": ["KOMBIT"], "yes_label": "Vi er med", "no_label": "Ikke os", "not_sure_label": "Ved ikke"},
    "commitments": {"themes": ["Kulturarv", "Fælles infrastruktur"], "max_length": 150, "per_participant": 2,
                    "moderation": "approve"},
}

PLAN = """\
title: Strategidag på Vingsted
language: da
themes:
  - title: Fælles infrastruktur
    description: Data og drift
  - KOMBIT
  - title: Kulturarv
activities:
""" + "".join(
    f"  - kind: {kind}\n    prompt: Spørgsmål om {kind}?\n    settings: {json.dumps(settings, ensure_ascii=False)}\n"
    for kind, settings in SETTINGS.items() if kind in KINDS
)


# --- the format ------------------------------------------------------------------------------------


def test_a_plan_loads_into_its_normal_form():
    plan = load_plan(PLAN)
    assert plan["title"] == "Strategidag på Vingsted"
    assert plan["themes"] == [
        {"title": "Fælles infrastruktur", "description": "Data og drift"},
        {"title": "KOMBIT", "description": ""},
        {"title": "Kulturarv", "description": ""},
    ]
    assert plan["segments"] == []
    by_kind = {activity["kind"]: activity["settings"] for activity in plan["activities"]}
    assert by_kind["poll"] == {"options": ["DDF", "KOMBIT", "Det Kgl. Bibliotek"], "max_choices": 2}
    assert by_kind["rating"]["themes"] == ["Kulturarv", "KOMBIT"]
    assert by_kind["ranking"] == {"themes": "all", "shuffle": False, "top_k": 2}
    assert load_plan(dump_plan(plan)) == plan


def test_json_is_accepted_too_even_indented_with_tabs():
    text = json.dumps(load_plan(PLAN), ensure_ascii=False, indent="\t")
    assert load_plan(text) == load_plan(PLAN)


def test_yes_no_and_times_stay_texts():
    plan = load_plan(
        "title: 2026\nactivities:\n  - kind: poll\n    prompt: Kommer du?\n"
        "    settings:\n      options: [Yes, No, 10:30, 2026-01-15]\n"
    )
    assert plan["title"] == "2026"
    assert plan["activities"][0]["settings"]["options"] == ["Yes", "No", "10:30", "2026-01-15"]
    assert load_plan(dump_plan(plan)) == plan


def test_the_dump_is_readable_yaml_in_a_stable_order():
    plan = load_plan(PLAN)
    text = dump_plan(dict(reversed(list(plan.items()))))
    assert "Strategidag på Vingsted" in text and "\\u" not in text
    keys = [line.split(":")[0] for line in text.splitlines() if line and line[0].isalpha()]
    assert keys == ["version", "title", "language", "themes", "segments", "activities"]
    assert "  - title: Fælles infrastruktur\n    description: Data og drift\n" in text


def test_segments_are_checked_and_kept(database, facilitator):
    plan = load_plan(
        "title: x\nsegments:\n  - question: Din  rolle\n    options: [Leder, Medarbejder]\n    required: true\n"
        "  - question: Region\n    options: [Nord, Syd]\n"
    )
    assert plan["segments"] == [
        {"question": "Din rolle", "options": ["Leder", "Medarbejder"], "required": True},
        {"question": "Region", "options": ["Nord", "Syd"], "required": False},
    ]
    with database.transaction() as db:
        exported = export_plan(import_plan(db, facilitator.id, plan))
    assert exported["segments"] == plan["segments"]


def test_a_plan_holds_as_many_segment_questions_as_the_settings_page_saves(database, facilitator):
    """One limit everywhere: what a plan imports, the settings (workshops.set_segments) accept."""
    from facilitation.segments import MAX_SEGMENTS

    text = "title: x\nsegments:\n" + "".join(
        f"  - question: Spørgsmål {n}\n    options: [a, b]\n" for n in range(MAX_SEGMENTS))
    with database.transaction() as db:
        workshop = import_plan(db, facilitator.id, load_plan(text))
        assert len(workshop.segments) == MAX_SEGMENTS
        assert workshops.set_segments(db, workshop, workshop.segments) == workshop.segments


def test_a_plan_with_more_segment_questions_than_the_settings_page_allows_is_refused(database, workshop):
    """One rule and one message: the plan's error is the settings page's own
    (segments.check_segment_count), on the line of the first question too many."""
    from facilitation.segments import MAX_SEGMENTS

    questions = [{"question": f"Spørgsmål {n}", "options": ["a", "b"], "required": False}
                 for n in range(MAX_SEGMENTS + 1)]
    text = "title: x\nsegments:\n" + "".join(
        f"  - question: {q['question']}\n    options: [a, b]\n" for q in questions)
    with pytest.raises(InvalidInput) as refused_by_settings:
        with database.transaction() as db:
            workshops.set_segments(db, db.get(Workshop, workshop.id), questions)
    with pytest.raises(PlanError) as refused_by_plan:
        load_plan(text)
    first_too_many = 3 + 2 * MAX_SEGMENTS  # two header lines, two lines per question
    assert refused_by_plan.value.line == first_too_many
    assert str(refused_by_plan.value) == f"Line {first_too_many}: {refused_by_settings.value}"
    assert str(refused_by_settings.value) == f"A workshop can have at most {MAX_SEGMENTS} segment questions."


def test_the_schema_states_the_limits_the_domain_checks():
    """The schema documents the domain's limits; the checking itself is the domain's (plans/
    calls its validators), so the two cannot drift apart unseen."""
    from facilitation import segments

    schema = json.loads((ROOT / "docs" / "plan.schema.json").read_text(encoding="utf-8"))
    top, defs = schema["properties"], schema["$defs"]
    segment = top["segments"]["items"]["properties"]
    theme = top["themes"]["items"]["oneOf"][1]["properties"]
    activity = defs["activity"]["properties"]
    assert (top["title"]["maxLength"], top["themes"]["maxItems"], top["activities"]["maxItems"]) == (
        workshops.MAX_TITLE_LENGTH, workshops.MAX_THEMES, workshops.MAX_ACTIVITIES)
    assert (defs["themeTitle"]["maxLength"], theme["description"]["maxLength"]) == (
        workshops.MAX_THEME_TITLE_LENGTH, workshops.MAX_THEME_DESCRIPTION_LENGTH)
    assert (activity["prompt"]["maxLength"], activity["notes"]["maxLength"]) == (
        workshops.MAX_PROMPT_LENGTH, workshops.MAX_NOTES_LENGTH)
    assert (top["segments"]["maxItems"], segment["question"]["maxLength"], segment["options"]["minItems"],
            segment["options"]["maxItems"], segment["options"]["items"]["maxLength"]) == (
        segments.MAX_SEGMENTS, segments.MAX_QUESTION_LENGTH, segments.MIN_OPTIONS, segments.MAX_OPTIONS,
        segments.MAX_OPTION_LENGTH)


def test_export_import_export_round_trips(database, facilitator):
    with database.transaction() as db:
        first = import_plan(db, facilitator.id, load_plan(PLAN))
        exported = export_plan(first)
        second = import_plan(db, facilitator.id, load_plan(dump_plan(exported)))
        assert second.id != first.id
        assert export_plan(second) == exported
        assert load_plan(dump_plan(exported)) == exported
        # theme choices point at the new workshop's own themes
        rating = next(a for a in second.activities if a.kind == "rating")
        titles = {t.id: t.title for t in second.themes}
        assert [titles[i] for i in rating.config["themes"]] == ["Kulturarv", "KOMBIT"]
        assert all(a.state == "draft" for a in second.activities)


def test_a_workshop_edited_on_the_dashboard_round_trips(database, workshop, facilitator):
    with database.transaction() as db:
        w = db.get(Workshop, workshop.id)
        kombit = workshops.add_theme(db, w, "KOMBIT")
        workshops.add_activity(db, w, "ranking", "Rangér", {"themes": [str(kombit.id), workshop.theme_id]})
        exported = export_plan(w)
        assert exported["activities"][-1]["settings"]["themes"] == ["KOMBIT", "Fælles infrastruktur"]
        copy = import_plan(db, facilitator.id, load_plan(dump_plan(exported)))
        assert export_plan(copy) == exported


def test_the_schema_describes_the_demo_and_every_kind():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "docs" / "plan.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert set(KINDS) <= set(schema["$defs"]["activity"]["properties"]["kind"]["enum"])
    validator = jsonschema.Draft202012Validator(schema)
    assert list(validator.iter_errors(load_plan(demo_plan_text()))) == []
    assert list(validator.iter_errors(load_plan(PLAN))) == []


# --- bad files -------------------------------------------------------------------------------------

OK_TOP = "title: Strategidag\nthemes: [KOMBIT, Kulturarv]\nactivities:\n"

BAD_FILES = {
    "not yaml": ("title: Strategidag\nthemes: [KOMBIT, Kulturarv\nactivities: []\n", 3, "not valid YAML"),
    "tab indentation": ("title: x\nthemes:\n\t- KOMBIT\n", 3, "not valid YAML"),
    "not a mapping": ("- title: x\n", 1, "set of fields"),
    "empty": ("# nothing here\n", None, "empty"),
    "missing title": ("# En plan\nlanguage: da\nthemes: [KOMBIT]\n", 2, "the title is missing"),
    "empty title": ("language: da\ntitle: '  '\n", 2, "Title is required"),
    "title not a text": ("language: da\ntitle:\n  - a\n", 2, "title must be a text"),
    "themes not a list": ("title: x\nthemes: KOMBIT\n", 2, "must be a list"),
    "prompt not a text": (OK_TOP + "  - kind: poll\n    prompt: {a: b}\n", 5, "question must be a text"),
    "settings not a mapping": (OK_TOP + "  - kind: poll\n    prompt: x\n    settings: [a, b]\n", 6, "set of fields"),
    "wrong language": ("title: x\nlanguage: de\n", 2, "Danish (da) or English (en)"),
    "unknown field": ("title: x\nlanguage: da\ntheme: [a]\n", 3, "unknown field “theme”"),
    "twice the same field": ("title: x\nlanguage: da\ntitle: y\n", 3, "appears twice"),
    "unknown kind": (OK_TOP + "  - kind: poll\n    prompt: x\n    settings: {options: [a, b]}\n"
                     "  - kind: quiz\n    prompt: y\n", 7, "activity 2 has an unknown kind “quiz”"),
    "no kind": (OK_TOP + "  - prompt: y\n", 4, "activity 1 has no kind"),
    "bad kind settings": (OK_TOP + "  - kind: rating\n    prompt: x\n  - kind: points\n    prompt: y\n"
                          "    settings:\n      budget: 5000\n", 6, "activity 2: The budget must be"),
    "unknown setting": (OK_TOP + "  - kind: poll\n    prompt: x\n    settings:\n      options: [a, b]\n"
                        "      max_choice: 2\n", 8, "no setting “max_choice”"),
    "unknown theme title": (OK_TOP + "  - kind: ranking\n    prompt: x\n    settings:\n      themes:\n"
                            "        - KOMBIT\n        - Kulturav\n", 9, "no theme called “Kulturav”"),
    "themes neither all nor a list": (OK_TOP + "  - kind: ranking\n    prompt: x\n    settings: {themes: some}\n",
                                      6, "all or a list of theme titles"),
    "two themes with one title": ("title: x\nthemes:\n  - KOMBIT\n  - title: kombit\n", 4, "same title"),
    "segment with one option": ("title: x\nsegments:\n  - question: Rolle\n    options: [Leder]\n", 4, "2 to 12 different options"),
    "six segment questions": ("title: x\nsegments:\n" + "".join(
        f"  - question: Spørgsmål {n}\n    options: [a, b]\n" for n in range(6)), 13, "at most 5 segment questions"),
    "two segment questions alike": ("title: x\nsegments:\n  - question: Rolle\n    options: [a, b]\n"
                                    "  - question: rolle\n    options: [c, d]\n", 5, "Two segment questions are the same"),
    "segment required not a bool": ("title: x\nsegments:\n  - question: Rolle\n    options: [a, b]\n"
                                    "    required: yes\n", 5, "true or false"),
    "too long a prompt": (OK_TOP + "  - kind: qa\n    prompt: " + "x" * 301 + "\n", 5, "at most 300 characters"),
    "python tags": ("title: !!python/object/apply:os.system [ls]\n", 1, "not valid YAML"),
    "alias bomb": ("a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                   "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                   "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n", None, "too many parts"),
    "oversized": ("title: x\n# " + "x" * plans.MAX_PLAN_BYTES + "\n", None, "too large"),
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_a_bad_plan_names_its_line_and_stores_nothing(name, database, facilitator):
    text, line, words = BAD_FILES[name]
    before = counts(database)
    with pytest.raises(PlanError) as caught:
        with database.transaction() as db:
            import_plan(db, facilitator.id, load_plan(text))
    message = str(caught.value)
    assert words in message
    assert caught.value.code == "invalid_plan" and caught.value.status == 400
    if line is not None:
        assert message.startswith(f"Line {line}: ") or message.startswith(f"Line {line}, column ")
        assert caught.value.line == line
    assert counts(database) == before


def test_a_failure_halfway_through_an_import_stores_nothing(database, facilitator):
    plan = load_plan(PLAN)
    plan["activities"].append({"kind": "poll", "prompt": "x", "settings": {"options": ["a"]}})
    before = counts(database)
    with pytest.raises(PlanError, match=f"activity {len(SETTINGS) + 1}: A poll needs between 2 and 20 options"):
        with database.transaction() as db:
            import_plan(db, facilitator.id, plan)
    assert counts(database) == before


# --- duplicate -------------------------------------------------------------------------------------


def test_duplicate_copies_the_plan_without_participants_or_answers(database, workshop, facilitator):
    with database.transaction() as db:
        original = db.get(Workshop, workshop.id)
        kombit = workshops.add_theme(db, original, "KOMBIT")
        workshops.add_activity(db, original, "ranking", "Rangér", {"themes": [kombit.id]})
        participant = workshops.join(db, original, "Ida")
        workshops.respond(db, participant.id, original.id, workshop.poll_id, {"choices": ["a"]}, "r1")
        workshops.set_results_revealed(db, db.get(Activity, workshop.poll_id), True)
    with database.transaction() as db:
        original = db.get(Workshop, workshop.id)
        copy = plans.duplicate_workshop(db, facilitator.id, original)
        copy_id, copy_code = copy.id, copy.join_code
        assert copy.title == "Strategidag (kopi)"
        assert copy.language == "da" and copy_code != original.join_code
        assert copy.screen_secret != original.screen_secret
        assert copy.presented_activity_id is None
        assert [(t.title, t.description) for t in copy.themes] == [(t.title, t.description) for t in original.themes]
        assert [(a.kind, a.prompt) for a in copy.activities] == [(a.kind, a.prompt) for a in original.activities]
        assert all(a.state == "draft" and not a.results_revealed for a in copy.activities)
        ranking = copy.activities[-1]
        assert ranking.config["themes"] == [copy.themes[-1].id] != [kombit.id]
        exported = export_plan(copy)
        assert exported == {**export_plan(original), "title": "Strategidag (kopi)"}
    with database.reading() as db:
        copied_activities = [a.id for a in db.get(Workshop, copy_id).activities]
        assert db.scalar(select(func.count(Participant.id)).where(Participant.workshop_id == copy_id)) == 0
        assert db.scalar(select(func.count(Response.id)).where(Response.activity_id.in_(copied_activities))) == 0
        assert db.scalar(select(func.count(Response.id)).where(Response.activity_id == workshop.poll_id)) == 1


def test_an_english_copy_says_copy_and_a_long_title_still_fits(database, facilitator):
    with database.transaction() as db:
        original = workshops.create_workshop(db, facilitator.id, "x" * workshops.MAX_TITLE_LENGTH, "en")
        copy = plans.duplicate_workshop(db, facilitator.id, original)
        assert copy.title.endswith("x (copy)") and len(copy.title) == workshops.MAX_TITLE_LENGTH


# --- the demo --------------------------------------------------------------------------------------

# What facilitation/demo.py built before the demo became a plan file.
DEMO_THEMES = [
    ("Fælles digital infrastruktur", "Det Digitale Folkebibliotek og KOMBIT"),
    ("Digitale materialer og e-ressourcer", "Centralbibliotekernes digitale materialeoverbygning"),
    ("Data om brugerne og deres behov", "Bibliotekernes Data og IT"),
    ("Digitaliseret kulturarv", "Det Kgl. Bibliotek"),
    ("Digital dannelse og borgerservice", "Bibliotekernes egne tilbud"),
    ("Kompetencer hos personalet", "Fra strategi til hverdag"),
    ("Fra nationalt fælles til lokal handling", "Hvordan omsætter vi det fælles lokalt?"),
]
def test_the_demo_plan_builds_the_demo_workshop(database):
    with database.transaction() as db:
        workshop = load_demo(db)
        assert workshop.title == "Strategisk Folkebiblioteksmøde: Bibliotekernes digitale strategilandskab"
        assert workshop.language == "da" and workshop.facilitator.email == "demo@facilitator.local"
        assert [(t.title, t.description) for t in workshop.themes] == DEMO_THEMES
        assert [a.kind for a in workshop.activities] == [
            "poll", "poll", "poll", "qa", "ideas", "rating", "ranking", "points", "matrix", "stance", "responsibility",
            "commitments"]
        assert [s["question"] for s in workshop.segments] == ["Din rolle", "Bibliotekstype"]
        assert all(a.state == "draft" for a in workshop.activities)
        # the room reads its ideas whole, on a wall (a word cloud splits them into single words)
        assert [a.config["display"] for a in workshop.activities if a.kind == "ideas"] == ["wall"]
        # the file in the repository is already in normal form: exporting the demo gives it back
        assert export_plan(workshop) == load_plan(demo_plan_text())


def test_the_demo_plan_is_shipped_as_package_data():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'facilitation = ["data/*.yaml"]' in pyproject
    assert (ROOT / "facilitation" / "data" / "demo.yaml").is_file()


# --- the CLI ---------------------------------------------------------------------------------------


def test_import_workshop_from_the_command_line(app, database, facilitator, other_facilitator, tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN, encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["import-workshop", str(path)])
    assert result.exit_code == 0, result.output
    with database.reading() as db:
        workshop = db.scalar(select(Workshop).order_by(Workshop.id.desc()))
        assert workshop.facilitator_id == facilitator.id  # the first facilitator by default
        assert f"join code {workshop.join_code}" in result.output
        assert len(workshop.activities) == len(load_plan(PLAN)["activities"])
    result = app.test_cli_runner().invoke(args=["import-workshop", str(path), "--email", other_facilitator.email])
    assert result.exit_code == 0, result.output
    with database.reading() as db:
        assert db.scalar(select(Workshop).order_by(Workshop.id.desc())).facilitator_id == other_facilitator.id


def test_a_bad_file_on_the_command_line_prints_the_error_and_fails(app, database, facilitator, tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text(BAD_FILES["unknown kind"][0], encoding="utf-8")
    before = counts(database)
    result = app.test_cli_runner().invoke(args=["import-workshop", str(path)])
    assert result.exit_code != 0
    assert "Line 7: activity 2 has an unknown kind “quiz”" in result.output
    assert counts(database) == before
    path.write_text(PLAN, encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["import-workshop", str(path), "--email", "nobody@example.dk"])
    assert result.exit_code != 0 and "No such facilitator" in result.output
    assert counts(database) == before


def test_export_workshop_from_the_command_line(app, workshop, tmp_path):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["export-workshop", str(workshop.id)])
    assert result.exit_code == 0, result.output
    plan = load_plan(result.output)
    assert plan["title"] == "Strategidag" and plan["activities"][0]["kind"] == "poll"
    target = tmp_path / "out.yaml"
    result = runner.invoke(args=["export-workshop", str(workshop.id), "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert load_plan(target.read_text(encoding="utf-8")) == plan
    result = runner.invoke(args=["export-workshop", "9999"])
    assert result.exit_code != 0 and "no workshop 9999" in result.output


# --- pages -----------------------------------------------------------------------------------------


def logged_in(client_factory, account):
    client = client_factory()
    login(client, account)
    return client


def test_importing_pasted_text_opens_the_new_dashboard(client_factory, facilitator, database):
    client = logged_in(client_factory, facilitator)
    page = client.get("/workshops/import")
    assert page.status_code == 200 and 'name="plan_text"' in page.text
    response = client.post("/workshops/import", data={"plan_text": PLAN, "csrf_token": csrf_token_from(page.text)})
    assert response.status_code == 302
    workshop_id = int(response.location.rsplit("/", 1)[1])
    assert client.get(response.location).status_code == 200
    with database.reading() as db:
        workshop = db.get(Workshop, workshop_id)
        assert workshop.facilitator_id == facilitator.id and workshop.title == "Strategidag på Vingsted"


def test_importing_an_uploaded_file(client_factory, facilitator, database):
    client = logged_in(client_factory, facilitator)
    token = csrf_token_from(client.get("/workshops/import").text)
    upload = (io.BytesIO(("\ufeff" + PLAN).encode("utf-8")), "plan.yaml")
    response = client.post("/workshops/import", data={"plan_file": upload, "plan_text": "", "csrf_token": token},
                           content_type="multipart/form-data")
    assert response.status_code == 302


def test_a_bad_plan_reshows_the_form_with_the_error_and_the_text(client_factory, facilitator, database):
    client = logged_in(client_factory, facilitator)
    token = csrf_token_from(client.get("/workshops/import").text)
    text = BAD_FILES["bad kind settings"][0]
    before = counts(database)
    response = client.post("/workshops/import", data={"plan_text": text, "csrf_token": token})
    assert response.status_code == 400
    assert "Line 6: activity 2:" in response.text or "Linje 6: aktivitet 2:" in response.text
    assert "budget: 5000" in response.text  # the text is kept to fix
    assert counts(database) == before
    client.get("/lang/en")
    response = client.post("/workshops/import", data={"plan_text": text, "csrf_token": token})
    assert "Line 6: activity 2: The budget must be a whole number from 1 to 1000." in response.text
    upload = (io.BytesIO(b"title: \xff\n"), "plan.yaml")
    response = client.post("/workshops/import", data={"plan_file": upload, "csrf_token": token},
                           content_type="multipart/form-data")
    assert response.status_code == 400 and "UTF-8" in response.text


def test_an_oversized_upload_is_refused_on_the_form(client_factory, facilitator, database):
    client = logged_in(client_factory, facilitator)
    token = csrf_token_from(client.get("/workshops/import").text)
    client.get("/lang/en")
    upload = (io.BytesIO(b"title: x\n#" + b"x" * plans.MAX_PLAN_BYTES), "plan.yaml")
    response = client.post("/workshops/import", data={"plan_file": upload, "csrf_token": token},
                           content_type="multipart/form-data")
    assert response.status_code == 413 and "too large" in response.text and 'name="plan_text"' in response.text


def test_importing_needs_the_csrf_token(client_factory, facilitator, database):
    client = logged_in(client_factory, facilitator)
    before = counts(database)
    assert client.post("/workshops/import", data={"plan_text": PLAN}).status_code == 400
    assert counts(database) == before


def test_downloading_a_workshops_plan(client_factory, facilitator, workshop):
    client = logged_in(client_factory, facilitator)
    response = client.get(f"/workshops/{workshop.id}/plan.yaml")
    assert response.status_code == 200
    assert response.mimetype == "application/yaml"
    assert response.headers["Content-Disposition"] == "attachment; filename=strategidag.yaml"
    plan = load_plan(response.get_data(as_text=True))
    assert plan["title"] == "Strategidag" and plan["themes"][0]["title"] == "Fælles infrastruktur"
    example = client.get("/workshops/import/example.yaml")
    assert example.status_code == 200 and load_plan(example.get_data(as_text=True))["language"] == "da"


def test_the_file_name_is_safe_ascii():
    from facilitation.web.plans import file_name

    assert file_name("Strategisk Folkebiblioteksmøde: “Æbler” & pærer") == "strategisk-folkebiblioteksmoede-aebler-paerer.yaml"
    assert file_name("“”") == "workshop.yaml"


def test_duplicating_through_the_dashboard(client_factory, facilitator, workshop, database):
    client = logged_in(client_factory, facilitator)
    token = csrf_token_from(client.get(f"/workshops/{workshop.id}").text)
    response = client.post(f"/workshops/{workshop.id}/duplicate", data={"csrf_token": token})
    assert response.status_code == 302
    copy_id = int(response.location.rsplit("/", 1)[1])
    assert copy_id != workshop.id
    with database.reading() as db:
        assert db.get(Workshop, copy_id).title == "Strategidag (kopi)"


def test_another_facilitator_is_refused(client_factory, other_facilitator, workshop, database):
    client = logged_in(client_factory, other_facilitator)
    token = csrf_token_from(client.get("/workshops").text)
    before = counts(database)
    assert client.get(f"/workshops/{workshop.id}/plan.yaml").status_code == 403
    assert client.post(f"/workshops/{workshop.id}/duplicate", data={"csrf_token": token}).status_code == 403
    api = client_factory()
    assert api.get(f"/api/v1/workshops/{workshop.id}/plan", headers=other_facilitator.headers).status_code == 403
    assert api.post(f"/api/v1/workshops/{workshop.id}/duplicate", headers=other_facilitator.headers).status_code == 403
    assert client.get("/workshops/999999/plan.yaml").status_code == 404
    assert counts(database) == before


def test_strangers_and_participants_are_refused(client_factory, workshop, database):
    stranger = client_factory()
    participant = client_factory()
    join_as_participant(participant, workshop.code)
    token = csrf_token_from(participant.get("/login").text)
    before = counts(database)
    for client in (stranger, participant):
        for path in ("/workshops/import", f"/workshops/{workshop.id}/plan.yaml", "/workshops/import/example.yaml"):
            response = client.get(path)
            assert response.status_code == 302 and response.location.startswith("/login")
        response = client.post("/workshops/import", data={"plan_text": PLAN, "csrf_token": token})
        assert response.status_code in (302, 400)
        response = client.post(f"/workshops/{workshop.id}/duplicate", data={"csrf_token": token})
        assert response.status_code in (302, 400)
        assert client.get(f"/api/v1/workshops/{workshop.id}/plan").status_code == 401
        assert client.post("/api/v1/plans", data=PLAN, headers={"X-CSRFToken": token}).status_code in (400, 401)
    assert counts(database) == before


# --- API -------------------------------------------------------------------------------------------


def test_the_api_imports_yaml_text_json_and_a_wrapped_plan(client_factory, facilitator, database):
    client = client_factory()
    response = client.post("/api/v1/plans", data=PLAN.encode(), headers=facilitator.headers,
                           content_type="application/yaml")
    assert response.status_code == 201, response.text
    workshop = response.get_json()["workshop"]
    assert workshop["title"] == "Strategidag på Vingsted" and len(workshop["code"]) == 6
    exported = client.get(f"/api/v1/workshops/{workshop['id']}/plan", headers=facilitator.headers)
    assert exported.status_code == 200
    plan = exported.get_json()["plan"]
    assert plan == load_plan(PLAN)
    # what the export gives back can be posted as it is, and as JSON text
    assert client.post("/api/v1/plans", json={"plan": plan}, headers=facilitator.headers).status_code == 201
    assert client.post("/api/v1/plans", json=plan, headers=facilitator.headers).status_code == 201
    assert client.post("/api/v1/plans", json={"plan": PLAN}, headers=facilitator.headers).status_code == 201
    with database.reading() as db:
        assert db.scalar(select(func.count(Workshop.id)).where(Workshop.facilitator_id == facilitator.id)) == 4


def test_the_api_answers_a_bad_plan_with_its_line(client_factory, facilitator, database):
    client = client_factory()
    before = counts(database)
    response = client.post("/api/v1/plans", data=BAD_FILES["unknown theme title"][0].encode(),
                           headers={**facilitator.headers, "Accept-Language": "en"}, content_type="text/plain")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "invalid_plan" and error["line"] == 9
    assert error["message"].startswith("Line 9: ") or error["message"].startswith("Linje 9: ")
    response = client.post("/api/v1/plans", json={"plan": 3}, headers=facilitator.headers)
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "invalid"
    assert counts(database) == before


def test_the_api_duplicates(client_factory, facilitator, workshop):
    response = client_factory().post(f"/api/v1/workshops/{workshop.id}/duplicate", headers=facilitator.headers)
    assert response.status_code == 201
    assert response.get_json()["workshop"]["title"] == "Strategidag (kopi)"


def test_the_example_in_the_docs_imports(database, facilitator):
    docs = (ROOT / "docs" / "plans.md").read_text(encoding="utf-8")
    example = docs.split("```yaml\n", 1)[1].split("```", 1)[0]
    plan = load_plan(example)
    assert [a["kind"] for a in plan["activities"]] == ["poll", "ideas", "qa", "rating", "ranking", "points", "matrix"]
    assert plan["themes"][2] == {"title": "Kompetencer hos personalet", "description": ""}
    with database.transaction() as db:
        workshop = import_plan(db, facilitator.id, plan)
        assert export_plan(workshop) == plan
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "docs" / "plan.schema.json").read_text(encoding="utf-8"))
    import yaml

    assert list(jsonschema.Draft202012Validator(schema).iter_errors(yaml.safe_load(example))) == []


def test_the_settings_page_saves_what_a_plan_imported_and_names_the_one_limit(client_factory, facilitator, database):
    from facilitation.segments import MAX_SEGMENTS

    lines = [f"Spørgsmål {n}: a, b" for n in range(MAX_SEGMENTS + 1)]
    text = "title: x\nsegments:\n" + "".join(f"  - question: Spørgsmål {n}\n    options: [a, b]\n" for n in range(MAX_SEGMENTS))
    with database.transaction() as db:
        workshop_id = import_plan(db, facilitator.id, load_plan(text)).id
    client = logged_in(client_factory, facilitator)
    page = client.get(f"/workshops/{workshop_id}/settings")
    assert f"Højst {MAX_SEGMENTS} spørgsmål" in page.text  # the limit is said before anyone hits it
    token = csrf_token_from(page.text)
    saved = client.post(f"/workshops/{workshop_id}/settings", data={"csrf_token": token, "segments": "\n".join(lines[:-1])})
    assert saved.status_code == 302
    refused = client.post(f"/workshops/{workshop_id}/settings", data={"csrf_token": token, "segments": "\n".join(lines)})
    assert refused.status_code == 400
    assert f"En workshop kan højst have {MAX_SEGMENTS} baggrundsspørgsmål." in refused.text
    with database.reading() as db:
        assert len(db.get(Workshop, workshop_id).segments) == MAX_SEGMENTS


def test_the_demo_compares_this_years_prioritisations_with_last_years_example_data(database):
    from facilitation import comparisons

    with database.transaction() as db:
        workshop = load_demo(db)
        compared = [a for a in workshop.activities if a.compared_with_id]
        assert [a.prompt for a in compared] == [
            "Hvor vigtigt er hvert tema for jeres bibliotek de næste tre år?",
            "Hvilke tre temaer skal vi løfte først i fællesskab?",
            "Fordel 100 point mellem temaerne: hvor skal kræfterne bruges?",
        ]
        earlier = [db.get(type(compared[0]), a.compared_with_id) for a in compared]
        assert {a.workshop.title for a in earlier} == {"Strategisk Folkebiblioteksmøde sidste år (eksempeldata)"}
        assert all("Eksempeldata" in a.notes and a.state == "closed" and a.results_revealed for a in earlier)
        found = comparisons.comparison(db, compared[0])
        # Six themes were asked both years (the seventh is new), by 140 people last year.
        assert found["earlier"]["responses"] == 140 and found["later"]["responses"] == 0
        assert len(found["rows"]) == 6 and all(row["n_before"] > 100 for row in found["rows"])
        assert all(row["difference"] is None for row in found["rows"])  # nobody answered this year yet
