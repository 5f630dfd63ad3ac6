// The editor's preview: each entry drawn as the page readers will see, in the site's own stylesheets, instead
// of a list of field names and values. One template per kind of content, in the order of the page templates
// (generator/render/templates/*.md.j2): breadcrumbs, title, review label, summary, "At a glance", the sections
// under the page's own headings, where this applies, and sources. tests/test_editor_preview.py compares each
// preview's headings and words with the built page of the same entry, so the two cannot drift apart unseen.
//
// PREVIEW is written by generator/editor/site.py: the stylesheets, how values read as words (PHRASES in
// generator/render/wording.py), the review labels (generator/render/review.py) and each collection's label.
(function () {
  "use strict";
  const PREVIEW = __PREVIEW__;
  const CMS = window.CMS;
  const h = window.h;

  for (const style of PREVIEW.styles) CMS.registerPreviewStyle(style);

  // Inline Markdown (links, emphasis) as the site renders it, cleaned of anything a page could not contain.
  function inline(text) {
    return { __html: window.DOMPurify.sanitize(window.marked.parseInline(String(text || ""))) };
  }
  function block(text) {
    return { __html: window.DOMPurify.sanitize(window.marked.parse(String(text || ""))) };
  }
  const p = (text, props) => h("p", { ...props, dangerouslySetInnerHTML: inline(text) });
  const bullets = (values) => h("ul", null, (values || []).map((v, i) => h("li", { key: i, dangerouslySetInnerHTML: inline(v) })));
  const numbered = (values) => h("ol", null, (values || []).map((v, i) => h("li", { key: i, dangerouslySetInnerHTML: inline(v) })));

  function reading(value) {
    if (value in PREVIEW.phrases) return PREVIEW.phrases[value];
    const band = /^(\d+)-(\d+)$/.exec(String(value));
    return band ? `Aged ${band[1]} to ${band[2]}` : String(value);
  }
  function listed(values) {
    const words = (values || []).map(String);
    if (words.length > 1 && PREVIEW.ageGroups.every((g) => words.includes(g)) && words.length === PREVIEW.ageGroups.length) {
      return "All ages, from children to older adults";
    }
    const text = words.length <= 1 ? words.join("") : words.slice(0, -1).join(", ") + " and " + words[words.length - 1];
    return text.slice(0, 1).toUpperCase() + text.slice(1);
  }
  const nationList = (values) => (values.length === 1 ? values[0] : values.slice(0, -1).join(", ") + " and " + values[values.length - 1]);

  // The other entries a page names or lists (titles of sources and qualifications, the stories that name a
  // specialism), as the editor has them loaded: looked up once when the preview opens.
  const LOOKUPS = ["specialisms", "qualifications", "sources", "case-studies"];
  const Preview = window.createClass({
    getInitialState() {
      return { site: {} };
    },
    componentDidMount() {
      const load = (name) => this.props.getCollection(name)
        .then((entries) => entries.map((e) => ({ slug: e.get("slug"), data: e.get("data").toJS() })))
        .catch(() => []);
      Promise.all(LOOKUPS.map(load)).then((lists) => {
        if (!this.unmounted) this.setState({ site: Object.fromEntries(LOOKUPS.map((name, i) => [name, lists[i]])) });
      });
    },
    componentWillUnmount() {
      this.unmounted = true;
    },
    render() {
      const data = this.props.entry.get("data");
      const site = this.state.site;
      const entries = (collection) => site[collection] || [];
      const title = (collection, id) => {
        const found = entries(collection).find((e) => e.slug === id);
        return found ? String(found.data.title) : id;
      };
      const links = (collection, ids) => h("ul", null, (ids || []).map((id) => h("li", { key: id },
        h("a", { href: "#" }, title(collection, id)))));
      const context = { slug: this.props.entry.get("slug"), entries, title, links };
      return this.props.template(data && data.toJS ? data.toJS() : {}, context);
    },
  });

  function crumbs(collection) {
    return h("nav", { className: "kb-breadcrumbs", "aria-label": "Breadcrumb" },
      h("p", null, h("a", { href: "#" }, "Home"), " \u203a ", h("a", { href: "#" }, PREVIEW.collections[collection])));
  }

  // The label every saved edit will show until a clinician signs the page again (generator/render/review.py).
  const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December"];
  function longDate(value) {
    const day = /^(\d{4})-(\d{2})-(\d{2})/.exec(value instanceof Date ? value.toISOString() : String(value || ""));
    return day ? `${Number(day[3])} ${MONTHS[Number(day[2]) - 1]} ${day[1]}` : "";
  }
  function reviewLabel(data) {
    const label = data.review ? PREVIEW.labels.changed : PREVIEW.labels.draft;
    const date = data.review ? longDate(data.review.date) : "";
    const fill = (text) => text.replace("{date}", date).replace("{reviewer}", "The clinician");
    return h("div", { className: "admonition warning" },
      h("p", { className: "admonition-title" }, fill(label[0])), h("p", null, fill(label[1])));
  }

  function glance(rows) {
    return h("table", null,
      h("thead", null, h("tr", null, h("th", null, "At a glance"), h("th", null))),
      h("tbody", null, rows.map(([name, value], i) => h("tr", { key: i }, h("td", null, h("strong", null, name)),
        typeof value === "string" ? h("td", { dangerouslySetInnerHTML: inline(value) }) : h("td", null, value)))));
  }

  function nations(data) {
    if (!data.nations || data.nations.length === 0) return null;
    return h("div", { className: "admonition info" }, h("p", { className: "admonition-title" }, "Where this applies"),
      h("ul", null, data.nations.map((note, i) => h("li", { key: i }, h("strong", null, note.about),
        ` applies in ${nationList(note.applies_in || [])}. Elsewhere: `, h("span", { dangerouslySetInnerHTML: inline(note.elsewhere) })))));
  }

  function footer(data, site) {
    const line = (data.review ? PREVIEW.lines.changed : PREVIEW.lines.draft)
      .replace("{date}", data.review ? longDate(data.review.date) : "");
    return [nations(data), h("h2", { key: "s" }, "Sources"),
      h("div", { key: "t" }, site.links("sources", data.sources)),
      h("p", { key: "r" }, h("em", null, `Clinical review: ${line}`))];
  }

  function page(collection, data, parts) {
    return h("div", { "data-md-color-scheme": "default", "data-md-color-primary": "custom", "data-md-color-accent": "custom" },
      h("article", { className: "md-content__inner md-typeset kb-preview" }, crumbs(collection),
        h("h1", null, String(data.title || "")), ...parts));
  }

  const section = (heading, ...content) => [h("h2", { key: heading }, heading), ...content];

  // What a specialism's page lists from other entries (generator/render/items.py, _related): the case stories
  // naming it, then the specialisms named with it in stories, most often first.
  function storiesAndTogether(site) {
    const stories = site.entries("case-studies").filter((s) => (s.data.specialisms || []).includes(site.slug));
    const counts = {};
    for (const story of stories) {
      for (const other of story.data.specialisms) if (other !== site.slug) counts[other] = (counts[other] || 0) + 1;
    }
    const together = Object.keys(counts).sort((a, b) => counts[b] - counts[a] || (a < b ? -1 : a > b ? 1 : 0));
    return [
      ...(stories.length ? section("Case stories", h("ul", null, stories.map((s) => h("li", { key: s.slug },
        h("a", { href: "#" }, String(s.data.title)), ": ", h("span", { dangerouslySetInnerHTML: inline(s.data.summary) }))))) : []),
      ...(together.length ? section("Often instructed together with", site.links("specialisms", together)) : []),
    ];
  }
  function neededBy(site) {
    const needing = site.entries("specialisms").filter((s) => (s.data.qualifications || []).includes(site.slug));
    return needing.length ? section("Specialisms where this is checked",
      site.links("specialisms", needing.map((s) => s.slug))) : [];
  }

  const TEMPLATES = {
    specialisms(data, site) {
      return page("specialisms", data, [
        reviewLabel(data), p(data.summary),
        glance([["How long", `${reading(data.involvement)}. ${data.involvement_note || ""}`],
          ["Age groups", listed(data.age_groups)], ["Where the OT works", listed((data.settings || []).map(reading))]]),
        ...section("When to instruct", p("Signs in the client that point to this kind of OT:"), bullets(data.when_to_instruct)),
        ...section("What the OT assesses", bullets(data.assessments)),
        ...section("What the OT does", bullets(data.interventions)),
        ...section("What you receive", bullets(data.case_manager_receives)),
        ...section("Typical conditions", bullets(data.conditions)),
        ...(data.qualifications && data.qualifications.length
          ? section("What to check about the therapist", site.links("qualifications", data.qualifications)) : []),
        ...storiesAndTogether(site),
        ...footer(data, site),
      ]);
    },
    qualifications(data, site) {
      return page("qualifications", data, [
        reviewLabel(data), p(data.summary),
        glance([["Requirement", reading(data.requirement)], ["Issued or held by", String(data.issued_by || "")]]),
        ...section("How to verify it", numbered(data.how_to_verify)),
        ...section("Where to verify it", h("ul", null, (data.verify_at || []).map((place, i) => h("li", { key: i },
          place.url ? h("a", { href: place.url }, place.label) : `${place.label}: ${place.url_unavailable || ""}`)))),
        ...neededBy(site),
        ...footer(data, site),
      ]);
    },
    checklists(data, site) {
      return page("checklists", data, [
        reviewLabel(data), p(data.summary),
        h("p", null, h("em", null, `For: ${(data.audience || []).map((a) => PREVIEW.plurals[a] || a).join(" and ")}.`)),
        h("ul", null, (data.items || []).map((entry, i) => h("li", { key: i },
          h("input", { type: "checkbox", id: `item-${i + 1}` }), " ",
          h("label", { htmlFor: `item-${i + 1}` }, h("strong", { dangerouslySetInnerHTML: inline(entry.text) })),
          entry.guidance ? p(entry.guidance) : null))),
        ...footer(data, site),
      ]);
    },
    "case-studies"(data, site) {
      return page("case-studies", data, [
        reviewLabel(data), p(data.summary),
        h("div", { className: "admonition note" }, h("p", { className: "admonition-title" }, PREVIEW.origins[(data.origin || {}).kind] || "About this story"),
          p((data.origin || {}).changed ? `What was changed: ${data.origin.changed}` : "")),
        glance([["Age band", data.age_band ? reading(data.age_band) : "Not stated"], ["Region", data.region || "Not stated"],
          ["Setting", listed([reading(data.setting)])], ["Conditions", listed(data.conditions)],
          ["Specialisms", (data.specialisms || []).map((id) => site.title("specialisms", id)).join(", ")],
          ["Goals", (data.goals || []).join("; ")]]),
        h("div", { dangerouslySetInnerHTML: block(data.body) }),
        ...footer(data, site),
      ]);
    },
    guides(data, site) {
      return page("guides", data, [
        reviewLabel(data),
        h("p", null, h("em", null, `For: ${(data.readers || []).map((a) => PREVIEW.plurals[a] || a).join(" and ")}.`)),
        p(data.summary),
        h("div", { dangerouslySetInnerHTML: block(data.body) }),
        ...footer(data, site),
      ]);
    },
    sources(data) {
      const when = data.date_published ? String(data.date_published) : "undated";
      return h("div", { "data-md-color-scheme": "default", "data-md-color-primary": "custom" },
        h("article", { className: "md-content__inner md-typeset kb-preview" }, crumbs("sources"),
          h("h2", null, String(data.title || "")),
          h("p", null, [data.kind, data.publisher, data.author, when].filter(Boolean).join(", ")),
          p(data.summary), data.note ? p(data.note) : null,
          data.url ? h("p", null, h("a", { href: data.url }, "Read it")) : p(data.url_unavailable || "")));
    },
    referral(data) {
      const titles = {};
      for (const q of [data.screen, ...(data.questions || [])].filter(Boolean)) titles[q.id] = q.text;
      for (const o of data.outcomes || []) titles[o.id] = o.title;
      const question = (q, first) => h("section", { key: q.id, className: "kb-preview-step" },
        h("h2", { className: "referral-question" }, q.text), q.hint ? p(q.hint, { className: "referral-hint" }) : null,
        h("div", { className: "referral-options" }, h("ul", null,
          [...(q.options || []), ...(first && data.screen === q ? [{ label: q.none_label || "None of these", next: data.start }] : [])]
            .map((o, i) => h("li", { key: i }, h("a", { href: "#", className: "referral-option" }, o.label),
              h("small", null, ` \u2192 ${titles[o.next] || o.next || ""}`))))));
      const outcome = (o) => h("section", { key: o.id, className: "kb-preview-step" },
        h("h2", null, o.title),
        h("div", { className: `referral-urgency referral-urgency--${o.urgency}` },
          h("p", null, h("strong", null, `How soon: ${String(o.urgency || "").replace(/^./, (c) => c.toUpperCase())}.`), " ", o.urgency_reason || "")),
        p(o.summary), o.why ? p(o.why) : null, (o.act_now || []).length ? numbered(o.act_now.map((a) => a.do)) : null,
        (o.ask_for || []).length ? [h("h3", { key: "a" }, "What to ask the OT for"), bullets(o.ask_for)] : null,
        o.instead ? p(o.instead) : null);
      return h("div", { "data-md-color-scheme": "default", "data-md-color-primary": "custom" },
        h("article", { className: "md-content__inner md-typeset kb-preview" },
          h("h1", null, String(data.title || "")), p(data.intro),
          data.screen ? question(data.screen, true) : null,
          ...(data.questions || []).map((q) => question(q, false)),
          ...(data.outcomes || []).map(outcome)));
    },
    vocabulary(data) {
      return h("div", { "data-md-color-scheme": "default", "data-md-color-primary": "custom" },
        h("article", { className: "md-content__inner md-typeset kb-preview" },
          h("h1", null, String(data.title || "")), p(data.summary),
          h("ul", null, (data.terms || []).map((term, i) => h("li", { key: i }, h("strong", null, term.name),
            (term.synonyms || []).length ? ` (${term.synonyms.join(", ")})` : "",
            term.definition ? [": ", h("span", { key: "d", dangerouslySetInnerHTML: inline(term.definition) })] : "")))));
    },
  };

  for (const [name, template] of Object.entries(TEMPLATES)) {
    CMS.registerPreviewTemplate(name, (props) => h(Preview, { ...props, template }));
  }
})();
