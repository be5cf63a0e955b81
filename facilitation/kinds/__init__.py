"""Activity kinds: one small module each, registered here by name.

A kind owns everything about itself; nothing outside facilitation/kinds/ and static/js/kinds/
branches on a kind's name. Every kind module provides the same contract, all pure (no database,
no Flask; texts are ``N_``-marked message ids, translated through a ``translate`` argument).
tests/test_kind_contract.py walks KINDS and checks it; docs/architecture.md has the checklist.

Rules:

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
- ``config_from_form(form) -> dict``: the raw config from the editor form in
  ``templates/kinds/<NAME>/editor.html``.

What the browser needs to know, instead of testing kind names (sent as ``activity.traits``):

- ``TRAITS``: ``collects`` (every answer a new entry), ``live_to_phones``, ``chart`` ("bars" |
  "map"), ``per_theme`` (answered theme by theme), ``sortable`` (the screen's order of themes can
  be switched), ``promotes`` (entries can become themes), ``agreement`` (the tally has agreement
  and divided per theme), ``entries_noun`` (the client string counting entries, or "").

How the record (facilitation/record/: XLSX, CSV, report, PDF) presents it; ``config`` is the
resolved config, ``result`` a tally; the models are facilitation/record/models.py:

- ``screen_order(config, result) -> list[dict]``: the theme rows in the screen's default order
  ([] for kinds without themes).
- ``summary_table(config, result, translate) -> Table``: raw values for XLSX and CSV.
- ``display_table(config, result, translate, language) -> DisplayTable | None``: the formatted
  figures under the chart (None: the chart says it all).
- ``notes(config, result, translate) -> list[str]``: what a reader needs to read the numbers.
- ``answer_text(config, answer, label, translate, language) -> str``: one answer in words;
  ``label(theme_id)`` names a theme.
- ``chart(config, result, translate, language) -> BarChart | StrategyMap | None``.
- ``SPLIT_FIGURE``: what each cell of a segment split shows ("" for collecting kinds, which are
  not split); ``split_rows(config) -> [{"id", "label"}]``; ``split_cell(config, group_result,
  row_id, language, translate) -> str`` (translate names fixed choices, e.g. "the local library").

Optional:

- ``CHANGEABLE_SETTINGS``: settings that may still change after people answered (how results
  are shown), unlike those the answers must fit.
- ``HOW_COMPUTED``: paragraphs (message ids) for the report's appendix "How the numbers were
  computed".
- ``CLIENT_STRINGS``: the kind's own texts for its script (facilitation/web/strings.py).
- Theme kinds that let a participant skip themes: ``answered_themes(answer)`` and
  ``answer_for_themes(answer, keys)``, so that splits count per theme.

Required of every kind whose answers name themes (``per_theme``, or a ``themes`` setting):
``rename_themes(answer, rename) -> dict``, the answer with each theme key (a text) replaced by
``rename[key]``; a key ``rename`` does not know is dropped. Workshop archives use it to carry
answers into a workshop whose themes have other ids (facilitation/archives.py).

Collecting kinds (ideas, Q&A, commitments) set ``ONE_RESPONSE_PER_PARTICIPANT = False``: each
answer is a new entry, moderated, and their ``tally`` gets entries: the answer's own fields with
the moderation state added (see facilitation/kinds/collect.py). They also provide
``public_results(results)``, the results without what moderation holds back, ``LIVE_TO_PHONES``
says whether phones see the results before they are revealed, optional ``phone_results(config, public)`` bounds what a phone gets,
and ``TAKES_VOTES`` (Q&A) lets participants vote for entries.

Theme kinds (rating, ranking, points, matrix, stance, responsibility, and the collecting
commitments) store ``"themes": "all" | [id, …]`` in their config; before cleaning an answer or
tallying, the domain adds the current themes as ``config["items"]`` (see facilitation/kinds/theme_config.py and workshops.resolved_config).
Shared pure helpers: theme_config.py, collect.py, presentation.py, stats.py, collation.py.
"""

from types import ModuleType

from ..errors import InvalidInput, N_
from . import commitments, ideas, matrix, points, poll, qa, ranking, rating, responsibility, stance

# In the order the add-activity menu lists them: a day usually runs them in this order.
KINDS: dict[str, ModuleType] = {
    module.NAME: module
    for module in (poll, ideas, qa, rating, ranking, points, matrix, stance, responsibility, commitments)
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
