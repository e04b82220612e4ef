"""The Lighthouse check (scripts/lighthouse.py, site_tools/lighthouse*.py) without Lighthouse.

Running Lighthouse on every page takes about half an hour, so it is a documented check
(CONTRIBUTING.md), not part of the test run. Here: its arguments, its reading and writing of the
results file, the committed results covering every page, and the gzip server it measures.
"""

from __future__ import annotations

import gzip
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from site_support import source_pages

from site_tools import lighthouse
from site_tools.gzip_server import GzipSiteServer
from site_tools.lighthouse_cli import main, parse_args


def fake_report(performance=0.96, tbt=120.4, lcp=2300.6) -> dict:
    categories = {"performance": performance, "accessibility": 1, "best-practices": 1, "seo": 1}
    return {
        "categories": {name: {"score": score} for name, score in categories.items()},
        "audits": {
            "total-blocking-time": {"numericValue": tbt},
            "largest-contentful-paint": {"numericValue": lcp},
        },
    }


def results_for(pages: dict[str, int]) -> dict:
    entries = {}
    for page, performance in pages.items():
        summary = lighthouse.summarize(fake_report(performance / 100))
        entries[page] = summary | {"performance_runs": [performance], "load_1min": [0.5]}
    return {
        "lighthouse": lighthouse.LIGHTHOUSE_VERSION,
        "runs_per_page": 1,
        "load_average": {"start": [0.5, 0.4, 0.3], "end": [0.6, 0.4, 0.3]},
        "pages": entries,
    }


# -- arguments ---------------------------------------------------------------------------------


@pytest.fixture
def chrome(tmp_path: Path) -> str:
    path = tmp_path / "chromium"
    path.write_text("#!/bin/sh\n", encoding="utf-8")
    return str(path)


def test_defaults_measure_every_page_three_times_into_the_committed_file(chrome):
    args = parse_args(["--chrome", chrome])
    assert (args.site, args.runs, args.pages, args.check) == (None, 3, None, False)
    assert args.output == lighthouse.RESULTS_FILE
    assert args.output.relative_to(lighthouse.REPO).as_posix() == "benchmarks/results/lighthouse.json"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--runs", "0"], "--runs must be at least 1, got 0"),
        (["--runs", "two"], "invalid int value: 'two'"),
        (["--site", "{tmp}/nowhere"], "not a built site (no index.html there)"),
        (["--chrome", "{tmp}/no-chromium"], "no Chromium at"),
    ],
)
def test_bad_arguments_are_named(argv, message, chrome, tmp_path, capsys):
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    if "--chrome" not in argv:
        argv += ["--chrome", chrome]
    with pytest.raises(SystemExit) as exit_:
        parse_args(argv)
    assert exit_.value.code == 2
    assert message in capsys.readouterr().err


def test_check_reads_the_results_and_fails_below_the_aim(tmp_path, capsys):
    path = tmp_path / "lighthouse.json"
    lighthouse.write_results(results_for({"": 97, "zh/layers/": 93}), path)
    assert main(["--check", "--output", str(path)]) == 1
    err = capsys.readouterr().err
    assert "below the aim: zh/layers/: performance 93 < 95" in err
    assert "lowest performance 93 (/zh/layers/)" in err
    lighthouse.write_results(results_for({"": 97, "zh/layers/": 95}), path)
    assert main(["--check", "--output", str(path)]) == 0


def test_check_without_a_results_file_says_so(tmp_path, capsys):
    assert main(["--check", "--output", str(tmp_path / "none.json")]) == 2
    assert "none.json: no such file (run scripts/lighthouse.py)" in capsys.readouterr().err


# -- reports and results -----------------------------------------------------------------------


def test_a_report_is_summarized_to_whole_scores_and_milliseconds():
    assert lighthouse.summarize(fake_report(0.955, 149.5, 2499.4)) == {
        "performance": 96,
        "accessibility": 100,
        "best_practices": 100,
        "seo": 100,
        "tbt_ms": 150,
        "lcp_ms": 2499,
    }
    broken = fake_report()
    broken["categories"]["seo"]["score"] = None  # a category that failed to run
    with pytest.raises(lighthouse.LighthouseError, match="a Lighthouse report without"):
        lighthouse.summarize(broken)


def test_runs_are_kept_as_their_median():
    runs = [lighthouse.summarize(fake_report(p / 100, tbt)) for p, tbt in [(90, 400), (97, 90), (95, 150)]]
    assert lighthouse.median_summary(runs)["performance"] == 95
    assert lighthouse.median_summary(runs)["tbt_ms"] == 150
    with pytest.raises(lighthouse.LighthouseError):
        lighthouse.median_summary([])


def test_results_round_trip_and_leave_no_temporary_file(tmp_path):
    path = tmp_path / "out" / "lighthouse.json"
    results = results_for({"": 97, "zh/": 96})
    lighthouse.write_results(results, path)
    assert lighthouse.read_results(path) == results
    assert [p.name for p in path.parent.iterdir()] == ["lighthouse.json"]
    assert path.read_text(encoding="utf-8").endswith("}\n")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not JSON"),
        ("[1, 2]", "the results must be a JSON object"),
        ('{"lighthouse": "12.2.3"}', "no runs_per_page, load_average, pages"),
        ('{"lighthouse": "1", "runs_per_page": 1, "load_average": {}, "pages": {}}', "no pages"),
        (
            '{"lighthouse": "1", "runs_per_page": 1, "load_average": {},'
            ' "pages": {"zh/": {"performance": 9}}}',
            "page /zh/ has no accessibility, best_practices, seo, tbt_ms, lcp_ms",
        ),
    ],
)
def test_a_bad_results_file_is_named_with_what_is_wrong(content, message, tmp_path):
    path = tmp_path / "lighthouse.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(lighthouse.LighthouseError, match="lighthouse.json: " + message):
        lighthouse.read_results(path)


def test_a_bad_results_object_is_not_written(tmp_path):
    path = tmp_path / "lighthouse.json"
    with pytest.raises(lighthouse.LighthouseError):
        lighthouse.write_results({"pages": {}}, path)
    assert not list(tmp_path.iterdir())


def test_committed_results_cover_every_page_in_both_languages():
    results = lighthouse.read_results()
    assert set(results["pages"]) == {page.url for page in source_pages()}
    assert results["lighthouse"] == lighthouse.LIGHTHOUSE_VERSION
    for page, entry in results["pages"].items():
        assert len(entry["performance_runs"]) == len(entry["load_1min"]) == results["runs_per_page"], page
        runs = [{"performance": run} for run in entry["performance_runs"]]
        assert entry["performance"] == lighthouse.median_summary(runs)["performance"], page


# -- the gzip server ---------------------------------------------------------------------------


def fetch(url: str, gzip_ok: bool = True):
    headers = {"Accept-Encoding": "gzip, deflate"} if gzip_ok else {}
    return urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30)


def test_the_site_is_served_gzip_compressed_under_its_sub_path(tmp_path):
    (tmp_path / "zh").mkdir()
    page = "<!doctype html><p>" + "反向传播 " * 400 + "</p>"
    (tmp_path / "zh" / "index.html").write_text(page, encoding="utf-8")
    (tmp_path / "index.html").write_text("<p>home</p>", encoding="utf-8")
    (tmp_path / "font.woff2").write_bytes(bytes(range(256)) * 8)
    with GzipSiteServer(tmp_path, "/graphgrad/") as server:
        with fetch(server.base + "zh/") as reply:
            body = reply.read()
            assert reply.headers["Content-Encoding"] == "gzip"
            assert reply.headers["Content-Type"] == "text/html; charset=utf-8"
            assert reply.headers["Cache-Control"] == "max-age=600"
            assert gzip.decompress(body).decode("utf-8") == page and len(body) < len(page) / 10
        with fetch(server.base + "zh/", gzip_ok=False) as reply:
            assert reply.headers["Content-Encoding"] is None and reply.read().decode("utf-8") == page
        with fetch(server.base + "font.woff2") as reply:  # fonts are compressed already
            assert reply.headers["Content-Encoding"] is None and len(reply.read()) == 2048
        with fetch(server.base + "zh") as reply:  # redirected to zh/, as Pages does
            assert reply.url == server.base + "zh/"
        for outside in (server.base.replace("/graphgrad/", "/"), server.base.replace("/graphgrad/", "/zh/")):
            with pytest.raises(urllib.error.HTTPError) as error:
                fetch(outside)
            assert error.value.code == 404


def test_site_pages_are_both_languages_and_not_assets(built_site):
    assert lighthouse.site_pages(built_site) == sorted(page.url for page in source_pages())
    with pytest.raises(lighthouse.LighthouseError, match="is not a built site"):
        lighthouse.site_pages(built_site / "assets")
