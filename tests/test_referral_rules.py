"""Referral routes a clinician would sign: every need collected on a route is met by the result it reaches, and
every result says how urgent it is, raised by answers that make it more urgent."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import GOOD, ROOT, run_check
from test_check import edit, shown

from generator import generate
from generator.config.practice import Practice
from generator.load.site import load_site
from generator.structure.content import FLOW
from generator.structure.graph import FlowGraph, need_urgencies, route_needs, route_urgency
from generator.structure.model import Urgency

FLOW_FILE = "referral/test-flow.yml"



def test_a_need_the_result_does_not_meet_fails_at_the_answer(content: Path) -> None:
    # "The home" reveals a housing need; one of its routes ends at the seating result. Without housing under
    # also_consider there, that route forgets the home.
    edit(content / FLOW_FILE, "    also_consider:\n      - housing\n", "")
    assert shown(content) == [
        "referral/test-flow.yml:19:16: the need 'housing' on this answer of 'need' is not met on its route to the "
        "result 'seating-outcome': no specialism it recommends or lists under also_consider (seating) meets "
        "'housing'; name one that does on 'seating-outcome', add 'housing' to the needs of one it names, or take "
        "the need off this answer"
    ]


def test_a_specialism_that_gains_the_need_satisfies_the_route(content: Path) -> None:
    edit(content / FLOW_FILE, "    also_consider:\n      - housing\n", "")
    edit(content / "specialisms/seating.yml", "needs:\n  - seating\n", "needs:\n  - seating\n  - housing\n")
    assert run_check(content).returncode == 0


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        pytest.param(FLOW_FILE, "          - housing\n", "          - housin\n",
                     "referral/test-flow.yml:23:13: 'housin' is not a term in vocabulary/needs.yml; did you mean "
                     "'housing'?", id="answer-need"),
        pytest.param("specialisms/seating.yml", "  - seating\nsources", "  - postur\nsources",
                     "specialisms/seating.yml:", id="specialism-need"),
    ],
)
def test_needs_are_terms_of_the_needs_vocabulary(content: Path, file: str, old: str, new: str, expected: str) -> None:
    edit(content / file, old, new)
    found = shown(content)
    assert any(line.startswith(expected) and "vocabulary/needs.yml" in line for line in found), found


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param("    urgency: routine\n    urgency_reason: Adaptations are planned over months.\n", "",
                     "referral/test-flow.yml:46:5: missing field 'outcomes[1].urgency'", id="urgency-required"),
        pytest.param("    urgency: routine\n", "    urgency: whenever\n",
                     "referral/test-flow.yml:49:14:", id="urgency-one-of-three"),
    ],
)
def test_every_outcome_has_an_urgency(content: Path, old: str, new: str, expected: str) -> None:
    edit(content / FLOW_FILE, old, new)
    found = shown(content)
    assert any(line.startswith(expected) for line in found), found


def test_the_route_takes_the_highest_urgency_with_every_reason() -> None:
    graph = FlowGraph(load_site(GOOD)[0].get(FLOW, "test-flow").data)
    by_route = {step.slugs: step for step in graph.paths()}
    level, reasons = route_urgency(by_route[("sitting",)])
    assert level is Urgency.urgent  # the outcome says soon; the answer raises it
    assert [(r.urgency, r.answer) for r in reasons] == [(Urgency.urgent, "Sitting"), (Urgency.soon, None)]
    level, reasons = route_urgency(by_route[("the-home", "no")])
    assert level is Urgency.soon and [r.answer for r in reasons] == [None]
    assert route_needs(by_route[("the-home", "no")]) == ["housing", "seating"]
    table = need_urgencies(load_site(GOOD)[0].terms("needs"))
    level, reasons = route_urgency(by_route[("the-home", "no")], table)  # the needs table adds its reason
    assert level is Urgency.soon
    assert [(r.urgency, r.need) for r in reasons] == [(Urgency.soon, None), (Urgency.soon, "seating")]
    level, reasons = route_urgency(by_route[("the-home", "yes")], table)  # routine needs add nothing
    assert level is Urgency.routine and len(reasons) == 1


def test_a_need_sets_the_urgency_of_every_route_that_collects_it(content: Path) -> None:
    """The needs table, not the result, decides: make housing soon and the routine housing result reads soon."""
    edit(content / "vocabulary/needs.yml", "    urgency: routine\n", "    urgency: soon\n")
    pages = generate(content).pages
    text = pages["referral/test-flow/step/the-home/yes/index.md"].text
    assert "Urgency: soon\n" in text and "- soon: Adaptations are planned over months." in text


def test_two_routes_to_the_same_needs_at_different_urgencies_fail_at_the_result(content: Path) -> None:
    """Without the seating need on its answer, 'The home > no' collects only housing, as 'The home > yes' does,
    but ends at a soon result: the one urgency rule is broken, and the check names the line."""
    edit(content / FLOW_FILE, "slug: \"no\", needs: [seating],", "slug: \"no\",")
    found = shown(content)
    assert any(line.startswith("referral/test-flow.yml:36:14: two routes to the same needs (housing) end at "
                               "different urgencies with no answer raising it") and "'The home > yes' ends routine "
               "at 'housing-outcome'" in line for line in found), found


def test_an_answer_that_raises_urgency_keeps_the_rule(content: Path) -> None:
    """The same two routes pass once the more urgent one gives its reason on the answer."""
    edit(content / FLOW_FILE, "slug: \"no\", needs: [seating],",
         "slug: \"no\", raises: {urgency: soon, reason: Stairs are unsafe.},")
    assert run_check(content).returncode == 0


def test_every_need_has_an_urgency_and_a_reason(content: Path) -> None:
    edit(content / "vocabulary/needs.yml", "    urgency: routine\n    urgency_reason: Adaptations are planned over "
         "months.\n", "")
    assert any("term 'housing' has no 'urgency'" in line for line in shown(content))
    edit(content / "vocabulary/conditions.yml", "terms:\n", "terms:\n  - name: zz\n    synonyms: [zed]\n"
         "    urgency: soon\n")
    assert any("'urgency' belongs in vocabulary/needs.yml" in line for line in shown(content))


def test_outcome_page_and_summary_show_the_route_urgency() -> None:
    pages = generate(GOOD).pages
    raised = pages["referral/test-flow/step/sitting/index.md"].text
    assert "Urgent" in raised and "Sore skin can become a pressure injury within days." in raised
    assert "Urgency: urgent\n" in raised  # the case-file summary
    assert "- urgent: Sore skin can become a pressure injury within days. (answer: Sitting)" in raised
    plain = pages["referral/test-flow/step/the-home/yes/index.md"].text
    assert "Urgency: routine\n" in plain and "Adaptations are planned over months." in plain


def test_the_shipped_urgent_routes_are_the_clinicians() -> None:
    """Recent tendon repair, family lifting by hand, and a crisis are urgent however the reader gets there."""
    flow = load_site(ROOT / "content")[0].get(FLOW, "case-manager-referral").data
    urgent = {step.answers[-1][1].label for step in FlowGraph(flow).paths() if route_urgency(step)[0] is Urgency.urgent}
    assert any(label.startswith("Surgery such as a tendon or nerve repair") for label in urgent)
    assert any(label.startswith("Family or carers lift or move the client by hand") for label in urgent)
    assert "Yes, or I am not sure" in urgent


def test_each_flows_actions_follow_its_audience() -> None:
    """Therapists' tools speak to therapists: no case file, no "email this referral"; case managers get both."""
    from generator import Options

    options = Options(referral_email="r@example.org", practice=Practice(email="p@example.org"))
    pages = generate(ROOT / "content", options).pages
    flows = {f.id: f.data.audience.value for f in load_site(ROOT / "content")[0].of(FLOW)}
    for path, page in pages.items():
        flow = path.split("/")[1] if path.startswith("referral/") and "/step/" in path else None
        if flow is None or 'id="referral-summary"' not in page.text:
            continue
        text = page.text.lower()
        if "referral-act-now" in text:  # a red-flag result: act now, no referral
            assert "email this referral" not in text and "talk it through" not in text, path
            assert "p@example.org" not in text and "what happens next" not in text, path
        elif flows[flow] == "therapist":
            assert "case file" not in text and "email this referral" not in text, path
            assert "talk it through before you refer" not in text, path
        else:
            assert "summary for your case file" in text and "email this referral" in text, path
            assert "p@example.org" in text and "what happens next" in text, path
