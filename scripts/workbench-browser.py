#!/usr/bin/env python3
"""The secretary's day with `gradsync ui`, in headless Chromium: a real browser, a real replica, a live central node.

Starts a central node (`gradsync serve` on a free loopback port) and two replicas of department AUTO that sync with
it, then runs `gradsync ui --no-browser --port 0` on the first and, from the URL it prints, drives Chromium over the
DevTools pipe through the day: sign in; add a graduate with the form; set destination 10 with the employer chosen
from the selects and see a wrong USCC refused inline, then saved; upload a bad roster (refused whole) and a good
one (imported after the dry run); sync now and see the graduate arrive at the node (its `gradsync export`); edit a
field the second replica edited concurrently (with the CLI), sync, keep the other value on /conflicts, sync again
and see the kept value at the node.

Fails on any console error or exception, any request that leaves the workbench's loopback address, or a page that
does not show what the step expects. Saves screenshots at 1366x768 in OUT_DIR.

Usage: workbench-browser.py GRADSYNC_BINARY OUT_DIR
"""
import base64
import csv
import io
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser, problems_in  # noqa: E402

STUDENT = "2025000001"
GOOD_USCC = "91350100M000100Y43"
WRONG_USCC = "91350100M000100Y44"
BAD_ROSTER = "学号,姓名,性别,学历层次,毕业年份\r\n2025000101,赵一,男,本科,2025\r\n2025000102,钱二,未知,本科,2025\r\n"
GOOD_ROSTER = "学号,姓名,性别,学历层次,毕业年份,专业名称\r\n2025000101,赵一,男,本科,2025,自动化\r\n2025000102,钱二,女,硕士,2025,控制工程\r\n"


class StepFailed(Exception):
    pass


class Day:
    """The browser tab, the checks made on every page, and the CLI of the replicas around it."""

    def __init__(self, binary, work, out):
        self.binary, self.work, self.out = binary, work, out
        self.processes = []
        self.problems, self.requests = [], []
        self.base = None
        self.browser = None
        self.session = None
        self.shots = 0

    # The replicas, through the built binary.

    def cli(self, home, *arguments, author="秘书"):
        environment = dict(os.environ, GRADSYNC_AUTHOR=author)
        result = subprocess.run([self.binary, *arguments, "--home", home], capture_output=True, text=True, env=environment,
                                timeout=120)
        if result.returncode != 0:
            raise StepFailed(f"gradsync {' '.join(arguments)} exited {result.returncode}: {result.stderr.strip()}")
        return result.stdout

    def start(self, arguments, stdout):
        process = subprocess.Popen([self.binary, *arguments], stdout=stdout, stderr=subprocess.PIPE if stdout is None else subprocess.DEVNULL,
                                   env=dict(os.environ, GRADSYNC_AUTHOR="王老师"), text=True)
        self.processes.append(process)
        return process

    def serve_central(self, home):
        log = open(os.path.join(self.work, "serve.log"), "w")
        process = subprocess.Popen([self.binary, "serve", "--home", home, "--port", "0"], stdout=subprocess.DEVNULL, stderr=log)
        self.processes.append(process)
        for _ in range(300):
            with open(log.name) as text:
                for line in text:
                    if " on http://127.0.0.1:" in line:
                        return line.split(" on ", 1)[1].strip()
            time.sleep(0.1)
        raise StepFailed("the central node did not start")

    def central_row(self, home):
        """The central node's export row of STUDENT, as a dict of its CSV headers."""
        text = self.cli(home, "export", "--format", "csv")
        for row in csv.DictReader(io.StringIO(text.lstrip("\ufeff"))):
            if row.get("学号") == STUDENT:
                return row
        return None

    # The browser.

    def open_browser(self, profile):
        self.browser = Browser(profile)
        target = self.browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Network", "Runtime", "Log", "DOM"):
            self.browser.send(f"{domain}.enable", session=self.session)
        self.browser.send("Emulation.setDeviceMetricsOverride",
                          {"width": 1366, "height": 768, "deviceScaleFactor": 1, "mobile": False}, session=self.session)

    def drain(self, step, refusal=False):
        """Reads the events so far: every request made, every console error and exception. With `refusal`, the step
        expects the server to refuse a form (422), which Chromium logs as a failed load: that entry alone is allowed."""
        found = problems_in(self.browser.events, step, self.requests)
        self.problems += [problem for problem in found if not (refusal and "status of 422" in problem)]
        self.browser.events.clear()

    def js(self, expression):
        reply = self.browser.send("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True},
                                  session=self.session)
        if "exceptionDetails" in reply:
            raise StepFailed(f"script failed: {expression[:80]}: {reply['exceptionDetails'].get('text')}")
        return reply["result"].get("value")

    def load(self, step, action, refusal=False):
        """Runs `action` (a navigation or a click that submits), waits for the page it loads and reads its events."""
        self.drain(step)
        action()
        self.browser.wait_for("Page.loadEventFired")
        time.sleep(0.2)
        self.drain(step, refusal)

    def go(self, step, url):
        self.load(step, lambda: self.browser.send("Page.navigate", {"url": url}, session=self.session))

    def click(self, step, selector, refusal=False):
        self.load(step, lambda: self.js(f"document.querySelector({selector!r}).click()"), refusal)

    def expect(self, step, expression, what):
        if not self.js(expression):
            self.shot(f"failed-{step}")
            raise StepFailed(f"{step}: the page does not show {what} (at {self.js('location.pathname')})")

    def shot(self, name):
        self.shots += 1
        data = self.browser.send("Page.captureScreenshot", {"format": "png"}, session=self.session)["data"]
        with open(os.path.join(self.out, f"{self.shots:02d}-{name}.png"), "wb") as file:
            file.write(base64.b64decode(data))

    def set_field(self, name, value):
        """Sets an input or chooses a select's option by value, as typing or choosing does (input and change events)."""
        found = self.js(f"""(() => {{
            const element = document.querySelector('[name="{name}"]');
            if (!element) return "no input named {name}";
            if (element.tagName === "SELECT" && !Array.from(element.options).some(o => o.value === {value!r}))
                return "no option {value} in {name}";
            element.value = {value!r};
            element.dispatchEvent(new Event("input", {{bubbles: true}}));
            element.dispatchEvent(new Event("change", {{bubbles: true}}));
            return "";
        }})()""")
        if found:
            raise StepFailed(found)

    def sync_now(self, step):
        self.go(step, self.base + "/sync")
        self.click(step, "#sync-now")
        for _ in range(600):
            try:
                state = self.js("document.getElementById('sync-state') ? document.getElementById('sync-state').dataset.state : ''")
            except (StepFailed, RuntimeError):
                state = "running"
            if state and state != "running":
                break
            time.sleep(0.1)
        self.drain(step)
        self.expect(step, "document.getElementById('sync-state').dataset.state === 'synced'", "a finished sync")

    # The day.

    def run(self):
        central, auto, other = (os.path.join(self.work, name) for name in ("central", "auto", "auto-2"))
        self.cli(central, "init", "--central")
        self.cli(central, "department", "set", "AUTO", "自动化学院")
        node = self.serve_central(central)
        token_file = os.path.join(self.work, "auto.token")
        self.cli(central, "token", "issue", "--department", "AUTO", "--output", token_file)
        for home in (auto, other):
            self.cli(home, "init", "--department", "AUTO")
            self.cli(home, "remote", "set", node, "--token-file", token_file)
        ui = self.start(["ui", "--home", auto, "--no-browser", "--port", "0"], stdout=subprocess.PIPE)
        url = ui.stdout.readline().strip()
        if not url.startswith("http://127.0.0.1:") or "/?token=" not in url:
            raise StepFailed(f"gradsync ui printed {url!r}, not a sign-in URL")
        self.base = url.split("/?token=")[0]

        with tempfile.TemporaryDirectory(prefix="gradsync-chromium-") as profile:
            self.open_browser(profile)
            try:
                self.day(url, central, other)
            finally:
                self.drain("end")
                self.browser.close()

    def day(self, url, central, other):
        self.go("sign in", url)
        self.expect("sign in", "location.pathname === '/' && document.querySelector('h1').textContent === '今日工作'", "today's work")
        self.expect("sign in", "document.querySelector('.author').textContent.includes('王老师')", "the author in the header")
        self.shot("today")

        self.go("new graduate", self.base + "/graduates/new")
        for name, value in [("student_no", STUDENT), ("name", "张三"), ("gender", "1"), ("degree_level", "本科"),
                            ("grad_year", "2025"), ("major_name", "自动化")]:
            self.set_field(name, value)
        self.shot("new-graduate")
        self.click("new graduate", "form.record button[type=submit]")
        self.expect("new graduate", f"location.pathname === '/graduates/{STUDENT}' && document.body.textContent.includes('已保存')",
                    "the saved record")

        self.set_field("destination_code", "10")
        self.expect("destination 10", "document.querySelector('.field[data-field=employer_uscc]').classList.contains('needed')",
                    "the employer fields marked as needed for destination 10")
        self.set_field("employer_name", "福州智控科技有限公司")
        self.set_field("employer_nature", "39")
        self.set_field("employer_industry", "34")
        for level, code in enumerate(["350000", "350100", "350102"]):
            chosen = self.js(f"""(() => {{
                const select = document.querySelector('select[data-region-for="f-employer_region"][data-region-level="{level}"]');
                if (!Array.from(select.options).some(o => o.value === '{code}')) return false;
                select.value = '{code}'; select.dispatchEvent(new Event('change', {{bubbles: true}})); return true; }})()""")
            if not chosen:
                raise StepFailed(f"region: no choice {code} at level {level}")
        self.expect("region", "document.querySelector('[name=employer_region]').value === '350102'", "the county's code filled in")
        self.set_field("employer_uscc", WRONG_USCC)
        self.expect("uscc typed", "document.querySelector('[data-uscc-hint=f-employer_uscc]').textContent.includes('校验位应为 3')",
                    "the check character flagged while typing")
        self.click("wrong uscc", "form.record button[type=submit]", refusal=True)
        self.expect("wrong uscc", "document.querySelector('[data-problem-for=employer_uscc]') !== null"
                    " && document.querySelector('.refused[role=alert]') !== null", "the USCC refused inline")
        self.shot("uscc-refused")
        self.set_field("employer_uscc", GOOD_USCC)
        self.click("right uscc", "form.record button[type=submit]")
        self.expect("right uscc", "document.body.textContent.includes('已保存') && document.querySelector('[name=employer_uscc]').value === "
                    f"'{GOOD_USCC}'", "the record saved with the employer")
        self.shot("record")

        for name, roster, expected in [("bad", BAD_ROSTER.encode("utf-8"), "#import-refused"),
                                       ("good", GOOD_ROSTER.encode("gb18030"), "#import-checked")]:
            path = os.path.join(self.work, f"{name}.csv")
            with open(path, "wb") as file:
                file.write(roster)
            self.go(f"{name} roster", self.base + "/import")
            document = self.browser.send("DOM.getDocument", session=self.session)["root"]["nodeId"]
            node = self.browser.send("DOM.querySelector", {"nodeId": document, "selector": "#roster"}, session=self.session)["nodeId"]
            self.browser.send("DOM.setFileInputFiles", {"files": [path], "nodeId": node}, session=self.session)
            self.click(f"{name} roster", "form[action='/import'] button[type=submit]", refusal=name == "bad")
            self.expect(f"{name} roster", f"document.querySelector('{expected}') !== null", f"{expected}")
            self.shot(f"roster-{name}")
        self.click("import", "#import-confirm")
        self.expect("import", "document.querySelector('#import-done') !== null && document.body.textContent.includes('新增 2 人')",
                    "the roster imported")

        self.sync_now("first sync")
        self.shot("synced")
        row = self.central_row(central)
        if not row or row.get("统一社会信用代码") != GOOD_USCC:
            raise StepFailed(f"the graduate did not arrive at the central node: {row}")

        self.cli(other, "sync", author="李老师")
        self.cli(other, "graduate", "set", STUDENT, "major_name=机器人工程", author="李老师")
        self.cli(other, "sync", author="李老师")
        self.go("concurrent edit", self.base + f"/graduates/{STUDENT}")
        self.set_field("major_name", "智能制造")
        self.click("concurrent edit", "form.record button[type=submit]")
        self.sync_now("sync with a conflict")
        self.go("conflicts", self.base + "/conflicts")
        self.expect("conflicts", "document.body.textContent.includes('机器人工程') && document.body.textContent.includes('智能制造')"
                    " && document.body.textContent.includes('李老师')", "both values of the conflicted field")
        self.shot("conflicts")
        self.click("keep a value", "section.conflict tr:nth-child(2) form button")
        self.expect("keep a value", "document.body.textContent.includes('没有待处理的冲突')", "the conflict resolved")
        self.sync_now("sync the resolution")
        row = self.central_row(central)
        if not row or row.get("专业名称") != "机器人工程":
            raise StepFailed(f"the resolution did not arrive at the central node: {row}")
        self.go("roster", self.base + "/graduates")
        self.expect("roster", "document.querySelectorAll('#roster tbody tr').length === 3", "three graduates")
        self.shot("graduates")
        self.go("end of the day", self.base + "/")
        self.expect("end of the day", "document.body.textContent.includes('成功') && document.querySelector('svg.chart') !== null",
                    "the last sync and the rate by major")
        self.shot("today-synced")

    def finish(self):
        for process in self.processes:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        outside = [url for url in self.requests if not url.startswith(self.base + "/") and not url.startswith("data:")] if self.base else []
        self.problems += [f"a request left the workbench: {url}" for url in outside]


def main():
    binary, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="gradsync-day-") as work:
        day = Day(binary, work, out)
        try:
            day.run()
        except (StepFailed, TimeoutError, RuntimeError) as failure:
            day.problems.append(str(failure))
        finally:
            day.finish()
    for problem in day.problems:
        print("PROBLEM:", problem)
    print(f"secretary's day: {day.shots} screenshots in {out}, {len(day.requests)} requests, "
          + ("all to the workbench" if not day.problems else f"{len(day.problems)} problem(s)"))
    return 1 if day.problems else 0


if __name__ == "__main__":
    sys.exit(main())
