"""Tests for keywords.py: the extraction function and the socket-free protocol functions.

Run from the repository root:  python3 -m unittest discover -s Plugins/examples/python
"""

import json
import os
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import keywords  # noqa: E402
from keywords import (  # noqa: E402
    DISCONNECT, FAIL, HEARTBEAT, PROTOCOL, READY, REPLY, REQUEST,
    DeadlineExceeded, ProtocolError, extract_keywords, handle_request, parse_message,
)

ARTICLE = (
    "Tehran said uranium enrichment would continue. Officials in Vienna said the uranium "
    "enrichment was peaceful, and the IAEA inspectors disagreed.\n"
    "Sanctions Relief Talks\n"
    "Diplomats expect sanctions relief talks to resume in Geneva next week."
)


def normalise(occurrence: str) -> str:
    """The canonical form the plugin documents: lowercase words joined by single spaces."""
    return " ".join(occurrence.split()).lower()


class ExtractionTests(unittest.TestCase):
    def assert_spans_exact(self, text, result):
        for keyword in result:
            self.assertEqual(keyword["count"], len(keyword["spans"]))
            for start, end in keyword["spans"]:
                self.assertTrue(0 <= start < end <= len(text))
                self.assertEqual(normalise(text[start:end]), keyword["text"])

    def test_finds_repeated_phrase_with_exact_spans(self):
        result = extract_keywords(ARTICLE)
        self.assert_spans_exact(ARTICLE, result)
        by_text = {keyword["text"]: keyword for keyword in result}
        self.assertIn("uranium enrichment", by_text)
        self.assertEqual(by_text["uranium enrichment"]["count"], 2)
        self.assertEqual([ARTICLE[s:e] for s, e in by_text["uranium enrichment"]["spans"]],
                         ["uranium enrichment", "uranium enrichment"])

    def test_scores_finite_normalised_and_sorted(self):
        result = extract_keywords(ARTICLE)
        scores = [keyword["score"] for keyword in result]
        self.assertEqual(scores[0], 1.0)
        self.assertTrue(all(0 < score <= 1 for score in scores))
        self.assertEqual(scores, sorted(scores, reverse=True))
        json.dumps(result, allow_nan=False)  # raises on NaN/Infinity

    def test_at_most_ten(self):
        text = ". ".join(f"topic{n} alpha{n}" for n in range(50))
        self.assertEqual(len(extract_keywords(text)), 10)

    def test_non_ascii_before_phrase(self):
        # Emoji (outside the BMP, two UTF-16 units, four UTF-8 bytes) and accented letters,
        # precomposed and decomposed, precede the phrase: offsets must be code points.
        text = ("🇮🇷🚀 Café naïve résumé 😀 — e\u0301te\u0301 Zürich! "
                "The uranium enrichment; uranium enrichment again.")
        result = extract_keywords(text)
        self.assert_spans_exact(text, result)
        spans = {keyword["text"]: keyword["spans"] for keyword in result}
        self.assertEqual(spans["uranium enrichment"],
                         [[text.index("uranium"), text.index("uranium") + 18],
                          [text.rindex("uranium"), text.rindex("uranium") + 18]])
        self.assertIn("café naïve résumé", spans)
        self.assertIn("e\u0301te\u0301 zürich", spans)  # combining marks stay inside words

    def test_deterministic(self):
        first = extract_keywords(ARTICLE)
        for _ in range(5):
            self.assertEqual(extract_keywords(ARTICLE), first)
        # Equal scores are ordered by count, then first occurrence.
        tied = extract_keywords("red apple. green pear. blue plum. green pear.")
        self.assertEqual([k["text"] for k in tied], ["green pear", "red apple", "blue plum"])

    def test_empty_and_stopword_only(self):
        self.assertEqual(extract_keywords(""), [])
        self.assertEqual(extract_keywords("   \n\t "), [])
        self.assertEqual(extract_keywords("and the of it was; 2024, 13."), [])

    def test_text_without_stopwords(self):
        text = "Quantum computing breakthrough. Researchers demonstrate error correction"
        result = extract_keywords(text)
        self.assert_spans_exact(text, result)
        self.assertEqual(sorted(k["text"] for k in result),
                         ["quantum computing breakthrough",
                          "researchers demonstrate error correction"])

    def test_line_breaks_and_punctuation_split_phrases(self):
        text = "Border Security\nMinisters met, officials agreed"
        phrases = {k["text"] for k in extract_keywords(text)}
        self.assertEqual(phrases, {"border security", "ministers met", "officials agreed"})

    def test_large_text_is_linear(self):
        words = [f"w{n}x" for n in range(5000)]
        text = " the ".join(f"{words[n % 5000]} {words[(n * 7) % 5000]}" for n in range(20000))
        text = (text * 2)[:200_000]
        started = time.monotonic()
        result = extract_keywords(text)
        self.assertLess(time.monotonic() - started, 5.0)
        self.assertEqual(len(result), 10)
        self.assert_spans_exact(text, result)

    def test_deadline(self):
        with self.assertRaises(DeadlineExceeded):
            extract_keywords(ARTICLE * 100, deadline=time.monotonic() - 1)


def request(control=b'{"deadlineMs":30000,"attempt":1}', metadata=b'{"id":"a1"}',
            text=ARTICLE.encode("utf-8"), request_id=b"\x00\x00\x00\x07"):
    return [PROTOCOL, REQUEST, request_id, control, metadata, text]


def answer(frames, extractor=extract_keywords):
    """What the worker loop does with one incoming message: None means dropped."""
    try:
        message = parse_message(frames)
    except ProtocolError:
        return None
    if message.command != REQUEST:
        return None
    return handle_request(message.body, time.monotonic(), extractor)


class ProtocolTests(unittest.TestCase):
    def assert_fail(self, frames, code):
        self.assertIsNotNone(frames)
        self.assertEqual(frames[:3], [PROTOCOL, FAIL, b"\x00\x00\x00\x07"])
        self.assertEqual(len(frames), 4)
        self.assertEqual(json.loads(frames[3])["code"], code)

    def test_reply(self):
        frames = answer(request())
        self.assertEqual(frames[:3], [PROTOCOL, REPLY, b"\x00\x00\x00\x07"])
        output = json.loads(frames[3].decode("utf-8"))
        self.assertEqual(list(output), ["extension"])
        self.assertEqual(output["extension"]["method"], "rake")
        self.assertEqual(output["extension"]["keywords"], extract_keywords(ARTICLE))

    def test_unknown_metadata_and_control_keys_ignored(self):
        frames = answer(request(control=b'{"deadlineMs":1000,"future":true}',
                                metadata=b'{"id":"a1","title":"T","extra":[1,2]}'))
        self.assertEqual(frames[1], REPLY)

    def test_invalid_request(self):
        self.assert_fail(answer(request(metadata=b"{not json")), "invalid-request")
        self.assert_fail(answer(request(metadata=b"[1,2]")), "invalid-request")
        self.assert_fail(answer(request(metadata=b'{"id":""}')), "invalid-request")
        self.assert_fail(answer(request(metadata=b'{"title":"no id"}')), "invalid-request")
        self.assert_fail(answer(request(metadata=b'\xff{"id":"a"}')), "invalid-request")
        self.assert_fail(answer(request(metadata=b"[" * 100000)), "invalid-request")
        self.assert_fail(answer(request(control=b"nope")), "invalid-request")
        self.assert_fail(answer(request(control=b'{"deadlineMs":"soon"}')), "invalid-request")
        self.assert_fail(answer(request(control=b'{"deadlineMs":-5}')), "invalid-request")
        self.assert_fail(answer(request(text=b"caf\xc3")), "invalid-request")  # truncated
        self.assert_fail(answer(request(text=b"\xed\xa0\x80")), "invalid-request")  # surrogate

    def test_deadline(self):
        self.assert_fail(answer(request(control=b'{"deadlineMs":0}')), "deadline")

        def slow(text, deadline=None):
            time.sleep(0.05)
            return []
        self.assert_fail(answer(request(control=b'{"deadlineMs":10}'), slow), "deadline")

    def test_analyzer_error(self):
        def broken(text, deadline=None):
            raise RuntimeError("model not loaded")
        with self.assertLogs("keywords", "ERROR"):  # the traceback is logged, not raised
            frames = answer(request(), broken)
        self.assert_fail(frames, "analyzer-error")
        self.assertIn("model not loaded", json.loads(frames[3])["message"])

    def test_invalid_output(self):
        self.assert_fail(answer(request(), lambda text, deadline=None: [{"score": float("nan")}]),
                         "invalid-output")

    def test_malformed_frames_dropped(self):
        bad = [
            [],
            [PROTOCOL],
            [b"BYLW02", REQUEST, b"id", b"{}", b'{"id":"a"}', b"text"],  # wrong version
            [b"BYLC01", HEARTBEAT],  # client protocol
            [PROTOCOL, b""],  # empty command
            [PROTOCOL, b"\x02\x00"],  # two-byte command
            [PROTOCOL, b"\x09"],  # unknown command
            [PROTOCOL, READY, b"{}"],  # worker-to-coordinator commands
            [PROTOCOL, REPLY, b"id", b"{}"],
            [PROTOCOL, FAIL, b"id", b"{}"],
            [PROTOCOL, REQUEST, b"id", b"{}", b'{"id":"a"}'],  # too few frames
            request() + [b"{}", b"extra"],  # too many
            request(request_id=b""),  # empty id
            request(request_id=b"x" * 256),  # id too long
            [PROTOCOL, HEARTBEAT, b"extra"],
            [PROTOCOL, DISCONNECT, b"reason", b"extra"],
        ]
        # Five frames are well formed (inputs for a consumer); without control.inputs they
        # are an invalid request, answered FAIL rather than dropped.
        reply = answer(request() + [b"{}"])
        self.assertEqual(reply[1], FAIL)
        self.assertEqual(json.loads(reply[3])["code"], "invalid-request")
        for frames in bad:
            with self.subTest(frames=frames[:3]):
                with self.assertRaises(ProtocolError):
                    parse_message(frames)
                self.assertIsNone(answer(frames))

    def test_valid_control_messages(self):
        self.assertEqual(parse_message([PROTOCOL, HEARTBEAT]).command, HEARTBEAT)
        self.assertEqual(parse_message([PROTOCOL, DISCONNECT]).body, [])
        self.assertEqual(parse_message([PROTOCOL, DISCONNECT, b"bye"]).body, [b"bye"])

    def test_ready_descriptor(self):
        frames = keywords.ready_frames(1000, "keywords-0-1-1")
        self.assertEqual(frames[:2], [PROTOCOL, READY])
        descriptor = json.loads(frames[2])
        self.assertEqual(descriptor["service"], "keywords")
        self.assertEqual(descriptor["version"], "1.0.0")
        self.assertEqual(descriptor["produces"], ["extension"])
        self.assertEqual(descriptor["capacity"], 1)
        self.assertEqual(descriptor["heartbeatMs"], 1000)
        self.assertEqual(descriptor["instance"], "keywords-0-1-1")
        self.assertEqual(descriptor["pid"], os.getpid())


if __name__ == "__main__":
    unittest.main()
