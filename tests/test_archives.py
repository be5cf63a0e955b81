"""Workshop archives (facilitation/archives.py): a workshop with its anonymous answers exported to one
JSON file and imported on another server, on real SQLite files; the refusals; who may download.

The round trip uses every kind's contract example (tests/kinds/, CONTRACT_EXAMPLES), answered by
participants with segment answers."""

from __future__ import annotations

import json

import pytest

from facilitation import archives, comparisons, workshops
from facilitation.kinds import KINDS, collects
from sqlalchemy import func

from facilitation.models import Activity, Participant, Response, Theme, Workshop

from .conftest import csrf_token_from, join_as_participant, make_facilitator
from .test_kind_contract import EXAMPLES

SEGMENTS = [{"question": "Hvor arbejder du?", "options": ["Folkebibliotek", "Fagbibliotek"], "required": True},
            {"question": "Region", "options": ["Syd", "Nord"], "required": False}]
PEOPLE = 8


def example_answer(kind, answers: list, number: int, theme_ids: dict[str, str]) -> dict:
    """The kind's example answer for participant `number`, its theme ids "1", "2", "3" made the workshop's."""
    answer = answers[number % len(answers)]
    rename = getattr(kind, "rename_themes", None)
    return rename(answer, theme_ids) if rename else answer


def answered_workshop(database, facilitator_id: int) -> int:
    """A workshop with one activity of every kind, answered by PEOPLE participants with segment
    answers; its ideas split into a shown, a held and a hidden entry."""
    with database.transaction() as db:
        workshop = workshops.create_workshop(db, facilitator_id, "Strategidag 2025", "da")
        # Theme ids far above any count in a tally, so that `comparable` can tell them apart.
        db.add(Theme(id=(db.query(func.max(Theme.id)).scalar() or 0) + 1000, workshop=workshop, title="Kladde"))
        db.flush()
        db.delete(workshop.themes[0])
        db.flush()
        themes = [workshops.add_theme(db, workshop, title) for title in ("KOMBIT", "Kulturarv", "Fælles infrastruktur")]
        theme_ids = {str(number): str(theme.id) for number, theme in enumerate(themes, 1)}
        workshop.segments = SEGMENTS
        people = [workshops.join(db, workshop, segment_answers={
            "Hvor arbejder du?": ("Folkebibliotek", "Fagbibliotek")[number % 2],
            **({"Region": "Syd"} if number % 3 else {})}) for number in range(PEOPLE)]
        db.flush()
        for name, kind in KINDS.items():
            config, answers = EXAMPLES[name]
            activity = workshops.add_activity(db, workshop, name, f"Spørgsmål om {name}", config)
            workshops.open_activity(db, activity)
            workshops.present(db, workshop, activity.id)
            for number, person in enumerate(people):
                workshops.respond(db, person.id, workshop.id, activity.id,
                                  example_answer(kind, answers, number, theme_ids), f"{name}-{number}")
            workshops.close_activity(db, activity)
        ideas = next(activity for activity in workshop.activities if activity.kind == "ideas")
        entries = db.query(Response).filter_by(activity_id=ideas.id).order_by(Response.id).all()
        entries[0].status, entries[1].status = "pending", "hidden"
        return workshop.id


def comparable(value, labels: dict, entry_ids: set):
    """A tally with theme ids (all above 1000, unlike any count) replaced by their titles and
    entry ids left out, so that the tallies of two workshops with other ids compare equal."""
    if isinstance(value, dict):
        return {labels.get(str(key), key): comparable(item, labels, entry_ids) for key, item in value.items()
                if not (key == "id" and item in entry_ids and "label" not in value)}
    if isinstance(value, list):
        return [comparable(item, labels, entry_ids) for item in value]
    if isinstance(value, (int, str)) and not isinstance(value, bool) and str(value) in labels:
        return labels[str(value)]
    return value


def every_result(database, workshop_id: int) -> dict:
    """Each activity's tally (split by the first segment question where the kind splits) in
    comparable form, by agenda place."""
    with database.reading() as db:
        workshop = db.get(Workshop, workshop_id)
        labels = {str(theme.id): theme.title for theme in workshop.themes}
        found = {}
        for place, activity in enumerate(workshop.activities):
            entry_ids = {row.id for row in db.query(Response).filter_by(activity_id=activity.id)}
            if not collects(KINDS[activity.kind]):
                activity.split_by = SEGMENTS[0]["question"]
            found[place] = comparable(workshops.results(db, activity), labels, entry_ids)
        return found


def export(database, workshop_id: int) -> bytes:
    with database.reading() as db:
        return archives.dump_archive(archives.export_archive(db, db.get(Workshop, workshop_id)))


def counts(database) -> tuple[int, int, int]:
    with database.reading() as db:
        return db.query(Workshop).count(), db.query(Participant).count(), db.query(Response).count()


def test_a_workshop_survives_the_round_trip_through_an_archive(database, facilitator, other_facilitator):
    original = answered_workshop(database, facilitator.id)
    data = export(database, original)
    archive = json.loads(data)
    assert archive["format"] == "facilitation-archive" and archive["version"] == 1
    assert [person["number"] for person in archive["participants"]] == list(range(1, PEOPLE + 1))
    assert len(archive["responses"]) == PEOPLE * len(KINDS)
    rating = next(item for item in archive["responses"] if item["activity"] == list(KINDS).index("rating"))
    assert set(rating["answer"]["ratings"]) <= {"0", "1", "2"}, "themes by their index in the plan"
    ideas = [item["status"] for item in archive["responses"] if item["activity"] == list(KINDS).index("ideas")]
    assert ideas[:2] == ["pending", "hidden"] and "status" not in rating

    with database.transaction() as db:
        imported = archives.import_archive(db, other_facilitator.id, archives.load_archive(data)).id
    with database.reading() as db:
        workshop = db.get(Workshop, imported)
        assert workshop.facilitator_id == other_facilitator.id and workshop.title == "Strategidag 2025"
        assert all(activity.state == "closed" and activity.results_revealed for activity in workshop.activities)
        assert not workshop.joining_open
        assert db.query(Participant).filter_by(workshop_id=imported).count() == PEOPLE
    before, after = every_result(database, original), every_result(database, imported)
    for place in before:
        assert after[place] == before[place], list(KINDS)[place]
    assert any("split" in result for result in after.values())
    assert export(database, imported) == data, "export → import → export gives the same archive"


def test_an_archive_carries_no_names_cookies_or_internal_ids(database, facilitator):
    original = answered_workshop(database, facilitator.id)
    with database.transaction() as db:
        person = db.query(Participant).filter_by(workshop_id=original).first()
        person.display_name = "Karen Blixen"
        public_id = person.public_id
    text = export(database, original).decode()
    assert "Karen Blixen" not in text and public_id not in text and facilitator.email not in text
    assert set(json.loads(text)) == {"format", "version", "plan", "participants", "responses"}


def test_three_hundred_people_and_twelve_activities_are_imported_in_one_bulk(database, facilitator):
    """Bulk inserts: one statement for the participants, one for the responses (not a respond()
    per answer); counted, not timed."""
    plan = {"version": 1, "title": "Stor dag", "language": "da", "themes": [{"title": f"Tema {n}"} for n in range(6)],
            "activities": [{"kind": "rating", "prompt": f"Spørgsmål {n}", "settings": {}} for n in range(12)]}
    archive = {"format": "facilitation-archive", "version": 1, "plan": plan,
               "participants": [{"number": n, "segments": {}} for n in range(1, 301)],
               "responses": [{"activity": a, "participant": n, "answer": {"ratings": {str(t): (n + t) % 5 + 1 for t in range(6)}}}
                             for a in range(12) for n in range(1, 301)]}
    statements = []
    from sqlalchemy import event

    with database.transaction() as db:
        engine = db.get_bind()
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            workshop = archives.import_archive(db, facilitator.id, archive)
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        assert db.query(Response).join(Activity).filter(Activity.workshop_id == workshop.id).count() == 3600
    inserts = [sql for sql in statements if sql.lstrip().upper().startswith("INSERT INTO RESPONSES")]
    assert len(inserts) < 20, f"{len(inserts)} inserts for 3600 responses"


def archive_with(database, facilitator_id, change) -> bytes:
    original = answered_workshop(database, facilitator_id)
    archive = json.loads(export(database, original))
    change(archive)
    return json.dumps(archive).encode()


def first_of(kind_name):
    def pick(archive):
        return next(item for item in archive["responses"] if item["activity"] == list(KINDS).index(kind_name))
    return pick


BAD_ARCHIVES = {
    "not json": (lambda archive: None, b'{"format": "facilitation-archive", "version": 1, "plan": ',
                 "Arkivet er ikke en JSON-fil."),
    "too large": (lambda archive: None, b'{"format": "facilitation-archive"' + b" " * archives.MAX_ARCHIVE_BYTES + b"}",
                  "Arkivet er for stort: højst 20 MB."),
    "wrong format": (lambda archive: archive.update(format="facilitation-plan"), None,
                     "Filen er ikke et workshoparkiv."),
    "wrong version": (lambda archive: archive.update(version=2), None,
                      "Arkivet har version 2; kun version 1 kan importeres."),
    "refused answer": (lambda archive: first_of("points")(archive)["answer"].update(points={"0": 99}), None,
                       "Svar nr. 41 (aktivitet 6, deltager 1): Du har givet 99 point"),
    "unknown activity": (lambda archive: archive["responses"][3].update(activity=99), None,
                         "Svar nr. 4 nævner ingen aktivitet i planen."),
    "unknown participant": (lambda archive: archive["responses"][3].update(participant=999), None,
                            "Svar nr. 4 nævner ingen deltager i arkivet."),
}


@pytest.mark.parametrize("case", list(BAD_ARCHIVES))
def test_a_bad_archive_is_refused_with_its_reason_and_creates_nothing(app, database, facilitator, case):
    change, raw, message = BAD_ARCHIVES[case]
    data = raw or archive_with(database, facilitator.id, change)
    before = counts(database)
    client = app.test_client()
    client.post("/login", data={"email": facilitator.email, "password": facilitator.password,
                                "csrf_token": csrf_token_from(client.get("/login").get_data(as_text=True))})
    page = client.get("/workshops/import").get_data(as_text=True)
    from io import BytesIO

    response = client.post("/workshops/import", data={"csrf_token": csrf_token_from(page),
                                                      "plan_file": (BytesIO(data), "arkiv.json")},
                           content_type="multipart/form-data")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True), response.get_data(as_text=True).split("role=\"alert\">")[-1][:300]
    assert counts(database) == before


def test_only_a_logged_in_facilitator_may_send_a_large_body_to_the_import_page(app):
    # Without a login the usual limit holds: 200 KB is refused unread, before the CSRF check.
    from io import BytesIO

    response = app.test_client().post("/workshops/import", data={"plan_file": (BytesIO(b" " * 200_000), "arkiv.json")},
                                      content_type="multipart/form-data")
    assert response.status_code == 413


def test_a_too_large_archive_is_refused_before_it_is_read(database):
    with pytest.raises(archives.ArchiveError, match="too large"):
        archives.load_archive(b"{" + b" " * archives.MAX_ARCHIVE_BYTES + b"}")
    too_many = {"format": "facilitation-archive", "version": 1, "plan": {}, "responses": [],
                "participants": [{"number": n} for n in range(archives.MAX_PARTICIPANTS + 1)]}
    with pytest.raises(archives.ArchiveError, match="too many participants"):
        archives.check_archive(too_many)


def test_the_imported_workshop_is_an_earlier_run_for_the_importer_only(database, facilitator, other_facilitator):
    data = export(database, answered_workshop(database, other_facilitator.id))
    third = make_facilitator(database, "tredje@bibliotek.dk")
    with database.transaction() as db:
        imported = archives.import_archive(db, facilitator.id, archives.load_archive(data))
        this_year = workshops.create_workshop(db, facilitator.id, "Strategidag 2026", "da")
        for title in ("KOMBIT", "Kulturarv"):
            workshops.add_theme(db, this_year, title)
        rating = workshops.add_activity(db, this_year, "rating", "Hvor vigtigt?", {"themes": "all"})
        runs = comparisons.earlier_runs(db, facilitator.id, rating)
        earlier = next(run for run in runs if run.workshop_id == imported.id)
        comparisons.compare_with(db, facilitator.id, rating, earlier.id)
        assert all(run.workshop_id != imported.id for run in comparisons.earlier_runs(db, third.id, rating))
        found = comparisons.comparison(db, rating)
    assert found["earlier"]["workshop"] == "Strategidag 2025" and found["earlier"]["responses"] == PEOPLE
    assert {row["label"] for row in found["rows"]} == {"KOMBIT", "Kulturarv"}


def test_only_the_workshops_team_downloads_its_archive(app, database, facilitator, other_facilitator):
    workshop_id = answered_workshop(database, facilitator.id)
    url = f"/workshops/{workshop_id}/archive.json"

    def logged_in(account):
        client = app.test_client()
        client.post("/login", data={"email": account.email, "password": account.password,
                                    "csrf_token": csrf_token_from(client.get("/login").get_data(as_text=True))})
        return client

    owner = logged_in(facilitator).get(url)
    assert owner.status_code == 200 and json.loads(owner.data)["format"] == "facilitation-archive"
    assert owner.headers["Cache-Control"] == "private, no-store"
    assert logged_in(other_facilitator).get(url).status_code in (403, 404)
    with database.transaction() as db:
        workshop = db.get(Workshop, workshop_id)
        workshop.segments = []  # the join page then asks nothing
        code = workshop.join_code
    participant = app.test_client()
    join_as_participant(participant, code)
    assert participant.get(url).status_code in (302, 401, 403)
    assert b"facilitation-archive" not in participant.get(url).data


def test_the_command_line_exports_an_archive_and_imports_it_for_the_named_facilitator(
        app, database, facilitator, other_facilitator, tmp_path):
    original = answered_workshop(database, facilitator.id)
    target = tmp_path / "strategidag-2025.json"
    runner = app.test_cli_runner()
    result = runner.invoke(args=["export-archive", str(original), str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == export(database, original)
    result = runner.invoke(args=["import-workshop", str(target), "--email", other_facilitator.email])
    assert result.exit_code == 0 and "with its answers" in result.output, result.output
    with database.reading() as db:
        imported = db.query(Workshop).filter_by(facilitator_id=other_facilitator.id).one()
        assert db.query(Participant).filter_by(workshop_id=imported.id).count() == PEOPLE
    broken = json.loads(target.read_bytes())
    broken["responses"][0]["participant"] = 999
    target.write_text(json.dumps(broken))
    before = counts(database)
    result = runner.invoke(args=["import-workshop", str(target)])
    assert result.exit_code != 0 and "Response no. 1 names no participant of the archive." in result.output
    assert counts(database) == before


def test_the_archive_in_the_docs_imports(database, facilitator):
    from pathlib import Path

    docs = (Path(__file__).resolve().parent.parent / "docs" / "plans.md").read_text(encoding="utf-8")
    example = docs.split("## Workshop archives", 1)[1].split("```json\n", 1)[1].split("```", 1)[0]
    with database.transaction() as db:
        workshop = archives.import_archive(db, facilitator.id, archives.load_archive(example.encode()))
        result = workshops.results(db, workshop.activities[0])
    assert [(theme["label"], theme["mean"]) for theme in result["themes"]] == [("KOMBIT", 4.5), ("Kulturarv", 2)]


def test_an_answer_that_no_longer_fits_without_a_deleted_theme_is_left_out_and_the_rest_imports(
        database, facilitator):
    """A top-2 ballot whose first place was deleted since would be refused by its kind: the export
    leaves it out (it would stop the import), and keeps the ballots that still fit."""
    with database.transaction() as db:
        workshop = workshops.create_workshop(db, facilitator.id, "Strategidag 2025", "da")
        kombit, kulturarv, data = (workshops.add_theme(db, workshop, title) for title in ("KOMBIT", "Kulturarv", "Data"))
        ranking = workshops.add_activity(db, workshop, "ranking", "Hvad først?", {"themes": "all", "top_k": 2})
        workshops.open_activity(db, ranking)
        workshops.present(db, workshop, ranking.id)
        for number, order in enumerate([[kombit, kulturarv], [kulturarv, data], [data, kulturarv]]):
            person = workshops.join(db, workshop)
            db.flush()
            workshops.respond(db, person.id, workshop.id, ranking.id, {"order": [str(t.id) for t in order]}, f"r{number}")
        workshops.delete_theme(db, kombit)
        workshop_id = workshop.id
    archive = json.loads(export(database, workshop_id))
    assert [item["answer"]["order"] for item in archive["responses"]] == [["0", "1"], ["1", "0"]]
    with database.transaction() as db:
        imported = archives.import_archive(db, facilitator.id, archive)
        assert workshops.results(db, imported.activities[0])["responses"] == 2
