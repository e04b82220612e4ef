"""The test session's site build: started in the background as soon as the tests are collected.

Most of the site's tests need the site built with ``mkdocs build --strict`` (about 15 s, 25 s on
a fresh clone, which draws every diagram), and the engine's tests and the pages' examples do
not. So the build does not wait for the first test that needs it: when a run has collected a
test that needs the site, the first pytest process to get here starts the build in a process of
its own, and the tests that need no site run meanwhile on every worker (the root conftest.py
sends them out first). Under pytest-xdist the workers share one build.

The build holds an exclusive lock on ``site-build.lock`` in the run's shared folder from start
to end, and writes ``site-build.json`` (where the site is, the exit code, the log) when it is
done: :func:`result` takes the lock, so it waits for a build under way, and builds in this
process only when nobody started one.

``python tests/site/shared_build.py SHARED`` is that process: it runs the build and writes the
record (the lock comes from its parent, already taken).
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
LOCK, RECORD, SITE = "site-build.lock", "site-build.json", "site"


def build(shared: Path) -> dict:
    """Run the strict build into ``shared/site``; write and return its record."""
    site_dir = shared / SITE
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONUNBUFFERED="1")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=900,
    )  # fmt: skip
    record = {"site_dir": str(site_dir), "returncode": proc.returncode, "log": proc.stdout}
    partial = shared / (RECORD + ".part")
    partial.write_text(json.dumps(record), encoding="utf-8")
    partial.replace(shared / RECORD)  # whole or absent: a reader never sees half of it
    return record


def start(shared: Path) -> subprocess.Popen | None:
    """Start the build in the background unless it is under way or done; the process, if started."""
    shared.mkdir(parents=True, exist_ok=True)
    with open(shared / LOCK, "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return None  # another process is building
        if (shared / RECORD).exists():
            return None
        # The child inherits the locked file: the lock is held until the child exits, after
        # this `with` has closed our copy of it.
        return subprocess.Popen([sys.executable, __file__, str(shared)], cwd=REPO, pass_fds=(lock.fileno(),))


def result(shared: Path) -> dict:
    """The build's record: waits for a build under way, builds here when none was started."""
    shared.mkdir(parents=True, exist_ok=True)
    with open(shared / LOCK, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not (shared / RECORD).exists():
            return build(shared)
        return json.loads((shared / RECORD).read_text(encoding="utf-8"))


if __name__ == "__main__":
    build(Path(sys.argv[1]))
