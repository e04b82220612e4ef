"""Stopwatch helpers shared by the studies: one BLAS thread, interleaved medians, progress bars.

Wall-clock times on a shared machine are noisy.  These habits keep them
comparable while measuring what a user gets:

- BLAS runs on one thread (:func:`one_blas_thread`), so a matrix product
  does not compete with itself or with the other process on the machine;
- the methods being compared are timed in turns inside one process
  (:func:`interleaved`), so a slow moment hurts all of them alike;
- the reported number is the median of the repeats, not the mean or the
  minimum;
- the process keeps its default settings: the C allocator is not tuned,
  and Python's garbage collector runs as usual inside the timing.  Before
  each sample an untimed ``gc.collect()`` clears what the previous
  contender left behind, so that no contender pays for another's garbage.
  Timing with the collector off is available (``garbage_collector=False``)
  for a side measurement that must then be labelled as such;
- ``in_a_loop=True`` makes one untimed call after that collection, so that
  the timed calls run as in a loop that is already under way (a training
  loop, say): each finds the garbage its predecessor left.  That matters
  for a result made of reference cycles, which is not freed when it is
  dropped but later, by the collector, at a cost that then falls inside
  the timing where a loop would pay it too.
"""

from __future__ import annotations

import contextlib
import gc
import os
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any


@contextlib.contextmanager
def one_blas_thread() -> Iterator[int | None]:
    """Limit BLAS (and OpenMP) to one thread inside the block.

    Yields the number of BLAS threads in force, or None when threadpoolctl
    is not installed (then the scripts' ``OPENBLAS_NUM_THREADS=1`` etc.,
    set before numpy is imported, are what limits it).
    """
    try:
        from threadpoolctl import threadpool_info, threadpool_limits
    except ModuleNotFoundError:
        yield None
        return
    with threadpool_limits(limits=1):
        threads = [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]
        yield max(threads) if threads else None


def time_both(
    fn: Callable[[], Any],
    number: int = 1,
    garbage_collector: bool = True,
    collect_first: bool = True,
    in_a_loop: bool = False,
) -> tuple[float, float]:
    """Wall-clock and CPU seconds per call of ``fn`` over ``number`` calls.

    Garbage left by earlier code is collected first, untimed (unless
    ``collect_first`` is False); with ``in_a_loop`` one untimed call
    follows, whose garbage the timed calls find as a running loop would.
    Then the collector runs as usual during the calls
    (``garbage_collector=False`` switches it off for them: not what a user
    gets, so label it).
    CPU time is this thread's (BLAS runs on this thread when pinned to one):
    unlike wall time, it does not count the moments the process waited for
    a core on a busy machine.
    """
    was_enabled = gc.isenabled()
    if collect_first:
        gc.collect()
    if not garbage_collector:
        gc.disable()
    try:
        if in_a_loop:
            fn()  # untimed: the timed calls find its garbage, as in a loop
        cpu0, wall0 = time.thread_time(), time.perf_counter()
        for _ in range(number):
            fn()
        wall, cpu = time.perf_counter() - wall0, time.thread_time() - cpu0
        return wall / number, cpu / number
    finally:
        if was_enabled:
            gc.enable()


def time_once(fn: Callable[[], Any], number: int = 1, collect_first: bool = True) -> float:
    """Wall-clock seconds per call of ``fn``, over ``number`` back-to-back calls (see :func:`time_both`)."""
    return time_both(fn, number, collect_first=collect_first)[0]


def autorange(fn: Callable[[], Any], min_seconds: float = 0.02) -> int:
    """How many calls of ``fn`` take at least ``min_seconds`` (1, 2, 5, 10, 20, …)."""
    number = 1
    while True:
        for factor in (1, 2, 5):
            n = number * factor
            if time_once(fn, n, collect_first=False) * n >= min_seconds:  # a rough count will do
                return n
        number *= 10


def interleaved(
    fns: dict[str, Callable[[], Any]],
    repeats: int,
    min_seconds: float = 0.02,
    progress: Any = None,
    cpu: dict[str, list[float]] | None = None,
    garbage_collector: bool = True,
    faults: dict[str, list[float]] | None = None,
    in_a_loop: bool = False,
) -> dict[str, list[float]]:
    """Time several functions in turns; wall seconds per call, ``repeats`` samples each.

    Each function first runs once (warm-up) and is calibrated to run for
    about ``min_seconds`` per sample.  Then every round times every
    function once, rotating the order from round to round so that no
    function always goes first.  Pass a dict as ``cpu`` to also receive
    the CPU-time samples, and as ``faults`` for the minor page faults per
    call (memory the process had to get from the operating system again: a
    cost that depends on how the C allocator's heap happens to be laid out).
    ``garbage_collector`` and ``in_a_loop`` are passed on to :func:`time_both`.
    """
    numbers = {}
    for name, fn in fns.items():
        fn()
        numbers[name] = autorange(fn, min_seconds)
    names = list(fns)
    samples: dict[str, list[float]] = {name: [] for name in names}
    cpu_samples: dict[str, list[float]] = {name: [] for name in names}
    fault_samples: dict[str, list[float]] = {name: [] for name in names}
    for r in range(repeats):
        order = names[r % len(names) :] + names[: r % len(names)]
        for name in order:
            faults_before = _minor_faults()
            wall, cpu_time = time_both(fns[name], numbers[name], garbage_collector, in_a_loop=in_a_loop)
            samples[name].append(wall)
            cpu_samples[name].append(cpu_time)
            calls = numbers[name] + in_a_loop  # the untimed call of a loop too
            fault_samples[name].append((_minor_faults() - faults_before) / calls)
        if progress is not None:
            progress.update(1)
    if cpu is not None:
        cpu.update(cpu_samples)
    if faults is not None:
        faults.update(fault_samples)
    return samples


def _minor_faults() -> int:
    """Minor page faults of this process so far (0 where ``resource`` is missing, e.g. Windows)."""
    try:
        import resource
    except ModuleNotFoundError:
        return 0
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def load_average() -> list[float] | None:
    """The 1, 5 and 15-minute load averages (how busy the machine was), or None."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except (OSError, AttributeError):
        return None


def median(values: Iterable[float]) -> float:
    """The median (the mean of the middle two for an even count)."""
    s = sorted(values)
    if not s:
        raise ValueError("median of no values")
    mid = len(s) // 2
    return s[mid] if len(s) % 2 else 0.5 * (s[mid - 1] + s[mid])


class _NoBar:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def update(self, n: int = 1) -> None:
        pass

    def set_postfix_str(self, s: str) -> None:
        pass

    def close(self) -> None:
        pass

    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc: Any) -> None:
        pass


def progress_bar(total: int | None, desc: str, enabled: bool = True) -> Any:
    """A tqdm progress bar on stderr (silent when stderr is not a terminal, without tqdm, or disabled)."""
    if not enabled:
        return _NoBar()
    try:
        from tqdm import tqdm
    except ModuleNotFoundError:
        return _NoBar()
    return tqdm(total=total, desc=desc, leave=False, dynamic_ncols=True, disable=None)
