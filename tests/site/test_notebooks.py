"""Every teaching page is a notebook that runs, in both languages.

The site build (docs/hooks/site_hooks.py, :mod:`site_tools.notebooks`) writes ``page.ipynb`` /
``page.zh.ipynb`` next to each teaching page and links it under the page title.  These tests
check that every teaching page of both languages links its notebook, that the notebook is a
valid nbformat 4 document whose first code cell imports (or installs) graphgrad, and they run
every notebook's code cells top to bottom in a fresh namespace, as Jupyter's "Run all" would
(a plain interpreter: much cheaper than a kernel per notebook, and the same Python).
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path

import pytest
from site_support import REPO, teaching_sources

from site_tools.notebooks import (
    LINK_TEXT,
    code_cells,
    doctest_to_cells,
    join_cjk_lines,
    page_notebook,
    setup_cell,
)

DOCS = REPO / "docs"


TEACHING = teaching_sources()


def notebook_path(site: Path, src: str, lang: str) -> Path:
    stem = src.removesuffix(".zh.md").removesuffix(".md")
    folder = site / ("zh" if lang == "zh" else "") / stem
    return folder / (Path(src).name.removesuffix(".md") + ".ipynb")


def test_there_are_teaching_pages_in_both_languages():
    assert len(TEACHING) >= 12
    assert {lang for _, lang in TEACHING} == {"en", "zh"}


@pytest.mark.parametrize(("src", "lang"), TEACHING, ids=[s for s, _ in TEACHING])
def test_page_links_its_notebook(built_site: Path, src: str, lang: str):
    path = notebook_path(built_site, src, lang)
    html = (path.parent / "index.html").read_text(encoding="utf-8")
    link = re.search(r'<p class="gg-notebook"><a href="([^"]+)" download>([^<]+)</a></p>', html)
    assert link, f"{src}: no notebook link on the page"
    assert link.group(1) == path.name and link.group(2) == LINK_TEXT[lang]
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert (nb["nbformat"], nb["nbformat_minor"]) == (4, 5)
    assert nb["metadata"]["kernelspec"]["language"] == "python"
    cells = code_cells(path.read_text(encoding="utf-8"))
    assert "import graphgrad" in cells[0] and "pip" in cells[0]
    page = (DOCS / src).read_text(encoding="utf-8")
    assert len(cells) > page.count("```python"), f"{src}: the notebook lost code"
    text = json.dumps(nb, ensure_ascii=False)
    assert "[[value" not in text and "[[bench" not in text and "[[diagram" not in text, src
    assert ".md)" not in text, f"{src}: a link to a Markdown source survived"
    assert all(c.get("outputs", []) == [] for c in nb["cells"]), "notebooks are shipped without outputs"


def test_home_and_reference_pages_have_no_notebook(built_site: Path):
    assert not list(built_site.glob("*.ipynb")) and not list((built_site / "zh").glob("*.ipynb"))
    assert not list((built_site / "reference").rglob("*.ipynb"))
    assert 'class="gg-notebook"' not in (built_site / "index.html").read_text(encoding="utf-8")
    assert not list((built_site / "glossary").glob("*.ipynb"))


@pytest.mark.parametrize(("src", "lang"), TEACHING, ids=[s for s, _ in TEACHING])
def test_notebook_runs_top_to_bottom(built_site: Path, src: str, lang: str, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a notebook that writes files writes them here
    monkeypatch.setenv("MPLBACKEND", "Agg")
    cells = code_cells(notebook_path(built_site, src, lang).read_text(encoding="utf-8"))
    namespace: dict = {"__name__": "__main__"}
    for k, source in enumerate(cells):
        code = compile(source, f"<{src} notebook, code cell {k + 1}>", "exec")
        with contextlib.redirect_stdout(io.StringIO()):
            exec(code, namespace)  # noqa: S102 - the page's own code, as Jupyter would run it
    assert "graphgrad" in namespace


def test_doctest_sessions_become_one_cell_per_shown_output():
    session = [">>> import numpy as np", ">>> a = np.arange(3)", ">>> a.sum()", "3", ">>> a.max()", "2"]
    assert doctest_to_cells(session) == [["import numpy as np", "a = np.arange(3)", "a.sum()"], ["a.max()"]]


def test_setup_cell_installs_what_the_page_needs():
    from packaging.requirements import Requirement

    plain = setup_cell("from graphgrad.examples import buy_apple", "en")
    digits = setup_cell("from graphgrad.nn import load_digits", "zh")
    for cell in (plain, digits):
        spec = re.search(r'"--quiet", "([^"]+)"', cell).group(1)
        req = Requirement(spec)  # a valid PEP 508 requirement pip understands
        assert req.name == "graphgrad" and req.url.startswith("git+https://github.com/")
        compile(cell, "setup", "exec")
    assert Requirement(re.search(r'"--quiet", "([^"]+)"', digits).group(1)).extras == {"bench"}
    assert "'sklearn'" in digits and "'sklearn'" not in plain


def test_chinese_paragraph_lines_are_joined_without_spaces():
    joined = join_cjk_lines("反向传播把导数\n从右往左传。\n\n- 一\n- 二")
    assert joined == "反向传播把导数从右往左传。\n\n- 一\n- 二"
    assert join_cjk_lines("用 graphgrad\n计算") == "用 graphgrad 计算"
    assert join_cjk_lines("```python\nx = 1\ny = 2\n```") == "```python\nx = 1\ny = 2\n```"


def test_notebooks_are_deterministic_and_fill_in_tokens():
    page = (DOCS / "backward-propagation.md").read_text(encoding="utf-8")
    one = page_notebook(page, "en", "backward-propagation.md", "https://example.org/site/")
    two = page_notebook(page, "en", "backward-propagation.md", "https://example.org/site/")
    assert one == two
    nb = json.loads(one)
    assert [c["id"] for c in nb["cells"]] == [f"cell-{k:03d}" for k in range(len(nb["cells"]))]
    assert "[[value" not in one and "https://example.org/site/chain-rule/" in one
    with pytest.raises(ValueError, match="unknown language"):
        page_notebook(page, "fr", "backward-propagation.md", "https://example.org/")


def test_notebooks_need_no_files_of_the_repository():
    """The code cells import graphgrad only: nothing reads docs/ or tests/ by a relative path."""
    for src, _ in TEACHING:
        page = (DOCS / src).read_text(encoding="utf-8")
        assert "docs/" not in "".join(re.findall(r"```python\n(.*?)```", page, re.DOTALL)), src


