"""Referral flows: validation at build time, routing snapshots, and the static pages of every step."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import GOOD, ROOT
from test_check import edit, shown

from generator import generate
from generator.load.site import load_site
from generator.structure.content import FLOW
from generator.structure.graph import FlowGraph, need_urgencies, option_slug
from generator.tools.snapshots import routing_snapshot

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
FLOW_FILE = "referral/test-flow.yml"


# The fixture's second answer to 'stairs', written in flow style to hold awkward characters on the same lines.
NO_OPTION = ("      - {label: \"no | not #1 `safely` <5 _steps_\", slug: \"no\", needs: [seating],\n"
             "         next: seating-outcome}\n")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param("        next: housing-outcome\n", "        next: housing-outcom\n",
                     "referral/test-flow.yml:26:15: unknown next target 'housing-outcom': no question or outcome "
                     "with that id", id="unknown-next"),
        pytest.param("      - label: The home\n        next: stairs\n        needs:\n          - housing\n", "",
                     "referral/test-flow.yml:18:9: question 'stairs' cannot be reached from the start question",
                     id="unreachable-question"),
        pytest.param(NO_OPTION, "",
                     None, id="still-valid-with-one-option"),
        pytest.param("outcomes:\n", "outcomes:\n  - id: orphan\n    title: Nobody gets here\n    summary: Unused.\n"
                     "    urgency: routine\n    urgency_reason: Nobody waits.\n",
                     "referral/test-flow.yml:30:9: outcome 'orphan' cannot be reached from the start question",
                     id="unreachable-outcome"),
        pytest.param("    options:\n      - label: \"yes\"\n        next: housing-outcome\n" + NO_OPTION, "",
                     "referral/test-flow.yml:22:9: question 'stairs' has no options: add at least one",
                     id="question-without-options"),
        pytest.param("  - id: stairs\n", "  - id: need\n",
                     "referral/test-flow.yml:22:9: duplicate id 'need' in this flow (first used on line 7)",
                     id="duplicate-id"),
        pytest.param("        next: housing-outcome\n", "        next: need\n",
                     "referral/test-flow.yml:26:15: cycle: need -> stairs -> need; flows must not loop back",
                     id="cycle"),
        pytest.param("      - seating\n    checks:", "      - seatin\n    checks:",
                     "referral/test-flow.yml:36:9: unknown specialism 'seatin': no file specialisms/seatin.yml; "
                     "did you mean 'seating'?", id="unknown-specialism"),
        pytest.param("      - hcpc\n", "      - hpc\n",
                     "referral/test-flow.yml:38:9: unknown qualification 'hpc': no file qualifications/hpc.yml; "
                     "did you mean 'hcpc'?", id="unknown-qualification"),
        pytest.param("      - sam\n", "      - samuel\n",
                     "referral/test-flow.yml:40:9: unknown case-study 'samuel': no file case-studies/samuel.md; "
                     "did you mean 'sam'?", id="unknown-case-story"),
    ],
)
def test_each_flow_problem_is_reported_at_its_line(content: Path, old: str, new: str, expected: str | None) -> None:
    edit(content / FLOW_FILE, old, new)
    if expected is None:
        from conftest import run_check

        assert run_check(content).returncode == 0
        return
    found = shown(content)
    assert expected in found, found


def test_paths_longer_than_the_maximum_fail(content: Path) -> None:
    result = generate(content, options=__import__("generator").Options(max_questions=1))
    assert [str(p).replace(str(content) + "/", "") for p in result.problems.errors] == [
        "referral/test-flow.yml:5:8: a path through this flow asks 2 questions; the maximum is 1"
    ]


def test_more_paths_than_the_cap_fail(content: Path) -> None:
    result = generate(content, options=__import__("generator").Options(max_paths=2))
    assert [str(p).replace(str(content) + "/", "") for p in result.problems.errors] == [
        "referral/test-flow.yml:5:8: this flow has 3 paths; the maximum is 2"
    ]


def test_answers_with_the_same_address_fail(content: Path) -> None:
    edit(content / FLOW_FILE, "      - label: The home\n", "      - label: sitting!\n")
    assert "referral/test-flow.yml:18:16: answers 1 and 2 of 'need' share the web address 'sitting'; reword one " \
           "label or give it a `slug`" in shown(content)


def shipped_flows() -> list[object]:
    site, problems = load_site(ROOT / "content")
    assert not problems.errors
    return site.of(FLOW)


@pytest.mark.parametrize("flow", shipped_flows(), ids=lambda f: f.id)
def test_routing_snapshot_is_current(flow: object) -> None:
    """Regenerate with `make snapshots` after an intended change, and review the diff."""
    snapshot = SNAPSHOTS / f"{flow.id}.txt"  # type: ignore[attr-defined]
    table = need_urgencies(load_site(ROOT / "content")[0].terms("needs"))
    text = routing_snapshot(flow.data, table)  # type: ignore[attr-defined]
    if os.environ.get("REGENERATE_SNAPSHOTS") == "1":
        snapshot.parent.mkdir(exist_ok=True)
        snapshot.write_text(text, encoding="utf-8")
    assert snapshot.exists(), f"no snapshot for {flow.id}: run `make snapshots`"  # type: ignore[attr-defined]
    assert text == snapshot.read_text(encoding="utf-8"), "routing changed: run `make snapshots` and review"


def test_routing_snapshot_notices_a_change(content: Path) -> None:
    before = routing_snapshot(load_site(content)[0].get(FLOW, "test-flow").data)
    edit(content / FLOW_FILE, "        next: housing-outcome\n", "        next: seating-outcome\n")
    after = routing_snapshot(load_site(content)[0].get(FLOW, "test-flow").data)
    assert before != after
    assert "The home > yes\n  -> seating-outcome: Instruct a seating OT\n  urgency: soon\n  needs: housing\n" in after


@pytest.mark.parametrize("flow", shipped_flows(), ids=lambda f: f.id)
def test_every_option_lies_on_a_path(flow: object) -> None:
    data = flow.data  # type: ignore[attr-defined]
    used = {(q.id, o.label) for step in FlowGraph(data).paths() for q, o in step.answers}
    every = {(q.id, o.label) for q in data.questions for o in q.options}
    assert every - used == set()
    assert len(FlowGraph(data).paths()) >= 3


def test_every_step_has_a_page_and_every_link_between_steps_resolves() -> None:
    pages = generate(ROOT / "content").pages
    link = re.compile(r"\]\(([^)#\s]+)\)")
    for flow in shipped_flows():
        base = f"referral/{flow.id}"  # type: ignore[attr-defined]
        for required in ("index.md", "how-it-decides.md", "step/index.md"):
            assert f"{base}/{required}" in pages
        graph = FlowGraph(flow.data)  # type: ignore[attr-defined]
        for step in graph.steps():
            path = "/".join((base, "step", *step.slugs, "index.md"))
            assert path in pages, path
            for target in link.findall(pages[path].text):
                if target.startswith(("mailto:", "http")):
                    continue
                resolved = os.path.normpath(os.path.join(os.path.dirname(path), target))
                assert resolved in pages, f"{path} links to missing {target}"


def test_step_pages_stay_out_of_search_and_carry_noindex() -> None:
    pages = generate(GOOD).pages
    step = pages["referral/test-flow/step/the-home/index.md"].text
    assert "search:\n  exclude: true\nrobots: noindex\n" in step
    assert "Question 2 of at most 2" in step
    assert "[Back](../index.md)" in step
    assert "| What is the main need? | The home | [Change](../index.md) |" in step
    start = pages["referral/test-flow/index.md"].text
    assert "exclude" not in start and "noindex" not in start
    outcome = pages["referral/test-flow/step/the-home/yes/index.md"].text
    assert "HCPC registration" not in outcome  # checks belong to the seating outcome only
    seating = pages["referral/test-flow/step/sitting/index.md"].text
    assert ('- <input type="checkbox" id="check-1"> <label for="check-1">HCPC registration</label>: '
            "[how to verify](../../../../qualifications/hcpc.md)") in seating
    assert "- [Seating and postural management](../../../../specialisms/seating.md)" in seating


def test_option_slug_uses_the_first_words_of_the_label() -> None:
    from generator.structure.model import FlowOption

    wheelchair = FlowOption(label="Uses or needs a wheelchair, or sits", next="x")
    assert option_slug(wheelchair) == "uses-or-needs-a-wheelchair"
    assert option_slug(FlowOption(label="Yes", next="x", slug="agree")) == "agree"
