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


def test_serve_banner_shows_the_address_with_the_sites_path(built_site):
    # After the session's build (built_site), which draws into the same docs/assets.
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


TEST_ONLY = ("pytest", "hypothesis", "sybil", "playwright", "axe_playwright_python", "ruff", "autocorrect_py")
BLOCKED_BUILD = """
import importlib.abc, importlib.util, sys
from types import SimpleNamespace

class TestOnly(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {blocked!r}:
            raise ImportError(f"the build imported the test-only package {{name}}")

sys.meta_path.insert(0, TestOnly())
spec = importlib.util.spec_from_file_location("site_hooks", "docs/hooks/site_hooks.py")
hooks = importlib.util.module_from_spec(spec)
spec.loader.exec_module(hooks)
page = SimpleNamespace(file=SimpleNamespace(src_uri="chain-rule.md", locale=None), url="chain-rule/")
class Config(dict):  # MkDocs' config: read as config.docs_dir and as config["docs_dir"]
    __getattr__ = dict.__getitem__

config = Config(docs_dir="docs", site_url="https://example.org/", repo_url="https://example.org/repo")
markdown = "# T\\n\\nIt costs [[value buy_apple.price]] ([[bench grad_n_max]]).\\n\\n[[glossary]]\\n"
markdown += "\\n```python\\n>>> 1 + 1\\n2\\n```\\n"
out = hooks.on_page_markdown(markdown, page=page, config=config, files=None)
assert "It costs 220" in out and "chain-rule.ipynb" in out, out
print("built without the test stack")
"""


def test_the_build_needs_only_the_docs_extra():
    """./run build and ./run serve install .[docs]: the hooks import nothing of the test stack."""
    import sys
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    assert not [d for d in extras["docs"] if d.split(">")[0].split("<")[0].replace("-", "_") in TEST_ONLY]
    text = (REPO / "run").read_text(encoding="utf-8")
    for command, extra in (("serve", "docs"), ("build", "docs"), ("test", "test")):
        block = text[text.index(f"  {command})\n") :]
        assert block.splitlines()[2].strip().startswith(f"ensure_venv {extra}"), (command, block[:120])
    proc = subprocess.run(
        [sys.executable, "-c", BLOCKED_BUILD.format(blocked=TEST_ONLY)],
        capture_output=True, text=True, timeout=300, cwd=REPO,
    )  # fmt: skip
    assert proc.returncode == 0 and "built without the test stack" in proc.stdout, proc.stderr
