#!/usr/bin/env python
"""Train the book's TwoLayerNet with graphgrad on real handwritten digits.

First a gradient check (backpropagation against numerical differentiation,
the book's per-parameter differences), then mini-batch SGD with the book's
settings.  The default data are scikit-learn's bundled 8x8 digits; --mnist
trains on MNIST files you supply instead (results go to training-mnist.json).
"""

import os
import sys

try:
    from graphgrad.bench import cli
except ModuleNotFoundError:  # running from a checkout without installing
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src"))
    from graphgrad.bench import cli

if __name__ == "__main__":
    sys.exit(cli.main_train(None))
