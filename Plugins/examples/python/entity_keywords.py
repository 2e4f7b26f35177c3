#!/usr/bin/env python3
"""Byline analyzer plugin: key phrases per entity -- the keywords example as a *dependent* plugin.

It declares ``"consumes": ["entities"]`` in READY (docs/PROTOCOL.md 3.1), so the coordinator
sends it an article only once the entities analyzer has answered, with the entities attached as
a fifth REQUEST frame (3.2). It shows that a consumer need not be written in Swift: everything
else -- the socket, heartbeats, reconnection, the frames -- is keywords.py, reused unchanged.

For every PERSON, ORG and LOCATION entity it lists the RAKE key phrases of the sentences that
mention it. Output (merged as ``extensions.entity-keywords``)::

    {"extension": {"method": "rake-by-entity",
                   "entities": [{"entityId": "E3", "name": "Abbas Araqchi",
                                 "keywords": ["uranium enrichment", "talks"]}, ...]}}

Entities come in the order the entities section gives them; keywords best first, at most five
per entity. An article whose entities section is empty gives an empty list.

Run it as keywords.py is run (``--connect`` or ``BYLINE_CONNECT``), or from byline.toml::

    [plugins.entity-keywords]
    command = ["python3", "Plugins/examples/python/entity_keywords.py"]
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import keywords  # noqa: E402

PER_ENTITY = 5
TYPES = {"PERSON", "ORG", "LOCATION"}


def _sentence_bounds(text: str) -> list[tuple[int, int]]:
    """Rough sentences: runs ending at . ! ? or a line break (enough to find context)."""
    bounds, start = [], 0
    for index, char in enumerate(text):
        if char in ".!?\n":
            if index + 1 > start:
                bounds.append((start, index + 1))
            start = index + 1
    if start < len(text):
        bounds.append((start, len(text)))
    return bounds


def keywords_by_entity(text: str, deadline: float | None = None, inputs: dict | None = None) -> dict:
    """The extension value: each named entity with the key phrases of its sentences."""
    entities = (inputs or {}).get("entities")
    if not isinstance(entities, list):
        raise ValueError("inputs has no entities list")
    ranked = keywords.extract_keywords(text, top_n=50, deadline=deadline)
    sentences = _sentence_bounds(text)
    result = []
    for entity in entities:
        if not isinstance(entity, dict) or entity.get("type") not in TYPES:
            continue
        mentioned = set()
        for mention in entity.get("mentions", []):
            start, end = mention["span"]
            mentioned.update(i for i, (s, e) in enumerate(sentences) if s < end and start < e)
        phrases = []
        for keyword in ranked:
            if any(any(sentences[i][0] <= s and e <= sentences[i][1] for i in mentioned) for s, e in keyword["spans"]):
                phrases.append(keyword["text"])
            if len(phrases) == PER_ENTITY:
                break
        result.append({"entityId": entity.get("id"), "name": entity.get("name"), "keywords": phrases})
    return {"entities": result, "method": "rake-by-entity"}


def configure() -> None:
    """Turn keywords.py's worker into this plugin: its name, what it consumes, its analysis."""
    keywords.SERVICE = "entity-keywords"
    keywords.CONSUMES = ["entities"]
    keywords.EXTRACTOR = keywords_by_entity


if __name__ == "__main__":
    configure()
    sys.exit(keywords.main())
