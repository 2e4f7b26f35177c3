import ArticleModel
import Foundation
import TextKit
import TimelineAnalyzer

// bench-timeline: throughput and memory of the timeline analyzer on one core.
//
//   bench-timeline [FILES_OR_DIRS…] [--seconds N]    tokens/s over the texts (default: seeds/), RSS
//   bench-timeline --show FILE [--published DATE]    the timexes and timeline of one text
//
// .tml files are read as TimeML (TEXT without tags, DCT as the publication date).

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("bench-timeline: \(message)\n".utf8))
    exit(2)
}

/// Resident set size in MB, from /proc/self/status (VmRSS) and the peak (VmHWM).
func memory() -> (rss: Double, peak: Double) {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return (0, 0) }
    func field(_ name: String) -> Double {
        for line in status.split(separator: "\n") where line.hasPrefix(name + ":") {
            let digits = line.split(separator: " ").compactMap { Double($0) }
            return (digits.first ?? 0) / 1024
        }
        return 0
    }
    return (field("VmRSS"), field("VmHWM"))
}

struct Text {
    var name: String
    var text: String
    var published: PublicationTime?
}

func load(_ path: String) -> [Text] {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { fail("no such file: \(path)") }
    if isDirectory.boolValue {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.sorted().filter { $0.hasSuffix(".txt") || $0.hasSuffix(".tml") }
            .flatMap { load((path as NSString).appendingPathComponent($0)) }
    }
    guard let data = FileManager.default.contents(atPath: path), let content = String(data: data, encoding: .utf8) else {
        fail("cannot read \(path) as UTF-8")
    }
    if path.hasSuffix(".tml") {
        guard let document = try? TimeMLDocument(xml: content) else { fail("\(path): not TimeML") }
        let published = document.creationTime.flatMap { PublicationTime(iso8601: $0) ?? PublicationTime(iso8601: String($0.prefix(10))) }
        return [Text(name: path, text: document.text, published: published)]
    }
    return [Text(name: path, text: content, published: nil)]
}

var arguments = Array(CommandLine.arguments.dropFirst())
var seconds = 3.0
var show: String?
var published: String?
var paths: [String] = []
while !arguments.isEmpty {
    let argument = arguments.removeFirst()
    switch argument {
    case "--seconds":
        guard let value = arguments.first.flatMap(Double.init) else { fail("--seconds needs a number") }
        seconds = value
        arguments.removeFirst()
    case "--show":
        guard let value = arguments.first else { fail("--show needs a file") }
        show = value
        arguments.removeFirst()
    case "--published":
        guard let value = arguments.first else { fail("--published needs a date") }
        published = value
        arguments.removeFirst()
    case "-h", "--help":
        print("usage: bench-timeline [FILES_OR_DIRS…] [--seconds N] | --show FILE [--published YYYY-MM-DD]")
        exit(0)
    default:
        paths.append(argument)
    }
}

if let show {
    guard var text = load(show).first else { fail("nothing to show") }
    if let published {
        guard let time = PublicationTime(iso8601: published) else { fail("--published '\(published)' is not ISO 8601") }
        text.published = time
    }
    let analysis = TimelineAnalyzer.analyze(text: text.text, publishedAt: text.published)
    print("timexes:")
    for timex in analysis.timexes {
        var line = "  \(timex.id) [\(timex.span.start), \(timex.span.end)) \(timex.text.debugDescription) \(timex.type.rawValue) \(timex.value)"
        if let mod = timex.mod { line += " mod=\(mod)" }
        if let anchor = timex.anchor { line += " anchor=\(anchor)" }
        if let quant = timex.quant { line += " quant=\(quant)" }
        if let freq = timex.freq { line += " freq=\(freq)" }
        print(line)
    }
    print("timeline:")
    for event in analysis.timeline {
        var line = "  \(event.id) \(event.trigger.text.debugDescription) [\(event.trigger.span.start), \(event.trigger.span.end))"
        if let time = event.time { line += " \(time.relation.rawValue) \(time.value)" + (time.timexId.map { " (\($0))" } ?? "") }
        line += event.ordered ? "" : " unordered"
        if !event.participants.isEmpty { line += " participants: " + event.participants.compactMap(\.text).joined(separator: "; ") }
        if let description = event.description { line += " — \(description)" }
        print(line)
    }
    exit(0)
}

if paths.isEmpty { paths = ["seeds"] }
let texts = paths.flatMap(load)
guard !texts.isEmpty else { fail("no .txt or .tml files in \(paths.joined(separator: ", "))") }
let tokensPerPass = texts.reduce(0) { $0 + Document($1.text).tokens.count }
let scalarsPerPass = texts.reduce(0) { $0 + $1.text.unicodeScalars.count }
// Warm up once, then run passes until the time is up.
var timexCount = 0
for text in texts { timexCount += TimelineAnalyzer.analyze(text: text.text, publishedAt: text.published).timexes.count }
let clock = ContinuousClock()
var passes = 0
var events = 0
let start = clock.now
var elapsed = Duration.zero
repeat {
    for text in texts { events += TimelineAnalyzer.analyze(text: text.text, publishedAt: text.published).timeline.count }
    passes += 1
    elapsed = clock.now - start
} while elapsed < .seconds(seconds)
let secondsTaken = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
let tokens = Double(tokensPerPass * passes)
let (rss, peak) = memory()
print("texts \(texts.count), tokens \(tokensPerPass), scalars \(scalarsPerPass), timexes \(timexCount), passes \(passes)")
print(String(format: "throughput %.0f tokens/s (%.1f articles/s, %.2f ms per article) on one thread", tokens / secondsTaken,
    Double(texts.count * passes) / secondsTaken, secondsTaken * 1000 / Double(texts.count * passes)))
print(String(format: "resident memory %.1f MB (peak %.1f MB)", rss, peak))
