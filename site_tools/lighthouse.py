"""Page speed on a phone: Lighthouse on every page of the built site, in both languages.

Lighthouse (from npm, pinned to :data:`LIGHTHOUSE_VERSION`, installed into ``.cache/lighthouse``)
drives Debian's Chromium in its default mode, a mid-range phone on a slow 4G network (simulated
throttling). The site is served gzip-compressed under its sub-path, as GitHub Pages serves it
(:mod:`site_tools.gzip_server`). For each page it records the four category scores, total
blocking time (TBT) and largest contentful paint (LCP), each the median of ``runs`` runs, and the
machine's load average: Lighthouse times the page's work on this machine's CPU, so a busy
machine gives lower scores. ``scripts/lighthouse.py`` is the command; the results live in
``benchmarks/results/lighthouse.json``.

Examples
--------
>>> report = {
...     "categories": {"performance": {"score": 0.97}, "accessibility": {"score": 1},
...                    "best-practices": {"score": 1}, "seo": {"score": 1}},
...     "audits": {"total-blocking-time": {"numericValue": 85.4},
...                "largest-contentful-paint": {"numericValue": 2101.7}},
... }
>>> summarize(report)
{'performance': 97, 'accessibility': 100, 'best_practices': 100, 'seo': 100, 'tbt_ms': 85, 'lcp_ms': 2102}
>>> shortfalls({"pages": {"zh/layers/": {"performance": 93, "accessibility": 100,
...     "best_practices": 100, "seo": 100}}}, minimum={"performance": 95})
['zh/layers/: performance 93 < 95']
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from site_tools.paths import REPO, RESULTS

#: Lighthouse from npm. 12.2.3 is the last release that installs cleanly on Node 20 here.
LIGHTHOUSE_VERSION = "12.2.3"
#: Where npm installs it (git-ignored).
LIGHTHOUSE_DIR = REPO / ".cache" / "lighthouse"
#: The committed results.
RESULTS_FILE = RESULTS / "lighthouse.json"
#: Chrome's flags: headless, and no sandbox (containers and CI run as root).
CHROME_FLAGS = "--headless=new --no-sandbox"
#: The categories, as Lighthouse names them and as the results name them.
CATEGORIES = {
    "performance": "performance",
    "accessibility": "accessibility",
    "best-practices": "best_practices",
    "seo": "seo",
}
#: The metrics kept beside the scores, in milliseconds.
METRICS = {"total-blocking-time": "tbt_ms", "largest-contentful-paint": "lcp_ms"}
#: The aim: every page at least this in every category.
AIM = {"performance": 95, "accessibility": 100, "best_practices": 100, "seo": 100}


class LighthouseError(RuntimeError):
    """Lighthouse could not be installed or run, or a results file is not what it should be."""


# ----------------------------------------------------------------------------------------------
# The pages, and one Lighthouse report
# ----------------------------------------------------------------------------------------------


def site_pages(site: Path) -> list[str]:
    """Every page of a built site, both languages, as paths under the site root (``zh/layers/``).

    Examples
    --------
    >>> import tempfile
    >>> site = Path(tempfile.mkdtemp())
    >>> for page in ("index.html", "zh/index.html", "layers/index.html", "assets/x/index.html"):
    ...     (site / page).parent.mkdir(parents=True, exist_ok=True)
    ...     _ = (site / page).write_text("<p></p>", encoding="utf-8")
    >>> site_pages(site)
    ['', 'layers/', 'zh/']
    """
    if not (site / "index.html").is_file():
        raise LighthouseError(f"{site} is not a built site (it has no index.html)")
    pages = []
    for path in sorted(site.rglob("index.html")):
        rel = path.relative_to(site).as_posix()
        if not rel.startswith("assets/"):
            pages.append(rel.removesuffix("index.html"))
    return sorted(pages)


def summarize(report: dict) -> dict[str, int]:
    """The scores (0-100) and the metrics (ms, rounded) of one Lighthouse JSON report."""
    try:
        summary = {
            ours: round(100 * report["categories"][theirs]["score"]) for theirs, ours in CATEGORIES.items()
        }
        summary |= {ours: round(report["audits"][theirs]["numericValue"]) for theirs, ours in METRICS.items()}
    except (KeyError, TypeError) as exc:
        raise LighthouseError(f"a Lighthouse report without {exc}: did a category fail to run?") from None
    return summary


def median_summary(runs: list[dict[str, int]]) -> dict[str, int]:
    """Each score and metric's median over ``runs`` (rounded to whole numbers).

    Examples
    --------
    >>> median_summary([{"performance": 90, "tbt_ms": 300}, {"performance": 97, "tbt_ms": 80},
    ...                 {"performance": 95, "tbt_ms": 120}])
    {'performance': 95, 'tbt_ms': 120}
    """
    if not runs:
        raise LighthouseError("no runs to summarize")
    return {key: round(statistics.median(run[key] for run in runs)) for key in runs[0]}


def shortfalls(results: dict, minimum: dict[str, int] = AIM) -> list[str]:
    """Each page and score below ``minimum``, as ``"zh/layers/: performance 93 < 95"``."""
    return [
        f"{page}: {key} {scores[key]} < {least}"
        for page, scores in results["pages"].items()
        for key, least in minimum.items()
        if scores[key] < least
    ]


# ----------------------------------------------------------------------------------------------
# Installing and running Lighthouse
# ----------------------------------------------------------------------------------------------


def lighthouse_command(folder: Path = LIGHTHOUSE_DIR, install: bool = True) -> list[str]:
    """The command that runs the pinned Lighthouse, installing it with npm first when missing."""
    package = folder / "node_modules" / "lighthouse" / "package.json"
    installed = json.loads(package.read_text(encoding="utf-8"))["version"] if package.is_file() else None
    if installed != LIGHTHOUSE_VERSION:
        if not install:
            raise LighthouseError(f"Lighthouse {LIGHTHOUSE_VERSION} is not installed in {folder}")
        npm = shutil.which("npm")
        if npm is None:
            raise LighthouseError("npm is not on PATH: install Node.js (Debian: apt-get install nodejs npm)")
        folder.mkdir(parents=True, exist_ok=True)
        print(f"installing lighthouse@{LIGHTHOUSE_VERSION} into {folder} with npm ...", file=sys.stderr)
        done = subprocess.run(
            [
                npm,
                "install",
                "--prefix",
                str(folder),
                "--no-save",
                "--no-audit",
                "--no-fund",
                f"lighthouse@{LIGHTHOUSE_VERSION}",
            ],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise LighthouseError(
                f"npm install lighthouse@{LIGHTHOUSE_VERSION} failed:\n{done.stderr[-2000:]}"
            )
    node = shutil.which("node")
    if node is None:
        raise LighthouseError("node is not on PATH: install Node.js (Debian: apt-get install nodejs)")
    return [node, str(folder / "node_modules" / "lighthouse" / "cli" / "index.js")]


def run_lighthouse(command: list[str], url: str, chrome: str) -> dict:
    """One Lighthouse run on ``url`` in its default (mobile) mode: the JSON report."""
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        out = Path(tmp) / "report.json"
        # In a process group of its own, so that an interrupted run can end it and its Chromium.
        process = subprocess.Popen(
            [
                *command,
                url,
                "--output=json",
                f"--output-path={out}",
                "--quiet",
                f"--chrome-flags={CHROME_FLAGS}",
                "--only-categories=" + ",".join(CATEGORIES),
            ],
            env=dict(os.environ, CHROME_PATH=chrome, TMPDIR=tmp),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        try:
            _, stderr = process.communicate(timeout=600)
        except BaseException:
            # SIGINT: Lighthouse's Chrome launcher then ends the Chromium it started (in a
            # process group of Chromium's own); what is still there after 10 s is killed.
            os.killpg(process.pid, signal.SIGINT)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            raise
        done = subprocess.CompletedProcess(process.args, process.returncode, None, stderr)
        if done.returncode != 0 or not out.is_file():
            raise LighthouseError(
                f"Lighthouse failed on {url} (exit {done.returncode}):\n{done.stderr[-2000:]}"
            )
        report = json.loads(out.read_text(encoding="utf-8"))
    if report.get("runtimeError"):
        raise LighthouseError(f"Lighthouse could not load {url}: {report['runtimeError'].get('message')}")
    return report


def chromium_version(chrome: str) -> str:
    """``Chromium 156.0.8078.114`` (what ``chrome --version`` says, first two words)."""
    done = subprocess.run([chrome, "--version"], capture_output=True, text=True, timeout=60)
    return " ".join(done.stdout.split()[:2]) or chrome


def measure(
    site: Path,
    pages: Iterable[str],
    runs: int,
    command: list[str],
    chrome: str,
    prefix: str = "/graphgrad/",
    report: Callable[[str], None] = print,
    keep_reports: Path | None = None,
) -> dict:
    """Lighthouse ``runs`` times on each page of ``site``, served gzip-compressed under ``prefix``.

    Returns the results (see :func:`write_results`); ``report`` gets one line per run, with the
    load average then. With ``keep_reports``, each run's full report is written there.
    """
    from site_tools.gzip_server import GzipSiteServer

    pages = list(pages)
    if runs < 1:
        raise LighthouseError(f"runs must be at least 1, got {runs}")
    results: dict = {
        "lighthouse": LIGHTHOUSE_VERSION,
        "browser": chromium_version(chrome),
        "mode": "mobile (Lighthouse's default: simulated slow 4G, 4x CPU slowdown)",
        "served": "gzip-compressed, from 127.0.0.1, under " + prefix,
        "runs_per_page": runs,
        "cpu_count": os.cpu_count(),
        "load_average": {"start": [round(x, 2) for x in os.getloadavg()]},
        "pages": {},
    }
    with GzipSiteServer(site, prefix) as server:
        for k, page in enumerate(pages, 1):
            one_page, loads = [], []
            for run in range(1, runs + 1):
                loads.append(round(os.getloadavg()[0], 2))
                full = run_lighthouse(command, server.base + page, chrome)
                one_page.append(summarize(full))
                if keep_reports is not None:
                    keep_reports.mkdir(parents=True, exist_ok=True)
                    name = (page.strip("/").replace("/", "_") or "home") + f".{run}.json"
                    (keep_reports / name).write_text(json.dumps(full), encoding="utf-8")
                last = one_page[-1]
                report(
                    f"[{k}/{len(pages)}] /{page} run {run}/{runs}: performance {last['performance']}, "
                    f"TBT {last['tbt_ms']} ms, LCP {last['lcp_ms'] / 1000:.1f} s "
                    f"(a11y {last['accessibility']}, best practices {last['best_practices']}, "
                    f"SEO {last['seo']}; load {loads[-1]})"
                )
            results["pages"][page] = median_summary(one_page) | {
                "performance_runs": [run["performance"] for run in one_page],
                "load_1min": loads,
            }
    results["load_average"]["end"] = [round(x, 2) for x in os.getloadavg()]
    return results


# ----------------------------------------------------------------------------------------------
# The results file
# ----------------------------------------------------------------------------------------------

#: Keys every page's entry has.
PAGE_KEYS = (*CATEGORIES.values(), *METRICS.values(), "performance_runs", "load_1min")


def write_results(results: dict, path: Path = RESULTS_FILE) -> None:
    """Write ``results`` as indented JSON, replacing ``path`` only once it is whole."""
    check_results(results, path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)


def read_results(path: Path = RESULTS_FILE) -> dict:
    """The results written by :func:`write_results`, checked; a clear error when they are not."""
    try:
        results = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LighthouseError(f"{path}: no such file (run scripts/lighthouse.py)") from None
    except json.JSONDecodeError as exc:
        raise LighthouseError(f"{path}: not JSON ({exc})") from None
    check_results(results, path)
    return results


def check_results(results: object, where: Path | str) -> None:
    """Raise :class:`LighthouseError` naming ``where`` unless ``results`` has what the file must hold."""
    if not isinstance(results, dict):
        raise LighthouseError(f"{where}: the results must be a JSON object")
    missing = [key for key in ("lighthouse", "runs_per_page", "load_average", "pages") if key not in results]
    if missing:
        raise LighthouseError(f"{where}: no {', '.join(missing)}")
    if not isinstance(results["pages"], dict) or not results["pages"]:
        raise LighthouseError(f"{where}: no pages")
    for page, entry in results["pages"].items():
        lacking = [key for key in PAGE_KEYS if key not in entry]
        if lacking:
            raise LighthouseError(f"{where}: page /{page} has no {', '.join(lacking)}")
