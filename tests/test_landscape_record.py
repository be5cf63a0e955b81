"""The landscape of the themes in the record (facilitation/record/landscape.py): the report page,
the PDF, the workbook and the participants' results page show the same figures, places, sentences
and groups as the landscape page (landscape_view), hold back the small group as it does, escape a
hostile theme title, and leave the section out while no prioritisation has answers. A real SQLite
file and the real app."""

from __future__ import annotations

import io
import re
import uuid

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from facilitation import landscape_view, workshops
from facilitation.models import Workshop
from facilitation.record import landscape as record_landscape
from facilitation.record import report, spreadsheet

from .test_pdf_long_words import text_boxes
from .test_web import login

HOSTILE = "<script>alert('tema')</script> & Co"
THEMES = ["Det Digitale Folkebibliotek", "KOMBIT", "Det Kgl. Bibliotek", HOSTILE]
ROLES = ["Leder", "Medarbejder", "Politiker"]
# As in tests/test_landscape_view.py: the Lederne rate the first theme highest and give their
# points to the last; the staff the other way; two Politikere, too few to be shown on their own.
RATINGS = {"Leder": [5, 4, 2, 1], "Medarbejder": [2, 3, 4, 5], "Politiker": [3, 3, 4, 3]}
POINTS = {"Leder": [0, 1, 2, 7], "Medarbejder": [10, 0, 0, 0], "Politiker": [0, 10, 0, 0]}


def no_translation(text):
    return text


@pytest.fixture
def room(database, facilitator):
    """Six Lederne, six Medarbejdere and two Politikere rate four themes and share 10 points each;
    a poll is no prioritisation. The results page is published."""
    with database.transaction() as db:
        workshop = workshops.create_workshop(db, facilitator.id, "Strategidag", "da")
        workshops.set_segments(db, workshop, [{"question": "Rolle", "options": ROLES, "required": True}])
        themes = [workshops.add_theme(db, workshop, title) for title in THEMES]
        rating = workshops.add_activity(db, workshop, "rating", "Hvor vigtigt?", {"themes": "all"})
        points = workshops.add_activity(db, workshop, "points", "Fordel point", {"themes": "all", "budget": 10})
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
        workshops.publish_results(db, workshop, True)
        return {"id": workshop.id, "code": workshop.join_code, "rating": rating.id, "points": points.id}


def contexts(database, room, translate=no_translation):
    """The report's context and the landscape page's own data, whole room and split by role."""
    with database.reading() as db:
        workshop = db.get(Workshop, room["id"])
        return (report.report_context(db, workshop, translate),
                landscape_view.landscape_view(db, workshop, translate),
                landscape_view.landscape_view(db, workshop, translate, split_by="Rolle"))


def nbsp_as_space(cells: list[str]) -> list[str]:
    return [cell.replace("\u00a0", " ") for cell in cells]


def text_of(html: str) -> str:
    """What a reader sees of a piece of HTML: its text without the tags (entities left as they are)."""
    return re.sub(r"<[^>]+>", "", html)


def words(text: str) -> str:
    return " ".join(text.split())


def test_the_report_has_the_pages_figures_places_and_sentences(database, room):
    context, page, _ = contexts(database, room)
    found = context["landscape"]
    assert found["title"] == "Landscape of the themes"
    assert found["legend"] == ["A: Hvor vigtigt? (mean rating 1–5 · 14 answers)",
                               "B: Fordel point (share of the points · 14 answers)"]
    assert found["table"].headers == ["Theme", "A", "B", "Methods"]
    rows = {row[0]: row for row in found["table"].rows}
    assert list(rows) == THEMES
    # Det Digitale Folkebibliotek: (6·5 + 6·2 + 2·3) / 14 = 3.43, first with KOMBIT; 60 of 140 points, first.
    assert nbsp_as_space(rows["Det Digitale Folkebibliotek"][1:]) == [
        "3,4 no. 1–2 of 4 ⇅ divided", "43 % no. 1 of 4 ⇅ divided", "= The methods agree"]
    assert rows["Det Digitale Folkebibliotek"][1] == "3,4 no.\u00a01–2\u00a0of\u00a04 ⇅\u00a0divided"
    # The hostile theme: (6 + 30 + 6) / 14 = 3.0, last; 42 of 140 points, second: they disagree.
    assert nbsp_as_space(rows[HOSTILE][1:]) == ["3,0 no. 4 of 4 ⇅ divided", "30 % no. 2 of 4 ⇅ divided",
                                                "≠ The methods disagree"]
    # Every figure and every sentence is the landscape page's own.
    assert found["sentences"] == [theme["sentence"] for theme in page["themes"]]
    for theme in page["themes"]:
        for standing in theme["standings"]:
            assert standing["shown"] in rows[theme["label"]][[None, room["rating"], room["points"]].index(
                standing["activity_id"])]
    assert found["sentences"][3].startswith(HOSTILE + ": mean rating 3,0 on 1–5 in “Hvor vigtigt?” (no. 4 of 4)")


def test_the_small_group_is_held_back_in_the_record_as_on_the_page(database, room):
    context, _, page = contexts(database, room)
    (split,) = context["landscape"]["splits"]
    # Two Politikere are fewer than 3: held back, and with them a step of three Lederne, as the
    # landscape page holds them back (tests/test_landscape_view.py).
    assert [group["label"] for group in page["split"]["groups"]] == ["Leder", "Medarbejder"]
    a, b = str(room["rating"]), str(room["points"])
    assert split["table"].headers == ["Theme", f"Leder (A: n\u00a0=\u00a0{3} · B: n\u00a0=\u00a0{3})",
                                      "Medarbejder (A: n\u00a0=\u00a06 · B: n\u00a0=\u00a06)"]
    assert page["split"]["groups"][0]["n"] == {a: 3, b: 3}
    assert "Politiker" not in str(split["table"].headers) + str(split["table"].rows)
    assert split["held_back"] == ["A, B · 5 answers are not shown in any group: those of people too few to form "
                                  "a group, and one more step held back with them so that they cannot be worked "
                                  "out by subtraction."]
    # The Lederne's own places: Det Digitale Folkebibliotek first in the rating, last in points.
    assert nbsp_as_space(split["table"].rows[0][1:2]) == ["A: 5,0 no. 1 of 4\nB: 0 % no. 4 of 4\n≠ The methods disagree"]


def test_the_report_page_shows_the_landscape_after_the_activities_escaped(client_factory, facilitator, room):
    client = client_factory()
    login(client, facilitator)
    html = client.get(f"/workshops/{room['id']}/report").text
    start = html.index('<section class="landscape" id="landscape"')
    assert html.rindex('<section class="activity"') < start < html.index('<section class="appendix"')
    section = html[start:html.index('<section class="appendix"')]
    seen = text_of(section)
    assert "Temaernes landskab" in seen and "Det Digitale Folkebibliotek" in section
    assert "5,0 nr.\u00a01\u00a0af\u00a04" in seen and "≠ Metoderne er uenige" in seen
    assert "&lt;script&gt;alert(&#39;tema&#39;)&lt;/script&gt; &amp; Co" in section
    assert "<script" not in html
    assert section.count('class="sentence"') == len(THEMES)
    assert "Grupperne i “Rolle” side om side" in section and "Politiker" not in section


def test_the_pdf_has_each_themes_standings_and_sentence_on_the_page(client_factory, database, facilitator, room):
    client = client_factory()
    login(client, facilitator)
    response = client.get(f"/workshops/{room['id']}/report.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    pages = [words(page.extract_text()) for page in PdfReader(io.BytesIO(response.data)).pages]
    landscape_pages = [index for index, text in enumerate(pages) if "Temaernes landskab" in text]
    assert landscape_pages, "no landscape page"
    text = " ".join(pages[landscape_pages[0]:])
    _, page, split = contexts(database, room, landscape_view.translator("da"))
    for theme in page["themes"]:
        assert words(theme["sentence"]) in text
        for standing in theme["standings"]:
            assert words(f"{standing['shown']} nr. {standing['place_text']} af {standing['of']}") in text
    assert "Grupperne i “Rolle” side om side" in text and "Politiker" not in text
    # Every line of text stays inside the page's margins (18 mm = 51 pt), as in test_pdf_long_words.
    outside = [(round(left), round(right), line[:30]) for width, left, right, line in text_boxes(response.data)
               if left < 50 or right > width - 45]
    assert outside == []


def test_the_workbook_has_a_landscape_sheet_after_the_activities(database, room):
    with database.reading() as db:
        book = load_workbook(io.BytesIO(spreadsheet.workshop_xlsx(db, db.get(Workshop, room["id"]))))
    assert book.sheetnames[-3:] == ["Landscape of the themes", "Responses", "Moderation"]
    # The overview links to it under the agenda.
    (link,) = [row[5] for row in book["Overview"].iter_rows() if row[2].value == "Landscape of the themes"]
    assert link.value == "Landscape of the themes" and link.hyperlink.target == "#'Landscape of the themes'!A1"
    rows = [list(row) for row in book["Landscape of the themes"].iter_rows(values_only=True)]
    while all(row[-1] is None for row in rows):
        rows = [row[:-1] for row in rows]
    rows = [row[:max((i + 1 for i, cell in enumerate(row) if cell is not None), default=0)] for row in rows]
    header = rows.index(["Theme", "A: mean rating 1–5", "A: place", "B: share of the points", "B: place", "Methods",
                         "In words"])
    themes = {row[0]: row for row in rows[header + 1:header + 1 + len(THEMES)]}
    assert list(themes) == THEMES
    ddf = themes["Det Digitale Folkebibliotek"]
    assert ddf[1] == pytest.approx(48 / 14) and ddf[2] == 1 and ddf[3] == pytest.approx(60 / 140) and ddf[4] == 1
    assert themes[HOSTILE][1:6] == [pytest.approx(3.0), 4, pytest.approx(42 / 140), 2, "≠ The methods disagree"]
    assert themes[HOSTILE][6].startswith(HOSTILE + ": mean rating 3,0")
    # The sentence reads whole in its own wide column, wrapped.
    sheet = book["Landscape of the themes"]
    sentence = sheet.cell(row=header + 2, column=7)
    assert sentence.value == ddf[6] and sentence.alignment.wrap_text
    assert sheet.column_dimensions["G"].width >= 60
    # The groups: Lederne and Medarbejdere only, a row per group and theme with the group's sizes.
    split = rows.index(["Rolle", "Theme", "A: n", "A: mean rating 1–5", "A: place", "B: n", "B: share of the points",
                        "B: place", "Methods"])
    groups = rows[split + 1:]
    assert [(row[0], row[1]) for row in groups] == [(role, theme) for role in ("Leder", "Medarbejder") for theme in THEMES]
    assert groups[0][2:8] == [3, pytest.approx(5.0), 1, 3, pytest.approx(0.0), 4]
    assert not any("Politiker" in str(cell) for row in rows for cell in row)


def test_no_landscape_without_an_answered_prioritisation(client_factory, database, facilitator):
    with database.transaction() as db:
        workshop = workshops.create_workshop(db, facilitator.id, "Uden svar", "da")
        workshops.add_theme(db, workshop, "KOMBIT")
        workshops.open_activity(db, workshops.add_activity(db, workshop, "rating", "Hvor vigtigt?", {"themes": "all"}))
        workshop_id = workshop.id
    with database.reading() as db:
        workshop = db.get(Workshop, workshop_id)
        assert report.report_context(db, workshop)["landscape"] is None
        book = load_workbook(io.BytesIO(spreadsheet.workshop_xlsx(db, workshop)))
    assert "Landscape of the themes" not in book.sheetnames
    client = client_factory()
    login(client, facilitator)
    assert 'id="landscape"' not in client.get(f"/workshops/{workshop_id}/report").text


def test_the_participants_results_page_shows_the_landscape_with_the_same_rule(client_factory, room):
    html = client_factory().get(f"/j/{room['code']}/results").text
    start = html.index('class="result-activity result-landscape"')
    section = html[start:]
    assert "Temaernes landskab" in section and "3,4 nr.\u00a01–2\u00a0af\u00a04" in text_of(section)
    assert "&lt;script&gt;alert(&#39;tema&#39;)&lt;/script&gt; &amp; Co" in section and "<script" not in html
    assert "Leder (A: n\u00a0=\u00a03" in section and "Politiker" not in section


def test_a_segment_question_with_no_group_large_enough_says_so_and_shows_no_group(database, facilitator):
    with database.transaction() as db:
        workshop = workshops.create_workshop(db, facilitator.id, "Lille møde", "en")
        workshops.set_segments(db, workshop, [{"question": "Rolle", "options": ROLES, "required": True}])
        themes = [workshops.add_theme(db, workshop, title) for title in THEMES[:2]]
        rating = workshops.add_activity(db, workshop, "rating", "Hvor vigtigt?", {"themes": "all"})
        workshops.open_activity(db, rating)
        workshops.set_pace(db, workshop, "self_paced")
        db.flush()
        for role in ("Leder", "Politiker"):
            person = workshops.join(db, workshop, segment_answers={"Rolle": role})
            db.flush()
            workshops.respond(db, person.id, workshop.id, rating.id,
                              {"ratings": {str(theme.id): 4 for theme in themes}}, uuid.uuid4().hex)
        workshop_id = workshop.id
    with database.reading() as db:
        found = report.report_context(db, db.get(Workshop, workshop_id))["landscape"]
    (split,) = found["splits"]
    assert split["empty"] == "No group is large enough to be shown yet."
    assert split["table"].rows == [] and split["table"].headers == ["Theme"]
    assert split["held_back"] == ["A · 2 answers are not shown in any group: too few people share their answers "
                                  "to the segment questions."]
    assert "Leder" not in str(split) and "Politiker" not in str(split["table"])
