import Foundation
import Ingest
import Testing

/// The article body and nothing else: each rule on a small page written for it.
@Suite struct MainTextTests {
    @Test func navigationMenusFootersAndAsidesAreLeftOut() throws {
        let html = page("""
            <header><div class="logo">The Paper</div><nav><ul><li><a href="/">Home</a></li><li><a href="/w">World</a></li></ul></nav></header>
            <div class="breadcrumb"><a href="/">Home</a> › <a href="/w">World</a></div>
            <main><article><p>\(prose(1))</p><p>\(prose(2))</p><p>\(prose(3))</p></article>
            <aside class="sidebar"><h3>Most read</h3><p>A sidebar paragraph that is long enough to look like text, with commas, too.</p></aside></main>
            <footer><p>© 2025 The Paper. All rights reserved. Imprint, privacy policy, terms and conditions.</p></footer>
            """)
        let text = try extract(html).text
        #expect(text == [prose(1), prose(2), prose(3)].joined(separator: "\n\n"))
    }

    @Test func shareBarsRelatedStoriesCommentsAndNewslettersAreLeftOut() throws {
        let html = page("""
            <div class="article-body">
              <p>\(prose(1))</p>
              <div class="social-share"><a href="#">Facebook</a> <a href="#">Twitter</a> <span>Share this article</span></div>
              <p>\(prose(2))</p>
              <div class="newsletter-signup"><p>Sign up for our newsletter and get the news every morning, free of charge.</p></div>
              <p>\(prose(3))</p>
              <div class="related-stories"><h3>Related</h3><ul><li><a href="/x">Another story about something, with a comma</a></li><li><a href="/y">Yet another</a></li></ul></div>
            </div>
            <section id="comments"><h2>3 comments</h2><div class="comment"><p>I disagree with this article entirely, and here is why, at length.</p></div></section>
            <div id="cookie-consent"><p>We use cookies to improve your experience. By continuing you accept our policy.</p><button>OK</button></div>
            """)
        let text = try extract(html).text
        #expect(text == [prose(1), prose(2), prose(3)].joined(separator: "\n\n"))
    }

    @Test func headingsInsideTheArticleAreLinesOfTheirOwn() throws {
        let html = page("""
            <article><h1>The Headline</h1><p>\(prose(1))</p><h2>A Section Heading</h2><p>\(prose(2))</p>
            <h3>Another <em>One</em></h3><p>\(prose(3))</p></article>
            """)
        let text = try extract(html).text
        #expect(text == [prose(1), "A Section Heading", prose(2), "Another One", prose(3)].joined(separator: "\n\n"))
    }

    @Test func entitiesAreDecodedAndWhiteSpaceNormalised() throws {
        let html = page("""
            <article><p>AT&amp;T&nbsp;said  &quot;no&quot;&#8212;and   &eacute;lan,
            across\tlines &#x2019;quoted&#x2019;, with soft&shy;hyphen.</p><p>\(prose(2))</p></article>
            """)
        let text = try extract(html).text
        #expect(text.hasPrefix("AT&T said \"no\"—and élan, across lines ’quoted’, with softhyphen."))
    }

    @Test func listsAndTablesInsideTheBodyAreKeptAsText() throws {
        let html = page("""
            <article><p>\(prose(1))</p>
            <ul><li>First point of the list, with detail.</li><li>Second point of the list, with more.</li></ul>
            <table><tr><th>Party</th><th>Seats</th></tr><tr><td>Greens</td><td>12</td></tr></table>
            <p>\(prose(2))</p></article>
            """)
        let text = try extract(html).text
        #expect(text.contains("First point of the list, with detail.\n\nSecond point of the list, with more."))
        #expect(text.contains("Party\tSeats\nGreens\t12"))
        #expect(text.hasSuffix(prose(2)))
    }

    @Test func lineBreaksBecomeLineBreaks() throws {
        let html = page("<article><p>\(prose(1))</p><p>First line<br>second line<br><br>new paragraph, after two breaks.</p></article>")
        let text = try extract(html).text
        #expect(text.hasSuffix("First line\nsecond line\n\nnew paragraph, after two breaks."))
    }

    /// Decided: figure captions and photo credits are not body text (they describe pictures and
    /// repeat in galleries); pull quotes in `<aside>` are left out too (they repeat the body).
    @Test func captionsCreditsAndPullQuotesAreLeftOut() throws {
        let html = page("""
            <article><p>\(prose(1))</p>
            <figure><img src="a.jpg"><figcaption>The minister arrives in Geneva on Sunday. Photo: Jane Doe / AP</figcaption></figure>
            <p>\(prose(2))</p><aside class="pullquote"><p>“We are ready to talk,” the minister said.</p></aside>
            <div class="image-caption">Protesters outside the hall, in a picture from earlier in the week.</div>
            <p>\(prose(3))</p><blockquote class="wp-block-pullquote pull-quote"><p>“Talks can resume next week,” he said.</p></blockquote></article>
            """)
        let text = try extract(html).text
        #expect(text == [prose(1), prose(2), prose(3)].joined(separator: "\n\n"))
    }

    @Test func scriptsStylesFormsAndHiddenElementsAreNeverText() throws {
        let html = page("""
            <article><p>\(prose(1))</p><script>var x = "not text, a script";</script><style>p { color: red }</style>
            <div style="display: none"><p>Hidden paragraph that should never appear in the text, however long it is.</p></div>
            <div hidden><p>Another hidden paragraph, also long enough to be mistaken for prose, really.</p></div>
            <form><label>Email</label><input name="e"><button>Subscribe now</button></form>
            <noscript><p>Please enable JavaScript to see the comments on this article, thank you.</p></noscript>
            <p>\(prose(2))</p></article>
            """)
        let text = try extract(html).text
        #expect(text == [prose(1), prose(2)].joined(separator: "\n\n"))
    }

    @Test func theTemplatesNameForTheBodyWinsOverALongerSidebar() throws {
        let sidebar = (1...6).map { "<p>Teaser \($0): a long summary of another story, with commas, dates and facts, to make it look like prose.</p>" }.joined()
        let html = page("""
            <div class="layout"><div class="col-main"><div itemprop="articleBody"><p>\(prose(1))</p><p>\(prose(2))</p><p>\(prose(3))</p>
            <p>\(prose(4))</p></div></div><div class="col-side">\(sidebar)</div></div>
            """)
        let text = try extract(html).text
        #expect(text == (1...4).map(prose).joined(separator: "\n\n"))
    }

    @Test func aHeadingThatMatchesTheTitleIsNotRepeatedInTheText() throws {
        let html = page(head: "<title>Talks Resume in Geneva | The Paper</title>",
                        "<article><h1>Talks Resume in Geneva</h1><p>\(prose(1))</p><p>\(prose(2))</p></article>")
        let extracted = try extract(html)
        #expect(extracted.title == "Talks Resume in Geneva")
        #expect(!extracted.text.contains("Talks Resume"))
    }

    @Test func aPageWithoutBodyTextIsAnErrorThatSaysSo() {
        let noBody = #expect(throws: IngestError.self) { try extract("<html><head><title>x</title></head></html>") }
        #expect(noBody?.description == "the page has no body text")
        #expect(throws: IngestError.self) { try extract(page("<nav><a href='/'>Home</a></nav>")) }
        let empty = #expect(throws: IngestError.self) { try extract("") }
        #expect(empty?.metadata == nil)
    }

    /// A video or gallery page has no article text, but what it says about itself (title, date,
    /// authors, URL) comes with the error, for `byline extract` and the date evaluation.
    @Test func aPageWithoutArticleTextKeepsItsMetadataInTheError() {
        let html = page(
            head: """
                <title>Flood Footage From the Valley | The Paper</title>
                <meta property="article:published_time" content="2025-06-19T08:30:00+02:00">
                <meta name="author" content="Ana Ruiz"><link rel="canonical" href="https://paper.example/2025/06/19/flood-video">
                """,
            "<nav><a href='/'>Home</a> <a href='/video'>Video</a></nav><div class=player></div>")
        let error = #expect(throws: IngestError.self) { try extract(html) }
        #expect(error?.description == "the page has no body text")
        let metadata = error?.metadata
        #expect(metadata?.text == "")
        #expect(metadata?.title == "Flood Footage From the Valley")
        #expect(metadata?.publishedAt == "2025-06-19T08:30:00+02:00")
        #expect(metadata?.authors == ["Ana Ruiz"])
        #expect(metadata?.url == "https://paper.example/2025/06/19/flood-video")
    }

    /// A page of nothing but markup still gives whatever text it has, and no crash.
    @Test func brokenMarkupStillGivesItsText() throws {
        let html = "<html><body><div><p>\(prose(1))<p>\(prose(2))</div></span></b><table><tr><td><p>\(prose(3))</table>"
        let text = try extract(html).text
        #expect(text.contains(prose(1)) && text.contains(prose(2)) && text.contains(prose(3)))
    }

    @Test func aLeadKeptOutsideTheBodyElementIsPartOfTheText() throws {
        let html = page("""
            <article><header><h1>The Headline</h1><p class="standfirst">The lead says what happened, in one sentence, before the body.</p>
            <div class="byline">By Jane Doe</div></header>
            <div class="article-body"><p>\(prose(1))</p><p>\(prose(2))</p></div></article>
            """)
        let text = try extract(html).text
        #expect(text == ["The lead says what happened, in one sentence, before the body.", prose(1), prose(2)].joined(separator: "\n\n"))
    }

    @Test func aColumnOfTeasersBesideTheArticleIsLeftOut() throws {
        let teasers = (1...4).map { n in
            "<div class=\"item\"><h5><a href=\"/s\(n)\">Another story number \(n) with a headline</a></h5><p>SYDNEY - A summary of that other story, with commas, as teasers have it, and then it stops ...</p></div>"
        }.joined()
        let html = page("<div class=\"row\"><div class=\"left\">\((1...6).map { "<p>\(prose($0))</p>" }.joined())</div><div class=\"right\">\(teasers)</div></div>")
        let text = try extract(html).text
        #expect(text == (1...6).map(prose).joined(separator: "\n\n"))
    }

    /// Cards whose link is laid over them empty, naming the story only in its title, are teasers
    /// too, and so are blocks named as similar stories, even inside the article's own element.
    @Test func cardsWithEmptyLinksAndSimilarStoriesAreLeftOut() throws {
        let cards = (1...5).map { n in
            """
            <li><div class="wrapper"><div class="image"><a href="/s\(n)" title="Another story number \(n) with a headline"></a></div>
            <div class="text"><div class="topline">Topic \(n)</div><div class="title">Another story number \(n) with a headline</div>
            <p>A summary of that other story, with commas and clauses, as teasers have it, then it stops ...</p></div></div></li>
            """
        }.joined()
        let story = (1...10).map { "<p>\(prose($0))</p>" }.joined()
        let html = page("""
            <article class="detail"><main><section class="content">\(story)</section>
            <div class="similar-stories"><p>\(prose(11))</p></div><section><ul class="timeline">\(cards)</ul></section></main></article>
            """)
        #expect(try extract(html).text == (1...10).map(prose).joined(separator: "\n\n"))
    }

    @Test func linksSetAsLinesAfterTheLastParagraphGoWithTheirLabels() throws {
        let html = page("""
            <div class="body-text">\(prose(1))<br><br>\(prose(2))<br><br><b>UPDATES</b><br>
            <a href="/a">Grieving the lost: residents who have died</a><br><a href="/b">New York state</a><br><a href="/c">New Jersey</a></div>
            """)
        let text = try extract(html).text
        #expect(text == prose(1) + "\n\n" + prose(2))
    }

    @Test func callsToShareOrSubscribeAtTheEndAreCut() throws {
        let html = page("<article><p>\(prose(1))</p><p>\(prose(2))</p><p>Share this article with your friends!</p><p>Abonnieren Sie unseren Newsletter.</p></article>")
        #expect(try extract(html).text == prose(1) + "\n\n" + prose(2))
        // Notices that give themselves away anywhere in them, not only by how they open.
        let notices = page("""
            <article><p>\(prose(1))</p><p>\(prose(2))</p><p>Subscribe now to our e-edition for the full story.</p>
            <p>Follow The Paper on Twitter and Instagram @ThePaper and on Facebook.</p>
            <p>© 2025 ThePaper.com. This article is the property of The Paper. Written permission must be obtained before reprint.</p>
            <p>¿Ya sabías que tenemos canal de Telegram? Únete desde tu celular.</p></article>
            """)
        #expect(try extract(notices).text == prose(1) + "\n\n" + prose(2))
        // A copyright notice written out at length, as long as a paragraph of the story.
        let notice = "© 2025, ThePaper.com. This article is the copyrighted property of The Paper. Written permission must be obtained "
            + "before reprint in online or print media. Reprinting content without permission and/or payment is theft and punishable by law, "
            + "and we will pursue every copy found on other sites, in print or online, whoever made it and wherever it appears."
        #expect(try extract(page("<article><p>\(prose(1))</p><p>\(prose(2))</p><p>\(notice)</p></article>")).text == prose(1) + "\n\n" + prose(2))
        // A footer's menu line set into the body.
        let menu = "<p>Impressum | Datenschutz | Copyright Anna Muster | A Kanga project</p>"
        #expect(try extract(page("<article><p>\(prose(1))</p><p>\(prose(2))</p>\(menu)</article>")).text == prose(1) + "\n\n" + prose(2))
        // A closing sentence about copyright law stays.
        let law = "Copyright law, the minister said, would be reviewed next year, after the consultation on the new rules for online platforms ends."
        #expect(try extract(page("<article><p>\(prose(1))</p><p>\(prose(2))</p><p>\(law)</p></article>")).text.hasSuffix(law))
        // A closing paragraph that only mentions a channel stays.
        let story = page("<article><p>\(prose(1))</p><p>\(prose(2))</p><p>The video was posted on YouTube on Monday, the ministry said.</p></article>")
        #expect(try extract(story).text.hasSuffix("The video was posted on YouTube on Monday, the ministry said."))
    }

    /// "Read also" lines inside the body point to other stories; a sentence that only opens alike stays.
    @Test func readAlsoLinksInsideTheBodyAreLeftOut() throws {
        let html = page("""
            <article><p>\(prose(1))</p><p>Lesen Sie auch: <a href="/x">Ein anderer Artikel über etwas anderes</a></p><p>\(prose(2))</p>
            <p><strong>Czytaj też:</strong> <a href="/y">Wyścig zbrojeń ruszył</a></p>
            <p>Read more closely, the law says something else, the <a href="/law">judge</a> wrote in her ruling on Monday.</p><p>\(prose(3))</p></article>
            """)
        #expect(try extract(html).text == [prose(1), prose(2), "Read more closely, the law says something else, the judge wrote in her ruling on Monday.", prose(3)].joined(separator: "\n\n"))
    }

    /// A commentary is an opinion piece, not its readers' comments.
    @Test func anArticleNamedAsCommentaryIsTheArticle() throws {
        let html = page("""
            <div class="news subjective commentary article"><article class="sectbody" itemprop="articleBody"><p>\(prose(1))</p><p>\(prose(2))</p></article></div>
            <div class="comments"><p>Please register and respect our netiquette before you comment, thank you.</p></div>
            """)
        #expect(try extract(html).text == prose(1) + "\n\n" + prose(2))
    }

    /// Ruby readings (furigana) are printed above the characters: the text has the characters alone.
    @Test func rubyReadingsAreNotText() throws {
        let html = page("<article><p><ruby>法律<rp>(</rp><rt>ほうりつ</rt><rp>)</rp></ruby>ができて、<ruby>子<rt>こ</rt></ruby>どもを守ります。</p><p>\(prose(1))</p><p>\(prose(2))</p></article>")
        let text = try extract(html).text
        #expect(text.hasPrefix("法律ができて、子どもを守ります。"))
    }

    /// Templates that set the story in several blocks of one kind, with ads between them.
    @Test func anArticleSplitIntoBlocksOfOneKindIsKeptWhole() throws {
        let first = (1...6).map { "<p>\(prose($0))</p>" }.joined()
        let rest = (7...31).map { "<p>\(prose($0))</p>" }.joined()
        let html = page("""
            <article class="content"><div class="row"><div class="columns">\(first)</div></div>
            <div class="row"><aside class="ad">Advertisement</aside></div>
            <div class="row"><div class="columns">\(rest)</div></div></article>
            <div class="teasers"><p>Another story: <a href="/x">a headline that links away from here</a></p></div>
            """)
        #expect(try extract(html).text == (1...31).map(prose).joined(separator: "\n\n"))
    }

    @Test func authorBoxesDateLinesAndFilePhotoCaptionsAreLeftOut() throws {
        let html = page("""
            <article><p>FILE PHOTO: The minister speaks at a news conference in Paris, France, January 16, 2020. REUTERS/Staff</p>
            <p>January 18, 2020</p><p>\(prose(1))</p><p>\(prose(2))</p>
            <div class="author-box"><p>Jane Doe has covered diplomacy for twenty years, in Geneva, Vienna and New York.</p></div></article>
            """)
        #expect(try extract(html).text == prose(1) + "\n\n" + prose(2))
    }

    /// Page builders name every part after themselves: `elementor-widget` is structure, not a widget sidebar.
    @Test func pageBuilderWrappersAreNotBoilerplate() throws {
        let html = page("""
            <div class="elementor-widget-wrap"><div class="elementor-element elementor-widget elementor-widget-theme-post-content">
            <div class="elementor-widget-container"><p>\(prose(1))</p><p>\(prose(2))</p></div></div>
            <div class="elementor-element elementor-widget elementor-widget-share-buttons"><a href="#">Share</a></div></div>
            """)
        #expect(try extract(html).text == prose(1) + "\n\n" + prose(2))
    }

    @Test func aDatelineOpeningTheFirstParagraphStays() throws {
        let html = page("<div class=\"entry\"><p><span class=\"dateline\">KOBE – </span>A total of 6,000 surgical masks have been lost at a hospital, it was learned Tuesday.</p><p>\(prose(2))</p></div>")
        #expect(try extract(html).text.hasPrefix("KOBE – A total of 6,000 surgical masks"))
    }
}
