"""Referral flows: validation at build time, routing snapshots, and the static pages of every step."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import GOOD, ROOT
from test_check import edit, shown

from generator import generate
from generator.load.site import load_site
from generator.structure.content import FLOW, SOURCE
from generator.structure.graph import FlowGraph, need_urgencies, option_slug
from generator.tools.snapshots import Route, parse_snapshot, routing_snapshot

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
FLOW_FILE = "referral/test-flow.yml"


# The fixture's second answer to 'stairs', written in flow style to hold awkward characters on the same lines.
NO_OPTION = ("      - {label: \"no | not #1 `safely` <5 _steps_\", slug: \"no\", needs: [seating],\n"
             "         next: seating-outcome}\n")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param("        next: housing-outcome\n", "        next: housing-outcom\n",
                     "referral/test-flow.yml:29:15: unknown next target 'housing-outcom': no question or outcome "
                     "with that id", id="unknown-next"),
        pytest.param("      - label: The home\n        slug: the-home\n        next: stairs\n"
                     "        needs:\n          - housing\n",
                     "", "referral/test-flow.yml:19:9: question 'stairs' cannot be reached from the start question",
                     id="unreachable-question"),
        pytest.param(NO_OPTION, "",
                     None, id="still-valid-with-one-option"),
        pytest.param("outcomes:\n", "outcomes:\n  - id: orphan\n    title: Nobody gets here\n    summary: Unused.\n"
                     "    urgency: routine\n    urgency_reason: Nobody waits.\n",
                     "referral/test-flow.yml:33:9: outcome 'orphan' cannot be reached from the start question",
                     id="unreachable-outcome"),
        pytest.param("    options:\n      - label: \"yes\"\n        slug: \"yes\"\n"
                     "        next: housing-outcome\n" + NO_OPTION,
                     "", "referral/test-flow.yml:24:9: question 'stairs' has no options: add at least one",
                     id="question-without-options"),
        pytest.param("  - id: stairs\n", "  - id: need\n",
                     "referral/test-flow.yml:24:9: duplicate id 'need' in this flow (first used on line 7)",
                     id="duplicate-id"),
        pytest.param("        next: housing-outcome\n", "        next: need\n",
                     "referral/test-flow.yml:29:15: cycle: need -> stairs -> need; flows must not loop back",
                     id="cycle"),
        pytest.param("      - seating\n    checks:", "      - seatin\n    checks:",
                     "referral/test-flow.yml:39:9: unknown specialism 'seatin': no file specialisms/seatin.yml; "
                     "did you mean 'seating'?", id="unknown-specialism"),
        pytest.param("      - hcpc\n", "      - hpc\n",
                     "referral/test-flow.yml:41:9: unknown qualification 'hpc': no file qualifications/hpc.yml; "
                     "did you mean 'hcpc'?", id="unknown-qualification"),
        pytest.param("      - sam\n", "      - samuel\n",
                     "referral/test-flow.yml:43:9: unknown case-study 'samuel': no file case-studies/samuel.md; "
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
    edit(content / FLOW_FILE, "        slug: the-home\n", "        slug: sitting\n")
    assert "referral/test-flow.yml:20:15: answers 1 and 2 of 'need' share the web address 'sitting'; give this one " \
           "a `slug` of its own" in shown(content)


def shipped_flows() -> list[Any]:
    site, problems = load_site(ROOT / "content")
    assert not problems.errors
    return site.of(FLOW)


@pytest.mark.parametrize("flow", shipped_flows(), ids=lambda f: f.id)
def test_routing_snapshot_is_current(flow: Any) -> None:
    """Regenerate with `make snapshots` after an intended change, and review the diff."""
    snapshot = SNAPSHOTS / f"{flow.id}.txt"
    table = need_urgencies(load_site(ROOT / "content")[0].terms("needs"))
    text = routing_snapshot(flow.data, table)
    if os.environ.get("REGENERATE_SNAPSHOTS") == "1":
        snapshot.parent.mkdir(exist_ok=True)
        snapshot.write_text(text, encoding="utf-8")
    assert snapshot.exists(), f"no snapshot for {flow.id}: run `make snapshots`"
    assert text == snapshot.read_text(encoding="utf-8"), "routing changed: run `make snapshots` and review"


def test_routing_snapshot_notices_a_change(content: Path) -> None:
    before = routing_snapshot(load_site(content)[0].get(FLOW, "test-flow").data)
    edit(content / FLOW_FILE, "        next: housing-outcome\n", "        next: seating-outcome\n")
    after = routing_snapshot(load_site(content)[0].get(FLOW, "test-flow").data)
    assert before != after
    assert "The home > yes\n  -> seating-outcome: Instruct a seating OT\n  urgency: soon\n  needs: housing\n" in after


@pytest.mark.parametrize("flow", shipped_flows(), ids=lambda f: f.id)
def test_every_option_lies_on_a_path(flow: Any) -> None:
    data = flow.data
    used = {(q.id, o.label) for step in FlowGraph(data).paths() for q, o in step.answers}
    every = {(q.id, o.label) for q in [*data.questions, *([data.screen] if data.screen else [])] for o in q.options}
    assert every - used == set()
    assert len(FlowGraph(data).paths()) >= 3


def test_every_step_has_a_page_and_every_link_between_steps_resolves() -> None:
    pages = generate(ROOT / "content").pages
    link = re.compile(r"\]\(([^)#\s]+)\)")
    for flow in shipped_flows():
        base = f"referral/{flow.id}"
        for required in ("index.md", "how-it-decides.md", "step/index.md"):
            assert f"{base}/{required}" in pages
        graph = FlowGraph(flow.data)
        for step in graph.steps():
            path = "/".join((base, *step.segments, "index.md"))
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


def test_option_slug_is_the_stored_slug() -> None:
    from generator.structure.model import FlowOption

    assert option_slug(FlowOption(label="Yes, and more words than a slug", slug="agree", next="x")) == "agree"


# A red-flag screen for the test flow: one answer ends at a red-flag result, one raises urgency and goes on.
SCREEN = """screen:
  id: red-flags
  text: Does any of these apply now?
  options:
    - label: A fall with a head injury
      slug: a-fall-with-a-head
      next: act-fall
    - label: A discharge this week
      slug: a-discharge-this-week
      next: stairs
      raises:
        urgency: urgent
        reason: The discharge is imminent.
"""
RED_FLAG = """  - id: act-fall
    title: Get medical help now
    summary: A fall with a head injury needs a medical review now.
    red_flag: true
    urgency: urgent
    urgency_reason: A head injury needs a medical review.
    act_now:
      - do: Call 999 if the client is unconscious.
      - nations: [England, Wales, Scotland]
        do: Otherwise call NHS 111.
      - nations: [Northern Ireland]
        do: Otherwise contact the GP, or GP Out-of-Hours.
"""


def with_screen(content: Path) -> None:
    edit(content / FLOW_FILE, "questions:\n", SCREEN + "questions:\n")
    edit(content / FLOW_FILE, "sources:\n", RED_FLAG + "sources:\n")


def test_a_flow_with_a_screen_is_valid_and_keeps_its_question_addresses(content: Path) -> None:
    with_screen(content)
    pages = generate(content).pages
    assert not [str(p) for p in generate(content).problems.errors]
    base = "referral/test-flow/"
    screen = pages[base + "screen/index.md"].text
    assert "- [None of these](../step/index.md){ .referral-option .referral-none }" in screen
    assert "[Start now](screen/index.md)" in pages[base + "index.md"].text
    assert "[Back](../screen/index.md)" in pages[base + "step/index.md"].text  # the first question, unmoved
    assert base + "step/the-home/yes/index.md" in pages
    raised = pages[base + "screen/a-discharge-this-week/yes/index.md"].text  # goes on, raised to urgent
    assert "Urgency: urgent\n" in raised and "The discharge is imminent." in raised
    fall = pages[base + "screen/a-fall-with-a-head/index.md"].text
    assert "How soon: Act now." in fall and "**In Northern Ireland:** Otherwise contact the GP" in fall


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param("      next: act-fall\n", "      next: act-fal\n",
                     "referral/test-flow.yml:12:13: unknown next target 'act-fal': no question or outcome with that id",
                     id="unknown-target"),
        pytest.param("      next: act-fall\n", "      next: housing-outcome\n",
                     "referral/test-flow.yml:12:13: the screen's answer 'A fall with a head injury' ends at "
                     "'housing-outcome', which is not a red-flag result", id="not-a-red-flag"),
        pytest.param("      raises:\n        urgency: urgent\n        reason: The discharge is imminent.\n", "",
                     "referral/test-flow.yml:13:14: the screen's answer 'A discharge this week' goes on to 'stairs' "
                     "without raising urgency", id="goes-on-without-raising"),
        pytest.param("  id: red-flags\n", "  id: need\n",
                     "referral/test-flow.yml:20:9: duplicate id 'need' in this flow (first used on line 7)",
                     id="duplicate-id"),
        pytest.param("      slug: a-discharge-this-week\n", "      slug: a-fall-with-a-head\n",
                     "referral/test-flow.yml:14:13: answers 1 and 2 of the screen share the web address "
                     "'a-fall-with-a-head'", id="same-address"),
        pytest.param("        next: housing-outcome\n", "        next: red-flags\n",
                     "referral/test-flow.yml:42:15: 'red-flags' is the red-flag screen, which is only ever the first "
                     "page", id="answer-back-to-the-screen"),
        pytest.param("      - nations: [Northern Ireland]\n        do: Otherwise contact the GP, or GP Out-of-Hours.\n",
                     "", "referral/test-flow.yml:73:7: red-flag result 'act-fall' says what to do in some nations but "
                     "not in Northern Ireland", id="a-nation-left-out"),
        pytest.param("    red_flag: true\n", "    red_flag: true\n    checks:\n      - hcpc\n",
                     "referral/test-flow.yml:71:7: red-flag result 'act-fall' must not have checks",
                     id="referral-field"),
        pytest.param("    urgency_reason: A head injury", "    recommend: [seating]\n    urgency_reason: A head injury",
                     "must not have recommend", id="recommends"),
    ],
)
def test_the_screen_is_validated_like_a_question(content: Path, old: str, new: str, expected: str) -> None:
    with_screen(content)
    edit(content / FLOW_FILE, old, new)
    found = shown(content)
    assert any(expected in line for line in found), found


def case_manager_flow() -> Any:
    return next(f for f in shipped_flows() if f.id == "case-manager-referral")


def test_every_question_of_the_case_manager_tool_offers_not_sure() -> None:
    flow = case_manager_flow().data
    assert flow.screen is not None
    for question in [flow.screen, *flow.questions]:
        assert any("not sure" in o.label.lower() for o in question.options), question.id


def test_the_case_manager_screen_lists_every_situation_the_clinicians_asked_for() -> None:
    flow = case_manager_flow().data
    outcomes = {o.id: o for o in flow.outcomes}
    labels = " ".join(o.label.lower() for o in flow.screen.options)
    for words in ("danger", "suicide", "abused", "neglected", "exploited", "fall", "head injury", "long time on the "
                  "floor", "confusion", "broken skin", "pressure ulcer", "autonomic dysreflexia", "discharge"):
        assert words in labels, words
    for option in flow.screen.options:
        target = outcomes.get(option.next)
        if target is None:  # the discharge goes on, raised to urgent
            assert "discharge" in option.label and option.raises and option.raises.urgency.value == "urgent"
        else:
            assert target.red_flag and target.act_now and not target.recommend and not target.checks
    for outcome in outcomes.values():
        text = " ".join([outcome.title, outcome.summary, *(a.do for a in outcome.act_now)]).lower()
        if outcome.red_flag:
            assert "today" not in text, outcome.id  # act now, never "act today"
            assert "999" in text, outcome.id


def test_the_screen_puts_what_can_kill_soonest_first_and_each_result_sends_the_reader_back() -> None:
    """The reader picks one situation ("the first in the list" when several apply), so: a medical emergency with
    no fall is its own first answer (999); autonomic dysreflexia comes before broken skin, which can set it off;
    a clot or a tight cast, back nerve signs and a night with no help each have an answer; and every red-flag
    result ends by sending the reader back to the list for anything else that applies."""
    flow = case_manager_flow().data
    outcomes = {o.id: o for o in flow.outcomes}
    options = [o for o in flow.screen.options if "not sure" not in o.label.lower()]
    first = options[0].label.lower()
    for words in ("chest pain", "breathe", "stroke", "sudden confusion", "bleeding"):
        assert words in first, words
    assert "999" in outcomes[options[0].next].act_now[0].do
    slugs = [o.slug for o in options]
    # A reader with both goes to the one that can kill sooner: dysreflexia (999) before the crisis lines, a head
    # injury before back nerve signs (A&E), dysreflexia before the broken skin that can set it off.
    assert slugs.index("autonomic-dysreflexia") < slugs.index("danger-to-life") < slugs.index("safeguarding")
    assert slugs.index("fall-or-head-injury") < slugs.index("back-nerve-signs")
    assert slugs.index("autonomic-dysreflexia") < slugs.index("broken-skin")
    assert {"arm-or-leg", "back-nerve-signs", "cannot-cope-tonight"} <= set(slugs)
    limb = " ".join(a.do for a in outcomes["act-arm-or-leg"].act_now)
    assert "plaster room" in limb and "Do not cut" in limb and "coughing up blood" in limb
    # Back nerve signs go to A&E wherever the client is: no step is for one nation only.
    assert all(not a.nations for a in outcomes["act-back-nerve-signs"].act_now)
    assert "A&E" in outcomes["act-back-nerve-signs"].act_now[0].do
    assert "come back to this page for the next" in " ".join(flow.screen.hint.split())
    for option in options:
        target = outcomes.get(option.next)
        if target is not None:
            assert "go back to it" in " ".join(target.act_now[-1].do.split()), target.id


def test_every_red_flag_result_in_the_built_site_offers_no_referral(built_site: Path) -> None:
    """In the built HTML: each red-flag result says act now and has no referral email, no "talk it through", no
    "email this referral" and no practice phone or email (beyond every page's footer for reporting a mistake)."""
    folder = built_site / "referral" / "case-manager-referral"
    act_now = [p for p in folder.rglob("index.html") if "referral-act-now" in p.read_text(encoding="utf-8")]
    routes = (SNAPSHOTS / "case-manager-referral.txt").read_text(encoding="utf-8").count("urgency: act now")
    assert len(act_now) == routes >= 6
    for page in act_now:
        html = page.read_text(encoding="utf-8")
        article = html[html.index("<article"):html.index("</article>")]
        article = article.split('<aside class="page-footer"')[0]  # every page's "report a mistake" line stays
        assert "Act now." in article, page
        for words in ("mailto:", "tel:", "Email this referral", "Talk it through", "talk it through"):
            assert words not in article, (page, words)
    ordinary = (folder / "step" / "getting-around-sitting-comfortably-or" / "uses-or-needs-a-wheelchair" /
                "index.html").read_text(encoding="utf-8")
    assert "Email this referral" in ordinary and "Talk it through" in ordinary  # a referral result still has both


def test_the_contact_page_lists_the_red_flags_from_the_flow(tmp_path: Path) -> None:
    """The contact page's list is generated from the case-manager tool's screen, not copied: every situation and
    every step of what to do now appears, each linked to the tool's own page for it."""
    from conftest import run_cli

    out = tmp_path / "out"
    assert run_cli("build", "--out", str(out), "--merge-docs").returncode == 0
    contact = (out / "contact" / "index.md").read_text(encoding="utf-8")
    assert "{{ referral.red_flags }}" not in contact
    flow = case_manager_flow().data
    outcomes = {o.id: o for o in flow.outcomes}
    for option in flow.screen.options:
        assert f"- **{option.label}** ([in the tool](../referral/case-manager-referral/screen/" in contact, option.label
        for act in getattr(outcomes.get(option.next), "act_now", []):
            assert " ".join(act.do.split()) in contact, act.do


def case_manager_routes() -> list[Route]:
    return parse_snapshot((SNAPSHOTS / "case-manager-referral.txt").read_text(encoding="utf-8"))


def test_a_child_with_a_learning_disability_or_autism_reaches_a_paediatric_result() -> None:
    flow = case_manager_flow().data
    outcomes = {o.id: o for o in flow.outcomes}
    child = [r for r in case_manager_routes() if r.answers[0] == "A child or young person"]
    reached = [r for r in child if "learning disability" in r.needs or "autism" in r.needs]
    assert reached
    for route in child:  # under-18s need an OT who works with children, unless an OT is not the first call
        outcome = outcomes[route.outcome]
        assert outcome.red_flag or outcome.instead or "paediatrics" in outcome.recommend, route


def test_a_childs_hand_injury_asks_about_surgery_and_the_nhs_hand_unit_as_the_adult_route_does() -> None:
    routes = case_manager_routes()
    child = {r.answers[2] for r in routes if r.answers[:2] == ("A child or young person", "An injury, operation or "
                                                                "burn affecting the hand or arm")}
    adult = {r.answers[2] for r in routes if r.answers[:2] == ("Using the hands or arms", "An injury, operation or "
                                                                "burn to the hand, wrist, forearm or elbow")}
    assert len(child) == len(adult) == 4
    for words in ("tendon or nerve repair", "NHS hand unit", "No recent surgery", "Not sure"):
        assert any(words in a for a in child) and any(words in a for a in adult), words
    urgent = [r for r in routes if r.answers[:1] == ("A child or young person",) and "tendon or nerve" in r.answers[-1]]
    assert urgent and all(r.urgency == "urgent" for r in urgent)


def test_falls_for_younger_clients_and_the_scooter_safety_check_have_routes() -> None:
    flow = case_manager_flow().data
    outcomes = {o.id: o for o in flow.outcomes}
    routes = case_manager_routes()
    younger = [r for r in routes if "younger adult" in " ".join(r.answers).lower() and "falls" in r.needs]
    assert younger and all("older-people" not in outcomes[r.outcome].recommend for r in younger)
    scooter = [r for r in routes if "scooter" in " ".join(r.answers).lower()]
    assert scooter
    for route in scooter:
        asks = " ".join(outcomes[route.outcome].ask_for).lower()
        assert "powered-mobility safety check" in asks, route


def test_younger_adults_who_fall_reach_the_younger_adult_falls_result_from_home_and_daily_living() -> None:
    """Minor 22: Getting around, The home and Daily living each have a younger-adult falls answer, to the existing
    younger-adult falls result, at the same urgency as the older person's falls answer beside it."""
    routes = case_manager_routes()
    for first in ("Getting around, sitting comfortably or posture", "The home - getting in and around it, adapting "
                  "it or moving", "Daily living, personal care, or how carers move and handle the client"):
        falls = [r for r in routes if r.answers[0] == first and "falls" in r.needs]
        younger = [r for r in falls if "younger adult" in r.answers[-1]]
        older = [r for r in falls if r not in younger]
        assert len(younger) == 1 and younger[0].outcome == "instruct-falls-younger", first
        assert older and all(r.outcome == "instruct-falls" and "younger" not in r.answers[-1] for r in older), first
        assert younger[0].urgency == older[0].urgency == "soon", first


def test_no_standard_item_answer_offers_a_walking_frame_as_an_ots_item() -> None:
    """Minor 20: a walking aid is usually a physiotherapist's assessment, so the standard-item answers do not list a
    walking frame, and the short equipment assessment result says who to ask about one."""
    flow = case_manager_flow().data
    standard = [o for q in flow.questions for o in q.options if o.next == "instruct-equipment-assessment"]
    assert standard and not any("walking frame" in o.label.lower() for o in standard)
    mobility = next(q for q in flow.questions if q.id == "mobility")
    assert "bath board" in next(o for o in mobility.options if o.slug == "seems-to-need-only-a").label
    why = " ".join(next(o for o in flow.outcomes if o.id == "instruct-equipment-assessment").why.split())
    assert "frame or rail" not in why and "usually a physiotherapist's assessment" in why


def test_moving_and_handling_is_urgent_only_when_carers_lift_by_hand() -> None:
    handling = [r for r in case_manager_routes() if "moving and handling" in r.needs and not
                r.answers[0].startswith("A hospital discharge")]
    assert handling
    for route in handling:
        by_hand = route.answers[-1].startswith(("Family or carers lift or move the client by hand",
                                                "Parents or carers lift or move the child by hand"))
        assert (route.urgency == "urgent") == by_hand, route


def test_every_route_to_moving_and_handling_asks_whether_carers_lift_by_hand() -> None:
    """Blocker 2: Home, Brain injury, Spinal cord injury, Daily living and A child each split carers' handling into
    lifting by hand (urgent) and a plan, hoist or training (soon), so the same client gets the same urgency."""
    routes = case_manager_routes()
    for first in ("The home - getting in and around it, adapting it or moving", "Daily living, personal care, or "
                  "how carers move and handle the client", "Recovery after a brain injury or a spinal cord injury",
                  "A child or young person"):
        handling = [r for r in routes if r.answers[0] == first and "moving and handling" in r.needs]
        by_hand = [r for r in handling if " by hand, with no equipment or handling plan" in r.answers[-1]]
        assert by_hand and all(r.urgency == "urgent" for r in by_hand), first
        if first != "A child or young person":
            planned = [r for r in handling if r not in by_hand]
            assert planned and all(r.urgency == "soon" and "not lifting the client by hand" in r.answers[-1]
                                   for r in planned), first
    neuro = {r.answers[1] for r in routes if r.answers[0].startswith("Recovery after") and "moving and handling"
             in r.needs and " by hand, with no" in r.answers[-1]}
    assert neuro == {"Brain injury", "Spinal cord injury, at any level, complete or incomplete"}


def test_pain_and_fatigue_that_keep_the_client_off_work_are_as_urgent_via_symptoms_as_via_work() -> None:
    """Should-fix 9: the Symptoms route asks whether pain or fatigue keeps the client off work or puts the job at
    risk; yes adds the work need, so the route reaches the result and urgency that the Work route does."""
    routes = case_manager_routes()
    via_work = {r.outcome: r for r in routes if r.answers[0].startswith("Work - ") and r.outcome in
                ("instruct-pain", "instruct-fatigue")}
    assert set(via_work) == {"instruct-pain", "instruct-fatigue"}
    symptoms = [r for r in routes if r.answers[0] == "Pain, fatigue or breathlessness" and r.outcome in via_work]
    for route in symptoms:
        assert len(route.answers) == 3, route  # every pain and fatigue answer asks about work
        if route.answers[2].startswith("Yes - the client is off work"):
            assert "work" in route.needs and route.urgency == via_work[route.outcome].urgency == "soon", route
        else:
            assert "work" not in route.needs, route
    answers = {r.answers[2] for r in symptoms}
    assert "Not sure" in answers and len([r for r in symptoms if "work" in r.needs]) == 3


def test_symptoms_getting_worse_quickly_are_urgent_and_the_result_says_when_to_call_999() -> None:
    """Should-fix 10: 'getting worse quickly' is its own answer, urgent with a reason, apart from symptoms that are
    new or not yet assessed ('soon', keeping the old address); the result they reach names the 999 signs first."""
    flow = case_manager_flow().data
    symptoms = next(q for q in flow.questions if q.id == "symptoms")
    worse = next(o for o in symptoms.options if o.slug == "getting-worse-quickly")
    assert worse.next == "ask-treating-clinician" and worse.raises.urgency.value == "urgent" and worse.raises.reason
    new = next(o for o in symptoms.options if o.slug == "symptoms-that-are-new-worsening")
    assert new.next == "ask-treating-clinician" and new.raises.urgency.value == "soon"
    assert "not getting worse quickly" in new.label
    routes = {r.answers[-1]: r.urgency for r in case_manager_routes() if r.answers[0] == "Pain, fatigue or "
              "breathlessness" and r.outcome == "ask-treating-clinician"}
    assert routes == {" ".join(worse.label.split()): "urgent", new.label: "soon"}
    outcome = next(o for o in flow.outcomes if o.id == "ask-treating-clinician")
    first = " ".join(outcome.instead.split()).split(". ")[0]
    for words in ("chest pain", "severe breathlessness", "sudden weakness", "call 999 now"):
        assert words in first, words
    assert "ambulance-when-to-call-999" in flow.sources


def test_the_case_manager_tool_states_no_service_figures_as_a_rule_and_no_closed_rcot_section() -> None:
    """Correction 7: one service's own figures are that service's; correction 1: RCOT's specialist sections closed
    in 2024, so no result asks the case manager to check membership of one."""
    text = (ROOT / "content" / FLOW_FILE.replace("test-flow", "case-manager-referral")).read_text(encoding="utf-8")
    flat = " ".join(text.split())
    for claim in ("Programmes that combine self-management with work support get many people back to work",
                  "OT-run pulmonary rehabilitation has helped most participants",
                  "OT-led social prescribing services report"):
        assert claim not in flat, claim
    assert flat.count("its own figures, in an RCOT report") == 3
    assert "specialist-section" not in text and "specialist section" not in text.lower()


def test_a_child_whose_discharge_is_imminent_or_blocked_reaches_a_paediatric_result() -> None:
    """Blocker 1: the discharge question has its own under-18 answer, urgent, to a paediatric OT; and every result
    the discharge question reaches asks for an OT who works with children when the client is under 18."""
    flow = case_manager_flow().data
    outcomes = {o.id: o for o in flow.outcomes}
    discharge = [r for r in case_manager_routes() if r.answers[0].startswith("A hospital discharge")]
    child = [r for r in discharge if r.answers[1] == "The client is under 18"]
    assert len(child) == 1
    assert child[0].outcome == "instruct-paediatrics" and child[0].urgency == "urgent" and "child" in child[0].needs
    for outcome in {r.outcome for r in discharge} | {"instruct-technology", "instruct-equipment-assessment",
                                                     "instruct-learning-disabilities"}:
        target = outcomes[outcome]
        assert ("paediatrics" in target.recommend
                or "For a client under 18, an OT who works with children" in target.ask_for), outcome


def test_discharge_results_ask_for_interim_arrangements_and_liaison_with_the_hospital_ot() -> None:
    """Should-fix 11: a discharge held up by the home gets interim arrangements agreed with the ward OT first, and
    the moving and handling result asks for liaison with the hospital OT and discharge team."""
    flow = case_manager_flow().data
    outcomes = {o.id: o for o in flow.outcomes}
    discharge = {r.answers[1]: r.outcome for r in case_manager_routes() if r.answers[0].startswith("A hospital "
                 "discharge")}
    assert discharge["A home the client can get into and around, or somewhere else to live"] == "instruct-housing"
    assert discharge["A hoist, other equipment or a handling plan so carers can move the client safely"] == (
        "instruct-moving-handling")
    interim = " ".join(outcomes["instruct-housing"].ask_for[0].split())
    for words in ("discharge", "interim arrangements", "ward OT", "temporary ramp", "bed and toilet downstairs",
                  "loaned equipment", "interim placement"):
        assert words in interim, words
    handling = [" ".join(a.split()) for a in outcomes["instruct-moving-handling"].ask_for]
    assert any("liaison with the hospital OT and discharge team" in a for a in handling)


def test_the_fall_result_sends_stroke_signs_to_999_and_blood_thinners_after_a_head_injury_to_a_and_e() -> None:
    """Blocker 3: stroke signs are a 999 call, and after any head injury a client on blood thinners, with a bleeding
    disorder, knocked out or after brain surgery goes to A&E, everywhere and before the '111 or GP' steps."""
    flow = case_manager_flow().data
    fall = next(o for o in flow.outcomes if o.id == "act-fall-injury")
    steps = [" ".join(a.do.split()) for a in fall.act_now]
    assert "999" in steps[0] and "signs of a stroke" in steps[0] and "slurred speech" in steps[0]
    a_and_e = next(i for i, s in enumerate(steps) if "A&E" in s)
    assert not fall.act_now[a_and_e].nations
    for words in ("After any head injury", "blood thinner", "bleeding or clotting disorder", "knocked out",
                  "brain surgery", "nice.org.uk/guidance/ng232"):
        assert words in steps[a_and_e], words
    assert all(a_and_e < i for i, s in enumerate(steps) if s.startswith("Otherwise"))
    assert {"nice-head-injury-ng232", "nhs-stroke-symptoms"} <= set(flow.sources)


def test_seating_answers_for_sore_skin_send_broken_skin_and_marks_that_do_not_fade_back_to_the_first_page() -> None:
    """Blocker 4: a mark that does not fade is a pressure injury, which the screen sends to a nurse now; the seating
    answers say they are for intact skin, and their questions' hints point back to the first page."""
    flow = case_manager_flow().data
    questions = {q.id: q for q in flow.questions}
    back = "Broken skin, or a red or dark mark that does not fade, belongs on the first page: go back to it."
    for qid in ("mobility", "brain-needs"):
        question = questions[qid]
        assert back in " ".join(question.hint.split()), qid
        seating = [o for o in question.options if o.next == "instruct-seating"]
        assert seating and all("(skin intact, marks fade)" in " ".join(o.label.split()) for o in seating), qid
        assert not any("sore skin" in o.label for o in question.options), qid
    assert "a mark that does not fade" in " ".join(questions["spinal-needs"].hint.split())


def test_a_childs_recent_tendon_or_nerve_repair_gets_an_act_today_result_as_an_adults_does() -> None:
    """Should-fix 12: the child's urgent hand routes end at their own 'Act today' result, with the adult's asks."""
    flow = case_manager_flow().data
    outcomes = {o.id: o for o in flow.outcomes}
    urgent = [r for r in case_manager_routes() if r.answers[:2] == ("A child or young person", "An injury, "
              "operation or burn affecting the hand or arm") and r.urgency == "urgent"]
    assert len(urgent) == 2 and {r.outcome for r in urgent} == {"instruct-paediatric-hand-urgent"}
    child, adult = outcomes["instruct-paediatric-hand-urgent"], outcomes["instruct-hand-therapy-urgent"]
    assert child.title.startswith("Act today") and "paediatrics" in child.recommend
    assert set(adult.ask_for) <= set(child.ask_for)


def test_the_tool_says_no_more_than_its_sources_about_children_hand_units_and_the_service_example() -> None:
    flow = case_manager_flow().data
    text = " ".join(" ".join(o.why or "" for o in flow.outcomes).split() + [" ".join(
        " ".join((q.hint or "").split()) for q in flow.questions)])
    assert "longer OT involvement" not in text and "more OT involvement" not in text  # the seed: "comprehensive"
    assert "tend to need comprehensive OT involvement" in text
    assert "hand units often offer" not in text and "one NHS trust, for example" in text  # one trust's leaflet
    work = next(o for o in flow.outcomes if o.id == "instruct-mental-health-work")
    assert "social-prescribing-service" not in work.case_stories  # primary care, not work rehabilitation


def test_fatigue_from_me_or_long_covid_carries_no_brain_injury_need_and_fatigue_after_one_has_its_own_answer() -> None:
    """Minor 16: the ME, long COVID and post-viral fatigue answer no longer adds the brain injury need (which is
    "soon"), so those routes stay as urgent as fatigue alone; fatigue after a brain injury keeps a route of its own
    that carries both needs."""
    routes = [r for r in case_manager_routes() if r.answers[0] == "Pain, fatigue or breathlessness"
              and r.outcome == "instruct-fatigue"]
    viral = [r for r in routes if "long COVID" in r.answers[1]]
    after_injury = [r for r in routes if r.answers[1] == "Fatigue after a brain injury"]
    assert viral and after_injury
    for route in viral:
        assert "brain injury" not in route.needs and "fatigue" in route.needs, route
        assert route.urgency == ("soon" if "work" in route.needs else "routine"), route
    for route in after_injury:
        assert {"brain injury", "fatigue"} <= set(route.needs) and route.urgency == "soon", route
    labels = [o.label for q in case_manager_flow().data.questions for o in q.options]
    assert not any("brain injury" in label and "long COVID" in label for label in labels)


def test_a_childs_play_handwriting_or_school_needs_are_routine_and_seating_stays_soon() -> None:
    """Minor 17: the child's catch-all answer is split, so play, handwriting, school and sensory needs no longer
    carry the seating need: that route is routine, as "Not sure" is, while seating, posture and moving and handling
    stay "soon"; equipment and housing keep an answer of their own."""
    child = {r.answers[1]: r for r in case_manager_routes() if r.answers[0] == "A child or young person"
             and len(r.answers) == 2}
    play = child["Play, handwriting, school, or sensory needs"]
    assert play.outcome == "instruct-paediatrics" and play.urgency == "routine" and play.needs == ("child",)
    assert play.urgency == child["Not sure"].urgency
    seating = next(r for label, r in child.items() if label.startswith("Seating, posture"))
    assert seating.urgency == "soon" and set(seating.needs) == {"child", "seating"}
    assert "moved and handled" in seating.answers[1]
    homes = next(r for label, r in child.items() if label.startswith("Equipment beyond a standard item"))
    assert homes.urgency == "routine" and set(homes.needs) == {"child", "equipment", "housing"}
    assert not any("handwriting" in label and "seating" in label.lower() for label in child)
    question = next(q for q in case_manager_flow().data.questions if q.id == "child")
    assert any(o.slug == "any-of-seating-equipment-moving" and "seating" in o.needs for o in question.options)


def test_only_the_scooter_result_offers_scooters_and_it_asks_for_seating_and_the_nhs_wheelchair_service() -> None:
    """Minor 21: the assistive technology result has no powered-mobility safety check, so it no longer offers
    mobility scooters; the scooter and powered wheelchair result recommends a seating specialist as well and asks
    for contact with the NHS wheelchair service (HSC Trust in Northern Ireland)."""
    outcomes = {o.id: o for o in case_manager_flow().data.outcomes}
    technology = outcomes["instruct-technology"]
    text = " ".join([technology.title, technology.summary, technology.why or "", *technology.ask_for]).lower()
    assert "scooter" not in text
    powered = outcomes["instruct-powered-mobility"]
    assert {"assistive-technology", "seating-postural-management"} <= set(powered.recommend)
    assert "seating-postural-management" not in powered.also_consider
    asks = [" ".join(a.split()) for a in powered.ask_for]
    wheelchair = next(a for a in asks if "NHS wheelchair service" in a)
    assert "powered wheelchair" in wheelchair and "Northern Ireland" in wheelchair
    assert any("powered-mobility safety check" in a for a in asks)
    scooter_routes = [r for r in case_manager_routes() if "scooter" in " ".join(r.answers).lower()]
    assert scooter_routes and {r.outcome for r in scooter_routes} == {"instruct-powered-mobility"}


def test_every_public_page_the_case_manager_tool_links_to_is_one_of_its_sources_and_how_it_decides_lists_them() -> (
        None):
    """Minor 27: the tool's advice rests on NHS, Hull University Teaching Hospitals, HSCNI, nidirect and Scottish
    Government pages as well as the seed documents; each site the tool links to is the site of a source it lists,
    and the how-it-decides page lists every source."""
    flow = case_manager_flow().data
    text = (ROOT / "content" / FLOW_FILE.replace("test-flow", "case-manager-referral")).read_text(encoding="utf-8")
    site = generate(ROOT / "content")
    listed = [site.site.get(SOURCE, source_id).data for source_id in flow.sources]
    hosts = {re.sub(r"^https://([^/]+)/.*$", r"\1", source.url + "/") for source in listed if source.url}
    linked = set(re.findall(r"https://([^/\s)]+)", text))
    assert linked and linked <= hosts, linked - hosts
    for source_id in ("nhs-when-to-call-999", "nhs-when-to-use-111", "nhs-head-injury", "nhs-pressure-ulcers",
                      "hull-flexor-tendon-repair", "hull-tendon-repairs-what-next", "hscni-gp-out-of-hours",
                      "nidirect-mental-health-emergency", "nidirect-occupational-therapy",
                      "scottish-government-mental-health-unscheduled-care", "samaritans", "nhs-talking-therapies"):
        assert source_id in flow.sources, source_id
    how = site.pages["referral/case-manager-referral/how-it-decides.md"].text
    rests_on = how.split("## What the advice rests on", 1)[1]
    for source in listed:
        assert f"[{source.title}]" in rests_on, source.title
