import ArticleModel
import Foundation
import TimelineAnalyzer

/// The repository root, found from this file's path (Tests/TimelineTests/Support.swift).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// ../shared/data/tempeval3, when this checkout has it (CI does not).
let tempEvalDirectory = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/data/tempeval3")
let hasTempEval = FileManager.default.fileExists(atPath: tempEvalDirectory.appendingPathComponent("TimeBank").path)

let june19 = PublicationTime(iso8601: "2025-06-19")!  // a Thursday

/// The time expressions of `text`, read against `published`.
func timexes(_ text: String, published: PublicationTime? = june19) -> [Timex] {
    TimelineAnalyzer.timexes(in: text, publishedAt: published)
}

/// The one time expression whose text is `phrase`.
func timex(_ phrase: String, in text: String, published: PublicationTime? = june19) -> Timex? {
    timexes(text, published: published).first { $0.text == phrase }
}

/// `type value [mod]` of the expression `phrase` in `text`, or a note that it was not found.
func normalised(_ phrase: String, in text: String, published: PublicationTime? = june19) -> String {
    guard let found = timex(phrase, in: text, published: published) else {
        return "not found among " + timexes(text, published: published).map { "'\($0.text)'" }.joined(separator: ", ")
    }
    return "\(found.type.rawValue) \(found.value)" + (found.mod.map { " \($0)" } ?? "")
}
