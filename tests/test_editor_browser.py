"""The editor at admin/ in Chromium, with the editor's test backend: no network, no GitHub.

The built site is served as `make build` leaves it (sitecheck and CSP applied), except that the editor's
configuration names the test backend, which keeps the repository in the browser's private file system (OPFS,
folder `sveltia-cms-test`). Each test seeds that folder with the small valid content set, edits through the
form as an editor would, reads back the file the editor wrote, and runs `generator check` over it.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from conftest import GOOD, published_copy, run_check
from playwright.sync_api import Browser, Locator, Page, expect

from generator.editor.policy import FOLDER
from generator.tools.devserver import serve_folder

REPO = "sveltia-cms-test"  # the test backend's folder in the origin private file system
SEED = """async ([folder, files]) => {
  const root = await (await navigator.storage.getDirectory()).getDirectoryHandle(folder, {create: true});
  for (const [path, text] of Object.entries(files)) {
    let dir = root;
    const parts = path.split("/");
    for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part, {create: true});
    const writable = await (await dir.getFileHandle(parts[parts.length - 1], {create: true})).createWritable();
    await writable.write(text);
    await writable.close();
  }
}"""
READ = """async ([folder, path]) => {
  let dir = await (await navigator.storage.getDirectory()).getDirectoryHandle(folder);
  const parts = path.split("/");
  try {
    for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part);
    return await (await (await dir.getFileHandle(parts[parts.length - 1])).getFile()).text();
  } catch (error) {
    // Not there yet, or being replaced by the editor at this moment (a write in progress): read again later.
    if (error.name === "NotFoundError" || error.name === "NotReadableError") return null;
    throw error;
  }
}"""
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""
# What the editor's policy blocks, by design: its check for a newer release on unpkg.com, and a fetch of its
# built-in logo as a data: address (made before it reads the configuration that names the site's logo).
EXPECTED_BLOCKS = {"connect-src https://unpkg.com/@sveltia/cms/package.json", "connect-src data"}


@pytest.fixture(scope="module")
def editor_url(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = published_copy(built_site, tmp_path_factory.mktemp("editor"))
    config_file = site / FOLDER / "config.yml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    config["backend"] = {"name": "test-repo"}
    config["logo"] = {"src": "/assets/images/logo.svg"}  # served at the root here, not under /knowledge-base/
    config_file.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    with serve_folder(site) as url:
        yield url


@pytest.fixture
def editor(browser: Browser, editor_url: str) -> Iterator[Page]:
    """The editor, signed in to the test backend, whose repository holds the small valid content set."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(WATCH)
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.goto(editor_url + "admin/fonts/")  # any page of the origin, to seed its private file system
    files = {f"content/{p.relative_to(GOOD).as_posix()}": p.read_text(encoding="utf-8")
             for p in sorted(GOOD.rglob("*")) if p.is_file()}
    page.evaluate(SEED, [REPO, files])
    page.goto(editor_url + "admin/")
    page.get_by_role("button", name="Work with Test Repository").click()
    expect(page.get_by_role("radio", name="Contents")).to_be_checked()
    yield page
    assert set(page.evaluate("window.__violations")) <= EXPECTED_BLOCKS
    # data: and blob: addresses are made in the page (previews, the logo) and never leave it.
    elsewhere = sorted(url for url in requests if not url.startswith(editor_url) and urlsplit(url).scheme
                       not in ("data", "blob"))
    assert not elsewhere, "requests that left the site:\n" + "\n".join(elsewhere)
    context.close()


def field(page: Page, label: str) -> Locator:
    """A field of the entry form by its label; scrolled into view, since the form draws fields as they appear."""
    group = page.get_by_role("group", name=f"\u2068{label}\u2069\u201d Field")
    group.scroll_into_view_if_needed()
    return group


def add_item(page: Page, label: str, text: str) -> None:
    group = field(page, label)
    group.get_by_role("button", name="Add").first.click()
    new = group.get_by_role("textbox").last
    expect(new).to_have_value("")  # the new item's empty box, not the last item there was before
    new.fill(text)


def choose(page: Page, label: str, option: str) -> None:
    field(page, label).get_by_role("combobox").click()
    page.get_by_role("option", name=option, exact=True).click()


def read(page: Page, path: str) -> str | None:
    text: str | None = page.evaluate(READ, [REPO, path])
    return text


def read_settled(page: Page, path: str) -> str | None:
    """The file once two reads a moment apart agree, so that no write of the editor's is under way."""
    last = read(page, path)
    for _ in range(100):
        page.wait_for_timeout(50)
        now = read(page, path)
        if now == last:
            return now
        last = now
    raise AssertionError(f"{path} kept changing")


def save_and_read(page: Page, path: str) -> str:
    """Save the entry, wait for the editor to say so, and read the file it wrote."""
    before = read_settled(page, path)
    page.get_by_role("button", name="Save", exact=True).click()
    try:
        expect(page.get_by_text("Entry saved.")).to_be_visible(timeout=30_000)
    except AssertionError:
        raise AssertionError(f"the editor did not save {path}; it shows:\n"
                             + page.locator("body").inner_text()[:2000]) from None
    after = read_settled(page, path)
    assert after is not None and after != before, f"the editor said it saved {path}, but the file is unchanged"
    return after


def check_with(tmp_path: Path, path: str, text: str) -> str:
    """`generator check` over the small valid content set with the editor's file in place; its output."""
    content = tmp_path / "content"
    shutil.copytree(GOOD, content)
    (content / path).parent.mkdir(parents=True, exist_ok=True)
    (content / path).write_text(text, encoding="utf-8")
    proc = run_check(content)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout + proc.stderr


def test_a_specialism_made_in_the_form_passes_the_check(editor: Page, tmp_path: Path) -> None:
    editor.goto(editor.url.split("#")[0] + "#/collections/specialisms/new")
    editor.get_by_role("textbox", name="Slug").fill("driving-assessment")
    field(editor, "Title").get_by_role("textbox").fill("Driving assessment")
    field(editor, "Summary").get_by_role("textbox").fill("Whether a client can drive safely: yes, or with help.")
    add_item(editor, "When to instruct", "The client wants to drive again")
    add_item(editor, "Assessments", "Fitness to drive")
    add_item(editor, "Interventions", "Vehicle adaptations")
    add_item(editor, "Case manager receives", "A report with costed recommendations")
    field(editor, "Involvement").get_by_role("radio", name="one-off", exact=True).click()
    field(editor, "Involvement note").get_by_role("textbox").fill("Usually one assessment and a report.")
    add_item(editor, "Conditions", "spinal cord injury")
    field(editor, "Age groups").get_by_role("checkbox", name="adults", exact=True).click()
    choose(editor, "Settings", "community")
    add_item(editor, "Keywords", "no")  # a word YAML 1.1 would read as false
    field(editor, "Qualifications").get_by_role("checkbox", name="HCPC registration").click()
    field(editor, "Sources").get_by_role("checkbox", name="A test guide").click()

    text = save_and_read(editor, "content/specialisms/driving-assessment.yml")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/specialism.schema.json\ntitle: ")
    assert 'summary: "Whether a client can drive safely: yes, or with help."' in text
    assert "keywords:\n  - \"no\"\n" in text
    assert "qualifications:\n  - hcpc\n" in text
    assert "content OK: " in check_with(tmp_path, "specialisms/driving-assessment.yml", text)


def test_a_case_story_edited_in_the_form_keeps_its_body_and_passes_the_check(editor: Page, tmp_path: Path) -> None:
    editor.goto(editor.url.split("#")[0] + "#/collections/case-studies/entries/sam")
    title = field(editor, "Title").get_by_role("textbox")
    expect(title).to_have_value("A new chair and a new home")
    title.fill("A new chair, and a new home on the ground floor")
    add_item(editor, "Outcomes", "Goes out to the shops on her own")
    expect(title).to_have_value("A new chair, and a new home on the ground floor")

    text = save_and_read(editor, "content/case-studies/sam.md")
    assert text.startswith("---\n# yaml-language-server: $schema=../../schemas/case-study.schema.json\n")
    assert "title: A new chair, and a new home on the ground floor\n" in text
    assert "  - Goes out to the shops on her own\n" in text
    assert text.endswith("---\n## Background\n\nSam was injured a year before the referral.\n")
    # The clinician's sign-off is not in the form and is never rewritten: the saved story keeps it as it was, so
    # the edited page now reads "changed since review" until a clinician signs it again.
    signed = yaml.safe_load((GOOD / "case-studies" / "sam.md").read_text(encoding="utf-8").split("---\n")[1])["review"]
    assert (f"review:\n  by: {signed['by']}\n  date: {signed['date']}\n  fingerprint: \"{signed['fingerprint']}\"\n"
            "---\n") in text
    assert "changed since review" in check_with(tmp_path, "case-studies/sam.md", text)


def test_the_editor_hides_itself_inside_another_sites_frame(browser: Browser, editor_url: str,
                                                             tmp_path: Path) -> None:
    other = tmp_path / "other-site"
    other.mkdir()
    (other / "index.html").write_text(
        f'<!doctype html><title>Another site</title><iframe src="{editor_url}admin/" width="800" height="600">'
        "</iframe>", encoding="utf-8")
    context = browser.new_context()
    page = context.new_page()
    with serve_folder(other) as other_url:  # another port: another origin
        page.goto(other_url)
        frame = page.frame_locator("iframe")
        expect(frame.locator("html")).to_be_hidden()
        framed = next(f for f in page.frames if f.url.startswith(editor_url))
        assert framed.evaluate("document.documentElement.style.display") == "none"
        assert not framed.get_by_role("button", name="Work with Test Repository").is_visible()
    context.close()


def test_the_editor_itself_is_not_hidden(editor: Page) -> None:
    assert editor.evaluate("document.documentElement.style.display") == ""


def test_a_date_picked_in_british_summer_time_is_saved_as_that_date(browser: Browser, editor_url: str) -> None:
    """The save formatter, given the Date a date picker makes (local midnight), writes the day that was picked."""
    context = browser.new_context(timezone_id="Europe/London")
    page = context.new_page()
    page.goto(editor_url + "admin/fonts/")  # a page of the origin, without the editor
    page.evaluate("""() => { window.__formats = {};
      window.CMS = { registerCustomFormat: (name, ext, f) => { window.__formats[name] = f; } }; }""")
    page.add_script_tag(url=editor_url + "admin/editor.js")
    saved = page.evaluate("""() => window.__formats.yml.toFile({title: "T", summary: "S", requirement: "essential",
      issued_by: "HCPC", how_to_verify: ["x"], verify_at: [], sources: ["guide"],
      review: {by: "alex-morgan", date: new Date(2026, 5, 1), fingerprint: "0"}})""")
    assert "  date: 2026-06-01\n" in saved
    winter = page.evaluate("""() => window.__formats.yml.toFile({title: "T", summary: "S", requirement: "essential",
      issued_by: "HCPC", how_to_verify: ["x"], verify_at: [], sources: ["guide"],
      review: {by: "alex-morgan", date: new Date(2026, 0, 15), fingerprint: "0"}})""")
    assert "  date: 2026-01-15\n" in winter
    context.close()


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (390, 844)])
def test_the_sign_in_screen_names_the_practice_and_links_the_sign_in_guide(browser: Browser, editor_url: str,
                                                                           width: int, height: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(editor_url + "admin/")
    expect(page.get_by_role("heading", name="Northway Occupational Therapy content editor")).to_be_visible()
    guide = page.get_by_role("link", name="How to sign in, step by step")
    expect(guide).to_be_visible()
    assert guide.get_attribute("href") == "../about/editing/#signing-in"
    box = guide.bounding_box()
    assert box is not None and box["y"] + box["height"] <= height and box["x"] >= 0
    page.get_by_role("button", name="Work with Test Repository").click()
    expect(page.get_by_role("radio", name="Contents")).to_be_checked()
    expect(guide).to_be_hidden()  # once signed in, the guide's link gives the editor its whole window
    context.close()
