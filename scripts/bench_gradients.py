#!/usr/bin/env python
"""Why backpropagation wins: gradient cost sweep, the caching argument, and the step size h.

Runs studies 1-3 of the efficiency study (graphgrad.bench.gradients, .caching,
.step_size), writes their JSON and draws their plots.  The full run takes a
few minutes on two cores; --quick takes seconds.
"""

import os
import sys

# One BLAS thread, set before numpy is imported (threadpoolctl also enforces it while timing).
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

try:
    from graphgrad.bench import cli
except ModuleNotFoundError:  # running from a checkout without installing
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src"))
    from graphgrad.bench import cli

if __name__ == "__main__":
    sys.exit(
        cli.main(
            None,
            prog="bench_gradients.py",
            description=__doc__,
            studies=("gradients", "caching", "step_size"),
            report=cli.report,
        )
    )
