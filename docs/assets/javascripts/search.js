/*
 * The search page: queries the Pagefind index written by generator/postbuild/search.py.
 *
 * Loaded only by the search page (overrides/search.html). Nothing is fetched until the reader types: then
 * Pagefind's script, its WebAssembly and only the index chunks and page fragments the query needs. Everything
 * comes from this site. Results are built with DOM methods and textContent, never from HTML strings, except
 * the <mark> around matched words, which is rebuilt as elements.
 */
(function () {
  "use strict";

  var form = document.getElementById("kb-search");
  var input = document.getElementById("kb-search-input");
  var status = document.getElementById("kb-search-status");
  var list = document.getElementById("kb-search-results");
  if (!form || !input || !status || !list) return;

  // This script is at assets/javascripts/search.js, so the site root is two folders up, wherever it is served.
  var root = new URL("../../", document.currentScript.src);
  // Results come five at a time: each needs its page's fragment fetched, so the first answer stays small (the
  // whole first search, search page included, within 150 KB gzipped at 2,000 pages); "Show more" adds five.
  var PAGE = 5;
  var more = document.createElement("button");
  more.type = "button";
  more.className = "kb-search__more md-button";
  more.textContent = "Show more results";
  more.hidden = true;
  list.after(more);
  // The best results are put in order by score times the page's `boost` (specialisms and guides answer the
  // commonest searches, so they come before a case story or a contact page that uses the same words). Pagefind
  // cannot weigh a whole page, so the first few results' pages are fetched and ordered here.
  var RERANK = 8;
  var pagefind = null;
  var latest = 0;
  var timer = null;

  function load() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", root).href).then(function (pf) {
        return pf.options({ baseUrl: root.pathname, excerptLength: 24 }).then(function () {
          return pf;
        });
      });
    }
    return pagefind;
  }

  // Pagefind's excerpt is the page's text (HTML-escaped) with <mark> around the matched words.
  function excerpt(html) {
    var p = document.createElement("p");
    p.className = "kb-search__excerpt";
    var decode = document.createElement("textarea");
    html.split(/(<mark>.*?<\/mark>)/).forEach(function (part) {
      var marked = /^<mark>(.*)<\/mark>$/.exec(part);
      decode.innerHTML = marked ? marked[1] : part;
      var text = document.createTextNode(decode.value);
      if (marked) {
        var mark = document.createElement("mark");
        mark.appendChild(text);
        p.appendChild(mark);
      } else {
        p.appendChild(text);
      }
    });
    return p;
  }

  // Words that say nothing about what the reader wants ("how much does an OT cost" is a question about cost):
  // left out of a question's words, unless the query is nothing else. "OT" and "client" are on nearly every page.
  var QUIET = ("a an and any are as at be by can could do does for from get has have how i if in is it its me my " +
    "include includes much need needs of on or our should so someone that the their them there they this to was we what when where " +
    "which who why will with would you your ot ots client clients").split(" ");

  function searched(query) {
    if (query.split(/\s+/).length < 4) return query;  // a few words ("back to work") are searched as typed
    var words = query.split(/\s+/).filter(function (w) {
      return QUIET.indexOf(w.toLowerCase().replace(/[^a-z']/g, "")) === -1;
    });
    return words.length ? words.join(" ") : query;
  }

  // Under each result, the page's own one-line description when it has one (no keyword lists, no marks on
  // little words); Pagefind's excerpt otherwise.
  function snippet(data) {
    var description = data.meta && data.meta.description;
    if (description) {
      var p = document.createElement("p");
      p.className = "kb-search__excerpt";
      p.textContent = description;
      return p;
    }
    return excerpt(data.excerpt || "");
  }

  function item(data) {
    var li = document.createElement("li");
    li.className = "kb-search__result";
    var a = document.createElement("a");
    a.className = "kb-search__link";
    a.href = data.url;
    a.textContent = (data.meta && data.meta.title) || data.url;
    li.appendChild(a);
    li.appendChild(snippet(data));
    return li;
  }

  function describe(query, found, shown) {
    if (!found) {
      status.textContent = "No pages match \u201c" + query + "\u201d. Try another word, or browse the pages.";
    } else {
      status.textContent = found + (found === 1 ? " page matches" : " pages match") + " \u201c" + query + "\u201d" +
        (found > shown ? "; the best " + shown + " are shown." : ".");
    }
  }

  function rerank(results) {
    var top = results.slice(0, RERANK);
    return Promise.all(top.map(function (r) { return r.data(); })).then(function (data) {
      var known = {};
      var scored = top.map(function (r, i) {
        known[r.id] = data[i];
        var boost = parseFloat((data[i].meta && data[i].meta.boost) || "1") || 1;
        return { result: r, score: r.score * boost, rank: i };
      });
      scored.sort(function (a, b) { return b.score - a.score || a.rank - b.rank; });
      return { results: scored.map(function (s) { return s.result; }).concat(results.slice(RERANK)), known: known };
    });
  }

  // The next five results' pages, added to the list; the button offers the rest while there are any.
  function showMore(query, ranked, ticket) {
    var results = ranked.results;
    var start = list.children.length;
    return Promise.all(results.slice(start, start + PAGE).map(function (r) {
      return ranked.known[r.id] ? Promise.resolve(ranked.known[r.id]) : r.data();
    }))
      .then(function (data) {
        if (ticket !== latest) return;
        list.append.apply(list, data.map(item));
        describe(query, results.length, list.children.length);
        var left = results.length - list.children.length;
        more.hidden = left <= 0;
        more.textContent = "Show " + Math.min(PAGE, left) + " more " + (Math.min(PAGE, left) === 1 ? "result" : "results");
        more.onclick = function () {
          var first = list.children.length;
          more.hidden = true;
          showMore(query, ranked, ticket).then(function () {
            // Keyboard and screen-reader users go on from the first of the new results.
            var next = list.children[first];
            if (next) next.querySelector("a").focus();
          });
        };
      });
  }

  // Pagefind finds the pages that hold every word. When a phrasing is so particular that few pages hold all of
  // it ("someone to assess a wheelchair"), the pages holding any of its words follow, best total score first.
  function find(pf, query) {
    return pf.search(query).then(function (all) {
      var words = query.split(/\s+/);
      if (all.results.length >= 3 || words.length < 3) return all.results;
      return Promise.all(words.map(function (w) { return pf.search(w); })).then(function (each) {
        var score = {};
        var byId = {};
        all.results.forEach(function (r) { byId[r.id] = r; score[r.id] = 1000 + r.score; });
        each.forEach(function (one) {
          one.results.forEach(function (r) {
            if (!byId[r.id]) byId[r.id] = r;
            score[r.id] = (score[r.id] || 0) + r.score;
          });
        });
        return Object.keys(byId).sort(function (a, b) { return score[b] - score[a]; })
          .map(function (id) { return byId[id]; });
      });
    });
  }

  function run(query) {
    var ticket = ++latest;
    query = query.trim();
    more.hidden = true;
    if (!query) {
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    status.textContent = "Searching\u2026";
    load()
      .then(function (pf) { return find(pf, searched(query)); })
      .then(rerank)
      .then(function (ranked) {
        if (ticket !== latest) return undefined;
        list.replaceChildren();
        return showMore(query, ranked, ticket);
      })
      .catch(function () {
        if (ticket === latest) status.textContent = "Search could not load. Browse lists every page instead.";
      });
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(function () { run(input.value); }, 120);
  }

  input.addEventListener("input", later);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    var url = new URL(location.href);
    url.searchParams.set("q", input.value);
    history.replaceState(null, "", url);
    run(input.value);
  });

  form.hidden = false;
  var initial = new URL(location.href).searchParams.get("q");
  if (initial) {
    input.value = initial;
    run(initial);
  }
})();
