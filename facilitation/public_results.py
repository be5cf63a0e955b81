"""The participants' results page: the workshop's record (record/report.py, report_context), as far as the
room may see it (which activities and which of their figures: workshops.views.results_page_activities).

Only activities that were opened are shown (a draft was never put to the room); ideas and
questions come as the report has them, which is only those moderation shows; segment splits
follow the small-group disclosure rule through the report's own functions, and so does the
landscape of the themes (record/landscape.py: the opened prioritisations, as the activities
here, and the groups the landscape page shows); speaker notes are
never part of it (the report has none). The facilitator publishes the page
(workshops.publish_results); until then the join link shows no results.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from . import workshops
from .record import report
from .errors import N_
from .record.words import Translate, no_translation
from .models import Workshop


def results_context(session: Session, workshop: Workshop, translate: Translate = no_translation) -> dict:
    """What the participants' results page shows: the title, a few facts, and per opened
    activity its figures as the report computes them, numbered in agenda order."""
    t = translate
    context = report.report_context(session, workshop, translate)
    activities = workshops.results_page_activities(workshop, context["activities"])
    return {
        "title": context["title"],
        "language": context["language"],
        "facts": [
            (t(N_("Date")), context["date"]),
            (t(N_("Participants joined")), str(context["joined"])),
            (t(N_("Activities")), str(len(activities))),
        ],
        "anonymity": context["anonymity"],
        "activities": activities,
        # The same opened prioritisations as the activities above, its groups under the same rule.
        "landscape": context["landscape"],
        "appendix_title": context["appendix_title"],
        "appendix": context["appendix"],
    }
