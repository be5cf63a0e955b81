"""The PDF report with long unbroken words (a URL promoted from an idea to a theme, a 280-letter
word in an idea): every kind renders, every line of text stays on the page, and number columns
keep their width."""

from __future__ import annotations

import io
import secrets

import pytest
from fpdf import FPDF
from pypdf import PdfReader
from sqlalchemy import select

from facilitation import workshops
from facilitation.record import pdf_tables
from facilitation.models import Response, Workshop
from facilitation.record.models import DisplayTable

from .test_exports import CONFIGS, answers_for
from .test_web import login

URL = "www.folkebibliotekernes-digitale-strategi.dk/handlingsplan2025"
LONG_WORD = "Bibliotekerne" * 22  # 286 letters, cut to each field's limit


def long_word_workshop(database, facilitator_id: int, word: str) -> int:
    """A workshop whose themes come from ideas with the word, with one activity of every kind."""
    with database.transaction() as db:
        workshop = workshops.create_workshop(db, facilitator_id, f"Strategidag {word}"[:200], "da")
        people = [workshops.join(db, workshop, f"Deltager {n}") for n in range(6)]
        ideas = workshops.add_activity(db, workshop, "ideas", f"Idéer til {word}"[:300], {"max_length": 280})
        questions = workshops.add_activity(db, workshop, "qa", f"Spørgsmål om {word}"[:300], {"max_length": 280})
        for activity in (ideas, questions):
            workshops.open_activity(db, activity)
            workshops.present(db, workshop, activity.id)
            db.flush()
            for number, person in enumerate(people):
                text = [word, f"Se {word} og {word}", "Kort idé", word[:50], "Mere tid", "Åbne data"][number]
                workshops.respond(db, person.id, workshop.id, activity.id, {"text": text[:280]}, secrets.token_hex(6))
        db.flush()
        entry_ids = db.scalars(select(Response.id).where(Response.activity_id == ideas.id).order_by(Response.id)).all()
        # Promoted as they were written: the participant's text becomes the theme's title.
        workshops.promote_entries(db, ideas, [{"entry_ids": [entry_ids[0]]}, {"entry_ids": [entry_ids[1]]},
                                              {"entry_ids": [entry_ids[3]]}])
        for title in ("Kulturarv", f"KOMBIT {URL}"):
            workshops.add_theme(db, workshop, title)
        db.flush()
        theme_ids = [str(theme.id) for theme in workshop.themes]
        assert len(theme_ids) == 5
        for kind, config in CONFIGS.items():
            if kind == "poll":
                config = {**config, "options": [word[:120], "Øerne", "Ålene"]}
            activity = workshops.add_activity(db, workshop, kind, f"{kind}: {word}"[:300], config)
            workshops.open_activity(db, activity)
            workshops.present(db, workshop, activity.id)
            db.flush()
            for number, person in enumerate(people):
                workshops.respond(db, person.id, workshop.id, activity.id, answers_for(kind, number, theme_ids),
                                  secrets.token_hex(6))
        # Who should lead, with actors named by the long word: a heat map table of 7 columns of leads.
        actors = [word[:60], "Bibliotekernes" * 4, "KOMBIT", "Det Kgl. Bibliotek", "Centralbibliotekerne"]
        activity = workshops.add_activity(db, workshop, "responsibility", f"responsibility: {word}"[:300],
                                          {"themes": "all", "actors": actors})
        workshops.open_activity(db, activity)
        workshops.present(db, workshop, activity.id)
        db.flush()
        for number, person in enumerate(people):
            leads = ["a", "b", "c", "d", "e", "local", "together"]
            answer = {"leads": {theme: leads[(number + place) % 7] for place, theme in enumerate(theme_ids)}}
            workshops.respond(db, person.id, workshop.id, activity.id, answer, secrets.token_hex(6))
        # Next steps of the long word, under themes named by it: the action list's two text columns.
        activity = workshops.add_activity(db, workshop, "commitments", f"commitments: {word}"[:300],
                                          {"themes": "all", "max_length": 280})
        workshops.open_activity(db, activity)
        workshops.present(db, workshop, activity.id)
        db.flush()
        for number, person in enumerate(people):
            text = [word, f"Vi bruger {word} derhjemme", "Et kort skridt"][number % 3]
            workshops.respond(db, person.id, workshop.id, activity.id,
                              {"theme": theme_ids[number % len(theme_ids)], "text": text[:280]}, secrets.token_hex(6))
        return workshop.id


def text_boxes(pdf_bytes: bytes):
    """(page width, left, right, text) of every horizontal text run, measured with the report's
    own font metrics, in points."""
    metrics = FPDF(unit="pt")
    metrics.add_font("R", "", str(pdf_tables.FONT_DIR / "DejaVuSans.ttf"))
    metrics.add_font("B", "", str(pdf_tables.FONT_DIR / "DejaVuSans-Bold.ttf"))
    boxes = []
    for page in PdfReader(io.BytesIO(pdf_bytes)).pages:
        page_width = float(page.mediabox.width)

        def visit(text, cm, tm, font, size, page_width=page_width):
            if not text.strip() or font is None or abs(cm[1]) > 1e-6 or abs(tm[1]) > 1e-6:
                return  # rotated text (the map's vertical axis name) is checked by its own code
            scale = cm[0] * tm[0]
            metrics.set_font("B" if "Bold" in str(font.get("/BaseFont")) else "R", size=size * scale)
            left = cm[0] * tm[4] + cm[4]
            boxes.append((page_width, left, left + metrics.get_string_width(text.rstrip("\n")), text))

        page.extract_text(visitor_text=visit)
    return boxes


@pytest.mark.parametrize("word", [URL, LONG_WORD], ids=["url", "280 letters"])
def test_every_kind_of_activity_prints_with_long_words_on_the_page(client_factory, database, facilitator, word):
    workshop_id = long_word_workshop(database, facilitator.id, word)
    client = client_factory()
    login(client, facilitator)
    response = client.get(f"/workshops/{workshop_id}/report.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    boxes = text_boxes(response.data)
    assert len(boxes) > 100
    # Inside the page's margins (18 mm = 51 pt; a right-aligned number's leading space may
    # reach a few points into the right margin).
    outside = [(round(left), round(right), text[:30]) for width, left, right, text in boxes
               if left < 50 or right > width - 45]
    assert outside == []
    text = " ".join(box[3] for box in boxes)
    for kind in ("poll", "rating", "ranking", "points", "matrix", "stance", "responsibility", "commitments"):
        assert f"{kind}:" in text


def test_number_columns_keep_their_width_beside_a_long_word(database, facilitator):
    pdf = pdf_tables.ReportPDF("", "%(page)s")
    pdf.add_page()
    numbers = ["12", "4,35", "± 1,25", "100 %", "17"]
    distribution = "0 · 0 · 1 · 2 · 3"
    table = DisplayTable(
        ["Tema", "Svar", "Gennemsnit", "Spredning", "Enige", "Rang", "Fordeling", "Kommentar"],
        [[LONG_WORD[:120], *numbers, distribution, URL], [URL, *numbers, distribution, LONG_WORD[:120]]],
        [False, True, True, True, True, True, False, False],
    )
    widths = pdf_tables.column_widths(pdf, table, 7.5, 1.1)
    assert sum(widths) == pytest.approx(pdf.epw)
    pdf_tables.font(pdf, 7.5)
    for index, value in enumerate(numbers, start=1):
        assert widths[index] >= pdf.get_string_width(value) + 2.2
    assert widths[6] >= pdf.get_string_width(distribution) + 2.2  # a short text stays on one line
    assert min(widths[0], widths[-1]) >= pdf_tables.MIN_TEXT_COLUMN
    pdf_tables.draw_table(pdf, table)  # and it draws
    with database.reading() as db:
        assert db.query(Workshop).count() == 0
