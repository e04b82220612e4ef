"""The site wing: everything that builds the site *Why backpropagation is efficient* around graphgrad.

The engine a learner installs is ``src/graphgrad`` (``pip install .`` gives only that).  This
package sits beside it at the repository root and is never installed: the site's MkDocs hook
module (``docs/hooks/site_hooks.py``), the maintainers' scripts (``scripts/``) and the tests
import it from the checkout.  It reads and writes the repository's folders; the engine never does.

- :mod:`site_tools.paths` — where the repository keeps results, diagrams and plots;
- :mod:`site_tools.bench` — the efficiency studies: measurements, results JSON, plots;
- :mod:`site_tools.tokens` — the ``[[…]]`` tokens of the pages: one pattern, one table of handlers;
- :mod:`site_tools.facts` — the numbers the pages quote (``[[value …]]`` / ``[[bench …]]``);
- :mod:`site_tools.diagrams` — draws every diagram the pages show (only those that changed);
- :mod:`site_tools.diagram_html` — the HTML of ``[[diagram …]]`` / ``[[steps …]]``: figures, step-throughs;
- :mod:`site_tools.figures`, :mod:`site_tools.walkthrough` — the site's own figures (forward mode,
  symbols, paths; both passes node by node), with their words in :mod:`site_tools.figure_words`
  and their examples in :mod:`site_tools.figure_examples`;
- :mod:`site_tools.datasets` — the digits and MNIST for the training study;
- :mod:`site_tools.plot_words` — the plots' words in English and Chinese;
- :mod:`site_tools.files` — writing generated files whole or not at all.
"""
