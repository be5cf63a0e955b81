"""The record's own texts, and how it translates them. Pure: no Flask, no database.

Every word that ends up in a file goes through a `translate` function: the web layer passes
Flask-Babel's `gettext` under the workshop's language, tests and scripts may pass
`no_translation`. The English message ids are marked with `N_` so that pybabel extracts them.
What a kind's results are called (its columns, notes, chart texts) is in its kind module.
"""

from __future__ import annotations

from typing import Callable

from ..errors import N_

Translate = Callable[[str], str]


def no_translation(message: str) -> str:
    """A `translate` that keeps the English message ids."""
    return message


STATE_LABELS = {"draft": N_("not opened"), "open": N_("open"), "closed": N_("closed")}
REMOVED_THEME = N_("(removed theme)")
STATUS_NOTES = {"hidden": N_("(hidden)"), "pending": N_("(awaiting approval)")}

OVERVIEW = N_("Overview")
PROFILE_NOT_SHOWN = N_("(not shown)")
RESPONSES = N_("Responses")
MODERATION = N_("Moderation")
# What the moderation sheet calls each action of team.MODERATION_ACTIONS.
MODERATION_ACTIONS = {
    "shown": N_("shown"), "hidden": N_("hidden"), "approved": N_("approved"), "answered": N_("marked answered"),
    "unanswered": N_("marked not answered"), "highlighted": N_("shown on the screen"),
    "unhighlighted": N_("taken off the screen"), "merged": N_("merged into a theme"),
    "promoted": N_("made a theme"),
}

AGREEMENT_WORDS = {
    "none": N_("fewer than 2 answers, no agreement yet"),
    "full": N_("everyone gave the same answer"),
    "around_one_point": N_("answers gather around one point"),
    "no_pattern": N_("no pattern: answers spread evenly"),
    "two_camps": N_("answers gather in two camps"),
    "split": N_("a room split in half between the two ends"),
}


def agreement_words(value: float | None, translate: Translate = no_translation) -> str:
    """What an agreement A says about the room, in the words of docs/aggregation.md."""
    if value is None:
        key = "none"
    elif value >= 1 - 1e-9:
        key = "full"
    elif value > 1e-9:
        key = "around_one_point"
    elif value >= -1e-9:
        key = "no_pattern"
    elif value <= -1 + 1e-9:
        key = "split"
    else:
        key = "two_camps"
    return translate(AGREEMENT_WORDS[key])


APPENDIX_TITLE = N_("How the numbers were computed")
# The appendix "How the numbers were computed": these paragraphs, with each kind's own
# (HOW_COMPUTED in its module, in the order of KINDS) between the general ones and agreement.
APPENDIX_GENERAL = [
    N_("Each participant’s answer counts once: a changed answer replaces the earlier one, and the "
       "order of the answers makes no difference. Numbers are computed exactly and rounded only for "
       "display."),
    N_("Mean: the sum of the values divided by how many there are. Median: the middle value once the "
       "values are sorted. SD (standard deviation): how far the answers typically lie from the mean; "
       "we divide by the number of answers, as the room is the population we describe."),
]
APPENDIX_AGREEMENT = [
    N_("Agreement A: how the answers are spread over an ordered scale, after Cees van der Eijk "
       "(“Measuring agreement in ordered rating scales”, Quality & Quantity 35, 2001). 1 means "
       "everyone gave the same answer; between 0 and 1 the answers gather around one point; 0 means "
       "no pattern; below 0 the answers gather in two camps; −1 is a room split in half between the "
       "two ends. On the strategy map the positions are first sorted into 5 equal-width categories "
       "and the lower of the two axes is shown; points are sorted by what a person could give one "
       "theme (up to the cap, or up to the most anyone gave), each amount a category when there are "
       "at most 5, else 5 equal-width categories. A needs at least 2 answers."),
    N_("Divided room (⇆): A is below 0 and at least 5 people answered; on the strategy map, either "
       "axis is divided. With fewer answers nothing is flagged."),
    N_("The formulas, with worked examples, are in the app’s documentation: docs/aggregation.md."),
]
SEGMENT_NOTE = N_("Segment splits: the same numbers, computed from the answers of each group alone. So "
                  "that nobody’s answer can be singled out, not even by subtracting one figure from "
                  "another, a group counts only people whose answers to all the segment questions at least "
                  "%(min)d people share, each such combination in steps of %(min)d (per theme for ratings "
                  "and the map); the rest are held back.")
