"""What contributors and reviewers rely on: the guide's templates, editor settings, the GitHub files and hooks.

The workflows and issue forms are validated with actionlint and check-jsonschema. check-jsonschema's GitHub
schemas are bundled with it; the tests run it with every proxy pointing at a closed port, so a run that tried
to download a schema would fail rather than quietly depend on the network.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import GOOD, ROOT, run_check

from generator.structure import model as m
from generator.structure.content import TYPES
from generator.tools.new import skeleton

BIN = Path(sys.executable).parent
GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
ISSUE_FORMS = sorted(p for p in (GITHUB / "ISSUE_TEMPLATE").glob("*.yml") if p.name != "config.yml")
OFFLINE = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9", "NO_PROXY": "",
           "http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9", "no_proxy": ""}


def tool(name: str, *args: str | Path, offline: bool = False) -> subprocess.CompletedProcess[str]:
    path = BIN / name
    assert path.exists(), f"{path} is missing: install the test extra (pip install -e '.[test]')"
    env = {**os.environ, **(OFFLINE if offline else {})}
    return subprocess.run([str(path), *map(str, args)], cwd=ROOT, capture_output=True, text=True, env=env)


# -- CONTRIBUTING.md --------------------------------------------------------------------------------------------

EXAMPLES = {
    "specialism": "hand-therapy",
    "qualification": "manual-handling-training",
    "checklist": "first-home-visit",
    "case-study": "return-to-the-kitchen",
    "flow": "equipment-or-adaptations",
    "source": "hand-therapy-guide",
    "vocabulary": "activities",
    "guide": "who-pays",
    "reviewer": "jane-smith",
}


def guide_template(name: str) -> str:
    ctype = next(t for t in TYPES if t.name == name)
    return skeleton(ctype, EXAMPLES[name], schema=f"../../schemas/{name}.schema.json", source="a-source-id",
                    specialism="a-specialism-id", today=dt.date(2026, 1, 1))


@pytest.mark.parametrize("name", [t.name for t in TYPES])
def test_the_guide_has_a_current_template_for_each_kind_of_page(name: str) -> None:
    ctype = next(t for t in TYPES if t.name == name)
    expected = guide_template(name)
    language = "markdown" if ctype.markdown else "yaml"
    block = f"`content/{ctype.folder}/{EXAMPLES[name]}{ctype.suffixes[0]}`:\n\n```{language}\n"
    guide = (ROOT / "CONTRIBUTING.md").read_text()
    assert block + expected + "```" in guide, (
        f"CONTRIBUTING.md's {name} template differs from generator/tools/templates/new/; paste this after {block!r}:\n"
        + expected
    )


def test_the_guide_templates_pass_the_check_once_their_ids_are_filled_in(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(GOOD, content)
    for ctype in TYPES:
        text = guide_template(ctype.name).replace("a-source-id", "guide").replace("a-specialism-id", "seating")
        text = text.replace("written_consent_on_file: false", "written_consent_on_file: true")
        text = text.replace("registration: the number from the HCPC register", "registration: OT54321")
        (content / ctype.folder).mkdir(exist_ok=True)
        (content / ctype.folder / f"{EXAMPLES[ctype.name]}{ctype.suffixes[0]}").write_text(text)
    proc = run_check(content)
    assert proc.returncode == 0, proc.stderr


def test_a_new_reviewer_fails_the_check_until_their_registration_is_filled_in(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(GOOD, content)
    (content / "reviewers" / "jane-smith.yml").write_text(guide_template("reviewer"))
    proc = run_check(content)
    assert proc.returncode == 1
    assert [x.replace(f"{content}/", "") for x in proc.stderr.splitlines() if "jane-smith" in x] == [
        "reviewers/jane-smith.yml:9:15: field 'registration': expected an HCPC registration number as the register "
        "shows it: two capital letters, then digits, e.g. OT12345; found 'the number from the HCPC register'"
    ]


def test_the_guide_quotes_real_check_messages(content: Path) -> None:
    """The example message in the guide is word for word what the check prints."""
    guide = (ROOT / "CONTRIBUTING.md").read_text()
    path = content / "specialisms" / "seating.yml"
    path.write_text(path.read_text().replace("keywords:", "keywrds:"))
    proc = run_check(content)
    line = next(x for x in proc.stderr.splitlines() if "keywrds" in x)
    assert line.split(":", 1)[1] == "26:1: unknown field 'keywrds'; did you mean 'keywords'?"
    assert f"content/specialisms/hand-therapy.yml:{line.split(':', 1)[1]}" in guide
    stale = run_check(Path("tests/fixtures/stale")).stderr.splitlines()[0]
    assert stale.replace("tests/fixtures/stale/", "content/") in guide


# -- editor support ---------------------------------------------------------------------------------------------


def test_vscode_maps_each_content_folder_to_its_schema() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text())
    mapping = settings["yaml.schemas"]
    for ctype in TYPES:
        if ctype.markdown:
            continue  # the YAML extension does not read front matter inside Markdown
        schema = f"./schemas/{ctype.name}.schema.json"
        assert (ROOT / schema).is_file()
        assert mapping[schema] == [f"content/{ctype.folder}/*{suffix}" for suffix in ctype.suffixes]
    assert settings["yaml.yamlVersion"] == "1.2"  # so yes/no are strings in the editor, as in the check
    extensions = json.loads((ROOT / ".vscode" / "extensions.json").read_text())
    assert "redhat.vscode-yaml" in extensions["recommendations"]


def test_every_content_file_names_its_schema() -> None:
    for ctype in TYPES:
        for path in sorted((ROOT / "content" / ctype.folder).glob(f"*{ctype.suffixes[0]}")):
            lines = path.read_text().splitlines()
            line = lines[1] if ctype.markdown else lines[0]
            assert line == f"# yaml-language-server: $schema=../../schemas/{ctype.name}.schema.json", path


# -- GitHub: workflows, issue forms, pull-request template, code owners ----------------------------------------


def test_actionlint_passes_on_the_workflows() -> None:
    proc = tool("actionlint", *WORKFLOWS)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: echo ${{ github.event.pull_request.nmber }}\n        uses: actions/checkout@v4\n")
    proc = tool("actionlint", broken)
    assert proc.returncode == 1
    assert "broken.yml:6:" in proc.stdout


@pytest.mark.parametrize(
    ("schema", "files"),
    [
        ("vendor.github-workflows", WORKFLOWS),
        ("vendor.github-issue-forms", ISSUE_FORMS),
        ("vendor.github-issue-config", [GITHUB / "ISSUE_TEMPLATE" / "config.yml"]),
    ],
    ids=["workflows", "issue-forms", "issue-config"],
)
def test_check_jsonschema_passes_without_network(schema: str, files: list[Path]) -> None:
    assert files
    proc = tool("check-jsonschema", "--builtin-schema", schema, *files, offline=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "ok -- validation done" in proc.stdout


def test_check_jsonschema_catches_a_broken_issue_form(tmp_path: Path) -> None:
    form = yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / "suggest-a-correction.yml").read_text())
    form["body"][1]["type"] = "text-box"
    broken = tmp_path / "broken.yml"
    broken.write_text(yaml.safe_dump(form))
    proc = tool("check-jsonschema", "--builtin-schema", "vendor.github-issue-forms", broken, offline=True)
    assert proc.returncode == 1
    assert "Schema validation errors were encountered" in proc.stdout + proc.stderr


def test_the_issue_forms_are_the_two_contributors_need() -> None:
    assert [p.name for p in ISSUE_FORMS] == ["propose-a-case-story.yml", "suggest-a-correction.yml"]
    config = yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / "config.yml").read_text())
    assert config["blank_issues_enabled"] is False


def test_case_story_form_offers_exactly_the_values_the_schema_allows() -> None:
    form = yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / "propose-a-case-story.yml").read_text())
    fields = {item.get("id"): item for item in form["body"]}
    for field_id, enum in (("age-band", m.AgeBand), ("region", m.Region), ("setting", m.Setting)):
        assert fields[field_id]["attributes"]["options"] == [e.value for e in enum], field_id
    consent = [o for o in fields["consent"]["attributes"]["options"] if o.get("required")]
    assert any("written consent to publish" in o["label"] for o in consent)


def test_pull_request_template_has_the_anonymisation_and_consent_checklist() -> None:
    text = (GITHUB / "PULL_REQUEST_TEMPLATE.md").read_text()
    boxes = [line for line in text.splitlines() if line.startswith("- [ ] ")]
    story = text.split("## Case stories: anonymisation and consent", 1)[1]
    for words in ("written consent to publish", "pseudonym", "age band", "region", "relative time",
                  "NHS, CHI or hospital numbers", "National Insurance numbers", "phone numbers", "email",
                  "anonymisation_reviewer", "No earlier commit"):
        assert words in story, words
    assert len(boxes) >= 10


def owners(path: str) -> list[str]:
    """The owners GitHub would require for `path`: the last matching CODEOWNERS line wins."""
    found: list[str] = []
    for line in (GITHUB / "CODEOWNERS").read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        pattern, *team = line.split()
        # Only the forms this file uses: everything, a folder from the root, or a file at the root.
        assert pattern == "*" or re.fullmatch(r"/[\w.-]+/?", pattern), pattern
        target = pattern.lstrip("/")
        folder_match = pattern.endswith("/") and path.startswith(target)
        if pattern == "*" or folder_match or path == target:
            found = team
    return found


@pytest.mark.parametrize(
    ("path", "team"),
    [
        ("content/specialisms/hand-therapy.yml", "@ot-practice/clinical-reviewers"),
        ("content/case-studies/x.md", "@ot-practice/clinical-reviewers"),
        ("mkdocs.yml", "@ot-practice/maintainers"),
        ("plugins/ot_knowledge_base.py", "@ot-practice/maintainers"),
        ("generator/render/pages.py", "@ot-practice/maintainers"),
        ("generator/render/templates/specialism.md.j2", "@ot-practice/maintainers"),
        ("overrides/main.html", "@ot-practice/maintainers"),
        (".github/workflows/deploy.yml", "@ot-practice/maintainers"),
    ],
)
def test_code_owners(path: str, team: str) -> None:
    assert owners(path) == [team]


# -- pre-commit and yamllint ------------------------------------------------------------------------------------


def repository_yaml() -> list[Path]:
    return sorted(
        p for pattern in ("content/**/*.yml", ".github/**/*.yml", "*.yml", "*.yaml")
        for p in ROOT.glob(pattern) if ".venv" not in p.parts
    )


def test_yamllint_passes_on_every_yaml_file_in_the_repository() -> None:
    files = repository_yaml()
    assert ROOT / "mkdocs.yml" in files and ROOT / ".pre-commit-config.yaml" in files
    proc = tool("yamllint", "--strict", "-c", ROOT / ".yamllint.yml", *files)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_yamllint_config_allows_yes_and_no_but_catches_real_mistakes(tmp_path: Path) -> None:
    good = tmp_path / "good.yml"
    good.write_text("# yaml-language-server: $schema=x.json\nlabel: yes\nother: no\n")
    assert tool("yamllint", "--strict", "-c", ROOT / ".yamllint.yml", good).returncode == 0
    bad = tmp_path / "bad.yml"
    bad.write_text("title: One\ntitle: Two\nlist:\n    - badly indented\n  - item\n")
    proc = tool("yamllint", "--strict", "-c", ROOT / ".yamllint.yml", bad)
    assert proc.returncode == 1
    assert "duplication of key \"title\"" in proc.stdout


def hooks() -> dict[str, dict[str, object]]:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    return {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}


def run_hook(hook: dict[str, object], files: list[Path]) -> subprocess.CompletedProcess[str]:
    """Run a local hook as pre-commit would, with this interpreter's tools in place of .venv/bin."""
    command = shlex.split(str(hook["entry"]))
    command[0] = str(BIN / Path(command[0]).name) if command[0].startswith(".venv/bin/") else command[0]
    args = [str(a) for a in hook.get("args", [])]  # type: ignore[attr-defined]
    names = [str(f) for f in files] if hook.get("pass_filenames", True) else []
    return subprocess.run([*command, *args, *names], cwd=ROOT, capture_output=True, text=True)


def test_pre_commit_runs_the_content_check_on_content_changes() -> None:
    hook = hooks()["content-check"]
    assert hook["language"] == "system" and hook["pass_filenames"] is False
    assert re.search(str(hook["files"]), "content/specialisms/hand-therapy.yml")
    assert re.search(str(hook["files"]), "generator/cli.py")
    assert re.search(str(hook["files"]), "docs/index.md")  # hand-written pages are checked for unsafe HTML
    assert not re.search(str(hook["files"]), "tests/test_check.py")
    proc = run_hook(hook, [])
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("content OK")


def test_pre_commit_runs_yamllint_on_changed_yaml_files(tmp_path: Path) -> None:
    hook = hooks()["yamllint"]
    assert hook["types"] == ["yaml"]
    assert run_hook(hook, repository_yaml()).returncode == 0
    bad = tmp_path / "bad.yml"
    bad.write_text("a: 1\na: 2\n")
    assert run_hook(hook, [bad]).returncode == 1


def test_every_action_is_pinned_to_a_commit_and_every_workflow_starts_with_least_privilege() -> None:
    for workflow in WORKFLOWS:
        text = workflow.read_text(encoding="utf-8")
        for use in re.findall(r"uses:\s*(\S+)", text):
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", use), f"{workflow.name}: {use}"
        parsed = yaml.safe_load(text)
        assert parsed.get("permissions") in ({}, {"contents": "read"}), workflow.name


def test_a_weekly_workflow_reminds_about_reviews_with_only_issue_rights() -> None:
    workflow = GITHUB / "workflows" / "review-reminders.yml"
    parsed = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    triggers = parsed[True]  # PyYAML reads the key `on` as a boolean
    assert re.fullmatch(r"\d+ \d+ \* \* [0-6]", triggers["schedule"][0]["cron"])  # once a week
    job = parsed["jobs"]["remind"]
    assert job["permissions"] == {"contents": "read", "issues": "write"}
    script = "\n".join(step.get("run", "") for step in job["steps"])
    assert "review status --due-within 30 --markdown" in script
    assert "gh issue edit" in script and "gh issue create" in script and "gh issue close" in script
