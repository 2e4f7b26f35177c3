#!/usr/bin/env python3
"""Byline analyzer plugin: key phrase extraction (RAKE), written from docs/PROTOCOL.md alone.

This is the reference example for third-party Byline workers. It is one file with no
dependencies beyond pyzmq and the Python standard library, and it is organised so that the
parts can be lifted independently:

1. ``extract_keywords``   -- the analysis itself (pure function, no I/O).
2. ``parse_message`` and ``handle_request``
                          -- the wire protocol (pure functions: frames in, frames out).
3. ``Worker``             -- the socket, heartbeats, reconnection and shutdown; each request
                             is analysed on a background thread so heartbeats never stop.

Run it against a coordinator::

    BYLINE_CONNECT=ipc:///tmp/byline/c.sock python3 keywords.py
    python3 keywords.py --connect tcp://127.0.0.1:5555

or let ``byline analyze`` / ``byline up`` start it from byline.toml::

    [plugins.keywords]
    command = ["python3", "/path/to/keywords.py"]

Output (the REPLY's single section, ``extension``; merged as ``extensions.keywords``)::

    {"extension": {"method": "rake",
                   "keywords": [{"text": "uranium enrichment", "score": 0.71, "count": 2,
                                 "spans": [[1180, 1198], [2210, 2228]]}, ...]}}

- ``text`` is the phrase's canonical form: its words lowercased (``str.lower``) and joined by a
  single space. Each span covers one occurrence exactly as written in the article, so
  ``article[start:end]`` may differ from ``text`` in letter case and in the whitespace between
  words (several spaces or a tab are one space in ``text``).
- ``spans`` are half-open Unicode code point offsets, i.e. Python ``str`` indices, in order of
  appearance; ``count == len(spans)``.
- ``score`` is the RAKE score divided by the best score of the article: a finite number in
  (0, 1], rounded to 4 decimals. The list holds at most 10 phrases, best first.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import random
import re
import signal
import sys
import threading
import time
from dataclasses import dataclass
from typing import Callable, NamedTuple

import zmq

SERVICE = "keywords"
VERSION = "1.0.0"
PRODUCES = ["extension"]
# Sections of other analyzers this plugin needs (docs/PROTOCOL.md 3.2): none here.
# entity_keywords.py is a variant that consumes ["entities"].
CONSUMES: list[str] = []
METHOD = "rake"
TOP_N = 10

log = logging.getLogger(SERVICE)


# =============================================================================================
# 1. Key phrase extraction: RAKE (Rose et al., "Automatic Keyword Extraction from Individual
#    Documents", 2010).
#
#    Candidate phrases are maximal runs of content words: a run ends at a stopword, at a word
#    without letters (a number), at punctuation and at a line break. Each content word w gets
#    score(w) = degree(w) / frequency(w), where frequency is how often it occurs in candidates
#    and degree sums the lengths (in words) of those candidates, so words that tend to occur in
#    longer phrases score higher. A phrase scores the sum of its words' scores. Everything is a
#    single left-to-right regex scan plus dictionary counting: linear in the text length.
# =============================================================================================

# Words are letters/digits, optionally joined by an apostrophe, hyphen or dot
# ("Iran's", "long-term", "3.5"), or dotted abbreviations ("U.S."). Combining marks are part
# of a word so that decomposed (NFD) accents such as "e\u0301" do not split it.
_MARK = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_WORD_CHAR = rf"(?:[^\W_]|[{_MARK}])"
_WORD = re.compile(
    rf"(?:[^\W\d_][{_MARK}]*\.){{2,}}"  # abbreviation with its final dot: U.S., e.g.
    rf"|{_WORD_CHAR}+(?:['\u2019\-.]{_WORD_CHAR}+)*"
)
# Between two words of one phrase there may only be horizontal whitespace: punctuation and
# line breaks (the article's headings and paragraphs are separated by newlines) end a phrase.
_SOFT_GAP = re.compile(r"[^\S\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+")

# Longer runs are not phrases but unpunctuated lists or headlines; RAKE drops them.
MAX_PHRASE_WORDS = 4

# A general English stopword list (function words, auxiliaries, pronouns, frequent adverbs and
# the reporting verbs that pervade news text). Lookups use the lowercased word with typographic
# apostrophes folded to ASCII ones.
STOPWORDS = frozenset("""
a about above according across actually after afterwards again against ago all almost alone
along already also although always am amid amidst among amongst an and another any anybody
anyhow anyone anything anyway anywhere are aren't around as at be became because become becomes
becoming been before beforehand behind being below beside besides between beyond billion both
but by can can't cannot could couldn't despite did didn't do does doesn't doing don't done down
during e.g. each eg eight either else elsewhere enough especially etc even ever every everybody
everyone everything everywhere except few first five for former formerly four friday from
further furthermore get gets getting given gives go goes going gone got had hadn't has hasn't
have haven't having he he'd he'll he's hence her here here's hereafter hereby herein hers
herself him himself his how how's however hundred i i'd i'll i'm i've i.e. ie if in indeed
instead into is isn't it it's its itself just last later latter least less let let's like
likely made mainly make makes many may maybe me meanwhile might million mine monday more
moreover most mostly mr mrs ms much must mustn't my myself namely near nearly neither never
nevertheless new next nine no nobody none noone nor not nothing now nowhere of off often on
once one only onto or other others otherwise ought our ours ourselves out over overall own per
perhaps quite rather really said same saturday say saying says second see seem seemed seeming
seems seven several shall shan't she she'd she'll she's should shouldn't since six so some
somebody somehow someone something sometime sometimes somewhat somewhere still such sunday ten
than that that's the their theirs them themselves then thence there there's thereafter thereby
therefore therein these they they'd they'll they're they've third this those though thousand
three through throughout thru thursday thus to today together told tomorrow too toward towards
tuesday two under unless until up upon us use used very via was wasn't we we'd we'll we're
we've wednesday well were weren't what what's whatever when when's whence whenever where
where's whereas whereby wherein whether which while who who's whoever whole whom whose why
why's will with within without won't would wouldn't yes yesterday yet you you'd you'll you're
you've your yours yourself yourselves zero
""".split())


class DeadlineExceeded(Exception):
    """Raised by extract_keywords when it runs past its deadline."""


def _stop_key(word: str) -> str:
    return word.lower().replace("\u2019", "'")


def _is_content_word(word: str) -> bool:
    return _stop_key(word) not in STOPWORDS and any(ch.isalpha() for ch in word)


def extract_keywords(text: str, top_n: int = TOP_N, deadline: float | None = None) -> list[dict]:
    """Return the top ``top_n`` key phrases of ``text``, best first (see the module docstring).

    Deterministic: ties in score are broken by count (higher first), then first occurrence,
    then canonical text. ``deadline`` is a ``time.monotonic()`` value; past it the scan raises
    DeadlineExceeded.
    """
    # Pass 1: candidate phrase occurrences, each a list of regex matches (one per word).
    candidates: list[list[re.Match[str]]] = []
    run: list[re.Match[str]] = []
    previous_end = -1

    def close_run() -> None:
        if 0 < len(run) <= MAX_PHRASE_WORDS:
            candidates.append(run.copy())
        run.clear()

    for index, match in enumerate(_WORD.finditer(text)):
        if deadline is not None and index % 4096 == 0 and time.monotonic() > deadline:
            raise DeadlineExceeded(f"gave up after {index} words")
        if run and not _SOFT_GAP.fullmatch(text, previous_end, match.start()):
            close_run()  # punctuation or a line break between the previous word and this one
        if _is_content_word(match.group()):
            run.append(match)
        else:
            close_run()
        previous_end = match.end()
    close_run()

    # Pass 2: word frequency and degree over all candidate occurrences.
    frequency: dict[str, int] = {}
    degree: dict[str, int] = {}
    for words in candidates:
        for match in words:
            key = match.group().lower()
            frequency[key] = frequency.get(key, 0) + 1
            degree[key] = degree.get(key, 0) + len(words)

    # Pass 3: group occurrences by canonical phrase, score, rank, normalise.
    phrases: dict[str, list[tuple[int, int]]] = {}
    for words in candidates:
        canonical = " ".join(match.group().lower() for match in words)
        phrases.setdefault(canonical, []).append((words[0].start(), words[-1].end()))
    if not phrases:
        return []

    def raw_score(canonical: str) -> float:
        return sum(degree[word] / frequency[word] for word in canonical.split(" "))

    ranked = sorted(
        ((raw_score(canonical), canonical, spans) for canonical, spans in phrases.items()),
        key=lambda item: (-item[0], -len(item[2]), item[2][0][0], item[1]),
    )[:top_n]
    best = ranked[0][0]  # > 0: every word scores at least 1
    return [
        {
            "text": canonical,
            "score": round(score / best, 4),
            "count": len(spans),
            "spans": [[start, end] for start, end in spans],
        }
        for score, canonical, spans in ranked
    ]


# =============================================================================================
# 2. Wire protocol (docs/PROTOCOL.md, worker protocol BYLW01). Pure functions over frame lists
#    so they can be tested without a socket.
# =============================================================================================

PROTOCOL = b"BYLW01"
READY, REQUEST, REPLY, HEARTBEAT, DISCONNECT, FAIL = (bytes([n]) for n in range(1, 7))
COMMAND_NAMES = {READY: "READY", REQUEST: "REQUEST", REPLY: "REPLY", HEARTBEAT: "HEARTBEAT",
                 DISCONNECT: "DISCONNECT", FAIL: "FAIL"}

# Frames after the command byte that each coordinator-to-worker command carries (min, max).
# READY, REPLY and FAIL only travel worker-to-coordinator, so receiving them is an error.
# A REQUEST has 4 frames, or 5 when its control announces the consumed sections ("inputs").
_INCOMING_ARITY = {REQUEST: (4, 5), HEARTBEAT: (0, 0), DISCONNECT: (0, 1)}

MAX_ID_BYTES = 255
MAX_REASON_BYTES = 1024
MAX_INSTANCE_BYTES = 128


class ProtocolError(Exception):
    """An incoming message that must be logged and dropped."""


class Message(NamedTuple):
    command: bytes  # one of the command constants above
    body: list[bytes]  # the frames after the command byte


def _preview(frame: bytes, limit: int = 32) -> str:
    return repr(frame[:limit]) + ("..." if len(frame) > limit else "")


def parse_message(frames: list[bytes]) -> Message:
    """Validate the envelope of a message from the coordinator; raise ProtocolError if bad."""
    if len(frames) < 2:
        raise ProtocolError(f"message has {len(frames)} frame(s), need at least 2")
    protocol, command, body = frames[0], frames[1], list(frames[2:])
    if protocol != PROTOCOL:
        raise ProtocolError(f"unknown protocol frame {_preview(protocol)}, expected {PROTOCOL!r}")
    if len(command) != 1:
        raise ProtocolError(f"command frame is {len(command)} bytes, expected 1")
    if command not in _INCOMING_ARITY:
        name = COMMAND_NAMES.get(command, "unknown")
        raise ProtocolError(f"unexpected command 0x{command.hex()} ({name}) from coordinator")
    low, high = _INCOMING_ARITY[command]
    if not low <= len(body) <= high:
        expected = str(low) if low == high else f"{low}-{high}"
        raise ProtocolError(f"{COMMAND_NAMES[command]} has {len(body)} frame(s) after the "
                            f"command, expected {expected}")
    if command == REQUEST and not 1 <= len(body[0]) <= MAX_ID_BYTES:
        # Without a valid id there is nothing to echo: drop rather than answer.
        raise ProtocolError(f"REQUEST id is {len(body[0])} bytes, expected 1-{MAX_ID_BYTES}")
    return Message(command, body)


def _json_frame(value: object) -> bytes:
    # allow_nan=False guarantees the coordinator never sees NaN/Infinity (not valid JSON).
    return json.dumps(value, ensure_ascii=False, allow_nan=False,
                      separators=(",", ":")).encode("utf-8")


def _parse_json_object(frame: bytes, what: str) -> dict:
    try:
        value = json.loads(frame.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:  # RecursionError: [[[[...
        raise ValueError(f"{what} is not valid UTF-8 JSON: {error}") from None
    if not isinstance(value, dict):
        raise ValueError(f"{what} is a JSON {type(value).__name__}, expected an object")
    return value


def ready_frames(heartbeat_ms: int, instance: str | None) -> list[bytes]:
    descriptor: dict = {"service": SERVICE, "version": VERSION, "produces": PRODUCES,
                        "heartbeatMs": heartbeat_ms, "capacity": 1, "pid": os.getpid()}
    if CONSUMES:
        descriptor["consumes"] = CONSUMES
    if instance:
        descriptor["instance"] = instance
    return [PROTOCOL, READY, _json_frame(descriptor)]


def heartbeat_frames() -> list[bytes]:
    return [PROTOCOL, HEARTBEAT]


def disconnect_frames(reason: str) -> list[bytes]:
    # Cut at MAX_REASON_BYTES without splitting a multi-byte character.
    encoded = reason.encode("utf-8")[:MAX_REASON_BYTES].decode("utf-8", "ignore").encode("utf-8")
    return [PROTOCOL, DISCONNECT, encoded]


def fail_frames(request_id: bytes, code: str, message: str) -> list[bytes]:
    return [PROTOCOL, FAIL, request_id, _json_frame({"code": code, "message": message[:1000]})]


def handle_request(body: list[bytes], received_at: float,
                   extractor: Callable[..., object] | None = None) -> list[bytes]:
    """Turn a validated REQUEST body (id, control, metadata, text[, inputs]) into REPLY or FAIL
    frames.

    ``received_at`` is the ``time.monotonic()`` of receipt: ``deadlineMs`` counts from it.
    ``extractor`` defaults to ``EXTRACTOR``; a plugin that consumes sections gets them as its
    ``inputs`` keyword argument (a dict such as ``{"entities": [...]}``).
    Never raises: every problem becomes a FAIL with the matching code.
    """
    extractor = extractor or EXTRACTOR
    request_id, control_frame, metadata_frame, text_frame = body[:4]
    inputs = None
    try:
        control = _parse_json_object(control_frame, "control")
        if bool(control.get("inputs")) != (len(body) == 5):
            raise ValueError("control.inputs must be true exactly when an inputs frame follows")
        if len(body) == 5:
            inputs = _parse_json_object(body[4], "inputs")
        deadline_ms = control.get("deadlineMs")
        if deadline_ms is not None and (isinstance(deadline_ms, bool)
                                        or not isinstance(deadline_ms, (int, float))
                                        or not math.isfinite(deadline_ms) or deadline_ms < 0):
            raise ValueError(f"control.deadlineMs must be a non-negative number, "
                             f"got {deadline_ms!r}")
        metadata = _parse_json_object(metadata_frame, "metadata")
        article_id = metadata.get("id")
        if not isinstance(article_id, str) or not article_id:
            raise ValueError("metadata.id must be a non-empty string")
        text = text_frame.decode("utf-8")  # strict: invalid UTF-8 raises
    except UnicodeDecodeError as error:
        return fail_frames(request_id, "invalid-request", f"text is not valid UTF-8: {error}")
    except ValueError as error:
        return fail_frames(request_id, "invalid-request", str(error))

    deadline = None if deadline_ms is None else received_at + deadline_ms / 1000.0
    log.debug("request %s: article %r, %d code points, attempt %r, deadline %r ms",
              request_id.hex(), article_id, len(text), control.get("attempt"), deadline_ms)
    if deadline is not None and time.monotonic() >= deadline:
        return fail_frames(request_id, "deadline", "deadline passed before work started")
    try:
        keywords = extractor(text, deadline=deadline) if not CONSUMES else \
            extractor(text, deadline=deadline, inputs=inputs or {})
    except DeadlineExceeded as error:
        return fail_frames(request_id, "deadline", str(error))
    except Exception as error:  # noqa: BLE001 -- any analyzer bug becomes a FAIL, not a crash
        log.exception("extraction failed for article %r", article_id)
        return fail_frames(request_id, "analyzer-error", f"{type(error).__name__}: {error}")
    if deadline is not None and time.monotonic() >= deadline:
        return fail_frames(request_id, "deadline", "finished after the deadline")
    try:
        output = _json_frame({"extension": keywords if CONSUMES else
                              {"keywords": keywords, "method": METHOD}})
    except (TypeError, ValueError, RecursionError) as error:  # e.g. a NaN score, a cycle
        return fail_frames(request_id, "invalid-output", f"output not encodable: {error}")
    return [PROTOCOL, REPLY, request_id, output]


# What handle_request runs; a variant plugin replaces it (entity_keywords.py).
EXTRACTOR: Callable[..., object] = extract_keywords


# =============================================================================================
# 3. The worker: one DEALER socket, heartbeats both ways, reconnection with backoff, graceful
#    shutdown.
#
#    The main thread owns the socket (ZeroMQ sockets are not thread-safe) and never blocks for
#    long: it polls with a timeout, sends HEARTBEATs, and watches the coordinator's liveness.
#    The analysis of a request runs on a background thread, so a long article (or a slow
#    model, in your own plugin) does not silence the heartbeats and get the worker declared
#    dead. Capacity is 1: one such thread at a time.
# =============================================================================================

LIVENESS = 3  # heartbeat intervals of silence after which the coordinator is presumed gone
BACKOFF_INITIAL_S = 0.1
BACKOFF_MAX_S = 5.0
POLL_IDLE_MS = 200  # longest poll when idle, so signals and the parent check are noticed fast
POLL_BUSY_MS = 10  # poll interval while a request is being analysed, to send its answer soon
SHUTDOWN_LINGER_MS = 1000  # how long close() may spend flushing the final REPLY/DISCONNECT


@dataclass
class Settings:
    endpoint: str
    heartbeat_ms: int = 1000
    instance: str | None = None
    parent_pid: int | None = None


class Job:
    """One request analysed on a background thread; ``reply`` is set before ``done``."""

    def __init__(self, body: list[bytes], received_at: float) -> None:
        self.request_id = body[0]
        self.received_at = received_at
        self.reply: list[bytes] | None = None
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, args=(body,), daemon=True,
                                       name=f"request-{body[0].hex()[:16]}")
        self.thread.start()

    def _run(self, body: list[bytes]) -> None:
        try:
            self.reply = handle_request(body, self.received_at)
        finally:  # handle_request does not raise, but never leave the main loop waiting
            self.done.set()


class Worker:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.heartbeat_s = settings.heartbeat_ms / 1000.0
        self.context = zmq.Context()
        self.socket: zmq.Socket | None = None
        self.poller = zmq.Poller()
        self.job: Job | None = None  # the request in progress on the current connection
        self.stop_reason: str | None = None  # set by a signal or the parent check
        self.backoff_s = BACKOFF_INITIAL_S
        self.last_sent = self.last_heard = 0.0

    # -- lifecycle -------------------------------------------------------------------------

    def request_stop(self, signum: int, _frame: object) -> None:
        """Signal handler: only sets a flag; the loop drains and exits."""
        self.stop_reason = f"received {signal.Signals(signum).name}"

    def run(self) -> int:
        signal.signal(signal.SIGTERM, self.request_stop)
        signal.signal(signal.SIGINT, self.request_stop)
        self._connect()
        while True:
            self._check_parent()
            self._finish_job()
            if self.stop_reason is not None and self.job is None:
                break  # drained: nothing in progress
            if time.monotonic() - self.last_heard >= LIVENESS * self.heartbeat_s:
                log.warning("no message from the coordinator for %.1f s",
                            LIVENESS * self.heartbeat_s)
                if self.stop_reason is not None:
                    break  # nobody left to drain to
                self._reconnect()
                continue
            self._poll_once()
        log.info("stopping (%s)", self.stop_reason)
        if self.socket is not None:
            self._send(disconnect_frames("worker shutting down"))
            # LINGER is 0 for fast reconnects; give the final messages a moment to leave.
            self.socket.close(linger=SHUTDOWN_LINGER_MS)
        self.context.term()
        return 0

    def _check_parent(self) -> None:
        parent = self.settings.parent_pid
        if parent is not None and self.stop_reason is None and not process_exists(parent):
            self.stop_reason = f"parent process {parent} is gone"

    # -- connection ------------------------------------------------------------------------

    def _connect(self) -> None:
        """Open a fresh socket and register with READY."""
        self.socket = self.context.socket(zmq.DEALER)
        self.socket.setsockopt(zmq.LINGER, 0)
        self.socket.connect(self.settings.endpoint)
        self.poller = zmq.Poller()
        self.poller.register(self.socket, zmq.POLLIN)
        self.last_heard = time.monotonic()  # give the new connection a full liveness period
        self._send(ready_frames(self.settings.heartbeat_ms, self.settings.instance))
        log.info("connected to %s, sent READY", self.settings.endpoint)

    def _reconnect(self) -> None:
        """Drop the socket (and its queue), back off with jitter, connect again.

        A request in progress is abandoned, as the protocol says: the coordinator requeues it.
        Its thread runs on (it stops at the request's deadline at the latest) and its answer
        is discarded.
        """
        if self.job is not None:
            log.info("abandoning request %s", self.job.request_id.hex())
            self.job = None
        if self.socket is not None:
            self.socket.close(linger=0)
            self.socket = None
        delay = self.backoff_s * random.uniform(0.5, 1.0)  # jitter spreads out a restart herd
        self.backoff_s = min(self.backoff_s * 2, BACKOFF_MAX_S)
        log.info("reconnecting in %.2f s", delay)
        wake = time.monotonic() + delay
        while time.monotonic() < wake:  # sleep in slices so SIGTERM is honoured promptly
            self._check_parent()
            if self.stop_reason is not None:
                return
            time.sleep(min(0.05, max(0.0, wake - time.monotonic())))
        self._connect()

    def _send(self, frames: list[bytes]) -> None:
        assert self.socket is not None
        log.log(TRACE, "send %s %s", COMMAND_NAMES.get(frames[1], "?"),
                [_preview(frame) for frame in frames[2:]])
        try:
            # Never block: if the queue is full the coordinator is not reading, and liveness
            # will notice that it is gone.
            self.socket.send_multipart(frames, flags=zmq.NOBLOCK, copy=False)
        except zmq.Again:
            log.warning("send queue full; dropped %s", COMMAND_NAMES.get(frames[1], "?"))
        except zmq.ZMQError as error:
            log.warning("send failed: %s", error)
        self.last_sent = time.monotonic()

    # -- one turn of the loop --------------------------------------------------------------

    def _finish_job(self) -> None:
        """Send the answer of a finished request."""
        job = self.job
        if job is None or not job.done.is_set():
            return
        self.job = None
        reply = job.reply or fail_frames(job.request_id, "analyzer-error", "no result")
        outcome = "REPLY" if reply[1] == REPLY else f"FAIL {json.loads(reply[3])['code']}"
        log.info("request %s answered: %s (%.0f ms)", job.request_id.hex(), outcome,
                 1000 * (time.monotonic() - job.received_at))
        self._send(reply)

    def _poll_once(self) -> None:
        assert self.socket is not None
        now = time.monotonic()
        if now - self.last_sent >= self.heartbeat_s:
            self._send(heartbeat_frames())
            now = time.monotonic()
        # Wake for the next heartbeat, the liveness deadline, or the poll cap, whichever is
        # first.
        cap_ms = POLL_BUSY_MS if self.job is not None else POLL_IDLE_MS
        until_heartbeat = self.last_sent + self.heartbeat_s - now
        until_dead = self.last_heard + LIVENESS * self.heartbeat_s - now
        timeout_ms = max(0, min(cap_ms, int(1000 * min(until_heartbeat, until_dead)) + 1))
        if not self.poller.poll(timeout_ms):
            return
        frames = self.socket.recv_multipart()
        received_at = time.monotonic()
        self.last_heard = received_at  # any message is a sign of life
        try:
            message = parse_message(frames)
        except ProtocolError as error:
            log.warning("dropped message from coordinator: %s", error)
            return
        log.log(TRACE, "recv %s %s", COMMAND_NAMES[message.command],
                [_preview(frame) for frame in message.body])
        if message.command == HEARTBEAT:
            self.backoff_s = BACKOFF_INITIAL_S  # the connection is healthy again
        elif message.command == DISCONNECT:
            reason = message.body[0].decode("utf-8", "replace") if message.body else ""
            log.warning("coordinator disconnected us: %s", reason or "(no reason given)")
            if self.stop_reason is not None:
                self.job = None  # nothing left to drain to; run() exits without reconnecting
                self.socket.close(linger=0)
                self.socket = None
                return
            self._reconnect()
        elif message.command == REQUEST:
            self.backoff_s = BACKOFF_INITIAL_S
            request_id = message.body[0]
            if self.stop_reason is not None:
                # Draining: leave it unanswered; our DISCONNECT makes the coordinator requeue it.
                log.info("draining; leaving request %s unanswered", request_id.hex())
            elif self.job is not None:
                log.warning("request %s exceeds capacity 1", request_id.hex())
                self._send(fail_frames(request_id, "over-capacity",
                                       "capacity is 1 and a request is in progress"))
            else:
                self.job = Job(message.body, received_at)


# =============================================================================================
# Command line, environment, logging.
# =============================================================================================

TRACE, NOTICE = 5, 25
logging.addLevelName(TRACE, "TRACE")
logging.addLevelName(NOTICE, "NOTICE")
LOG_LEVELS = {"trace": TRACE, "debug": logging.DEBUG, "info": logging.INFO, "notice": NOTICE,
              "warning": logging.WARNING, "error": logging.ERROR, "critical": logging.CRITICAL}


class _StderrArgumentParser(argparse.ArgumentParser):
    """argparse prints --help to stdout; a worker keeps stdout silent."""

    def print_help(self, file=None) -> None:  # type: ignore[override]
        super().print_help(file or sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = _StderrArgumentParser(description="Byline keywords analyzer (RAKE key phrases).")
    parser.add_argument("--connect", default=os.environ.get("BYLINE_CONNECT"),
                        help="coordinator endpoint (default: $BYLINE_CONNECT)")
    parser.add_argument("--heartbeat-ms", type=int, default=1000,
                        help="heartbeat interval to declare in READY, 50-60000 (default: 1000)")
    parser.add_argument("--log-level", default=os.environ.get("BYLINE_LOG_LEVEL") or "warning",
                        help="trace, debug, info, notice, warning, error, critical "
                             "(default: $BYLINE_LOG_LEVEL or warning)")
    args = parser.parse_args(argv)

    logging.basicConfig(stream=sys.stderr, level=LOG_LEVELS.get(args.log_level.lower(),
                                                                logging.WARNING),
                        format=f"%(asctime)s %(levelname)s {SERVICE}[{os.getpid()}] %(message)s")
    if args.log_level.lower() not in LOG_LEVELS:
        log.warning("unknown log level %r; using warning", args.log_level)
    if not args.connect:
        parser.error("no endpoint: pass --connect or set BYLINE_CONNECT")
    if not 50 <= args.heartbeat_ms <= 60000:
        parser.error("--heartbeat-ms must be between 50 and 60000")

    instance = os.environ.get("BYLINE_INSTANCE") or None
    if instance is not None and len(instance.encode("utf-8")) > MAX_INSTANCE_BYTES:
        log.warning("BYLINE_INSTANCE is longer than %d bytes; not sending it", MAX_INSTANCE_BYTES)
        instance = None
    parent_pid = None
    if os.environ.get("BYLINE_PARENT_PID"):
        try:
            parent_pid = int(os.environ["BYLINE_PARENT_PID"])
        except ValueError:
            log.warning("ignoring BYLINE_PARENT_PID=%r: not a number",
                        os.environ["BYLINE_PARENT_PID"])

    settings = Settings(endpoint=args.connect, heartbeat_ms=args.heartbeat_ms,
                        instance=instance, parent_pid=parent_pid)
    return Worker(settings).run()


def process_exists(pid: int) -> bool:
    """Whether a process with this id exists (signal 0 probes without sending anything).

    The spec (§3.7) asks a worker to exit once the supervisor's pid is gone; probing the pid
    itself rather than comparing getppid() also works when a wrapper script started us.
    """
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


if __name__ == "__main__":
    sys.exit(main())
