"""Who should lead, in the workshop's record: the XLSX summary sheet (a row per theme, a column
per lead) and the responses in words, the CSV in both spreadsheet dialects, the report page (the
leading share as bars, the heat map as a table), the PDF, and the segment splits."""

from __future__ import annotations

import csv
import io
import secrets

from openpyxl import load_workbook
from pypdf import PdfReader

from facilitation import workshops
from facilitation.record import report, spreadsheet
from facilitation.models import Activity, Workshop

from .test_exports import sheet_rows, table_of
from .test_web import login

THEMES = ["Fælles infrastruktur", "Digital dannelse", "<script>x</script>"]
PROMPT = "Hvem skal gå forrest med hvert tema?"
ACTORS = ["KOMBIT", "Det Kgl. Bibliotek", "=Formel"]
# Six people: (Kommune, their leads for the three themes; None = skipped).
PEOPLE = [
    ("Aarhus", ["a", "local", "b"]),
    ("Aarhus", ["a", "together", None]),
    ("Aarhus", ["a", "local", "b"]),
    ("Odense", ["b", "together", "c"]),
    ("Odense", ["a", "local", None]),
    ("Odense", ["together", "together", "c"]),
]


def make_workshop(database, facilitator_id: int) -> dict:
    with database.transaction() as db:
        workshop = workshops.create_workshop(db, facilitator_id, "Ansvarsdag", "da")
        workshops.set_segments(db, workshop, [{"question": "Kommune", "options": ["Aarhus", "Odense"]}])
        ids = [str(workshops.add_theme(db, workshop, title).id) for title in THEMES]
        activity = workshops.add_activity(db, workshop, "responsibility", PROMPT, {"themes": "all", "actors": ACTORS})
        workshops.open_activity(db, activity)
        workshops.present(db, workshop, activity.id)
        db.flush()
        for number, (kommune, leads) in enumerate(PEOPLE):
            person = workshops.join(db, workshop, f"Navn {number}", {"Kommune": kommune})
            answer = {"leads": {key: lead for key, lead in zip(ids, leads) if lead}}
            workshops.respond(db, person.id, workshop.id, activity.id, answer, secrets.token_hex(6))
        return {"id": workshop.id, "activity": activity.id}


def test_the_workbook_and_the_csv_have_a_row_per_theme_and_a_column_per_lead(database, facilitator):
    made = make_workshop(database, facilitator.id)
    with database.reading() as db:
        workshop = db.get(Workshop, made["id"])
        activity = db.get(Activity, made["activity"])
        result = workshops.results(db, activity)
        book = load_workbook(io.BytesIO(spreadsheet.workshop_xlsx(db, workshop)))
        sheet = book.worksheets[1]
        headers, rows = table_of(sheet)
        assert headers == ["Theme", "n", "KOMBIT", "Det Kgl. Bibliotek", "=Formel", "The local library", "Together",
                           "Most chosen", "Share of the most chosen (%)", "Agreement", "Divided"]
        by_theme = {row[0]: row for row in rows if row[0]}
        infra = by_theme["Fælles infrastruktur"]
        assert infra[1:7] == [6, 4, 1, 0, 0, 1]
        assert infra[7] == "KOMBIT" and abs(infra[8] - 400 / 6) < 1e-9
        # K = 5 choices, counts 4, 1, 1 of 6: (5·18 − 36) / (4·36) = 54 / 144 = 0.375.
        assert abs(infra[9] - 0.375) < 1e-9 and infra[10] == "no"
        dannelse = by_theme["Digital dannelse"]
        assert dannelse[5:8] == [3, 3, "The local library / Together"] and dannelse[10] == "yes"
        assert by_theme["<script>x</script>"][1] == 4
        notes = [row[0] for row in sheet_rows(sheet)[2:4]]
        assert notes[0].startswith("One lead per theme, from 5 choices: KOMBIT, Det Kgl. Bibliotek, =Formel")
        assert [theme["n"] for theme in result["themes"]] == [6, 6, 4]
        answers = [row[3] for row in sheet_rows(book["Responses"])[1:]]
        assert answers[0] == "Fælles infrastruktur: KOMBIT; Digital dannelse: The local library; " \
                             "<script>x</script>: Det Kgl. Bibliotek"

        danish = list(csv.reader(io.StringIO(spreadsheet.activity_csv(db, activity, language="da")[1:]), delimiter=";"))
        assert danish[0][4] == "'=Formel"  # a name that looks like a formula is defused
        assert danish[1][:7] == ["Fælles infrastruktur", "6", "4", "1", "0", "0", "1"]
        assert danish[1][8] == "66,667" and danish[1][9] == "0,375"
        english = list(csv.reader(io.StringIO(spreadsheet.activity_csv(db, activity)[1:])))
        assert english[1][8] == "66.667" and len(english[1]) == len(danish[1]) == 11


def test_the_report_has_bars_a_heat_map_table_and_the_splits(database, facilitator):
    made = make_workshop(database, facilitator.id)
    with database.reading() as db:
        context = report.report_context(db, db.get(Workshop, made["id"]), lambda message: message)
    activity = context["activities"][0]
    assert activity["kind"] == "responsibility" and activity["kind_label"] == "Who should lead"
    assert [bar.label for bar in activity["bars"].bars] == THEMES
    assert activity["bars"].bars[0].value == "67 %" and "most chosen: KOMBIT (4 of 6)" in activity["bars"].bars[0].detail
    assert activity["bars"].bars[1].divided is True
    assert str(activity["chart_svg"]).startswith("<svg")
    table = activity["table"]
    assert table.headers[2:7] == ["KOMBIT", "Det Kgl. Bibliotek", "=Formel", "The local library", "Together"]
    assert table.rows[0][:4] == ["Fælles infrastruktur", "6", "★ 4 (67 %)", "1 (17 %)"]
    # Digital dannelse: 3 and 3 of 6 over 5 choices, (5·18 − 36) / (4·36) = 0.375; two camps.
    assert table.rows[1][-2:] == ["0,38", "⇆ yes"]
    (split,) = activity["segments"]
    assert split["question"] == "Kommune"
    assert split["figure"] == "The most chosen lead in each group, with its share of the group."
    assert split["table"].rows[0] == ["Fælles infrastruktur", "KOMBIT 100 %", "KOMBIT / Det Kgl. Bibliotek / Together 33 %"]
    assert split["table"].rows[0][1] == "KOMBIT 100 %"
    assert split["table"].rows[1][1] == "The local library 67 %"
    # The agreement summary names this kind's figure and divided rule, not van der Eijk's A.
    assert activity["agreement"][0].startswith("Most agreed: Fælles infrastruktur (agreement = ")
    assert not any("A = " in line for line in activity["agreement"])


def test_the_report_page_and_the_pdf_show_the_heat_map(client_factory, database, facilitator):
    made = make_workshop(database, facilitator.id)
    client = client_factory()
    login(client, facilitator)
    html = client.get(f"/workshops/{made['id']}/report").text
    assert PROMPT in html and "Hvem går forrest" in html
    assert "★ 4 (67 %)" in html and "Det lokale bibliotek" in html and "I fællesskab" in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html and "<script" not in html
    assert html.count("<svg") == 1
    pdf = client.get(f"/workshops/{made['id']}/report.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert PROMPT in text and "★ 4 (67 %)" in text and "Det lokale bibliotek" in text
    assert "mest valgt: KOMBIT (4 af 6)" in text


def test_the_agreement_in_words_speaks_of_leads_not_of_a_scale():
    from facilitation.kinds import responsibility

    assert responsibility.agreement_words(1.0, str) == "everyone chose the same lead"
    assert responsibility.agreement_words(0.42, str) == "the choices spread over several leads"
    assert responsibility.agreement_words(0.0, str) == "the choices spread evenly over every lead"
