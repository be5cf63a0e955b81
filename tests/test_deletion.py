"""Deleted means gone from the disk: after a deletion, no database file holds the deleted text."""

from pathlib import Path

import pytest

from facilitation import workshops
from facilitation.models import Workshop

from .conftest import join_as_participant

SECRET_IDEA = "min chef er inkompetent XQ7"
SECRET_NAME = "Ulla Hemmeligsen"


def files_holding(folder: Path, text: str) -> list[str]:
    needle = text.encode()
    return sorted(path.name for path in folder.iterdir() if path.is_file() and needle in path.read_bytes())


@pytest.fixture
def idea_and_name_on_disk(app, database, workshop, facilitator):
    with database.transaction() as db:
        target = db.get(Workshop, workshop.id)
        ideas = workshops.add_activity(db, target, "ideas", "Idéer?", {})
        workshops.open_activity(db, ideas)
        workshops.present(db, target, ideas.id)
        ideas_id = ideas.id
    http = app.test_client()
    join_as_participant(http, workshop.code, name=SECRET_NAME)
    from facilitation import socketio

    phone = socketio.test_client(app, flask_test_client=http, auth={"role": "participant", "workshop": workshop.code})
    ack = phone.emit("respond", {"activity_id": ideas_id, "answer": {"text": SECRET_IDEA}, "request_id": "r1"},
                     callback=True)
    assert ack["ok"], ack
    phone.disconnect()
    folder = Path(app.instance_path)
    assert files_holding(folder, SECRET_IDEA)  # the test would prove nothing otherwise
    return folder


def test_a_deleted_workshop_leaves_no_text_in_any_database_file(app, facilitator, workshop, idea_and_name_on_disk):
    response = app.test_client().delete(f"/api/v1/workshops/{workshop.id}", headers=facilitator.headers)
    assert response.status_code == 200
    assert files_holding(idea_and_name_on_disk, SECRET_IDEA) == []
    assert files_holding(idea_and_name_on_disk, SECRET_NAME) == []


def test_removed_participants_leave_no_text_either(app, facilitator, workshop, database, idea_and_name_on_disk):
    response = app.test_client().post(
        f"/api/v1/workshops/{workshop.id}/participants/remove", headers=facilitator.headers,
        json={"joined_from": "2000-01-01T00:00:00", "joined_to": "2100-01-01T00:00:00"})
    assert response.json == {"removed": 1}
    assert files_holding(idea_and_name_on_disk, SECRET_IDEA) == []
    assert files_holding(idea_and_name_on_disk, SECRET_NAME) == []
