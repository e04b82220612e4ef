"""pytest settings for the whole repository: how ``./run test`` shares the tests among workers.

``./run test`` runs pytest-xdist workers with ``--dist loadgroup``. Each test file stays on one
worker (its module fixtures, such as a fork's build or the notebooks' kernels, run once, and a
page's examples share one namespace), except the files in :data:`SPREAD`, whose tests each open
their own page in a browser and are dealt out one by one: they are most of the suite's time.
"""

from __future__ import annotations

import pytest

#: Test files whose tests go to whichever worker is free (they share nothing costly).
SPREAD = {"tests/site/test_browser.py", "tests/site/test_a11y.py"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        path = item.nodeid.split("::")[0]
        if path not in SPREAD:
            item.add_marker(pytest.mark.xdist_group(path))
