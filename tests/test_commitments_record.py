"""Our next steps in the workshop's record: the action list per theme in the XLSX (a row per step,
theme by theme) and the CSV, the report page and the PDF (the steps under their theme), a theme
nobody chose and a theme removed since, and never a hidden or held step or who wrote one."""

from __future__ import annotations

import csv
import io
import secrets

from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from facilitation import workshops
from facilitation.models import Activity, Response, Theme, Workshop
from facilitation.record import report, spreadsheet

from .test_exports import sheet_rows, table_of
from .test_web import login

THEMES = ["Fælles digital infrastruktur", "Digital dannelse", "Kulturarv", "Et tema der fjernes"]
PROMPT = "Hvad gør vi derhjemme?"
# (theme's place in THEMES, the step), in the order they are sent.
STEPS = [
    (2, "Digitalisér lokalarkivets fotos i 2027"),
    (0, "Tal med kommunens IT-chef om fælles login"),
    (2, "Podcast om lokalhistorie med borgerne"),
    (3, "Et skridt om det fjernede tema"),
    (0, "=Formel der ikke må regnes"),
    (0, "Skjult: et skridt facilitatoren skjuler"),
    (2, "Venter: et skridt med et blokeret ord hemmelig"),
]


def make_workshop(database, facilitator_id: int) -> dict:
    with database.transaction() as db:
        workshop = workshops.create_workshop(db, facilitator_id, "Handlingsdag", "da")
        workshops.set_blocked_words(db, workshop, ["hemmelig"])
        ids = [str(workshops.add_theme(db, workshop, title).id) for title in THEMES]
        activity = workshops.add_activity(db, workshop, "commitments", PROMPT, {"themes": "all"})
        workshops.open_activity(db, activity)
        workshops.present(db, workshop, activity.id)
        db.flush()
        for number, (place, text) in enumerate(STEPS):
            person = workshops.join(db, workshop, f"Navnet Hansen {number}")
            workshops.respond(db, person.id, workshop.id, activity.id, {"theme": ids[place], "text": text},
                              secrets.token_hex(6))
        hidden = db.scalars(select(Response).where(Response.answer["text"].as_string().startswith("Skjult"))).one()
        workshops.moderate(db, hidden, "hidden")
        workshops.delete_theme(db, db.get(Theme, int(ids[3])))
        return {"id": workshop.id, "activity": activity.id}


def test_the_workbook_and_the_csv_list_the_steps_theme_by_theme(database, facilitator):
    made = make_workshop(database, facilitator.id)
    with database.reading() as db:
        workshop = db.get(Workshop, made["id"])
        activity = db.get(Activity, made["activity"])
        book = load_workbook(io.BytesIO(spreadsheet.workshop_xlsx(db, workshop)))
        headers, rows = table_of(book.worksheets[1])
        assert headers == ["Theme", "Next step"]
        assert [row[:2] for row in rows if row[0]] == [
            ["Fælles digital infrastruktur", "Tal med kommunens IT-chef om fælles login"],
            ["Fælles digital infrastruktur", "=Formel der ikke må regnes"],
            ["Kulturarv", "Digitalisér lokalarkivets fotos i 2027"],
            ["Kulturarv", "Podcast om lokalhistorie med borgerne"],
            ["(removed theme)", "Et skridt om det fjernede tema"],
        ]
        notes = [row[0] for row in sheet_rows(book.worksheets[1])[2:4]]
        assert "1 theme got no next step: Digital dannelse." in notes
        responses = [row[3] for row in sheet_rows(book["Responses"])[1:]]
        assert "Kulturarv: Digitalisér lokalarkivets fotos i 2027" in responses
        everything = str([sheet_rows(sheet) for sheet in book.worksheets])
        assert "Navnet Hansen" not in everything  # who wrote a step is never exported

        danish = list(csv.reader(io.StringIO(spreadsheet.activity_csv(db, activity, language="da")[1:]), delimiter=";"))
        assert danish[0] == ["Theme", "Next step"]
        assert danish[2] == ["Fælles digital infrastruktur", "'=Formel der ikke må regnes"]  # defused
        assert len(danish) == 6


def test_the_report_and_the_pdf_list_the_steps_under_their_themes(client_factory, database, facilitator):
    made = make_workshop(database, facilitator.id)
    with database.reading() as db:
        context = report.report_context(db, db.get(Workshop, made["id"]), lambda message: message)
    activity = context["activities"][0]
    assert activity["kind_label"] == "Our next steps"
    assert [(bar.label, bar.value) for bar in activity["bars"].bars] == [
        ("Fælles digital infrastruktur", "2"), ("Digital dannelse", "0"), ("Kulturarv", "2"), ("(removed theme)", "1")]
    assert activity["table"].rows == [
        ["Fælles digital infrastruktur", "Tal med kommunens IT-chef om fælles login"],
        ["", "=Formel der ikke må regnes"],
        ["Digital dannelse", "–"],
        ["Kulturarv", "Digitalisér lokalarkivets fotos i 2027"],
        ["", "Podcast om lokalhistorie med borgerne"],
        ["(removed theme)", "Et skridt om det fjernede tema"],
    ]

    client = client_factory()
    login(client, facilitator)
    html = client.get(f"/workshops/{made['id']}/report").text
    assert PROMPT in html and "Vores næste skridt" in html and "Podcast om lokalhistorie med borgerne" in html
    assert "Skjult" not in html and "Venter" not in html and "Navnet Hansen" not in html
    pdf = client.get(f"/workshops/{made['id']}/report.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Skjult" not in text and "Venter" not in text and "Navnet Hansen" not in text
    # The action list: each theme, then its steps, theme by theme in the themes' order.
    table = text[text.index("Tema Næste skridt"):]
    order = ["Fælles digital infrastruktur", "Tal med kommunens IT-chef om fælles login", "=Formel der ikke må regnes",
             "Digital dannelse", "Kulturarv", "Digitalisér lokalarkivets fotos i 2027",
             "Podcast om lokalhistorie med borgerne", "(fjernet tema)", "Et skridt om det fjernede tema"]
    places = [table.index(words) for words in order]
    assert places == sorted(places)
    assert "1 tema fik intet næste skridt: Digital dannelse." in text

    # The participants' results page, once published, has the action list and nothing held back.
    with database.transaction() as db:
        workshop = db.get(Workshop, made["id"])
        workshops.publish_results(db, workshop, True)
        code = workshop.join_code
    page = client_factory().get(f"/j/{code}/results").text
    assert "Digitalisér lokalarkivets fotos i 2027" in page and "(fjernet tema)" in page
    assert "Skjult" not in page and "Venter" not in page and "Navnet Hansen" not in page
