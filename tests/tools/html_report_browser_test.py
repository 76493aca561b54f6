#!/usr/bin/env python3
"""Renders awssim's HTML report in headless Chromium (Debian's chromium and
chromium-driver, driven by python3-selenium) and checks what a reader sees:
the sections, the matrix, the diagram, a path shown by clicking a matrix cell
and by picking two interfaces in the diagram, no console errors and no
network fetches. Saves a screenshot as a test artifact.

usage: html_report_browser_test.py AWSSIM STACK ARTIFACT_DIR
"""
import json
import os
import subprocess
import sys
import tempfile

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def main():
    awssim, stack, artifacts = sys.argv[1], sys.argv[2], sys.argv[3]
    os.makedirs(artifacts, exist_ok=True)
    name = os.path.basename(os.path.dirname(os.path.abspath(stack)))
    report = os.path.join(artifacts, name + ".html")
    run = subprocess.run([awssim, "check", stack, "--soft-fail", "--report", "html=" + report],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if run.returncode != 0:
        fail("awssim check exited %d: %s" % (run.returncode, run.stderr))

    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-extensions", "--no-first-run",
                 "--window-size=1400,1000"):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    profile = tempfile.mkdtemp(prefix="awssim-chromium-")
    opts.add_argument("--user-data-dir=" + profile)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    try:
        driver.get("file://" + os.path.abspath(report))
        q = lambda css: driver.find_elements(By.CSS_SELECTOR, css)
        for section in ("summary", "expectations", "intents", "findings", "cost", "matrix", "path", "topology"):
            if not q("section#" + section):
                fail("no section#" + section)
        if not q("svg.topology .node.eni"):
            fail("the diagram has no interfaces")
        if not q("svg.topology .subnet"):
            fail("the diagram has no subnets")
        if not q("table.matrix button.open"):
            fail("the matrix has no open cell")
        if name == "seed-ecs" and not q("section#placement table#placement-tasks tr td"):
            fail("no placement rows")

        # The page opens on a worked example.
        if not q("#path-view table.hop, #path-view table"):
            fail("the path view is empty on load")

        # Click an open cell: its path is shown with the verdict.
        cell = q("table.matrix button.open")[-1]
        src, dst, port = (cell.get_attribute(a) for a in ("data-src", "data-dst", "data-port"))
        driver.execute_script("arguments[0].click();", cell)
        verdict = driver.find_element(By.CSS_SELECTOR, "#path-view p.verdict").text
        if "reachable" not in verdict or "not reachable" in verdict:
            fail("clicking an open cell shows: " + verdict)
        if driver.find_element(By.ID, "path-src").get_attribute("value") != src:
            fail("the source picker does not follow the click")
        hops = q("#path-view tr.hop")
        if len(hops) < 2:
            fail("the path has %d hops" % len(hops))

        # Click a closed cell: it says why it is blocked.
        closed = q("table.matrix button.closed")
        if closed:
            driver.execute_script("arguments[0].click();", closed[0])
            text = driver.find_element(By.ID, "path-view").text
            if "not reachable" not in text and "not traced" not in text:
                fail("a closed cell shows: " + text[:200])

        # Pick two interfaces in the diagram.
        nodes = q("svg.topology .node.eni")
        if len(nodes) >= 2:
            a, b = nodes[0].get_attribute("data-endpoint"), nodes[1].get_attribute("data-endpoint")
            driver.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}));", nodes[0])
            driver.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}));", nodes[1])
            verdict = driver.find_element(By.ID, "path-view").text
            if a + " -> " + b not in verdict:
                fail("picking %s then %s in the diagram shows: %s" % (a, b, verdict[:200]))

        errors = [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]
        if errors:
            fail("console errors: %s" % errors)
        # A self-contained page requests nothing but itself.
        for entry in driver.get_log("performance"):
            msg = json.loads(entry["message"])["message"]
            if msg.get("method") != "Network.requestWillBeSent":
                continue
            params = msg["params"]
            if not params.get("documentURL", "").startswith("file://"):
                continue  # the browser's own pages, not the report
            url = params["request"]["url"]
            if not (url.startswith("file://") or url.startswith("data:")):
                fail("the page fetched " + url)

        driver.find_element(By.ID, "path").location_once_scrolled_into_view
        shot = os.path.join(artifacts, name + ".png")
        driver.save_screenshot(shot)
        svg = driver.find_element(By.CSS_SELECTOR, "svg.topology")
        driver.set_window_size(max(1400, svg.size["width"] + 120), svg.size["height"] + 400)
        driver.execute_script("arguments[0].scrollIntoView();", svg)
        svg.screenshot(os.path.join(artifacts, name + "-topology.png"))
        print("ok: %s rendered; screenshots %s, %s-topology.png" % (report, shot, name))
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
