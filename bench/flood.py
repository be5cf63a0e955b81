"""Flood benchmark: one participant's socket floods the real server while another phone votes.

    .venv/bin/python bench/flood.py [--seconds 5] [--async-mode eventlet|gevent] [--frame respond|unknown|malformed]

Starts `python app.py` on a fresh instance (one open, presented poll), connects an honest phone
(python-socketio) and a hostile one (a raw websocket, tests/live/raw.py) that joined the same way.

1. Quiet: the honest phone votes every 0.5 s for --seconds (the baseline of this run).
2. Flood: the hostile phone sends frames as fast as one Python client can for --seconds, and
   reconnects at once whenever the server cuts it off; the honest phone keeps voting.
3. After: how long until `GET /` answers, and the honest phone's votes once more.

Prints the honest phone's ack latency (p50/p95/max) in each phase and the flood/quiet ratio, the
votes refused, what the hostile client managed to send and how often it was cut off, the server's
memory before, at its peak during, and after the flood, and the server log's size. Exit status 1
when an honest vote was refused or lost.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402
import socketio  # noqa: E402

from tests.live.raw import RawSocket  # noqa: E402
from tests.server import ServerProcess, join_cookie, prepare_instance  # noqa: E402

POLL = {"options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}, {"id": "c", "label": "C"}], "max_choices": 1}


def rss_mib(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:  # the process is gone
        pass
    return float("nan")


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


class HonestPhone:
    """Votes every `interval` seconds, alternating its answer; records each ack's latency."""

    def __init__(self, url: str, code: str, poll_id: int):
        self.poll_id = poll_id
        self.client = socketio.Client(reconnection=False)
        self.client.connect(url, headers={"Cookie": join_cookie(url, code)},
                            auth={"role": "participant", "workshop": code}, transports=["websocket"], wait_timeout=10)
        self.number = 0

    def vote_for(self, seconds: float, interval: float = 0.5) -> tuple[list[float], list[dict]]:
        latencies, refused = [], []
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.number += 1
            started = time.monotonic()
            try:
                ack = self.client.call("respond", {"activity_id": self.poll_id,
                                                   "answer": {"choices": ["ab"[self.number % 2]]},
                                                   "request_id": f"honest-{self.number}"}, timeout=30)
            except socketio.exceptions.SocketIOError as error:  # no ack in 30 s, or the connection dropped
                ack = {"ok": False, "error": {"code": type(error).__name__}}
            latencies.append((time.monotonic() - started) * 1000)
            if not ack.get("ok"):
                refused.append(ack)
            time.sleep(max(0.0, interval - (time.monotonic() - started)))
        return latencies, refused


def flood(url: str, cookie: str, code: str, frame_kind: str, poll_id: int, seconds: float, report: dict) -> None:
    """Send frames as fast as possible; reconnect at once when cut off."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            raw = RawSocket(url, cookie, code, timeout=5)
        except Exception:
            report["connect_failures"] += 1
            continue
        if not raw.connected:
            report["connects_refused"] += 1
            raw.close()
            continue
        report["connections"] += 1
        frame = {
            "respond": raw.event("respond", {"activity_id": poll_id, "answer": {"choices": ["c"]}, "request_id": "x"}, 1),
            "unknown": raw.event("no-such-event", {"x": 1}),
            "malformed": '42["respond", {broken',
        }[frame_kind]
        while time.monotonic() < deadline and raw.send(frame):
            report["frames_sent"] += 1
        raw.close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--async-mode", default="eventlet", choices=["eventlet", "gevent"])
    parser.add_argument("--frame", default="respond", choices=["respond", "unknown", "malformed"])
    args = parser.parse_args(argv)

    folder = Path(tempfile.mkdtemp(prefix="flood-"))
    try:
        facts = prepare_instance(folder / "instance", POLL)
        server = ServerProcess(folder / "instance", async_mode=args.async_mode).start()
        try:
            honest = HonestPhone(server.url, facts["code"], facts["poll_id"])
            hostile_cookie = join_cookie(server.url, facts["code"])
            rss_before = rss_mib(server.process.pid)
            quiet, quiet_refused = honest.vote_for(args.seconds)

            report = {"connections": 0, "frames_sent": 0, "connects_refused": 0, "connect_failures": 0}
            peak = [rss_before]
            stop = threading.Event()

            def sample_memory():
                while not stop.is_set():
                    peak.append(rss_mib(server.process.pid))
                    time.sleep(0.1)

            sampler = threading.Thread(target=sample_memory)
            attacker = threading.Thread(target=flood, args=(server.url, hostile_cookie, facts["code"], args.frame,
                                                            facts["poll_id"], args.seconds, report))
            sampler.start()
            attacker.start()
            during, during_refused = honest.vote_for(args.seconds)
            attacker.join()
            flood_ended = time.monotonic()
            while True:
                try:
                    if requests.get(server.url + "/", timeout=30).status_code == 200:
                        break
                except requests.RequestException:
                    pass
            answered_after = (time.monotonic() - flood_ended) * 1000
            after, after_refused = honest.vote_for(3.0)
            stop.set()
            sampler.join()
            rss_after = rss_mib(server.process.pid)
            if honest.client.connected:
                honest.client.disconnect()
            log_lines = server.log().count("\n")
        finally:
            server.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    def row(name, values):
        return f"| {name} | {len(values)} | {percentile(values, .5):.1f} | {percentile(values, .95):.1f} | {max(values):.1f} |"

    print(f"\nFlood of `{args.frame}` frames from one participant for {args.seconds:.0f} s ({args.async_mode}):\n")
    print("| honest phone | votes | p50 ms | p95 ms | max ms |")
    print("| --- | --- | --- | --- | --- |")
    print(row("quiet (baseline)", quiet))
    print(row("during the flood", during))
    print(row("after the flood", after))
    print(f"\n- flood/quiet p95 ratio: {percentile(during, .95) / percentile(quiet, .95):.2f}×")
    refused = quiet_refused + during_refused + after_refused
    print(f"- honest votes refused: {len(refused)} {refused[:2] if refused else ''}")
    print(f"- hostile client: {report['frames_sent']:,} frames written into {report['connections']} connections; "
          f"{report['connects_refused']} connects refused, {report['connect_failures']} failed")
    print(f"- `GET /` answered {answered_after:.0f} ms after the flood ended")
    print(f"- server RSS: {rss_before:.0f} MiB before, {max(peak):.0f} MiB at the peak, {rss_after:.0f} MiB after "
          f"(+{max(peak) - rss_before:.0f} MiB)")
    print(f"- server log: {log_lines} lines")
    return 1 if refused else 0


if __name__ == "__main__":
    sys.exit(main())
