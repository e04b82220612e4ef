"""pytest settings for the whole repository: the order of the tests, and how ``./run test``
shares them among workers.

Order: the tests that need no built site come first (the engine's, the pages' examples), while
the site is built in the background (tests/site/shared_build.py); then the other site tests,
the slow ones first; then the browser tests, which are many short ones: dealt out last, they
keep the workers' loads even at the end.

``./run test`` runs pytest-xdist workers. Each test file stays on one worker (its module
fixtures, such as a fork's build or the notebooks' kernels, run once, and a page's examples share
one namespace), except the files in :data:`SPREAD`, whose tests each open their own page in a
browser and are dealt out one by one: they are most of the suite's time. The files go out in
the order above (pytest-xdist's own order, the files with most tests first, is switched off).
"""

from __future__ import annotations

import pytest

#: Test files whose tests go to whichever worker is free (they share nothing costly).
SPREAD = {"tests/site/test_browser.py", "tests/site/test_a11y.py"}


def _file(item: pytest.Item) -> str:
    return item.nodeid.split("::")[0]


def pytest_configure(config: pytest.Config) -> None:
    if hasattr(config.option, "loadscopereorder"):  # pytest-xdist is installed
        config.option.loadscopereorder = False


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def scope(item: pytest.Item) -> str:
        return item.nodeid if _file(item) in SPREAD else _file(item)

    slow = {_file(item) for item in items if item.get_closest_marker("slow")}
    rank: dict[str, int] = {}
    for item in items:  # a file that needs the site anywhere waits for it: it goes after
        if "site_build" not in getattr(item, "fixturenames", ()):
            need = 0
        elif _file(item) in SPREAD:
            need = 3
        else:
            need = 1 if _file(item) in slow else 2
        rank[scope(item)] = max(rank.get(scope(item), 0), need)
    items.sort(key=lambda item: rank[scope(item)])  # stable: within a rank, the collection order


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist: only called when it runs workers
def pytest_xdist_make_scheduler(config, log):
    from xdist.scheduler import LoadScopeScheduling

    class FileOrTest(LoadScopeScheduling):
        """pytest-xdist's ``loadscope``, with a file as the scope, or the test itself in SPREAD."""

        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::")[0]
            return nodeid if path in SPREAD else path

    return FileOrTest(config, log)
