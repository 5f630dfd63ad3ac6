"""The editor's configuration is generated from the content model: every field of every type is in the form, a
field it cannot show stops the build, and the built site serves the editor with its own policy, out of search."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any, Literal

import pytest
import yaml
from conftest import ROOT
from pydantic import BaseModel

from generator.editor.config import UnsupportedField, collection, editor_config, file_types
from generator.editor.policy import FOLDER, PAGE, POLICY
from generator.structure import model as m
from generator.structure.content import TYPES, ContentType
from generator.structure.provenance import Strict


def model_paths(model: type[BaseModel], prefix: str = "") -> set[str]:
    """Every field of a model, nested ones as 'questions.options.label'."""
    paths = set()
    for name, info in model.model_fields.items():
        paths.add(prefix + name)
        for inner in _models(info.annotation):
            paths |= model_paths(inner, f"{prefix}{name}.")
    return paths


def _models(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [found for arg in getattr(annotation, "__args__", ()) for found in _models(arg)]


def config_paths(fields: list[dict[str, Any]], prefix: str = "") -> set[str]:
    """Every field of an editor collection, nested ones (subfields, variable types) as dotted paths."""
    paths = set()
    for spec in fields:
        path = prefix + spec["name"]
        paths.add(path)
        paths |= config_paths(spec.get("fields", []), path + ".")
        for kind in spec.get("types", []):
            paths |= config_paths(kind.get("fields", []), path + ".")
        if "typeKey" in spec:
            paths.add(f"{path}.{spec['typeKey']}")
    return paths


def missing_from_editor(ctype: ContentType[Any], spec: dict[str, Any]) -> set[str]:
    # The review block is signed with `generator review sign`, never edited in the form.
    signed = {p for p in model_paths(ctype.model) if p == "review" or p.startswith("review.")}
    return model_paths(ctype.model) - signed - config_paths(spec["fields"])


@pytest.mark.parametrize("ctype", TYPES, ids=lambda t: t.name)
def test_every_field_of_the_model_is_in_the_editor(ctype: ContentType[Any]) -> None:
    assert missing_from_editor(ctype, collection(ctype)) == set()


def test_the_coverage_test_fails_when_the_editor_lacks_a_field() -> None:
    class Longer(m.Specialism):
        driving_note: m.Text | None = None

    longer = ContentType("specialism", "specialisms", Longer, "Specialisms")
    stale = collection(ContentType("specialism", "specialisms", m.Specialism, "Specialisms"))
    assert missing_from_editor(longer, stale) == {"driving_note"}
    # Generated afresh, the new field is in the form, optional, with its own input.
    fresh = collection(longer)
    assert missing_from_editor(longer, fresh) == set()
    assert {"name": "driving_note", "label": "Driving note", "required": False, "widget": "string"} in fresh["fields"]


def test_a_field_the_editor_cannot_show_stops_the_build() -> None:
    class Odd(Strict):
        title: m.Text
        weights: dict[str, int]

    with pytest.raises(UnsupportedField, match=r"^Odd\.weights: the editor configuration cannot show a value of type"):
        collection(ContentType("odd", "odd", Odd, "Odd"))


def test_a_union_of_kinds_becomes_a_choice_of_forms() -> None:
    class Retold(Strict):
        kind: Literal["retold"]
        publication: m.Id

    class Own(Strict):
        kind: Literal["own-client"]
        consent_on_file: bool

    class Story(Strict):
        title: m.Text
        origin: Retold | Own

    origin = next(f for f in collection(ContentType("story", "stories", Story, "Stories"))["fields"]
                  if f["name"] == "origin")
    assert origin["widget"] == "object" and origin["typeKey"] == "kind"
    assert [(t["name"], [f["name"] for f in t["fields"]]) for t in origin["types"]] == [
        ("retold", ["publication"]), ("own-client", ["consent_on_file"])]


def test_values_are_shown_as_the_model_allows_them() -> None:
    fields = {f["name"]: f for f in collection(next(t for t in TYPES if t.model is m.Specialism))["fields"]}
    assert fields["involvement"]["options"] == [s.value for s in m.Involvement]
    assert fields["age_groups"] == {"name": "age_groups", "label": "Age groups", "widget": "select",
                                    "options": [a.value for a in m.AgeGroup], "multiple": True, "min": 1}
    assert fields["qualifications"]["widget"] == "relation"
    assert fields["qualifications"]["collection"] == "qualifications"
    assert "review" not in fields  # signed with `generator review sign`, never typed in the editor
    assert fields["keywords"]["field"]["widget"] == "string"
    flow = {f["name"]: f for f in collection(next(t for t in TYPES if t.model is m.Flow))["fields"]}
    outcome = {f["name"]: f for f in flow["outcomes"]["fields"]}
    assert outcome["recommend"]["collection"] == "specialisms" and outcome["checks"]["collection"] == "qualifications"
    assert [f["name"] for f in flow["questions"]["fields"]] == ["id", "editor_note", "text", "hint", "options"]


def test_each_type_is_told_apart_by_a_field_of_its_own() -> None:
    types = file_types()
    assert [t["schema"] for t in types] == [f"{t.name}.schema.json" for t in TYPES]
    keys = [t["key"] for t in types]
    assert len(set(keys)) == len(keys)
    for ctype, spec in zip(TYPES, types, strict=True):
        others = [o for o in TYPES if o is not ctype]
        assert all(spec["key"] not in o.model.model_fields for o in others), spec
    # The review block's date is written as a date when an entry carrying one is saved.
    assert {t["schema"]: t["dates"] for t in types}["specialism.schema.json"] == ["date"]


def test_saves_open_pull_requests_signed_in_with_a_token() -> None:
    config = editor_config({"name": "github", "repo": "ot-practice/knowledge-base", "auth_methods": ["token"]})
    assert config["publish_mode"] == "editorial_workflow"
    assert config["backend"]["auth_methods"] == ["token"]


# -- the built site ---------------------------------------------------------------------------------------------

def test_the_built_site_has_the_editor_for_every_content_folder(built_site: Path) -> None:
    config = yaml.safe_load((built_site / FOLDER / "config.yml").read_text(encoding="utf-8"))
    assert config["backend"] == {"name": "github", "repo": "northway-ot/knowledge-base", "branch": "main",
                                 "auth_methods": ["token"]}
    # Reviewers are added with the practice's clinical lead, outside the editor, like the sign-off itself.
    assert sorted(c["folder"] for c in config["collections"]) == sorted(
        f"content/{t.folder}" for t in TYPES if t.folder != "reviewers")
    assert {"content/vocabulary", "content/case-studies", "content/referral"} <= {
        c["folder"] for c in config["collections"]}
    for name in ("sveltia-cms.js", "editor.js", "fonts/material-symbols-outlined-latin-wght-normal.woff2"):
        assert (built_site / FOLDER / name).is_file(), name
    assert "cdn.jsdelivr.net" not in (built_site / FOLDER / "sveltia-cms.js").read_text(encoding="utf-8")


def test_the_editor_page_is_out_of_search_and_navigation_with_its_own_policy(built_site: Path) -> None:
    page = (built_site / PAGE).read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">' in page
    assert "script-src 'self';" in POLICY and "connect-src 'self' https://api.github.com;" in POLICY
    # Pagefind indexes only pages with an element marked data-pagefind-body; the reader pages have one.
    assert "data-pagefind-body" not in page
    assert "data-pagefind-body" in (built_site / "specialisms" / "hand-therapy" / "index.html").read_text()
    assert f"/{FOLDER}/" not in (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert f'href="{FOLDER}/' not in (built_site / "index.html").read_text(encoding="utf-8")


def test_the_editing_guide_is_a_page_for_ots_linked_from_every_footer(built_site: Path) -> None:
    guide = (built_site / "about" / "editing" / "index.html").read_text(encoding="utf-8")
    assert "<h1 id=\"editing-this-site\">Editing this site" in guide
    assert 'href="../../admin/"' in guide
    # Written for OTs and case managers: how to sign in and save, none of the developers' tools or words.
    assert 'id="signing-in"' in guide and "Fine-grained tokens" in guide
    text = re.sub(r"<[^>]+>", " ", guide[guide.index("<h1"):guide.index("</article>")])
    for developer_word in ("YAML", "VS Code", "branch", "pencil", "python", "make "):
        assert developer_word not in text, developer_word
    footers = (("index.html", "about/editing/"), ("specialisms/hand-therapy/index.html", "../../about/editing/"))
    for page, link in footers:
        assert f'href="{link}"' in (built_site / page).read_text(encoding="utf-8"), page


def test_contributing_describes_the_browser_editor_first() -> None:
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    headings = [line for line in guide.splitlines() if line.startswith("## ")]
    assert headings[1] == "## Editing in the browser, with the editor", headings
    assert "personal access token" in guide


def test_the_editor_never_shows_a_review_block_or_reviewers() -> None:
    config = editor_config({"name": "github", "repo": "ot-practice/knowledge-base", "auth_methods": ["token"]})
    assert "reviewers" not in [c["name"] for c in config["collections"]]

    def names(fields: list[dict[str, object]]) -> set[str]:
        found: set[str] = set()
        for f in fields:
            found.add(str(f["name"]))
            for key in ("fields",):
                if isinstance(f.get(key), list):
                    found |= names(f[key])  # type: ignore[arg-type]
        return found

    for coll in config["collections"]:
        assert "review" not in names(coll["fields"]), coll["name"]
        assert "fingerprint" not in names(coll["fields"]), coll["name"]


def test_the_editor_speaks_to_ots() -> None:
    config = editor_config({"name": "github", "repo": "ot-practice/knowledge-base", "auth_methods": ["token"]},
                           practice_name="Northway OT")
    assert config["app_title"] == "Northway OT content editor"
    assert [c["name"] for c in config["collections"]] == [
        "case-studies", "specialisms", "checklists", "guides", "qualifications", "referral", "sources", "vocabulary"]

    def every(fields: list[dict[str, Any]]) -> Any:
        for f in fields:
            yield f
            yield from every(f.get("fields", []))
            for kind in f.get("types", []):
                yield from every(kind.get("fields", []))
            if "field" in f:
                yield from every([f["field"]])

    for coll in config["collections"]:
        for f in every(coll["fields"]):
            hint = f.get("hint", "")
            for developer_words in ("Ids of", "Id of", "content/", "vocabulary/", "true when", "`", "mkdocs"):
                assert developer_words not in hint, (coll["name"], f["name"], hint)
    stories = next(c for c in config["collections"] if c["name"] == "case-studies")
    origin = next(f for f in stories["fields"] if f["name"] == "origin")
    sources = [f for kind in origin["types"] for f in kind["fields"] if f["name"] == "source"]
    assert sources and all(f["widget"] == "relation" and f["collection"] == "sources" for f in sources)
    body = next(f for f in stories["fields"] if f["name"] == "body")
    assert [line for line in body["default"].splitlines() if line.startswith("## ")] == [
        "## Background", "## What the OT did", "## What changed"]


def test_the_editor_bundle_is_served_from_the_site_and_an_upgrade_that_loads_more_stops_the_build(
        tmp_path: Path) -> None:
    from generator.editor.bundle import BUNDLE, FONT_CDN, FONTS, IMMUTABLE_CDN, EditorBundleMissing, installed_files

    installed = installed_files(ROOT / BUNDLE, "admin")
    bundle = installed["admin/sveltia-cms.js"].decode("utf-8")
    assert FONT_CDN not in bundle and IMMUTABLE_CDN not in bundle
    assert {"admin/chunks/react-dom.js", "admin/immutable.es.js"} <= set(installed)
    assert all(f"admin/fonts/{Path(path).name}" in installed for path in FONTS.values())
    # A copy of the install whose bundle no longer loads Immutable the way it did: the build names what to update.
    copy = tmp_path / "node_modules"
    shutil.copytree(ROOT / "node_modules" / "@sveltia", copy / "@sveltia")
    for path in (*FONTS.values(), "immutable/dist/immutable.es.js"):
        (copy / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / "node_modules" / path, copy / path)
    moved = copy / BUNDLE.relative_to("node_modules")
    moved.write_text(moved.read_text(encoding="utf-8").replace(IMMUTABLE_CDN, "YW(`immutable`,`dist/x.js`)"),
                     encoding="utf-8")
    with pytest.raises(EditorBundleMissing, match="no longer loads Immutable"):
        installed_files(moved, "admin")
    (copy / "immutable/dist/immutable.es.js").unlink()
    with pytest.raises(EditorBundleMissing, match=r"immutable\.es\.js: not installed; run 'make setup'"):
        installed_files(moved, "admin")
