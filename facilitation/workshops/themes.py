"""A workshop's strategy themes: adding, editing, ordering and removing them, and the themes an
activity works on as its kind sees them (`resolved_config`)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ..models import Activity, Theme, Workshop
from .validators import _move, _version, check_theme_count, check_version, clean_theme_description, clean_theme_title

def add_theme(session: Session, workshop: Workshop, title, description="") -> Theme:
    """Append a strategy theme to the workshop's list."""
    check_theme_count(len(workshop.themes) + 1)
    theme = Theme(
        workshop=workshop,
        title=clean_theme_title(title),
        description=clean_theme_description(description),
        position=max((t.position for t in workshop.themes), default=-1) + 1,
    )
    session.add(theme)
    session.flush()
    return theme


def theme_version(theme: Theme) -> str:
    """A fingerprint of a theme's title and description (see activity_version): two people
    editing the same theme cannot overwrite each other unseen."""
    return _version(theme.title, theme.description)


def update_theme(session: Session, theme: Theme, title=None, description=None, version=None) -> Theme:
    """Change a theme's title and/or description; with `version` (theme_version of the page or
    view the change was made on), only if nobody saved since."""
    check_version(theme_version(theme), version)
    if title is not None:
        theme.title = clean_theme_title(title)
    if description is not None:
        theme.description = clean_theme_description(description)
    return theme


def delete_theme(session: Session, theme: Theme) -> None:
    """Remove a theme. Answers about it stay stored but no longer count in any result, and
    activities that chose it no longer list it."""
    for activity in theme.workshop.activities:
        chosen = activity.config.get("themes")
        if isinstance(chosen, list) and theme.id in chosen:
            activity.config = {**activity.config, "themes": [i for i in chosen if i != theme.id]}
    session.delete(theme)
    session.flush()


def move_theme(session: Session, theme: Theme, delta) -> None:
    """Move a theme one place up (-1) or down (1) in the workshop's list."""
    _move(session, theme.workshop.themes, theme, delta)


def theme_items(activity: Activity) -> list[dict]:
    """The themes an activity works on, as its kind sees them: all of the workshop's, or the
    chosen ones, in the workshop's order."""
    chosen = activity.config.get("themes", "all")
    return [
        {"id": theme.id, "label": theme.title, "description": theme.description}
        for theme in activity.workshop.themes
        if chosen == "all" or theme.id in chosen
    ]


def resolved_config(activity: Activity) -> dict:
    """The config a kind works with: the stored one, plus the current `items` for theme kinds
    and the workshop's `language` (ties between labels sort in its alphabet)."""
    if "themes" not in activity.config:
        return activity.config
    return {**activity.config, "items": theme_items(activity), "language": activity.workshop.language}

