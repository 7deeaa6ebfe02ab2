#!/usr/bin/env python3
"""Runs axe-core (the engine inside DAISY's Ace) over pages in headless Chromium, with WCAG 2.2 A
and AA rules, and prints one JSON line per page: {"page": …, "violations": [{id, impact, help,
nodes}]}. Each page is copied beside itself with axe's script added before </body>, loaded from
file://, and read back with --dump-dom once axe has written its result into the page.
axe-core comes from PyPI's axe-playwright-python (installed without Playwright by scripts/bootstrap
test): only its axe.min.js is used."""
import importlib.util, json, os, shutil, subprocess, sys, tempfile, re

def axe_script():
    spec = importlib.util.find_spec("axe_playwright_python")
    if spec is None:
        sys.exit("axe-core is missing: scripts/bootstrap test installs PyPI axe-playwright-python")
    return os.path.join(list(spec.submodule_search_locations)[0], "axe.min.js")

RUNNER = """
axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}, resultTypes: ['violations']}).then(function (results) {
  var out = results.violations.map(function (v) { return {id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(function (n) { return n.target.join(' '); }).slice(0, 5)}; });
  var pre = document.createElementNS('http://www.w3.org/1999/xhtml', 'pre');
  pre.setAttribute('id', 'axe-result');
  pre.textContent = 'AXE-RESULT' + JSON.stringify(out) + 'AXE-END';
  document.documentElement.appendChild(pre);
}, function (error) {
  var pre = document.createElementNS('http://www.w3.org/1999/xhtml', 'pre');
  pre.textContent = 'AXE-RESULT' + JSON.stringify([{id: 'axe-error', impact: 'critical', help: String(error), nodes: []}]) + 'AXE-END';
  document.documentElement.appendChild(pre);
});
"""

def main(pages):
    axe = axe_script()
    for page in pages:
        folder = os.path.dirname(os.path.abspath(page))
        shutil.copy(axe, os.path.join(folder, "axe-under-test.js"))
        with open(os.path.join(folder, "axe-run.js"), "w") as f:
            f.write(RUNNER)
        text = open(page, encoding="utf-8").read()
        tags = '<script src="axe-under-test.js"></script><script src="axe-run.js"></script>'
        text = text.replace("</body>", tags + "</body>", 1)
        # Beside the page, so its stylesheets and images load as they do for a reader.
        probe = page + ".axe" + os.path.splitext(page)[1]
        with open(probe, "w", encoding="utf-8") as f:
            f.write(text)
        done = subprocess.run(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--allow-file-access-from-files",
             "--virtual-time-budget=20000", "--dump-dom", "file://" + os.path.abspath(probe)],
            capture_output=True, text=True, timeout=120)
        os.remove(probe)
        match = re.search(r"AXE-RESULT(.*?)AXE-END", done.stdout, re.S)
        violations = json.loads(match.group(1).replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")) if match else [{"id": "no-result", "impact": "critical", "help": done.stderr[-500:], "nodes": []}]
        print(json.dumps({"page": page, "violations": violations}))
        for name in ("axe-under-test.js", "axe-run.js"):
            os.remove(os.path.join(folder, name))

if __name__ == "__main__":
    main(sys.argv[1:])
