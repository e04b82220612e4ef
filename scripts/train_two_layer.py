#!/usr/bin/env python
"""Train the book's TwoLayerNet with graphgrad on real handwritten digits.

First a gradient check (backpropagation against numerical differentiation,
the book's per-parameter differences), then mini-batch SGD with the book's
settings.  The default data are scikit-learn's bundled 8x8 digits; --mnist
trains on MNIST files you supply instead (results go to training-mnist.json).
"""

import os
import sys

# The site wing (site_tools/) sits at the repository root, beside this folder; graphgrad itself
# comes from the environment (pip install -e .) or, in a bare checkout, from src/.
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path[:0] = [ROOT, os.path.join(ROOT, "src")]

from site_tools.bench import cli  # noqa: E402

if __name__ == "__main__":
    sys.exit(cli.main_train(None))
