"""Health checks for a monitor and for a reverse proxy: no workshop data in them.

- `GET /healthz`: the process answers (200 `{"status": "ok"}`).
- `GET /readyz`: the database answers a read and a write within READY_BOUND_SECONDS: 200
  `{"status": "ready"}`, else 503 `{"status": "unavailable", "reason": …}` with the reason
  (`storage.failure_kind`: disk_full, read_only, locked, io_error, slow, or error).
"""

from __future__ import annotations

import time

from flask import Blueprint, jsonify
from sqlalchemy import text

from .. import storage
from .common import PUBLIC, database, requires

bp = Blueprint("health", __name__)

READY_BOUND_SECONDS = 2.0


@bp.get("/healthz")
@requires(PUBLIC)
def healthz():
    return jsonify(status="ok")


@bp.get("/readyz")
@requires(PUBLIC)
def readyz():
    started = time.monotonic()
    try:
        with database().transaction() as db:
            db.execute(text("SELECT 1"))
            # A real write that changes nothing: the schema's version row, set to itself.
            db.execute(text("UPDATE alembic_version SET version_num = version_num"))
    except Exception as error:  # whatever stops the database is the answer here
        return jsonify(status="unavailable", reason=storage.failure_kind(error) or "error"), 503
    if time.monotonic() - started > READY_BOUND_SECONDS:
        return jsonify(status="unavailable", reason="slow"), 503
    return jsonify(status="ready")
