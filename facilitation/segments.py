"""Segments: a few questions asked when joining (role, library type, region), and results split
by one of them, the groups side by side. Flask-free.

The disclosure rule (docs/aggregation.md, "Splits by segment", has worked examples). Nobody may
be singled out by a split, directly or by subtracting one published figure from another: across
the questions, across the themes and across time.

- A participant's **profile** is the combination of all their segment answers (no answer is a
  value too). Every group of every question is a union of profiles, so two groups differ only
  by whole profiles.
- **Per figure:** for each theme (rating, map: the people who rated or placed it) and for the
  activity (everyone who answered), each profile counts in **steps of MIN_GROUP_SIZE**: of a
  profile's n people only the first ⌊n / MIN_GROUP_SIZE⌋ · MIN_GROUP_SIZE (by when they first
  answered) are counted, the rest are held back. A profile of fewer people is held back whole.
- If that holds back fewer than MIN_GROUP_SIZE people in all (who would then be the room minus
  the groups shown), one more step of the smallest counted profile is held back with them.

So every figure shown, every difference between two of them (two groups, a group and the room,
two views of one group as people arrive) and the held-back rest each cover 0 or at least
MIN_GROUP_SIZE people.
"""

from __future__ import annotations

from .errors import InvalidInput, N_

# The one set of limits: the settings page, the API and plan files all check with the functions below.
MAX_SEGMENTS = 5
MAX_QUESTION_LENGTH = 120
MAX_OPTION_LENGTH = 60
MIN_OPTIONS, MAX_OPTIONS = 2, 12
# The smallest group shown on its own unless the MIN_GROUP_SIZE setting says otherwise; the
# setting travels with each app's database sessions (workshops.min_group_size), never as a global.
DEFAULT_MIN_GROUP_SIZE = 3


def check_segment_count(count: int) -> None:
    """Raise InvalidInput when a workshop would have more than MAX_SEGMENTS segment questions."""
    if count > MAX_SEGMENTS:
        raise InvalidInput(N_("A workshop can have at most %(max)d segment questions."), max=MAX_SEGMENTS)


def clean_question(raw) -> str:
    """A segment question's text: one line of 1 to MAX_QUESTION_LENGTH characters."""
    question = " ".join(str(raw or "").split())
    if not question or len(question) > MAX_QUESTION_LENGTH:
        raise InvalidInput(N_("A segment question needs 1 to %(max)d characters."), max=MAX_QUESTION_LENGTH)
    return question


def clean_options(raw) -> list[str]:
    """A segment question's options: MIN_OPTIONS to MAX_OPTIONS different texts of at most
    MAX_OPTION_LENGTH characters each (empty ones left out), given as a list of texts (a text
    alone would otherwise be read as one option per letter)."""
    # Numbers are texts too (a plan file's `options: [2024, 2025]`); true/false are not.
    if not isinstance(raw, list) or not all(type(option) in (str, int, float) for option in raw):
        raise InvalidInput(N_("Give a segment question's options as a list of texts."))
    options = [" ".join(str(option).split()) for option in raw if str(option).strip()]
    if not MIN_OPTIONS <= len(options) <= MAX_OPTIONS or len({o.casefold() for o in options}) != len(options):
        raise InvalidInput(N_("A segment question needs %(min)d to %(max)d different options."),
                           min=MIN_OPTIONS, max=MAX_OPTIONS)
    if any(len(option) > MAX_OPTION_LENGTH for option in options):
        raise InvalidInput(N_("An option can be at most %(max)d characters long."), max=MAX_OPTION_LENGTH)
    return options


def clean_required(raw) -> bool:
    """Whether a segment question must be answered to join: true or false."""
    if not isinstance(raw, bool):
        raise InvalidInput(N_("Say whether a segment question is required (true or false)."))
    return raw


def clean_segments(raw) -> list[dict]:
    """Validate the workshop's segment questions: at most MAX_SEGMENTS (5), different from each
    other, each with MIN_OPTIONS to MAX_OPTIONS (2–12) distinct options. Returns them cleaned;
    raises InvalidInput. The settings page, the API and plan files (facilitation/plans/) all check with
    this module's functions."""
    if not isinstance(raw, list):
        raise InvalidInput(N_("Give the segment questions as a list."))
    check_segment_count(len(raw))
    cleaned, seen = [], set()
    for item in raw:
        if not isinstance(item, dict):
            raise InvalidInput(N_("Each segment question needs a question and options."))
        question = clean_question(item.get("question"))
        if question.casefold() in seen:
            raise InvalidInput(N_("Two segment questions are the same."))
        seen.add(question.casefold())
        cleaned.append({"question": question, "options": clean_options(item.get("options")),
                        "required": clean_required(item.get("required", False))})
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


def profile(definitions: list[dict], answers) -> tuple:
    """A participant's profile: their answer to each of `definitions` in order, None where
    they gave none (or an option the question no longer has)."""
    answers = answers if isinstance(answers, dict) else {}
    return tuple(
        answers.get(d["question"]) if answers.get(d["question"]) in d["options"] else None for d in definitions
    )


def _profile_order(value: tuple) -> tuple:
    # An answer before no answer; equal flags compare equal texts or None with None, never str with None.
    return tuple((item is None, item) for item in value)


def counted(members, min_size: int) -> tuple[set, bool]:
    """Who may be counted in a split's figures, of `members`: (order, participant, profile)
    triples of the people whose answers make up one figure of the whole room (a theme, or the
    activity). Returns (the participants counted, protected): each profile counts in whole steps
    of `min_size`, its earliest answers first; when that would hold back 1 to min_size − 1
    people, one more step of the smallest counted profile is held back and protected is True."""
    by_profile: dict[tuple, list] = {}
    for order, participant, value in members:
        by_profile.setdefault(value, []).append((order, participant))
    shown = {}
    for value, people in by_profile.items():
        people.sort()  # by when they first answered (orders are unique)
        shown[value] = len(people) // min_size * min_size
    held = sum(len(people) for people in by_profile.values()) - sum(shown.values())
    protected = False
    if 0 < held < min_size:
        candidates = [value for value, n in shown.items() if n]
        if candidates:
            smallest = min(candidates, key=lambda value: (shown[value], _profile_order(value)))
            shown[smallest] -= min_size
            protected = True
    return {participant for value, people in by_profile.items() for _, participant in people[:shown[value]]}, protected


def shown_profiles(profiles: dict, min_size: int) -> set:
    """Of `profiles` (participant → profile), the participants whose profile may be printed
    beside their answers (the XLSX's raw responses): those sharing it with at least min_size − 1
    others. When that leaves out 1 to min_size − 1 people, the smallest profile shown is left out
    too, so that the rows left out are never the few people one knows to be missing."""
    sizes: dict = {}
    for value in profiles.values():
        sizes[value] = sizes.get(value, 0) + 1
    shown = {value for value, n in sizes.items() if n >= min_size}
    left_out = sum(n for value, n in sizes.items() if value not in shown)
    if 0 < left_out < min_size and shown:
        shown.discard(min(shown, key=lambda value: (sizes[value], _profile_order(value))))
    return {participant for participant, value in profiles.items() if value in shown}


def split(definitions: list[dict], question: str, entries: list[dict], tally, min_size: int,
          themes_of=None, only_themes=None) -> dict:
    """Results split by the segment question `question` (one of `definitions`, the workshop's
    questions: every split of the activity must get the same definitions, or profiles differ).

    `entries` are the activity's answers: ``{"participant", "order" (when first answered),
    "segments" (the participant's answers to the questions), "answer"}``. `tally(answers)`
    computes a kind's results. For kinds that answer per theme (rating, map), `themes_of(answer)`
    gives the themes an answer speaks to and `only_themes(answer, keys)` the answer cut down to
    those, so each theme's figures count only people counted for that theme.

    Returns ``{"question", "min_size", "groups": [{"label", "n", "results"}], "held_back": n,
    "protected": bool}``: the groups with anyone counted, in the options' order; `n` and the
    results' "responses" count the group's people counted for the activity; `held_back` how many
    answered but are in no group shown; `protected` that a step was held back only so that the
    held-back answers cannot be worked out by subtraction (see the module's docstring).
    """
    index = next(i for i, d in enumerate(definitions) if d["question"] == question)
    segment = definitions[index]
    profiles = [profile(definitions, entry.get("segments")) for entry in entries]
    people, protected = counted(
        [(entry["order"], entry["participant"], value) for entry, value in zip(entries, profiles)], min_size)
    by_theme: dict = {}
    if themes_of is not None:
        themes = [set(themes_of(entry["answer"])) for entry in entries]
        for key in set().union(*themes):
            by_theme[key], _ = counted(
                [(entry["order"], entry["participant"], value)
                 for entry, value, keys in zip(entries, profiles, themes) if key in keys], min_size)
    groups = []
    for label in segment["options"]:
        members = [(entry, value) for entry, value in zip(entries, profiles) if value[index] == label]
        n = sum(1 for entry, _ in members if entry["participant"] in people)
        if not n:
            continue
        if themes_of is None:
            answers = [entry["answer"] for entry, _ in members if entry["participant"] in people]
        else:
            answers = []
            for entry, _ in members:
                keys = {key for key in themes_of(entry["answer"]) if entry["participant"] in by_theme[key]}
                if keys:
                    answers.append(only_themes(entry["answer"], keys))
        results = tally(answers)
        if isinstance(results, dict) and "responses" in results:
            results = {**results, "responses": n}
        groups.append({"label": label, "n": n, "results": results})
    return {
        "question": question,
        "min_size": min_size,
        "groups": groups,
        "held_back": len(entries) - sum(group["n"] for group in groups),
        "protected": protected,
    }
