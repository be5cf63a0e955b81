"""The domain: actions on workshops, activities, themes, participants and responses.

Each function takes an open SQLAlchemy session (the caller owns the transaction), raises a
`DomainError` for anything a person did wrong, and returns plain values. Nothing here imports
Flask or broadcasts: the web layer decides who hears about a change.

The package is split along the domain's seams; callers use the names re-exported here
(`from facilitation import workshops; workshops.join(...)`):

- `validators`: the limits and checks of what people send (also used by plan files);
- `access`: the one gate deciding whether a facilitator may see or run a workshop;
- `agenda`: workshops, activities, their order and states, what is presented, countdowns;
- `settings`: a workshop's segment questions, pace, blocked words, publishing, embedding, branding;
- `themes`: the workshop's strategy themes and the themes an activity works on;
- `participation`: join codes, joining, participants, the screen's secret link;
- `entries`: ideas and questions as the facilitator handles them (moderation, promotion to themes);
- `reading`: counts and results, split under the disclosure rule;
- `views`: what phones, the dashboard and the screen may see.

Storing answers and votes lives in facilitation/answers.py (re-exported at the end).
"""

from __future__ import annotations

# The models, as callers have long reached them through this module.
from ..models import Activity, Participant, Response, Theme, Workshop  # noqa: F401
from .validators import (  # noqa: F401
    MAX_ACTIVITIES, MAX_ANSWER_BYTES, MAX_CONFIG_BYTES, MAX_DISPLAY_NAME_LENGTH, MAX_NOTES_LENGTH, MAX_PROMPT_LENGTH,
    MAX_REQUEST_ID_LENGTH, MAX_THEME_DESCRIPTION_LENGTH, MAX_THEME_TITLE_LENGTH, MAX_THEMES, MAX_TITLE_LENGTH,
    _json_size, check_activity_count, check_config_size, check_theme_count, check_version, clean_language,
    clean_notes, clean_prompt, clean_theme_description, clean_theme_title, clean_title, valid_id,
)
from .access import (  # noqa: F401
    activity_for_facilitator, entry_for_facilitator, theme_for_facilitator, workshop_for_facilitator,
)
from .themes import (  # noqa: F401
    add_theme, delete_theme, move_theme, resolved_config, theme_items, theme_version, update_theme,
)
from .reading import (  # noqa: F401
    MIN_GROUP_SIZE_INFO, answer_rows, configure_sessions, joined_count, min_group_size, response_count, results,
    split_results, splits, timer_remaining, undoable_resets,
)
from .participation import (  # noqa: F401
    JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH, join, normalise_join_code, participant_by_public_id, renew_screen_secret,
    workshop_by_code, workshop_by_screen_secret,
)
from .agenda import (  # noqa: F401
    MAX_TIMER_SECONDS, activity_version, add_activity, close_activity, create_workshop, delete_activity,
    delete_workshop, duplicate_activity, expire_timers, move_activity, open_activity, present, presented_activity,
    set_results_revealed, set_split, start_timer, step_presented, timers_due, update_activity, workshops_of,
)
from .settings import (  # noqa: F401
    MAX_BLOCKED_WORDS, publish_results, segments_version, set_accent_color, set_blocked_words, set_embed_origins,
    set_logo, set_pace, set_segments,
)
from .entries import MAX_PROMOTE_GROUPS, highlight, mark_answered, moderate, promote_entries  # noqa: F401
from .views import (  # noqa: F401
    RESULTS_PAGE_KEYS, phone_state, phone_view, phones_see_results, public_activity, results_page_activities,
    screen_results, screen_view, staff_activity, staff_view,
)

# Storing answers and votes lives in its own module, which uses this package's validators;
# imported last so that both can be read as one domain.
from ..answers import own_entry, respond, upvote  # noqa: E402, F401
