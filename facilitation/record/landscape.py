"""The landscape of the themes in the record: the report's and the PDF's landscape section and the
workbook's landscape sheet, built from the landscape page's own data (landscape_view.landscape_view),
so the record shows the same figures, places, sentences and groups as the page. Flask-free.

The section is there only when a prioritisation that was opened has answers. Split by each of the
workshop's segment questions, the groups come from landscape_view's split, which applies the
disclosure rule of segments.py exactly as the page does: a group is shown in a prioritisation
only where the rule counts it, and what is held back is said per prioritisation.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from .. import landscape, landscape_view
from ..errors import N_
from ..models import Workshop
from .models import DisplayTable
from .words import Translate, no_translation

TITLE = N_("Landscape of the themes")
INTRO = N_("Each theme’s standing in every prioritisation the room did: its figure and its place among the "
           "themes. Two methods disagree when a theme’s places in them lie at least half the way from first "
           "to last apart.")
GROUPS_TITLE = N_("The groups of “%(question)s” side by side")
GROUPS_INTRO = N_("Each group’s places, computed from its own answers. A group is shown only where at least "
                  "%(n)d people with the same answers to all the segment questions count in it, so that nobody "
                  "can be singled out.")
HELD_BACK = N_("%(n)d answers are not shown in any group: too few people share their answers to the segment "
               "questions.")
HELD_BACK_PROTECTED = N_("%(n)d answers are not shown in any group: those of people too few to form a group, "
                         "and one more step held back with them so that they cannot be worked out by subtraction.")
DISAGREE, AGREE = N_("The methods disagree"), N_("The methods agree")
PLACE = N_("place")  # a column of the landscape sheet: "A: place"


def standing_text(standing: dict | None, t: Translate) -> str:
    """One theme's standing in one prioritisation as the landscape page shows it: "4,7 no. 1 of 9"
    (no line break inside "no. 1 of 9"),
    with "⇅ divided" for a divided room; "not asked" or "no answers" without a figure."""
    if standing is None:
        return t(N_("not asked"))
    if not standing["n"]:
        return t(N_("no answers"))
    parts = [standing["shown"]]
    if standing["place"]:
        parts.append(t(N_("no. %(place)s of %(of)s")) % {"place": standing["place_text"], "of": standing["of"]})
    if standing["divided"]:
        parts.append("⇅ " + t(N_("divided")))
    # A narrow column breaks a line between the figure, its place and the mark, never inside one.
    return " ".join(part.replace(" ", "\u00a0") for part in parts)


def methods_text(theme: dict, t: Translate) -> str:
    """Whether the methods agree about a theme: "≠ The methods disagree", "= The methods agree"
    (placed by at least two), or "–"."""
    if theme["methods_disagree"]:
        return "≠ " + t(DISAGREE)
    if sum(1 for standing in theme["standings"] if standing["place"]) >= 2:
        return "= " + t(AGREE)
    return "–"


def _by_activity(standings: list[dict]) -> dict[int, dict]:
    return {standing["activity_id"]: standing for standing in standings}


def _answers(n: int, t: Translate) -> str:
    return t(N_("1 answer")) if n == 1 else t(N_("%(n)d answers")) % {"n": n}


def _held_back_lines(split: dict, letters: dict[int, str], t: Translate) -> list[str]:
    """One line per text held back, with the letters of its prioritisations: "A, B · 5 answers …"."""
    lines: dict[str, list[str]] = {}
    for item in split["held_back"]:
        if item["held_back"]:
            text = t(HELD_BACK_PROTECTED if item["protected"] else HELD_BACK) % {"n": item["held_back"]}
            lines.setdefault(text, []).append(letters[item["activity_id"]])
    return [f"{', '.join(found)} · {text}" for text, found in lines.items()]


def _group_header(group: dict, prioritisations: list[dict]) -> str:
    """A group's column heading with its size in each prioritisation: "Leder (A: n = 3 · B: n = 3)"."""
    sizes = " · ".join(f"{p['letter']}: n\u00a0=\u00a0{group['n'][str(p['id'])]}"
                       for p in prioritisations if group["n"].get(str(p["id"])))
    return f"{group['label']} ({sizes})"


def _group_cell(theme: dict | None, group: dict, prioritisations: list[dict], t: Translate) -> str:
    """A group's standings of one theme, a line per prioritisation, and whether its methods agree."""
    found = _by_activity(theme["standings"]) if theme else {}
    lines = []
    for p in prioritisations:
        if p["id"] in found:
            text = standing_text(found[p["id"]], t)
        elif group["n"].get(str(p["id"])):
            text = t(N_("not asked"))
        else:
            text = t(N_("held back"))
        lines.append(f"{p['letter']}: {text}")
    lines.append(methods_text(theme, t) if theme else "–")
    return "\n".join(lines)


def _split_section(split: dict, view: dict, t: Translate) -> dict:
    prioritisations = view["prioritisations"]
    letters = {p["id"]: p["letter"] for p in prioritisations}
    groups = split["groups"]
    rows = []
    for theme in view["themes"]:
        cells = [_group_cell(next((item for item in group["themes"] if item["id"] == theme["id"]), None), group,
                             prioritisations, t) for group in groups]
        rows.append([theme["label"], *cells])
    return {
        "question": split["question"],
        "title": t(GROUPS_TITLE) % {"question": split["question"]},
        "intro": t(GROUPS_INTRO) % {"n": split["min_size"]},
        "held_back": _held_back_lines(split, letters, t),
        "empty": "" if groups else t(N_("No group is large enough to be shown yet.")),
        "table": DisplayTable([t(N_("Theme"))] + [_group_header(group, prioritisations) for group in groups],
                              rows if groups else [], [False] * (1 + len(groups))),
        "split": split,
    }


def has_landscape(view: dict) -> bool:
    """Whether the record shows a landscape: a prioritisation that was opened has answers."""
    return bool(view["themes"]) and any(p["responses"] for p in view["prioritisations"])


def record_landscape(session: Session, workshop: Workshop, translate: Translate = no_translation,
                     split_questions: list[str] | None = None) -> dict | None:
    """The landscape as the record shows it, or None when no opened prioritisation has answers.

    ``{"title", "intro", "legend": ["A: prompt (caption · n answers)"], "prioritisations",
    "table": DisplayTable (a row per theme: its label, its standing in each prioritisation,
    whether the methods agree), "sentences": [one per theme], "view": the landscape page's data,
    "splits": [{"question", "title", "intro", "held_back": [lines], "empty", "table":
    DisplayTable (a row per theme, a column per group shown), "split": the page's split}]}``.
    `split_questions`: the segment questions to split by (default: all of the workshop's).
    """
    t = translate
    view = landscape_view.landscape_view(session, workshop, t)
    if not has_landscape(view):
        return None
    prioritisations = view["prioritisations"]
    legend = []
    for p in prioritisations:
        details = " · ".join(filter(None, [p["caption"], _answers(p["responses"], t) if p["responses"] else ""]))
        legend.append(f"{p['letter']}: {p['prompt']}" + (f" ({details})" if details else ""))
    rows = []
    for theme in view["themes"]:
        found = _by_activity(theme["standings"])
        rows.append([theme["label"], *[standing_text(found.get(p["id"]), t) for p in prioritisations],
                     methods_text(theme, t)])
    table = DisplayTable([t(N_("Theme")), *[p["letter"] for p in prioritisations], t(N_("Methods"))], rows,
                         [False] * (len(prioritisations) + 2))
    questions = view["segment_questions"] if split_questions is None else split_questions
    splits = [_split_section(landscape_view.landscape_view(session, workshop, t, split_by=question)["split"], view, t)
              for question in questions]
    return {
        "title": t(TITLE),
        "intro": t(INTRO),
        "legend": legend,
        "prioritisations": prioritisations,
        "table": table,
        "sentences": [theme["sentence"] for theme in view["themes"]],
        "view": view,
        "splits": splits,
    }


# --- the workbook's landscape sheet --------------------------------------------------------------


def _figure_cells(standing: dict | None) -> list:
    """A standing as the sheet holds it: the figure (a number; a share as a fraction shown in per
    cent; a map position as its text) with its Excel format, and the place (competition rank)."""
    if standing is None or not standing["n"]:
        return [(None, None), (None, None)]
    if landscape.is_position(standing["figure"]):
        figure = (standing["shown"], None)
    elif standing["value"] is None:
        figure = (None, None)
    else:
        figure = (standing["value"], "0%" if landscape.is_percent(standing["figure"]) else "0.00")
    return [figure, (standing["place"], "0")]


def sheet_rows(found: dict, t: Translate) -> list[tuple[str, list[tuple]]]:
    """The landscape sheet of the workbook, row by row: (style, [(value, Excel format or None)]),
    style "title", "note", "header", "theme" or "row". A "theme" row per theme with each
    prioritisation's figure and place, whether the methods agree and, last, its sentence; then per
    segment question a "row" per shown group and theme, with the group's size in each
    prioritisation."""
    prioritisations = found["prioritisations"]
    rows: list[tuple[str, list[tuple]]] = [("title", [(found["title"], None)]), ("note", [(found["intro"], None)])]
    rows += [("note", [(line, None)]) for line in found["legend"]]
    columns = []
    for p in prioritisations:
        columns += [f"{p['letter']}: {p['caption']}", f"{p['letter']}: {t(PLACE)}"]
    rows.append(("note", []))
    rows.append(("header", [(text, None) for text in [t(N_("Theme")), *columns, t(N_("Methods")), t(N_("In words"))]]))
    for theme in found["view"]["themes"]:
        by = _by_activity(theme["standings"])
        cells = [cell for p in prioritisations for cell in _figure_cells(by.get(p["id"]))]
        rows.append(("theme", [(theme["label"], None), *cells, (methods_text(theme, t), None), (theme["sentence"], None)]))
    for split in found["splits"]:
        rows += [("note", []), ("title", [(split["title"], None)]), ("note", [(split["intro"], None)])]
        rows += [("note", [(line, None)]) for line in split["held_back"] + ([split["empty"]] if split["empty"] else [])]
        if not split["split"]["groups"]:
            continue
        group_columns = []
        for p in prioritisations:
            group_columns += [f"{p['letter']}: n", f"{p['letter']}: {p['caption']}", f"{p['letter']}: {t(PLACE)}"]
        rows.append(("header", [(text, None) for text in [split["question"], t(N_("Theme")), *group_columns,
                                                          t(N_("Methods"))]]))
        for group in split["split"]["groups"]:
            themes = {theme["id"]: theme for theme in group["themes"]}
            for theme in found["view"]["themes"]:
                own = themes.get(theme["id"], {"standings": [], "methods_disagree": False})
                by = _by_activity(own["standings"])
                cells = []
                for p in prioritisations:
                    cells += [(group["n"].get(str(p["id"])), "0"), *_figure_cells(by.get(p["id"]))]
                rows.append(("row", [(group["label"], None), (theme["label"], None), *cells,
                                     (methods_text(own, t), None)]))
    return rows
