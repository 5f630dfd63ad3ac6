// Saving from the editor writes the files the content check accepts: the schema line first (the second line of
// a case story, after "---"), then the fields in the model's order. The editor's own YAML writer drops
// comments, so the schema line would be lost on every save; these formatters replace it for the two formats
// the collections use. Reading files is left to the editor (YAML 1.2: "yes" and "no" stay words).
//
// FILE_TYPES is written by generator/editor/site.py from the content model: for each type, its schema file,
// a required field only that type has (how a saved entry's type is told), its date fields, and the canonical
// order of its fields (generator/tools/format.py); FORMAT holds the line width.
(function () {
  "use strict";
  const FILE_TYPES = __FILE_TYPES__;
  const FORMAT = __FORMAT__;

  // The canonical form of content files (generator/tools/format.py), rule for rule: `python -m generator format`
  // and this save write the same bytes, so a save changes only the lines of what was changed.
  const WIDTH = FORMAT.width;
  // A value written without quotes only when YAML can read it back as the same string and nothing else.
  const PLAIN = /^[A-Za-z][A-Za-z0-9 ,.'()/&+-]*$/;
  const WORDS = /^(true|false|null|yes|no|on|off|y|n|~)$/i;
  const DATE = /^\d{4}-\d{2}-\d{2}$/;
  const FOLDABLE = /^\S+(?: \S+)*$/;

  // Lengths in characters as Python counts them (code points), not UTF-16 units.
  function size(text) {
    return Array.from(text).length;
  }

  // The day as the person picked it, in their own time zone. toISOString() would give the day in UTC: midnight
  // on 1 June in British Summer Time is 23:00 on 31 May in UTC, so a date picked in summer was saved a day early.
  function localDay(date) {
    const two = (n) => String(n).padStart(2, "0");
    return date.getFullYear() + "-" + two(date.getMonth() + 1) + "-" + two(date.getDate());
  }

  function scalar(value, isDate, isNumber) {
    if (typeof value === "boolean" || typeof value === "number") return String(value);
    if (value instanceof Date) return localDay(value);
    const text = String(value);
    if (isDate && DATE.test(text)) return text;
    if (isNumber && /^[0-9]+$/.test(text)) return text;
    if (PLAIN.test(text) && !WORDS.test(text) && !/\s$/.test(text)) return text;
    return JSON.stringify(text); // a JSON string is a valid YAML double-quoted scalar
  }

  // `prefix` (a key and ": ", or "- ") and the value: on one line when it fits, else folded at WIDTH.
  function text(prefix, value, indent, isDate, isNumber) {
    const one = scalar(value, isDate, isNumber);
    if (size(prefix) + size(one) <= WIDTH || typeof value !== "string" || !FOLDABLE.test(value)) {
      return [prefix + one];
    }
    const lines = [];
    let line = "";
    for (const word of value.split(" ")) {
      if (line && size(indent) + size(line) + 1 + size(word) > WIDTH) {
        lines.push(indent + line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    }
    lines.push(indent + line);
    return [prefix + ">-", ...lines];
  }

  function empty(value) {
    return value === undefined || value === null || value === "" ||
      (Array.isArray(value) && value.length === 0) ||
      (typeof value === "object" && !Array.isArray(value) && !(value instanceof Date) &&
        Object.keys(value).length === 0);
  }

  function isMapping(value) {
    return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
  }

  function mapping(object, order, indent, dates) {
    const keys = order ? order.keys : [];
    const rank = (key) => (keys.includes(key) ? keys.indexOf(key) : keys.length);
    const ranked = Object.keys(object).sort((a, b) => rank(a) - rank(b));
    const lines = [];
    for (const key of ranked) {
      const value = object[key];
      if (empty(value) || (value === false && order && order.falseDefault.includes(key))) continue;
      const inner = order ? order.nested[key] : undefined;
      const isNumber = Boolean(order && order.numbers.includes(key));
      if (Array.isArray(value)) {
        lines.push(indent + key + ":");
        for (const item of value) lines.push(...listItem(item, inner, indent + "  ", dates, isNumber));
      } else if (isMapping(value)) {
        lines.push(indent + key + ":", ...mapping(value, inner, indent + "  ", dates));
      } else {
        lines.push(...text(indent + key + ": ", value, indent + "  ", dates.includes(key), isNumber));
      }
    }
    return lines;
  }

  function listItem(item, order, indent, dates, isNumber) {
    if (!isMapping(item)) return text(indent + "- ", item, indent + "  ", false, isNumber);
    const lines = mapping(item, order, indent + "  ", dates);
    if (lines.length === 0) return [indent + "- {}"];
    lines[0] = indent + "- " + lines[0].slice(indent.length + 2);
    return lines;
  }

  function fileType(data) {
    const found = FILE_TYPES.find((type) => Object.prototype.hasOwnProperty.call(data, type.key));
    if (!found) throw new Error("cannot tell which kind of content this is; nothing saved");
    return found;
  }

  function schemaLine(type) {
    return "# yaml-language-server: $schema=../../schemas/" + type.schema;
  }

  function toYaml(data) {
    const type = fileType(data);
    return [schemaLine(type), ...mapping(data, type.order, "", type.dates)].join("\n") + "\n";
  }

  function toFrontMatter(data) {
    const { body, ...fields } = data;
    const type = fileType(fields);
    const head = ["---", schemaLine(type), ...mapping(fields, type.order, "", type.dates), "---"].join("\n");
    const trimmed = typeof body === "string" ? body.trim() : "";
    return head + "\n" + (trimmed ? trimmed + "\n" : "");
  }

  // The editor asks browsers not to let the page be zoomed (maximum-scale=1); people who need to zoom must be
  // able to, so that part of its viewport setting is taken out whenever it is written.
  function allowZoom() {
    for (const meta of document.querySelectorAll('meta[name="viewport"]')) {
      const content = meta.getAttribute("content") || "";
      const kept = content.split(",").map((part) => part.trim())
        .filter((part) => !/^(maximum-scale|user-scalable)\s*=/.test(part)).join(", ");
      if (kept !== content) meta.setAttribute("content", kept);
    }
  }
  new MutationObserver(allowZoom).observe(document.head, { subtree: true, childList: true, attributes: true });
  allowZoom();

  // The sign-in guide's link (admin/index.html) shows on the sign-in screen only, and goes once someone is in.
  const help = document.querySelector(".sign-in-help");
  if (help) {
    const onSignIn = () => Array.from(document.querySelectorAll("button"))
      .some((button) => /Sign In|Work with/.test(button.textContent || ""));
    const watch = new MutationObserver(() => {
      const showing = onSignIn();
      if (!showing && !help.hidden) watch.disconnect();
      help.hidden = !showing;
    });
    watch.observe(document.body, { subtree: true, childList: true });
  }

  window.CMS.registerCustomFormat("yml", "yml", { toFile: toYaml });
  window.CMS.registerCustomFormat("yaml-frontmatter", "md", { toFile: toFrontMatter });
})();
