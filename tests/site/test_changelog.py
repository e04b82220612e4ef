"""CHANGELOG.md follows Keep a Changelog, and its latest release is the package's version."""

from __future__ import annotations

import re
import tomllib

import graphgrad
from site_tools.paths import REPO

KINDS = ("Added", "Changed", "Deprecated", "Removed", "Fixed", "Security")
RELEASE = re.compile(r"^(\d+\.\d+\.\d+) - (\d{4}-\d{2}-\d{2})$")


def sections(text: str) -> list[tuple[str, list[str], str]]:
    """(release heading, its ### headings, its text) of every ``## `` section."""
    parts = re.split(r"^## (.+)$", text, flags=re.MULTILINE)[1:]
    return [(parts[i].strip(), re.findall(r"^### (.+)$", parts[i + 1], re.MULTILINE), parts[i + 1])
            for i in range(0, len(parts), 2)]  # fmt: skip


def check(text: str) -> list[str]:
    """What is wrong with a changelog's structure (empty when it follows Keep a Changelog)."""
    found = sections(text)
    problems = []
    if not found or found[0][0] != "Unreleased":
        problems.append("the first section must be '## Unreleased'")
    dates = []
    for heading, kinds, body in found:
        if heading != "Unreleased":
            match = RELEASE.match(heading)
            if not match:
                problems.append(f"'## {heading}' is not '## X.Y.Z - YYYY-MM-DD'")
                continue
            dates.append(match.group(2))
        bad = [k for k in kinds if k not in KINDS]
        if bad:
            problems.append(f"{heading}: sections {bad} are not among {', '.join(KINDS)}")
        if len(kinds) != len(set(kinds)):
            problems.append(f"{heading}: a kind of change appears twice")
        if heading != "Unreleased" and not kinds:
            problems.append(f"{heading}: no Added / Changed / Fixed section")
        before_first = body.split("\n### ", 1)[0] if kinds else ""
        if re.search(r"^- ", before_first, re.MULTILINE):
            problems.append(f"{heading}: entries outside Added / Changed / Fixed")
    if dates != sorted(dates, reverse=True):
        problems.append(f"releases are not newest first: {dates}")
    return problems


def test_changelog_follows_keep_a_changelog():
    assert check((REPO / "CHANGELOG.md").read_text(encoding="utf-8")) == []


def test_check_reports_what_is_wrong():
    released = "## 1.0.0 - 2026-01-01\n\n### Added\n\n- x\n"
    assert check(released) == ["the first section must be '## Unreleased'"]
    assert check("## Unreleased\n\n### Engine\n\n- x\n") == [
        "Unreleased: sections ['Engine'] are not among " + ", ".join(KINDS)
    ]
    loose = "## Unreleased\n\n- loose\n\n### Added\n\n- x\n"
    assert check(loose) == ["Unreleased: entries outside Added / Changed / Fixed"]
    assert check("## Unreleased\n\n## 1.0\n") == ["'## 1.0' is not '## X.Y.Z - YYYY-MM-DD'"]


def test_latest_release_is_the_package_version():
    text = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    releases = [RELEASE.match(h).group(1) for h, _, _ in sections(text) if RELEASE.match(h)]
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert releases, "CHANGELOG.md has no release"
    assert project["version"] == releases[0] == graphgrad.__version__
