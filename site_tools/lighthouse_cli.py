"""The command line of ``scripts/lighthouse.py``: arguments in, :mod:`site_tools.lighthouse` called.

Examples
--------
>>> import tempfile
>>> site = Path(tempfile.mkdtemp())
>>> _ = (site / "index.html").write_text("<html></html>")   # a built site has its home page
>>> args = parse_args(["--site", str(site), "--runs", "3", "--pages", "zh/layers/", ""])
>>> args.site == site, args.runs, args.pages
(True, 3, ['zh/layers/', ''])
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from site_tools import lighthouse
from site_tools.paths import REPO


def parse_args(argv: list[str] | None = None, description: str | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="lighthouse.py", description=description)
    parser.add_argument("--site", type=Path, help="a built site to measure (default: build one now)")
    parser.add_argument(
        "--runs", type=int, default=3, help="Lighthouse runs per page; the median is kept (3)"
    )
    parser.add_argument(
        "--pages",
        nargs="+",
        metavar="PAGE",
        help="only these pages, as paths under the site root ('' is the home page, "
        "zh/layers/ the Chinese layers page); the results are then not written",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=lighthouse.RESULTS_FILE,
        help=f"the results file ({lighthouse.RESULTS_FILE.relative_to(REPO)})",
    )
    parser.add_argument("--reports", type=Path, help="also keep every full Lighthouse report in this folder")
    parser.add_argument(
        "--chrome",
        default=os.environ.get("CHROME_PATH", "/usr/bin/chromium"),
        help="the Chromium to drive (CHROME_PATH, else /usr/bin/chromium)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="measure nothing: read the results file and exit 1 if a page misses the aim",
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error(f"--runs must be at least 1, got {args.runs}")
    if args.site is not None and not (args.site / "index.html").is_file():
        parser.error(f"--site {args.site}: not a built site (no index.html there)")
    if not args.check and not Path(args.chrome).is_file():
        parser.error(f"no Chromium at {args.chrome} (set --chrome or CHROME_PATH)")
    return args


def build_site(into: Path) -> Path:
    """``mkdocs build --strict`` into ``into``/site; the site folder."""
    site = into / "site"
    print("building the site (mkdocs build --strict) ...", file=sys.stderr)
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)],
        cwd=REPO,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
    )
    if done.returncode != 0:
        raise lighthouse.LighthouseError(f"the site build failed (exit {done.returncode})")
    return site


def report_aim(results: dict) -> int:
    """Print the pages that miss the aim; 0 when none does, else 1."""
    misses = lighthouse.shortfalls(results)
    for line in misses:
        print(f"below the aim: {line}", file=sys.stderr)
    pages = results["pages"]
    worst = min(pages, key=lambda page: pages[page]["performance"])
    print(
        f"{len(pages)} pages; lowest performance {pages[worst]['performance']} (/{worst}); "
        f"load average {results['load_average']['start'][0]} at the start, "
        f"{results['load_average'].get('end', ['?'])[0]} at the end",
        file=sys.stderr,
    )
    return 1 if misses else 0


def main(argv: list[str] | None = None, description: str | None = None) -> int:
    args = parse_args(argv, description)
    # Stopped with SIGTERM (kill), leave no Lighthouse behind: SystemExit stops the run that waits.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        if args.check:
            return report_aim(lighthouse.read_results(args.output))
        command = lighthouse.lighthouse_command()
        with tempfile.TemporaryDirectory(prefix="lighthouse-site-") as tmp:
            site = args.site if args.site is not None else build_site(Path(tmp))
            pages = args.pages if args.pages is not None else lighthouse.site_pages(site)
            results = lighthouse.measure(
                site,
                pages,
                args.runs,
                command,
                args.chrome,
                report=lambda line: print(line, file=sys.stderr, flush=True),
                keep_reports=args.reports,
            )
        if args.pages is None:
            lighthouse.write_results(results, args.output)
            print(f"wrote {args.output}", file=sys.stderr)
        return report_aim(results)
    except lighthouse.LighthouseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
