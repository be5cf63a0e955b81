"""Multiple choice: pick one option, or several up to a maximum.

Config: ``{"options": [{"id": "a", "label": "…"}, …], "max_choices": 1}``.
Answer: ``{"choices": ["a", …]}``, distinct option ids, between 1 and ``max_choices`` of them.
Tally: ``{"responses": n, "counts": {option_id: n, …}}`` with every option present (0 when
nobody chose it), in the config's option order.
"""

from __future__ import annotations

import string

from ..errors import InvalidInput, N_
from ..record.models import INTEGER, ONE_DECIMAL, Bar, BarChart, DisplayTable, Table

NAME = "poll"
LABEL = N_("Multiple choice")
ONE_RESPONSE_PER_PARTICIPANT = True

MAX_OPTIONS = 20
MAX_LABEL_LENGTH = 120
OPTION_IDS = string.ascii_lowercase[:MAX_OPTIONS]


def clean_config(raw) -> dict:
    """Validate the options (2–20 non-empty labels of at most 120 characters) and max_choices.

    Options may be given as strings or as ``{"label": …}`` objects; ids are assigned a, b, c …
    in order, so a config round-trips through this function unchanged.
    """
    if not isinstance(raw, dict):
        raise InvalidInput(N_("The settings must be an object."))
    options = raw.get("options")
    if not isinstance(options, list):
        raise InvalidInput(N_("Give the options as a list."))
    labels = []
    for option in options:
        label = option.get("label") if isinstance(option, dict) else option
        if not isinstance(label, str):
            raise InvalidInput(N_("Each option must be a text."))
        label = " ".join(label.split())
        if not label:
            continue
        if len(label) > MAX_LABEL_LENGTH:
            raise InvalidInput(
                N_("An option can be at most %(max)d characters long."), max=MAX_LABEL_LENGTH
            )
        labels.append(label)
    if not 2 <= len(labels) <= MAX_OPTIONS:
        raise InvalidInput(
            N_("A poll needs between %(min)d and %(max)d options."), min=2, max=MAX_OPTIONS
        )
    if len(set(label.casefold() for label in labels)) != len(labels):
        raise InvalidInput(N_("Two options have the same text."))
    max_choices = raw.get("max_choices", 1)
    if isinstance(max_choices, str) and max_choices.strip().isdecimal() and len(max_choices.strip()) <= 3:
        max_choices = int(max_choices)
    if type(max_choices) is not int or not 1 <= max_choices <= len(labels):
        raise InvalidInput(
            N_("The number of choices allowed must be between 1 and %(max)d."), max=len(labels)
        )
    return {
        "options": [{"id": OPTION_IDS[i], "label": label} for i, label in enumerate(labels)],
        "max_choices": max_choices,
    }


def clean_answer(config: dict, raw) -> dict:
    """Return ``{"choices": [...]}`` with the chosen ids in option order, or raise InvalidInput."""
    if not isinstance(raw, dict) or not isinstance(raw.get("choices"), list):
        raise InvalidInput(N_("The answer must list the chosen options."))
    choices = raw["choices"]
    known = [option["id"] for option in config["options"]]
    if not all(isinstance(choice, str) and choice in known for choice in choices):
        raise InvalidInput(N_("That option is not part of this question."))
    if len(set(choices)) != len(choices):
        raise InvalidInput(N_("Each option can be chosen only once."))
    if not choices:
        raise InvalidInput(N_("Choose at least one option."))
    if len(choices) > config["max_choices"]:
        raise InvalidInput(
            N_("Choose at most %(max)d options."), max=config["max_choices"]
        )
    return {"choices": [option_id for option_id in known if option_id in choices]}


def tally(config: dict, answers: list[dict]) -> dict:
    """Count the answers per option. Each answer counts once in ``responses``."""
    counts = {option["id"]: 0 for option in config["options"]}
    for answer in answers:
        for choice in answer["choices"]:
            if choice in counts:  # an option removed after answers came in counts no more
                counts[choice] += 1
    return {"responses": len(answers), "counts": counts}


def public_config(config: dict) -> dict:
    """Everything in a poll's config is fit for phones."""
    return config


def config_from_form(form) -> dict:
    """Read the editor form (templates/kinds/poll/editor.html): one option per line."""
    options = [line for line in (form.get("options") or "").splitlines() if line.strip()]
    return {"options": options, "max_choices": form.get("max_choices", "1")}


# --- presentation: what the record and the browser need to know (see kinds/__init__.py) --------

TRAITS = {"collects": False, "live_to_phones": False, "chart": "bars", "per_theme": False, "sortable": False,
          "promotes": False, "agreement": False, "entries_noun": ""}
SPLIT_FIGURE = N_("How many chose each option (share of the group).")
# The report's appendix ("How the numbers were computed"): how this kind's figures are read.
HOW_COMPUTED = (
    N_("Multiple choice: how many chose each option. The share is of everyone who answered the "
       "question, so when several choices are allowed the shares can add up to more than 100 %."),
)


def screen_order(config: dict, result: dict) -> list[dict]:
    """A poll has no theme rows: its options keep the config's order."""
    return []


def summary_table(config: dict, result: dict, translate) -> Table:
    """One row per option: its count and its share (%) of everyone who answered."""
    t = translate
    responses = result.get("responses", 0)
    table = Table([t(N_("Option")), t(N_("Count")), t(N_("Share (%)"))], formats=[None, INTEGER, ONE_DECIMAL])
    for option in config.get("options", []):
        count = result.get("counts", {}).get(option["id"], 0)
        table.rows.append([option["label"], count, 100 * count / responses if responses else 0.0])
    return table


def display_table(config: dict, result: dict, translate, language: str) -> DisplayTable | None:
    """None: the bars carry every figure of a poll."""
    return None


def notes(config: dict, result: dict, translate) -> list[str]:
    """How many choices a person had, and what the share is of."""
    t = translate
    if config.get("max_choices", 1) > 1:
        return [t(N_("Up to %(max)d choices per person; the share is of the %(n)d who answered."))
                % {"max": config["max_choices"], "n": result.get("responses", 0)}]
    return [t(N_("One choice per person; the share is of those who answered (%(n)d).")) % {"n": result.get("responses", 0)}]


def answer_text(config: dict, answer: dict, label, translate, language: str) -> str:
    """The chosen options' labels: "Æblerne; Ålene"."""
    options = {option["id"]: option["label"] for option in config.get("options", [])}
    return "; ".join(options.get(choice, str(choice)) for choice in answer.get("choices", []))


def chart(config: dict, result: dict, translate, language: str) -> BarChart:
    """A bar per option, in the config's order: the count and the share of those who answered."""
    responses = result.get("responses", 0)
    bars = []
    for option in config.get("options", []):
        count = result.get("counts", {}).get(option["id"], 0)
        share = count / responses if responses else 0.0
        bars.append(Bar(option["label"], share, f"{count} ({round(100 * share)} %)"))
    return BarChart(bars, "0 %", "100 %",
                    translate(N_("Bars: how many chose each option, and their share of everyone who answered.")))


def split_rows(config: dict) -> list[dict]:
    """The options, in their order."""
    return [{"id": option["id"], "label": option["label"]} for option in config.get("options", [])]


def split_cell(config: dict, group_result: dict, row_id, language: str, translate) -> str:
    """How many of the group chose the option, and their share of the group: "3 (50 %)"."""
    count = group_result.get("counts", {}).get(row_id, 0)
    responses = group_result.get("responses", 0)
    return f"{count} ({round(100 * count / responses) if responses else 0} %)"
