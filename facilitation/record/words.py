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
APPENDIX = [
    N_("Each participant’s answer counts once: a changed answer replaces the earlier one, and the "
       "order of the answers makes no difference. Numbers are computed exactly and rounded only for "
       "display."),
    N_("Mean: the sum of the values divided by how many there are. Median: the middle value once the "
       "values are sorted. SD (standard deviation): how far the answers typically lie from the mean; "
       "we divide by the number of answers, as the room is the population we describe."),
    N_("Multiple choice: how many chose each option. The share is of everyone who answered the "
       "question, so when several choices are allowed the shares can add up to more than 100 %."),
    N_("Rating: n counts the numbers given to a theme. “Don’t know” is counted separately and left "
       "out of the mean, median, SD and agreement."),
    N_("Ranking: with N themes, first place gives N − 1 points, second place N − 2, and so on down to "
       "0. A theme’s Borda score is the sum over all ballots; the highest possible is ballots × "
       "(N − 1). When only a top k is ranked, the themes left out share the remaining places equally, "
       "so every ballot hands out the same number of points. Equal scores share a rank. Mean rank is "
       "the average place (1 = first)."),
    N_("Top k: when only a top k is ranked, the bars show how many put each theme in their top k, "
       "from none to every ballot, and how many put it in each place; themes in as many top k’s are "
       "told apart by more first places, then more second places, and so on. The Borda score is "
       "listed beside them."),
    N_("Points: the total is all points a theme received; the mean is the total divided by the number "
       "of participants who answered (also those who gave the theme nothing); givers are those who "
       "gave it at least one point."),
    N_("Strategy map: each theme is drawn at its mean position, with a cross of ± 1 SD on each axis "
       "that shows how scattered the placements are. Each axis runs from 0 (low) to 100 (high); 50 "
       "or more counts as high, and the quadrant counts say how many placed the theme in each quarter "
       "of the map."),
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
