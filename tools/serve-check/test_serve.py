"""End-to-end tests of `byline serve`: a real server with real worker processes, over real sockets.

Run: python3 -m unittest discover -s tools/serve-check -v
The byline binary is $BYLINE, else .build/debug/byline. Every wait is bounded; a test that cannot
get an answer in time fails instead of hanging.
"""
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import tempfile
import threading
import time
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BYLINE = os.environ.get("BYLINE", os.path.join(ROOT, ".build", "debug", "byline"))
SEED = os.path.join(ROOT, "seeds", "000_fcf9f9938e4dd5df.txt")
SEED_TEXT = open(SEED, encoding="utf-8").read()
PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>Council closes bridge | The Gazette</title>
<meta property="og:site_name" content="The Gazette"><meta property="article:published_time" content="2025-03-04T09:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav><article><h1>Council closes bridge</h1>
<p>SPRINGFIELD - The city council voted on Monday to close the Main Street bridge for a year of repairs, the mayor said.</p>
<p>"We cannot wait any longer," Mayor Jane Porter told reporters on Tuesday, adding that engineers had found cracks in two piers.</p>
</article><footer>Copyright The Gazette</footer></body></html>"""


class Server:
    """A `byline serve` process on a free loopback port."""

    def __init__(self, *extra, env=None, tls=None):
        self.tls = tls
        self.stderr = tempfile.TemporaryFile(mode="w+")  # closed in stop()
        self.process = subprocess.Popen(
            [BYLINE, "serve", "--listen", "127.0.0.1:0", "--log-level", "warning", *extra],
            stdout=subprocess.DEVNULL, stderr=self.stderr, env=env, start_new_session=True)
        self.port = None
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and self.port is None:
            if self.process.poll() is not None:
                raise AssertionError(f"byline serve exited with {self.process.returncode}: {self.log()}")
            match = re.search(r"listening on https?://127\.0\.0\.1:(\d+)", self.log())
            if match:
                self.port = int(match.group(1))
            else:
                time.sleep(0.1)
        if self.port is None:
            self.stop()
            raise AssertionError("byline serve did not say where it listens within 120 s: " + self.log())
        # Listening comes before every worker has registered: wait until ready.
        while time.monotonic() < deadline:
            status, _, _ = self.request("GET", "/readyz")
            if status == 200:
                return
            time.sleep(0.2)
        raise AssertionError("byline serve never became ready: " + self.log())

    def log(self):
        self.stderr.seek(0)
        return self.stderr.read()

    def request(self, method, path, body=None, headers=None, timeout=60):
        if self.tls:
            connection = http.client.HTTPSConnection("127.0.0.1", self.port, timeout=timeout, context=self.tls)
        else:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def json(self, method, path, body=None, headers=None, expect=200):
        status, _, data = self.request(method, path, body, headers)
        if status != expect:
            raise AssertionError(f"{method} {path}: {status} (wanted {expect}): {data[:500]!r}")
        return json.loads(data)

    def workers(self):
        """Worker processes (children of the server), by pid."""
        out = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True).stdout
        return [int(pid) for pid in out.split()]

    def stop(self, timeout=60):
        try:
            self._stop(timeout)
        finally:
            self.stderr.close()

    def _stop(self, timeout):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
                raise AssertionError("byline serve did not stop within %d s of SIGTERM" % timeout)


class RoutesTest(unittest.TestCase):
    """One test per route against one server with a results store."""

    @classmethod
    def setUpClass(cls):
        cls.directory = tempfile.TemporaryDirectory()
        cls.server = Server("--db", os.path.join(cls.directory.name, "results.sqlite"))
        # The seed, stored for the read routes.
        cls.seed = cls.server.json(
            "POST", "/v1/analyze?published=2025-06-19&id=seed", SEED_TEXT.encode(), {"Content-Type": "text/plain; charset=utf-8"})

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.directory.cleanup()

    def test_health_and_ready(self):
        self.assertEqual(self.server.json("GET", "/healthz"), {"status": "ok"})
        ready = self.server.json("GET", "/readyz")
        self.assertEqual(ready["status"], "ready")
        self.assertLessEqual({"entities", "places", "readability", "stance", "timeline"}, set(ready["services"]))
        self.assertTrue(all(count >= 1 for count in ready["services"].values()))

    def test_plugins_says_what_byline_plugins_says(self):
        status = self.server.json("GET", "/v1/plugins")
        places = next(s for s in status["services"] if s["name"] == "places")
        self.assertIn("places", places["produces"])
        self.assertIn("entities", places["consumes"])
        self.assertTrue(places["instances"])

    def test_analyze_text_gives_the_merged_model(self):
        analysis = self.seed
        self.assertEqual(analysis["schema"], "byline.article/1")
        self.assertEqual(analysis["article"]["id"], "seed")
        self.assertTrue(all(p["status"] == "ok" for p in analysis["provenance"]), analysis["provenance"])
        people = {e["name"] for e in analysis["entities"] if e["type"] == "PERSON"}
        self.assertGreaterEqual(len(people), 6, people)
        self.assertTrue(analysis["places"])
        self.assertTrue(any(t.get("value", "").startswith("2025-06") for t in analysis["timexes"]))

    def test_analyze_html_uses_the_page_date(self):
        analysis = self.server.json("POST", "/v1/analyze?id=page", PAGE.encode(), {"Content-Type": "text/html; charset=utf-8"})
        article = analysis["article"]
        self.assertEqual(article["title"], "Council closes bridge")
        self.assertTrue(article["publishedAt"].startswith("2025-03-04"))
        self.assertNotIn("Home", json.dumps(analysis.get("entities", [])))
        # "on Monday" resolved against the page's own date.
        values = [t["value"] for t in analysis["timexes"]]
        self.assertIn("2025-03-03", values)

    def test_analyze_json_article_and_sections(self):
        body = json.dumps({"id": "j1", "text": SEED_TEXT, "publishedAt": "2025-06-19"}).encode()
        analysis = self.server.json("POST", "/v1/analyze?sections=timeline", body, {"Content-Type": "application/json"})
        self.assertEqual(analysis["article"]["id"], "j1")
        self.assertEqual({p["analyzer"] for p in analysis["provenance"]}, {"timeline"})

    def test_errors_are_json_with_the_right_status(self):
        for body, headers, status in [
            (b"x", {"Content-Type": "application/pdf"}, 415),
            (b"", {"Content-Type": "text/plain"}, 400),
            (b"{", {"Content-Type": "application/json"}, 400),
            (b"a" * 5_000_001, {"Content-Type": "text/plain"}, 413),
        ]:
            got, _, data = self.server.request("POST", "/v1/analyze", body, headers)
            self.assertEqual(got, status, data[:200])
            error = json.loads(data)
            self.assertTrue(error["error"] and error["detail"])

    def test_stored_results_by_id_and_filter(self):
        record = self.server.json("GET", "/v1/articles/seed")
        self.assertEqual(record["id"], "seed")
        self.assertEqual(record["status"], "complete")
        person = next(e["name"] for e in self.seed["entities"] if e["type"] == "PERSON")
        found = self.server.json("GET", "/v1/articles?entity=" + person.replace(" ", "%20"))
        self.assertIn("seed", [r["id"] for r in found["articles"]])
        self.assertEqual(self.server.json("GET", "/v1/articles?from=2030-01-01")["count"], 0)
        self.server.json("GET", "/v1/articles/nothing-here", expect=404)

    def test_metrics_in_prometheus_text(self):
        status, headers, data = self.server.request("GET", "/metrics")
        self.assertEqual(status, 200)
        text = data.decode()
        for name in ["byline_articles_analysed_total", "byline_analyzer_duration_seconds_bucket", "byline_articles_in_flight",
                     "byline_coordinator_queue_depth", "byline_worker_starts_total", "byline_http_request_duration_seconds_bucket"]:
            self.assertIn(name, text)

    def test_openapi_document(self):
        document = self.server.json("GET", "/openapi.json")
        self.assertTrue(document["openapi"].startswith("3."))
        self.assertIn("/v1/analyze", document["paths"])

    def test_dashboard_shows_stored_articles_live(self):
        status, headers, page = self.server.request("GET", "/")
        self.assertEqual(status, 200)
        self.assertTrue(headers["Content-Type"].startswith("text/html"))
        links = re.findall(rb'href="(articles/[^"]+\.html)"', page)
        self.assertTrue(links, page[:300])
        status, _, article = self.server.request("GET", "/" + links[0].decode())
        self.assertEqual(status, 200)
        self.assertIn(b"data-entity=", article)
        # A new article appears once the dashboard has been rebuilt (at most every 2 s).
        self.server.json("POST", "/v1/analyze?id=late-arrival", PAGE.encode(), {"Content-Type": "text/html"})
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if b"Council closes bridge" in self.server.request("GET", "/")[2]:
                break
            time.sleep(0.5)
        else:
            self.fail("the dashboard never showed the new article")


class StreamTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_stream_answers_line_by_line(self):
        """The first answer arrives while the client is still sending: results are not held for the end."""
        sock = socket.create_connection(("127.0.0.1", self.server.port), timeout=60)
        try:
            sock.sendall(b"POST /v1/analyze?published=2025-06-19 HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\n"
                         b"Transfer-Encoding: chunked\r\n\r\n")

            def chunk(data):
                sock.sendall(b"%x\r\n" % len(data) + data + b"\r\n")

            chunk(json.dumps({"id": "first", "text": SEED_TEXT}).encode() + b"\n")
            received = b""
            while b'"first"' not in received:
                data = sock.recv(65536)
                self.assertTrue(data, "connection closed before the first answer")
                received += data
            # Only now the rest: one bad line, one more article.
            chunk(b"this is not json\n" + json.dumps({"id": "third", "text": "Talks resume on Friday, the minister said."}).encode() + b"\n")
            chunk(b"")
            while not received.endswith(b"0\r\n\r\n"):
                data = sock.recv(65536)
                if not data:
                    break
                received += data
        finally:
            sock.close()
        body = received.split(b"\r\n\r\n", 1)[1]
        lines = [json.loads(line) for line in dechunk(body).splitlines() if line.strip()]
        self.assertEqual(len(lines), 3)
        self.assertEqual(lines[0]["article"]["id"], "first")
        self.assertEqual((lines[1]["error"], lines[1]["line"]), ("bad-request", 2))
        self.assertEqual(lines[2]["article"]["id"], "third")


def dechunk(body):
    out = b""
    while body:
        size_line, rest = body.split(b"\r\n", 1)
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            break
        out += rest[:size]
        body = rest[size + 2:]
    return out


class FaultTest(unittest.TestCase):
    def post_many(self, server, count, results, prefix, clients=8):
        def work(index):
            for number in range(index, count, clients):
                try:
                    status, _, data = server.request(
                        "POST", f"/v1/analyze?published=2025-06-19&id={prefix}{number}", SEED_TEXT.encode(),
                        {"Content-Type": "text/plain"}, timeout=120)
                    results.append((number, status, json.loads(data)))
                except Exception as error:  # a lost request is a result too
                    results.append((number, None, str(error)))
        threads = [threading.Thread(target=work, args=(index,)) for index in range(clients)]
        for thread in threads:
            thread.start()
        return threads

    def test_a_worker_killed_under_load_fails_no_request(self):
        server = Server()
        try:
            results = []
            threads = self.post_many(server, 120, results, "k")
            deadline = time.monotonic() + 60
            while len(results) < 20 and time.monotonic() < deadline:
                time.sleep(0.05)
            victims = server.workers()
            self.assertTrue(victims)
            os.kill(victims[0], signal.SIGKILL)
            for thread in threads:
                thread.join(300)
            self.assertEqual(sorted(n for n, _, _ in results), list(range(120)))
            failed = [(n, s, r if s != 200 else None) for n, s, r in results if s != 200]
            self.assertEqual(failed, [])
            incomplete = [n for n, _, r in results if not all(p["status"] == "ok" for p in r["provenance"])]
            self.assertEqual(incomplete, [], "articles answered without every analyzer")
        finally:
            server.stop()

    def test_sigterm_drains_requests_in_flight_then_stops_the_workers(self):
        server = Server("--drain-timeout", "30")
        workers = server.workers()
        results = []
        threads = self.post_many(server, 16, results, "d", clients=16)
        time.sleep(0.3)
        server.process.send_signal(signal.SIGTERM)
        for thread in threads:
            thread.join(120)
        server.process.wait(60)
        answered = [s for _, s, _ in results if s is not None]
        self.assertTrue(answered, "no request was in flight")
        # Requests the server had accepted were answered; none failed with a server error.
        self.assertTrue(all(s == 200 for s in answered), results)
        time.sleep(1)
        alive = [pid for pid in workers if os.path.exists(f"/proc/{pid}") and "zombie" not in open(f"/proc/{pid}/status").read().lower()]
        self.assertEqual(alive, [], "workers left running")
        with self.assertRaises(OSError):
            socket.create_connection(("127.0.0.1", server.port), timeout=2).close()


class AccessTest(unittest.TestCase):
    def test_https_with_a_certificate_and_key(self):
        import ssl
        with tempfile.TemporaryDirectory() as directory:
            cert, key = os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem")
            subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                            "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert],
                           check=True, capture_output=True)
            context = ssl.create_default_context(cafile=cert)
            server = Server("--tls-cert", cert, "--tls-key", key, tls=context)
            try:
                self.assertIn("listening on https://", server.log())
                analysis = server.json("POST", "/v1/analyze?published=2025-06-19", SEED_TEXT.encode(), {"Content-Type": "text/plain"})
                self.assertTrue(analysis["entities"])
                # Plain HTTP to the TLS port gets no answer.
                with self.assertRaises((http.client.HTTPException, OSError)):
                    plain = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
                    plain.request("GET", "/healthz")
                    plain.getresponse().read()
            finally:
                server.stop()
            # A key that is not a key is one clear error at start.
            with open(key, "w") as out:
                out.write("not a key")
            run = subprocess.run([BYLINE, "serve", "--listen", "127.0.0.1:0", "--tls-cert", cert, "--tls-key", key],
                                 capture_output=True, text=True, timeout=60)
            self.assertNotEqual(run.returncode, 0)
            self.assertIn("private key", run.stderr)

    def test_a_public_address_needs_keys(self):
        run = subprocess.run([BYLINE, "serve", "--listen", "0.0.0.0:0"], capture_output=True, text=True, timeout=60)
        self.assertNotEqual(run.returncode, 0)
        self.assertIn("without API keys", run.stderr)

    def test_keys_made_by_keygen_open_the_server(self):
        with tempfile.TemporaryDirectory() as directory:
            keys = os.path.join(directory, "api.keys")
            token = subprocess.run([BYLINE, "keygen", "--api", "newsroom", "--keys", keys], capture_output=True, text=True, check=True).stdout.strip()
            self.assertEqual(os.stat(keys).st_mode & 0o077, 0)
            server = Server("--keys", keys)
            try:
                status, headers, _ = server.request("GET", "/v1/plugins")
                self.assertEqual(status, 401)
                self.assertIn("Bearer", headers.get("WWW-Authenticate", ""))
                server.json("GET", "/v1/plugins", headers={"Authorization": "Bearer " + token})
            finally:
                server.stop()


if __name__ == "__main__":
    unittest.main()
