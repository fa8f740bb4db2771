#!/usr/bin/env python3
"""Loads every dashboard page in headless Chromium, signed in, and saves screenshots.

Drives Chromium over the DevTools protocol on a pipe (--remote-debugging-pipe), so it needs nothing
beyond Python's standard library. Fails when a page logs a console error, when any request leaves the
node, or when a page is not the one asked for (e.g. the session was refused).

Usage: GRADSYNC_SESSION=<session id> dashboard-browser.py BASE_URL OUT_DIR
"""
import base64
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser, problems_in  # noqa: E402

PAGES = [
    ("overview", "/"), ("department", "/departments/AUTO"), ("destinations", "/destinations"), ("flows", "/flows"),
    ("grassroots", "/grassroots"), ("assistance", "/assistance"), ("conflicts", "/conflicts"), ("sync", "/sync"),
    ("graduates", "/graduates"), ("record", "/graduates/AUTO/A01"), ("directory", "/directory"), ("tokens", "/tokens"),
]


def main():
    base, out = sys.argv[1].rstrip("/"), sys.argv[2]
    session_id = os.environ["GRADSYNC_SESSION"]
    os.makedirs(out, exist_ok=True)
    problems, requests = [], []
    with tempfile.TemporaryDirectory(prefix="gradsync-chromium-") as profile:
        browser = Browser(profile)
        try:
            target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
            session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            for domain in ("Page", "Network", "Runtime", "Log"):
                browser.send(f"{domain}.enable", session=session)
            browser.send("Emulation.setDeviceMetricsOverride",
                         {"width": 1366, "height": 768, "deviceScaleFactor": 1, "mobile": False}, session=session)

            def visit(name, path, expected_path):
                browser.events.clear()
                browser.send("Page.navigate", {"url": base + path}, session=session)
                browser.wait_for("Page.loadEventFired")
                time.sleep(0.2)
                shown = browser.send("Runtime.evaluate", {"expression": "location.pathname", "returnByValue": True},
                                     session=session)["result"]["value"]
                if shown != expected_path:
                    problems.append(f"{path}: the browser ended on {shown}, not {expected_path}")
                shot = browser.send("Page.captureScreenshot", {"format": "png"}, session=session)
                with open(os.path.join(out, f"{name}.png"), "wb") as file:
                    file.write(base64.b64decode(shot["data"]))
                metrics = browser.send("Page.getLayoutMetrics", session=session)["cssContentSize"]
                full = browser.send("Page.captureScreenshot", {
                    "format": "png", "captureBeyondViewport": True,
                    "clip": {"x": 0, "y": 0, "width": 1366, "height": min(metrics["height"], 4000), "scale": 1}}, session=session)
                with open(os.path.join(out, f"{name}-full.png"), "wb") as file:
                    file.write(base64.b64decode(full["data"]))
                problems.extend(problems_in(browser.events, path, requests))

            visit("login", "/login", "/login")
            browser.send("Network.setCookie", {"name": "gradsync_session", "value": session_id, "url": base + "/",
                                                "httpOnly": True, "sameSite": "Strict"}, session=session)
            for name, path in PAGES:
                visit(name, path, path)
        finally:
            browser.close()
    outside = [url for url in requests if not url.startswith(base + "/") and not url.startswith("data:")]
    for url in outside:
        problems.append(f"a request left the node: {url}")
    print(f"{len(PAGES) + 1} pages loaded, {len(requests)} requests, all to {base}" if not outside else "")
    for problem in problems:
        print("PROBLEM:", problem)
    print(f"screenshots in {out}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
