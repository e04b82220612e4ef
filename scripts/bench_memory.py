#!/usr/bin/env python
"""The price of reverse mode: memory, and √n checkpointing.

Runs the memory study (site_tools.bench.memory): the bytes a graph keeps at
rest until its backward pass, against depth and batch, and the part of them
its backward rules read (with what PyTorch saves for backward on the same
graphs, when PyTorch is installed); the peak memory and the time of one
gradient; plain and with graphgrad.checkpoint segments of about √depth
layers. Writes memory.json and draws its plots. The full run takes about a
minute; --quick takes seconds.
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
        cli.main(None, prog="bench_memory.py", description=__doc__, studies=("memory",))
    )
