#!/usr/bin/env python
"""Engine speed: a training step of the book's 784-50-10 network with graphgrad vs. hand-written numpy.

Also PyTorch (CPU) when it is installed, and a graph of about 10,000 scalar
nodes vs. micrograd when that is installed; both are optional and skipped
with a note in the JSON otherwise.  Times are medians of interleaved repeats
with BLAS on one thread.
"""

import os
import sys

# One BLAS thread, set before numpy is imported (threadpoolctl also enforces it while timing).
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

# The site wing (site_tools/) sits at the repository root, beside this folder; graphgrad itself
# comes from the environment (pip install -e .) or, in a bare checkout, from src/.
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path[:0] = [ROOT, os.path.join(ROOT, "src")]

from site_tools.bench import cli  # noqa: E402

if __name__ == "__main__":
    sys.exit(
        cli.main(None, prog="bench_engine.py", description=__doc__, studies=("engine",))
    )
