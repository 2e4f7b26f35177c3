// bench-stance: whole-analyzer throughput of the stance analyzer on one core, and resident memory.
//
//   swift build -c release --product bench-stance
//   .build/release/bench-stance [--corpus DIR] [--seconds 10]   # DIR of .txt files
//   .build/release/bench-stance --show FILE                     # print the analysis of one text
//
// Without --corpus it reads ../shared/data/polnear/dev/text when present, else the seed articles.
// Tokens are TextKit tokens that are not punctuation (what `structure.tokenCount` counts).
import ArticleModel
import Foundation
import StanceAnalyzer
import TextKit

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("bench-stance: \(message)\n".utf8))
    exit(1)
}

func memory(_ field: String) -> String {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return "?" }
    for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
        return line.dropFirst(field.count + 1).trimmingCharacters(in: .whitespaces)
    }
    return "?"
}

/// `--name value` pairs; anything else is an error.
func parseOptions(_ known: Set<String>) -> [String: String] {
    let arguments = Array(CommandLine.arguments.dropFirst())
    var result: [String: String] = [:]
    var index = 0
    while index < arguments.count {
        guard known.contains(arguments[index]) else { fail("unknown argument \(arguments[index])") }
        guard index + 1 < arguments.count else { fail("\(arguments[index]) needs a value") }
        result[arguments[index]] = arguments[index + 1]
        index += 2
    }
    return result
}
let options = parseOptions(["--show", "--seconds", "--corpus", "--tags"])

let analyzer = try StanceAnalyzer()

if let path = options["--tags"] {
    // Debugging aid: every token of the text with its attribution label.
    guard let text = try? String(contentsOfFile: path, encoding: .utf8), let tagger = analyzer.models.attribution else { fail("cannot read \(path) or no model") }
    let article = ArticleText(text)
    let labels = tagger.tag(article)
    var line = ""
    for (index, token) in article.tokens.enumerated() {
        line += labels[index] == .outside ? token.text + " " : "\(token.text)/\(labels[index].name) "
        if token.isSentenceFinal { print(line); line = "" }
    }
    print(line)
    exit(0)
}

if let path = options["--show"] {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { fail("cannot read \(path)") }
    let output = analyzer.analyze(text: text)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(output), as: UTF8.self))
    exit(0)
}

guard let seconds = Double(options["--seconds"] ?? "10") else { fail("--seconds needs a number") }
var directories: [String] = []
if let corpus = options["--corpus"] {
    directories = [corpus]
} else if FileManager.default.fileExists(atPath: "../shared/data/polnear/dev/text") {
    directories = ["../shared/data/polnear/dev/text"]
} else {
    directories = ["seeds"]
}
var texts: [String] = []
for directory in directories {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory))?.filter { $0.hasSuffix(".txt") }.sorted() ?? []
    for name in names {
        if let text = try? String(contentsOfFile: "\(directory)/\(name)", encoding: .utf8) { texts.append(text) }
    }
}
guard !texts.isEmpty else { fail("no .txt files in \(directories)") }
let tokenCounts = texts.map { Document($0).structure.tokenCount }
let corpusTokens = tokenCounts.reduce(0, +)
print("corpus: \(texts.count) articles, \(corpusTokens) tokens from \(directories.joined(separator: ", "))")
print("after loading models: RSS \(memory("VmRSS"))")

// Warm up once, then run whole passes until the time is up.
var checksum = 0
for text in texts.prefix(5) { checksum &+= analyzer.analyze(text: text).quotes?.count ?? 0 }
let clock = ContinuousClock()
let start = clock.now
var tokens = 0
var articles = 0
var quotes = 0, stances = 0, targets = 0
while clock.now - start < .seconds(seconds) {
    for (index, text) in texts.enumerated() {
        let output = analyzer.analyze(text: text)
        quotes += output.quotes?.count ?? 0
        stances += output.stances?.count ?? 0
        targets += output.sentiment?.count ?? 0
        tokens += tokenCounts[index]
        articles += 1
    }
}
let elapsed = clock.now - start
let secondsElapsed = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
print(String(format: "throughput: %.0f tokens/s, %.1f articles/s on one core (%d articles in %.1f s)",
             Double(tokens) / secondsElapsed, Double(articles) / secondsElapsed, articles, secondsElapsed))
print("per pass: \(quotes * texts.count / max(articles, 1)) quotes, \(stances * texts.count / max(articles, 1)) stances, \(targets * texts.count / max(articles, 1)) sentiment targets")
print("resident memory: RSS \(memory("VmRSS")), peak \(memory("VmHWM"))")
