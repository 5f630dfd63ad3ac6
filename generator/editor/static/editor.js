// Saving from the editor writes the files the content check accepts: the schema line first (the second line of
// a case story, after "---"), then the fields in the model's order. The editor's own YAML writer drops
// comments, so the schema line would be lost on every save; these formatters replace it for the two formats
// the collections use. Reading files is left to the editor (YAML 1.2: "yes" and "no" stay words).
//
// FILE_TYPES is written by generator/editor/site.py from the content model: for each type, its schema file,
// a required field only that type has (how a saved entry's type is told), and its date fields.
(function () {
  "use strict";
  const FILE_TYPES = __FILE_TYPES__;

  // A value written without quotes only when YAML can read it back as the same string and nothing else.
  const PLAIN = /^[A-Za-z][A-Za-z0-9 ,.'()/&+-]*$/;
  const WORDS = /^(true|false|null|yes|no|on|off|y|n)$/i;
  const DATE = /^\d{4}-\d{2}-\d{2}$/;

  function scalar(value, isDate) {
    if (typeof value === "boolean" || typeof value === "number") return String(value);
    if (value instanceof Date) return localDay(value);
    const text = String(value);
    if (isDate && DATE.test(text)) return text;
    if (PLAIN.test(text) && !WORDS.test(text) && !/\s$/.test(text)) return text;
    return JSON.stringify(text); // a JSON string is a valid YAML double-quoted scalar
  }

  // The day as the person picked it, in their own time zone. toISOString() would give the day in UTC: midnight
  // on 1 June in British Summer Time is 23:00 on 31 May in UTC, so a date picked in summer was saved a day early.
  function localDay(date) {
    const two = (n) => String(n).padStart(2, "0");
    return date.getFullYear() + "-" + two(date.getMonth() + 1) + "-" + two(date.getDate());
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

  function mapping(object, indent, dates) {
    const lines = [];
    for (const [key, value] of Object.entries(object)) {
      if (empty(value)) continue;
      if (Array.isArray(value)) {
        lines.push(indent + key + ":");
        for (const item of value) lines.push(...listItem(item, indent + "  ", dates));
      } else if (isMapping(value)) {
        lines.push(indent + key + ":", ...mapping(value, indent + "  ", dates));
      } else {
        lines.push(indent + key + ": " + scalar(value, dates.includes(key)));
      }
    }
    return lines;
  }

  function listItem(item, indent, dates) {
    if (!isMapping(item)) return [indent + "- " + scalar(item, false)];
    const lines = mapping(item, indent + "  ", dates);
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
    return [schemaLine(type), ...mapping(data, "", type.dates)].join("\n") + "\n";
  }

  function toFrontMatter(data) {
    const { body, ...fields } = data;
    const type = fileType(fields);
    const head = ["---", schemaLine(type), ...mapping(fields, "", type.dates), "---"].join("\n");
    const text = typeof body === "string" ? body.trim() : "";
    return head + "\n" + (text ? text + "\n" : "");
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

  window.CMS.registerCustomFormat("yml", "yml", { toFile: toYaml });
  window.CMS.registerCustomFormat("yaml-frontmatter", "md", { toFile: toFrontMatter });
})();
