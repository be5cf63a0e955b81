"""Segments: a few questions asked when joining (role, library type, region), and results split
by one of them, the groups side by side. Flask-free.

A group smaller than the minimum size (MIN_GROUP_SIZE, default 3) is never shown on its own, so
nobody can be singled out. If exactly the held-back people could be worked out by subtracting
the shown groups from the whole room (one small group held back), the next smallest group is
held back too.
"""

from __future__ import annotations

from .errors import InvalidInput, N_

# The one set of limits: the settings page, the API and plan files all check with clean_segments.
MAX_SEGMENTS = 5
MAX_QUESTION_LENGTH = 120
MAX_OPTION_LENGTH = 60
MIN_OPTIONS, MAX_OPTIONS = 2, 12
DEFAULT_MIN_GROUP_SIZE = 3
# The smallest group shown on its own; set from the MIN_GROUP_SIZE setting by create_app.
MIN_GROUP_SIZE = DEFAULT_MIN_GROUP_SIZE


def clean_segments(raw) -> list[dict]:
    """Validate the workshop's segment questions: at most MAX_SEGMENTS (5), each with
    MIN_OPTIONS to MAX_OPTIONS (2–12) distinct options. Returns them cleaned; raises InvalidInput."""
    if not isinstance(raw, list):
        raise InvalidInput(N_("Give the segment questions as a list."))
    if len(raw) > MAX_SEGMENTS:
        raise InvalidInput(N_("A workshop can have at most %(max)d segment questions."), max=MAX_SEGMENTS)
    cleaned, seen = [], set()
    for item in raw:
        if not isinstance(item, dict):
            raise InvalidInput(N_("Each segment question needs a question and options."))
        question = " ".join(str(item.get("question") or "").split())
        options = [" ".join(str(o).split()) for o in item.get("options") or [] if str(o).strip()]
        if not question or len(question) > MAX_QUESTION_LENGTH:
            raise InvalidInput(N_("A segment question needs 1 to %(max)d characters."), max=MAX_QUESTION_LENGTH)
        if question.casefold() in seen:
            raise InvalidInput(N_("Two segment questions are the same."))
        seen.add(question.casefold())
        if not MIN_OPTIONS <= len(options) <= MAX_OPTIONS or len({o.casefold() for o in options}) != len(options):
            raise InvalidInput(N_("A segment question needs %(min)d to %(max)d different options."),
                               min=MIN_OPTIONS, max=MAX_OPTIONS)
        if any(len(option) > MAX_OPTION_LENGTH for option in options):
            raise InvalidInput(N_("An option can be at most %(max)d characters long."), max=MAX_OPTION_LENGTH)
        required = item.get("required", False)
        if not isinstance(required, bool):
            raise InvalidInput(N_("Say whether a segment question is required (true or false)."))
        cleaned.append({"question": question, "options": options, "required": required})
    return cleaned


def segments_from_text(text: str, required_questions: set[str]) -> list[dict]:
    """The editor's text form: one question per line, "Question: option, option, option"."""
    items = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        question, _, options = line.partition(":")
        items.append({
            "question": question.strip(),
            "options": [o.strip() for o in options.split(",")],
            "required": question.strip() in required_questions,
        })
    return items


def clean_answers(segments: list[dict], raw: dict) -> dict:
    """A joining participant's answers ({question: option}); required questions must be answered."""
    answers = {}
    for segment in segments:
        value = raw.get(segment["question"]) if isinstance(raw, dict) else None
        if value in (None, ""):
            if segment["required"]:
                raise InvalidInput(N_("Please answer: %(question)s"), question=segment["question"])
            continue
        if value not in segment["options"]:
            raise InvalidInput(N_("Choose one of the options for: %(question)s"), question=segment["question"])
        answers[segment["question"]] = value
    return answers


def split(segment: dict, answers_by_group: dict, tally, min_size: int) -> dict:
    """Results split by one segment question.

    `answers_by_group` maps each option (and None for "no answer") to the answers of the
    participants in that group; `tally(answers)` computes a kind's results. Returns
    ``{"question", "min_size", "groups": [{"label", "n", "results"}], "held_back": n, "protected":
    bool}`` where held-back groups are left out and only counted together. `protected` says that a
    group big enough to be shown is held back too, because the small groups' answers would
    otherwise be the room's minus the groups shown.
    """
    sizes = {label: len(answers_by_group.get(label, [])) for label in segment["options"]}
    shown = {label for label, n in sizes.items() if n >= min_size}
    held_count = sum(n for label, n in sizes.items() if label not in shown) + len(answers_by_group.get(None, []))
    protected = False
    if 0 < held_count < min_size and shown:
        # Otherwise the held-back answers are the whole room minus the groups shown.
        smallest = min(shown, key=lambda label: (sizes[label], label))
        shown.discard(smallest)
        held_count += sizes[smallest]
        protected = True
    return {
        "question": segment["question"],
        "min_size": min_size,
        "groups": [
            {"label": label, "n": sizes[label], "results": tally(answers_by_group[label])}
            for label in segment["options"]
            if label in shown
        ],
        "held_back": held_count,
        "protected": protected,
    }
