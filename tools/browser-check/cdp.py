"""A small client for headless Chromium over the DevTools protocol, with the standard library only.

Chromium is started with --remote-debugging-pipe: it reads protocol messages (JSON, each ended by a
NUL byte) from file descriptor 3 and writes its answers and events to descriptor 4, so no port,
websocket or driver is involved. One Browser drives one page: load a file, evaluate JavaScript,
click at an element as a mouse would, take screenshots; it records console errors, uncaught
exceptions, failed loads and JavaScript dialogs (which it dismisses) as they happen.
"""

import base64
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time


def find_chromium():
    """The Chromium executable: $CHROMIUM, else chromium or chromium-browser on the PATH."""
    for name in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


class BrowserError(Exception):
    pass


class Browser:
    def __init__(self, width=1280, height=900, timeout=30):
        executable = find_chromium()
        if executable is None:
            raise BrowserError("no chromium on the PATH (Debian: apt-get install chromium)")
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="byline-chromium-")
        commands_read, self._commands = os.pipe()
        self._answers, answers_write = os.pipe()

        def child_pipes():
            # Copies first: a pipe may already sit on 3 or 4, and dup2 onto itself would leave it close-on-exec.
            commands, answers = os.dup(commands_read), os.dup(answers_write)
            os.dup2(commands, 3)
            os.dup2(answers, 4)

        self.process = subprocess.Popen(
            [executable, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe", "--no-first-run",
             "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
             "--user-data-dir=" + self.profile, "--window-size=%d,%d" % (width, height), "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            close_fds=False, preexec_fn=child_pipes)
        os.close(commands_read)
        os.close(answers_write)
        self._next_id = 0
        self._answered = {}
        self._events = []
        self._lock = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.console_errors = []
        self.dialogs = []
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.call(domain + ".enable", session=True)
        self.set_viewport(width, height)

    # Protocol plumbing.

    def _read(self):
        buffer = b""
        while True:
            try:
                chunk = os.read(self._answers, 1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                with self._lock:
                    self._answered[-1] = None
                    self._lock.notify_all()
                return
            buffer += chunk
            while b"\0" in buffer:
                message, buffer = buffer.split(b"\0", 1)
                self._received(json.loads(message.decode("utf-8")))

    def _received(self, message):
        with self._lock:
            if "id" in message:
                self._answered[message["id"]] = message
            else:
                self._events.append(message)
                self._note(message)
            self._lock.notify_all()

    def _note(self, event):
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            self.console_errors.append("console.%s: %s" % (params["type"], " ".join(
                str(argument.get("value", argument.get("description", ""))) for argument in params.get("args", []))))
        elif method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            self.console_errors.append("exception: %s" % details.get("exception", {}).get("description", details.get("text")))
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            entry = params["entry"]
            self.console_errors.append("log: %s %s" % (entry.get("text"), entry.get("url", "")))
        elif method == "Page.javascriptDialogOpening":
            self.dialogs.append("%s: %s" % (params.get("type"), params.get("message")))
            threading.Thread(target=self._dismiss, daemon=True).start()

    def _dismiss(self):
        try:
            self.call("Page.handleJavaScriptDialog", {"accept": False}, session=True)
        except BrowserError:
            pass

    def call(self, method, params=None, session=False):
        """Sends one command and waits for its answer; raises BrowserError on a protocol error."""
        with self._lock:
            self._next_id += 1
            ident = self._next_id
        message = {"id": ident, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = self.session
        os.write(self._commands, json.dumps(message).encode("utf-8") + b"\0")
        deadline = time.monotonic() + self.timeout
        with self._lock:
            while ident not in self._answered:
                if -1 in self._answered:
                    raise BrowserError("chromium exited")
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise BrowserError("no answer to %s within %d s" % (method, self.timeout))
                self._lock.wait(remaining)
            answer = self._answered.pop(ident)
        if "error" in answer:
            raise BrowserError("%s: %s" % (method, answer["error"]))
        return answer.get("result", {})

    def wait_for(self, method, since=0):
        """Waits for an event of the page's session; returns its parameters."""
        deadline = time.monotonic() + self.timeout
        with self._lock:
            while True:
                for event in self._events[since:]:
                    if event.get("method") == method and event.get("sessionId") == self.session:
                        return event.get("params", {})
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise BrowserError("no %s within %d s" % (method, self.timeout))
                self._lock.wait(remaining)

    # What a test does.

    def open(self, path):
        """Loads a file (or URL) and waits for its load event."""
        url = path if "://" in path else "file://" + os.path.abspath(path)
        with self._lock:
            mark = len(self._events)
        answer = self.call("Page.navigate", {"url": url}, session=True)
        if answer.get("errorText"):
            raise BrowserError("cannot open %s: %s" % (url, answer["errorText"]))
        self.wait_for("Page.loadEventFired", since=mark)
        # Let scripts run their first tasks.
        self.evaluate("new Promise(resolve => setTimeout(resolve, 50))", await_promise=True)

    def evaluate(self, expression, await_promise=False):
        """The value of a JavaScript expression in the page (JSON-like values only)."""
        result = self.call("Runtime.evaluate", {
            "expression": expression, "returnByValue": True, "awaitPromise": await_promise}, session=True)
        if "exceptionDetails" in result:
            raise BrowserError("evaluating %r: %s" % (expression[:80], result["exceptionDetails"].get("text")))
        return result.get("result", {}).get("value")

    def click(self, selector):
        """Clicks the centre of the first element matching `selector`, with real mouse events."""
        box = self.evaluate(
            "(() => { const e = document.querySelector(%s); if (!e) return null; e.scrollIntoView({block: 'center'});"
            " const r = e.getClientRects()[0]; return r ? {x: r.left + r.width / 2, y: r.top + r.height / 2} : null; })()"
            % json.dumps(selector))
        if box is None:
            raise BrowserError("nothing to click at %s" % selector)
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", {
                "type": kind, "x": box["x"], "y": box["y"], "button": "left", "clickCount": 1}, session=True)

    def set_viewport(self, width, height, mobile=False, scale=1):
        self.call("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": scale, "mobile": mobile}, session=True)

    def emulate_print(self, on=True):
        self.call("Emulation.setEmulatedMedia", {"media": "print" if on else ""}, session=True)

    def screenshot(self, path, full_page=True):
        """A PNG of the page (the whole page, not only the viewport, by default)."""
        params = {"format": "png"}
        if full_page:
            metrics = self.call("Page.getLayoutMetrics", session=True)
            size = metrics.get("cssContentSize") or metrics.get("contentSize")
            params["clip"] = {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], 16000), "scale": 1}
            params["captureBeyondViewport"] = True
        data = self.call("Page.captureScreenshot", params, session=True)["data"]
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        with open(path, "wb") as file:
            file.write(base64.b64decode(data))

    def close(self):
        try:
            self.call("Browser.close")
        except BrowserError:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for fd in (self._commands, self._answers):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
