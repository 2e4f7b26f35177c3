import EntitiesAnalyzer
import Foundation
import TextKit

/// A labelled document: sentences of tokens with their gold names.
struct LabelledDocument {
    var sentences: [[String]]
    var names: [[TokenSpan]]
}

/// A sentence of the Groningen Meaning Bank: tokens and their GMB classes (`per`, `geo`, …) as spans.
struct GMBSentence {
    var tokens: [String]
    var names: [(range: Range<Int>, kind: String)]
}

enum Corpora {
    static func read(_ path: String) throws -> String {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw TrainingError("cannot read \(path)")
        }
        return text
    }

    /// CoNLL-2003 documents with gold names.
    static func conll(_ path: String) throws -> [LabelledDocument] {
        let file = CoNLLFile(try read(path))
        guard file.hasGold else { throw TrainingError("\(path) has no gold tags") }
        return file.documents.map { document in
            LabelledDocument(
                sentences: file.tokens(of: document),
                names: document.sentences.map { lines in IOB.spans(lines.map { file.goldTag($0)! }) })
        }
    }

    /// The GMB export, decompressed by `xz -dc` into memory (nothing is written to disk).
    static func gmb(_ path: String) throws -> [GMBSentence] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["xz", "-dc", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TrainingError("xz -dc \(path) failed") }
        let text = String(decoding: data, as: UTF8.self)
        var sentences: [GMBSentence] = []
        var tokens: [String] = []
        var tags: [String] = []
        func flush() {
            guard !tokens.isEmpty else { return }
            var names: [(Range<Int>, String)] = []
            var start: Int?
            var kind = ""
            for index in 0...tags.count {
                let tag = index < tags.count ? tags[index] : "O"
                let isBegin = tag.hasPrefix("B-")
                let isInside = tag.hasPrefix("I-") && String(tag.dropFirst(2)) == kind
                if let open = start, !isInside {
                    names.append((open..<index, kind))
                    start = nil
                }
                if isBegin || (tag.hasPrefix("I-") && start == nil) {
                    start = index
                    kind = String(tag.dropFirst(2))
                }
            }
            sentences.append(GMBSentence(tokens: tokens, names: names))
            tokens = []
            tags = []
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let columns = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if columns.isEmpty {
                flush()
                continue
            }
            tokens.append(String(columns[0]))
            tags.append(columns.count >= 2 ? String(columns[columns.count - 1]) : "O")
        }
        flush()
        return sentences
    }

    /// Plain-text articles in a folder (sorted by name), split into sentences of tokens by TextKit.
    static func articles(_ folder: String) -> [[String]] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".txt") }.sorted()
        var sentences: [[String]] = []
        for name in names {
            guard let text = try? String(contentsOfFile: folder + "/" + name, encoding: .utf8) else { continue }
            let document = Document(text)
            for sentence in document.sentences { sentences.append(document.tokens(of: sentence).map(\.text)) }
        }
        return sentences
    }

    /// NewsMTSC sentences (`sentence_normalized` of each JSON line), tokenised by TextKit.
    static func newsSentences(_ path: String) -> [[String]] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        var sentences: [[String]] = []
        for line in text.split(separator: "\n") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let sentence = object["sentence_normalized"] as? String
            else { continue }
            sentences.append(Tokenizer.tokenize(sentence).map(\.text))
        }
        return sentences
    }
}

struct TrainingError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

