"""The report's segment splits: an activity's key figure per group of participants, side by side.

The groups and their tallies are those the live view shows (workshops.split_results: the
disclosure rule of segments.py, over every question at once); the activity's kind names the rows
(`split_rows`), fills each cell (`split_cell`) and says what a cell shows (`SPLIT_FIGURE`).
Flask-free.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from .. import workshops
from ..errors import N_
from ..models import Activity, Workshop
from .facts import kind_of
from .models import DisplayTable
from .words import Translate, no_translation


def segment_definitions(workshop: Workshop, participants=None) -> list[dict]:
    """The workshop's segment questions with their options, in its order (Workshop.segments).
    Answers to a question the workshop no longer asks are not split by: every split must use
    the same questions, the ones the live view uses, or a participant's profile would differ
    between them (see segments.py)."""
    return [
        {"question": item["question"], "options": list(item.get("options") or [])}
        for item in workshop.segments or []
        if isinstance(item, dict) and item.get("question")
    ]


def segment_splits(
    session: Session,
    activity: Activity,
    definitions: list[dict],
    segments_by_participant: dict[int, dict[str, str]],
    translate: Translate = no_translation,
    language: str = "da",
) -> list[dict]:
    """Per segment question, the activity's key figure per group, side by side: a table with
    the kind's split rows (options or themes) as rows and the groups as columns. The question
    the facilitator split the activity by comes first. [] for kinds that collect texts or have
    no SPLIT_FIGURE, and when nobody answered a segment question."""
    kind = kind_of(activity)
    config = workshops.resolved_config(activity)
    if kind.TRAITS["collects"] or not kind.SPLIT_FIGURE or not any(segments_by_participant.values()):
        return []
    t = translate
    ordered = sorted(definitions, key=lambda item: item["question"] != activity.split_by)
    found = workshops.splits(session, activity, [definition["question"] for definition in ordered])
    splits = []
    for question, split in found.items():
        if not split["groups"]:
            continue
        headers = [t(N_("Theme")) if kind.TRAITS["per_theme"] else t(N_("Option"))] + [
            # No line break inside "(n = 12)".
            (t(N_("%(group)s (n = %(n)d)")) % {"group": group["label"], "n": group["n"]}).replace("n = ", "n\u00a0=\u00a0")
            for group in split["groups"]]
        rows = [[row["label"]] + [kind.split_cell(config, group["results"], row["id"], language, t) for group in split["groups"]]
                for row in kind.split_rows(config)]
        held_back = ""
        if split["held_back"] and split.get("protected"):
            held_back = t(N_("%(n)d answers are not shown on their own: those the groups do not count yet or "
                             "without an answer to this question, and one more step held back with them so "
                             "that they cannot be worked out by subtraction.")) % {"n": split["held_back"]}
        elif split["held_back"]:
            held_back = t(N_("%(n)d answers that the groups do not count yet, or without an answer to this "
                             "question, are not shown on their own.")) % {"n": split["held_back"]}
        splits.append({"question": question, "figure": t(kind.SPLIT_FIGURE), "held_back": held_back,
                       "table": DisplayTable(headers, rows, [False] + [True] * len(split["groups"]))})
    return splits
