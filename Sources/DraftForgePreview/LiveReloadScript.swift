// The script every HTML response gets, injected as it is served (the files on disk stay as the
// build wrote them). It listens to the event stream, reloads the page after a good build,
// keeps the scroll position when the same page reloads, and shows a failed build's errors
// over the page until the next good build, and a good build's blocking findings over its pages.
import Foundation

enum LiveReloadScript {
    /// The path of the event stream.
    static let eventsPath = "/__draftforge/events"
    /// The `id` of the injected `<script>` element.
    static let elementID = "draftforge-live-reload"

    /// The `<script>` element for a page served at content `version`.
    static func element(version: String) -> String {
        let quoted = String(decoding: (try? JSONEncoder().encode(version)) ?? Data("\"\"".utf8), as: UTF8.self)
        return "<script id=\"\(elementID)\">\n"
            + source.replacingOccurrences(of: "__VERSION__", with: quoted)
            .replacingOccurrences(of: "__EVENTS__", with: "\"\(eventsPath)\"")
            + "</script>\n"
    }

    /// `html` with the script added before its last `</body>`, or at its end.
    static func inject(into html: String, version: String) -> String {
        let script = element(version: version)
        if let range = html.range(of: "</body>", options: [.caseInsensitive, .backwards]) {
            var result = html
            result.insert(contentsOf: script, at: range.lowerBound)
            return result
        }
        return html + script
    }

    static func inject(into data: Data, version: String) -> Data {
        Data(inject(into: String(decoding: data, as: UTF8.self), version: version).utf8)
    }

    static let source = """
        (function () {
          "use strict";
          var VERSION = __VERSION__, EVENTS = __EVENTS__, KEY = "draftforge.scroll";
          try {
            var saved = JSON.parse(sessionStorage.getItem(KEY) || "null");
            sessionStorage.removeItem(KEY);
            if (saved && saved.path === location.pathname && Date.now() - saved.time < 30000) {
              var restore = function () { window.scrollTo(saved.x, saved.y); };
              if (document.readyState === "complete") restore();
              else window.addEventListener("load", restore);
            }
          } catch (e) {}
          function reload() {
            try {
              sessionStorage.setItem(KEY, JSON.stringify({
                path: location.pathname, x: window.scrollX, y: window.scrollY, time: Date.now()
              }));
            } catch (e) {}
            location.reload();
          }
          function hideErrors() {
            var old = document.getElementById("draftforge-errors");
            if (old) old.parentNode.removeChild(old);
          }
          function showErrors(errors, heading) {
            hideErrors();
            var box = document.createElement("div");
            box.id = "draftforge-errors";
            box.setAttribute("role", "alert");
            box.style.cssText = "position:fixed;z-index:2147483647;left:0;right:0;top:0;max-height:70vh;" +
              "overflow:auto;margin:0;padding:12px 16px;background:rgba(90,0,0,.95);color:#fff;" +
              "font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;box-shadow:0 2px 12px rgba(0,0,0,.5)";
            var close = document.createElement("button");
            close.textContent = "\\u00d7";
            close.setAttribute("aria-label", "Hide");
            close.style.cssText = "float:right;font:inherit;font-size:20px;color:#fff;background:none;border:0;cursor:pointer";
            close.onclick = hideErrors;
            var title = document.createElement("p");
            title.style.cssText = "margin:0 0 8px;font-weight:bold";
            title.textContent = heading;
            box.appendChild(close);
            box.appendChild(title);
            errors.forEach(function (error) {
              var line = document.createElement("pre");
              line.className = "draftforge-error";
              line.style.cssText = "margin:4px 0;white-space:pre-wrap;font:inherit";
              line.textContent = error.text + (error.suggestion ? "\\n  suggestion: " + error.suggestion : "");
              box.appendChild(line);
            });
            (document.body || document.documentElement).appendChild(box);
          }
          function failed() {
            return document.getElementById("draftforge-not-built")
              ? "The build failed, and no build has succeeded yet; this page reloads after the next good build."
              : "The build failed. This is the last good version; it reloads after the next good build.";
          }
          var BLOCKING = "These findings would stop draftforge build from exporting the book; the preview shows it anyway.";
          if (!window.EventSource) return;
          var source = new EventSource(EVENTS);
          source.addEventListener("hello", function (event) {
            var data = JSON.parse(event.data);
            if (data.version !== VERSION) { reload(); return; }
            if (data.errors) showErrors(data.errors, failed());
            else if (data.findings) showErrors(data.findings, BLOCKING);
            else hideErrors();
          });
          source.addEventListener("reload", function () { reload(); });
          source.addEventListener("error", function (event) {
            if (typeof event.data !== "string") return; // the connection dropped; it reconnects
            showErrors(JSON.parse(event.data).errors || [], failed());
          });
        })();

        """
}
