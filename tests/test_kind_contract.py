"""Every kind honours the whole kind contract (facilitation/kinds/__init__.py, docs/architecture.md):
the names, their signatures, and what each function returns for an empty and a filled tally.

A kind's test module in tests/kinds/ gives its example: ``CONTRACT_EXAMPLES = {"<name>": (raw
config, [raw answers])}``; theme ids in the answers are "1", "2" and "3" (the themes below). A
kind without an example fails here, so a new kind cannot skip the contract.
"""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
import re
from pathlib import Path

import pytest

from facilitation import workshops
from facilitation.kinds import KINDS
from facilitation.models import Activity
from facilitation.record.models import BarChart, DisplayTable, StrategyMap, Table

import tests.kinds

ROOT = Path(__file__).resolve().parent.parent
THEMES = [{"id": 1, "label": "KOMBIT", "description": ""}, {"id": 2, "label": "Kulturarv", "description": ""},
          {"id": 3, "label": "Fælles infrastruktur", "description": ""}]
TRAIT_TYPES = {"collects": bool, "live_to_phones": bool, "chart": str, "per_theme": bool, "sortable": bool,
               "promotes": bool, "agreement": bool, "entries_noun": str}
SIGNATURES = {
    "screen_order": ["config", "result"],
    "summary_table": ["config", "result", "translate"],
    "display_table": ["config", "result", "translate", "language"],
    "notes": ["config", "result", "translate"],
    "answer_text": ["config", "answer", "label", "translate", "language"],
    "chart": ["config", "result", "translate", "language"],
    "split_rows": ["config"],
    "split_cell": ["config", "group_result", "row_id", "language", "translate"],
}
# The older part of the contract, by how many arguments (a collecting kind's tally gets entries).
ARITIES = {"clean_config": 1, "clean_answer": 2, "tally": 2, "public_config": 1, "config_from_form": 1}


def contract_examples() -> dict:
    """Every CONTRACT_EXAMPLES of the modules in tests/kinds/, by kind name."""
    found = {}
    for module in pkgutil.iter_modules(tests.kinds.__path__):
        found.update(getattr(importlib.import_module(f"tests.kinds.{module.name}"), "CONTRACT_EXAMPLES", {}))
    return found


EXAMPLES = contract_examples()


def translate(message: str) -> str:
    """A translate that refuses what gettext must never get (an empty id would give the
    catalogue's header) and marks what it translated."""
    assert isinstance(message, str) and message, f"translate({message!r})"
    return message


def resolved(kind, raw) -> dict:
    """The kind's cleaned config as the domain resolves it (workshops.resolved_config)."""
    config = kind.clean_config(raw)
    return {**config, "items": THEMES, "language": "da"} if "themes" in config else config


def tallied(kind, config: dict, raw_answers: list) -> tuple[list[dict], dict]:
    """The cleaned answers and their tally; a collecting kind's answers become visible entries
    (each with its answer's own fields, as workshops.results builds them)."""
    answers = [kind.clean_answer(config, raw) for raw in raw_answers]
    if kind.TRAITS["collects"]:
        entries = [{**answer, "id": number, "status": "visible", "votes": number % 3,
                    "answered": False, "highlighted": False} for number, answer in enumerate(answers, 1)]
        return answers, kind.tally(config, entries)
    return answers, kind.tally(config, answers)


@pytest.mark.parametrize("name", list(KINDS))
def test_every_kind_has_the_contract_names_and_signatures(name):
    kind = KINDS[name]
    assert kind.NAME == name and isinstance(kind.LABEL, str) and kind.LABEL
    assert isinstance(kind.ONE_RESPONSE_PER_PARTICIPANT, bool)
    for function, parameters in SIGNATURES.items():
        assert callable(getattr(kind, function, None)), f"{name}.{function} is missing"
        assert list(inspect.signature(getattr(kind, function)).parameters) == parameters, f"{name}.{function}"
    for function, arity in ARITIES.items():
        assert len(inspect.signature(getattr(kind, function)).parameters) == arity, f"{name}.{function}"
    assert isinstance(kind.SPLIT_FIGURE, str)
    assert all(isinstance(paragraph, str) and paragraph for paragraph in getattr(kind, "HOW_COMPUTED", ()))
    assert kind.SPLIT_FIGURE or kind.TRAITS["collects"], "a kind that is not collecting says what its split shows"


@pytest.mark.parametrize("name", list(KINDS))
def test_every_kind_has_all_traits_and_they_agree_with_the_kind(name, app):
    kind = KINDS[name]
    assert set(kind.TRAITS) == set(TRAIT_TYPES)
    for trait, expected in TRAIT_TYPES.items():
        assert type(kind.TRAITS[trait]) is expected, trait
    assert kind.TRAITS["chart"] in ("bars", "map")
    assert kind.TRAITS["collects"] == (not kind.ONE_RESPONSE_PER_PARTICIPANT)
    assert kind.TRAITS["live_to_phones"] == getattr(kind, "LIVE_TO_PHONES", False)
    json.dumps(kind.TRAITS)  # it travels in every activity view
    from facilitation.web.strings import client_strings

    with app.test_request_context():
        strings = client_strings()
    if kind.TRAITS["collects"]:
        assert kind.TRAITS["entries_noun"] in strings, "the dashboard counts entries with this client string"
    else:
        assert kind.TRAITS["entries_noun"] == ""


def test_every_kind_has_a_contract_example():
    assert set(KINDS) <= set(EXAMPLES), "give the kind's CONTRACT_EXAMPLES in its tests/kinds module"


@pytest.mark.parametrize("filled", [False, True], ids=["empty", "filled"])
@pytest.mark.parametrize("name", list(KINDS))
def test_every_kind_presents_its_tally(name, filled):
    kind = KINDS[name]
    raw_config, raw_answers = EXAMPLES[name]
    assert raw_answers, "the example has answers"
    config = resolved(kind, raw_config)
    answers, result = tallied(kind, config, raw_answers if filled else [])

    order = kind.screen_order(config, result)
    assert isinstance(order, list) and all(isinstance(row, dict) for row in order)
    if kind.TRAITS["per_theme"]:
        assert sorted(row["id"] for row in order) == sorted(row["id"] for row in result["themes"])
    else:
        assert order == []

    table = kind.summary_table(config, result, translate)
    assert isinstance(table, Table) and all(isinstance(header, str) for header in table.headers)
    assert len(table.formats) == len(table.headers)
    for row in table.rows:
        assert len(row) == len(table.headers)
        assert all(value is None or type(value) in (str, int, float) for value in row), row
    assert bool(table.rows) == (filled or not kind.TRAITS["collects"])

    shown = kind.display_table(config, result, translate, "da")
    assert shown is None or isinstance(shown, DisplayTable)
    if shown is not None:
        assert len(shown.numeric) == len(shown.headers)
        assert all(len(row) == len(shown.headers) and all(isinstance(cell, str) for cell in row) for row in shown.rows)

    notes = kind.notes(config, result, translate)
    assert isinstance(notes, list) and all(isinstance(note, str) and note for note in notes)

    for answer in answers:
        text = kind.answer_text(config, answer, lambda theme_id: f"theme {theme_id}", translate, "da")
        assert isinstance(text, str) and text
    assert kind.answer_text(config, {}, str, translate, "en") == ""

    drawn = kind.chart(config, result, translate, "da")
    if kind.TRAITS["chart"] == "map":
        assert isinstance(drawn, StrategyMap)
    else:
        assert drawn is None or isinstance(drawn, BarChart)
    if drawn is not None:
        assert isinstance(drawn.description, str) and drawn.description

    rows = kind.split_rows(config)
    assert isinstance(rows, list) and all(set(row) == {"id", "label"} for row in rows)
    assert bool(rows) == (not kind.TRAITS["collects"])
    for row in rows:
        assert isinstance(kind.split_cell(config, result, row["id"], "da", lambda message: message), str)


def names_themes(kind) -> bool:
    """True for a kind whose answers name themes: answered per theme, or set up with themes."""
    return kind.TRAITS["per_theme"] or "themes" in kind.clean_config(EXAMPLES[kind.NAME][0])


@pytest.mark.parametrize("name", list(KINDS))
def test_every_kind_whose_answers_name_themes_renames_them_and_back(name):
    """An archive carries answers into a workshop with other theme ids (facilitation/archives.py):
    a rename and its inverse give the answer back unchanged; a key the rename does not know is dropped."""
    kind = KINDS[name]
    if not names_themes(kind):
        assert not hasattr(kind, "rename_themes"), "rename_themes belongs to kinds whose answers name themes"
        return
    assert list(inspect.signature(kind.rename_themes).parameters) == ["answer", "rename"]
    config = resolved(kind, EXAMPLES[name][0])
    answers, _ = tallied(kind, config, EXAMPLES[name][1])
    forward, back = {"1": "t0", "2": "t1", "3": "t2"}, {"t0": "1", "t1": "2", "t2": "3"}
    for answer in answers:
        renamed = kind.rename_themes(answer, forward)
        assert any(f'"{new}"' in json.dumps(renamed) for new in forward.values()), renamed
        assert kind.rename_themes(renamed, back) == answer
        assert "t0" not in json.dumps(kind.rename_themes(renamed, {})), "an unknown key is dropped"


@pytest.mark.parametrize("name", list(KINDS))
def test_every_activity_view_carries_its_kind_traits(name, database, facilitator):
    """The dashboards, screens and phones read `activity.traits` instead of testing kind names."""
    kind = KINDS[name]
    raw_config, _ = EXAMPLES[name]
    with database.transaction() as db:
        workshop = workshops.create_workshop(db, facilitator.id, "Strategidag", "da")
        for title in ("KOMBIT", "Kulturarv"):
            workshops.add_theme(db, workshop, title)
        activity = workshops.add_activity(db, workshop, name, "Hvad mener I?", raw_config)
        db.flush()
        assert workshops.public_activity(activity)["traits"] == kind.TRAITS
        assert workshops.staff_activity(db, db.get(Activity, activity.id))["traits"] == kind.TRAITS


# --- no kind branches outside the kinds ------------------------------------------------------------

KIND_BRANCH = re.compile(
    r"""kind\s*(===?|!==?)\s*["']|["']\s*(===?|!==?)\s*[\w.]*kind\b|kind\s+(not\s+)?in\s*[(\[{]|includes\([\w.]*kind\)""")


def outside_the_kinds() -> list[Path]:
    """The code and templates that must not branch on a kind's name."""
    files = [path for path in (ROOT / "facilitation").rglob("*.py") if "kinds" not in path.relative_to(ROOT).parts]
    files += [path for path in (ROOT / "static" / "js").glob("*.js")]
    files += [path for path in (ROOT / "templates").rglob("*.html") if "kinds" not in path.relative_to(ROOT).parts]
    return files


def test_no_code_outside_the_kinds_branches_on_a_kind_name():
    found = [f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
             for path in outside_the_kinds()
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if KIND_BRANCH.search(line)]
    assert found == []
