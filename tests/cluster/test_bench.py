"""`make bench BENCH_ARGS="--servers 2"` (bench/load.py, bench/cluster.py) in a tiny configuration:
20 phones, two processes behind HAProxy beside one, on the cluster tests' PostgreSQL. Checks what
it reports: every phone connected, every answer acknowledged, the exact tally on a screen attached
to each process, and CPU and peak RSS per server process. Never its timings."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.server import ROOT

pytestmark = pytest.mark.live

PHONES = 20


def test_the_cluster_bench_reports_exact_tallies_and_per_process_figures(cluster_database, tmp_path):
    figures = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "load.py"), "--servers", "2", "--scenario", "burst,qa",
         "--burst-phones", str(PHONES), "--room-phones", str(PHONES), "--duration", "3", "--workers", "2",
         "--json", str(figures)],
        cwd=ROOT, env={**os.environ, "BENCH_DATABASE_URL": cluster_database},
        capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]

    runs = json.loads(figures.read_text())["runs"]
    assert sorted((run["scenario"], run["servers"]) for run in runs) == [
        ("burst", 1), ("burst", 2), ("qa", 1), ("qa", 2)]
    for run in runs:
        where = f"{run['scenario']} on {run['servers']} process(es)"
        assert run["failed"] is None and run["problems"] == [], where
        assert run["connected"] == PHONES and run["errors"] == {} and run["setup_errors"] == {}, where
        if run["scenario"] == "burst":
            assert run["ok"] == {"vote": PHONES}, where
        else:
            # Upvotes too, unless asking took the whole scenario on a busy machine.
            assert run["ok"]["question"] == PHONES, where
        # The exact tally reached the screen attached to each process.
        assert len(run["tally_ms_per_screen"]) == run["servers"], where
        processes = run["processes"]
        assert len(processes) == run["servers"], where
        # HAProxy balanced the joins over every process; each phone counted once.
        assert sum(p["phones"] for p in processes) == PHONES and all(p["phones"] > 0 for p in processes), where
        for process in processes:
            assert process["cpu"] >= 0 and process["peak_rss_kib"] >= process["rss_connected_kib"] > 0, where
        assert set(run["helpers_cpu"]) == {"HAProxy", "Redis", "PostgreSQL"}, where
        assert all(cpu is not None and cpu >= 0 for cpu in run["helpers_cpu"].values()), where

    # The table shows the ratio to one process and each process's own figures.
    assert "1 process gevent | 2 processes gevent |   2/1" in done.stdout
    assert "process 2: peak RSS" in done.stdout and "process 2: CPU in the scenario (s)" in done.stdout
    assert done.stdout.count("OK, every phone connected, every answer acked") == 4
