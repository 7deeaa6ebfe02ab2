#!/usr/bin/env python3
"""Runs axe-core (the engine inside DAISY's Ace) over pages in one headless Chromium, with the
WCAG 2.0-2.2 A and AA rules, and prints one JSON line per page:
{"page": ..., "violations": [{"id", "impact", "help", "nodes"}]}. With --dark first, the pages
are shown as to a reader whose system prefers dark colours.

Each page is opened from file:// as a reader's browser opens it (its own scripts run first), then
axe is added to it and run. axe-core comes from PyPI's axe-playwright-python, of which only
axe.min.js is used; Chromium is driven through Debian's chromium-driver with PyPI's selenium
(scripts/bootstrap test installs all three)."""
import importlib.util
import json
import os
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

RUN = """
var done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']}).then(
  function (results) {
    done(results.violations.map(function (v) {
      return {id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.slice(0, 5).map(function (n) { return n.target.join(' '); })};
    }));
  },
  function (error) { done([{id: 'axe-error', impact: 'critical', help: String(error), nodes: []}]); });
"""


def axe_source():
    spec = importlib.util.find_spec("axe_playwright_python")
    if spec is None:
        sys.exit("axe-core is missing: scripts/bootstrap test installs PyPI axe-playwright-python")
    with open(os.path.join(list(spec.submodule_search_locations)[0], "axe.min.js"), encoding="utf-8") as f:
        return f.read()


def main(pages, dark=False):
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900"):
        options.add_argument(argument)
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_script_timeout(120)
    if dark:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                               {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    source = axe_source()
    try:
        for page in pages:
            driver.get("file://" + os.path.abspath(page))
            driver.execute_script(source)
            violations = driver.execute_async_script(RUN, RULES)
            print(json.dumps({"page": page, "violations": violations}), flush=True)
    finally:
        driver.quit()


if __name__ == "__main__":
    arguments = sys.argv[1:]
    dark = arguments[:1] == ["--dark"]
    main(arguments[1:] if dark else arguments, dark=dark)
