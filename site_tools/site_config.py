"""The site's address and repository, read from mkdocs.yml: the one place that holds them.

mkdocs.yml names them with ``!ENV [VAR, default]``, so the Pages workflow of a fork sets them
from the repository it runs in (``SITE_URL``, ``REPO_URL``, ``REPO_NAME``) and nothing has to
be edited. Everything else (tests, notebooks, ``./run``, the README's clone line) reads them
here, resolved the way MkDocs resolves them: the environment variable when it is set, else the
default written in mkdocs.yml.

Examples
--------
>>> import os
>>> from site_tools.site_config import site_config
>>> fork = {"SITE_URL": "https://ada.github.io/fork/", "REPO_URL": "https://github.com/ada/fork"}
>>> config = site_config(environ=fork)
>>> config.site_path, config.edit_url("chain-rule.zh.md")
('/fork/', 'https://github.com/ada/fork/edit/main/docs/chain-rule.zh.md')
>>> config.clone_command
'git clone https://github.com/ada/fork.git'
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from site_tools.paths import REPO

MKDOCS_YML = REPO / "mkdocs.yml"


@dataclass(frozen=True)
class SiteConfig:
    """``site_url``, ``repo_url``, ``repo_name`` and ``edit_uri`` as MkDocs would resolve them."""

    site_url: str
    repo_url: str
    repo_name: str
    edit_uri: str

    @property
    def site_path(self) -> str:
        """The sub-path the site is served from (``/graphgrad/`` on GitHub Pages)."""
        return urlsplit(self.site_url).path or "/"

    def edit_url(self, src_path: str) -> str:
        """The "edit this page" address of a page source (``chain-rule.md``)."""
        return f"{self.repo_url.rstrip('/')}/{self.edit_uri.strip('/')}/{src_path}"

    @property
    def clone_command(self) -> str:
        """The ``git clone`` line for this repository."""
        return f"git clone {self.repo_url.rstrip('/')}.git"


class _Loader(yaml.SafeLoader):
    """Safe YAML, plus ``!ENV`` (resolved from ``environ``) and the ``!!python/...`` tags ignored."""

    environ: Mapping[str, str] = os.environ


def _env(loader: _Loader, node: yaml.Node):
    # MkDocs' !ENV (pyyaml_env_tag): a variable name, or a list of names then a default.
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        items = loader.construct_sequence(node)
        names, default = items[:-1] if len(items) > 1 else items, items[-1] if len(items) > 1 else None
    for name in names:
        if name in loader.environ:
            return loader.environ[name]
    return default


_Loader.add_constructor("!ENV", _env)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


@lru_cache(maxsize=8)
def _read(path: Path, mtime_ns: int, environ: tuple[tuple[str, str], ...]) -> dict:
    """mkdocs.yml parsed, once per file version and environment (the tests ask thousands of times)."""
    loader_class = type("Loader", (_Loader,), {"environ": dict(environ)})
    return yaml.load(path.read_text(encoding="utf-8"), Loader=loader_class)  # noqa: S506 (safe loader)


def site_config(path: Path = MKDOCS_YML, environ: Mapping[str, str] | None = None) -> SiteConfig:
    """Read the site's address and repository from ``path``, resolving ``!ENV`` from ``environ``.

    Raises
    ------
    ValueError
        When mkdocs.yml does not give a ``site_url`` or a ``repo_url``.
    """
    env = os.environ if environ is None else environ
    data = _read(Path(path), Path(path).stat().st_mtime_ns, tuple(sorted(env.items())))
    missing = [key for key in ("site_url", "repo_url") if not data.get(key)]
    if missing:
        names = " and no ".join(missing)
        raise ValueError(f"{path.name} gives no {names}: set it there (or its !ENV variable)")
    site_url = str(data["site_url"]).rstrip("/") + "/"
    repo_url = str(data["repo_url"]).rstrip("/")
    repo_name = str(data.get("repo_name") or urlsplit(repo_url).path.strip("/"))
    return SiteConfig(site_url, repo_url, repo_name, str(data.get("edit_uri") or "edit/main/docs/"))


if __name__ == "__main__":  # `python -m site_tools.site_config site_path` (used by ./run)
    import sys

    print(getattr(site_config(), sys.argv[1] if len(sys.argv) > 1 else "site_url"))
