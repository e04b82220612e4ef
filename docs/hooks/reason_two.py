"""MkDocs hook: the reason-two figure (``<div data-gg-sweeps></div>`` on a line of its own).

Before the build it draws the figure's graphs into ``docs/assets/sweeps`` (not committed); on a page it
puts the figure, with the sweeps the engine counted for every size, in place of the line.
The logic is in :mod:`site_tools.reason_two`; docs/assets/javascripts/sweeps.js makes it playable.
"""

from __future__ import annotations

import sys
from pathlib import Path, PurePosixPath

_ROOT = str(Path(__file__).resolve().parents[2])  # the repository root, where site_tools/ sits
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from mkdocs.exceptions import PluginError  # noqa: E402

from site_tools import reason_two  # noqa: E402

LINE = "<div data-gg-sweeps></div>"
FOLDER = PurePosixPath("assets", "sweeps")
_data: dict = {}


def on_pre_build(config, **kwargs):
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return  # the nested build of another language: drawn already
    try:
        reason_two.render_svgs(Path(config.docs_dir) / FOLDER)
    except (OSError, RuntimeError) as exc:
        raise PluginError(f"reason-two figure: {' '.join(str(exc).split())}") from None


def on_page_markdown(markdown, page, config, files, **kwargs):
    if LINE not in markdown:
        return markdown
    if not _data:
        _data.update(reason_two.export())
    suffixes = PurePosixPath(page.file.src_uri).suffixes
    lang = "zh" if len(suffixes) >= 2 and suffixes[-2] == ".zh" else "en"

    def url(name: str) -> str:
        target = files.get_file_from_path((FOLDER / name).as_posix())
        if target is None:
            raise PluginError(f"{page.file.src_uri}: the reason-two figure's {name} was not drawn")
        return target.url_relative_to(page.file)

    lines = markdown.split("\n")
    if sum(line.strip() == LINE for line in lines) != markdown.count(LINE):
        raise PluginError(f"{page.file.src_uri}: write {LINE} on a line of its own")
    block = reason_two.render_block(lang, _data, url)
    return "\n".join("\n" + block + "\n" if line.strip() == LINE else line for line in lines)
