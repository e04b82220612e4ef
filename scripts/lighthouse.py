#!/usr/bin/env python
"""Page speed on a phone: Lighthouse (mobile) on every page of the site, in both languages.

Builds the site (or takes a built one with --site DIR), serves it gzip-compressed on
127.0.0.1 as GitHub Pages does, runs the pinned Lighthouse from npm (installed into
.cache/lighthouse on first use) with Debian's Chromium, --runs times per page, and writes
the median scores, TBT, LCP and the machine's load average to
benchmarks/results/lighthouse.json. Exits 1 when a page misses the aim (performance 95,
the other categories 100). Lighthouse times the pages on this machine's CPU: run it on a
quiet machine. About 13 s per page and run: three runs of 44 pages take half an hour.
"""

import os
import sys

# The site wing (site_tools/) sits at the repository root, beside this folder.
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path[:0] = [ROOT, os.path.join(ROOT, "src")]

from site_tools.lighthouse_cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(description=__doc__))
