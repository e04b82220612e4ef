#!/usr/bin/env python
"""Why backpropagation wins: gradient cost sweep, the caching argument, and the step size h.

Runs studies 1-3 of the efficiency study (site_tools.bench.gradients, .caching,
.step_size), writes their JSON and draws their plots.  The full run takes a
few minutes on two cores; --quick takes seconds.
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
        cli.main(
            None,
            prog="bench_gradients.py",
            description=__doc__,
            studies=("gradients", "caching", "step_size"),
        )
    )
