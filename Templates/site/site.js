/* DraftForge site script: theme, sidebar, keyboard, heading links and search. No framework,
   nothing fetched from elsewhere. Loaded in <head> so the theme and the sidebar are set
   before the first paint; the rest waits for the page. Replace it with templates/site.js. */
(function () {
  "use strict";

  var root = document.documentElement;
  root.classList.remove("no-js");
  root.classList.add("js");

  var THEME_KEY = "draftforge-theme";
  var SIDEBAR_KEY = "draftforge-sidebar";
  var store = {
    get: function (key) {
      try { return window.localStorage.getItem(key); } catch (e) { return null; }
    },
    set: function (key, value) {
      try { window.localStorage.setItem(key, value); } catch (e) { /* private mode: not remembered */ }
    }
  };
  var wideQuery = window.matchMedia ? window.matchMedia("(min-width: 62rem)") : null;
  function isWide() { return !wideQuery || wideQuery.matches; }

  // ---------- The interface's words: English here, the book's language from #df-strings ----------

  var STRINGS = {
    use_light_theme: "Use the light theme", use_dark_theme: "Use the dark theme",
    link_to_section: "Link to this section", copy: "Copy", copied: "Copied", copy_the_code: "Copy the code",
    search_index_failed: "The search index could not be loaded.", nothing_found: "Nothing found for “{query}”.",
    results: { one: "{count} result", other: "{count} results" }, results_capped: "{results}, the first {count} shown"
  };
  var stringsLanguage = "en";
  (function () {
    var table = document.getElementById("df-strings");
    if (!table) return;
    try {
      var book = JSON.parse(table.textContent);
      for (var key in book) if (Object.prototype.hasOwnProperty.call(book, key)) STRINGS[key] = book[key];
      if (typeof book.lang === "string") stringsLanguage = book.lang;
    } catch (e) { /* a broken table leaves the English words */ }
  })();
  function number(n) {
    try { return n.toLocaleString(stringsLanguage); } catch (e) { return String(n); }
  }
  function text(key, values) {
    var entry = STRINGS[key];
    if (typeof entry !== "string") entry = entry && entry.other || key;
    return entry.replace(/\{(\w+)\}/g, function (all, name) { return values && name in values ? values[name] : all; });
  }
  function counted(key, n, values) {
    var entry = STRINGS[key] || {};
    var category = "other";
    try { category = new Intl.PluralRules(stringsLanguage).select(n); } catch (e) { category = n === 1 ? "one" : "other"; }
    var form = typeof entry === "string" ? entry : entry[category] || entry.other || key;
    var all = { count: number(n) };
    for (var name in values) all[name] = values[name];
    return form.replace(/\{(\w+)\}/g, function (whole, name) { return name in all ? all[name] : whole; });
  }

  var savedTheme = store.get(THEME_KEY);
  if (savedTheme === "light" || savedTheme === "dark") root.setAttribute("data-theme", savedTheme);
  if (!isWide() || store.get(SIDEBAR_KEY) === "hidden") root.classList.add("df-sidebar-hidden");

  // ---------- Theme: follows the system until the reader picks one ----------

  function currentTheme() {
    var chosen = root.getAttribute("data-theme");
    if (chosen) return chosen;
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }

  function setUpTheme() {
    var button = document.getElementById("df-theme-toggle");
    if (!button) return;
    function describe() {
      var label = text(currentTheme() === "dark" ? "use_light_theme" : "use_dark_theme");
      button.setAttribute("aria-label", label);
      button.title = label;
    }
    describe();
    button.addEventListener("click", function () {
      var theme = currentTheme() === "dark" ? "light" : "dark";
      root.setAttribute("data-theme", theme);
      store.set(THEME_KEY, theme);
      describe();
    });
  }

  // ---------- Sidebar: hideable, remembered on wide screens, a drawer on phones ----------

  function setUpSidebar() {
    var button = document.getElementById("df-sidebar-toggle");
    var sidebar = document.getElementById("df-sidebar");
    if (!button || !sidebar) return;
    function shown() { return !root.classList.contains("df-sidebar-hidden"); }
    function show(visible, remember) {
      root.classList.toggle("df-sidebar-hidden", !visible);
      button.setAttribute("aria-expanded", visible ? "true" : "false");
      if (remember && isWide()) store.set(SIDEBAR_KEY, visible ? "shown" : "hidden");
    }
    show(shown(), false);
    button.addEventListener("click", function () { show(!shown(), true); });
    document.addEventListener("click", function (event) {
      if (isWide() || !shown()) return;
      var inside = sidebar.contains(event.target);
      if ((inside && event.target.closest("a")) || (!inside && !button.contains(event.target))) show(false, false);
    });
    if (wideQuery && wideQuery.addEventListener) {
      wideQuery.addEventListener("change", function () {
        show(isWide() && store.get(SIDEBAR_KEY) !== "hidden", false);
      });
    }
    var current = sidebar.querySelector("[aria-current=page]");
    if (current) {
      var top = current.offsetTop - sidebar.clientHeight / 3;
      if (top > 0) sidebar.scrollTop = top;
    }
  }

  // ---------- Keys: ← and → turn the page, / or S searches ----------

  function isTyping(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  function setUpKeys() {
    document.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || isTyping(event.target)) return;
      if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
        // A right-to-left book turns its pages the other way.
        var back = (event.key === "ArrowLeft") !== (root.getAttribute("dir") === "rtl");
        var link = document.querySelector(back ? "a[rel=prev]" : "a[rel=next]");
        if (link) {
          event.preventDefault();
          window.location.href = link.href;
        }
      } else if (event.key === "/" || event.key === "s" || event.key === "S") {
        var input = document.getElementById("df-search-input");
        if (input) {
          event.preventDefault();
          input.focus();
          input.select();
        }
      }
    });
  }

  // ---------- A link beside each heading, to share a place in the book ----------

  function setUpHeadingLinks() {
    var headings = document.querySelectorAll(".df-chapter h2[id], .df-chapter h3[id], .df-chapter h4[id]");
    for (var i = 0; i < headings.length; i++) {
      var link = document.createElement("a");
      link.className = "df-anchor";
      link.href = "#" + headings[i].id;
      link.setAttribute("aria-label", text("link_to_section"));
      link.textContent = "#";
      headings[i].appendChild(link);
    }
    var printButtons = document.querySelectorAll(".df-print-button");
    for (var j = 0; j < printButtons.length; j++) {
      printButtons[j].addEventListener("click", function () { window.print(); });
    }
  }

  // ---------- Code blocks: a copy button, and line numbers when the book asks for them ----------

  function setUpCode() {
    var blocks = document.querySelectorAll(".df-chapter pre > code");
    var numbered = document.body.classList.contains("df-line-numbers");
    for (var i = 0; i < blocks.length; i++) {
      var code = blocks[i];
      var pre = code.parentNode;
      var frame = document.createElement("div");
      frame.className = "df-code";
      pre.parentNode.insertBefore(frame, pre);
      frame.appendChild(pre);
      if (numbered) {
        var count = code.textContent.replace(/\n$/, "").split("\n").length;
        var numbers = [];
        for (var n = 1; n <= count; n++) numbers.push(n);
        var gutter = document.createElement("span");
        gutter.className = "df-gutter";
        gutter.setAttribute("aria-hidden", "true");
        gutter.textContent = numbers.join("\n");
        pre.insertBefore(gutter, code);
        pre.classList.add("df-numbered");
      }
      if (!navigator.clipboard) continue;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "df-copy";
      button.textContent = text("copy");
      button.setAttribute("aria-label", text("copy_the_code"));
      button.addEventListener("click", copier(code, button));
      frame.appendChild(button);
    }
  }

  // A code block or table wider than the page scrolls; a keyboard reader scrolls it only when
  // it can take the focus (WCAG 2.1.1). Checked again when the window changes size.
  function focusScrollers() {
    var regions = document.querySelectorAll(".df-chapter pre, .df-chapter table");
    for (var i = 0; i < regions.length; i++) {
      var region = regions[i];
      if (region.scrollWidth > region.clientWidth + 1) {
        region.setAttribute("tabindex", "0");
      } else if (region.getAttribute("tabindex") === "0") {
        region.removeAttribute("tabindex");
      }
    }
  }

  function copier(code, button) {
    return function () {
      navigator.clipboard.writeText(code.textContent.replace(/\n$/, "")).then(function () {
        button.textContent = text("copied");
        setTimeout(function () { button.textContent = text("copy"); }, 1500);
      });
    };
  }

  // ---------- Search: the index is a script built with the site, loaded on first use ----------

  var MAX_RESULTS = 30;

  /// Lower case without accents in Latin, Greek and Cyrillic ("École" → "ecole"), one UTF-16
  /// unit for one, so a match's offsets in the folded text are its offsets in the text.
  /// Other scripts are matched as written: a substring search finds CJK mid-sentence.
  function fold(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      var lower = c.toLowerCase();
      if (lower.length !== 1) { out += c; continue; }
      if (/[\u00C0-\u024F\u1E00-\u1EFF\u0370-\u03FF\u1F00-\u1FFF\u0400-\u04FF]/.test(lower)) {
        var bare = lower.normalize("NFD").replace(/\p{M}/gu, "");
        if (bare.length === 1) lower = bare;
      }
      out += lower;
    }
    return out;
  }

  function setUpSearch() {
    var input = document.getElementById("df-search-input");
    var panel = document.getElementById("df-search-results");
    if (!input || !panel) return;
    var entries = null;
    var waiting = null;
    var loading = false;
    var timer = null;
    var selected = -1;

    function load(then) {
      if (entries) { then(); return; }
      waiting = then;
      if (searchIndex()) { prepare(); return; }
      if (loading) return;
      loading = true;
      var script = document.createElement("script");
      script.src = "search-index.js";
      script.onload = prepare;
      script.onerror = function () { status(text("search_index_failed")); };
      document.head.appendChild(script);
    }

    // An element with this id would also answer to the name: only the index object counts.
    function searchIndex() {
      var index = window.draftforgeSearchIndex;
      return index && !(index instanceof Node) && Array.isArray(index.sections) ? index : null;
    }

    function prepare() {
      var index = searchIndex();
      if (!index) return;
      entries = index.sections.map(function (section) {
        var chapter = index.chapters[section.c];
        return {
          chapter: chapter.title, heading: section.h, url: section.u, text: section.t,
          chapterLower: fold(chapter.title), headingLower: fold(section.h),
          textLower: fold(section.t)
        };
      });
      if (waiting) { var then = waiting; waiting = null; then(); }
    }

    function terms(query) {
      return fold(query).split(/[\s.,;:!?"'“”‘’()\[\]{}<>]+/).filter(function (term) {
        return term.length > 0;
      });
    }

    function count(haystack, needle, limit) {
      var found = 0;
      var at = haystack.indexOf(needle);
      while (at !== -1 && found < limit) {
        found++;
        at = haystack.indexOf(needle, at + needle.length);
      }
      return found;
    }

    function startsWord(haystack, needle) {
      var at = haystack.indexOf(needle);
      while (at !== -1) {
        if (at === 0 || /[^\p{L}\p{N}]/u.test(haystack.charAt(at - 1))) return true;
        at = haystack.indexOf(needle, at + 1);
      }
      return false;
    }

    function search(query) {
      var words = terms(query);
      if (!words.length) return [];
      var results = [];
      for (var i = 0; i < entries.length; i++) {
        var entry = entries[i];
        var score = 0;
        for (var w = 0; w < words.length; w++) {
          var word = words[w];
          var inTitle = entry.chapterLower.indexOf(word) !== -1;
          var inHeading = entry.headingLower.indexOf(word) !== -1;
          var inText = count(entry.textLower, word, 20);
          if (!inTitle && !inHeading && !inText) { score = 0; break; }
          score += (inTitle ? 6 : 0) + (inHeading ? 10 : 0) + Math.min(inText, 10)
            + (startsWord(entry.headingLower + " " + entry.textLower, word) ? 5 : 0);
        }
        if (score > 0) results.push({ entry: entry, score: score, order: i });
      }
      results.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
      return results;
    }

    /// A stretch of text around the first match, cut at spaces.
    function snippet(entry, words) {
      var text = entry.text;
      var first = -1;
      for (var w = 0; w < words.length; w++) {
        var at = entry.textLower.indexOf(words[w]);
        if (at !== -1 && (first === -1 || at < first)) first = at;
      }
      var start = Math.max(0, first - 60);
      if (start > 0) {
        var space = text.indexOf(" ", start);
        start = space !== -1 && space < first ? space + 1 : start;
      }
      var end = Math.min(text.length, start + 200);
      if (end < text.length) {
        var lastSpace = text.lastIndexOf(" ", end);
        if (lastSpace > start + 80) end = lastSpace;
      }
      return (start > 0 ? "… " : "") + text.slice(start, end) + (end < text.length ? " …" : "");
    }

    /// Appends `text` to `parent`, every match of `words` in a <mark>.
    function appendMarked(parent, text, words) {
      var lower = fold(text);
      var ranges = [];
      words.forEach(function (word) {
        var at = lower.indexOf(word);
        while (at !== -1) {
          ranges.push([at, at + word.length]);
          at = lower.indexOf(word, at + word.length);
        }
      });
      ranges.sort(function (a, b) { return a[0] - b[0]; });
      var position = 0;
      ranges.forEach(function (range) {
        if (range[0] < position) return;
        parent.appendChild(document.createTextNode(text.slice(position, range[0])));
        var mark = document.createElement("mark");
        mark.textContent = text.slice(range[0], range[1]);
        parent.appendChild(mark);
        position = range[1];
      });
      parent.appendChild(document.createTextNode(text.slice(position)));
    }

    function status(message) {
      panel.textContent = "";
      var line = document.createElement("p");
      line.className = "df-search-status";
      line.textContent = message;
      panel.appendChild(line);
      panel.hidden = false;
    }

    function render() {
      var query = input.value.trim();
      selected = -1;
      if (!query) {
        panel.hidden = true;
        panel.textContent = "";
        return;
      }
      var words = terms(query);
      var results = search(query);
      var found = counted("results", results.length);
      status(results.length === 0 ? text("nothing_found", { query: query })
        : results.length > MAX_RESULTS ? text("results_capped", { results: found, count: number(MAX_RESULTS) }) : found);
      if (!results.length) return;
      var list = document.createElement("ol");
      list.className = "df-search-list";
      results.slice(0, MAX_RESULTS).forEach(function (result) {
        var entry = result.entry;
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = entry.url;
        var title = document.createElement("span");
        title.className = "df-result-title";
        appendMarked(title, entry.heading === entry.chapter ? entry.chapter : entry.chapter + " › " + entry.heading, words);
        var text = document.createElement("span");
        text.className = "df-result-snippet";
        appendMarked(text, snippet(entry, words), words);
        link.appendChild(title);
        link.appendChild(text);
        item.appendChild(link);
        list.appendChild(item);
      });
      panel.appendChild(list);
    }

    function select(step) {
      var items = panel.querySelectorAll(".df-search-list li");
      if (!items.length) return;
      if (selected >= 0 && items[selected]) items[selected].classList.remove("df-selected");
      selected = (selected + step + items.length) % items.length;
      items[selected].classList.add("df-selected");
      items[selected].scrollIntoView({ block: "nearest" });
    }

    input.addEventListener("focus", function () {
      load(function () { if (input.value.trim()) render(); });
    });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { load(render); }, 80);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        select(event.key === "ArrowDown" ? 1 : -1);
      } else if (event.key === "Enter") {
        var chosen = panel.querySelector(".df-selected a") || panel.querySelector(".df-search-list a");
        if (chosen) {
          event.preventDefault();
          window.location.href = chosen.href;
        }
      } else if (event.key === "Escape") {
        input.value = "";
        render();
        input.blur();
      }
    });
    document.addEventListener("click", function (event) {
      var box = document.getElementById("df-search");
      if (box && !box.contains(event.target)) panel.hidden = true;
    });

    // index.html?q=word opens the page with the search for `word` done.
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) {
      input.value = query;
      load(render);
    }
  }

  function start() {
    setUpTheme();
    setUpSidebar();
    setUpKeys();
    setUpHeadingLinks();
    setUpCode();
    focusScrollers();
    // Again once the fonts and images have set the final widths.
    window.addEventListener("load", focusScrollers);
    if (document.fonts) document.fonts.ready.then(focusScrollers);
    window.addEventListener("resize", focusScrollers);
    setUpSearch();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
