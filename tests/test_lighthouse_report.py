"""`make lighthouse`'s own logic, without Lighthouse: the server gzips text as the host does, the scores are read
and checked against the targets, and `is-crawlable` is left out only on pages that carry noindex."""

from __future__ import annotations

import gzip
import sys
import urllib.request
from pathlib import Path
from typing import Any

from conftest import ROOT

from generator.tools.devserver import serve_folder

sys.path.insert(0, str(ROOT / "benchmarks"))
import lighthouse  # noqa: E402


def _report(scores: dict[str, float], crawlable: float = 1) -> dict[str, Any]:
    """A Lighthouse report in the shape the script reads: SEO from is-crawlable (weight 4) and one other audit."""
    categories: dict[str, Any] = {c: {"score": s, "auditRefs": []} for c, s in scores.items()}
    categories["seo"]["auditRefs"] = [{"id": "is-crawlable", "weight": 4}, {"id": "document-title", "weight": 1}]
    categories["accessibility"]["auditRefs"] = [{"id": "aria-prohibited-attr", "weight": 7}]
    audits = {"is-crawlable": {"score": crawlable}, "document-title": {"score": 1},
              "aria-prohibited-attr": {"score": 1 if scores["accessibility"] == 1 else 0}}
    return {"categories": categories, "audits": audits}


def test_scores_below_target_are_named_with_the_audits_that_lost_points() -> None:
    report = _report({"performance": 0.94, "accessibility": 0.96, "best-practices": 1, "seo": 1})
    audit = lighthouse.summarise("home", "mobile", report, noindex=False)
    assert audit.scores == {"performance": 94, "accessibility": 96, "best-practices": 100, "seo": 100}
    assert audit.below() == ["performance", "accessibility"]
    assert audit.lost_points == ["accessibility: aria-prohibited-attr 0"]


def test_is_crawlable_is_left_out_only_where_the_page_says_noindex() -> None:
    report = _report({"performance": 1, "accessibility": 1, "best-practices": 1, "seo": 0.2}, crawlable=0)
    step = lighthouse.summarise("referral question", "mobile", report, noindex=True)
    assert step.scores["seo"] == 100 and step.lighthouse_seo == 20 and not step.below() and not step.lost_points
    page = lighthouse.summarise("home", "mobile", report, noindex=False)
    assert page.below() == ["seo"] and page.lost_points == ["seo: is-crawlable 0"]


def test_the_table_marks_scores_below_target_and_the_seo_left_without_is_crawlable() -> None:
    ok = _report({"performance": 0.99, "accessibility": 1, "best-practices": 1, "seo": 0.2}, crawlable=0)
    low = _report({"performance": 0.9, "accessibility": 1, "best-practices": 1, "seo": 1})
    audits = [lighthouse.summarise("question", "mobile", ok, noindex=True),
              lighthouse.summarise("question", "desktop", low, noindex=False)]
    table = lighthouse.markdown_table(audits, {"question": "referral/x/step/"})
    assert "| question | mobile | 99 | 100 | 100 | 100\\* (20) |" in table
    assert "| question | desktop | **90** | 100 | 100 | 100 |" in table
    assert "Without `is-crawlable`" in table


def test_the_server_gzips_text_and_leaves_other_files_as_they_are(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<!doctype html><title>Home</title>" + "x" * 2000, encoding="utf-8")
    (tmp_path / "index.pf_meta").write_bytes(gzip.compress(b"already gzipped"))
    with serve_folder(tmp_path, gzip_text=True) as base:
        request = urllib.request.Request(base, headers={"Accept-Encoding": "gzip, deflate"})
        with urllib.request.urlopen(request) as response:  # noqa: S310 - the loopback server above
            assert response.headers["Content-Encoding"] == "gzip"
            assert gzip.decompress(response.read()).decode().startswith("<!doctype html>")
        plain = urllib.request.Request(base, headers={"Accept-Encoding": "identity"})
        with urllib.request.urlopen(plain) as response:  # noqa: S310
            assert response.headers["Content-Encoding"] is None
        other = urllib.request.Request(base + "index.pf_meta", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(other) as response:  # noqa: S310
            assert response.headers["Content-Encoding"] is None
            assert gzip.decompress(response.read()) == b"already gzipped"
