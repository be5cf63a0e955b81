"""The strategy landscape: every theme's standing in every prioritisation the room did, where the
methods agree and where they disagree, in numbers and in one plain sentence per theme.

Each theme activity (rating, ranking, points, matrix) gives each theme a standing through its
kind's ``standings(config, result)``: a figure whose higher value stands higher (mean rating,
share of the points, share of ballots with the theme in their top k, share of the highest Borda
score), or a position on a map, which has no order. Among the themes of one activity with a
value, ``place`` is the competition rank (1, 2, 2, 4) and ``tied`` how many share it; themes
that share places 2–4 stand, on average, third (their *mid-place*). Two methods **disagree**
about a theme when its relative place ((mid-place − 1) / (of − 1): 0 for first, 1 for last)
differs by at least DISAGREEMENT between them: first of nine in the rating and seventh of nine in
points is 0 against 0.75. A theme is "in the top third" of an activity at mid-place ≤ of / 3 and
"in the bottom third" at mid-place > 2 · of / 3. Every word of the sentence comes from one of
these figures (docs/aggregation.md, "The landscape").

Pure: no database and no Flask; texts go through the `translate` argument.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import ModuleType

from .errors import N_
from .kinds import KINDS
from .record.numbers import format_fixed, format_number

DISAGREEMENT = 0.5

# Every standing's figure by name, as the kinds describe them (their STANDING_FIGURES): "clause"
# (its part of a theme's sentence), "caption" (above its column), "percent" (a share, shown in
# per cent) and "position" (a place on a map, not an order).
FIGURES: dict[str, dict] = {name: spec for kind in KINDS.values()
                            for name, spec in getattr(kind, "STANDING_FIGURES", {}).items()}


def is_percent(figure: str) -> bool:
    """True for a figure that is a share, shown in per cent."""
    return bool(FIGURES[figure].get("percent"))


def is_position(figure: str) -> bool:
    """True for a figure that is a position on a map (x, y in its detail), which orders nothing."""
    return bool(FIGURES[figure].get("position"))


@dataclass(frozen=True)
class Activity:
    """What the landscape needs of one theme activity: its id, prompt, kind module, resolved
    config and tally."""

    id: int
    prompt: str
    kind: ModuleType
    config: dict
    result: dict


@dataclass(frozen=True)
class Standing:
    """A theme's standing in one activity. `place` (1 = first) and `of` (how many themes have a
    value) are None and 0 for a map or before anyone answered about the theme; `detail` holds
    the figure's own numbers (the scale, k, the map position and axes)."""

    activity_id: int
    prompt: str
    figure: str
    value: float | None
    place: int | None
    of: int
    n: int
    agreement: float | None
    divided: bool
    detail: dict = field(default_factory=dict)
    tied: int = 1  # how many themes share the place

    @property
    def mid_place(self) -> float | None:
        """The mean of the places the tied themes share: 3 for three sharing places 2–4."""
        return None if self.place is None else self.place + (self.tied - 1) / 2

    @property
    def place_text(self) -> str:
        """The place as read: "2", or "2–4" for a place three themes share."""
        if self.place is None:
            return ""
        return str(self.place) if self.tied == 1 else f"{self.place}–{self.place + self.tied - 1}"

    @property
    def relative_place(self) -> float | None:
        """0 for first, 1 for last among the activity's themes (by mid-place); None without a place."""
        if self.place is None:
            return None
        return 0.0 if self.of <= 1 else (self.mid_place - 1) / (self.of - 1)


@dataclass(frozen=True)
class ThemeLandscape:
    """One theme across the workshop's prioritisations, in the agenda's order."""

    theme_id: int
    label: str
    standings: list[Standing]

    @property
    def ranked(self) -> list[Standing]:
        """The standings with a place, i.e. those that order the themes."""
        return [standing for standing in self.standings if standing.place is not None]

    @property
    def methods_disagree(self) -> bool:
        """True when two of its places differ by at least DISAGREEMENT of the way from first to last."""
        places = [standing.relative_place for standing in self.ranked]
        return len(places) >= 2 and max(places) - min(places) >= DISAGREEMENT


def _places(values: dict[int, float]) -> dict[int, int]:
    """Competition ranks of `values`, highest first: 1, 2, 2, 4."""
    ordered = sorted(values.values(), reverse=True)
    return {key: ordered.index(value) + 1 for key, value in values.items()}


def landscape(themes: list[dict], activities: list[Activity]) -> list[ThemeLandscape]:
    """The landscape of `themes` (``{"id", "label"}``, in the workshop's order) over
    `activities`, those whose kind has ``standings``; themes an activity did not ask about have
    no standing there."""
    by_activity = []
    for activity in activities:
        if not hasattr(activity.kind, "standings"):
            continue
        found = activity.kind.standings(activity.config, activity.result)
        valued = {theme_id: s["value"] for theme_id, s in found.items() if s["value"] is not None and s["n"]}
        by_activity.append((activity, found, _places(valued), len(valued)))
    result = []
    for theme in themes:
        standings = []
        for activity, found, places, of in by_activity:
            standing = found.get(theme["id"])
            if standing is None:
                continue
            place = places.get(theme["id"])
            detail = {key: value for key, value in standing.items()
                      if key not in ("figure", "value", "n", "agreement", "divided")}
            tied = sum(1 for other in places.values() if other == place) if place else 1
            standings.append(Standing(
                activity.id, activity.prompt, standing["figure"], standing["value"], place, of if place else 0,
                standing["n"], standing["agreement"], bool(standing["divided"]), detail, tied))
        result.append(ThemeLandscape(theme["id"], theme["label"], standings))
    return result


def by_prompt(standing: "Standing") -> str:
    """A prioritisation named by its prompt, as the sentences name it by default."""
    return standing.prompt


def _clause(standing: Standing, translate, language: str, name=by_prompt) -> str:
    value = standing.value
    if is_percent(standing.figure):
        shown = format_number(100 * value, language, 0)
    else:
        shown = format_fixed(value, language, 1)
    numbers = {"value": shown, "prompt": name(standing), "place": standing.place_text, "of": standing.of,
               **standing.detail}
    if is_position(standing.figure):
        numbers.update(x=format_number(standing.detail["x"], language, 0),
                       y=format_number(standing.detail["y"], language, 0))
    return translate(FIGURES[standing.figure]["clause"]) % numbers


def _answered(theme: ThemeLandscape) -> list[Standing]:
    return [s for s in theme.standings if s.n and (s.value is not None or is_position(s.figure))]


def remarks(theme: ThemeLandscape, translate, name=by_prompt) -> list[str]:
    """What the theme's sentence says beyond its standings, each a sentence of its own: whether
    the room was divided, and whether the methods agree (top or bottom third in all) or disagree
    (its best and worst place). [] when there is nothing to remark. `name(standing)` names a
    prioritisation (its prompt; the screen, whose columns carry letters, names it by its letter)."""
    remarked = []
    divided = [name(standing) for standing in _answered(theme) if standing.divided]
    if divided:
        remarked.append(translate(N_("The room is divided on it in %(prompts)s.")) % {
            "prompts": ", ".join(f"“{prompt}”" for prompt in divided)})
    ranked = theme.ranked
    if theme.methods_disagree:
        best = min(ranked, key=lambda s: s.relative_place)
        worst = max(ranked, key=lambda s: s.relative_place)
        remarked.append(translate(N_("The methods disagree: no. %(best)s of %(best_of)d in “%(best_prompt)s”, "
                                     "no. %(worst)s of %(worst_of)d in “%(worst_prompt)s”.")) % {
            "best": best.place_text, "best_of": best.of, "best_prompt": name(best),
            "worst": worst.place_text, "worst_of": worst.of, "worst_prompt": name(worst)})
    elif len(ranked) >= 2 and all(s.mid_place <= s.of / 3 for s in ranked):
        remarked.append(translate(N_("In the top third in every prioritisation.")))
    elif len(ranked) >= 2 and all(s.mid_place > 2 * s.of / 3 for s in ranked):
        remarked.append(translate(N_("In the bottom third in every prioritisation.")))
    return remarked


def sentence(theme: ThemeLandscape, translate, language: str = "da", name=by_prompt) -> str:
    """The theme's standing in words, each word from a figure: its standing in each activity,
    then its remarks (whether the room was divided, and whether the methods agree or disagree).
    `name(standing)` names a prioritisation, as in `remarks`."""
    answered = _answered(theme)
    if not answered:
        return translate(N_("%(theme)s: no answers about it yet.")) % {"theme": theme.label}
    text = translate(N_("%(theme)s: %(standings)s.")) % {
        "theme": theme.label, "standings": "; ".join(_clause(s, translate, language, name) for s in answered)}
    return " ".join([text, *remarks(theme, translate, name)])
