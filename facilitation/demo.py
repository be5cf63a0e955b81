"""The Danish demo workshop, built from the 2021 Strategisk Folkebiblioteksmøde announcement
(shared/seed): the libraries' digital strategy landscape and its national actors.

The workshop itself is a plan file, facilitation/data/demo.yaml (see docs/plans.md): edit it
there, and it doubles as an example of the format.

Beside it the demo has "last year's" meeting, facilitation/data/demo-last-year.yaml, with made-up
answers (its title and speaker notes say so), so that comparing two runs ("What moved",
facilitation/comparisons.py) shows something on the first run: this year's activities are
compared with last year's of the same prompt.
"""

from __future__ import annotations

import random
import secrets
from importlib import resources

from sqlalchemy.orm import Session

from . import accounts, plans, workshops
from .kinds import get_kind
from .models import Workshop

DEMO_EMAIL = "demo@facilitator.local"
DEMO_PLAN = "data/demo.yaml"
LAST_YEAR_PLAN = "data/demo-last-year.yaml"
LAST_YEAR_PEOPLE = 140
# How much last year's made-up room favoured each theme (0…1), by title.
LAST_YEAR_LEANINGS = {
    "Fælles digital infrastruktur": 0.85,
    "Digitale materialer og e-ressourcer": 0.7,
    "Data om brugerne og deres behov": 0.35,
    "Digitaliseret kulturarv": 0.3,
    "Digital dannelse og borgerservice": 0.6,
    "Kompetencer hos personalet": 0.5,
}


def demo_plan_text(name: str = DEMO_PLAN) -> str:
    """The text of one of the demo's plan files, as shipped with the package."""
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def load_demo(session: Session) -> Workshop:
    """Create the demo facilitator (random password; log in with a printed link), the demo
    workshop, and last year's with its made-up answers, to which this year's are compared."""
    facilitator = accounts.create_facilitator(
        session, DEMO_EMAIL, secrets.token_urlsafe(16), name="Demo-facilitator"
    )
    # This year's first: `make run` prints the links of the facilitator's first workshop.
    workshop = plans.import_plan(session, facilitator.id, plans.load_plan(demo_plan_text()))
    last_year = plans.import_plan(session, facilitator.id, plans.load_plan(demo_plan_text(LAST_YEAR_PLAN)))
    _answer_as_last_year(session, last_year, random.Random(2025))
    earlier_by_prompt = {activity.prompt: activity for activity in last_year.activities}
    for activity in workshop.activities:
        if activity.prompt in earlier_by_prompt:
            activity.compared_with_id = earlier_by_prompt[activity.prompt].id
    session.flush()
    return workshop


def _answer_as_last_year(session: Session, workshop: Workshop, rng: random.Random) -> None:
    """Made-up answers of LAST_YEAR_PEOPLE people to each of the workshop's activities, which
    end closed with their results revealed, as a finished meeting's would."""
    people = [workshops.join(session, workshop) for _ in range(LAST_YEAR_PEOPLE)]
    session.flush()
    for activity in workshop.activities:
        kind = get_kind(activity.kind)
        config = workshops.resolved_config(activity)
        leanings = {str(item["id"]): LAST_YEAR_LEANINGS.get(item["label"], 0.5) for item in config["items"]}
        workshops.open_activity(session, activity)
        workshops.present(session, workshop, activity.id)
        for number, person in enumerate(people):
            answer = kind.example_answer(config, rng, leanings)
            workshops.respond(session, person.id, workshop.id, activity.id, answer, f"example-{activity.id}-{number}")
        workshops.close_activity(session, activity)
        workshops.set_results_revealed(session, activity, True)
    workshops.present(session, workshop, None)
