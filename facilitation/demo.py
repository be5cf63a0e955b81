"""The Danish demo workshop, built from the 2021 Strategisk Folkebiblioteksmøde announcement
(shared/seed): the libraries' digital strategy landscape and its national actors.

The workshop itself is a plan file, facilitation/data/demo.yaml (see docs/plans.md): edit it
there, and it doubles as an example of the format.
"""

from __future__ import annotations

import secrets
from importlib import resources

from sqlalchemy.orm import Session

from . import accounts, plans
from .models import Workshop

DEMO_EMAIL = "demo@facilitator.local"
DEMO_PLAN = "data/demo.yaml"


def demo_plan_text() -> str:
    """The text of the demo's plan file, as shipped with the package."""
    return resources.files(__package__).joinpath(DEMO_PLAN).read_text(encoding="utf-8")


def load_demo(session: Session) -> Workshop:
    """Create the demo facilitator (random password; log in with a printed link) and workshop."""
    facilitator = accounts.create_facilitator(
        session, DEMO_EMAIL, secrets.token_urlsafe(16), name="Demo-facilitator"
    )
    return plans.import_plan(session, facilitator.id, plans.load_plan(demo_plan_text()))
