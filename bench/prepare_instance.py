"""Prepare a benchmark's instance folder with the code of one checkout of the app.

    python bench/prepare_instance.py APP_ROOT INSTANCE KIND [DATABASE_URL]

Run as its own process so that the database is made by the same code that will serve it
(`--app-root` of bench/load.py may point at an older commit). KIND is "poll" (4 options, one
choice), "rating" (9 themes on a 1–5 scale) or "qa" (open moderation, one question each is
allowed). The database is the SQLite file in INSTANCE, or DATABASE_URL (an empty PostgreSQL
database, for bench/cluster.py). The activity is opened and presented; a facilitator with an API token owns the
workshop. Prints the facts the clients need as one JSON line:
``{"token", "workshop_id", "code", "activity_id", "theme_ids"}``.
"""

import json
import sys
from pathlib import Path

CONFIGS = {
    "poll": {"options": ["A", "B", "C", "D"], "max_choices": 1},
    "rating": {"themes": "all", "scale_min": 1, "scale_max": 5},
    "qa": {"moderation": "open", "per_participant": 5, "max_length": 280, "sort": "votes"},
}
THEMES = 9


def main() -> None:
    """Make the instance and print its facts; exit 2 with a message on bad arguments."""
    if len(sys.argv) not in (4, 5) or sys.argv[3] not in CONFIGS:
        sys.exit(f"usage: {sys.argv[0]} APP_ROOT INSTANCE {'|'.join(CONFIGS)} [DATABASE_URL]")
    app_root, instance, kind = Path(sys.argv[1]).resolve(), Path(sys.argv[2]), sys.argv[3]
    sys.path.insert(0, str(app_root))  # before the installed (editable) package of this checkout

    from facilitation import accounts, workshops
    from facilitation.config import load_or_create_secret_key
    from facilitation.db import Database, sqlite_url

    load_or_create_secret_key(instance)
    database = Database(sys.argv[4] if len(sys.argv) == 5 else sqlite_url(instance / "facilitation.db"))
    database.upgrade()
    with database.transaction() as db:
        facilitator = accounts.create_facilitator(db, "bench@example.org", "correct horse battery")
        token = accounts.create_api_token(db, facilitator)
        workshop = workshops.create_workshop(db, facilitator.id, "Load benchmark", "da")
        themes = []
        if kind == "rating":
            themes = [workshops.add_theme(db, workshop, f"Tema {n + 1}") for n in range(THEMES)]
            db.flush()
        activity = workshops.add_activity(db, workshop, kind, "Benchmark", CONFIGS[kind])
        workshops.open_activity(db, activity)
        workshops.present(db, workshop, activity.id)
        db.flush()
        facts = {"token": token, "workshop_id": workshop.id, "code": workshop.join_code,
                 "activity_id": activity.id, "theme_ids": [theme.id for theme in themes],
                 "facilitation": str(Path(workshops.__file__).resolve().parent)}
    database.dispose()
    print(json.dumps(facts))


if __name__ == "__main__":
    main()
