"""Each teaching page as a Jupyter notebook: the prose as Markdown cells, the Python as code cells.

The site's pages are Markdown with runnable ```python fences (plain code, or doctest sessions
that sybil checks).  :func:`page_notebook` turns one page into a notebook a reader can download
and run on their own machine:

1. the ``[[value …]]`` / ``[[bench …]]`` tokens are filled in (:func:`site_tools.facts.substitute`),
   so the notebook states the numbers the page states;
2. :func:`notebook_markdown` rewrites what only the site understands into plain Markdown that
   Jupyter renders: engine diagrams become images from the published site, step-throughs a
   numbered list of their captions, admonitions block quotes, questions ``<details>`` boxes,
   links to other pages and to the API reference absolute URLs; doctest fences become plain
   code cells, one per expression whose output the page shows (the notebook prints it when run);
3. jupytext reads that Markdown (``python`` fences become code cells, the rest Markdown cells)
   and writes the notebook; a first code cell imports graphgrad, or installs it when missing.

The output is deterministic: no execution counts, no outputs, cell ids numbered in order, so
two builds of the same sources give byte-identical notebooks.

Examples
--------
>>> from site_tools.notebooks import doctest_to_cells
>>> doctest_to_cells(['>>> x = 2', '>>> x * 3', '6', '>>> for i in range(2):', '...     print(i)', '0', '1'])
[['x = 2', 'x * 3'], ['for i in range(2):', '    print(i)']]
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import PurePosixPath

from site_tools.facts import substitute
from site_tools.markdown import parse_args
from site_tools.typesetting import breaks_to_nothing, is_chinese

#: Pages that are not lessons (besides the API reference): no notebook, no questions.
NOT_TEACHING = ("index", "glossary")


def is_teaching_page(src_uri: str) -> bool:
    """A lesson of the site: not the home page, not the glossary, not the API reference.

    >>> [is_teaching_page(p) for p in ("chain-rule.zh.md", "index.md", "reference/core.md")]
    [True, False, False]
    """
    stem = PurePosixPath(src_uri).name.split(".")[0]
    return not src_uri.startswith("reference/") and stem not in NOT_TEACHING


#: What the link above each page says.
LINK_TEXT = {"en": "Download this page as a notebook", "zh": "下载本页的 Jupyter 笔记本"}

_WORDS = {
    "en": {
        "intro": "This notebook is the page [{title}]({url}) of *Why backpropagation is efficient*, "
        "with its code ready to run. Run the cells from top to bottom; the first one imports "
        "graphgrad, or installs it from its repository when it is missing.",
        "answer": "Answer",
        "steps": "Backward propagation, one node at a time:",
        "setup": "# graphgrad (and what this page needs): import it, or install it when missing.",
    },
    "zh": {
        "intro": "本笔记本对应本站《为什么反向传播更高效》的 [{title}]({url}) 一页，代码可以直接运行。"
        "请从上到下依次运行各个单元格：第一个单元格导入 graphgrad，没有安装时会从代码仓库安装它。",
        "answer": "答案",
        "steps": "反向传播，一次处理一个节点：",
        "setup": "# 导入 graphgrad（以及本页用到的库）；没有安装时先安装。",
    },
}

REPO_URL = "https://github.com/graphgrad/graphgrad"

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<mark>`{3,}|~{3,})(?P<info>.*)$")
_DIRECTIVE = re.compile(r"^\[\[(?P<kind>diagram|steps)\b(?P<args>[^\]]*)\]\]\s*$")
_ADMONITION = re.compile(r'^(?P<mark>!!!|\?\?\?\+?)\s+(?P<kind>[\w-]+)(?:\s+"(?P<title>[^"]*)")?\s*$')
_MD_LINK = re.compile(r"\]\((?P<target>[^)\s#]+\.md)(?P<anchor>#[^)\s]*)?\)")
_REF_LINK = re.compile(r"\]\[(?P<ident>graphgrad(?:\.\w+)*)\]")
_INVISIBLE = re.compile(r"^<!--\s*invisible-code(?:-block)?:\s*python\s*$")
_SKIP_NEXT = re.compile(r"^<!--\s*skip:\s*next\s*-->\s*$")
_HEADING = re.compile(r"^#\s+(?P<title>.+?)\s*$", re.MULTILINE)

#: Modules a page's code may need beyond graphgrad, and the extra of graphgrad that installs them.
_EXTRAS = {"sklearn": "bench", "matplotlib": "bench", "graphviz": "viz"}
_NEEDS = {
    "sklearn": ("load_digits", "sklearn"),
    "matplotlib": ("matplotlib",),
    "graphviz": ("graphgrad.viz", "from graphgrad import viz", "to_dot(", "render_svg("),
}


def doctest_to_cells(lines: list[str]) -> list[list[str]]:
    """Split a doctest session into code cells: each cell ends with a statement whose output shows.

    Prompts (``>>> ``, ``... ``) are removed and the expected output is dropped: the notebook
    prints it when it runs.  Statements without output join the next cell, so a cell never
    holds a lone ``import``.
    """
    cells: list[list[str]] = []
    current: list[str] = []
    in_output = False
    for line in lines:
        stripped = line.strip()
        if line.startswith(">>>"):
            if in_output:
                cells.append(current)
                current, in_output = [], False
            current.append(line[4:] if line.startswith(">>> ") else line[3:])
        elif line.startswith("...") and not in_output:
            current.append(line[4:] if line.startswith("... ") else line[3:])
        elif stripped:
            in_output = True
    if current:
        cells.append(current)
    return [c for c in cells if any(s.strip() for s in c)]


def _needed_modules(code: str) -> list[str]:
    return [module for module, hints in _NEEDS.items() if any(h in code for h in hints)]


def setup_cell(code: str, lang: str) -> str:
    """The first code cell: import graphgrad and what the page needs, installing what is missing."""
    modules = _needed_modules(code)
    extras = sorted({_EXTRAS[m] for m in modules})
    spec = f"graphgrad[{','.join(extras)}] @ git+{REPO_URL}" if extras else f"graphgrad @ git+{REPO_URL}"
    wanted = ", ".join(repr(m) for m in ["graphgrad", *modules])
    return "\n".join(
        [
            _WORDS[lang]["setup"],
            "import importlib.util",
            "import subprocess",
            "import sys",
            "",
            f"if any(importlib.util.find_spec(m) is None for m in ({wanted},)):",
            f'    subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", "{spec}"])',
            "    importlib.invalidate_caches()",
            "",
            "import graphgrad",
            "",
            'print("graphgrad", graphgrad.__version__)',
        ]
    )


class _Context:
    """What the rewriting needs to know about the page: language, URLs, the diagram manifest."""

    def __init__(self, lang: str, page_uri: str, site_url: str, manifest: dict | None) -> None:
        self.lang = lang
        self.site_url = site_url.rstrip("/") + "/"
        self.lang_root = self.site_url + ("zh/" if lang == "zh" else "")
        self.page_dir = PurePosixPath(page_uri).parent
        self.manifest = manifest or {}

    def page_url(self, md_target: str) -> str:
        """``chain-rule.md`` (relative to this page) → its URL on the published site."""
        path = PurePosixPath(*(self.page_dir / md_target).parts)
        parts: list[str] = []
        for part in path.parts:
            if part == "..":
                parts = parts[:-1]
            elif part != ".":
                parts.append(part)
        stem = "/".join(parts).removesuffix(".md")
        if stem.endswith(".zh"):
            stem = stem.removesuffix(".zh")
        if stem == "index" or stem.endswith("/index"):
            stem = stem.removesuffix("index").rstrip("/")
        return self.lang_root + (stem + "/" if stem else "")

    def ref_url(self, ident: str) -> str:
        """``graphgrad.core.Variable.backward`` → its anchor on the API reference page."""
        parts = ident.split(".")
        page = parts[1] if len(parts) > 1 and parts[1] in _reference_pages() else ""
        return self.lang_root + "reference/" + (page + "/" if page else "") + "#" + ident

    def image(self, file: str, alt: str) -> str:
        alt = alt.replace("[", "(").replace("]", ")")
        return f"![{alt}]({self.site_url}assets/diagrams/{file})"

    def diagram(self, args: str) -> list[str]:
        words, options = parse_args(args)
        entry = self.manifest.get("diagrams", {}).get(words[0] if words else "")
        if entry is None:
            return []
        mode = words[1] if len(words) > 1 else "forward"
        target = entry[mode]
        node = options.get("highlight")
        if node is not None:
            for key, h in entry["highlights"][mode].items():
                if node == key or node in h["aliases"]:
                    target = h
        return [self.image(target["files"][self.lang]["light"], target["alt"][self.lang])]

    def steps(self, args: str) -> list[str]:
        words = args.split()
        entry = self.manifest.get("diagrams", {}).get(words[0] if words else "")
        key = "steps" if len(words) < 2 else f"steps_{words[1]}"
        if entry is None or key not in entry:
            return []
        frames = entry[key]["frames"]
        last = frames[-1]
        out = [self.image(last["files"][self.lang]["light"], last["alt"][self.lang]), ""]
        label = entry[key].get("label", {}).get(self.lang)
        out.append(label + ("：" if self.lang == "zh" else ":") if label else _WORDS[self.lang]["steps"])
        out.append("")
        out += [f"{k}. {frame['alt'][self.lang]}" for k, frame in enumerate(frames, start=1)]
        return out


def _reference_pages() -> set[str]:
    return {
        "core", "functions", "layers", "numerical", "forward_mode", "counting", "memory", "viz",
        "examples", "nn",
    }  # fmt: skip


def _fence(code: list[str]) -> list[str]:
    return ["", "```python", *code, "```", ""]


def _dedent(lines: list[str], width: int = 4) -> list[str]:
    return [line[width:] if line.startswith(" " * width) else line.lstrip() for line in lines]


_BLOCK_START = re.compile(r"^\s*(?:[-*+] |\d+\. |#|>|\||\$\$|<|!\[|`{3,}|~{3,})")


def join_cjk_lines(markdown: str) -> str:
    """Join the lines of a Chinese paragraph: in Markdown a line break renders as a space,
    which Chinese text must not have (the site's build does the same for its pages)."""
    lines = markdown.split("\n")
    out: list[str] = []
    fence = False
    for line in lines:
        if _FENCE.match(line):
            fence = not fence
            out.append(line)
            continue
        prev = out[-1] if out else ""
        if (
            not fence
            and out
            and prev.strip()
            and line.strip()
            and not _BLOCK_START.match(line)
            and not prev.rstrip().endswith("$$")
            and not _FENCE.match(prev)
            and (is_chinese(prev.rstrip()[-1]) or is_chinese(line.lstrip()[0]))
        ):
            glue = "" if breaks_to_nothing(prev.rstrip()[-1], line.lstrip()[0]) else " "
            out[-1] = prev.rstrip() + glue + line.strip()
            continue
        out.append(line)
    return "\n".join(out)


def notebook_markdown(markdown: str, ctx: _Context) -> str:
    """Rewrite a page (tokens already filled in) into Markdown that jupytext and Jupyter understand."""
    lines = markdown.split("\n")
    out: list[str] = []
    i = 0
    skip_next = False
    while i < len(lines):
        line = lines[i]
        fence = _FENCE.match(line)
        if fence and not fence["indent"]:
            mark, info = fence["mark"], fence["info"].strip()
            body: list[str] = []
            i += 1
            while i < len(lines) and lines[i].strip() != mark:
                body.append(lines[i])
                i += 1
            i += 1  # the closing fence
            language = info.split()[0] if info else ""
            if language == "python" and not skip_next:
                if any(b.startswith(">>>") for b in body):
                    for cell in doctest_to_cells(body):
                        out += _fence(cell)
                else:
                    out += _fence(body)
            else:  # another language, or code the tests skip: shown, not run
                lang_word = "text" if language == "python" else language
                out += ["", "````" + lang_word, *body, "````", ""]
            skip_next = False
            continue
        if _SKIP_NEXT.match(line):
            skip_next = True
            i += 1
            continue
        if _INVISIBLE.match(line):
            body = []
            i += 1
            while i < len(lines) and lines[i].strip() != "-->":
                body.append(lines[i])
                i += 1
            i += 1
            out += _fence(body)
            continue
        directive = _DIRECTIVE.match(line.strip())
        if directive:
            render = ctx.diagram if directive["kind"] == "diagram" else ctx.steps
            out += ["", *render(directive["args"]), ""]
            i += 1
            continue
        admonition = _ADMONITION.match(line)
        if admonition:
            body = []
            i += 1
            while i < len(lines) and (not lines[i].strip() or lines[i].startswith("    ")):
                body.append(lines[i])
                i += 1
            while body and not body[-1].strip():
                body.pop()
            inner = notebook_markdown("\n".join(_dedent(body)), ctx).split("\n")
            title = admonition["title"] or admonition["kind"].capitalize()
            if admonition["mark"].startswith("???"):
                summary = f"<summary>{_WORDS[ctx.lang]['answer']}</summary>"
                out += ["", f"**{title}**", "", "<details>", summary, "", *inner, "", "</details>", ""]
            else:
                out += ["", f"> **{title}**", ">", *[("> " + b).rstrip() for b in inner], ""]
            continue
        line = _MD_LINK.sub(lambda m: f"]({ctx.page_url(m['target'])}{m['anchor'] or ''})", line)
        line = _REF_LINK.sub(lambda m: f"]({ctx.ref_url(m['ident'])})", line)
        out.append(line)
        i += 1
    text = "\n".join(out)
    return re.sub(r"\n{3,}", "\n\n", text)


def page_notebook(
    markdown: str,
    lang: str,
    page_uri: str,
    site_url: str,
    manifest: dict | None = None,
    substitute_tokens: Callable[[str], str] = substitute,
) -> str:
    """The notebook of one page, as ``.ipynb`` JSON text (deterministic: same page, same bytes).

    Parameters
    ----------
    markdown : str
        The page's Markdown source, tokens not yet filled in.
    lang : {"en", "zh"}
        The page's language (its prose, the first cells' words, links into that language's site).
    page_uri : str
        The page's source path under ``docs/`` (``backward-propagation.zh.md``): relative links
        are resolved from it.
    site_url : str
        Where the site is published; links and diagram images point there.
    manifest : dict, optional
        The diagrams' ``manifest.json`` (file names and alt text); without it diagrams are left out.
    """
    import jupytext

    if lang not in _WORDS:
        raise ValueError(f"notebooks: unknown language {lang!r}; choose one of {', '.join(_WORDS)}")
    ctx = _Context(lang, page_uri, site_url, manifest)
    text = notebook_markdown(substitute_tokens(markdown), ctx)
    if lang == "zh":
        text = join_cjk_lines(text)
    heading = _HEADING.search(text)
    title = heading["title"] if heading else PurePosixPath(page_uri).stem
    own_url = ctx.page_url(PurePosixPath(page_uri).name)
    intro = _WORDS[lang]["intro"].format(title=title, url=own_url)
    code = "\n".join(re.findall(r"```python\n(.*?)```", text, re.DOTALL))
    if heading:
        head, rest = text[: heading.end()], text[heading.end() :]
    else:
        head, rest = "", text
    text = head + "\n\n" + intro + "\n\n```python\n" + setup_cell(code, lang) + "\n```\n" + rest
    nb = jupytext.reads(text, fmt="md")
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    for k, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{k:03d}"
        cell["metadata"] = {}
        if cell.cell_type == "code":
            cell["execution_count"] = None
            cell["outputs"] = []
    nb.nbformat, nb.nbformat_minor = 4, 5
    return json.dumps(nb, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def notebook_name(page_uri: str) -> str:
    """``backward-propagation.zh.md`` → ``backward-propagation.zh.ipynb``."""
    return PurePosixPath(page_uri).name.removesuffix(".md") + ".ipynb"


def code_cells(notebook_text: str) -> list[str]:
    """The sources of a notebook's code cells, in order (for running it top to bottom)."""
    nb = json.loads(notebook_text)
    return ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in nb["cells"] if c["cell_type"] == "code"]  # fmt: skip
