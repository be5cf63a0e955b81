"""The Alembic migrations build exactly the schema the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from facilitation.db import Database, sqlite_url
from facilitation.models import Base


def test_migrations_match_the_models(tmp_path):
    database = Database(sqlite_url(tmp_path / "fresh.db"))
    database.upgrade()
    with database.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    database.dispose()


def test_upgrading_twice_is_harmless(tmp_path):
    database = Database(sqlite_url(tmp_path / "again.db"))
    database.upgrade()
    database.upgrade()
    assert database.is_empty()
    database.dispose()
