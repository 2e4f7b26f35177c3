"""Tests for entity_keywords.py, the dependent variant of the keywords plugin.

Run from the repository root:  python3 -m unittest discover -s Plugins/examples/python
"""

import json
import os
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import keywords  # noqa: E402
from keywords import FAIL, PROTOCOL, REPLY, REQUEST, handle_request, parse_message, ready_frames  # noqa: E402

TEXT = ("Abbas Araqchi said uranium enrichment would continue. "
        "Officials in Vienna said the inspectors disagreed.")
ENTITIES = [
    {"id": "E1", "type": "PERSON", "name": "Abbas Araqchi", "aliases": [], "roles": [], "salience": 1.0,
     "mentions": [{"span": [0, 13], "text": "Abbas Araqchi", "kind": "name"}]},
    {"id": "E2", "type": "LOCATION", "name": "Vienna", "aliases": [], "roles": [], "salience": 0.5,
     "mentions": [{"span": [67, 73], "text": "Vienna", "kind": "name"}]},
    {"id": "E3", "type": "NORP", "name": "Austrian", "aliases": [], "roles": [], "salience": 0.1, "mentions": []},
]


class EntityKeywordsTests(unittest.TestCase):
    def setUp(self):
        import entity_keywords
        self.variant = entity_keywords
        self.saved = (keywords.SERVICE, keywords.CONSUMES, keywords.EXTRACTOR)
        entity_keywords.configure()

    def tearDown(self):
        keywords.SERVICE, keywords.CONSUMES, keywords.EXTRACTOR = self.saved

    def request(self, inputs):
        control = {"deadlineMs": 30000, "attempt": 1}
        frames = [PROTOCOL, REQUEST, b"\x01", None, b'{"id":"a1"}', TEXT.encode()]
        if inputs is not None:
            control["inputs"] = True
            frames.append(json.dumps(inputs).encode())
        frames[3] = json.dumps(control).encode()
        return parse_message(frames).body

    def test_ready_declares_what_it_consumes(self):
        descriptor = json.loads(ready_frames(1000, None)[2])
        self.assertEqual(descriptor["service"], "entity-keywords")
        self.assertEqual(descriptor["consumes"], ["entities"])
        self.assertEqual(descriptor["produces"], ["extension"])

    def test_keywords_of_each_entitys_sentences(self):
        reply = handle_request(self.request({"entities": ENTITIES}), time.monotonic())
        self.assertEqual(reply[1], REPLY)
        output = json.loads(reply[3])["extension"]
        self.assertEqual(output["method"], "rake-by-entity")
        by_id = {entry["entityId"]: entry["keywords"] for entry in output["entities"]}
        self.assertEqual(set(by_id), {"E1", "E2"})  # NORP is not listed
        self.assertIn("uranium enrichment", by_id["E1"])
        self.assertNotIn("uranium enrichment", by_id["E2"])

    def test_a_request_without_its_inputs_is_refused(self):
        reply = handle_request(self.request(None), time.monotonic())
        self.assertEqual(reply[1], FAIL)
        self.assertEqual(json.loads(reply[3])["code"], "analyzer-error")

    def test_inputs_that_are_not_an_object_are_an_invalid_request(self):
        body = self.request({"entities": []})
        body[4] = b"[1, 2]"
        reply = handle_request(body, time.monotonic())
        self.assertEqual(json.loads(reply[3])["code"], "invalid-request")


if __name__ == "__main__":
    unittest.main()
