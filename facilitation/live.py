"""Real-time fan-out: who is connected, and the broadcaster that sends changed tallies.

A vote never broadcasts. It marks its activity dirty; a background task wakes every
BROADCAST_INTERVAL seconds, recomputes the tally of each dirty activity once and sends it once to
the workshop's staff room (dashboard and screen), and to its phones room only when the results are
revealed. The cost of a vote is O(1); the cost of the live picture is O(dirty activities) per tick
whatever the vote rate.

Nobody calls the broadcaster by hand: every watched database (`Live.watch`) hands it what each
commit changed (facilitation/changes.py). A committed change to a workshop, its agenda or its
themes is announced at once with `announce_workshop` (such changes are rare: open, close,
present, reveal); a committed answer or vote marks its activity dirty; a join or leave marks the
workshop's counts dirty. Commits made in an OS thread (the answer writer's, the tick's own) never
emit from there: their changes wait in a queue for the next tick, on the event loop.

Phones get a changed tally at most every `phone_interval` seconds (what a person reading a
phone needs, and what venue Wi-Fi can carry for hundreds of phones); the last change is never
dropped, only sent when that interval has passed. What a phone receives is what it shows
(kinds.phone_results: the top of a long list of questions).
"""

from __future__ import annotations

import logging
import time
from collections import Counter, deque
from dataclasses import dataclass

from . import changes
from .changes import Changes
from .db import Database
from .socket_guard import ThrottledLog
from .models import Activity, Workshop
from . import landscape_view, resets, room, workshops
from .kinds import get_kind, phone_results

log = logging.getLogger(__name__)

PARTICIPANT, FACILITATOR, SCREEN = "participant", "facilitator", "screen"


def facilitators_room(workshop_id: int) -> str:
    """Dashboards of a workshop: they get everything, moderation included."""
    return f"workshop-{workshop_id}-facilitators"


def screens_room(workshop_id: int) -> str:
    """Projector screens of a workshop: they get what the room may see."""
    return f"workshop-{workshop_id}-screens"


def phones_room(workshop_id: int) -> str:
    return f"workshop-{workshop_id}-phones"


def participant_room(workshop_id: int, participant_id: int) -> str:
    """Every connection of one participant (a phone may have several tabs open)."""
    return f"workshop-{workshop_id}-participant-{participant_id}"


@dataclass(frozen=True)
class Connection:
    """Who is on the other end of one Socket.IO connection."""

    role: str
    workshop_id: int
    participant_id: int | None = None
    facilitator_id: int | None = None
    language: str = "da"
    # A dashboard's or facilitator's screen's role in the workshop's team (team.py), as it was
    # when it connected; changing or ending the role disconnects it (web/team.py).
    team_role: str | None = None


class Pacer:
    """Sends of one kind (a tally to phones, a landscape to screens), each key at most once every
    `interval` seconds; a change that came too soon waits for its turn and is never dropped."""

    def __init__(self):
        self.sent_at: dict[int, float] = {}
        self.waiting: set[int] = set()

    def _turn_came(self, key: int, now: float, interval: float) -> bool:
        return now - self.sent_at.get(key, float("-inf")) >= interval

    def due(self, key: int, now: float, interval: float) -> bool:
        """Whether `key` may be sent now (then counted as sent); if not, it waits."""
        if self._turn_came(key, now, interval):
            self.sent_at[key] = now
            self.waiting.discard(key)
            return True
        self.waiting.add(key)
        return False

    def ready(self, now: float, interval: float) -> set[int]:
        """The waiting keys whose turn has come."""
        return {key for key in self.waiting if self._turn_came(key, now, interval)}

    def forget(self, key: int) -> None:
        """`key` need not be sent any more (its activity or landscape is gone)."""
        self.waiting.discard(key)


class Live:
    """The per-process registry of connections and the dirty-set broadcaster. With a `cluster`
    (several processes, facilitation/cluster.py) each tick also tells the other processes what
    changed here, and recomputes what changed there for this process's own clients."""

    def __init__(self, socketio, database: Database, interval: float, phone_interval: float = 2.0,
                 run_in_thread=None, tick_database: Database | None = None, cluster=None):
        self.socketio = socketio
        self.cluster = cluster
        self._changed_elsewhere: tuple[set[int], set[int]] = (set(), set())  # activities, workshops
        if cluster is not None:
            cluster.on("changes", self._changes_elsewhere)
        self.database = database
        # A tick's reads and its timer check run in an OS thread (run_in_thread), so the event
        # loop keeps serving sockets meanwhile; that thread has a database engine of its own
        # (see facilitation/answer_writer.py for why).
        self._run_in_thread = run_in_thread or (lambda function, *args: function(*args))
        self._tick_database = tick_database or database
        self.interval = interval
        self.phone_interval = phone_interval
        # The state every phone of a workshop shares, as last sent to phones (None: not kept, as
        # with several processes, where another process may have announced a change).
        self._phone_states: dict[int, tuple[float, dict]] | None = {}
        self._phones_paced = Pacer()  # an activity's tally to its phones
        self.connections: dict[str, Connection] = {}
        self._participant_sockets: dict[int, Counter] = {}
        self._sids_of_participant: dict[int, list[str]] = {}
        self._dirty_activities: set[int] = set()
        self._dirty_presence: set[int] = set()
        # What commits made in OS threads changed, taken on the next tick (deque: thread-safe).
        self._committed_in_threads: deque[Changes] = deque()
        # Workshops whose answers cannot be stored now: {workshop id: {"kind", "refused"}}.
        self.storage_failures: dict[int, dict] = {}
        self._storage_recovered: set[int] = set()
        self._tick_log = ThrottledLog(log, interval=60.0)
        self._task = None
        # The landscape on the screens (facilitation/landscape_view.py), by workshop: the activity
        # presented when it was put up (presenting another one takes it down) and the segment
        # question it is split by. Kept in this process only.
        self._screen_landscapes: dict[int, dict] = {}
        # Recomputing it costs a tally of each prioritisation, so screens get it at most every
        # phone_interval, paced as phones are.
        self._landscape_paced = Pacer()

    # --- connections --------------------------------------------------------------------

    def connected(self, sid: str, connection: Connection) -> None:
        self.connections[sid] = connection
        if connection.role == PARTICIPANT:
            sockets = self._participant_sockets.setdefault(connection.workshop_id, Counter())
            sockets[connection.participant_id] += 1
            if self.cluster is not None:
                if sockets[connection.participant_id] == 1:
                    self.cluster.participant_online(connection.workshop_id, connection.participant_id)
                self.cluster.socket_opened(connection.participant_id, sid)
            self._sids_of_participant.setdefault(connection.participant_id, []).append(sid)
            self._dirty_presence.add(connection.workshop_id)
        self.ensure_running()

    def disconnected(self, sid: str) -> None:
        connection = self.connections.pop(sid, None)
        if connection is None or connection.role != PARTICIPANT:
            return
        sockets = self._participant_sockets.get(connection.workshop_id, Counter())
        sockets[connection.participant_id] -= 1
        if sockets[connection.participant_id] <= 0:
            del sockets[connection.participant_id]
            if self.cluster is not None:
                self.cluster.participant_offline(connection.workshop_id, connection.participant_id)
        if self.cluster is not None:
            self.cluster.socket_closed(connection.participant_id, sid)
        sids = self._sids_of_participant.get(connection.participant_id, [])
        if sid in sids:
            sids.remove(sid)
        if not sids:
            self._sids_of_participant.pop(connection.participant_id, None)
        self._dirty_presence.add(connection.workshop_id)

    def connected_participants(self, workshop_id: int, fresh: bool = False) -> int:
        """Distinct participants with at least one open connection (to any process, with a
        cluster; then at most a second old unless `fresh`)."""
        if self.cluster is not None:
            return self.cluster.connected_participants(workshop_id, fresh)
        return len(self._participant_sockets.get(workshop_id, ()))

    def participant_sids(self, participant_id: int) -> list[str]:
        """A participant's connections, oldest first (on every process, with a cluster)."""
        if self.cluster is not None:
            return self.cluster.participant_sockets(participant_id)
        return list(self._sids_of_participant.get(participant_id, ()))

    def sids_of(self, workshop_id: int) -> list[str]:
        """Every connection to this workshop (phones, dashboards, screens)."""
        return [sid for sid, c in self.connections.items() if c.workshop_id == workshop_id]

    def facilitator_sids(self, workshop_id: int, facilitator_id: int) -> list[str]:
        """One facilitator's dashboards and screens of one workshop, in this process."""
        return [sid for sid, c in self.connections.items()
                if c.workshop_id == workshop_id and c.facilitator_id == facilitator_id]

    def screen_sids(self, workshop_id: int) -> list[str]:
        return [
            sid
            for sid, c in self.connections.items()
            if c.role == SCREEN and c.workshop_id == workshop_id and c.facilitator_id is None
        ]

    # --- changes --------------------------------------------------------------------------

    def watch(self, database: Database, in_thread: bool = False) -> None:
        """Hear what every commit of `database` changed (facilitation/changes.py). With
        `in_thread` its transactions run in an OS thread (the answer writer's, the tick's), from
        which nothing may be emitted: their changes are taken on the next tick."""
        changes.watch(database, self._committed_in_thread if in_thread else self.committed)

    def committed(self, changed: Changes) -> None:
        """Changes that were just committed, on the event loop: announce the changed workshops
        now (and tell phones of a reset, authors of their moderated entries); mark changed tallies
        and counts for the next tick."""
        self._dirty_activities.update(changed.tallies)
        self._dirty_presence.update(changed.presence)
        for workshop_id in sorted(changed.workshops | {workshop_id for workshop_id, _, _ in changed.resets}):
            self.announce_workshop(workshop_id)
        for workshop_id, activity_id, undone in changed.resets:
            self.socketio.emit("answers_reset", {"activity_id": activity_id, "undone": undone},
                               to=phones_room(workshop_id))
        for workshop_id, participant_id, activity_id, entry in changed.entries.values():
            self.entry_changed(workshop_id, participant_id, activity_id, entry)
        if changed.resets:
            self.ensure_running()  # its tick deletes the held answers when the undo time has passed

    def _committed_in_thread(self, changed: Changes) -> None:
        self._committed_in_threads.append(changed)

    def _take_committed_in_threads(self) -> None:
        while True:
            try:
                changed = self._committed_in_threads.popleft()
            except IndexError:
                return
            self.committed(changed)

    def storage_failed(self, workshop_id: int, kind: str) -> None:
        """An answer could not be stored (storage.failure_kind): dashboards show a banner."""
        failure = self.storage_failures.setdefault(workshop_id, {"kind": kind, "refused": 0})
        failure["kind"] = kind
        failure["refused"] += 1

    def storage_ok(self, workshop_id: int) -> None:
        """An answer was stored: a storage banner, if any, clears on the next tick."""
        if workshop_id in self.storage_failures:
            del self.storage_failures[workshop_id]
            self._storage_recovered.add(workshop_id)

    def show_landscape(self, workshop: Workshop, split_by: str | None = None) -> None:
        """Put the workshop's landscape on its screens, over the activity presented now, split by
        `split_by` (a segment question, checked by the caller), and announce the workshop: the
        landscape is kept here, not in the database, so no commit announces it."""
        self._screen_landscapes[workshop.id] = {"over": workshop.presented_activity_id, "split_by": split_by}
        self.announce_workshop(workshop.id)

    def hide_landscape(self, workshop_id: int) -> None:
        """Take the landscape off the workshop's screens, and announce the workshop."""
        self._screen_landscapes.pop(workshop_id, None)
        self.announce_workshop(workshop_id)

    def landscape_shown(self, workshop: Workshop) -> dict | None:
        """``{"split_by"}`` while the landscape is on the workshop's screens, else None."""
        shown = self._screen_landscapes.get(workshop.id)
        if shown is None or shown["over"] != workshop.presented_activity_id:
            return None
        return {"split_by": shown["split_by"]}

    def screen_landscape(self, session, workshop: Workshop) -> dict | None:
        """What the screens show of the landscape now (only revealed results), or None."""
        shown = self.landscape_shown(workshop)
        if shown is None:
            return None
        questions = [item["question"] for item in workshop.segments or []]
        split_by = shown["split_by"] if shown["split_by"] in questions else None
        return landscape_view.landscape_view(session, workshop, landscape_view.translator(workshop.language),
                                             for_screen=True, split_by=split_by)

    def announce_workshop(self, workshop_id: int) -> None:
        """Send the new state of a workshop now: the full view to dashboards, the public view to
        screens, the shared phone state to phones."""
        with self.database.reading() as session:
            workshop = session.get(Workshop, workshop_id)
            if workshop is None:
                return
            connected = self.connected_participants(workshop_id)
            dashboards = {**workshops.staff_view(session, workshop), "connected": connected}
            screens = {**workshops.screen_view(dashboards), "landscape": self.screen_landscape(session, workshop)}
            phones = workshops.phone_state(session, workshop)
        self._keep_phone_state(workshop_id, phones)
        self.socketio.emit("workshop", dashboards, to=facilitators_room(workshop_id))
        self.socketio.emit("workshop", screens, to=screens_room(workshop_id))
        self.socketio.emit("state", phones, to=phones_room(workshop_id))

    # A change committed where no one announces it (another process on the same database, the
    # CLI) reaches a newly connected phone within this.
    PHONE_STATE_SECONDS = 5.0

    def keep_phone_states(self, keep: bool) -> None:
        """Keep the phones' shared state between announcements (one process), or not (several
        processes behind a message queue: a change announced by another process would be missed)."""
        self._phone_states = {} if keep else None

    def phone_state(self, session, workshop: Workshop) -> dict:
        """The state every phone of the workshop shares (workshops.phone_state), as last
        announced, its results updated each tick: a thousand phones reconnecting at once after a
        restart cost one computation, not a thousand."""
        if self._phone_states is None:
            return workshops.phone_state(session, workshop)
        kept = self._phone_states.get(workshop.id)
        if kept is None or time.monotonic() - kept[0] > self.PHONE_STATE_SECONDS:
            kept = (time.monotonic(), workshops.phone_state(session, workshop))
            self._phone_states[workshop.id] = kept
        return kept[1]

    def _keep_phone_state(self, workshop_id: int, state: dict) -> None:
        if self._phone_states is not None:
            self._phone_states[workshop_id] = (time.monotonic(), state)

    def _keep_phone_results(self, workshop_id: int, activity_id: int, results: dict) -> None:
        """A new tally of an activity whose results phones see: the kept state gets it (as a new
        dict, never changed in place: it may be on its way to a phone)."""
        kept = self._phone_states.get(workshop_id) if self._phone_states is not None else None
        if kept is not None and str(activity_id) in kept[1]["results"]:
            state = {**kept[1], "results": {**kept[1]["results"], str(activity_id): results}}
            self._phone_states[workshop_id] = (kept[0], state)

    def entry_changed(self, workshop_id: int, participant_id: int, activity_id: int, entry: dict) -> None:
        """Tell the author's phones at once what moderation did to their idea or question."""
        self.socketio.emit("entry", {"activity_id": activity_id, "entry": entry},
                           to=participant_room(workshop_id, participant_id))

    # --- the broadcaster -------------------------------------------------------------------

    def ensure_running(self) -> None:
        if self._task is None:
            self._task = self.socketio.start_background_task(self._run)
            if self.cluster is not None:
                self.socketio.start_background_task(self.cluster.listen, self.socketio.sleep)

    def _changes_elsewhere(self, message: dict) -> None:
        """Another process stored votes or saw people come and go: recompute on the next tick."""
        activities, presence = self._changed_elsewhere
        activities.update(int(a) for a in message.get("activities", ()))
        presence.update(int(w) for w in message.get("presence", ()))

    def _run(self) -> None:
        while True:
            self.socketio.sleep(self.interval)
            try:
                self.flush()
            except Exception:  # the loop must survive a bad tick; the next one retries
                # Throttled: a fault that lasts (a full disk) must not write a traceback per tick.
                self._tick_log.warning("tick", "broadcast tick failed", exc_info=True)

    def flush(self) -> None:
        """End countdowns that reached zero, delete what expired resets held, then send every
        pending tally and presence count once."""
        self._run_in_thread(self._expire)
        self._take_committed_in_threads()  # the countdowns that ended, the answers stored since
        # While answers cannot be stored, dashboards hear it every tick (one opened meanwhile too).
        emits = [("storage", {"failing": True, **failure}, facilitators_room(workshop_id))
                 for workshop_id, failure in list(self.storage_failures.items())]
        recovered, self._storage_recovered = self._storage_recovered, set()
        emits += [("storage", {"failing": False}, facilitators_room(workshop_id)) for workshop_id in recovered]
        for event, payload, to in emits:
            self.socketio.emit(event, payload, to=to)
        activity_ids, self._dirty_activities = self._dirty_activities, set()
        presence_ids, self._dirty_presence = self._dirty_presence, set()
        if self.cluster is not None:
            self.cluster.heartbeat({w: list(sockets) for w, sockets in self._participant_sockets.items()})
            if activity_ids or presence_ids:
                self.cluster.publish("changes", activities=sorted(activity_ids), presence=sorted(presence_ids))
            (activities, presence), self._changed_elsewhere = self._changed_elsewhere, (set(), set())
            activity_ids, presence_ids = activity_ids | activities, presence_ids | presence
        if activity_ids or presence_ids or self._phones_paced.waiting or self._landscape_paced.waiting:
            # Counted here, not in the reading thread: with a cluster the count comes from Redis.
            counts = {w: self.connected_participants(w, fresh=True) for w in presence_ids}
            # Every process sends to its own clients (ignore_queue), each from its own read.
            for event, payload, to in self._run_in_thread(self._changes, activity_ids, presence_ids, counts):
                self.socketio.emit(event, payload, to=to, ignore_queue=self.cluster is not None)

    def _expire(self) -> None:
        """End countdowns that reached zero (their workshops are announced after the commit),
        and delete for good what resets held once their time to undo has passed."""
        with self._tick_database.reading() as session:
            if not workshops.timers_due(session) and not resets.purge_due(session):
                return  # the usual tick: no write transaction, no wait for the answer writer
        with self._tick_database.transaction() as session:
            for workshop_id in workshops.expire_timers(session):  # bulk SQL: recorded here
                changes.workshop_changed(session, workshop_id)
            resets.purge_expired(session)

    def _changes(self, activity_ids: set[int], presence_ids: set[int], counts: dict[int, int]) -> list[tuple]:
        """The tallies of changed activities (for phones, also those whose turn came) and the
        counts of changed workshops, as (event, payload, room) to emit; read in one short
        transaction."""
        emits = []
        now = time.monotonic()
        with self._tick_database.reading() as session:
            for activity_id in activity_ids | self._phones_paced.ready(now, self.phone_interval):
                activity = session.get(Activity, activity_id)
                if activity is None:
                    self._phones_paced.forget(activity_id)
                    continue
                tally = workshops.results(session, activity)
                shown = workshops.phones_see_results(activity)
                kind = get_kind(activity.kind)
                if activity_id in activity_ids:
                    emits.append(("results", {"activity_id": activity.id, "results": tally},
                                  facilitators_room(activity.workshop_id)))
                    # "shown" says which view of the tally this is: a screen drops a message
                    # that disagrees with the activity's state it knows (one read before a
                    # reveal or hide may arrive after the workshop event that carried it).
                    emits.append(("results", {"activity_id": activity.id, "shown": shown,
                                              "results": workshops.screen_results(kind, tally, shown)},
                                  screens_room(activity.workshop_id)))
                if shown:
                    for_phones = phone_results(kind, activity.config, tally)
                    self._keep_phone_results(activity.workshop_id, activity.id, for_phones)
                    if self._phones_paced.due(activity_id, now, self.phone_interval):
                        emits.append(("results", {"activity_id": activity.id, "results": for_phones},
                                      phones_room(activity.workshop_id)))
            for workshop_id in presence_ids:
                workshop = session.get(Workshop, workshop_id)
                if workshop is None:
                    continue
                payload = {
                    "connected": counts[workshop_id],
                    "joined": workshops.joined_count(session, workshop_id),
                }
                # Dashboards also learn about joining: open or closed, the limit, join bursts.
                emits.append(("presence", {**payload, "room": room.room_view(session, workshop)},
                              facilitators_room(workshop_id)))
                emits.append(("presence", payload, screens_room(workshop_id)))
            # A landscape on the screens follows the answers of its prioritisations (and only
            # theirs: it costs a tally of each, so votes elsewhere do not recompute it).
            changed = {activity.workshop_id for activity_id in (activity_ids if self._screen_landscapes else ())
                       if (activity := session.get(Activity, activity_id)) is not None
                       and landscape_view.on_screen(activity)}
            for workshop_id in changed | self._landscape_paced.ready(now, self.phone_interval):
                workshop = session.get(Workshop, workshop_id)
                if workshop is None or not self.landscape_shown(workshop):
                    self._landscape_paced.forget(workshop_id)
                elif self._landscape_paced.due(workshop_id, now, self.phone_interval):
                    emits.append(("landscape", self.screen_landscape(session, workshop), screens_room(workshop_id)))
        # Emitted by the caller, outside the database session, so the read transaction is short.
        return emits
