#!/usr/bin/env python3
"""The central office's acts in a real browser (headless Chromium), each effect checked through the CLI.

Signs in through the sign-in form, corrects a graduate's record (and sees a bad value refused), resolves two
conflicts (keeping one value, entering another), issues a department token (shown once, offered as a file) and
revokes it. After each act it asks `gradsync` on the node's replica home what was written, and by whom. Fails on any
console error, on any request that leaves the node, or when an effect is not what the act should have written.

Usage: GRADSYNC_TOKEN=<central token> dashboard-acts.py BASE_URL GRADSYNC_BIN HOME AUTHOR
(AUTHOR is the central token's label: every act must be written under it.)
"""
import base64
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser, problems_in  # noqa: E402


class Office:
    """One tab of the dashboard: navigates, runs small scripts in the page, submits forms, collects problems."""

    def __init__(self, browser, base):
        self.browser, self.base = browser, base
        self.problems, self.requests = [], []
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Network", "Runtime", "Log"):
            browser.send(f"{domain}.enable", session=self.session)

    def evaluate(self, expression):
        reply = self.browser.send("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session=self.session)
        if "exceptionDetails" in reply:
            raise RuntimeError(f"{expression[:80]}: {reply['exceptionDetails'].get('text')}")
        return reply["result"].get("value")

    def settle(self, where, refused=None):
        """Waits for the page to load and collects its problems; a refusal the step asks for (`refused`, an HTTP
        status) is the one error the browser may log."""
        self.browser.wait_for("Page.loadEventFired")
        expected = f"the server responded with a status of {refused} " if refused else None
        found = problems_in(self.browser.events, where, self.requests)
        if expected:
            seen = [problem for problem in found if expected in problem]
            if not seen:
                self.problems.append(f"{where}: the post was not answered {refused}")
            found = [problem for problem in found if expected not in problem]
        self.problems += found
        self.browser.events.clear()

    def open(self, path):
        self.browser.events.clear()
        self.browser.send("Page.navigate", {"url": self.base + path}, session=self.session)
        self.settle(path)

    def submit(self, script, where, refused=None):
        """Runs `script`, which fills a form and clicks its button, and waits for the page the post leads to."""
        self.browser.events.clear()
        self.evaluate(script)
        self.settle(where, refused)

    def path(self):
        return self.evaluate("location.pathname")

    def expect(self, condition, message):
        if not condition:
            self.problems.append(message)


def cli(binary, home, *arguments):
    result = subprocess.run([binary, *arguments, "--home", home], capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        raise RuntimeError(f"gradsync {' '.join(arguments)} exited {result.returncode}: {result.stderr.strip()}")
    return result.stdout


def fill(selector, value):
    return f"document.querySelector({json.dumps(selector)}).value = {json.dumps(value)};"


def click(selector):
    return f"document.querySelector({json.dumps(selector)}).click();"


def main():
    base, binary, home, author = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3], sys.argv[4]
    token = os.environ["GRADSYNC_TOKEN"]
    show = lambda number: json.loads(cli(binary, home, "graduate", "show", number, "--department", "AUTO", "--json"))
    history = lambda number, field: json.loads(cli(binary, home, "graduate", "history", number, "--department", "AUTO",
                                                   "--field", field, "--json"))
    with tempfile.TemporaryDirectory(prefix="gradsync-chromium-") as profile:
        browser = Browser(profile)
        try:
            office = Office(browser, base)
            steps = []

            office.open("/login")
            office.submit(fill("#token", token) + click("form[action='/login'] button"), "sign-in")
            office.expect(office.path() == "/", f"sign-in ended on {office.path()}, not /")
            steps.append("signed in")

            # Correct a record: A01 lacks the employer's credit code its destination needs.
            office.open("/graduates")
            office.submit(fill("#department", "AUTO") + fill("#number", "A01") + click("form[action='/graduates'] button"), "lookup")
            office.expect(office.path() == "/graduates/AUTO/A01", f"the lookup ended on {office.path()}")
            office.submit(fill("#f-phone", "12") + click("form.fields button.primary"), "refused correction", refused=422)
            office.expect(office.evaluate("document.querySelector('.notice.refused') !== null"), "a bad phone number was not refused")
            office.expect("phone" not in show("A01")["fields"] or show("A01")["fields"].get("phone") != "12", "a refused value was written")
            office.open("/graduates/AUTO/A01")
            office.submit(fill("#f-employer_uscc", "91350100M000100Y43") + click("form.fields button.primary"), "correction")
            office.expect(office.path() == "/graduates/AUTO/A01", f"the correction ended on {office.path()}")
            record = show("A01")
            office.expect(record["fields"].get("employer_uscc") == "91350100M000100Y43", f"correction not written: {record['fields']}")
            office.expect(history("A01", "employer_uscc")[-1]["author"] == author, "the correction's author is not the token's label")
            # The record page's history shows the correction, newest first, as written by this node.
            office.open("/graduates/AUTO/A01")
            rows = office.evaluate("[...document.querySelectorAll('section')].filter(s => (s.querySelector('h2') || {}).textContent === '修改历史')"
                                   ".map(s => [...s.querySelectorAll('tbody tr')].map(r => r.textContent))[0] || []")
            office.expect(bool(rows) and "employer_uscc" in rows[0] and author in rows[0] and "本节点" in rows[0],
                          f"the record's history does not show the correction first, as this node's: {rows[:2]}")
            steps.append("corrected A01")

            # Resolve a conflict by keeping one value, and another by entering a new one.
            office.open("/conflicts")
            keep = "丙公司"
            office.submit("[...document.querySelectorAll(\"form[data-student='A01'][data-field='employer_name'] button[name=keep]\")]"
                          f".find(b => b.textContent.includes({json.dumps(keep)})).click();", "keep a value")
            office.expect(office.path() == "/conflicts", f"resolving ended on {office.path()}")
            office.submit("const f = document.querySelector(\"form[data-student='A06'][data-field='name']\");"
                          "f.querySelector('input[name=value]').value = '钱陆一'; f.querySelector('button[name=enter]').click();",
                          "enter a value")
            record, other = show("A01"), show("A06")
            office.expect(record["fields"].get("employer_name") == keep and not record["conflicts"],
                          f"keeping {keep} did not resolve A01: {record['fields'].get('employer_name')}, {record['conflicts']}")
            office.expect(other["fields"].get("name") == "钱陆一" and not other["conflicts"], "entering a name did not resolve A06")
            office.expect(history("A01", "employer_name")[-1]["author"] == author, "the resolution's author is not the token's label")
            listed = json.loads(cli(binary, home, "conflicts", "list", "--json"))
            office.expect(listed["count"] == 0, f"conflicts still listed: {listed}")
            steps.append("resolved 2 conflicts")

            # Issue a department token: its secret shown once, and offered as a file for the laptop.
            office.open("/tokens")
            label = "计算机学院 王老师"
            office.submit(fill("#department", "CS") + fill("#label", label) + click("form[action='/tokens'] button"), "issue")
            secret = office.evaluate("document.querySelector('#issued-token').textContent")
            href = office.evaluate("document.querySelector('#issued-file').getAttribute('href')")
            office.expect(base64.b64decode(href.split(",", 1)[1]).decode() == secret + "\n", "the token file does not hold the token")
            tokens = json.loads(cli(binary, home, "token", "list", "--json"))["tokens"]
            issued = [t for t in tokens if t.get("label") == label]
            office.expect(len(issued) == 1 and issued[0]["scope"] == "CS" and issued[0]["status"] == "active"
                          and secret.startswith(f"gs1.{issued[0]['id']}."), f"issued token not listed as active: {tokens}")
            office.open("/tokens")
            office.expect(secret not in office.evaluate("document.body.innerHTML"), "the secret is shown again")
            office.submit(click(f"button[name=revoke][value='{issued[0]['id']}']"), "revoke")
            tokens = json.loads(cli(binary, home, "token", "list", "--json"))["tokens"]
            office.expect([t["status"] for t in tokens if t.get("label") == label] == ["revoked"], f"token not revoked: {tokens}")
            steps.append("issued and revoked a CS token")
        except Exception as error:  # noqa: BLE001 — reported with what was seen before it
            office.problems.append(f"stopped after {len(steps)} step(s): {error}")
        finally:
            browser.close()
    problems = office.problems
    outside = [url for url in office.requests if not url.startswith(base + "/") and not url.startswith("data:")]
    problems += [f"a request left the node: {url}" for url in outside]
    print(f"{'; '.join(steps)}; {len(office.requests)} requests, all to {base}" if not outside else "")
    for problem in problems:
        print("PROBLEM:", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
