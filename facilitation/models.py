"""The database tables, as SQLAlchemy 2.x typed models.

One `activities` table with a `kind` and a JSON `config` serves every activity kind, and one
`responses` table with a JSON `answer` serves every answer, so a new kind needs no new table.
Constraints make the bad states impossible rather than merely unlikely.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    LargeBinary,
    MetaData,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Explicit constraint names keep Alembic migrations stable across SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

LANGUAGES = ("da", "en")
ACTIVITY_STATES = ("draft", "open", "closed")
# Moderation of what participants write (ideas, questions): shown, held for review, or hidden.
ENTRY_STATUSES = ("visible", "pending", "hidden")
# Presenter-paced: phones follow the presented activity. Self-paced: phones answer the open
# activities in their own order, like a survey.
PACES = ("presenter", "self_paced")


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


# SQLite would otherwise hand a deleted row's id to the next row, and an old answer naming a
# deleted theme (or a phone's unsent answer to a deleted activity) would attach to a new one.
NEVER_REUSE_IDS = {"sqlite_autoincrement": True}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Facilitator(Base):
    """A person who prepares and runs workshops. Logs in with email and password."""

    __tablename__ = "facilitators"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    # Part of every login cookie; raising it ends every session at once (sign out everywhere,
    # a new password).
    session_generation: Mapped[int] = mapped_column(default=0, server_default="0")
    # An admin invites facilitators to the server, disables accounts and resets passwords.
    is_admin: Mapped[bool] = mapped_column(default=False, server_default="0")
    # A disabled account cannot log in, and its sessions and API tokens stop working.
    disabled: Mapped[bool] = mapped_column(default=False, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    workshops: Mapped[list[Workshop]] = relationship(back_populates="facilitator")

    # Flask-Login's user protocol, kept here so the web layer needs no wrapper class.
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return not self.disabled

    # The secret of the login session being started (accounts.start_session); not stored.
    login_session: str = ""

    def get_id(self) -> str:
        """What the login cookie holds: "<id>.<session generation>.<session secret>" (see
        accounts.facilitator_for_login)."""
        return f"{self.id}.{self.session_generation}.{self.login_session}"


# Roles in a workshop's team, least first: each may do what the ones before it may.
TEAM_ROLES = ("moderator", "co_facilitator", "owner")


class WorkshopMember(Base):
    """A facilitator's role in one workshop's team (see facilitation/team.py)."""

    __tablename__ = "workshop_members"
    __table_args__ = (
        UniqueConstraint("workshop_id", "facilitator_id"),
        CheckConstraint("role IN ('moderator', 'co_facilitator', 'owner')", name="role"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    facilitator_id: Mapped[int] = mapped_column(ForeignKey("facilitators.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    facilitator: Mapped[Facilitator] = relationship()


class Invitation(Base):
    """A one-time link handed to a colleague: to join a workshop's team in a role (workshop_id
    and role set), to make an account on the server (neither set, from an admin), or to set a
    new password (facilitator_id set, from an admin). Only the SHA-256 hash of its secret is
    stored, as for login links."""

    __tablename__ = "invitations"
    __table_args__ = (
        CheckConstraint("role IS NULL OR role IN ('moderator', 'co_facilitator', 'owner')", name="role"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int | None] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    role: Mapped[str | None] = mapped_column(String(16))
    email: Mapped[str] = mapped_column(String(254))
    # For a password reset: whose password the link sets.
    facilitator_id: Mapped[int | None] = mapped_column(ForeignKey("facilitators.id", ondelete="CASCADE"))
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("facilitators.id", ondelete="SET NULL"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class ModerationEvent(Base):
    """Who did what to an idea or question (shown, hidden, approved, answered, highlighted,
    merged into a theme): staff-only, for the record."""

    __tablename__ = "moderation_events"
    __table_args__ = (Index("ix_moderation_events_workshop", "workshop_id", "id"), NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"))
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("responses.id", ondelete="SET NULL"))
    facilitator_id: Mapped[int | None] = mapped_column(ForeignKey("facilitators.id", ondelete="SET NULL"))
    # Kept as it was, so the record still says who it was after the account is gone.
    facilitator_email: Mapped[str] = mapped_column(String(254))
    action: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class FacilitatorSession(Base):
    """One browser's login: the cookie carries its secret, the database its hash, so logging
    out ends it on the server and a copy of the cookie stops working too."""

    __tablename__ = "facilitator_sessions"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    facilitator_id: Mapped[int] = mapped_column(ForeignKey("facilitators.id", ondelete="CASCADE"), index=True)
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]


class FacilitatorToken(Base):
    """A secret that stands for a facilitator: a one-time login link or an API token.

    Only a SHA-256 hash of the secret is stored.
    """

    __tablename__ = "facilitator_tokens"
    __table_args__ = (CheckConstraint("purpose IN ('login', 'api')", name="purpose"), NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(primary_key=True)
    facilitator_id: Mapped[int] = mapped_column(ForeignKey("facilitators.id", ondelete="CASCADE"))
    purpose: Mapped[str] = mapped_column(String(8))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None]
    used_at: Mapped[datetime | None]

    facilitator: Mapped[Facilitator] = relationship()


class Workshop(Base):
    """One live room: a title, a language, a join code and an ordered agenda of activities."""

    __tablename__ = "workshops"
    __table_args__ = (
        CheckConstraint("language IN ('da', 'en')", name="language"),
        CheckConstraint("pace IN ('presenter', 'self_paced')", name="pace"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    facilitator_id: Mapped[int] = mapped_column(ForeignKey("facilitators.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(2), default="da")
    join_code: Mapped[str] = mapped_column(String(12), unique=True)
    screen_secret: Mapped[str] = mapped_column(String(64))
    presented_activity_id: Mapped[int | None] = mapped_column(
        ForeignKey("activities.id", ondelete="SET NULL", use_alter=True)
    )
    pace: Mapped[str] = mapped_column(String(12), default="presenter", server_default="presenter")
    # Words that hold back an idea or question for the facilitator's review.
    blocked_words: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    # Questions asked when joining, to split results by group: [{"question", "options": [..],
    # "required": bool}].
    segments: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list, server_default="[]")
    # Who may come in: joining can be closed, and the room can have a size limit (None: none).
    joining_open: Mapped[bool] = mapped_column(default=True, server_default="1")
    max_participants: Mapped[int | None]
    # The participants' results page (the join link shows the results): off until published.
    results_published: Mapped[bool] = mapped_column(default=False, server_default="0")
    # Other sites that may show the screen in a frame (facilitation/embedding.py).
    embed_origins: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    # Branding (facilitation/branding.py): an accent colour "#rrggbb" (None: the default blue)
    # and a checked PNG/SVG logo; the logo's bytes are loaded only when the logo is served.
    accent_color: Mapped[str | None] = mapped_column(String(7))
    logo_type: Mapped[str | None] = mapped_column(String(20))
    logo_version: Mapped[str | None] = mapped_column(String(16))
    logo_data: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    facilitator: Mapped[Facilitator] = relationship(back_populates="workshops")
    activities: Mapped[list[Activity]] = relationship(
        back_populates="workshop",
        order_by="Activity.position",
        cascade="all, delete-orphan",
        foreign_keys="Activity.workshop_id",
    )
    themes: Mapped[list[Theme]] = relationship(
        back_populates="workshop", order_by="Theme.position", cascade="all, delete-orphan"
    )
    participants: Mapped[list[Participant]] = relationship(
        back_populates="workshop", cascade="all, delete-orphan"
    )


class Theme(Base):
    """A strategy theme that activities of the workshop can reuse."""

    __tablename__ = "themes"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(String(300), default="")
    # Where a theme came from when it was promoted from ideas: the activity, the ideas merged
    # into it, their texts and how many different people sent them.
    source: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    workshop: Mapped[Workshop] = relationship(back_populates="themes")


class Activity(Base):
    """One step of the agenda: a kind, a prompt, a JSON config and a state."""

    __tablename__ = "activities"
    __table_args__ = (
        CheckConstraint("state IN ('draft', 'open', 'closed')", name="state"),
        Index("ix_activities_workshop_position", "workshop_id", "position"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[str] = mapped_column(String(20))
    prompt: Mapped[str] = mapped_column(String(300))
    # The facilitator's speaker notes: shown on the dashboard only, never to the room.
    notes: Mapped[str] = mapped_column(String(2000), default="", server_default="")
    config: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(10), default="draft")
    results_revealed: Mapped[bool] = mapped_column(default=False)
    # A countdown on phones and the screen; with timer_closes, the activity closes at zero.
    timer_ends_at: Mapped[datetime | None]
    timer_closes: Mapped[bool] = mapped_column(default=False, server_default="0")
    # The segment question whose groups the results are shown split by, side by side.
    split_by: Mapped[str | None] = mapped_column(String(120))
    # An earlier run of the same question (this workshop or another of the team's) whose
    # results this one is compared with (facilitation/comparisons.py).
    compared_with_id: Mapped[int | None] = mapped_column(ForeignKey("activities.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    workshop: Mapped[Workshop] = relationship(
        back_populates="activities", foreign_keys=[workshop_id]
    )


class Participant(Base):
    """Someone who joined a workshop from a phone. Anonymous unless they give a display name.

    `public_id` is the random identity kept in the phone's signed cookie.
    """

    __tablename__ = "participants"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    display_name: Mapped[str] = mapped_column(String(40), default="")
    # Answers to the workshop's segment questions: {question: option}.
    segments: Mapped[dict[str, str]] = mapped_column(JSON, default=dict, server_default="{}")
    # The single-use nonce of the join form this participant was made with: the same form sent
    # again (a double tap, or a script replaying it) finds this participant instead of a new one.
    join_nonce: Mapped[str | None] = mapped_column(String(64), unique=True)
    joined_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    workshop: Mapped[Workshop] = relationship(back_populates="participants")


class Response(Base):
    """One participant's answer to one activity.

    `slot` is 0 for kinds that allow one answer per participant, which the unique constraint on
    (activity, participant, slot) then enforces; kinds that collect several answers from one
    participant (ideas, questions) number them. `request_id` is the phone's id for the request
    that wrote the answer, so a retried request is recognised and not counted again.
    """

    __tablename__ = "responses"
    __table_args__ = (
        # Also serves as the index for reading an activity's responses.
        UniqueConstraint("activity_id", "participant_id", "slot"),
        # A retried request finds the entry it wrote, and can never write a second one.
        UniqueConstraint("activity_id", "participant_id", "request_id"),
        CheckConstraint("status IN ('visible', 'pending', 'hidden')", name="status"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    slot: Mapped[int] = mapped_column(default=0)
    answer: Mapped[dict[str, Any]] = mapped_column(JSON)
    request_id: Mapped[str] = mapped_column(String(64))
    # Moderation and Q&A state of entries of collecting kinds (ideas, questions).
    status: Mapped[str] = mapped_column(String(10), default="visible", server_default="visible")
    answered: Mapped[bool] = mapped_column(default=False, server_default="0")
    highlighted: Mapped[bool] = mapped_column(default=False, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class AnswerRequest(Base):
    """A request id that stored a participant's answer to an activity, kept after a newer answer
    replaced it, so that a late retry of an older request is recognised and changes nothing."""

    __tablename__ = "answer_requests"
    __table_args__ = (UniqueConstraint("activity_id", "participant_id", "request_id"), NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    request_id: Mapped[str] = mapped_column(String(64))


class Upvote(Base):
    """A participant's vote for someone's question in a Q&A; one per participant and question."""

    __tablename__ = "upvotes"
    __table_args__ = (UniqueConstraint("response_id", "participant_id"), NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ActivityReset(Base):
    """A reset of an activity's answers: when, and how many answers and votes it removed.

    Kept for the record. While `undo_until` lies ahead, the removed rows wait in
    `reset_held_rows` and the reset can be undone; after it they are deleted for good and
    `undo_until` becomes None."""

    __tablename__ = "activity_resets"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"), index=True)
    reset_at: Mapped[datetime] = mapped_column(default=utcnow)
    answers_removed: Mapped[int] = mapped_column(default=0)
    votes_removed: Mapped[int] = mapped_column(default=0)
    undo_until: Mapped[datetime | None]


class HeldRow(Base):
    """One removed row (an answer, an upvote, a kept request id) held for a reset's undo window:
    its table and its columns as JSON. Goes with its participant, its reset and its activity."""

    __tablename__ = "reset_held_rows"
    __table_args__ = (
        CheckConstraint("table_name IN ('responses', 'upvotes', 'answer_requests')", name="table_name"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reset_id: Mapped[int] = mapped_column(ForeignKey("activity_resets.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    table_name: Mapped[str] = mapped_column(String(20))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
