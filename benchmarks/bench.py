"""Build-speed benchmark: synthesise a valid knowledge base of N items, build it, and record what it costs.

    .venv/bin/python benchmarks/bench.py                     # sizes 100, 500 and 2,000 (what `make bench` runs)
    .venv/bin/python benchmarks/bench.py --sizes 50 200      # other sizes
    .venv/bin/python benchmarks/bench.py --smoke             # one tiny size, no serve timing, no plot (tests)
    .venv/bin/python benchmarks/bench.py --profile 2000      # cProfile the generator and the build at one size

For each size it writes a content folder from templates (every file with its schema line, ids unique, every
cross-reference valid, and an item for every id that docs/ and the nav link to; it must pass
`python -m generator check`), then measures:

- `mkdocs build --strict` of the site with that content, from the repository root so mkdocs.yml and docs/ are
  used, in a child process: wall and CPU time, and the child's peak resident memory. (Not `--quiet`: in
  MkDocs 1.6 it hides warnings from `--strict`, which then passes a site with broken links.)
- the generator in-process (load, checks, render to Markdown), phase by phase;
- the Python-Markdown floor: the generated pages, front matter stripped, converted by one `markdown.Markdown`
  with the extensions and settings MkDocs uses from mkdocs.yml;
- output bytes per HTML page and search-index bytes per HTML page.

Once per run it also times an edit to a copy of the shipped content under `mkdocs serve` (`--serve-dirty`:
`mkdocs serve --dirty`) until the edited page is served. Results go to `results.json` and `results.png` under
`benchmarks/results/`, and a Markdown table is printed (and written into README.md between the bench markers
with `--readme README.md`).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import json
import os
import platform
import pstats
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import generator  # noqa: E402 - after the path is set, so the script runs from any folder
from generator.structure import model as m  # noqa: E402
from generator.structure.content import TYPES  # noqa: E402

BIN = Path(sys.executable).parent
MKDOCS = BIN / "properdocs"  # the engine `make build` uses
CONFIG_FILE = ROOT / "mkdocs.yml"
DEFAULT_SIZES = (100, 500, 2000)
SMOKE_SIZE = 40  # the least that still has every item docs/ links to
SMOKE_PATHS = 6
DEFAULT_PATHS = 24
MARKERS = ("<!-- bench:start -->", "<!-- bench:end -->")
CHILD_ENV: dict[str, str] = {}

# Share of the items of each type. Flows are 1 in 100; the rest of the rounding goes to case stories.
MIX = {"source": 0.05, "specialism": 0.15, "qualification": 0.10, "checklist": 0.10, "flow": 0.01}


class BenchError(Exception):
    pass


# -- the synthetic content -------------------------------------------------------------------------------

AREAS = [
    "Hand therapy", "Neurological rehabilitation", "Seating and posture", "Housing adaptations",
    "Vocational rehabilitation", "Paediatric sensory processing", "Falls prevention", "Fatigue management",
    "Pain management", "Mental health recovery", "Moving and handling", "Assistive technology", "Spinal cord injury",
    "Learning disability support", "Driving assessment", "Wheelchair provision", "Cognitive rehabilitation",
    "Upper limb splinting", "Dementia care", "Community reintegration",
]
CONDITIONS = [
    "stroke", "traumatic brain injury", "spinal cord injury", "multiple sclerosis", "parkinson's disease",
    "cerebral palsy", "rheumatoid arthritis", "osteoarthritis", "hip fracture", "lower limb amputation",
    "chronic low back pain", "fibromyalgia", "chronic fatigue syndrome", "long covid", "copd", "heart failure",
    "dementia", "depression", "anxiety", "psychosis", "autism", "adhd", "learning disability",
    "developmental coordination disorder", "motor neurone disease", "muscular dystrophy", "hand injury", "burns",
    "frailty", "visual impairment", "hearing loss", "diabetes", "cancer", "post-traumatic stress",
    "eating disorder", "brachial plexus injury", "whiplash", "complex regional pain syndrome", "epilepsy",
    "acquired hearing and sight loss",
]
KEYWORDS = [
    "wheelchair", "splint", "stairs", "bathing", "rails", "return to work", "fatigue", "pacing", "memory",
    "school", "sensory", "hoist", "ramp", "kitchen", "driving", "sleep", "anxiety", "routine", "grip", "falls",
    "cushion", "posture", "adaptations", "equipment", "independence", "confidence", "budget", "carers",
]
SENTENCES = [
    "The client struggles with everyday tasks at home, such as washing, dressing and preparing meals.",
    "Family members are providing more care than they can sustain, and the arrangement is close to breaking down.",
    "Equipment supplied by statutory services no longer fits the client's needs or has never been reviewed.",
    "The client wants to go back to work, study or volunteering but does not know where to start.",
    "Falls, near misses or a fear of falling are limiting what the client is willing to try.",
    "Fatigue, pain or low mood mean the client does much less than they would like to each day.",
    "A discharge from hospital or a rehabilitation unit is planned and the home is not yet ready.",
    "The client's goals have stalled and the team needs a fresh view of what is realistic.",
    "Transfers, moving in bed or getting in and out of a car need a safe, agreed technique.",
    "The client relies on others for tasks that the right approach or equipment could make possible again.",
    "Concentration, memory or planning problems are getting in the way of routines and appointments.",
    "The client is about to move house, and the new property must be assessed before the purchase completes.",
]
ASSESSMENTS = [
    "Personal care, meal preparation and household tasks, observed in the client's own home.",
    "Transfers, mobility and the use of equipment, with a risk assessment of each task.",
    "Posture, pressure risk and seating, with measurements for any equipment recommended.",
    "Cognition, including attention, memory, planning and problem solving in real tasks.",
    "Fatigue and pain patterns across a typical week, using a diary the client completes.",
    "The layout and access of the property, with measurements for adaptations.",
    "Roles, routines and goals, using a standardised occupational performance measure.",
    "Work demands and the adjustments an employer could reasonably make.",
]
INTERVENTIONS = [
    "Recommends, sources and fits equipment, then checks the client and carers use it safely.",
    "Designs a graded programme of activity that builds tolerance towards the client's goals.",
    "Teaches pacing, planning and prioritising, and helps the client build them into a routine.",
    "Specifies adaptations to the home and liaises with builders, grant officers and landlords.",
    "Trains support workers and family carers in safe techniques and in the client's programme.",
    "Works with the employer or school on reasonable adjustments and a phased return.",
    "Sets goals with the client and reviews them at agreed points with the wider team.",
    "Provides strategies for memory and planning, such as checklists, reminders and structured routines.",
]
RECEIVES = [
    "An initial assessment report with baseline measures, agreed goals and the reasoning behind each recommendation.",
    "Costed recommendations for equipment, adaptations and therapy sessions, with alternatives where they exist.",
    "Progress reports at agreed intervals that measure change against the original goals.",
    "A discharge report with outcome measures and any needs likely to arise in future.",
    "Prompt updates when risks change or when a recommendation cannot go ahead as planned.",
]
VERIFY = [
    "Ask for the certificate or registration number and check it against the issuing body's public register.",
    "Check that the name, profession and status match the therapist's identity documents.",
    "Look for any conditions, cautions or restrictions recorded against the registration.",
    "Confirm the expiry or renewal date and diarise a check before it lapses.",
    "Ask how the therapist keeps this up to date, and for evidence of the most recent renewal.",
    "Record the date of the check and the result on the client's file.",
]
CHECK_ITEMS = [
    ("Agree the questions the assessment must answer",
     "Write down the goals and whether you need a one-off assessment or ongoing therapy."),
    ("Match the specialism to the client's needs",
     "A therapist with experience of similar cases will reach useful recommendations sooner."),
    ("Check professional registration", "Confirm the registration status and look for conditions or sanctions."),
    ("See current indemnity insurance",
     "Check the cover limit, the expiry date and that this kind of work is covered."),
    ("Agree fees, travel and report deadlines in writing", None),
    ("Share the records the therapist needs before the first visit",
     "Send medical notes, earlier reports and risk information."),
    ("Check for conflicts of interest", "For example a link to an equipment supplier."),
    ("Agree how progress will be reported", "Monthly reports against the original goals suit most ongoing work."),
    ("Plan how the client's consent will be recorded", None),
    ("Set a date to review the instruction", "Review at an agreed point whether the work is still meeting its goals."),
    ("Confirm who holds the clinical records", None),
    ("Agree what happens if the client's needs change", "Decide who the therapist should contact and how quickly."),
]
PSEUDONYMS = ["Amara", "Bilal", "Ceri", "Dominika", "Eamon", "Farida", "Gwen", "Hamish", "Ifeoma", "Jonah",
              "Kezia", "Lorcan", "Maryam", "Niall", "Orla", "Priya", "Quentin", "Rhian", "Sunil", "Tamsin"]
BODY = """*Names and identifying details in this story have been changed; "{name}" is a pseudonym.*

## Background

{name} was living with {condition}. Everyday tasks had become slow and tiring, and the family were doing more
and more of them. {name} wanted to get back to the things that mattered most: {goal_lower}, and a routine
that felt like their own again. Earlier support had focused on safety, and nobody had yet looked at what
{name} wanted to do.

## What the OT did

The occupational therapist spent time with {name} at home, watching how tasks were done rather than asking
about them. Together they agreed goals that could be measured and reviewed. The OT then:

- recommended and fitted equipment, and checked that {name} and the family used it safely;
- set up a graded programme, starting with short, achievable steps and building each week;
- worked with the wider team so that everyone supported the same goals.

Progress was reviewed every month, and the plan was changed when something was not working.

## Outcome

Some months later {name} was managing most personal care independently and had reached the main goal. The
family were providing less care, and the support hours in the plan were reduced.

## What case managers can take from this

- Ask the OT to observe tasks in the client's own surroundings, not only to take a history.
- Goals the client chooses are more likely to be met than goals set for them.
- Regular, measured reviews show whether the money spent on therapy and equipment is making a difference.
"""
OPENERS = ["Yes", "No", "Partly", "Not sure"]
NATO = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliett"]


# A page the hand-written docs/ or the nav in mkdocs.yml links to: `specialisms/hand-therapy.md`,
# `referral/case-manager-referral/index.md`, `sources/index.md#hcpc-register`.
LINKED_ITEM = re.compile(r"\b(specialisms|qualifications|checklists|case-studies)/([a-z0-9]+(?:-[a-z0-9]+)*)\.md"
                         r"|\breferral/([a-z0-9]+(?:-[a-z0-9]+)*)/|\bsources/index\.md#([a-z0-9]+(?:-[a-z0-9]+)*)")


def linked_ids() -> dict[str, list[str]]:
    """Ids of the content items that docs/ and mkdocs.yml link to, by type.

    The synthetic set has items with these ids, so those links resolve and the strict build passes, as it does on
    the shipped content.
    """
    folders = {"specialisms": "specialism", "qualifications": "qualification", "checklists": "checklist",
               "case-studies": "case-study"}
    found: dict[str, set[str]] = {name: set() for name in (*folders.values(), "flow", "source")}
    texts = [CONFIG_FILE.read_text(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").rglob("*.md"))]
    for text in texts:
        for match in LINKED_ITEM.finditer(text):
            folder, item_id, flow_id, source_id = match.groups()
            if folder and item_id != "index":
                found[folders[folder]].add(item_id)
            elif flow_id:
                found["flow"].add(flow_id)
            elif source_id:
                found["source"].add(source_id)
    return {name: sorted(ids) for name, ids in found.items()}


def counts_for(items: int, linked: dict[str, list[str]] | None = None) -> dict[str, int]:
    """How many items of each type a content set of `items` items has: every type at least once, and at least as
    many as docs/ links to. Case stories take the rest."""
    linked = linked or {}
    counts = {name: max(1, round(items * share), len(linked.get(name, ()))) for name, share in MIX.items()}
    counts["case-study"] = max(1, len(linked.get("case-study", ())), items - sum(counts.values()))
    return counts


def _slug(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))


def _pick(rng: random.Random, values: list[Any], low: int, high: int) -> list[Any]:
    return rng.sample(values, rng.randint(min(low, len(values)), min(high, len(values))))


def _write_yaml(path: Path, schema: str, data: dict[str, Any], *, front_matter_body: str | None = None) -> None:
    import yaml  # the generator's own dependency

    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110, default_flow_style=False)
    line = f"# yaml-language-server: $schema=../../schemas/{schema}.schema.json\n"
    if front_matter_body is None:
        path.write_text(line + text, encoding="utf-8")
    else:
        path.write_text(f"---\n{line}{text}---\n\n{front_matter_body}", encoding="utf-8")


def flow_paths(items: int, paths: int, flows: int) -> int:
    """Paths in each flow: `paths`, unless docs/ needs more flows than 1 in 100 items (small sizes), when the same
    number of paths in all is spread over them, so that flow pages stay the same share of the site at every size."""
    nominal = max(1, round(items * MIX["flow"]))
    return max(2, min(paths, round(paths * nominal / flows)))


def synthesise(content_dir: Path, items: int, paths: int, seed: int = 8) -> dict[str, int]:
    """Write a valid content set of `items` items into `content_dir`; see `flow_paths` for the flows' paths."""
    rng = random.Random(seed * 100_003 + items)
    linked = linked_ids()
    counts = counts_for(items, linked)
    paths = flow_paths(items, paths, counts["flow"])
    reviewed = dt.date.today() - dt.timedelta(days=30)
    for ctype in TYPES:
        (content_dir / ctype.folder).mkdir(parents=True, exist_ok=True)

    def ids(kind: str, names: Callable[[int], str]) -> list[str]:
        """The ids docs/ links to first, then made-up ones."""
        fixed = linked.get(kind, [])
        return fixed + [f"{_slug(names(i))}-{i + 1:04d}" for i in range(len(fixed), counts[kind])]

    source_ids = ids("source", lambda i: "guidance")
    qual_ids = ids("qualification", lambda i: "check")
    spec_ids = ids("specialism", lambda i: AREAS[i % len(AREAS)])
    list_ids = ids("checklist", lambda i: "checklist")
    story_ids = ids("case-study", lambda i: CONDITIONS[i % len(CONDITIONS)])
    flow_ids = ids("flow", lambda i: "referral")

    def sources() -> list[str]:
        return _pick(rng, source_ids, 1, 2)

    for i, sid in enumerate(source_ids):
        _write_yaml(content_dir / "sources" / f"{sid}.yml", "source", {
            "title": f"Practice guidance on occupational therapy, part {i + 1}",
            "publisher": "Royal College of Occupational Therapists",
            "kind": rng.choice(["professional guidance", "blog article", "conference session summary"]),
            "summary": "Guidance for case managers and therapists on instructing an occupational therapist, "
                       "what to check and what good reports contain.",
        })
    for i, qid in enumerate(qual_ids):
        _write_yaml(content_dir / "qualifications" / f"{qid}.yml", "qualification", {
            "title": f"Professional safeguard {i + 1}",
            "summary": "A registration, membership or check that shows the therapist is qualified, insured and safe "
                       "to work with the client. Case managers should see evidence of it before instructing, and "
                       "check it again when it is due for renewal, since cover and status can lapse without notice.",
            "requirement": rng.choice(list(m.Requirement)).value,
            "issued_by": "The relevant professional or regulatory body",
            "how_to_verify": _pick(rng, VERIFY, 4, 6),
            "keywords": _pick(rng, KEYWORDS, 3, 5),
            "sources": sources(),
            "last_reviewed": reviewed,
        })
    for i, sid in enumerate(spec_ids):
        area = AREAS[i % len(AREAS)]
        _write_yaml(content_dir / "specialisms" / f"{sid}.yml", "specialism", {
            "title": f"{area} {i + 1}",
            "summary": f"{area} helps people whose health condition or injury gets in the way of everyday life. "
                       "The occupational therapist assesses what the client needs and wants to do, recommends "
                       "equipment, adaptations and strategies, and works towards goals the client has chosen, "
                       "reporting progress to the case manager at agreed points.",
            "when_to_instruct": _pick(rng, SENTENCES, 5, 7),
            "assessments": _pick(rng, ASSESSMENTS, 4, 6),
            "interventions": _pick(rng, INTERVENTIONS, 4, 6),
            "case_manager_receives": _pick(rng, RECEIVES, 3, 4),
            "involvement": rng.choice(list(m.Involvement)).value,
            "involvement_note": "Usually an assessment visit and report, followed where needed by a course of "
                                "sessions over several weeks or months.",
            "conditions": _pick(rng, CONDITIONS, 4, 7),
            "age_groups": [g.value for g in _pick(rng, list(m.AgeGroup), 1, 4)],
            "settings": [s.value for s in _pick(rng, list(m.Setting), 1, 4)],
            "qualifications": _pick(rng, qual_ids, 3, 5),
            "rcot_section": rng.choice(list(m.RcotSection)).value,
            "keywords": _pick(rng, KEYWORDS, 6, 10),
            "sources": sources(),
            "last_reviewed": reviewed,
        })
    for i, cid in enumerate(list_ids):
        entries = []
        for text, guidance in _pick(rng, CHECK_ITEMS, 8, 12):
            entries.append({"text": text, "guidance": guidance} if guidance else {"text": text})
        _write_yaml(content_dir / "checklists" / f"{cid}.yml", "checklist", {
            "title": f"Checklist {i + 1}: before and during an instruction",
            "summary": "A few checks and conversations before and during an instruction save time later and "
                       "protect the client. Work through this list before you send the letter of instruction.",
            "audience": [a.value for a in _pick(rng, list(m.Audience), 1, 2)],
            "items": entries,
            "keywords": _pick(rng, KEYWORDS, 3, 6),
            "sources": sources(),
            "last_reviewed": reviewed,
        })
    for i, cid in enumerate(story_ids):
        name = PSEUDONYMS[i % len(PSEUDONYMS)]
        condition = CONDITIONS[i % len(CONDITIONS)]
        goals = ["Get washed and dressed without help", "Cook a simple meal again", "Go back to work part time",
                 "Get out into the community each week", "Return to a hobby", "Sleep through the night"]
        chosen_goals = _pick(rng, goals, 3, 4)
        # Specialisms in proportion: each story names one or two, so each specialism has a few stories.
        named = sorted({spec_ids[i % len(spec_ids)], spec_ids[(i * 7 + 3) % len(spec_ids)]})
        _write_yaml(content_dir / "case-studies" / f"{cid}.md", "case-study", {
            "title": f"Living with {condition}: back to a routine of their own ({i + 1})",
            "summary": f"{name} was living with {condition} and relying on family for everyday tasks. An occupational "
                       "therapist assessed them at home, set goals with them and recommended equipment and a graded "
                       "programme. Some months later they were managing most personal care independently.",
            "pseudonym": name,
            "age_band": rng.choice(list(m.AgeBand)).value,
            "region": rng.choice(list(m.Region)).value,
            "conditions": sorted({condition, *_pick(rng, CONDITIONS, 1, 2)}),
            "specialisms": named,
            "setting": rng.choice(list(m.Setting)).value,
            "goals": chosen_goals,
            "interventions": _pick(rng, INTERVENTIONS, 3, 5),
            "outcomes": ["Managing most personal care independently", "Family providing less care",
                         "Main goal reached at the review"][: rng.randint(2, 3)],
            "consent_recorded": True,
            "anonymisation_reviewer": "Clinical lead",
            "keywords": _pick(rng, KEYWORDS, 4, 7),
            "sources": sources(),
            "last_reviewed": reviewed,
        }, front_matter_body=BODY.format(name=name, condition=condition, goal_lower=chosen_goals[0].lower()))
    for i, fid in enumerate(flow_ids):
        _write_yaml(content_dir / "referral" / f"{fid}.yml", "flow",
                    _flow(rng, i, paths, spec_ids, qual_ids, story_ids, sources(), reviewed))
    return counts


def _flow(rng: random.Random, index: int, paths: int, spec_ids: list[str], qual_ids: list[str],
          story_ids: list[str], sources: list[str], reviewed: dt.date) -> dict[str, Any]:
    """A flow whose questions form a tree with exactly `paths` paths, at most four answers per question."""
    outcome_ids = [f"result-{k + 1}" for k in range(min(paths, 6))]
    questions: list[dict[str, Any]] = []
    leaves = iter(range(paths))

    def node(need: int, qid: str) -> str:
        if need == 1 and questions:
            return outcome_ids[next(leaves) % len(outcome_ids)]
        branches = min(4, need)
        shares = [need // branches + (1 if k < need % branches else 0) for k in range(branches)]
        question: dict[str, Any] = {
            "id": qid,
            "text": f"Which of these best describes the client's situation at stage {len(qid.split('-'))}?",
            "hint": "Choose the answer that fits most of the time, not on the best or the worst day. If you are "
                    "unsure, choose the closest and check the result with the therapist.",
            "options": [],
        }
        questions.append(question)
        for k, share in enumerate(shares):
            question["options"].append({
                "label": f"{OPENERS[k]}, the client's needs match this description for most of the week",
                "next": node(share, f"{qid}-{k + 1}"),
            })
        return qid

    start = node(paths, "q")
    outcomes = []
    for k, oid in enumerate(outcome_ids):
        outcome: dict[str, Any] = {
            "id": oid,
            "title": f"Result {k + 1}: instruct an occupational therapist",
            "summary": "An occupational therapist can assess the client and recommend what would help, with "
                       "costed recommendations and goals you can review.",
            "recommend": _pick(rng, spec_ids, 1, 2),
            "why": "The answers point to needs in everyday tasks that an occupational therapist assesses and "
                   "treats, and where equipment, adaptations or a graded programme are likely to help.",
            "ask_for": _pick(rng, RECEIVES, 2, 3),
            "checks": _pick(rng, qual_ids, 2, 3),
            "you_receive": _pick(rng, RECEIVES, 1, 2),
            "case_stories": _pick(rng, story_ids, 0, 2),
            "also_consider": _pick(rng, spec_ids, 0, 1),
        }
        if k == len(outcome_ids) - 1 and k > 0:
            outcome["instead"] = "If the client is acutely unwell, contact their GP or the hospital team first."
        outcomes.append({key: value for key, value in outcome.items() if value != []})
    return {
        "title": f"Referral tool {index + 1}: should I instruct an OT?",
        "audience": rng.choice(list(m.Audience)).value,
        "intro": "A few questions about the client lead to a recommendation you can copy into a case file: "
                 "whether to instruct an occupational therapist, which specialism, and what to check first.",
        "start": start,
        "keywords": _pick(rng, KEYWORDS, 3, 5),
        "questions": questions,
        "outcomes": outcomes,
        "sources": sources,
        "last_reviewed": reviewed,
    }


# -- measuring -------------------------------------------------------------------------------------------

@contextmanager
def content_env(content_dir: Path) -> Iterator[None]:
    """OT_CONTENT_DIR set for this process while MkDocs' configuration is loaded."""
    saved = os.environ.get("OT_CONTENT_DIR")
    os.environ["OT_CONTENT_DIR"] = str(content_dir)
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("OT_CONTENT_DIR", None)
        else:
            os.environ["OT_CONTENT_DIR"] = saved


def mkdocs_config(content_dir: Path, **overrides: Any) -> Any:
    from mkdocs.config import load_config

    with content_env(content_dir):
        return load_config(config_file=str(CONFIG_FILE), **overrides)


def generator_options(config: Any) -> generator.Options:
    """The options the plugin passes to the generator, read from the same mkdocs.yml."""
    plugin = config.plugins["ot-knowledge-base"].config
    return generator.Options(max_questions=plugin.max_questions, max_paths=plugin.max_paths,
                             referral_email=plugin.referral_email, site_url=config.site_url,
                             docs_dir=Path(config.docs_dir))


def time_generator(content_dir: Path, options: generator.Options) -> tuple[generator.Result, dict[str, float]]:
    """Run `generate()` once, timing it whole and each phase it calls (load, checks, render)."""
    phases: dict[str, float] = {}
    names = {"load_site": "load_s", "run_checks": "checks_s", "render_site": "render_s"}
    saved = {name: getattr(generator, name) for name in names if hasattr(generator, name)}

    def timed(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                phases[names[name]] = phases.get(names[name], 0.0) + time.perf_counter() - start
        return wrapper

    for name, func in saved.items():
        setattr(generator, name, timed(name, func))
    try:
        start, cpu = time.perf_counter(), time.process_time()
        result = generator.generate(content_dir, options)
        total, cpu = time.perf_counter() - start, time.process_time() - cpu
    finally:
        for name, func in saved.items():
            setattr(generator, name, func)
    if result.problems.items:
        shown = "\n".join(str(p) for p in result.problems.sorted()[:20])
        raise BenchError(f"the synthetic content has problems:\n{shown}")
    return result, {"generator_s": total, "generator_cpu_s": cpu, **phases}


FRONT_MATTER = re.compile(r"\A---\r?\n.*?\r?\n(?:---|\.\.\.)\r?\n", re.DOTALL)


def markdown_floor(pages: list[str], config: Any) -> dict[str, float]:
    """Wall and CPU seconds for Python-Markdown alone to convert `pages` with the site's extensions and settings."""
    import markdown

    bodies = [FRONT_MATTER.sub("", text, count=1) for text in pages]
    md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
    start, cpu = time.perf_counter(), time.process_time()
    for body in bodies:
        md.reset()
        md.convert(body)
    return {"markdown_floor_s": time.perf_counter() - start, "markdown_floor_cpu_s": time.process_time() - cpu}


def _maxrss_mb(maxrss: int) -> float:
    # Linux reports kilobytes; macOS reports bytes.
    return maxrss / (1024 * 1024) if sys.platform == "darwin" else maxrss / 1024


def run_build(content_dir: Path, site_dir: Path) -> dict[str, float]:
    """`mkdocs build --strict` in a child process; wall and CPU time, and peak memory.

    Not `--quiet`: in MkDocs 1.6 it drops warnings before strict mode counts them, so the build would pass with
    broken links. The log goes to a file, and is shown when the build fails.
    """
    env = {**os.environ, **CHILD_ENV, "OT_CONTENT_DIR": str(content_dir)}
    cmd = [str(MKDOCS), "build", "--strict", "--config-file", str(CONFIG_FILE), "--site-dir", str(site_dir)]
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        # wait4 gives this child's own resource use, peak memory included.
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            log.seek(0)
            lines = log.read().decode(errors="replace").splitlines()
            shown = "\n".join(line for line in lines if not line.startswith("INFO"))[-4000:]
            raise BenchError(f"mkdocs build --strict failed ({proc.returncode}):\n{shown}")
    return {"build_s": wall, "build_cpu_s": usage.ru_utime + usage.ru_stime,
            "peak_memory_mb": _maxrss_mb(usage.ru_maxrss)}


def run_check(content_dir: Path) -> float:
    """Seconds for `python -m generator check` on the content, which must pass."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "generator", "check", "--content", str(content_dir)],
                          cwd=ROOT, capture_output=True, text=True, env={**os.environ, **CHILD_ENV})
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise BenchError(f"python -m generator check failed on the synthetic content:\n{proc.stderr[-4000:]}")
    return elapsed


def site_metrics(site_dir: Path) -> dict[str, float]:
    html = [p for p in site_dir.rglob("*.html")]
    html_bytes = sum(p.stat().st_size for p in html)
    index = site_dir / "search" / "search_index.json"
    search_bytes = index.stat().st_size
    docs = json.loads(index.read_text(encoding="utf-8")).get("docs", [])
    total = sum(p.stat().st_size for p in site_dir.rglob("*") if p.is_file())
    return {
        "html_pages": len(html),
        "html_bytes_per_page": html_bytes / len(html),
        "search_index_bytes": search_bytes,
        "search_index_bytes_per_page": search_bytes / len(html),
        "search_index_pages": len({d.get("location", "").split("#")[0] for d in docs}),
        "site_mb": total / 1e6,
    }


def measure_size(items: int, paths: int, work: Path) -> dict[str, Any]:
    content_dir = work / f"content-{items}"
    site_dir = work / f"site-{items}"
    counts = synthesise(content_dir, items, paths)
    row: dict[str, Any] = {"items": sum(counts.values()), "counts": counts,
                           "paths_per_flow": flow_paths(items, paths, counts["flow"])}
    row["check_s"] = run_check(content_dir)
    config = mkdocs_config(content_dir)
    result, timing = time_generator(content_dir, generator_options(config))
    row.update(timing)
    markdown_pages = [p.text for p in result.pages.values() if p.path.endswith(".md")]
    row["generated_pages"] = len(markdown_pages)
    del result
    row.update(markdown_floor(markdown_pages, config))
    row.update(run_build(content_dir, site_dir))
    row.update(site_metrics(site_dir))
    row["build_ms_per_item"] = 1000 * row["build_s"] / items
    row["build_ms_per_page"] = 1000 * row["build_s"] / row["html_pages"]
    row["generator_share"] = row["generator_s"] / row["build_s"]
    row["build_to_floor"] = row["build_s"] / row["markdown_floor_s"]
    # The same ratios in CPU time, which a busy machine disturbs less than wall time.
    row["build_to_floor_cpu"] = row["build_cpu_s"] / row["markdown_floor_cpu_s"]
    row["generator_share_cpu"] = row["generator_cpu_s"] / row["build_cpu_s"]
    shutil.rmtree(site_dir, ignore_errors=True)
    shutil.rmtree(content_dir, ignore_errors=True)
    return row


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback only
        return str(response.read().decode("utf-8", errors="replace"))


def _wait_for(url: str, text: str, timeout: float, failed: Callable[[], str | None], pause: float) -> float:
    """Seconds until the page at `url` contains `text`; BenchError when `failed()` says why not or time runs out."""
    t0 = time.perf_counter()
    while True:
        try:
            if text in _fetch(url):
                return time.perf_counter() - t0
        except OSError:
            pass
        reason = failed() or (f"'{text}' was not served within {timeout:.0f} s"
                              if time.perf_counter() - t0 > timeout else None)
        if reason:
            raise BenchError(reason)
        time.sleep(pause)


def _stop(proc: subprocess.Popen[str], reader: threading.Thread) -> None:
    proc.send_signal(signal.SIGINT)  # lets the server remove its temporary site
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    reader.join(timeout=5)


def _time_edit(spec: Path, marker: str, url: str, reloads: list[float], timeout: float) -> dict[str, float | None]:
    """Edit `spec`'s title to `marker`; seconds until the page shows it, and until the server's rebuild ended."""
    text = spec.read_text(encoding="utf-8")
    edited, n = re.subn(r"^title: .*$", f"title: {marker}", text, count=1, flags=re.M)
    if n != 1:
        raise BenchError(f"{spec}: no 'title:' line to edit")
    seen = len(reloads)
    t0 = time.perf_counter()
    spec.write_text(edited, encoding="utf-8")
    page_s = _wait_for(url, marker, timeout, lambda: None, 0.02)
    while len(reloads) <= seen and time.perf_counter() - t0 < timeout:
        time.sleep(0.02)
    return {"page_s": page_s, "reload_s": reloads[seen] - t0 if len(reloads) > seen else None}


def edit_to_served(repeats: int = 3, timeout: float = 60.0, *, dirty: bool = False) -> dict[str, Any]:
    """Seconds from saving an edit to a content file to `properdocs serve` serving the rebuilt page.

    Serves a copy of the shipped content, edits one specialism's title `repeats` times, and polls the page until
    the new title appears (`page_s`); `reload_s` is when the server finished the whole rebuild ("Reloading
    browsers"). The file watcher polls every 0.5 s, which is part of what a contributor waits for. `dirty`
    serves with `--dirty`, which rebuilds only the pages the engine sees as changed.
    """
    with tempfile.TemporaryDirectory(prefix="ot-bench-serve-") as tmp:
        content = Path(tmp) / "content"
        shutil.copytree(ROOT / "content", content)
        spec = sorted((content / "specialisms").glob("*.yml"))[0]
        port = _free_port()
        url = f"http://127.0.0.1:{port}/specialisms/{spec.stem}/"
        env = {**os.environ, **CHILD_ENV, "OT_CONTENT_DIR": str(content), "SITE_URL": f"http://127.0.0.1:{port}/"}
        cmd = [str(MKDOCS), "serve", "--config-file", str(CONFIG_FILE), "--dev-addr", f"127.0.0.1:{port}",
               *(["--dirty"] if dirty else [])]
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        reloads: list[float] = []
        output: list[str] = []

        def read() -> None:
            assert proc.stdout is not None
            for line in proc.stdout:
                output.append(line)
                if "Reloading browsers" in line:
                    reloads.append(time.perf_counter())

        def exited() -> str | None:
            return None if proc.poll() is None else "the server did not start:\n" + "".join(output[-40:])

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        samples: list[dict[str, float | None]] = []
        try:
            initial = _wait_for(url, "<h1", 180, exited, 0.1)
            time.sleep(1.5)  # the watcher takes its first snapshot once the first build is served
            for i in range(repeats):
                samples.append(_time_edit(spec, f"Benchmark edit {NATO[i % len(NATO)]}", url, reloads, timeout))
                time.sleep(1.0)
        finally:
            _stop(proc, reader)
    page = [s["page_s"] for s in samples if s["page_s"] is not None]
    reload_times = [s["reload_s"] for s in samples if s["reload_s"] is not None]
    return {
        "edit_to_served_s": statistics.median(page),
        "edit_to_reload_s": statistics.median(reload_times) if reload_times else None,
        "samples": samples,
        "first_build_served_s": initial,
        "edited_file": f"content/specialisms/{spec.name}",
        "command": "properdocs serve" + (" --dirty" if dirty else ""),
    }


# -- targets, table, plot --------------------------------------------------------------------------------

def targets(rows: list[dict[str, Any]], serve: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The issue's targets, each with the measured value, its limit and whether it holds."""
    small, large = rows[0], rows[-1]
    n0, n1 = f"{small['items']:,}", f"{large['items']:,}"
    out = [
        ("build", f"Build time at {n1} items <= 2.0x the Markdown floor", large["build_to_floor"], 2.0, "x"),
        ("generator", f"Generator time <= 10% of build time at {n1} items", large["generator_share"], 0.10, "%"),
        ("memory", f"Peak memory at {n1} items <= 500 MB", large["peak_memory_mb"], 500.0, "MB"),
    ]
    if len(rows) > 1:
        out[1:1] = [
            ("linear", f"Build time per item at {n1} within 1.5x of that at {n0}",
             large["build_ms_per_item"] / small["build_ms_per_item"], 1.5, "x"),
        ]
        out += [
            ("html", f"HTML bytes per page at {n1} within 1.2x of {n0}",
             large["html_bytes_per_page"] / small["html_bytes_per_page"], 1.2, "x"),
            ("search", f"Search-index bytes per page at {n1} within 1.2x of {n0}",
             large["search_index_bytes_per_page"] / small["search_index_bytes_per_page"], 1.2, "x"),
        ]
    if serve is not None:
        out.append(("serve", "Edit-to-served rebuild of the shipped site <= 1 s", serve["edit_to_served_s"], 1.0, "s"))
    return [{"id": i, "target": t, "measured": v, "limit": lim, "unit": u, "met": v <= lim} for i, t, v, lim, u in out]


def _fmt(value: float, unit: str) -> str:
    if unit == "%":
        return f"{100 * value:.1f}%"
    if unit == "MB":
        return f"{value:.0f} MB"
    if unit == "s":
        return f"{value:.2f} s"
    return f"{value:.2f}x"


def markdown_table(results: dict[str, Any]) -> str:
    lines = [
        "| items | HTML pages | build | per item | generator (share) | Markdown floor | build ÷ floor "
        "| HTML per page | search index per page | peak memory |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results["sizes"]:
        lines.append(
            f"| {r['items']:,} | {r['html_pages']:,} | {r['build_s']:.1f} s | {r['build_ms_per_item']:.1f} ms "
            f"| {r['generator_s']:.2f} s ({100 * r['generator_share']:.0f}%) | {r['markdown_floor_s']:.2f} s "
            f"| {r['build_to_floor']:.2f}x | {r['html_bytes_per_page'] / 1024:.1f} KB "
            f"| {r['search_index_bytes_per_page'] / 1024:.2f} KB | {r['peak_memory_mb']:.0f} MB |"
        )
    serve = results.get("serve")
    if serve:
        reload = serve.get("edit_to_reload_s")
        done = f";\nwhole rebuild done at {reload:.2f} s." if reload else "."
        lines += ["", f"Edit to served on the shipped site (`{serve['command']}`, median of {len(serve['samples'])}): "
                  f"{serve['edit_to_served_s']:.2f} s{done}"]
    lines += ["", "| target | measured | met |", "|---|---:|:---:|"]
    for t in results["targets"]:
        lines.append(f"| {t['target']} | {_fmt(t['measured'], t['unit'])} | {'yes' if t['met'] else '**no**'} |")
    machine = results["machine"]
    lines += ["", f"Measured {results['date']} on {machine['cpus']} CPUs, Python {machine['python']}, "
              f"MkDocs {machine['mkdocs']}, Material {machine['mkdocs-material']}; load average "
              f"{machine['load_average']:.1f} at the start.",
              f"One referral flow per 100 items, with {results['paths_per_flow']} paths each (spread over more "
              "flows where docs/ links to more)."]
    return "\n".join(lines)


def plot(results: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = results["sizes"]
    x = [r["items"] for r in rows]
    fig, axes = plt.subplots(2, 2, figsize=(11, 8))
    ax = axes[0][0]
    ax.plot(x, [r["build_s"] for r in rows], "o-", label="mkdocs build")
    ax.plot(x, [r["markdown_floor_s"] for r in rows], "s--", label="Python-Markdown floor")
    ax.plot(x, [r["generator_s"] for r in rows], "^-", label="generator")
    ax.set(title="Time", xlabel="content items", ylabel="seconds")
    ax.legend()
    ax = axes[0][1]
    ax.plot(x, [r["build_ms_per_item"] for r in rows], "o-", label="build")
    ax.plot(x, [1000 * r["markdown_floor_s"] / r["items"] for r in rows], "s--", label="Markdown floor")
    ax.set(title="Time per item", xlabel="content items", ylabel="milliseconds", ylim=(0, None))
    ax.legend()
    ax = axes[1][0]
    ax.plot(x, [r["html_bytes_per_page"] / 1024 for r in rows], "o-", label="HTML")
    ax.plot(x, [r["search_index_bytes_per_page"] / 1024 for r in rows], "s-", label="search index")
    ax.set(title="Bytes per HTML page", xlabel="content items", ylabel="KB", ylim=(0, None))
    ax.legend()
    ax = axes[1][1]
    ax.plot(x, [r["peak_memory_mb"] for r in rows], "o-")
    ax.axhline(500, color="grey", linestyle=":", label="500 MB target")
    ax.set(title="Peak memory of the build", xlabel="content items", ylabel="MB", ylim=(0, None))
    ax.legend()
    fig.suptitle(f"Build cost by size ({results['date']}, {results['machine']['cpus']} CPUs)")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def update_readme(readme: Path, table: str) -> None:
    text = readme.read_text(encoding="utf-8")
    start, end = (text.find(marker) for marker in MARKERS)
    if start < 0 or end < start:
        raise BenchError(f"{readme}: add the markers {MARKERS[0]} and {MARKERS[1]} where the table goes")
    readme.write_text(text[: start + len(MARKERS[0])] + "\n" + table + "\n" + text[end:], encoding="utf-8")


def machine() -> dict[str, Any]:
    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "?"

    return {
        "cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
        "mkdocs": version("mkdocs"), "mkdocs-material": version("mkdocs-material"),
        "markdown": version("markdown"), "pymdown-extensions": version("pymdown-extensions"),
        "load_average": os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0,
    }


# -- profiling -------------------------------------------------------------------------------------------

def _stats_text(profile: cProfile.Profile, limit: int) -> str:
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.strip_dirs()
    for key in ("tottime", "cumulative"):
        out.write(f"\n==== top {limit} by {key} ====\n")
        stats.sort_stats(key).print_stats(limit)
    return out.getvalue()


def profile(items: int, paths: int, out_dir: Path, limit: int = 40) -> list[Path]:
    """cProfile the generator and the in-process MkDocs build at one size; write the top functions as text."""
    from mkdocs.commands.build import build

    written = []
    with tempfile.TemporaryDirectory(prefix="ot-bench-profile-") as tmp:
        content_dir, site_dir = Path(tmp) / "content", Path(tmp) / "site"
        synthesise(content_dir, items, paths)
        config = mkdocs_config(content_dir)
        prof = cProfile.Profile()
        prof.enable()
        generator.generate(content_dir, generator_options(config))
        prof.disable()
        written.append(out_dir / f"profile-generator-{items}.txt")
        written[-1].write_text(_stats_text(prof, limit), encoding="utf-8")

        config = mkdocs_config(content_dir, site_dir=str(site_dir), strict=True)
        os.environ.update(CHILD_ENV)
        prof = cProfile.Profile()
        with content_env(content_dir):
            prof.enable()
            try:
                config.plugins.on_startup(command="build", dirty=False)
                build(config)
                config.plugins.on_shutdown()
            except SystemExit as exc:  # MkDocs' Abort, e.g. a warning in strict mode
                raise BenchError(f"mkdocs build failed: {exc}") from None
            finally:
                prof.disable()
        written.append(out_dir / f"profile-build-{items}.txt")
        written[-1].write_text(_stats_text(prof, limit), encoding="utf-8")
    return written


# -- main ------------------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES), metavar="N",
                    help="content items per size (default: 100 500 2000)")
    ap.add_argument("--paths", type=int, default=DEFAULT_PATHS, metavar="P",
                    help=f"paths in each synthetic referral flow (default: {DEFAULT_PATHS}; at most the "
                         "max_paths in mkdocs.yml)")
    ap.add_argument("--smoke", action="store_true",
                    help=f"one tiny size ({SMOKE_SIZE} items, flows of at most {SMOKE_PATHS} paths), no serve "
                         "timing, no plot: for tests")
    ap.add_argument("--results", type=Path, default=ROOT / "benchmarks" / "results",
                    help="folder for results.json and results.png (default: benchmarks/results)")
    ap.add_argument("--readme", type=Path, help="write the table into this file between the bench markers")
    ap.add_argument("--serve-repeats", type=int, default=3, metavar="K", help="edits timed under mkdocs serve")
    ap.add_argument("--no-serve", action="store_true", help="skip the edit-to-served timing")
    ap.add_argument("--serve-dirty", action="store_true", help="time the edit under `mkdocs serve --dirty`")
    ap.add_argument("--profile", type=int, metavar="N",
                    help="instead of benchmarking, profile the generator and the build at N items")
    args = ap.parse_args(argv)
    if not 1 <= args.paths <= 150:
        ap.error("--paths must be between 1 and 150 (the flows' max_paths)")
    if any(n < 10 for n in args.sizes):
        ap.error("every size must be at least 10 items")
    args.results.mkdir(parents=True, exist_ok=True)
    if args.profile:
        for path in profile(args.profile, args.paths, args.results):
            print(f"wrote {path}")
        return 0

    sizes = [SMOKE_SIZE] if args.smoke else sorted(set(args.sizes))
    if args.smoke:
        args.paths = min(args.paths, SMOKE_PATHS)
    results: dict[str, Any] = {
        "date": dt.date.today().isoformat(), "machine": machine(), "paths_per_flow": args.paths,
        "smoke": args.smoke, "sizes": [], "serve": None,
    }
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="ot-bench-") as tmp:
        for items in sizes:
            print(f"size {items}: synthesising, checking, building...", file=sys.stderr, flush=True)
            row = measure_size(items, args.paths, Path(tmp))
            results["sizes"].append(row)
            print(f"size {items}: build {row['build_s']:.1f} s, generator {row['generator_s']:.2f} s, "
                  f"floor {row['markdown_floor_s']:.2f} s, {row['html_pages']} pages, "
                  f"{row['peak_memory_mb']:.0f} MB", file=sys.stderr, flush=True)
    if not (args.smoke or args.no_serve):
        print("timing an edit under mkdocs serve...", file=sys.stderr, flush=True)
        results["serve"] = edit_to_served(args.serve_repeats, dirty=args.serve_dirty)
    results["targets"] = targets(results["sizes"], results["serve"])
    results["elapsed_s"] = time.perf_counter() - started
    (args.results / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    if not args.smoke:
        plot(results, args.results / "results.png")
    table = markdown_table(results)
    print(table)
    if args.readme:
        update_readme(args.readme, table)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        sys.exit(1)
