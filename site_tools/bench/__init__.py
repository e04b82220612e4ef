"""The efficiency study: measurements behind the site's claims about backpropagation.

One module per study; each keeps side by side its ``NAME``, ``FILE``, ``SCRIPT`` and
``REQUIRED`` keys, a ``run(quick=False)`` that returns a JSON-ready results envelope, the
``report`` line the scripts print and the ``summary`` numbers the pages quote
(:mod:`~site_tools.bench.studies` lists them):

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
  handwritten digits;
- :mod:`~site_tools.bench.memory` — what reverse mode keeps for its backward pass,
  plain and with √n checkpointing.

:mod:`~site_tools.bench.results` reads, validates and writes the JSON files and
rounds and formats the headline numbers; :mod:`~site_tools.bench.plots` draws the SVG
plots from them; :mod:`~site_tools.bench.cli` is the command line the scripts share
(``scripts/bench_gradients.py``, ``scripts/bench_engine.py``, ``scripts/bench_memory.py``,
``scripts/train_two_layer.py``).

These modules need the ``bench`` extra (matplotlib, scikit-learn, tqdm) only
where they plot, load the digits or draw progress bars.
"""
