"""The workshop's report: what the printable page (templates/report/report.html), the PDF
(record/pdf.py) and the participants' results page show, computed once, Flask-free.

`report_context(session, workshop, translate)` gives every activity's prompt, kind, state and
number of responses, its results as a chart model (the kind's `chart`: bars, or the strategy
map) plus the chart as inline SVG, the kind's table of figures (`display_table`) and notes, the
agreement figures in words (for kinds whose tally has them, `TRAITS["agreement"]`), the segment
splits when participants have segments (record/splits.py), the landscape of the themes across the
prioritisations (record/landscape.py; None without answers to one), and the appendix on how the numbers
were computed (the essentials of docs/aggregation.md). Texts come translated through
`translate` (Flask-Babel's gettext under the workshop's language in the web layer); numbers are
formatted for the workshop's language ("4,6" in Danish).
"""

from __future__ import annotations

from datetime import datetime, timezone

from markupsafe import Markup
from sqlalchemy.orm import Session

from .. import workshops
from ..errors import N_
from ..models import Activity, Workshop
from .landscape import record_landscape
from .facts import (kind_label, kind_of, local_time, participant_segments, reset_notes, state_label, workshop_date,
                    workshop_participants)
from .models import BarChart, DisplayTable, StrategyMap
from .numbers import format_fixed
from .spreadsheet import activity_notes
from .splits import segment_definitions, segment_splits
from .svg import bars_svg, map_svg
from ..kinds import KINDS
from .words import (APPENDIX_AGREEMENT, APPENDIX_GENERAL, APPENDIX_TITLE, SEGMENT_NOTE, Translate, agreement_words,
                    no_translation)


def chart(activity: Activity, result: dict, translate: Translate = no_translation,
          language: str = "da") -> BarChart | StrategyMap | None:
    """The chart model the kind draws of its tally (bars, the strategy map, or None)."""
    return kind_of(activity).chart(workshops.resolved_config(activity), result, translate, language)


def display_table(activity: Activity, result: dict, translate: Translate = no_translation,
                  language: str = "da") -> DisplayTable | None:
    """The figures under the chart, formatted for reading (the kind's `display_table`; None when
    the chart says it all)."""
    return kind_of(activity).display_table(workshops.resolved_config(activity), result, translate, language)


def agreement_summary(activity: Activity, result: dict, translate: Translate = no_translation, language: str = "da") -> list[str]:
    """The agreement figures in words: where the room agrees most, where it is most divided, and
    which themes are flagged as a divided room. [] for kinds without agreement figures."""
    t = translate
    if not kind_of(activity).TRAITS["agreement"]:
        return []
    themes = result.get("themes", [])
    rated = [theme for theme in themes if theme.get("agreement") is not None]
    if not rated:
        return [t(N_("Agreement needs at least 2 answers about a theme."))] if result.get("responses") else []
    # Stable: among equal values, the theme that comes first on the screen wins.
    ordered = sorted(rated, key=lambda theme: -theme["agreement"])
    most, least = ordered[0], ordered[-1]

    # A kind whose agreement is not van der Eijk's A names it and says it in its own words.
    kind = kind_of(activity)
    words = getattr(kind, "agreement_words", agreement_words)
    symbol = t(getattr(kind, "AGREEMENT_SYMBOL", "A"))

    def describe(theme):
        return t(N_("%(theme)s (%(symbol)s = %(a)s: %(meaning)s)")) % {
            "theme": theme["label"], "symbol": symbol, "a": format_fixed(theme["agreement"], language),
            "meaning": words(theme["agreement"], t)}

    lines = [t(N_("Most agreed: %(theme)s.")) % {"theme": describe(most)}]
    if least is not most and least["agreement"] < most["agreement"]:
        lines.append(t(N_("Least agreed: %(theme)s.")) % {"theme": describe(least)})
    divided = [theme["label"] for theme in themes if theme.get("divided")]
    if divided:
        lines.append(t(N_("Divided room (⇆): %(themes)s.")) % {"themes": ", ".join(divided)})
    else:
        lines.append(t(getattr(kind, "NO_DIVIDED_NOTE", None)
                       or N_("No theme is flagged as a divided room (A below 0 with at least 5 answers).")))
    return lines


def appendix() -> list[str]:
    """The message ids of the appendix "How the numbers were computed": the general paragraphs,
    each kind's own (its optional HOW_COMPUTED, in the order of KINDS), then agreement and where the
    formulas are."""
    return APPENDIX_GENERAL + [paragraph for kind in KINDS.values()
                               for paragraph in getattr(kind, "HOW_COMPUTED", ())] + APPENDIX_AGREEMENT


def _lead(paragraph: str) -> dict:
    """A paragraph of the appendix split into its lead ("Ranking") and the rest, for bold leads."""
    lead, colon, rest = paragraph.partition(": ")
    if colon and len(lead) <= 40:
        return {"lead": lead + ":", "text": rest}
    return {"lead": "", "text": paragraph}


def _activity(session: Session, number: int, activity: Activity, translate: Translate, language: str,
              resets_noted: dict, definitions: list[dict], segments_by_participant: dict) -> dict:
    """Everything the report shows of one activity."""
    t = translate
    result = workshops.results(session, activity)
    responses = workshops.response_count(session, activity.id)
    model = chart(activity, result, t, language)
    chart_svg, bars, map_model = Markup(""), None, None
    if isinstance(model, StrategyMap):
        map_model = model
        if map_model.points:
            chart_svg = map_svg(map_model)
    elif model is not None:
        bars = model
        if bars.bars and responses:
            chart_svg = bars_svg(bars)
    notes = activity_notes(activity, result, t)
    if kind_of(activity).TRAITS["collects"] and chart_svg:
        notes.append(bars.description)  # say what the bars of entries count
    notes += resets_noted.get(activity.id, [])
    return {
        "id": activity.id,
        "number": number,
        "prompt": activity.prompt,
        "kind": activity.kind,
        "kind_label": kind_label(activity, t),
        "state_label": state_label(activity, t),
        "responses": responses,
        "responses_text": t(N_("Responses: %(n)d")) % {"n": responses},
        "notes": notes,
        "result": result,
        "bars": bars,
        "map": map_model,
        "chart_svg": chart_svg,
        "table": display_table(activity, result, t, language),
        "agreement": agreement_summary(activity, result, t, language),
        "segments": segment_splits(session, activity, definitions, segments_by_participant, t, language)
        if definitions else [],
    }


def report_context(session: Session, workshop: Workshop, translate: Translate = no_translation) -> dict:
    """Everything the report shows, as plain data, translated texts and ready SVG."""
    t = translate
    language = workshop.language
    participants = workshop_participants(session, workshop.id)
    segments_by_participant = {p.id: participant_segments(p) for p in participants}
    has_segments = any(segments_by_participant.values())
    definitions = segment_definitions(workshop, participants) if has_segments else []
    resets_noted = reset_notes(session, list(workshop.activities), t)
    activities = [
        _activity(session, number, activity, t, language, resets_noted, definitions, segments_by_participant)
        for number, activity in enumerate(workshop.activities, 1)
    ]
    generated = local_time(datetime.now(timezone.utc).replace(tzinfo=None))
    date = workshop_date(session, workshop)
    joined = workshops.joined_count(session, workshop.id)
    return {
        "workshop_id": workshop.id,
        "title": workshop.title,
        "language": language,
        "join_code": workshop.join_code,
        "date": date,
        "joined": joined,
        "generated": generated.strftime("%Y-%m-%d %H:%M"),
        "activities": activities,
        # After the activities: every theme across the prioritisations (record/landscape.py), or None.
        "landscape": record_landscape(session, workshop, t, [item["question"] for item in definitions]),
        "has_segments": has_segments,
        "facts": [
            (t(N_("Date")), date),
            (t(N_("Join code")), workshop.join_code),
            (t(N_("Participants joined")), str(joined)),
            (t(N_("Activities")), str(len(activities))),
            (t(N_("Report made")), generated.strftime("%Y-%m-%d %H:%M")),
        ],
        "anonymity": t(N_("Participants answered anonymously; this report contains no names.")),
        "appendix_title": t(APPENDIX_TITLE),
        "appendix": [_lead(t(paragraph)) for paragraph in appendix()]
        + ([_lead(t(SEGMENT_NOTE) % {"min": workshops.min_group_size(session)})] if has_segments else []),
    }
