"""What the kinds share when they present their results to the record (the XLSX/CSV tables,
the report's figures and charts, the segment splits). Pure: no Flask, no database; texts come
through the caller's ``translate`` and are marked with ``N_``.

Each kind module states its own presentation (see the contract in kinds/__init__.py); the
helpers here keep the theme kinds (rating, ranking, points, matrix) and the collecting kinds
(ideas, Q&A) from repeating each other.
"""

from __future__ import annotations

from typing import Callable

from ..errors import N_
from ..record.models import DisplayTable
from ..record.numbers import NO_NUMBER, format_fixed

Translate = Callable[[str], str]

YES, NO = N_("yes"), N_("no")
DONT_KNOW = N_("don’t know")


def yes_no(flag, translate: Translate) -> str:
    """"yes" or "no", translated."""
    return translate(YES) if flag else translate(NO)


def divided_cell(theme: dict, translate: Translate) -> str:
    """A table's "Divided" cell: "⇆ yes" for a divided room, else "no"."""
    return "⇆ " + translate(YES) if theme.get("divided") else translate(NO)


def agreement_detail(theme: dict, translate: Translate, language: str) -> list[str]:
    """The agreement A and the divided-room flag of a theme, as parts of a bar's detail line."""
    parts = []
    if theme.get("agreement") is not None:
        parts.append(translate(N_("agreement {a}")).format(a=format_fixed(theme["agreement"], language)))
    if theme.get("divided"):
        parts.append("⇆ " + translate(N_("divided room")))
    return parts


def competition_prefix(themes: list[dict], key: str) -> Callable[[dict], str]:
    """A function giving a theme's place as a label prefix: "2. ", or "2= " when shared."""
    ties: dict[int, int] = {}
    for theme in themes:
        ties[theme[key]] = ties.get(theme[key], 0) + 1
    return lambda theme: f"{theme[key]}= " if ties[theme[key]] > 1 else f"{theme[key]}. "


def theme_rows(config: dict) -> list[dict]:
    """The rows of a theme kind's split table: its themes, in their order."""
    return [{"id": item["id"], "label": item["label"]} for item in config.get("items", [])]


def group_theme(group_result: dict, theme_id) -> dict | None:
    """The theme `theme_id` in a group's tally, or None when the group's tally has none."""
    return next((theme for theme in group_result.get("themes", []) if theme["id"] == theme_id), None)


def theme_mean_cell(group_result: dict, theme_id, key: str, language: str) -> str:
    """A split cell of a theme kind: the theme's `key` figure in the group ("4,25"), or a dash."""
    theme = group_theme(group_result, theme_id)
    return NO_NUMBER if theme is None else format_fixed(theme[key], language)


def plain_answer(answer: dict) -> str:
    """An answer with no shape of its own in words: its text, or its keys and values."""
    if "text" in answer:
        return str(answer["text"])
    return "; ".join(f"{key}: {value}" for key, value in answer.items())


def entries_display(summary, numeric: list[bool]) -> DisplayTable:
    """A collecting kind's figures under the chart: its summary table with every cell a text."""
    return DisplayTable(summary.headers, [[str(value) for value in row] for row in summary.rows], numeric)
