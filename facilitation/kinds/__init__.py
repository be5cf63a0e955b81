"""Activity kinds: one small module each, registered here by name.

Every kind module provides the same narrow contract, all pure functions with no database and no
Flask:

- ``NAME``: the kind's identifier, stored in ``Activity.kind``.
- ``LABEL``: its name for people (an ``N_``-marked message id).
- ``ONE_RESPONSE_PER_PARTICIPANT``: True when a new answer replaces the participant's earlier one.
- ``clean_config(raw) -> dict``: validate and normalise the facilitator's settings, or raise
  ``InvalidInput``.
- ``clean_answer(config, raw) -> dict``: validate and normalise one participant's answer, or raise
  ``InvalidInput``.
- ``tally(config, answers) -> dict``: the results of a list of cleaned answers; must not depend
  on their order.
- ``public_config(config) -> dict``: what a phone may see of the config.

A kind may list ``CHANGEABLE_SETTINGS``: settings that may still change after people answered
(how results are shown), unlike those the answers must fit.

Collecting kinds (ideas, Q&A) set ``ONE_RESPONSE_PER_PARTICIPANT = False``: each answer is a
new entry, moderated, and their ``tally`` gets entries with their moderation state (see
facilitation/kinds/collect.py). They also provide ``public_results(results)``, the results
without what moderation holds back, and ``LIVE_TO_PHONES`` says whether phones see the
results before they are revealed.

Theme kinds (rating, ranking, points, matrix, responsibility) store ``"themes": "all" | [id, …]`` in their
config; before cleaning an answer or tallying, the domain adds the current themes as
``config["items"]`` (see facilitation/kinds/themes.py and workshops.resolved_config).
- ``config_from_form(form) -> dict``: the raw config from the editor form in
  ``templates/kinds/<NAME>/editor.html``.
"""

from types import ModuleType

from ..errors import InvalidInput, N_
from . import ideas, matrix, points, poll, qa, ranking, rating, responsibility

# In the order the add-activity menu lists them: a day usually runs them in this order.
KINDS: dict[str, ModuleType] = {
    module.NAME: module for module in (poll, ideas, qa, rating, ranking, points, matrix, responsibility)
}


def get_kind(name: str) -> ModuleType:
    """Return the kind module called `name`, or raise InvalidInput."""
    try:
        return KINDS[name]
    except (KeyError, TypeError):
        raise InvalidInput(N_("Unknown activity kind: %(kind)s."), kind=str(name)[:20]) from None


def public_results(kind: ModuleType, results: dict) -> dict:
    """What the screen and phones may see of a tally (all of it, unless the kind says less)."""
    strip = getattr(kind, "public_results", None)
    return strip(results) if strip else results


def phone_results(kind: ModuleType, config: dict, results: dict) -> dict:
    """What a phone receives of a tally: what it shows, which for a long list (the questions of a
    Q&A) is its top part; every other kind's public results whole."""
    bounded = getattr(kind, "phone_results", None)
    public = public_results(kind, results)
    return bounded(config, public) if bounded else public


def collects(kind: ModuleType) -> bool:
    """True for kinds where every answer is a new entry (ideas, questions)."""
    return not kind.ONE_RESPONSE_PER_PARTICIPANT
