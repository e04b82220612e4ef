"""The README's ./run as a newcomer meets it: a busy port or an unwritable site folder gives one
line and no traceback; the serve banner shows the address the pages are really at."""

from __future__ import annotations

import os
import signal
import socket
import subprocess

from site_tools.paths import REPO
from site_tools.site_config import site_config

RUN = str(REPO / "run")


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([RUN, *args], capture_output=True, text=True, timeout=300, cwd=REPO)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_build_into_an_unwritable_folder_is_one_line(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    proc = _run("build", "-d", str(blocker / "site"))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr + proc.stdout
    (line,) = proc.stderr.strip().splitlines()
    assert f"cannot write the site to {blocker / 'site'}" in line and "choose another folder with -d" in line


def test_serve_on_a_busy_port_is_one_line():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = _run("serve", "-a", f"127.0.0.1:{port}")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    (line,) = proc.stderr.strip().splitlines()
    assert f"cannot serve on 127.0.0.1:{port}: the port is in use" in line
    assert f"./run serve -a 127.0.0.1:{port + 1}" in line


def test_serve_banner_shows_the_address_with_the_sites_path():
    port = _free_port()
    proc = subprocess.Popen(
        [RUN, "serve", "-a", f"127.0.0.1:{port}"],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        banner = ""
        for _ in range(50):  # "installing …" lines come first when pyproject.toml changed
            banner = proc.stderr.readline()
            if "serving the site" in banner or not banner:
                break
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)
    path = site_config().site_path  # site_url's path in mkdocs.yml
    assert f"serving the site on http://127.0.0.1:{port}{path} " in banner
    assert f"http://127.0.0.1:{port}{path}zh/" in banner
