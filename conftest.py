"""pytest settings for the whole repository: how ``./run test`` shares the tests among workers.

``./run test`` runs pytest-xdist workers. Each test file stays on one worker (its module
fixtures, such as a fork's build or the notebooks' kernels, run once, and a page's examples share
one namespace), except the files in :data:`SPREAD`, whose tests each open their own page in a
browser and are dealt out one by one: they are most of the suite's time.
"""

from __future__ import annotations

import pytest

#: Test files whose tests go to whichever worker is free (they share nothing costly).
SPREAD = {"tests/site/test_browser.py", "tests/site/test_a11y.py"}


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist: only called when it runs workers
def pytest_xdist_make_scheduler(config, log):
    from xdist.scheduler import LoadScopeScheduling

    class FileOrTest(LoadScopeScheduling):
        """pytest-xdist's ``loadscope``, with a file as the scope, or the test itself in SPREAD."""

        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::")[0]
            return nodeid if path in SPREAD else path

    return FileOrTest(config, log)
