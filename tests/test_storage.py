"""Storage faults are named (not "server error"), health checks answer without workshop data,
databases from another version are handled, and a backup is a consistent copy."""

import sqlite3

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError

from facilitation import accounts, storage
from facilitation.db import Database, DatabaseTooNew, sqlite_url


def sqlite_error(message):
    return OperationalError("INSERT …", {}, sqlite3.OperationalError(message))


@pytest.mark.parametrize("message, kind", [
    ("database or disk is full", "disk_full"),
    ("attempt to write a readonly database", "read_only"),
    ("database is locked", "locked"),
    ("disk I/O error", "io_error"),
    ("no such table: responses", None),
])
def test_storage_faults_are_named_by_kind(message, kind):
    assert storage.failure_kind(sqlite_error(message)) == kind


def test_a_real_lock_is_named_and_other_errors_are_not_storage_faults(tmp_path):
    database = Database(sqlite_url(tmp_path / "locked.db"))
    database.upgrade()
    holder = sqlite3.connect(tmp_path / "locked.db")
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(OperationalError) as raised:
            with database.transaction() as db:
                db.execute(text("PRAGMA busy_timeout=0"))
                db.execute(text("UPDATE alembic_version SET version_num = version_num"))
        assert storage.failure_kind(raised.value) == "locked"
    finally:
        holder.rollback()
        holder.close()
        database.dispose()
    assert storage.failure_kind(IntegrityError("INSERT …", {}, sqlite3.IntegrityError("UNIQUE"))) is None
    assert storage.failure_kind(ValueError("database is locked")) is None


def test_the_health_checks_answer_without_workshop_data(app, workshop):
    client = app.test_client()
    assert client.get("/healthz").json == {"status": "ok"}
    assert client.get("/readyz").json == {"status": "ready"}


def test_readiness_fails_while_the_database_cannot_be_written(app):
    holder = sqlite3.connect(app.extensions["database"].engine.url.database)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock past the busy timeout
    try:
        response = app.test_client().get("/readyz")
    finally:
        holder.rollback()
        holder.close()
    assert response.status_code == 503 and response.json == {"status": "unavailable", "reason": "locked"}


def test_a_database_from_a_newer_version_is_refused_and_left_alone(tmp_path):
    database = Database(sqlite_url(tmp_path / "newer.db"))
    database.upgrade()
    with database.transaction() as db:
        db.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    with pytest.raises(DatabaseTooNew) as raised:
        database.upgrade()
    assert "revision 0099" in str(raised.value) and "newer version" in str(raised.value)
    assert database.revisions()[0] == "0099"
    database.dispose()


def test_an_upgrade_of_a_database_with_data_keeps_a_copy_from_before(tmp_path):
    path = tmp_path / "old.db"
    database = Database(sqlite_url(path))
    database.upgrade()
    with database.transaction() as db:
        accounts.create_facilitator(db, "ida@bibliotek.dk", "correct horse battery")
    command.downgrade(database.alembic_config(), "0004")
    kept = database.upgrade()
    assert kept == tmp_path / "old.db.before-0004"
    copy = sqlite3.connect(kept)
    assert copy.execute("SELECT version_num FROM alembic_version").fetchall() == [("0004",)]
    assert copy.execute("SELECT email FROM facilitators").fetchall() == [("ida@bibliotek.dk",)]
    assert copy.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    copy.close()
    assert database.upgrade() is None  # up to date: nothing to keep
    database.dispose()


def test_a_fresh_or_empty_database_keeps_no_copy(tmp_path):
    database = Database(sqlite_url(tmp_path / "fresh.db"))
    assert database.upgrade() is None
    assert list(tmp_path.iterdir()) == [tmp_path / "fresh.db"] or all("before" not in p.name for p in tmp_path.iterdir())
    database.dispose()


def test_a_backup_never_overwrites_a_file(tmp_path):
    database = Database(sqlite_url(tmp_path / "db.db"))
    database.upgrade()
    (tmp_path / "taken.db").write_text("mine")
    with pytest.raises(FileExistsError):
        database.backup(tmp_path / "taken.db")
    assert (tmp_path / "taken.db").read_text() == "mine"
    database.dispose()


def test_the_start_says_how_much_disk_is_free_and_warns_when_it_is_little(tmp_path, monkeypatch):
    import shutil

    from facilitation import serve

    assert "Free disk space for the database" in serve.free_space_note(tmp_path)
    assert "Warning" not in serve.free_space_note(tmp_path) or shutil.disk_usage(tmp_path).free < serve.LOW_DISK_BYTES
    # A small tmpfs is not always at hand: the threshold is what is tested here.
    monkeypatch.setattr(serve, "LOW_DISK_BYTES", shutil.disk_usage(tmp_path).free + 1)
    assert "Warning: that is little" in serve.free_space_note(tmp_path)
