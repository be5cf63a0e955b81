"""The part of a config every theme kind shares (``"themes": "all" | [id, …]`` and
``"shuffle": bool``), reading it from the editor form, looking up the resolved
``config["items"]`` that the domain adds before an answer is cleaned or a tally computed, and
small validators the theme kinds share. Pure: no database, no Flask.
"""

from __future__ import annotations

from ..errors import InvalidInput, N_

MAX_THEME_IDS = 200

def whole_number(value):
    """`value` as an int if it is an int (not a bool) or a string of digits; else unchanged."""
    if isinstance(value, str) and value.strip().isdecimal() and len(value.strip()) <= 9:
        return int(value.strip())
    return value


def is_whole(value) -> bool:
    """True for an int that is not a bool."""
    return type(value) is int


def clean_text(raw, field_max: int, *, message: str, required: bool = False) -> str:
    """Collapse whitespace in an optional text setting and check its length.

    Missing or None gives "". Raises InvalidInput with `message` (which may use ``%(max)d``)
    when it is not a text, longer than `field_max`, or empty although `required`.
    """
    if raw is None:
        raw = ""
    if not isinstance(raw, str):
        raise InvalidInput(message, max=field_max)
    text = " ".join(raw.split())
    if len(text) > field_max or (required and not text):
        raise InvalidInput(message, max=field_max)
    return text


def clean_themes(raw: dict) -> dict:
    """Validate the shared theme settings of a raw config; return ``{"themes", "shuffle"}``.

    ``themes`` is "all" (the default) or a non-empty list of theme ids (ints ≥ 1, or strings of
    digits), kept in the given order with duplicates dropped. ``shuffle`` is a bool (default
    False).
    """
    themes = raw.get("themes", "all")
    if themes != "all":
        if not isinstance(themes, list):
            raise InvalidInput(N_("Choose the themes: all of them, or a list of themes."))
        ids = []
        for theme_id in themes:
            theme_id = whole_number(theme_id)
            if not is_whole(theme_id) or theme_id < 1:
                raise InvalidInput(N_("That theme is not part of this workshop."))
            if theme_id not in ids:
                ids.append(theme_id)
        if not ids:
            raise InvalidInput(N_("Choose at least one theme, or use all themes."))
        if len(ids) > MAX_THEME_IDS:
            raise InvalidInput(N_("Choose at most %(max)d themes."), max=MAX_THEME_IDS)
        themes = ids
    shuffle = raw.get("shuffle", False)
    if type(shuffle) is not bool:
        raise InvalidInput(N_("Say whether the themes are shown in random order: yes or no."))
    return {"themes": themes, "shuffle": shuffle}


def themes_from_form(form) -> dict:
    """Read the shared theme fields of an editor form: ``themes_mode`` ("all" or "chosen"),
    ``theme_ids`` (several) and the ``shuffle`` checkbox ("on" when checked)."""
    mode = form.get("themes_mode") or "all"
    themes = list(form.getlist("theme_ids")) if mode == "chosen" else mode
    return {"themes": themes, "shuffle": form.get("shuffle") == "on"}


def items(config: dict) -> list[dict]:
    """The resolved themes of a config (``config["items"]``, added by the domain)."""
    return config.get("items") or []


def item_keys(config: dict) -> list[str]:
    """The ids of the resolved themes as answers use them: strings, in the items' order."""
    return [str(item["id"]) for item in items(config)]


def require_items(config: dict) -> list[str]:
    """``item_keys(config)``, or InvalidInput when the activity has no themes to answer about."""
    keys = item_keys(config)
    if not keys:
        raise InvalidInput(N_("This activity has no themes yet."))
    return keys


def check_theme_keys(keys, known) -> None:
    """Raise InvalidInput unless every key in `keys` is the string id of a theme in `known`."""
    if not all(isinstance(key, str) and key in known for key in keys):
        raise InvalidInput(N_("That theme is not part of this activity."))


def theme_row(item: dict) -> dict:
    """The start of a theme's entry in a tally: its id (int) and label."""
    return {"id": item["id"], "label": item["label"]}


def renamed_keys(mapping, rename: dict[str, str]) -> dict:
    """`mapping` ({theme key: value}) with each key replaced by ``rename[key]``; a key `rename`
    does not know is dropped (for a kind's ``rename_themes``)."""
    if not isinstance(mapping, dict):
        return {}
    return {rename[str(key)]: value for key, value in mapping.items() if str(key) in rename}
