"""The GitHub Actions workflow: tests on every pull request, publishing only after they passed.

A workflow file is not executed here, so these tests check what can be checked: the events it
runs on, that the test job runs the README's test command on a runner with Debian's Chromium,
Graphviz and Noto CJK, and that the Pages deploy needs the test job.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from site_tools.paths import REPO

WORKFLOWS = REPO / ".github" / "workflows"


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 (PyYAML) reads the bare key `on` as the boolean True.
    if True in data:
        data["on"] = data.pop(True)
    return data


def workflows() -> dict[str, dict]:
    return {path.name: load(path) for path in sorted(WORKFLOWS.glob("*.y*ml"))}


def uses(job: dict, action: str) -> list[dict]:
    """The steps of ``job`` that use ``action`` (``actions/cache``), any version."""
    return [step for step in job.get("steps", []) if str(step.get("uses", "")).startswith(action + "@")]


def steps_text(job: dict) -> str:
    return "\n".join(str(step.get("run", "")) for step in job.get("steps", []))


def needs(job: dict) -> set[str]:
    value = job.get("needs", [])
    return {value} if isinstance(value, str) else set(value)


def find_test_job(workflow: dict) -> tuple[str, dict] | None:
    for name, job in workflow["jobs"].items():
        text = steps_text(job)
        if ".ci/run" in text or "./run test" in text:
            return name, job
    return None


@pytest.fixture(scope="module")
def ci() -> dict:
    found = {name: wf for name, wf in workflows().items() if find_test_job(wf)}
    assert len(found) == 1, f"one workflow should run .ci/run (or ./run test); found {sorted(found)}"
    return next(iter(found.values()))


def test_tests_run_on_pull_requests_and_pushes_to_main(ci: dict):
    events = ci["on"]
    assert "pull_request" in events, events
    push = events.get("push") or {}
    assert "main" in push.get("branches", []), push


def test_test_job_has_debian_browser_graphviz_and_cjk_fonts(ci: dict):
    _, job = find_test_job(ci)
    container = job.get("container")
    image = container.get("image") if isinstance(container, dict) else container
    # Ubuntu's chromium is a snap: the browser tests need Debian's package.
    assert image and image.startswith("debian:"), image
    text = steps_text(job)
    for package in ("chromium", "graphviz", "fonts-noto-cjk"):
        assert package in text.split(), package
    caches = uses(job, "actions/cache")
    assert caches and "pip" in caches[0]["with"]["path"], "the test job should cache pip's downloads"
    assert job["env"]["PIP_CACHE_DIR"] == caches[0]["with"]["path"]


def test_pages_deploy_runs_only_after_the_tests(ci: dict):
    test_name, _ = find_test_job(ci)
    jobs = ci["jobs"]
    deploys = [name for name, job in jobs.items() if uses(job, "actions/deploy-pages")]
    assert deploys, "no job deploys to GitHub Pages"
    for name in deploys:
        assert test_name in needs(jobs[name]), f"{name} does not need {test_name}"
    # The artifact it deploys is built after the tests too, and never for a pull request.
    builders = [name for name, job in jobs.items() if uses(job, "actions/upload-pages-artifact")]
    for name in builders:
        assert test_name in needs(jobs[name]), f"{name} does not need {test_name}"
        assert "pull_request" in jobs[name].get("if", ""), f"{name} would publish a pull request"


def test_no_other_workflow_deploys_without_the_tests():
    for name, wf in workflows().items():
        if find_test_job(wf):
            continue
        for job in wf["jobs"].values():
            assert not uses(job, "actions/deploy-pages"), name


def test_pages_build_takes_the_address_from_the_repository_it_runs_in(ci: dict):
    # A fork publishes itself: mkdocs.yml reads these with !ENV, nothing to edit.
    build = next(job for job in ci["jobs"].values()
                 if any("mkdocs build" in str(s.get("run", "")) for s in job.get("steps", [])))
    step = next(s for s in build["steps"] if "mkdocs build" in str(s.get("run", "")))
    env = step["env"]
    assert "steps.pages.outputs.base_url" in env["SITE_URL"]
    assert "github.repository" in env["REPO_URL"] and "github.repository" in env["REPO_NAME"]
    assert [s.get("id") for s in uses(build, "actions/configure-pages")] == ["pages"]
    mkdocs_yml = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    for var in ("SITE_URL", "REPO_URL", "REPO_NAME"):
        assert f"!ENV [{var}," in mkdocs_yml, var
