"""The database: engine, session factory, SQLite pragmas, and schema upgrades through Alembic.

Flask-free on purpose: the domain, the CLI, the benchmark and the tests all use it the same way.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine, event, inspect
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS = PROJECT_ROOT / "migrations"


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def create_private_sqlite_file(url: str) -> None:
    """Create a SQLite database file that does not exist yet, and its folder, readable by the
    owner only (0600 and 0700): it holds every answer and the accounts. SQLite gives its -wal and
    -shm files the database file's permissions. An existing file is left as it is."""
    from sqlalchemy.engine import make_url

    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    if path.exists():
        return
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))


def _set_sqlite_pragmas(synchronous: str):
    def on_connect(dbapi_connection, _record):
        # The driver starts no transactions of its own; _begin_sqlite_transaction does.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # WAL lets readers (the broadcaster, page loads) run while a vote is written.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA synchronous={synchronous}")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA foreign_keys=ON")
        # Deleted rows are overwritten with zeros, whatever the system's SQLite was built with.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    return on_connect


WRITING = {"facilitation_writes": True}


def _begin_sqlite_transaction(connection) -> None:
    """A transaction that will write takes SQLite's write lock when it begins (BEGIN IMMEDIATE),
    so what it reads is what it writes over: two writers wait for each other instead of the
    later one failing ("database is locked") when it first writes after reading. Reads only
    take a snapshot (BEGIN)."""
    immediate = connection.get_execution_options().get("facilitation_writes", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _personal(entity) -> bool:
    """Rows whose deletion must leave nothing on the disk: what people wrote and who they are."""
    from .models import Activity, HeldRow, Participant, Response, Theme, Workshop

    return isinstance(entity, type) and issubclass(
        entity, (Workshop, Participant, Response, Activity, Theme, HeldRow))


def _note_deletions(session, _context) -> None:
    if any(_personal(type(instance)) for instance in session.deleted):
        session.info["deleted_personal_data"] = True


def _note_bulk_deletions(state) -> None:
    if state.is_delete and any(_personal(mapper.class_) for mapper in state.all_mappers):
        state.session.info["deleted_personal_data"] = True


class DatabaseTooNew(Exception):
    """The database was written by a newer version of the app: its revision is unknown here."""

    def __init__(self, revision: str, head: str):
        super().__init__(
            f"The database is at schema revision {revision}, which this version of the app does not know "
            f"(its newest is {head}): it was written by a newer version. Start that newer version again, "
            "or restore the copy that was kept before the upgrade (see docs/reliability.md)."
        )
        self.revision, self.head = revision, head


class Database:
    """An engine and its session factory for one database URL."""

    def __init__(self, url: str, sqlite_synchronous: str = "FULL"):
        if sqlite_synchronous.upper() not in {"OFF", "NORMAL", "FULL", "EXTRA"}:
            raise ValueError("SQLITE_SYNCHRONOUS must be OFF, NORMAL, FULL or EXTRA")
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        if self.is_sqlite:
            create_private_sqlite_file(url)
        self.engine: Engine = create_engine(url, pool_pre_ping=not self.is_sqlite)
        if self.is_sqlite:
            event.listen(self.engine, "connect", _set_sqlite_pragmas(sqlite_synchronous.upper()))
            event.listen(self.engine, "begin", _begin_sqlite_transaction)
        self.sessionmaker = sessionmaker(self.engine, expire_on_commit=False)
        event.listen(self.sessionmaker, "after_flush", _note_deletions)
        event.listen(self.sessionmaker, "do_orm_execute", _note_bulk_deletions)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """Yield a session inside one transaction: committed on success, rolled back on error.

        A transaction that deleted what people wrote (a workshop, participants, answers) also
        wipes it from the write-ahead log (see forget_deleted)."""
        with self.sessionmaker.begin() as session:
            session.connection(execution_options=WRITING)
            yield session
        if session.info.pop("deleted_personal_data", False):
            self.forget_deleted()

    def forget_deleted(self, attempts: int = 5) -> bool:
        """Make deleted rows gone from the disk: with secure_delete their space in the database
        file is zeroed, and a TRUNCATE checkpoint copies those pages into the file and empties the
        write-ahead log, which still held the old pages. Readers in the middle of a read can keep
        the log busy for a moment; tries again a few times. True when the log was emptied."""
        if not self.is_sqlite:
            return True
        import time

        for attempt in range(attempts):
            with self.engine.connect() as connection:
                busy = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").first()[0]
            if not busy:
                return True
            time.sleep(0.05 * (attempt + 1))
        return False

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """Yield a session for reads only; nothing is committed."""
        with self.sessionmaker() as session:
            yield session

    def alembic_config(self):
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["database_url"] = self.url
        return config

    def revisions(self) -> tuple[str | None, str, set[str]]:
        """The database's schema revision (None when it has none yet), the app's newest, and
        every revision the app knows."""
        from alembic.migration import MigrationContext
        from alembic.script import ScriptDirectory

        script = ScriptDirectory.from_config(self.alembic_config())
        with self.engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
        return current, script.get_current_head(), {r.revision for r in script.walk_revisions()}

    def upgrade(self) -> Path | None:
        """Create or upgrade the schema to the newest migration.

        Raises DatabaseTooNew (and changes nothing) for a database from a newer version. Before
        changing a SQLite database that holds data, keeps a consistent copy beside it, named
        after the revision it came from, and returns its path (else None)."""
        from alembic import command

        current, head, known = self.revisions()
        if current is not None and current not in known:
            raise DatabaseTooNew(current, head)
        kept = None
        if current is not None and current != head and self.is_sqlite and not self.is_empty():
            database_file = Path(self.engine.url.database)
            kept = self.backup(database_file.with_name(f"{database_file.name}.before-{current}"))
        command.upgrade(self.alembic_config(), "head")
        return kept

    def backup(self, target: Path) -> Path:
        """Write a consistent copy of this SQLite database to `target` with SQLite's online
        backup API (safe while the server runs and writes); return the path."""
        import sqlite3

        if not self.is_sqlite:
            raise ValueError("Only a SQLite database can be copied this way; use the database's own tools.")
        target = Path(target)
        if target.exists():
            raise FileExistsError(f"{target} exists already; choose another name.")
        source = sqlite3.connect(self.engine.url.database)
        copy = sqlite3.connect(target)
        try:
            with copy:
                source.backup(copy)
        finally:
            copy.close()
            source.close()
        return target

    def is_empty(self) -> bool:
        """True when the schema has no facilitators yet (a fresh database)."""
        from sqlalchemy import func, select

        from .models import Facilitator

        if "facilitators" not in inspect(self.engine).get_table_names():
            return True
        with self.reading() as session:
            return session.scalar(select(func.count(Facilitator.id))) == 0

    def dispose(self) -> None:
        self.engine.dispose()
