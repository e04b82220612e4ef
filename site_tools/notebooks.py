"""Each teaching page as a Jupyter notebook that stands alone: prose, code, images, exercises.

The site's pages are Markdown with runnable ```python fences (plain code, or doctest sessions
that sybil checks).  :func:`page_notebook` turns one page into a notebook a reader can download
alone, into an empty folder, and run on their own machine:

1. the ``[[value …]]`` / ``[[bench …]]`` tokens are filled in (:func:`site_tools.facts.substitute`),
   so the notebook states the numbers the page states;
2. :func:`notebook_markdown` rewrites what only the site understands into plain Markdown that
   Jupyter renders: engine diagrams and the plots become images **embedded** in the notebook
   (``data:`` URLs of their light-palette SVG, which JupyterLab, Notebook and VS Code all show;
   an SVG attachment JupyterLab does not), Material's ``#only-dark`` twins and ``{ … }``
   attribute blocks are dropped, step-throughs become their last frame and a numbered list of
   their captions, admonitions headed blocks (a note stays a note; only a question gets an answer
   section), links to other pages and to the API reference the published site's addresses
   (``site_url``); doctest fences become plain code cells, one per expression whose output the
   page shows (the notebook prints it when run);
3. jupytext reads that Markdown (``python`` fences become code cells, the rest Markdown cells)
   and writes the notebook.  A first code cell says what the notebook needs, installs only what
   is missing (graphgrad from the repository ``repo_url`` names: it is on no package index) and
   checks graphgrad's version; the last cells are the page's exercises
   (:data:`EXERCISES`), one cell to fill in and one that checks it with
   :func:`graphgrad.exercises.check`.

What the build passes in is one :class:`NotebookSite`, made from the MkDocs config
(``NotebookSite.from_config(config)``: ``site_url``, ``repo_url`` and ``docs_dir``), so a fork
that changes ``mkdocs.yml`` gets notebooks that point at itself.

The output is deterministic: no execution counts, no outputs, cell ids numbered in order, so
two builds of the same sources give byte-identical notebooks.

Examples
--------
>>> from site_tools.notebooks import doctest_to_cells
>>> doctest_to_cells(['>>> x = 2', '>>> x * 3', '6', '>>> for i in range(2):', '...     print(i)', '0', '1'])
[['x = 2', 'x * 3'], ['for i in range(2):', '    print(i)']]
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from site_tools.facts import substitute
from site_tools.i18n import page_language
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


@dataclass(frozen=True)
class NotebookSite:
    """What a notebook needs to know about the site it comes from.

    Attributes
    ----------
    site_url : str
        Where the site is published: links to other pages point there.
    repo_url : str
        The repository: the set-up cell installs graphgrad from it when it is missing.
    docs_dir : Path
        The pages' folder, holding the drawn diagrams and plots the notebook embeds.
    """

    site_url: str
    repo_url: str
    docs_dir: Path
    _cache: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_config(cls, config: Any) -> NotebookSite:
        """From the MkDocs config (``site_url``, ``repo_url``, ``docs_dir``): all a hook passes."""
        site_url, repo_url = config["site_url"] or "/", config["repo_url"]
        if not repo_url:
            raise ValueError(
                "notebooks: mkdocs.yml has no repo_url; the set-up cell installs graphgrad from it"
            )
        return cls(site_url, repo_url.rstrip("/"), Path(config["docs_dir"]))

    @property
    def manifest(self) -> dict:
        """The diagrams' ``manifest.json`` (file names and alt text), read once."""
        if "manifest" not in self._cache:
            path = self.docs_dir / "assets" / "diagrams" / "manifest.json"
            self._cache["manifest"] = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        return self._cache["manifest"]


#: What the link above each page says.
LINK_TEXT = {"en": "Download this page as a notebook", "zh": "下载本页的 Jupyter 笔记本"}

_WORDS = {
    "en": {
        "intro": "This notebook is the page [{title}]({url}) of *Why backpropagation is efficient*, "
        "with its code ready to run. Run the cells from top to bottom. The first one checks that "
        "graphgrad {version} or newer is installed{extra}, and installs only what is missing: "
        "graphgrad from its repository, <{repo}> (it is on no package index; with a checkout, "
        "`pip install /path/to/your/checkout` does the same). The last cells are exercises: "
        "fill in your answer and run the check below it.",
        "extra": " (with {modules})",
        "answer": "Answer",
        "widget": "*An interactive figure stands here on the [page on the site]({url}).*",
        "steps": "Backward propagation, one node at a time:",
        "setup": [
            "# What this notebook needs, installed only when missing:",
            "#   graphgrad {version} or newer, which is on no package index: from its repository",
            "#     pip install \"git+{repo}\"",
            "#   or from a checkout of it: pip install /path/to/your/checkout",
        ],
        "pip_line": "#   {pip}: pip install {pip}",
        "dot_line": "#   and Graphviz's dot program for the diagrams: apt-get install graphviz",
        "old": "graphgrad {have} is older than this notebook needs ({need}): update it with "
        "pip install --upgrade \"git+{repo}\" (or from your checkout)",
        "exercises": "## Your turn",
        "exercises_intro": "Fill in the cell, then run the check under it: it says whether your "
        "answer is right and gives a hint if it is not, without showing the answer.",
        "kinds": {"note": "Note", "info": "Info", "tip": "Tip", "abstract": "Summary", "warning": "Warning",
                  "example": "Example", "question": "Question", "quote": "Quote", "danger": "Danger"},
    },
    "zh": {
        "intro": "本笔记本对应本站《为什么反向传播更高效》的 [{title}]({url}) 一页，代码可以直接运行。"
        "请从上到下依次运行各个单元格。第一个单元格检查是否装有 graphgrad {version} 或更新的版本{extra}，"
        "只安装缺少的部分：graphgrad 从它的代码仓库 <{repo}> 安装（它不在任何软件包索引上；"
        "如果有代码仓库的本地副本，`pip install /path/to/your/checkout` 效果相同）。"
        "最后几个单元格是练习：填写你的答案，再运行它下面的检查单元格。",
        "extra": "（以及 {modules}）",
        "answer": "答案",
        "widget": "*这里是一个交互式图示，请在[网站上的本页]({url})查看。*",
        "steps": "反向传播，一次处理一个节点：",
        "setup": [
            "# 本笔记本需要以下软件，只在缺少时安装：",
            "#   graphgrad {version} 或更新的版本。它不在任何软件包索引上，请从代码仓库安装",
            "#     pip install \"git+{repo}\"",
            "#   或者从本地副本安装：pip install /path/to/your/checkout",
        ],
        "pip_line": "#   {pip}：pip install {pip}",
        "dot_line": "#   画图还需要 Graphviz 的 dot 程序：apt-get install graphviz",
        "old": "graphgrad {have} 比本笔记本需要的版本（{need}）旧，请用 "
        "pip install --upgrade \"git+{repo}\" 更新（或从本地副本安装）",
        "exercises": "## 动手练习",
        "exercises_intro": "填写单元格，再运行下面的检查单元格：它会告诉你答案对不对，"
        "不对时给出提示，但不会显示答案。",
        "kinds": {"note": "附注", "info": "说明", "tip": "提示", "abstract": "摘要", "warning": "注意",
                  "example": "示例", "question": "思考题", "quote": "引用", "danger": "危险"},
    },
}  # fmt: skip

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<mark>`{3,}|~{3,})(?P<info>.*)$")
_DIRECTIVE = re.compile(r"^\[\[(?P<kind>diagram|steps)\b(?P<args>[^\]]*)\]\]\s*$")
_ADMONITION = re.compile(
    r'^(?P<mark>!!!|\?\?\?\+?)\s+(?P<kind>[\w-]+)(?P<classes>(?:\s+[\w-]+)*)(?:\s+"(?P<title>[^"]*)")?\s*$'
)
_MD_LINK = re.compile(r"\]\((?P<target>[^)\s#]+\.md)(?P<anchor>#[^)\s]*)?\)")
_REF_LINK = re.compile(r"\]\[(?P<ident>graphgrad(?:\.\w+)*)\]")
#: A Markdown image with a file path, and Material's optional ``#only-light``/``#only-dark``
#: suffix and ``{ loading=lazy }`` attribute block.
_IMAGE = re.compile(
    r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s#]+)(?P<only>#only-(?:light|dark))?\)(?P<attrs>\{[^}\n]*\})?"
)
#: Material's content tabs (``=== "d = 1"``) and the mount point of an interactive figure.
_TAB = re.compile(r'^===\+?\s+"(?P<title>[^"]*)"\s*$')
_WIDGET = re.compile(r"^(<div data-gg-[\w-]+>\s*</div>|\[\[(sweeps|editable)\b[^\]]*\]\])\s*$")
_INVISIBLE = re.compile(r"^<!--\s*invisible-code(?:-block)?:\s*python\s*$")
_SKIP_NEXT = re.compile(r"^<!--\s*skip:\s*next\s*-->\s*$")
_HEADING = re.compile(r"^#\s+(?P<title>.+?)\s*$", re.MULTILINE)

#: Modules a page's code may need beyond graphgrad and numpy: (what shows it, the pip package).
_NEEDS = {
    "sklearn": (("load_digits", "sklearn"), "scikit-learn"),
    "matplotlib": (("matplotlib",), "matplotlib"),
    "graphviz": (("graphgrad.viz", "from graphgrad import viz", "to_dot(", "render_svg("), "graphviz"),
}

_MIME = {".svg": "image/svg+xml", ".png": "image/png"}


def embedded_image(path: Path, alt: str) -> str:
    """A Markdown image whose data travels with the notebook: a ``data:`` URL of the file.

    Raises ``ValueError`` naming the file when it is missing (a notebook never links an image).
    """
    if path.suffix not in _MIME:
        raise ValueError(f"notebooks: cannot embed {path.name}: only {', '.join(_MIME)} images")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ValueError(
            f"notebooks: the image {path} does not exist (draw the diagrams and plots first)"
        ) from None
    alt = alt.replace("[", "(").replace("]", ")")
    return f"![{alt}](data:{_MIME[path.suffix]};base64,{base64.b64encode(data).decode('ascii')})"


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
    return [module for module, (hints, _) in _NEEDS.items() if any(h in code for h in hints)]


def _version_tuple(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", version)[:3])


def setup_cell(code: str, lang: str, repo_url: str, version: str) -> str:
    """The first code cell: say what the notebook needs, install only what is missing, check versions.

    graphgrad is installed from ``repo_url`` (never by name: it is on no package index) and only
    when it cannot be imported, so a graphgrad the reader already has is never replaced; the other
    packages the page's code uses are installed by their own names when missing.
    """
    words = _WORDS[lang]
    modules = _needed_modules(code)
    lines = [w.format(version=version, repo=repo_url) for w in words["setup"]]
    lines += [words["pip_line"].format(pip=_NEEDS[m][1]) for m in modules]
    if "graphviz" in modules:
        lines.append(words["dot_line"])
    old = words["old"].format(have="{have}", need=version, repo=repo_url)
    lines += [
        "import importlib.util",
        "import re",
        "import subprocess",
        "import sys",
        "",
        f'REPOSITORY = "{repo_url}"',
        f"NEEDED = {_version_tuple(version)!r}",
        "missing = []",
        *[
            f"if importlib.util.find_spec({m!r}) is None:\n    missing.append({_NEEDS[m][1]!r})"
            for m in modules
        ],
        'if importlib.util.find_spec("graphgrad") is None:',
        '    missing.insert(0, "git+" + REPOSITORY)',
        "if missing:",
        '    print("pip install", *missing)',
        '    subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", *missing])',
        "    importlib.invalidate_caches()",
        "",
        "import graphgrad",
        "",
        f"OLD = {old!r}",
        'if tuple(int(p) for p in re.findall(r"\\d+", graphgrad.__version__)[:3]) < NEEDED:',
        "    raise ImportError(OLD.format(have=graphgrad.__version__))",
        'print("graphgrad", graphgrad.__version__)',
    ]
    return "\n".join(lines)


class _Context:
    """What the rewriting needs to know about the page: language, its folder, the site."""

    def __init__(self, lang: str, page_uri: str, site: NotebookSite) -> None:
        self.lang = lang
        self.site = site
        self.site_url = site.site_url.rstrip("/") + "/"
        self.lang_root = self.site_url + ("zh/" if lang == "zh" else "")
        self.page_dir = PurePosixPath(page_uri).parent
        self.manifest = site.manifest
        self.own_url = self.page_url(PurePosixPath(page_uri).name)

    def page_url(self, md_target: str) -> str:
        """``chain-rule.md`` (relative to this page) → its URL on the published site."""
        stem = self._resolve(md_target).removesuffix(".md")
        if stem.endswith(".zh"):
            stem = stem.removesuffix(".zh")
        if stem == "index" or stem.endswith("/index"):
            stem = stem.removesuffix("index").rstrip("/")
        return self.lang_root + (stem + "/" if stem else "")

    def _resolve(self, target: str) -> str:
        """A path relative to this page → the path under ``docs/``."""
        parts: list[str] = []
        for part in (self.page_dir / target).parts:
            if part == "..":
                parts = parts[:-1]
            elif part != ".":
                parts.append(part)
        return "/".join(parts)

    def ref_url(self, ident: str) -> str:
        """``graphgrad.core.Variable.backward`` → its anchor on the API reference page."""
        parts = ident.split(".")
        pages = {p.name.split(".")[0] for p in (self.site.docs_dir / "reference").glob("*.md")} - {"index"}
        page = parts[1] if len(parts) > 1 and parts[1] in pages else ""
        return self.lang_root + "reference/" + (page + "/" if page else "") + "#" + ident

    def picture(self, match: re.Match[str]) -> str:
        """A Markdown image of the page: embedded in its light palette; its dark twin dropped."""
        if match["only"] == "#only-dark":
            return ""
        src = match["src"]
        if re.match(r"^(?:[a-z]+:)?//|^data:", src):
            raise ValueError(
                f"notebooks: the image {src} is not in the repository; a notebook embeds its images"
            )
        return embedded_image(self.site.docs_dir / self._resolve(src), match["alt"])

    def diagram_image(self, entry: dict) -> str:
        return embedded_image(
            self.site.docs_dir / "assets" / "diagrams" / entry["files"][self.lang]["light"],
            entry["alt"][self.lang],
        )

    def diagram(self, args: str) -> list[str]:
        words, options = parse_args(args)
        entry = self.manifest.get("diagrams", {}).get(words[0] if words else "")
        if entry is None:
            raise ValueError(f"notebooks: no drawn diagram for [[diagram{args}]] (draw the diagrams first)")
        mode = words[1] if len(words) > 1 else "forward"
        target = entry[mode]
        node = options.get("highlight")
        if node is not None:
            for key, h in entry["highlights"][mode].items():
                if node == key or node in h["aliases"]:
                    target = h
        return [self.diagram_image(target)]

    def steps(self, args: str) -> list[str]:
        words = args.split()
        entry = self.manifest.get("diagrams", {}).get(words[0] if words else "")
        key = "steps" if len(words) < 2 else f"steps_{words[1]}"
        if entry is None or key not in entry:
            raise ValueError(
                f"notebooks: no drawn step-through for [[steps{args}]] (draw the diagrams first)"
            )
        frames = entry[key]["frames"]
        out = [self.diagram_image(frames[-1]), ""]
        label = entry[key].get("label", {}).get(self.lang)
        out.append(label + ("：" if self.lang == "zh" else ":") if label else _WORDS[self.lang]["steps"])
        out.append("")
        out += [f"{k}. {frame['alt'][self.lang]}" for k, frame in enumerate(frames, start=1)]
        return out


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


def admonition_block(kind: str, title: str | None, inner: list[str], lang: str) -> list[str]:
    """An admonition as a headed Markdown block: a question with an answer section, else a quote.

    >>> admonition_block("note", "A little history", ["Linnainmaa, 1970."], "en")
    ['> **Note: A little history**', '>', '> Linnainmaa, 1970.']
    >>> admonition_block("question", "Why?", ["Because."], "zh")[:2]
    ['**思考题：Why?**', '']
    """
    words = _WORDS[lang]
    while inner and not inner[0].strip():
        inner = inner[1:]
    kind_word = words["kinds"].get(kind, kind.capitalize())
    colon = "：" if lang == "zh" else ": "
    heading = f"{kind_word}{colon}{title}" if title else kind_word
    if kind == "question":
        summary = f"<summary>{words['answer']}</summary>"
        return [f"**{heading}**", "", "<details>", summary, "", *inner, "", "</details>"]
    return [f"> **{heading}**", ">", *[("> " + b).rstrip() for b in inner]]


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
        tab = _TAB.match(line)
        if tab:  # a content tab: its title in bold, then its content
            body = []
            i += 1
            while i < len(lines) and (not lines[i].strip() or lines[i].startswith("    ")):
                body.append(lines[i])
                i += 1
            inner = notebook_markdown("\n".join(_dedent(body)), ctx)
            out += ["", f"**{tab['title']}**", "", inner.strip("\n"), ""]
            continue
        if _WIDGET.match(line):
            out += ["", _WORDS[ctx.lang]["widget"].format(url=ctx.own_url), ""]
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
            out += ["", *admonition_block(admonition["kind"], admonition["title"], inner, ctx.lang), ""]
            continue
        if _IMAGE.search(line):
            line = _IMAGE.sub(ctx.picture, line)
            if not line.strip():  # the dark twin of an image, dropped
                i += 1
                continue
        line = _MD_LINK.sub(lambda m: f"]({ctx.page_url(m['target'])}{m['anchor'] or ''})", line)
        line = _REF_LINK.sub(lambda m: f"]({ctx.ref_url(m['ident'])})", line)
        out.append(line)
        i += 1
    text = "\n".join(out)
    return re.sub(r"\n{3,}", "\n\n", text)


@dataclass(frozen=True)
class NotebookExercise:
    """One exercise at the end of a page's notebook, checked by :func:`graphgrad.exercises.check`.

    ``prompt`` says what to work out, ``cell`` is the code the reader completes (per language),
    ``answer`` the name in that cell the check receives (a variable or a function).
    """

    name: str
    prompt: dict[str, str]
    cell: dict[str, str]
    answer: str = "answer"


#: The exercises of each teaching page's notebook, by page (variants of the page's compute
#: questions, whose worked answers the notebook already shows, or functions to write).
EXERCISES: dict[str, list[NotebookExercise]] = {
    "computational-graphs": [
        NotebookExercise(
            "computational_graphs.recompute",
            {
                "en": "A receipt lists **six** kinds of fruit: each price times its count, the six amounts "
                "added from left to right, then the tax. The price of the **third** kind changes. How "
                "many nodes must run again?",
                "zh": "一张收据上有**六**种水果：每种的单价乘以个数，六个金额从左到右相加，再乘以消费税。"
                "**第三种**水果的单价变了。要重新计算几个节点？",
            },
            {"en": "answer = ...  # a whole number", "zh": "answer = ...  # 一个整数"},
        )
    ],
    "chain-rule": [
        NotebookExercise(
            "chain_rule.paths",
            {
                "en": "For e = (a + b)(b + 1) at **a = 1, b = 4**, add up the contributions of the two paths "
                "from b to e. What is ∂e/∂b?",
                "zh": "对 e = (a + b)(b + 1)，取 **a = 1、b = 4**，"
                "把从 b 到 e 的两条路径的贡献相加。∂e/∂b 是多少？",
            },
            {"en": "answer = ...  # a number", "zh": "answer = ...  # 一个数"},
        )
    ],
    "backward-propagation": [
        NotebookExercise(
            "backward_propagation.mul_backward",
            {
                "en": "Write the multiply node's backward pass: given the upstream derivative `dout` and the "
                "inputs `x`, `y` of the forward pass, return `(dx, dy)`.",
                "zh": "写出乘法节点的反向传播：已知上游导数 `dout` 和正向传播时的输入 `x`、`y`，"
                "返回 `(dx, dy)`。",
            },
            {
                "en": 'def mul_backward(dout, x, y):\n    """Return (dx, dy)."""\n    ...  # your code',
                "zh": 'def mul_backward(dout, x, y):\n    """返回 (dx, dy)。"""\n    ...  # 你的代码',
            },
            "mul_backward",
        )
    ],
    "layers": [
        NotebookExercise(
            "layers.softmax_loss_backward",
            {
                "en": "Write the backward pass of Softmax-with-Loss for a batch: `scores` has shape (N, C), "
                "`labels` holds N class indices, and the loss is the mean over the batch. Return ∂L/∂scores "
                "with numpy only.",
                "zh": "写出一个 mini-batch 的 Softmax-with-Loss 层的反向传播：`scores` 的形状是 (N, C)，"
                "`labels` 是 N 个类别编号，损失取 mini-batch 上的平均值。只用 numpy，返回 ∂L/∂scores。",
            },
            {
                "en": "import numpy as np\n\n\ndef softmax_loss_backward(scores, labels):\n"
                '    """Return dL/dscores, shape (N, C)."""\n    ...  # your code',
                "zh": "import numpy as np\n\n\ndef softmax_loss_backward(scores, labels):\n"
                '    """返回 dL/dscores，形状为 (N, C)。"""\n    ...  # 你的代码',
            },
            "softmax_loss_backward",
        )
    ],
    "draw-your-own-graph": [
        NotebookExercise(
            "draw_your_own_graph.neuron_grad",
            {
                "en": "For the neuron y = sigmoid(x w + b) at **x = 2, w = −0.5, b = 1.3**, work out "
                "∂y/∂x by hand, node by node backward.",
                "zh": "对神经元 y = sigmoid(x w + b)，取 **x = 2、w = −0.5、b = 1.3**，"
                "沿节点往回逐个计算，手算 ∂y/∂x。",
            },
            {"en": "answer = ...  # a number", "zh": "answer = ...  # 一个数"},
        )
    ],
    "efficiency": [
        NotebookExercise(
            "efficiency.sweeps",
            {
                "en": "f maps ℝ²⁰⁰ to ℝ³. How many forward-mode sweeps and how many backward sweeps give its "
                "whole Jacobian?",
                "zh": "f 把 ℝ²⁰⁰ 映射到 ℝ³。求出它的整个雅可比矩阵，前向模式要走几趟？反向模式要走几趟？",
            },
            {
                "en": "answer = ...  # two numbers: (forward-mode sweeps, backward sweeps)",
                "zh": "answer = ...  # 两个数：(前向模式的趟数, 反向模式的趟数)",
            },
        ),
        NotebookExercise(
            "efficiency.checkpoint_bytes",
            {
                "en": "A chain of **36** layers tanh(h W) of width **32** on a batch of **128** "
                "float64 rows, "
                "summed at the end: how many bytes does its graph keep, and how many with **6** "
                "checkpointed segments?",
                "zh": "一条 **36** 层的链 tanh(h W)，宽度 **32**，batch 为 **128** 行 float64，最后求和："
                "它的计算图保存多少字节？切成 **6** 段并使用检查点时呢？",
            },
            {
                "en": "answer = ...  # two numbers: (plain, checkpointed)",
                "zh": "answer = ...  # 两个数：(不用检查点, 使用检查点)",
            },
        ),
    ],
    "measurements": [
        NotebookExercise(
            "measurements.backward_flops",
            {
                "en": "The two matrix products of the **64-50-10** network of the training page, "
                "on a batch of "
                "100 digits (the data a constant): how many flops does the backward pass spend on them?",
                "zh": "训练一页的 **64-50-10** 网络，batch 为 100 张数字图像（数据是常量）："
                "反向传播在它的两个矩阵乘积上要做多少次浮点运算？",
            },
            {"en": "answer = ...  # a whole number", "zh": "answer = ...  # 一个整数"},
        )
    ],
    "training": [
        NotebookExercise(
            "training.relative_error",
            {
                "en": "Write the relative error a gradient check reports: the largest, over all elements, of "
                "`abs(backprop - numerical) / max(abs(backprop), abs(numerical), 1e-8)`.",
                "zh": "写出梯度确认报告的相对误差：对所有元素取 "
                "`abs(backprop - numerical) / max(abs(backprop), abs(numerical), 1e-8)` 的最大值。",
            },
            {
                "en": "import numpy as np\n\n\ndef relative_error(backprop, numerical):\n"
                '    """The largest relative difference of two arrays."""\n    ...  # your code',
                "zh": "import numpy as np\n\n\ndef relative_error(backprop, numerical):\n"
                '    """两个数组之间最大的相对差。"""\n    ...  # 你的代码',
            },
            "relative_error",
        )
    ],
}


def exercise_cells(page_uri: str, lang: str) -> list[Any]:
    """The notebook's last cells for a page: a heading, then per exercise its prompt, the cell to
    fill in (tagged ``exercise``) and the cell that checks it (tagged ``check``)."""
    stem = PurePosixPath(page_uri).name.split(".")[0]
    if stem not in EXERCISES:
        raise ValueError(f"notebooks: the teaching page {page_uri} has no exercises in EXERCISES")
    words = _WORDS[lang]
    cells = [_markdown_cell(f"{words['exercises']}\n\n{words['exercises_intro']}")]
    for k, ex in enumerate(EXERCISES[stem], start=1):
        cells.append(_markdown_cell(f"**{k}.** {ex.prompt[lang]}"))
        cells.append(_code_cell(ex.cell[lang], {"tags": ["exercise"], "exercise": ex.name}))
        lang_arg = ', lang="zh"' if lang == "zh" else ""
        check = f'from graphgrad import exercises\n\nexercises.check("{ex.name}", {ex.answer}{lang_arg})'
        cells.append(_code_cell(check, {"tags": ["check"], "exercise": ex.name}))
    return cells


def _markdown_cell(text: str) -> Any:
    import nbformat

    return nbformat.v4.new_markdown_cell(text)


def _code_cell(text: str, metadata: dict) -> Any:
    import nbformat

    return nbformat.v4.new_code_cell(text, metadata=metadata)


def page_notebook(
    markdown: str,
    page_uri: str,
    site: NotebookSite,
    substitute_tokens: Callable[[str], str] = substitute,
) -> str:
    """The notebook of one page, as ``.ipynb`` JSON text (deterministic: same page, same bytes).

    Parameters
    ----------
    markdown : str
        The page's Markdown source, tokens not yet filled in.
    page_uri : str
        The page's source path under ``docs/`` (``backward-propagation.zh.md``): its language
        (``.zh.md``: Chinese) and the folder relative links are resolved from.
    site : NotebookSite
        The site's address, repository and pages folder (:meth:`NotebookSite.from_config`).

    Raises
    ------
    ValueError
        An image, diagram or step-through the page shows is not drawn, or the page has no
        exercises: a notebook never ships without its pictures or its exercises.
    """
    import jupytext

    from graphgrad import __version__

    lang = page_language(page_uri)  # site_tools.i18n: the one place the site decides it
    ctx = _Context(lang, page_uri, site)
    text = notebook_markdown(substitute_tokens(markdown), ctx)
    if lang == "zh":
        text = join_cjk_lines(text)
    heading = _HEADING.search(text)
    title = heading["title"] if heading else PurePosixPath(page_uri).stem
    own_url = ctx.own_url
    code = "\n".join(re.findall(r"```python\n(.*?)```", text, re.DOTALL))
    words = _WORDS[lang]
    modules = ", ".join(_NEEDS[m][1] for m in _needed_modules(code))
    extra = words["extra"].format(modules=modules) if modules else ""
    intro = words["intro"].format(
        title=title, url=own_url, version=__version__, repo=site.repo_url, extra=extra
    )
    if heading:
        head, rest = text[: heading.end()], text[heading.end() :]
    else:
        head, rest = "", text
    setup = setup_cell(code, lang, site.repo_url, __version__)
    text = head + "\n\n" + intro + "\n\n```python\n" + setup + "\n```\n" + rest
    nb = jupytext.reads(text, fmt="md")
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    for cell in nb.cells:
        cell["metadata"] = {}
    nb.cells = [*nb.cells, *exercise_cells(page_uri, lang)]
    for k, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{k:03d}"
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
