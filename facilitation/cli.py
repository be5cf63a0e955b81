"""Command-line tasks: `flask --app facilitation <command>`."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from . import accounts, archives, demo, plans
from .errors import DomainError


def _database():
    return current_app.extensions["database"]


def _fail(error: DomainError):
    raise click.ClickException(error.message % error.params if error.params else error.message)


@click.command("upgrade-db")
def upgrade_db():
    """Create the database, or upgrade it to the newest schema."""
    from .db import DatabaseTooNew

    try:
        kept = _database().upgrade()
    except DatabaseTooNew as too_new:
        raise click.ClickException(str(too_new)) from None
    if kept is not None:
        click.echo(f"A copy from before the upgrade is kept at {kept}")
    click.echo("Database is up to date.")


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False))
def backup(path):
    """Write a consistent copy of the SQLite database to PATH, safe while the server runs."""
    database = _database()
    if not database.is_sqlite:
        raise click.ClickException(
            "This copies SQLite databases. For PostgreSQL use its own tools, e.g. pg_dump -Fc DBNAME > FILE.")
    try:
        target = database.backup(path)
    except FileExistsError as exists:
        raise click.ClickException(str(exists)) from None
    click.echo(f"Backup written to {target}")


@click.command("create-facilitator")
@with_appcontext
@click.argument("email")
@click.option("--name", default="")
@click.option("--admin", is_flag=True, help="A server admin: invites facilitators, disables accounts, resets passwords "
                                            "(the first account is one anyway).")
@click.password_option()
def create_facilitator(email, name, admin, password):
    """Create a facilitator account."""
    try:
        with _database().transaction() as db:
            accounts.create_facilitator(db, email, password, name, admin=admin)
    except DomainError as error:
        _fail(error)
    click.echo(f"Created facilitator {email}.")


@click.command("create-api-token")
@with_appcontext
@click.argument("email")
@click.option("--days", default=accounts.API_TOKEN_DAYS, show_default=True, help="How long the token is valid.")
def create_api_token(email, days):
    """Print a new API token for scripts acting as this facilitator, and when it expires."""
    try:
        with _database().transaction() as db:
            facilitator = _facilitator(db, email)
            token = accounts.create_api_token(db, facilitator, days)
            expires = accounts.api_tokens(db, facilitator)[-1].expires_at
    except DomainError as error:
        _fail(error)
    click.echo(token)
    click.echo(f"Valid until {expires:%Y-%m-%d %H:%M} UTC. Revoke it with: flask revoke-api-token {email} ID", err=True)


@click.command("list-api-tokens")
@with_appcontext
@click.argument("email")
def list_api_tokens(email):
    """List a facilitator's API tokens: id, created, expires (the secrets are not stored)."""
    from .models import utcnow

    with _database().reading() as db:
        tokens = accounts.api_tokens(db, _facilitator(db, email))
    if not tokens:
        click.echo(f"{email} has no API tokens.")
    now = utcnow()
    for token in tokens:
        state = "expired" if token.expires_at <= now else "valid"
        click.echo(f"{token.id}\tcreated {token.created_at:%Y-%m-%d %H:%M}\texpires {token.expires_at:%Y-%m-%d %H:%M} UTC\t{state}")


@click.command("revoke-api-token")
@with_appcontext
@click.argument("email")
@click.argument("token_id", type=int)
def revoke_api_token(email, token_id):
    """Revoke one of a facilitator's API tokens (the id from list-api-tokens)."""
    try:
        with _database().transaction() as db:
            accounts.revoke_api_token(db, _facilitator(db, email), token_id)
    except DomainError as error:
        _fail(error)
    click.echo(f"Revoked API token {token_id}.")


@click.command("sign-out-everywhere")
@with_appcontext
@click.argument("email")
def sign_out_everywhere(email):
    """End every login session of a facilitator, in every browser (API tokens stay)."""
    with _database().transaction() as db:
        accounts.end_all_sessions(db, _facilitator(db, email))
    click.echo(f"Signed {email} out everywhere.")


@click.command("set-password")
@with_appcontext
@click.argument("email")
@click.password_option(prompt="New password")
def set_password(email, password):
    """Set a facilitator's password (asked for twice, or read from standard input) and sign
    them out everywhere."""
    try:
        with _database().transaction() as db:
            accounts.set_password(db, _facilitator(db, email), password)
    except DomainError as error:
        _fail(error)
    click.echo(f"Changed the password of {email} and signed them out everywhere.")


@click.command("login-link")
@click.argument("email", required=False)
@click.option("--base-url", default="http://localhost:5000")
def login_link(email, base_url):
    """Print a one-time login link (for EMAIL, or the first facilitator)."""
    with _database().transaction() as db:
        facilitator = _facilitator(db, email)
        token = accounts.create_login_token(db, facilitator, current_app.config["LOGIN_LINK_MINUTES"])
    click.echo(f"{base_url.rstrip('/')}/login/{token}")


@click.command("demo")
def load_demo():
    """Load the Danish demo workshop, if the database has no facilitators yet."""
    database = _database()
    if not database.is_empty():
        click.echo("The database is not empty; no demo loaded.")
        return
    with database.transaction() as db:
        workshop = demo.load_demo(db)
    click.echo(f"Loaded the demo workshop, join code {workshop.join_code}.")


@click.command("import-workshop")
@click.argument("file", type=click.File("rb"))
@click.option("--email", default=None, help="The owner (default: the first facilitator).")
@with_appcontext
def import_workshop(file, email):
    """Create a workshop from a plan file (YAML or JSON; - reads standard input), or from a
    workshop archive (the plan with its anonymous answers, docs/plans.md)."""
    try:
        data = file.read(archives.MAX_ARCHIVE_BYTES + 1)
        if archives.is_archive(data):
            archive = archives.load_archive(data)
            with _database().transaction() as db:
                workshop = archives.import_archive(db, _facilitator(db, email).id, archive)
                title, code = workshop.title, workshop.join_code
            click.echo(f"Imported “{title}” with its answers, join code {code}.")
            return
        plan = plans.load_plan(plans.decode_plan(data))
        with _database().transaction() as db:
            workshop = plans.import_plan(db, _facilitator(db, email).id, plan)
            title, code = workshop.title, workshop.join_code
    except DomainError as error:
        _fail(error)
    click.echo(f"Imported “{title}”, join code {code}.")


@click.command("export-workshop")
@click.argument("workshop_id", type=int)
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write the plan to this file (default: standard output).")
@with_appcontext
def export_workshop(workshop_id, output):
    """Write a workshop's plan (YAML) to standard output or a file."""
    from .models import Workshop

    with _database().reading() as db:
        workshop = db.get(Workshop, workshop_id)
        if workshop is None:
            raise click.ClickException(f"There is no workshop {workshop_id}.")
        text = plans.dump_plan(plans.export_plan(workshop))
    if output:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(text)
        click.echo(f"Wrote the plan of workshop {workshop_id} to {output}.")
    else:
        click.echo(text, nl=False)


@click.command("export-archive")
@click.argument("workshop_id", type=int)
@click.argument("file", type=click.Path(dir_okay=False, writable=True))
@with_appcontext
def export_archive(workshop_id, file):
    """Write a workshop archive (the plan and the anonymous answers, JSON) to FILE."""
    from .models import Workshop

    with _database().reading() as db:
        workshop = db.get(Workshop, workshop_id)
        if workshop is None:
            raise click.ClickException(f"There is no workshop {workshop_id}.")
        data = archives.dump_archive(archives.export_archive(db, workshop))
    with open(file, "wb") as handle:
        handle.write(data)
    click.echo(f"Wrote the archive of workshop {workshop_id} to {file}.")


def _facilitator(db, email):
    if email:
        facilitator = accounts.find_facilitator(db, email)
    else:
        facilitator = accounts.first_facilitator(db)
    if facilitator is None:
        raise click.ClickException("No such facilitator. Create one with: flask create-facilitator EMAIL")
    return facilitator


def init_app(app: Flask) -> None:
    for command in (
        upgrade_db, backup, create_facilitator, create_api_token, list_api_tokens, revoke_api_token,
        sign_out_everywhere, set_password, login_link, load_demo, import_workshop, export_workshop,
        export_archive,
    ):
        app.cli.add_command(command)
