"""What several server processes share through Redis (MESSAGE_QUEUE; docs/deploy.md).

One process needs none of this: `Live` keeps everything in memory. With MESSAGE_QUEUE set, every
process has one `Cluster`:

- **Changes.** Each broadcaster tick publishes the activities and workshops that changed in this
  process (one message a tick, whatever the vote rate) on one channel. Every other process marks
  them dirty and, on its own next tick, reads the tally from the shared database and sends it to
  *its own* clients. A tally is read after the change was committed and announced, so the last
  tally each screen gets is exact whichever process stored the vote (a tally computed by one
  process and relayed to all could arrive after a newer one from another process).
- **Commands.** "Disconnect the link screens of workshop 7" and the like are published too;
  every process carries them out for the connections it holds.
- **Presence.** Each process keeps the participants connected to it in a Redis set per
  workshop, refreshed with an expiry; the count is the union over processes, so a participant
  with tabs on two processes counts once, and the set of a killed process expires.
- **Sockets per participant.** The connection ids of a participant, over all processes, in a
  sorted set, so the cap of SOCKETS_PER_PARTICIPANT holds across processes.

Redis calls are made from the event loop (eventlet or gevent patch the sockets), never from the
OS threads that read the database.
"""

from __future__ import annotations

import json
import logging
import time
import uuid

import redis

log = logging.getLogger(__name__)

CHANNEL = "facilitation:changes"
# A process refreshes its presence sets every HEARTBEAT seconds; a set lives PRESENCE_TTL seconds
# unrefreshed, so the participants of a killed process stop counting within that time.
HEARTBEAT = 5.0
PRESENCE_TTL = 15
SOCKETS_TTL = 24 * 3600
COUNT_SECONDS = 1.0


def redis_client(url: str, max_connections: int = 64) -> redis.Redis:
    """A Redis client whose pool waits for a free connection instead of failing: a hall of 300
    phones joining at once queues for a moment rather than getting "Too many connections"."""
    pool = redis.BlockingConnectionPool.from_url(url, max_connections=max_connections, timeout=20)
    return redis.Redis(connection_pool=pool)


class Cluster:
    """This process's link to the others (see the module docstring)."""

    def __init__(self, url: str, client: redis.Redis | None = None):
        self.url = url
        self.redis = client or redis_client(url)
        self.process_id = uuid.uuid4().hex
        self._handlers: dict[str, callable] = {}
        self._heartbeat_at = 0.0
        self._counts: dict[int, tuple[float, int]] = {}  # workshop id: (when, participants)

    # --- changes and commands -----------------------------------------------------------------

    def on(self, kind: str, handler) -> None:
        """Call handler(message) for every message of this kind another process publishes."""
        self._handlers[kind] = handler

    def publish(self, kind: str, **fields) -> None:
        """Tell every other process (this one has acted already)."""
        self.redis.publish(CHANNEL, json.dumps({"kind": kind, "from": self.process_id, **fields}))

    def listen(self, sleep) -> None:
        """Run for ever (a background task): hand every other process's message to its handler.
        Reconnects after a Redis outage; `sleep` is the async mode's sleep."""
        while True:
            try:
                pubsub = self.redis.pubsub(ignore_subscribe_messages=True)
                pubsub.subscribe(CHANNEL)
                for raw in pubsub.listen():
                    self._dispatch(raw)
            except redis.RedisError:
                log.warning("lost the Redis channel; subscribing again", exc_info=True)
                sleep(1.0)

    def _dispatch(self, raw: dict) -> None:
        try:
            message = json.loads(raw["data"])
        except (TypeError, ValueError):
            return
        if message.get("from") == self.process_id:
            return
        handler = self._handlers.get(message.get("kind"))
        if handler is not None:
            try:
                handler(message)
            except Exception:  # one bad message must not stop the listener
                log.exception("cluster message %s failed", message.get("kind"))

    # --- presence -----------------------------------------------------------------------------

    def _presence_key(self, workshop_id: int, process_id: str | None = None) -> str:
        return f"presence:{workshop_id}:{process_id or self.process_id}"

    def participant_online(self, workshop_id: int, participant_id: int) -> None:
        """The participant's first connection to this process opened."""
        key = self._presence_key(workshop_id)
        pipe = self.redis.pipeline()
        pipe.sadd(key, participant_id)
        pipe.expire(key, PRESENCE_TTL)
        pipe.sadd(f"presence:{workshop_id}:processes", self.process_id)
        pipe.execute()

    def participant_offline(self, workshop_id: int, participant_id: int) -> None:
        """The participant's last connection to this process closed."""
        self.redis.srem(self._presence_key(workshop_id), participant_id)

    def connected_participants(self, workshop_id: int, fresh: bool = False) -> int:
        """Distinct participants connected to any live process. Counted in Redis at most once a
        COUNT_SECONDS per workshop unless `fresh` (the broadcaster's tick after a change): every
        phone's sync asks too, and a hall of them syncs at once."""
        now = time.monotonic()
        cached = self._counts.get(workshop_id)
        if not fresh and cached is not None and now - cached[0] < COUNT_SECONDS:
            return cached[1]
        processes = [p.decode() for p in self.redis.smembers(f"presence:{workshop_id}:processes")]
        keys = [self._presence_key(workshop_id, p) for p in processes]
        count = 0
        if keys:
            union = f"presence:{workshop_id}:union:{self.process_id}"
            pipe = self.redis.pipeline()
            for key in keys:
                pipe.exists(key)
            pipe.sunionstore(union, keys)
            pipe.delete(union)
            *alive, count, _ = pipe.execute()
            gone = [p for p, exists in zip(processes, alive) if not exists]
            if gone:  # processes that stopped (or have nobody now): forget them
                self.redis.srem(f"presence:{workshop_id}:processes", *gone)
        self._counts[workshop_id] = (now, count)
        return count

    def heartbeat(self, participants: dict) -> None:
        """Keep this process's presence sets alive and right ({workshop id: participant ids
        connected here}; called every tick, acts every HEARTBEAT s). Written whole, so they are
        right again after a Redis restart too."""
        now = time.monotonic()
        if now - self._heartbeat_at < HEARTBEAT:
            return
        self._heartbeat_at = now
        pipe = self.redis.pipeline()
        for workshop_id, participant_ids in participants.items():
            key = self._presence_key(workshop_id)
            pipe.delete(key)  # the pipeline is one transaction: nobody sees the set missing
            if participant_ids:
                pipe.sadd(key, *participant_ids)
                pipe.expire(key, PRESENCE_TTL)
                pipe.sadd(f"presence:{workshop_id}:processes", self.process_id)
        pipe.execute()

    # --- a participant's connections -------------------------------------------------------------

    def socket_opened(self, participant_id: int, sid: str) -> None:
        """Record a participant's new connection (to this process)."""
        key = f"sockets:{participant_id}"
        pipe = self.redis.pipeline()
        pipe.zadd(key, {sid: time.time()})
        pipe.expire(key, SOCKETS_TTL)
        pipe.execute()

    def participant_sockets(self, participant_id: int) -> list[str]:
        """A participant's connections on every process, oldest first."""
        return [sid.decode() for sid in self.redis.zrange(f"sockets:{participant_id}", 0, -1)]

    def socket_closed(self, participant_id: int, sid: str) -> None:
        """Forget a connection that closed, or that was cut (its process may be gone, so it
        would never say it closed)."""
        self.redis.zrem(f"sockets:{participant_id}", sid)
