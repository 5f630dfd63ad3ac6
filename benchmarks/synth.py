"""Synthetic content: a valid knowledge base of N items, written from templates."""

from __future__ import annotations

import random
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from common import CONFIG_FILE, MIX, ROOT

from generator.load.strict_yaml import load_markdown
from generator.problems import Problems
from generator.structure import model as m
from generator.structure.content import TYPES

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


def _vocabularies(content_dir: Path) -> None:
    """The shipped vocabularies, with the conditions list replaced by the conditions the synthetic items use, and
    the shipped guides with the sources they cite (the navigation links to the guides)."""
    shutil.copytree(ROOT / "content" / "vocabulary", content_dir / "vocabulary", dirs_exist_ok=True)
    shutil.copytree(ROOT / "content" / "guides", content_dir / "guides", dirs_exist_ok=True)
    (content_dir / "sources").mkdir(parents=True, exist_ok=True)
    for guide in sorted((ROOT / "content" / "guides").glob("*.md")):
        front = load_markdown(guide.read_text(encoding="utf-8"), str(guide), Problems()).front_matter
        for source in front.data["sources"] if front is not None else []:
            shutil.copy(ROOT / "content" / "sources" / f"{source}.yml", content_dir / "sources" / f"{source}.yml")
    _write_yaml(content_dir / "vocabulary" / "conditions.yml", "vocabulary", {
        "title": "Conditions",
        "summary": "The conditions the synthetic items list.",
        "terms": [{"name": c, "synonyms": [f"{c} (everyday name)"]} for c in sorted(set(CONDITIONS))],
    })


def synthesise(content_dir: Path, items: int, paths: int, seed: int = 8) -> dict[str, int]:
    """Write a valid content set of `items` items into `content_dir`; see `flow_paths` for the flows' paths."""
    rng = random.Random(seed * 100_003 + items)
    linked = linked_ids()
    counts = counts_for(items, linked)
    paths = flow_paths(items, paths, counts["flow"])
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

    _vocabularies(content_dir)
    for i, sid in enumerate(source_ids):
        _write_yaml(content_dir / "sources" / f"{sid}.yml", "source", {
            "title": f"Practice guidance on occupational therapy, part {i + 1}",
            "publisher": "Royal College of Occupational Therapists",
            "kind": rng.choice([k.value for k in m.SourceKind]),
            "summary": "Guidance for case managers and therapists on instructing an occupational therapist, "
                       "what to check and what good reports contain.",
            "url": f"https://www.example.org/guidance-{i + 1}",
            "date_published": "2024",
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
            "verify_at": [{"label": "The public register", "url": "https://www.example.org/register"}],
            "keywords": _pick(rng, KEYWORDS, 3, 5),
            "sources": sources(),
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
            "keywords": _pick(rng, KEYWORDS, 6, 10),
            "sources": sources(),
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
            "origin": {"kind": "own-client", "written_consent_on_file": True,
                       "anonymisation_reviewer": "Clinical lead"},
            "keywords": _pick(rng, KEYWORDS, 4, 7),
            "sources": sources(),
        }, front_matter_body=BODY.format(name=name, condition=condition, goal_lower=chosen_goals[0].lower()))
    for i, fid in enumerate(flow_ids):
        _write_yaml(content_dir / "referral" / f"{fid}.yml", "flow",
                    _flow(rng, i, paths, spec_ids, qual_ids, story_ids, sources()))
    return counts


def _flow(rng: random.Random, index: int, paths: int, spec_ids: list[str], qual_ids: list[str],
          story_ids: list[str], sources: list[str]) -> dict[str, Any]:
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
            label = f"{OPENERS[k]}, the client's needs match this description for most of the week"
            question["options"].append({
                "label": label,
                "slug": "-".join(re.findall(r"[a-z0-9]+", label.lower())[:5]),
                "next": node(share, f"{qid}-{k + 1}"),
            })
        return qid

    start = node(paths, "q")
    outcomes = []
    for k, oid in enumerate(outcome_ids):
        outcome: dict[str, Any] = {
            "id": oid,
            "title": f"Result {k + 1}: instruct an occupational therapist",
            "urgency": "routine",
            "urgency_reason": "A planned assessment; no known risk calls for faster action.",
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
    }
