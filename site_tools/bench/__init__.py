"""The efficiency study: measurements behind the site's claims about backpropagation.

One module per study, each with a ``run(quick=False)`` that returns a JSON-ready
results envelope:

- :mod:`~site_tools.bench.gradients` — cost of a full gradient by central
  differences, forward mode and reverse mode as the parameter count grows;
- :mod:`~site_tools.bench.caching` — the chain rule summed path by path versus
  reverse accumulation on stacked diamonds;
- :mod:`~site_tools.bench.step_size` — truncation versus round-off error of
  finite differences as the step size *h* shrinks;
- :mod:`~site_tools.bench.engine` — a training step of the book's 784-50-10
  network with graphgrad versus hand-written numpy (and PyTorch, micrograd
  when installed);
- :mod:`~site_tools.bench.training` — the book's ``TwoLayerNet`` trained on real
  handwritten digits.

:mod:`~site_tools.bench.results` reads, validates and writes the JSON files and
computes the headline numbers; :mod:`~site_tools.bench.plots` draws the SVG
plots from them.  The command-line front ends are ``scripts/bench_gradients.py``,
``scripts/bench_engine.py`` and ``scripts/train_two_layer.py``.

These modules need the ``bench`` extra (matplotlib, scikit-learn, tqdm) only
where they plot, load the digits or draw progress bars.
"""
