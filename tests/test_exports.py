"""The workshop's record: the XLSX workbook, the CSV per activity, the printable report and the
PDF, checked against the tallies the screen shows (workshops.results), for anonymity, for
escaping, and for who may fetch them."""

from __future__ import annotations

import csv
import io
import re
import secrets

import pytest
from openpyxl import load_workbook

from facilitation import workshops
from facilitation.record import pdf
from facilitation.record import report
from facilitation.record import spreadsheet
from facilitation.models import Activity, Workshop

from .test_web import login

SCRIPT_THEME = "<script>x</script>"
FORMULA_THEME = "=1+2"
THEMES = ["Fælles infrastruktur", "KOMBIT", "Kulturarv", SCRIPT_THEME, FORMULA_THEME]
PROMPTS = {
    "poll": "Hvem skal gå først: æ, ø eller å?",
    "rating": "Hvor vigtigt er hvert tema for jeres bibliotek?",
    "ranking": "Hvilke temaer skal vi løfte først i fællesskab?",
    "points": "Fordel 10 point mellem temaerne",
    "matrix": "Placér temaerne på strategikortet",
    "stance": "Skal vores bibliotek handle på temaet i 2027?",
}
CONFIGS = {
    "poll": {"options": ["Æblerne", "Øerne", "Ålene"], "max_choices": 2},
    "rating": {"themes": "all", "scale_min": 1, "scale_max": 5, "allow_dont_know": True,
               "label_min": "ikke vigtigt", "label_max": "meget vigtigt"},
    "ranking": {"themes": "all", "top_k": 2},
    "points": {"themes": "all", "budget": 10, "max_per_theme": None, "spend_all": True, "style": "points"},
    "matrix": {"themes": "all", "x_label": "Værdi for borgerne", "y_label": "Gennemførbarhed",
               "x_low": "lav", "x_high": "høj", "y_low": "svær", "y_high": "let"},
    "stance": {"themes": "all", "yes_label": "Vi er med", "no_label": "Ikke os", "not_sure_label": "Ved ikke"},
}
NAMES = ["Ida Hemmelig", "Bo Fortrolig", "Aya Skjult", "Per Privat", "Lis Anonym", "Kim Ukendt"]


def answers_for(kind: str, number: int, t: list[str]) -> dict:
    """Participant `number` (0-based)'s answer: varied, so the numbers have something to show."""
    if kind == "poll":
        return {"choices": [["a"], ["a", "b"], ["b"], ["a", "c"], ["c"], ["a"]][number]}
    if kind == "rating":
        values = [[5, 4, 1, 3, 2], [4, 4, 5, 3, 2], [5, "dont_know", 1, 2, 2], [4, 3, 5, 1, 2], [5, 2, 1, 3, 2],
                  [3, 4, 5, 2, 2]][number]
        return {"ratings": {theme: value for theme, value in zip(t, values)}}
    if kind == "ranking":
        return {"order": [[t[0], t[1]], [t[0], t[2]], [t[1], t[0]], [t[2], t[0]], [t[1], t[2]], [t[0], t[3]]][number]}
    if kind == "points":
        split = [[10, 0, 0, 0, 0], [5, 5, 0, 0, 0], [0, 10, 0, 0, 0], [10, 0, 0, 0, 0], [0, 6, 4, 0, 0],
                 [2, 2, 2, 2, 2]][number]
        return {"points": {theme: value for theme, value in zip(t, split) if value}}
    if kind == "stance":
        # Kulturarv (t[2]): three yes, three no, a divided room; the fifth theme only twice.
        stances = [["yes", "not_sure", "yes", "no", "yes"], ["yes", "yes", "no", "no", None],
                   ["yes", "not_sure", "yes", "not_sure", None], ["yes", "yes", "no", "no", None],
                   ["yes", None, "yes", "yes", "no"], ["no", "no", "no", None, None]][number]
        return {"stances": {theme: value for theme, value in zip(t, stances) if value}}
    positions = [
        {t[0]: [80, 90], t[1]: [10, 50], t[2]: [30, 20]},
        {t[0]: [70, 60], t[1]: [90, 50]},
        {t[0]: [90, 85], t[1]: [5, 40], t[3]: [50, 50]},
        {t[0]: [60, 75], t[1]: [95, 60]},
        {t[0]: [85, 95], t[1]: [15, 45]},
        {t[0]: [49.9, 50], t[4]: [12.5, 87.5]},
    ][number]
    return {"positions": positions}


@pytest.fixture
def recorded(database, facilitator, workshop_factory):
    """A Danish workshop with five themes, one activity of every kind and six participants'
    answers. Another workshop's participants join first, so internal ids are not 1 … 6."""
    other = workshop_factory(database)
    with database.transaction() as db:
        other_workshop = db.get(Workshop, other.id)
        for _ in range(7):
            workshops.join(db, other_workshop)
    with database.transaction() as db:
        workshop = workshops.create_workshop(db, facilitator.id, "Strategidag på Hovedbiblioteket", "da")
        theme_ids = [str(workshops.add_theme(db, workshop, title).id) for title in THEMES]
        activities = {kind: workshops.add_activity(db, workshop, kind, PROMPTS[kind], config)
                      for kind, config in CONFIGS.items()}
        people = [workshops.join(db, workshop, name) for name in NAMES]
        for kind, activity in activities.items():
            workshops.open_activity(db, activity)
            workshops.present(db, workshop, activity.id)
            db.flush()
            for number, person in enumerate(people):
                workshops.respond(db, person.id, workshop.id, activity.id, answers_for(kind, number, theme_ids),
                                  secrets.token_hex(6))
            workshops.close_activity(db, activity)
        workshops.add_activity(db, workshop, "poll", "Et spørgsmål uden svar", {"options": ["Ja", "Nej"]})
        return {
            "id": workshop.id,
            "code": workshop.join_code,
            "activities": {kind: activity.id for kind, activity in activities.items()},
            "themes": theme_ids,
            "participants": [(person.id, person.public_id) for person in people],
        }


@pytest.fixture
def session_and_workshop(database, recorded):
    with database.reading() as db:
        yield db, db.get(Workshop, recorded["id"])


def sheet_rows(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def table_of(sheet) -> tuple[list[str], list[list]]:
    """The summary table of an activity sheet: the header row (the first bold row after the
    notes) and the rows under it."""
    rows = sheet_rows(sheet)
    for index, row in enumerate(rows):
        if index >= 2 and sheet.cell(row=index + 1, column=1).font.bold and row[0] is not None:
            return [cell for cell in row if cell is not None], rows[index + 1:]
    raise AssertionError("no header row")


def by_label(rows, label_column, headers, column):
    return {row[label_column]: row[headers.index(column)] for row in rows}


# --- XLSX -------------------------------------------------------------------------------------------


def test_the_workbook_has_an_overview_a_sheet_per_activity_and_the_responses(session_and_workshop, recorded):
    db, workshop = session_and_workshop
    book = load_workbook(io.BytesIO(spreadsheet.workshop_xlsx(db, workshop)))
    assert book.sheetnames[0] == "Overview"
    # After the activities the landscape of the themes (its prioritisations have answers).
    assert book.sheetnames[-3:] == ["Landscape of the themes", "Responses", "Moderation"]
    assert len(book.sheetnames) == 4 + len(workshop.activities)
    names = [name.casefold() for name in book.sheetnames]
    assert len(set(names)) == len(names)
    for name in book.sheetnames:
        assert 1 <= len(name) <= 31 and not re.search(r"[\[\]:*?/\\]", name) and not name.startswith("'")

    overview = sheet_rows(book["Overview"])
    cells = [cell for row in overview for cell in row if cell is not None]
    assert workshop.title in cells and workshop.join_code in cells
    facts = {row[0]: row[1] for row in overview if row[0] in ("Date", "Join code", "Participants joined")}
    assert facts["Participants joined"] == 6 and isinstance(facts["Participants joined"], int)
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", facts["Date"])
    agenda = {row[2]: row for row in overview if isinstance(row[0], int)}
    assert agenda[PROMPTS["rating"]][1:5] == ["Rating", PROMPTS["rating"], "closed", 6]
    assert agenda["Et spørgsmål uden svar"][3:5] == ["not opened", 0]


def test_the_summary_sheets_hold_the_numbers_the_screen_shows(session_and_workshop, recorded):
    db, workshop = session_and_workshop
    book = load_workbook(io.BytesIO(spreadsheet.workshop_xlsx(db, workshop)))
    activities = {a.kind: a for a in workshop.activities if a.id in recorded["activities"].values()}
    sheets = {a.kind: book.worksheets[1 + workshop.activities.index(a)] for a in activities.values()}

    poll = workshops.results(db, activities["poll"])
    headers, rows = table_of(sheets["poll"])
    assert headers == ["Option", "Count", "Share (%)"]
    assert [row[1] for row in rows] == list(poll["counts"].values()) == [4, 2, 2]
    assert [row[2] for row in rows] == pytest.approx([100 * 4 / 6, 100 * 2 / 6, 100 * 2 / 6])

    rating = workshops.results(db, activities["rating"])
    headers, rows = table_of(sheets["rating"])
    assert headers[:8] == ["Theme", "Mean", "Median", "SD", "n", "Don’t know", "Agreement A", "Divided"]
    assert headers[8:] == ["Gave 1", "Gave 2", "Gave 3", "Gave 4", "Gave 5"]
    means = by_label(rows, 0, headers, "Mean")
    for theme in rating["themes"]:
        assert means[theme["label"]] == pytest.approx(theme["mean"])
        row = next(row for row in rows if row[0] == theme["label"])
        assert row[4:6] == [theme["n"], theme["dont_know"]]
        assert row[8:13] == [theme["distribution"][str(v)] for v in range(1, 6)]
        assert row[7] == ("yes" if theme["divided"] else "no")
    assert [row[1] for row in rows] == sorted((row[1] for row in rows), reverse=True)  # highest mean first
    kulturarv = next(row for row in rows if row[0] == "Kulturarv")
    assert kulturarv[7] == "yes"  # 1, 5, 1, 5, 1, 5: a divided room

    ranking = workshops.results(db, activities["ranking"])
    headers, rows = table_of(sheets["ranking"])
    assert headers == ["Rank", "Theme", "Borda score", "Mean rank", "First places", "Ranked by"]
    assert [(row[0], row[1], row[2], row[4]) for row in rows] == [
        (t["rank"], t["label"], t["borda"], t["first_places"]) for t in ranking["themes"]]
    # 3 first places (4 points), 2 second places (3) and one ballot without it (shares 2, 1, 0: 1).
    assert by_label(rows, 1, headers, "Borda score")["Fælles infrastruktur"] == 3 * 4 + 2 * 3 + 1
    assert [row[3] for row in rows] == pytest.approx([t["mean_rank"] for t in ranking["themes"]])

    points = workshops.results(db, activities["points"])
    headers, rows = table_of(sheets["points"])
    assert headers == ["Theme", "Total", "Mean", "Givers", "SD", "Agreement A", "Divided"]
    totals = by_label(rows, 0, headers, "Total")
    assert totals == {t["label"]: t["total"] for t in points["themes"]}
    assert totals["Fælles infrastruktur"] == 27 and sum(totals.values()) == 60

    matrix = workshops.results(db, activities["matrix"])
    headers, rows = table_of(sheets["matrix"])
    assert headers[6:10] == ["Top right", "Top left", "Bottom right", "Bottom left"]
    for theme in matrix["themes"]:
        row = next(row for row in rows if row[0] == theme["label"])
        q = theme["quadrants"]
        assert row[6:10] == [q["high_high"], q["low_high"], q["high_low"], q["low_low"]]
        assert row[1] == theme["n"]
        if theme["n"]:
            assert row[2:6] == pytest.approx([theme["mean_x"], theme["mean_y"], theme["sd_x"], theme["sd_y"]])
        else:
            assert row[2:6] == [None] * 4
    first = next(row for row in rows if row[0] == "Fælles infrastruktur")
    assert first[6:10] == [5, 1, 0, 0]  # (49.9, 50) is top left

    stance = workshops.results(db, activities["stance"])
    headers, rows = table_of(sheets["stance"])
    assert headers == ["Theme", "Vi er med", "Ikke os", "Ved ikke", "n", "Yes of those who took a side (%)",
                       "Agreement A", "Divided"]
    for theme in stance["themes"]:
        row = next(row for row in rows if row[0] == theme["label"])
        assert row[1:5] == [theme["yes"], theme["no"], theme["not_sure"], theme["n"]]
        assert row[5] == pytest.approx(100 * theme["share_yes"]) and row[6] == pytest.approx(theme["agreement"])
    assert next(row for row in rows if row[0] == "Fælles infrastruktur")[1:6] == [5, 1, 0, 6, pytest.approx(500 / 6)]
    assert next(row for row in rows if row[0] == "Kulturarv")[7] == "yes"  # three yes, three no
    assert [row[5] for row in rows] == sorted((row[5] for row in rows), reverse=True)  # most yes first


def test_numbers_are_numbers_and_a_formula_stays_a_text(session_and_workshop):
    db, workshop = session_and_workshop
    book = load_workbook(io.BytesIO(spreadsheet.workshop_xlsx(db, workshop)))
    points = next(sheet for sheet in book.worksheets if sheet.title.startswith("4. "))
    headers, rows = table_of(points)
    for row in rows:
        assert isinstance(row[1], int) and isinstance(row[2], (int, float)) and isinstance(row[4], (int, float))
    formula_cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
                     if cell.value == FORMULA_THEME]
    assert formula_cells and all(cell.data_type == "s" for cell in formula_cells)


def test_the_responses_are_numbered_anonymously_in_join_order(session_and_workshop, recorded):
    db, workshop = session_and_workshop
    data = spreadsheet.workshop_xlsx(db, workshop)
    book = load_workbook(io.BytesIO(data))
    rows = sheet_rows(book["Responses"])
    assert rows[0][:5] == ["Participant", "Activity", "Question", "Answer", "Time (Danish time)"]
    assert len(rows[0]) == 5  # no segment columns while participants have no segments
    body = rows[1:]
    assert len(body) == 6 * 6
    assert {row[0] for row in body} == {1, 2, 3, 4, 5, 6}
    internal_ids = {participant_id for participant_id, _ in recorded["participants"]}
    assert not internal_ids & {row[0] for row in body}, "the internal ids are not 1 … 6 in this test"
    # Participant 3 (the third to join) said "don't know" about KOMBIT.
    rating_rows = {row[0]: row for row in body if row[2] == PROMPTS["rating"]}
    assert rating_rows[3][3] == ("Fælles infrastruktur: 5; KOMBIT: don’t know; Kulturarv: 1; "
                                 f"{SCRIPT_THEME}: 2; {FORMULA_THEME}: 2")
    assert rating_rows[3][1] == 2
    ranking_rows = {row[0]: row for row in body if row[2] == PROMPTS["ranking"]}
    assert ranking_rows[1][3] == "1. Fælles infrastruktur; 2. KOMBIT"
    matrix_rows = {row[0]: row for row in body if row[2] == PROMPTS["matrix"]}
    assert matrix_rows[6][3] == f"Fælles infrastruktur: x = 49,9 / y = 50; {FORMULA_THEME}: x = 12,5 / y = 87,5"
    poll_rows = {row[0]: row for row in body if row[2] == PROMPTS["poll"]}
    assert poll_rows[2][3] == "Æblerne; Øerne"
    stance_rows = {row[0]: row for row in body if row[2] == PROMPTS["stance"]}
    assert stance_rows[3][3] == "Fælles infrastruktur: Vi er med; KOMBIT: Ved ikke; Kulturarv: Vi er med; " \
                                f"{SCRIPT_THEME}: Ved ikke"
    assert all(row[4] is not None for row in body)

    # Nothing that could identify a participant is anywhere in the file.
    text = "\n".join(str(cell) for sheet in book.worksheets for row in sheet_rows(sheet) for cell in row)
    for name in NAMES:
        assert name not in text
    for _, public_id in recorded["participants"]:
        assert public_id not in text
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        raw = b"".join(archive.read(name) for name in archive.namelist())
    for name in NAMES:
        assert name.encode() not in raw


def test_segment_columns_and_splits_appear_when_participants_have_segments(database, facilitator):
    with database.transaction() as db:
        workshop = workshops.create_workshop(db, facilitator.id, "Segmentdag", "da")
        workshops.set_segments(db, workshop, [
            {"question": "Kommune", "options": ["Aarhus", "Odense"]},
            {"question": "Rolle", "options": ["Leder", "Medarbejder"]},
        ])
        theme_ids = [str(workshops.add_theme(db, workshop, title).id) for title in THEMES]
        rating = workshops.add_activity(db, workshop, "rating", PROMPTS["rating"], CONFIGS["rating"])
        workshops.open_activity(db, rating)
        workshops.present(db, workshop, rating.id)
        db.flush()
        for number, name in enumerate(NAMES):
            person = workshops.join(db, workshop, name, {"Kommune": ["Aarhus", "Odense"][number % 2],
                                                         "Rolle": "Medarbejder"})
            workshops.respond(db, person.id, workshop.id, rating.id, answers_for("rating", number, theme_ids), "r")
        workshop_id = workshop.id
    with database.reading() as db:
        workshop = db.get(Workshop, workshop_id)
        book = load_workbook(io.BytesIO(spreadsheet.workshop_xlsx(db, workshop)))
        rows = sheet_rows(book["Responses"])
        assert rows[0][5:] == ["Kommune", "Rolle"]
        # Three share each profile (Aarhus, Medarbejder) and (Odense, Medarbejder): shown in full.
        assert [tuple(row[5:]) for row in rows[1:3]] == [("Aarhus", "Medarbejder"), ("Odense", "Medarbejder")]
        context = report.report_context(db, workshop)
    kommune, rolle = context["activities"][0]["segments"]
    assert rolle["table"].headers == ["Theme", "Medarbejder (n = 6)"]
    assert kommune["question"] == "Kommune"
    assert kommune["table"].headers == ["Theme", "Aarhus (n\u00a0=\u00a03)", "Odense (n\u00a0=\u00a03)"]
    # Aarhus: participants 1, 3 and 5 rated Fælles infrastruktur 5, 5 and 5; Odense 4, 4 and 3.
    assert kommune["table"].rows[0] == ["Fælles infrastruktur", "5,00", "3,67"]
    assert any("Segment splits" in paragraph["lead"] for paragraph in context["appendix"])


def test_a_stance_splits_by_segment_as_the_share_of_yes(database, facilitator):
    with database.transaction() as db:
        workshop = workshops.create_workshop(db, facilitator.id, "Segmentdag", "da")
        workshops.set_segments(db, workshop, [{"question": "Kommune", "options": ["Aarhus", "Odense"]}])
        theme_ids = [str(workshops.add_theme(db, workshop, title).id) for title in THEMES]
        stance = workshops.add_activity(db, workshop, "stance", PROMPTS["stance"], CONFIGS["stance"])
        workshops.open_activity(db, stance)
        workshops.present(db, workshop, stance.id)
        db.flush()
        for number, name in enumerate(NAMES):
            person = workshops.join(db, workshop, name, {"Kommune": ["Aarhus", "Odense"][number % 2]})
            workshops.respond(db, person.id, workshop.id, stance.id, answers_for("stance", number, theme_ids), "s")
        workshop_id = workshop.id
    with database.reading() as db:
        [kommune] = report.report_context(db, db.get(Workshop, workshop_id), lambda m: m)["activities"][0]["segments"]
    assert kommune["figure"] == "The share of yes among those in each group who took a side, with how many did."
    assert kommune["table"].headers == ["Theme", "Aarhus (n\u00a0=\u00a03)", "Odense (n\u00a0=\u00a03)"]
    # Fælles infrastruktur: Aarhus (participants 1, 3, 5) yes, yes, yes; Odense yes, yes, no.
    assert kommune["table"].rows[0] == ["Fælles infrastruktur", "100 % (3)", "67 % (3)"]


def test_sheet_names_are_valid_and_unique():
    taken: set[str] = set()
    names = [spreadsheet.sheet_name(text, taken) for text in
             ["1. Hvad: skal [vi] gøre/ikke*?", "1. Hvad: skal [vi] gøre/ikke*?", "'quoted'", "History", "x" * 60]]
    assert names[0] == "1. Hvad skal vi gøre ikke"
    assert names[1] == "1. Hvad skal vi gøre ikke (2)"
    assert names[2] == "quoted" and names[3] == "History (2)"
    assert len(names[4]) == 31 and names[4].endswith("…")


def test_answers_are_flattened_with_the_translated_words(session_and_workshop, recorded):
    db, workshop = session_and_workshop
    activity = db.get(Activity, recorded["activities"]["rating"])
    t = recorded["themes"]
    labels = {str(theme.id): theme.title for theme in workshop.themes}
    danish = {"don’t know": "ved ikke", "(removed theme)": "(slettet tema)"}.get
    text = spreadsheet.answer_text(activity, {"ratings": {t[1]: 4, t[2]: "dont_know", "999": 2}}, labels,
                               lambda m: danish(m) or m)
    assert text == "KOMBIT: 4; Kulturarv: ved ikke; (slettet tema): 2"


# --- CSV ---------------------------------------------------------------------------------------------


def test_the_csv_has_the_summary_rows(session_and_workshop, recorded):
    db, workshop = session_and_workshop
    activity = db.get(Activity, recorded["activities"]["rating"])
    text = spreadsheet.activity_csv(db, activity)
    assert text.startswith("\ufeff") and "\r\n" in text
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0][:3] == ["Theme", "Mean", "Median"]
    result = workshops.results(db, activity)
    by_theme = {row[0]: row for row in rows[1:]}
    for theme in result["themes"]:
        label = "'" + theme["label"] if theme["label"].startswith("=") else theme["label"]
        row = by_theme[label]
        assert float(row[1]) == pytest.approx(theme["mean"], abs=0.0005)
        assert int(row[4]) == theme["n"]
        assert float(row[6]) == pytest.approx(theme["agreement"], abs=0.0005)
    assert "'=1+2" in by_theme  # a text that looks like a formula is defused

    matrix = db.get(Activity, recorded["activities"]["matrix"])
    rows = list(csv.reader(io.StringIO(spreadsheet.activity_csv(db, matrix)[1:])))
    result = workshops.results(db, matrix)
    assert [int(row[6]) for row in rows[1:]] == [t["quadrants"]["high_high"] for t in result["themes"]]
    assert rows[1][2] == "72.483"  # mean x of (80, 70, 90, 60, 85, 49.9): decimal point, 3 decimals at most
    danish = list(csv.reader(io.StringIO(spreadsheet.activity_csv(db, matrix, language="da")[1:]), delimiter=";"))
    assert danish[1][2] == "72,483" and len(danish[1]) == len(rows[1])  # Danish Excel: ";" and ","


# --- report ------------------------------------------------------------------------------------------


def test_the_report_context_has_charts_and_agreement_in_words(session_and_workshop):
    db, workshop = session_and_workshop
    context = report.report_context(db, workshop)
    kinds = [a["kind"] for a in context["activities"]]
    assert kinds == ["poll", "rating", "ranking", "points", "matrix", "stance", "poll"]
    for activity in context["activities"][:6]:
        assert str(activity["chart_svg"]).startswith("<svg")
    assert context["activities"][6]["chart_svg"] == ""  # no answers, no chart
    rating = context["activities"][1]
    assert any("Divided room (⇆): Kulturarv" in line for line in rating["agreement"])
    stance = context["activities"][5]
    assert stance["kind_label"] == "Stance (yes / no / not sure)"
    assert any("Divided room (⇆): Kulturarv" in line for line in stance["agreement"])
    assert stance["table"].headers[1:4] == ["Vi er med", "Ikke os", "Ved ikke"]
    assert stance["notes"][0] == "The choices: Vi er med, Ikke os, Ved ikke."
    leads = [paragraph["lead"] for paragraph in context["appendix"]]
    # Each kind's paragraph in the order of KINDS, stance after the rating (record/report.py).
    assert "Stance:" in leads and leads.index("Stance:") > leads.index("Rating:")
    # Most yes of those who took a side first; of two at 50 %, the one more people answered.
    assert [(bar.label, bar.value) for bar in stance["bars"].bars] == [
        ("Fælles infrastruktur", "83 %"), ("KOMBIT", "67 %"), ("Kulturarv", "50 %"),
        (FORMULA_THEME, "50 %"), (SCRIPT_THEME, "25 %")]
    matrix = context["activities"][4]
    assert [p.number for p in matrix["map"].points] == [1, 2, 3, 4, 5]
    assert matrix["map"].points[0].label == "Fælles infrastruktur"
    assert report.agreement_words(-1.0) == "a room split in half between the two ends"
    assert report.agreement_words(0.8) == "answers gather around one point"


def test_the_report_page_shows_every_prompt_and_theme_escaped(client_factory, facilitator, recorded):
    client = client_factory()
    login(client, facilitator)
    page = client.get(f"/workshops/{recorded['id']}/report")
    assert page.status_code == 200
    html = page.text
    assert '<html lang="da">' in html
    for prompt in PROMPTS.values():
        assert prompt in html
    for title in THEMES[:3]:
        assert title in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html
    assert "<script" not in html  # no script at all, and the theme's markup is escaped
    assert "<style" not in html and " style=" not in html  # the CSP allows only the stylesheet
    assert "css/report.css" in html
    assert html.count("<svg") == 6
    # Only the strategy map's figure is laid out as a map (report.css: .chart.map).
    assert html.count('<figure class="chart map">') == 1 and html.count('<figure class="chart">') == 5
    assert "Content-Security-Policy" in page.headers
    assert page.headers["Cache-Control"] == "private, no-store"


def test_the_pdf_has_every_prompt_with_its_danish_letters(client_factory, facilitator, recorded):
    from pypdf import PdfReader

    client = client_factory()
    login(client, facilitator)
    response = client.get(f"/workshops/{recorded['id']}/report.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert "attachment" in response.headers["Content-Disposition"]
    assert len(response.data) < 200_000  # the fonts are subset
    reader = PdfReader(io.BytesIO(response.data))
    assert len(reader.pages) >= 1
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for prompt in PROMPTS.values():
        assert prompt in text
    assert "Fælles infrastruktur" in text and SCRIPT_THEME in text
    assert "Værdi for borgerne" in text


def test_exports_of_an_empty_english_workshop_work(database, facilitator):
    with database.transaction() as db:
        workshop = workshops.create_workshop(db, facilitator.id, "Empty day", "en")
        workshops.add_activity(db, workshop, "rating", "How important?", CONFIGS["rating"])
        workshop_id = workshop.id
    with database.reading() as db:
        workshop = db.get(Workshop, workshop_id)
        assert load_workbook(io.BytesIO(spreadsheet.workshop_xlsx(db, workshop)))["Responses"].max_row == 1
        assert pdf.workshop_pdf(db, workshop).startswith(b"%PDF")
        assert report.report_context(db, workshop)["activities"][0]["responses"] == 0


def test_the_xlsx_and_csv_routes_send_files_in_the_workshops_language(client_factory, facilitator, recorded):
    client = client_factory()
    login(client, facilitator)
    client.get("/lang/en")  # the facilitator reads English; the files follow the workshop
    response = client.get(f"/workshops/{recorded['id']}/export.xlsx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "strategidag-p" in response.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.data))
    assert len(book.sheetnames) == 11 and book.sheetnames[-3:] == ["Temaernes landskab", "Svar", "Moderering"]
    activity_id = recorded["activities"]["points"]
    response = client.get(f"/workshops/{recorded['id']}/activities/{activity_id}/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"  # the charset once
    assert response.data.startswith(b"\xef\xbb\xbf")
    assert "Fælles infrastruktur" in response.data.decode("utf-8")
    # A Danish workshop: semicolons and decimal commas, as Danish Excel opens it.
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8")[1:]), delimiter=";"))
    assert len(rows[0]) > 3 and all(len(row) == len(rows[0]) for row in rows)
    assert rows[0][0] == "Tema"
    assert any("," in cell for row in rows[1:] for cell in row[1:]), rows  # a mean such as 33,333
    stance = client.get(f"/workshops/{recorded['id']}/activities/{recorded['activities']['stance']}/export.csv")
    rows = list(csv.reader(io.StringIO(stance.data.decode("utf-8")[1:]), delimiter=";"))
    assert rows[0][:5] == ["Tema", "Vi er med", "Ikke os", "Ved ikke", "n"]
    assert rows[1][:6] == ["Fælles infrastruktur", "5", "1", "0", "6", "83,333"]
    assert client.get(f"/workshops/{recorded['id']}/activities/999999/export.csv").status_code == 404


ROUTES = ["/workshops/{w}/export.xlsx", "/workshops/{w}/activities/{a}/export.csv", "/workshops/{w}/report",
          "/workshops/{w}/report.pdf"]


@pytest.mark.parametrize("route", ROUTES)
def test_another_facilitator_is_refused(route, client_factory, other_facilitator, recorded):
    client = client_factory()
    login(client, other_facilitator)
    response = client.get(route.format(w=recorded["id"], a=recorded["activities"]["poll"]))
    assert response.status_code == 403
    assert "Strategidag" not in response.text


@pytest.mark.parametrize("route", ROUTES)
def test_a_stranger_is_sent_to_the_login(route, client_factory, recorded):
    response = client_factory().get(route.format(w=recorded["id"], a=recorded["activities"]["poll"]))
    assert response.status_code == 302
    assert "/login" in response.location


def test_a_workshop_that_does_not_exist_is_not_found(client_factory, facilitator):
    client = client_factory()
    login(client, facilitator)
    assert client.get("/workshops/999999/report").status_code == 404
