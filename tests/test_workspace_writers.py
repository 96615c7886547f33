"""Four writer processes at once, one killed mid-write: nothing lost, the log still reads."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from _workspace_project import make_project

from sensemaking.workspace import Workspace

N = 25
WRITER = """
import os, sys, time
import sensemaking as sm
root, author, tag, n, torn = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
ws = sm.open_project(root).workspace
for i in range(n):
    ws.vote("T01", 1, by=author, reason=f"{tag}-{i}")
if torn == "yes":
    real_write = os.write
    def half_then_hang(fd, data):
        real_write(fd, bytes(data[: len(data) // 2]))
        print("TORN", flush=True)
        time.sleep(600)
    os.write = half_then_hang
    ws.vote("T01", 1, by=author, reason=f"{tag}-torn")
"""


def _writer(root, author, tag, torn=False, n=N):
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(root), author, tag, str(n), "yes" if torn else "no"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _wait_for_torn(proc, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if line.strip() == "TORN":
            return
        if not line and proc.poll() is not None:
            pytest.fail(f"writer ended before the torn write: {proc.stderr.read()[-2000:]}")
    pytest.fail("writer never reached the torn write")


@pytest.mark.slow
def test_four_writers_one_killed_mid_write(tmp_path):
    project = make_project(tmp_path / "proj")
    writers = [_writer(project.root, "alice", "a"), _writer(project.root, "bob", "b1"),
               _writer(project.root, "bob", "b2")]  # two processes share bob's log
    killed = _writer(project.root, "dan", "d", torn=True)
    _wait_for_torn(killed)
    os.kill(killed.pid, signal.SIGKILL)
    killed.wait(timeout=30)
    for proc in writers:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err[-2000:]

    ws = Workspace(project)
    history = ws.history()
    votes = history[history["kind"] == "vote"]
    expected = {f"{tag}-{i}" for tag in ("a", "b1", "b2", "d") for i in range(N)}
    assert set(votes["reason"]) == expected and len(votes) == len(expected)
    assert ws.resolved().set_index("theme_id").at["T01", "votes"] == 4 * N
    assert ws.problems == [(f"events-dan.jsonl, line {N + 1}: torn last line "
                           "(a writer stopped mid-write); skipped")]
    assert len(history[history["kind"] == "run"]) >= 1

    again = _writer(project.root, "dan", "d2", n=2)  # dan starts again after the crash
    _, err = again.communicate(timeout=120)
    assert again.returncode == 0, err[-2000:]
    ws = Workspace(project)
    assert ws.resolved().set_index("theme_id").at["T01", "votes"] == 4 * N + 2
    assert ws.problems == [(f"events-dan.jsonl, line {N + 1}: unreadable line (cut off by a "
                           "stopped writer, or edited); skipped")]
