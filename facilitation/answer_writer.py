"""The writer of answers and votes: one per process, many submissions per commit, off the event loop.

When a facilitator says "vote now", hundreds of phones send in the same second. Each handler
hands its submission to the writer and waits; the writer takes everything waiting (up to
MAX_BATCH), stores it in one transaction with one fsync (facilitation/answers.py), then wakes each
handler with its own outcome. While a commit runs, the next batch gathers: the busier the room,
the more votes share a commit. An acknowledgement still means "committed".

The transaction runs in an OS thread (eventlet's tpool, gevent's threadpool), so the event loop
keeps serving every other socket during the fsync. That thread uses a database engine of its
own, which nothing on the event loop touches: the green locks of a pool shared with the loop
must never be waited on from another thread.

Failures:
- a fault of the machine (a full disk, a locked or read-only file: storage.failure_kind) refuses
  the whole batch: nothing of it was stored, nothing is acknowledged as stored, and each handler
  gets the error (the phones keep their answers and send them again);
- anything else (a constraint another process's write broke, an unexpected error) makes the
  writer store each submission of the batch on its own, so that only the failing one is refused.

Who hears about what a batch stored: after its commit, each activity it changed is marked dirty
once (facilitation/changes.py), and the broadcaster sends its tally on the next tick.

Flask-free: the web layer passes in the concurrency primitives of its async mode (`Concurrency`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from sqlalchemy.exc import IntegrityError

from . import changes, storage
from .answers import Answer, Vote, store_answers, store_one, store_votes
from .db import Database
from .errors import DomainError

MAX_BATCH = 500


@dataclass(frozen=True)
class Concurrency:
    """What the writer needs of the server's async mode (eventlet, gevent or threading)."""

    start_background_task: Callable
    create_queue: Callable
    queue_empty: type
    create_event: Callable
    run_in_thread: Callable  # run_in_thread(function, *args): its result, the loop serving meanwhile


def thread_runner(async_mode: str) -> Callable:
    """A function that runs `function(*args)` in an OS thread and returns its result (or raises
    its exception) without blocking the event loop of `async_mode`."""
    if async_mode == "eventlet":
        from eventlet import tpool

        return tpool.execute
    if async_mode == "gevent":
        import gevent

        def run_in_gevent_thread(function, *args):
            # The exception comes back as a value: gevent's threadpool would also print the
            # traceback of a task that raised, and a full disk must log one line, not one per batch.
            def capture():
                try:
                    return function(*args), None
                except BaseException as error:  # re-raised in the caller's greenlet below
                    return None, error

            result, error = gevent.get_hub().threadpool.apply(capture)
            if error is not None:
                raise error
            return result

        return run_in_gevent_thread
    return lambda function, *args: function(*args)  # threading: handlers are OS threads already


@dataclass(frozen=True)
class Job:
    """Another short write that shares the writer's commit rather than blocking the event loop
    with one of its own: `work(session)` (a participant joining). It runs in a savepoint of the
    batch's transaction; its DomainError refuses it alone. Once more if a unique constraint
    refused it (the same join form sent twice at once): the second run finds what the first made."""

    work: Callable


def _run_job(session, job: Job):
    for attempt in (1, 2):
        try:
            with session.begin_nested():
                return job.work(session)
        except DomainError as error:
            return error
        except IntegrityError as error:
            if attempt == 2:
                return error


@dataclass
class _Waiting:
    submission: Answer | Vote | Job
    done: Any
    outcome: Any = None
    error: BaseException | None = field(default=None)


class AnswerWriter:
    """Stores answers and votes for one process, in batches."""

    def __init__(self, database: Database, concurrency: Concurrency, max_batch: int = MAX_BATCH):
        self.database = database
        self.concurrency = concurrency
        self.max_batch = max_batch
        self._queue = None
        self.batches = 0  # how many transactions stored submissions
        self.storing = 0  # how many submissions the transaction now running holds

    def submit(self, submission: Answer | Vote | Job):
        """Store one answer or vote, or run one job, and return its outcome (the stored answer,
        the vote's count, what the job returned) once it is committed. Raises the DomainError
        that refused it, or the database error (a storage fault) that kept its batch from being
        stored."""
        if self._queue is None:
            self._queue = self.concurrency.create_queue()
            self.concurrency.start_background_task(self._run)
        waiting = _Waiting(submission, self.concurrency.create_event())
        self._queue.put(waiting)
        waiting.done.wait()
        if waiting.error is not None:
            raise waiting.error
        return waiting.outcome

    def _run(self) -> None:
        while True:
            batch = [self._queue.get()]
            while len(batch) < self.max_batch:
                try:
                    batch.append(self._queue.get_nowait())
                except self.concurrency.queue_empty:
                    break
            self.storing = len(batch)
            try:
                self._store(batch)
            except BaseException as error:  # never leave a handler waiting
                for waiting in batch:
                    if waiting.outcome is None and waiting.error is None:
                        waiting.error = error
            self.storing = 0
            for waiting in batch:
                waiting.done.set()

    def _store(self, batch: list[_Waiting]) -> None:
        run = self.concurrency.run_in_thread
        try:
            outcomes = run(self._store_batch, [waiting.submission for waiting in batch])
        except Exception as error:
            if storage.failure_kind(error) is not None:
                for waiting in batch:
                    waiting.error = error
                return
            for waiting in batch:
                try:
                    waiting.outcome = run(self._store_alone, waiting.submission)
                except Exception as alone_error:
                    waiting.error = alone_error
            return
        for waiting, outcome in zip(batch, outcomes):
            if isinstance(outcome, Exception):
                waiting.error = outcome
            else:
                waiting.outcome = outcome

    def _store_batch(self, submissions: list) -> list:
        """In the writer's thread: store every submission in one transaction."""
        answers = [(i, s) for i, s in enumerate(submissions) if isinstance(s, Answer)]
        votes = [(i, s) for i, s in enumerate(submissions) if isinstance(s, Vote)]
        jobs = [(i, s) for i, s in enumerate(submissions) if isinstance(s, Job)]
        outcomes: list = [None] * len(submissions)
        with self.database.transaction() as session:
            if answers:
                for (index, _), outcome in zip(answers, store_answers(session, [s for _, s in answers])):
                    outcomes[index] = outcome
            if votes:
                for (index, _), outcome in zip(votes, store_votes(session, [s for _, s in votes])):
                    outcomes[index] = outcome
            for index, job in jobs:
                outcomes[index] = _run_job(session, job)
            _record_tallies(session, submissions, outcomes)
        self.batches += 1
        return outcomes

    def _store_alone(self, submission: Answer | Vote | Job):
        """In the writer's thread: store one submission in a transaction of its own."""
        with self.database.transaction() as session:
            if isinstance(submission, Job):
                outcome = _run_job(session, submission)
                if isinstance(outcome, Exception):
                    raise outcome
                return outcome
            outcome = store_one(session, submission)
            _record_tallies(session, [submission], [outcome])
            return outcome


def _record_tallies(session, submissions: list, outcomes: list) -> None:
    """Record on the session which activities' tallies the stored answers and votes changed
    (they are written by bulk SQL, which the session does not see): one entry per activity,
    whatever the size of the batch; after the commit the broadcaster marks each dirty once."""
    tallies = changes.recorded(session).tallies
    for submission, outcome in zip(submissions, outcomes):
        if isinstance(outcome, Exception):
            continue
        if isinstance(submission, Answer):
            tallies.add(submission.activity_id)
        elif isinstance(submission, Vote):
            tallies.add(outcome["activity_id"])
