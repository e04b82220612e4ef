"""Every teaching page is a notebook that stands alone and runs, in both languages, with exercises.

The site build (docs/hooks/site_hooks.py, :mod:`site_tools.notebooks`) writes ``page.ipynb`` /
``page.zh.ipynb`` next to each teaching page and links it under the page title.  These tests
check that every teaching page of both languages links its notebook, and then treat each
notebook as a reader who downloads it would: copied **alone** into an empty folder, it must

- carry every image it shows (``data:`` URLs of real SVG/PNG data; no ``assets/`` path, no
  ``#only-light`` suffix, no ``{ … }`` attribute block, nothing fetched from the hosted site),
- link other pages at the address ``site_url`` in mkdocs.yml names,
- say in its first cell how to install what it needs, never naming graphgrad to pip (it is on
  no package index: the repository URL ``repo_url`` names, or a checkout), and check the version,
- run from top to bottom in a fresh Jupyter kernel (nbclient; the kernel's environment is the
  one the tests run in, where graphgrad is installed), with a correct solution filled into each
  exercise cell (the check says right), then a wrong one (the check says wrong, with a hint in
  the notebook's language), then none (the check asks for one): never a crash.

The 14 notebooks run once, in a module fixture, three kernels at a time (each its own, so kernel
start-up overlaps with work): about 45 s in all on a busy 2-core machine, against 56 s one after
another (2 to 5 s each; the two training notebooks, which train the network, 10 s each).
"""

from __future__ import annotations

import base64
import json
import re
import shutil
from pathlib import Path

import pytest
from site_support import REPO, site_url, teaching_sources

from site_tools.notebooks import (
    EXERCISES,
    LINK_TEXT,
    NotebookSite,
    admonition_block,
    code_cells,
    doctest_to_cells,
    join_cjk_lines,
    page_notebook,
    setup_cell,
)

pytestmark = pytest.mark.slow  # the 14 notebooks run in about 40 s

DOCS = REPO / "docs"
TEACHING = teaching_sources()
IDS = [s for s, _ in TEACHING]

#: What each exercise cell becomes in the tests: a right solution and a wrong one, written the way
#: a learner would (from the formulas the pages teach), independently of graphgrad.exercises.
SOLUTIONS = {
    "computational_graphs.recompute": (
        "answer = 1 + 4 + 1  # its multiply node, the adds from the second on, the tax",
        "answer = 3",
    ),
    "chain_rule.paths": ("answer = (4 + 1) * 1 + (1 + 4) * 1  # d + c", "answer = 4 + 1"),
    "backward_propagation.mul_backward": (
        "def mul_backward(dout, x, y):\n    return dout * y, dout * x",
        "def mul_backward(dout, x, y):\n    return dout * x, dout * y",
    ),
    "layers.softmax_loss_backward": (
        "import numpy as np\n\n\ndef softmax_loss_backward(scores, labels):\n"
        "    y = np.exp(scores - scores.max(axis=1, keepdims=True))\n"
        "    y /= y.sum(axis=1, keepdims=True)\n"
        "    return (y - np.eye(scores.shape[1])[labels]) / len(scores)",
        "import numpy as np\n\n\ndef softmax_loss_backward(scores, labels):\n"
        "    y = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)\n"
        "    return y - np.eye(scores.shape[1])[labels]  # forgets the mean over the batch",
    ),
    "draw_your_own_graph.neuron_grad": (
        "import math\n\ny = 1 / (1 + math.exp(-0.3))\nanswer = y * (1 - y) * -0.5",
        "import math\n\ny = 1 / (1 + math.exp(-0.3))\nanswer = y * (1 - y) * 2  # times x, not w",
    ),
    "efficiency.sweeps": ("answer = (200, 3)", "answer = (3, 200)"),
    "efficiency.checkpoint_bytes": (
        "answer = (36 * 2 * 128 * 32 * 8 + 8, 6 * 128 * 32 * 8 + 8)",
        "answer = (36 * 128 * 32 * 8, 6 * 128 * 32 * 8)",
    ),
    "measurements.backward_flops": (
        "answer = 2 * 100 * 64 * 50 + 2 * 2 * 100 * 50 * 10  # no gradient for the data",
        "answer = 2 * (2 * 100 * 64 * 50 + 2 * 100 * 50 * 10)",
    ),
    "training.relative_error": (
        "import numpy as np\n\n\ndef relative_error(backprop, numerical):\n"
        "    scale = np.maximum(np.maximum(np.abs(backprop), np.abs(numerical)), 1e-8)\n"
        "    return float((np.abs(backprop - numerical) / scale).max())",
        "import numpy as np\n\n\ndef relative_error(backprop, numerical):\n"
        "    return float(np.abs(backprop - numerical).max())",
    ),
}
RIGHT = {"en": "Right.", "zh": "正确。"}
WRONG = {"en": "Not yet. Hint: ", "zh": "还不对。提示："}
EMPTY = {"en": "Fill in your answer first", "zh": "请先填写你的答案"}
#: Material's attribute lists: "{ loading=lazy }", "{ #id }", "{: .class }", or one glued to an image.
_ATTRIBUTES = re.compile(r"\{:?[ \t]+[#.]?[\w-]+(?:=[^}]*)?[ \t]*\}|\)\{[^}]*\}")
_IMAGE = re.compile(r"!\[[^\]]*\]\((?P<src>[^)\s]+)\)|<img\b[^>]*\bsrc=\"(?P<html>[^\"]+)\"")


def notebook_path(site: Path, src: str, lang: str) -> Path:
    stem = src.removesuffix(".zh.md").removesuffix(".md")
    folder = site / ("zh" if lang == "zh" else "") / stem
    return folder / (Path(src).name.removesuffix(".md") + ".ipynb")


def source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def test_there_are_teaching_pages_in_both_languages():
    assert len(TEACHING) >= 12
    assert {lang for _, lang in TEACHING} == {"en", "zh"}


def test_every_teaching_page_has_exercises_the_tests_can_solve():
    stems = {Path(src).name.split(".")[0] for src, _ in TEACHING}
    assert set(EXERCISES) == stems
    assert {ex.name for exs in EXERCISES.values() for ex in exs} == set(SOLUTIONS)


@pytest.mark.parametrize(("src", "lang"), TEACHING, ids=IDS)
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


def _static_problems(nb: dict, src: str, lang: str) -> list[str]:
    """What a reader with only this file would miss: images, links, install hints."""
    problems = []
    for k, cell in enumerate(nb["cells"]):
        text = source(cell)
        where = f"{src} cell {k}"
        if "assets/" in text or "#only-" in text:
            problems.append(f"{where}: a site-relative asset path or #only- suffix")
        if cell["cell_type"] == "markdown":
            if _ATTRIBUTES.search(text):
                problems.append(f"{where}: an attribute block {_ATTRIBUTES.search(text).group(0)!r}")
            for image in _IMAGE.finditer(text):
                url = image["src"] or image["html"]
                head, _, data = url.partition(",")
                if not (head.startswith("data:image/") and head.endswith(";base64") and data):
                    problems.append(f"{where}: the image {url[:60]!r} is not embedded")
                    continue
                raw = base64.b64decode(data, validate=True)
                if not (raw.lstrip().startswith((b"<?xml", b"<svg")) or raw.startswith(b"\x89PNG")):
                    problems.append(f"{where}: the embedded image is not SVG or PNG")
            for url in re.findall(r"\]\((https?://[^)\s]+)\)", text):
                if url.startswith(site_url().split("/")[0] + "//" + site_url().split("/")[2]):
                    if not url.startswith(site_url()):
                        problems.append(f"{where}: {url} is outside site_url")
    first = source(next(c for c in nb["cells"] if c["cell_type"] == "code"))
    if re.search(r"pip install (?:-\S+ )*['\"]?graphgrad\b", json.dumps(nb, ensure_ascii=False)):
        problems.append(f"{src}: tells pip to install graphgrad by name (it is on no package index)")
    if not ("import graphgrad" in first and "graphgrad.__version__" in first and "find_spec" in first):
        problems.append(f"{src}: the first code cell does not check for graphgrad and its version")
    return problems


class Run:
    """One notebook, copied alone into its own empty folder, answered and run in a fresh kernel."""

    def __init__(self, built_site: Path, src: str, lang: str, folder: Path) -> None:
        import nbformat

        self.src, self.lang = src, lang
        original = notebook_path(built_site, src, lang)
        self.folder = folder
        self.copy = folder / original.name
        shutil.copyfile(original, self.copy)
        self.alone = [p.name for p in folder.iterdir()] == [self.copy.name]  # nothing else beside it
        self.json = json.loads(self.copy.read_text(encoding="utf-8"))
        self.nb = nbformat.read(self.copy, as_version=4)
        self.exercises = [c for c in self.nb.cells if "exercise" in c.metadata.get("tags", [])]
        self.checks = [c for c in self.nb.cells if "check" in c.metadata.get("tags", [])]
        self.ends_with_check = bool(self.checks) and self.nb.cells[-1] is self.checks[-1]
        self.tail = []
        for cell, check in zip(self.exercises, self.checks, strict=True):
            name = cell.metadata["exercise"]
            assert check.metadata["exercise"] == name and f'"{name}"' in check.source, src
            unfilled = cell.source
            cell.source = SOLUTIONS[name][0]  # the reader's right answer, in place
            for attempt in (SOLUTIONS[name][1], unfilled):  # then a wrong one, then none
                self.tail += [nbformat.v4.new_code_cell(attempt), nbformat.v4.new_code_cell(check.source)]
        self.nb.cells += self.tail
        self.failure: BaseException | None = None

    async def run(self, slots) -> None:
        from nbclient import NotebookClient

        client = NotebookClient(
            self.nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(self.folder)}}
        )
        async with slots:
            try:
                await client.async_execute()
            except Exception as exc:  # reported by the test of this notebook
                self.failure = exc


@pytest.fixture(scope="module")
def notebook_runs(built_site: Path, tmp_path_factory) -> dict[str, Run]:
    """Every notebook run, three kernels at a time (kernel start-up overlaps with work)."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    runs = {src: Run(built_site, src, lang, tmp_path_factory.mktemp("alone")) for src, lang in TEACHING}

    async def run_all() -> None:
        slots = asyncio.Semaphore(3)
        await asyncio.gather(*(r.run(slots) for r in runs.values()))

    with pytest.MonkeyPatch.context() as mp, ThreadPoolExecutor(1) as thread:
        mp.setenv("MPLBACKEND", "Agg")
        # In a thread of its own: the browser tests' Playwright may run an event loop in this one.
        thread.submit(asyncio.run, run_all()).result()
    return runs


def _said(cell) -> str:
    return "".join(o.get("data", {}).get("text/plain", "") + o.get("text", "") for o in cell.outputs)


@pytest.mark.parametrize(("src", "lang"), TEACHING, ids=IDS)
def test_notebook_stands_alone(notebook_runs: dict[str, Run], src: str, lang: str):
    run = notebook_runs[src]
    assert _static_problems(run.json, src, lang) == []
    shown = sum(len(_IMAGE.findall(source(c))) for c in run.json["cells"] if c["cell_type"] == "markdown")
    assert shown >= (DOCS / src).read_text(encoding="utf-8").count("[[diagram"), f"{src}: diagrams left out"
    assert run.alone, "the notebook was not alone in its folder"
    stem = src.removesuffix(".md").removesuffix(".zh")
    own_url = site_url() + ("zh/" if lang == "zh" else "") + stem + "/"
    assert f"]({own_url})" in source(run.json["cells"][1]), (
        f"{src}: the intro does not link the page at site_url"
    )
    assert run.failure is None, f"{src}: the notebook did not run: {run.failure}"
    errors = [o for c in run.nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert errors == [], f"{src}: a cell raised {errors[:1]}"


@pytest.mark.parametrize(("src", "lang"), TEACHING, ids=IDS)
def test_notebook_exercises_check_right_wrong_and_missing_answers(
    notebook_runs: dict[str, Run], src: str, lang: str
):
    run = notebook_runs[src]
    assert run.exercises and len(run.exercises) == len(run.checks), f"{src}: no exercise with its check"
    assert run.ends_with_check, f"{src}: the notebook does not end with a check"
    assert run.failure is None, f"{src}: the notebook did not run: {run.failure}"
    for check in run.checks:
        assert _said(check) == RIGHT[lang], f"{src}: {check.metadata['exercise']}: {_said(check)!r}"
    verdicts = [_said(c) for c in run.tail[1::2]]
    assert all(v.startswith(WRONG[lang]) for v in verdicts[0::2]), verdicts
    assert all(v.startswith(EMPTY[lang]) for v in verdicts[1::2]), verdicts


def test_doctest_sessions_become_one_cell_per_shown_output():
    session = [">>> import numpy as np", ">>> a = np.arange(3)", ">>> a.sum()", "3", ">>> a.max()", "2"]
    assert doctest_to_cells(session) == [["import numpy as np", "a = np.arange(3)", "a.sum()"], ["a.max()"]]


def test_setup_cell_installs_only_what_is_missing_and_never_graphgrad_by_name():
    repo = "https://example.org/someone/fork"
    plain = setup_cell("from graphgrad.examples import buy_apple", "en", repo, "0.3.1")
    digits = setup_cell("from graphgrad.nn import load_digits", "zh", repo, "0.3.1")
    for cell in (plain, digits):
        compile(cell, "setup", "exec")
        assert f'"{repo}"' in cell and "NEEDED = (0, 3, 1)" in cell
        assert 'if importlib.util.find_spec("graphgrad") is None:' in cell  # never over one already there
        assert not re.search(r"pip install (?:-\S+ )*['\"]?graphgrad\b", cell)
    assert "missing.append('scikit-learn')" in digits and "scikit-learn" not in plain


@pytest.mark.parametrize(
    ("absent", "installed"),
    [
        ((), None),  # everything there: pip is not run, and the reader's graphgrad stays
        (("sklearn",), ["scikit-learn"]),  # only what is missing, by its own name
        (("graphgrad", "sklearn"), ["git+https://example.org/someone/fork", "scikit-learn"]),
    ],
)
def test_setup_cell_installs_only_what_is_missing(monkeypatch, absent, installed):
    import importlib.util
    import subprocess

    calls = []
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name in absent else real_find_spec(name)
    )
    monkeypatch.setattr(subprocess, "check_call", lambda command: calls.append(command))
    cell = setup_cell(
        "from graphgrad.nn import load_digits", "en", "https://example.org/someone/fork", "0.0.1"
    )
    exec(compile(cell, "setup", "exec"), {})  # noqa: S102 - the cell, as Jupyter would run it
    if installed is None:
        assert calls == []
    else:
        assert len(calls) == 1 and calls[0][1:5] == ["-m", "pip", "install", "--quiet"]
        assert calls[0][5:] == installed


def test_setup_cell_reports_an_old_graphgrad(tmp_path):
    import graphgrad

    cell = setup_cell("", "en", "https://example.org/fork", "999.0.0")
    namespace: dict = {}
    with pytest.raises(ImportError, match=f"graphgrad {graphgrad.__version__} is older than .*999.0.0"):
        exec(compile(cell, "setup", "exec"), namespace)  # noqa: S102 - the cell, as Jupyter would run it


def test_admonitions_become_headed_blocks_and_only_questions_get_an_answer():
    note = admonition_block("note", "A little history", ["", "1970."], "en")
    assert note == ["> **Note: A little history**", ">", "> 1970."]
    question = "\n".join(admonition_block("question", "Why?", ["Because."], "zh"))
    assert question.startswith("**思考题：Why?**") and "<summary>答案</summary>" in question


def test_chinese_paragraph_lines_are_joined_without_spaces():
    joined = join_cjk_lines("反向传播把导数\n从右往左传。\n\n- 一\n- 二")
    assert joined == "反向传播把导数从右往左传。\n\n- 一\n- 二"
    assert join_cjk_lines("用 graphgrad\n计算") == "用 graphgrad 计算"
    assert join_cjk_lines("```python\nx = 1\ny = 2\n```") == "```python\nx = 1\ny = 2\n```"


def test_notebooks_are_deterministic_and_follow_the_config(built_site: Path):
    """Another site_url and repo_url (a fork's) reach the links and the set-up cell."""
    page = (DOCS / "efficiency.md").read_text(encoding="utf-8")
    fork = NotebookSite.from_config(
        {
            "site_url": "https://someone.github.io/fork/",
            "repo_url": "https://github.com/someone/fork/",
            "docs_dir": DOCS,
        }
    )
    one = page_notebook(page, "efficiency.md", fork)
    assert one == page_notebook(page, "efficiency.md", fork)
    nb = json.loads(one)
    assert [c["id"] for c in nb["cells"]] == [f"cell-{k:03d}" for k in range(len(nb["cells"]))]
    assert "https://someone.github.io/fork/training/#gradient-check-first" in one
    assert '"https://github.com/someone/fork"' in source(
        next(c for c in nb["cells"] if c["cell_type"] == "code")
    )
    assert "graphgrad.github.io" not in one and "github.com/graphgrad" not in one
    with pytest.raises(ValueError, match="no repo_url"):
        NotebookSite.from_config({"site_url": "https://x.org/", "repo_url": None, "docs_dir": DOCS})


def test_a_missing_image_is_an_error_not_a_broken_notebook(tmp_path):
    page = "# P\n\n![A plot](assets/plots/nothing-en-light.svg#only-light){ loading=lazy }\n"
    site = NotebookSite("https://x.org/", "https://github.com/x/y", tmp_path)
    with pytest.raises(ValueError, match="nothing-en-light.svg does not exist"):
        page_notebook(page, "efficiency.md", site, substitute_tokens=lambda text: text)


def test_notebooks_need_no_files_of_the_repository():
    """The code cells import graphgrad only: nothing reads docs/ or tests/ by a relative path."""
    for src, _ in TEACHING:
        page = (DOCS / src).read_text(encoding="utf-8")
        assert "docs/" not in "".join(re.findall(r"```python\n(.*?)```", page, re.DOTALL)), src


def test_content_tabs_and_interactive_figures_read_as_markdown(built_site: Path):
    """Material's tabs become bold titles over their content; an interactive figure's mount point
    becomes a line that sends the reader to the page on the site (the notebook cannot run it)."""
    from site_tools.notebooks import _Context, notebook_markdown

    ctx = _Context("en", "efficiency.md", NotebookSite(site_url(), "https://github.com/x/y", DOCS))
    page = (
        '[[sweeps]]\n\n=== "d = 1"\n\n    [[diagram chain_rule tangent]]\n\n'
        '=== "d = 2"\n\n    Text.\n'
    )
    out = notebook_markdown(page, ctx)
    assert "===" not in out and "[[sweeps" not in out and "    Text." not in out
    assert "**d = 1**\n\n![" in out and "**d = 2**\n\nText." in out
    assert f"[page on the site]({site_url()}efficiency/)" in out
