"""byline report, checked in headless Chromium: the seed's page, a hostile article, the PolNeAR dashboard.

Run from the repository root after `swift build` (BYLINE names another byline binary):

    python3 -m unittest discover -s tools/browser-check -v

Screenshots go to .build/report-screenshots/. The PolNeAR test skips itself when ../shared/data is
absent; the others need only the repository and Chromium.
"""

import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest

from cdp import Browser, find_chromium

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BYLINE = os.environ.get("BYLINE", os.path.join(ROOT, ".build", "debug", "byline"))
SHOTS = os.path.join(ROOT, ".build", "report-screenshots")
SEED = os.path.join(ROOT, "seeds", "000_fcf9f9938e4dd5df.txt")
POLNEAR = os.path.join(ROOT, "..", "shared", "data", "polnear", "dev", "text")

SEED_PEOPLE = {"Steve Witkoff", "Abbas Araqchi", "Ali Khamenei", "Donald Trump", "Emmanuel Macron", "Esmaeil Baghaei"}
SEED_DATES = {"2015", "2025-04", "2025-05", "2025-06-13", "2025-06-15", "2025-06-20"}


def report(inputs, out, *options):
    """Runs byline report; returns its standard output (the index path)."""
    result = subprocess.run([BYLINE, "report", *inputs, "--out", out, *options], cwd=ROOT, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        raise AssertionError("byline report failed (%d): %s" % (result.returncode, result.stderr))
    return result.stdout.strip()


def requirements():
    if find_chromium() is None:
        return "no chromium (apt-get install chromium)"
    if not os.path.exists(BYLINE):
        return "no byline binary at %s (swift build first, or set BYLINE)" % BYLINE
    return None


def hostile_analysis():
    """An analysis of an article whose text, names, quotes and metadata try to run script."""
    text = ("Breaking <script>window.__pwned = 1; alert('text')</script> news.\n"
            "\"><img src=x onerror=\"window.__pwned=2;alert(2)\"> said Eve <b>Evil</b> on June 13.\n"
            "</script><script>alert(3)</script> It's \u2028a “quote” & more <!-- comment --> end.\n")

    def span(part, start=0):
        index = text.index(part, start)
        return [index, index + len(part)]

    eve = span("Eve")
    quote = span("\"><img src=x onerror=\"window.__pwned=2;alert(2)\">")
    june = span("June 13")
    evidence = span("</script><script>alert(3)</script> It's")
    return {
        "schema": "byline.article/1",
        "text": text,
        "article": {
            "id": "hostile\"><script>alert('id')</script>", "length": len(text),
            "title": "</title><script>alert(9)</script>", "url": "javascript:alert(10)",
            "authors": ["<img src=x onerror=alert(11)>"], "description": "</script><script>alert(12)</script>",
            "siteName": "' onmouseover='alert(13)", "publishedAt": "2025-06-19", "extraction": {"title": "<b onclick=alert(14)>meta</b>"},
            "headings": [span("</script><script>alert(3)</script>")],
        },
        "entities": [
            {"id": "E\"1", "type": "PERSON", "name": "<img src=x onerror=alert(4)>", "aliases": ["Eve</script>"],
             "roles": [{"text": "<svg onload=alert(15)>"}], "mentions": [{"span": eve, "text": "Eve", "kind": "name"}], "salience": 0.9},
            {"id": "E2", "type": "MISC", "name": "<b>Evil</b>", "aliases": [], "roles": [],
             "mentions": [{"span": span("<b>Evil</b>"), "text": "<b>Evil</b>", "kind": "name"}], "salience": 0.5},
        ],
        "quotes": [{"id": "Q<1>", "span": quote, "text": text[quote[0]:quote[1]], "kind": "direct",
                    "speaker": {"span": eve, "text": "Eve", "entityId": "E\"1"}}],
        "stances": [{"id": "S'1", "holder": {"span": eve, "text": "Eve", "entityId": "E\"1"},
                     "target": {"text": "<svg onload=alert(6)>"}, "polarity": "oppose", "strength": 0.8,
                     "conditional": False, "negated": True, "hedged": True, "evidence": evidence,
                     "cue": {"span": span("It's"), "text": "<i>It's</i>", "lemma": "be"}}],
        "sentiment": [{"entityId": "E\"1", "name": "<script>alert(8)</script>", "polarity": "negative", "score": -0.5,
                       "mentions": [{"span": eve, "polarity": "negative", "score": -0.5}]}],
        "timexes": [{"id": "T1", "span": june, "text": "June 13", "type": "DATE", "value": "2025-06-13", "anchor": "publishedAt"},
                    {"id": "T\"2", "span": june, "text": "<script>alert(16)</script>", "type": "DATE", "value": "\"><script>alert(7)</script>"}],
        "timeline": [{"id": "V1", "trigger": {"span": june, "text": "<u>x</u>"}, "description": "<script>alert(17)</script>",
                      "time": {"timexId": "T1", "value": "2025-06-13", "relation": "on"}, "participants": [], "ordered": True}],
        "places": [{"id": "P\"1", "entityId": "E\"1", "kind": "location", "text": "<svg onload=alert(20)>", "mentions": [eve], "focus": True,
                    "geonameId": 1, "name": "<img src=x onerror=alert(21)>", "featureClass": "<b>", "featureCode": "</title><script>alert(22)</script>",
                    "countryCode": "\"'", "admin1": "<u>", "latitude": -89.5, "longitude": 179.9, "population": 0, "confidence": 0.5,
                    "alternatives": [{"geonameId": 2, "name": "<script>alert(23)</script>", "featureClass": "P", "featureCode": "PPL",
                                      "latitude": 0, "longitude": -180, "population": 1, "confidence": 0.1}]}],
        "provenance": [{"analyzer": "<script>alert(18)</script>", "status": "failed", "ms": 1.0, "attempts": 1,
                        "error": "<img src=x onerror=alert(19)>"}],
    }


# Skipped where Chromium or the binary is missing, except in CI (CI=true), where that is a failure.
@unittest.skipIf(requirements() and not os.environ.get("CI"), requirements())
class ReportInBrowser(unittest.TestCase):
    def setUp(self):
        self.directory = tempfile.mkdtemp(prefix="byline-report-test-")

    def tearDown(self):
        shutil.rmtree(self.directory, ignore_errors=True)

    def assertClean(self, browser, what):
        self.assertEqual(browser.console_errors, [], "%s: console errors" % what)
        self.assertEqual(browser.dialogs, [], "%s: dialogs opened" % what)

    def test_seed_page(self):
        index = report([SEED], os.path.join(self.directory, "seed"), "--published", "2025-06-19")
        self.assertTrue(index.endswith("index.html"), index)
        with Browser() as browser:
            browser.open(index)
            self.assertClean(browser, "seed page")
            people = browser.evaluate("""(() => {
                const names = {};
                for (const mark of document.querySelectorAll('mark.ent-person[data-entity]')) {
                    const card = document.querySelector('[data-entity-card="' + CSS.escape(mark.dataset.entity) + '"]');
                    names[card ? card.dataset.name : '?'] = (names[card ? card.dataset.name : '?'] || 0) + 1;
                }
                return names; })()""")
            self.assertEqual(set(people), SEED_PEOPLE)
            self.assertTrue(all(count >= 1 for count in people.values()), people)
            timexes = browser.evaluate("[...document.querySelectorAll('.timeline-chart [data-timex]')].map(e => e.dataset.timex)")
            self.assertEqual(set(timexes), SEED_DATES)
            self.assertEqual(len(timexes), len(SEED_DATES))
            quotes = browser.evaluate("new Set([...document.querySelectorAll('#article-text [data-quote]')].map(e => e.dataset.quote)).size")
            self.assertEqual(quotes, browser.evaluate("document.querySelectorAll('[data-quote-card]').length"))
            # The text shown is the article, character for character.
            with open(SEED, encoding="utf-8") as file:
                self.assertEqual(browser.evaluate("document.getElementById('article-text').textContent"), file.read())

            # Clicking a mention highlights every mention of that entity and opens its card.
            araqchi = browser.evaluate("document.querySelector('[data-entity-card][data-name=\"Abbas Araqchi\"]').dataset.entityCard")
            mentions = browser.evaluate("document.querySelectorAll('[data-entity=\"%s\"]').length" % araqchi)
            self.assertGreaterEqual(mentions, 2)
            self.assertEqual(browser.evaluate("document.querySelectorAll('mark.sel').length"), 0)
            browser.click('mark[data-entity="%s"]' % araqchi)
            self.assertEqual(browser.evaluate("document.querySelectorAll('mark.sel').length"), mentions)
            self.assertEqual(browser.evaluate("document.querySelectorAll('mark.sel[data-entity=\"%s\"]').length" % araqchi), mentions)
            self.assertTrue(browser.evaluate("document.querySelector('[data-entity-card=\"%s\"]').open" % araqchi))
            self.assertIn("Abbas Araqchi", browser.evaluate("document.getElementById('selection').textContent"))
            # A speaker link in the quote list selects the speaker too.
            browser.click('.quote-card a.speaker[data-select="%s"]' % araqchi)
            self.assertEqual(browser.evaluate("document.querySelectorAll('mark.sel').length"), 0, "a second click deselects")
            browser.click('.quote-card a.speaker[data-select="%s"]' % araqchi)
            self.assertEqual(browser.evaluate("document.querySelectorAll('mark.sel').length"), mentions)
            self.assertClean(browser, "seed page after clicks")

            # The map: the world outline, a dot per place with coordinates, all inside the map.
            self.assertGreater(browser.evaluate("document.querySelectorAll('svg.place-map path[data-country]').length"), 20)
            dots = browser.evaluate("[...document.querySelectorAll('svg.place-map [data-place]')].map(e => e.dataset.place)")
            rows = browser.evaluate("[...document.querySelectorAll('table.places tr[data-place]')].map(e => e.dataset.place)")
            self.assertEqual(len(dots), len(set(dots)), "one dot per GeoNames id")
            self.assertEqual(set(dots), set(rows), "every place in the table is on the map")
            self.assertTrue({"130758", "112931"} <= set(dots), dots)  # Iran, Tehran
            self.assertGreaterEqual(browser.evaluate("document.querySelectorAll('svg.place-map .place.focus').length"), 1)
            outside = browser.evaluate("""(() => {
                const map = document.querySelector('svg.place-map').getBoundingClientRect();
                return [...document.querySelectorAll('svg.place-map [data-place] circle')].filter(c => {
                    const r = c.getBoundingClientRect(); const x = r.left + r.width / 2, y = r.top + r.height / 2;
                    return !(x >= map.left && x <= map.right && y >= map.top && y <= map.bottom); }).length; })()""")
            self.assertEqual(outside, 0, "dots outside the map")
            self.assertIn("Tehran", browser.evaluate("document.querySelector('svg.place-map [data-place=\"112931\"] title').textContent"))
            # Clicking a place highlights its entity's mentions, as clicking the entity does.
            tehran = browser.evaluate("document.querySelector('svg.place-map [data-place=\"112931\"]').dataset.placeEntity")
            tehran_mentions = browser.evaluate("document.querySelectorAll('mark[data-entity=\"%s\"]').length" % tehran)
            self.assertGreaterEqual(tehran_mentions, 1)
            browser.click('svg.place-map [data-place="112931"]')
            self.assertEqual(browser.evaluate("document.querySelectorAll('mark.sel').length"), tehran_mentions)
            self.assertEqual(browser.evaluate("document.querySelectorAll('mark.sel[data-entity=\"%s\"]').length" % tehran), tehran_mentions)
            self.assertTrue(browser.evaluate("document.querySelector('svg.place-map [data-place=\"112931\"]').classList.contains('sel')"))
            self.assertTrue(browser.evaluate("document.querySelector('[data-entity-card=\"%s\"]').open" % tehran))
            browser.click('svg.place-map [data-place="112931"]')
            self.assertEqual(browser.evaluate("document.querySelectorAll('mark.sel, .place.sel').length"), 0, "a second click deselects")
            # Selecting the entity marks its place.
            browser.click('mark[data-entity="%s"]' % tehran)
            self.assertTrue(browser.evaluate("document.querySelector('svg.place-map [data-place=\"112931\"]').classList.contains('sel')"))
            self.assertClean(browser, "seed page after clicking the map")
            browser.evaluate("document.getElementById('places').scrollIntoView()")
            browser.screenshot(os.path.join(SHOTS, "seed-map.png"), full_page=False)
            browser.click('mark[data-entity="%s"]' % tehran)
            browser.screenshot(os.path.join(SHOTS, "seed.png"))
            browser.set_viewport(390, 844, mobile=True, scale=2)
            browser.open(index)
            self.assertLessEqual(browser.evaluate("document.documentElement.scrollWidth"), 390, "no sideways scrolling on a phone")
            browser.screenshot(os.path.join(SHOTS, "seed-phone.png"))
            browser.set_viewport(1000, 1400)
            browser.emulate_print()
            browser.screenshot(os.path.join(SHOTS, "seed-print.png"))
            self.assertClean(browser, "seed page on a phone and in print")

    def test_hostile_article_runs_nothing(self):
        analysis = hostile_analysis()
        path = os.path.join(self.directory, "hostile.json")
        with open(path, "w", encoding="utf-8") as file:
            json.dump(analysis, file)
        seed = report([SEED], os.path.join(self.directory, "seed"), "--published", "2025-06-19")
        # The hostile analysis alone (its page is the index) and with the seed (a dashboard and entity pages).
        single = report([path], os.path.join(self.directory, "alone"))
        seed_analysis = os.path.join(self.directory, "seed.json")
        with open(seed_analysis, "w") as out:
            subprocess.run([BYLINE, "analyze", SEED, "--published", "2025-06-19", "--with-text"], cwd=ROOT, check=True, stdout=out, timeout=600)
        both = report([path, seed_analysis, path.replace("hostile.json", "hostile.json")], os.path.join(self.directory, "both"))
        pages = [single, both] + [os.path.join(os.path.dirname(both), folder, name)
                                  for folder in ("articles", "entities", "lists")
                                  for name in sorted(os.listdir(os.path.join(os.path.dirname(both), folder)))]
        self.assertTrue(seed)
        with Browser() as browser:
            for page in pages:
                browser.open(page)
                self.assertClean(browser, page)
                self.assertIsNone(browser.evaluate("window.__pwned"), page)
                self.assertLessEqual(browser.evaluate("document.querySelectorAll('script').length"), 1, page)
                self.assertEqual(browser.evaluate("document.querySelectorAll('img, iframe, object, embed, u').length"), 0, page)
                # The article's own <b>, <i> and <u> stay text (the report's own <b> and <i> hold other words).
                self.assertEqual(browser.evaluate(
                    "[...document.querySelectorAll('b, i')].filter(e => ['Evil', \"It's\", 'x', 'meta'].includes(e.textContent)).length"), 0, page)
                self.assertEqual(browser.evaluate(
                    "[...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => /^on/i.test(a.name))).length"), 0, page)
                self.assertEqual(browser.evaluate("document.querySelectorAll('a[href^=\"javascript\" i]').length"), 0, page)
            # The dashboard's type filter and sorting.
            browser.open(both)
            browser.evaluate("(() => { const t = document.getElementById('entity-type'); t.value = 'PERSON'; t.dispatchEvent(new Event('change')); })()")
            types = browser.evaluate("[...document.querySelectorAll('#entity-table tbody tr:not(.hidden)')].map(r => r.dataset.type)")
            self.assertTrue(types and set(types) == {"PERSON"}, types)
            browser.evaluate("(() => { const t = document.getElementById('entity-sort'); t.value = 'mentions'; t.dispatchEvent(new Event('change')); })()")
            mentions = browser.evaluate("[...document.querySelectorAll('#entity-table tbody tr')].map(r => Number(r.dataset.mentions))")
            self.assertEqual(mentions, sorted(mentions, reverse=True))
            self.assertClean(browser, "dashboard controls")
            browser.open(single)
            self.assertEqual(browser.evaluate("document.getElementById('article-text').textContent"), analysis["text"])
            self.assertEqual(browser.evaluate("document.title"), analysis["article"]["title"] + " · byline report")
            self.assertEqual(browser.evaluate("document.querySelectorAll('[data-entity=\"E\\\\\"1\"]').length"), 1)
            self.assertIn("<img src=x onerror=alert(4)>", browser.evaluate("document.body.textContent"))
            browser.click('mark[data-entity]')
            self.assertEqual(browser.evaluate("document.querySelectorAll('mark.sel').length"), 1)
            self.assertClean(browser, "hostile page after a click")
            browser.screenshot(os.path.join(SHOTS, "hostile.png"))

    @unittest.skipUnless(os.path.isdir(POLNEAR), "PolNeAR dev texts not present (../shared/data)")
    def test_polnear_dashboard(self):
        # The dev articles as JSONL, each dated by its file name (outlet_YYYY-MM-DD_slug.txt).
        articles = os.path.join(self.directory, "polnear-dev.jsonl")
        with open(articles, "w", encoding="utf-8") as out:
            for name in sorted(os.listdir(POLNEAR)):
                if not name.endswith(".txt"):
                    continue
                with open(os.path.join(POLNEAR, name), encoding="utf-8") as file:
                    article = {"id": name[:-4], "text": file.read(), "source": name.split("_")[0]}
                date = re.search(r"_(\d{4}-\d{2}-\d{2})_", name)
                if date:
                    article["publishedAt"] = date.group(1)
                out.write(json.dumps(article) + "\n")
        index = report([articles], os.path.join(self.directory, "polnear"))
        folder = os.path.dirname(index)
        self.assertEqual(len(os.listdir(os.path.join(folder, "articles"))), 84)
        with Browser() as browser:
            browser.open(index)
            self.assertClean(browser, "PolNeAR dashboard")
            self.assertGreater(browser.evaluate("document.querySelectorAll('#entity-table tbody tr').length"), 50)
            self.assertGreater(browser.evaluate("document.querySelectorAll('svg.network .edge').length"), 0)
            # Where the stories happen: a map of the corpus's places and the top places under it.
            self.assertGreater(browser.evaluate("document.querySelectorAll('svg.corpus-places [data-place]').length"), 10)
            self.assertGreater(browser.evaluate("document.querySelectorAll('svg.corpus-places path[data-country]').length"), 20)
            self.assertGreater(browser.evaluate("document.querySelectorAll('table.top-places tr[data-place]').length"), 5)
            browser.evaluate("(() => { const s = document.getElementById('entity-search'); s.value = 'clinton'; s.dispatchEvent(new Event('input')); })()")
            shown = browser.evaluate("[...document.querySelectorAll('#entity-table tbody tr:not(.hidden)')].map(r => r.dataset.search)")
            self.assertTrue(shown and all("clinton" in row for row in shown), shown)
            browser.screenshot(os.path.join(SHOTS, "polnear-dashboard.png"))
            browser.evaluate("document.getElementById('places').scrollIntoView()")
            browser.screenshot(os.path.join(SHOTS, "polnear-places.png"), full_page=False)
            entity = browser.evaluate("document.querySelector('#entity-table a').getAttribute('href')")
            browser.open(os.path.join(folder, entity))
            self.assertClean(browser, "entity page " + entity)
            self.assertGreater(browser.evaluate("document.querySelectorAll('#articles a').length"), 1)
            browser.screenshot(os.path.join(SHOTS, "polnear-entity.png"))
            article = sorted(os.listdir(os.path.join(folder, "articles")))[0]
            browser.open(os.path.join(folder, "articles", article))
            self.assertClean(browser, "article page " + article)


if __name__ == "__main__":
    unittest.main()
