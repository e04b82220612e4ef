"""pytest settings for the whole repository: how ``./run test`` shares the tests among workers.

``./run test`` runs pytest-xdist workers. Each test file stays on one worker (its module
fixtures, such as a fork's build or the notebooks' kernels, run once, and a page's examples share
one namespace), except the files in :data:`SPREAD`, whose tests each open their own page in a
browser and are dealt out one by one: they are most of the suite's time.

The tests that need the built site run last, so that while one worker builds it the others
have work that does not wait for it (the engine, the page examples, the benchmarks' quick runs).
"""

from __future__ import annotations

import pytest

#: Test files whose tests go to whichever worker is free (they share nothing costly).
SPREAD = {"tests/site/test_browser.py", "tests/site/test_a11y.py"}


#: Fixtures that mean "after the site build".
NEEDS_THE_SITE = {"site_build", "built_site"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # A stable sort: every worker collects the same order, as pytest-xdist requires.
    items.sort(key=lambda item: bool(NEEDS_THE_SITE & set(getattr(item, "fixturenames", ()))))


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist: only called when it runs workers
def pytest_xdist_make_scheduler(config, log):
    from xdist.scheduler import LoadScopeScheduling

    class FileOrTest(LoadScopeScheduling):
        """pytest-xdist's ``loadscope``, with a file as the scope, or the test itself in SPREAD."""

        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::")[0]
            return nodeid if path in SPREAD else path

    config.option.loadscopereorder = False  # keep the order above: the site's tests last
    return FileOrTest(config, log)
