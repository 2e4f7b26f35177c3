// bench-report: how long `byline report` takes to write the reports of the 924 PolNeAR articles
// (dev and train texts in ../shared/data) from stored analyses. Prints figures; asserts nothing.
//
//   swift build -c release --product bench-report && .build/release/bench-report [--corpus DIR] [--passes N]
//
// The analyses are made once, in-process with the built-in analyzers and the coordinator's merge,
// and stored with their texts in .build/bench-report/analyses.jsonl, as `byline analyze
// --with-text --format jsonl` writes them (delete it to make them again). Each pass then times
// reading that file and writing the whole report (a page per article, the dashboard, entity pages,
// the article list) into a fresh directory, as `byline report analyses.jsonl --out DIR` does.
// Articles are dated by their file names (outlet_YYYY-MM-DD_slug.txt).

import AnalyzerKit
import ArticleModel
import BuiltinAnalyzers
import Coordinator
import Foundation
import JSONCoding
import Report

func option(_ name: String) -> String? {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

func now() -> Double { Date().timeIntervalSinceReferenceDate }

/// CPU seconds this process has used (user and system, all threads): steadier than wall time on a
/// machine shared with other work.
func cpu() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

let corpus = option("--corpus") ?? "../shared/data/polnear"
let passes = Int(option("--passes") ?? "3") ?? 3
let cache = ".build/bench-report/analyses.jsonl"

if !FileManager.default.fileExists(atPath: cache) {
    var paths: [String] = []
    for split in ["dev", "train"] {
        let directory = "\(corpus)/\(split)/text"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        paths += names.filter { $0.hasSuffix(".txt") }.sorted().map { "\(directory)/\($0)" }
    }
    guard !paths.isEmpty else {
        print("bench-report: no articles under \(corpus)/{dev,train}/text (give --corpus DIR)")
        exit(1)
    }
    print("bench-report: analysing \(paths.count) articles once (in-process, all built-in analyzers) into \(cache)")
    let analyzers = try BuiltinAnalyzers.names.compactMap { try BuiltinAnalyzers.make($0) }
    var lines: [UInt8] = []
    let started = now()
    for path in paths {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let parts = name.split(separator: "_")
        let date = parts.count > 1 && PublicationTime(iso8601: String(parts[1])) != nil ? String(parts[1]) : nil
        let article = Article(id: name, text: text, source: parts.first.map(String.init), publishedAt: date)
        var results: [ServiceResult] = []
        for analyzer in analyzers {
            let output = try await analyzer.analyze(AnalysisRequest(article: article))
            results.append(ServiceResult(
                service: analyzer.descriptor.name, version: analyzer.descriptor.version, status: .ok, ms: 0, attempts: 1, output: output))
        }
        var merged = Merger.merge(metadata: article.metadata, textLength: text.unicodeScalars.count, results: results)
        merged.text = text
        var output = JSONOutput()
        try output.value(merged)
        lines += output.bytes + [0x0A]
    }
    try FileManager.default.createDirectory(atPath: ".build/bench-report", withIntermediateDirectories: true)
    try Data(lines).write(to: URL(fileURLWithPath: cache))
    print(String(format: "  analysed in %.1f s", now() - started))
}

let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: cache)))
var cpuModel = "unknown CPU"
if let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
    let line = info.split(separator: "\n").first(where: { $0.hasPrefix("model name") })
{
    cpuModel = line.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? cpuModel
}
print("bench-report: \(cache), \(bytes.count / 1024) KB; \(ProcessInfo.processInfo.activeProcessorCount) cores, \(cpuModel)")

for pass in 1...passes {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bench-report-\(pass)-\(getpid())").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let started = now()
    let startedCPU = cpu()
    var analyses: [AnalysisItem] = []
    AnalysisFiles.read(bytes, name: cache) { analyses.append($0) }
    let read = now()
    let writer = try ReportWriter(directory: directory, generator: "bench-report")
    var failed = 0
    for item in analyses {
        if let analysis = item.analysis { try writer.add(analysis, missingText: item.missingText) } else { failed += 1 }
    }
    let pages = now()
    let summary = try writer.finish()
    let finished = now()
    let usedCPU = cpu() - startedCPU
    let index = (try? FileManager.default.attributesOfItem(atPath: summary.index)[.size] as? Int) ?? 0
    let articleBytes = ((try? FileManager.default.contentsOfDirectory(atPath: directory + "/articles")) ?? []).reduce(0) { total, name in
        total + ((try? FileManager.default.attributesOfItem(atPath: directory + "/articles/" + name)[.size] as? Int) ?? 0)
    }
    let total = finished - started
    print(String(
        format: "pass %d: %d articles in %.2f s wall, %.2f s CPU (%.3f s wall per 100): reading %.2f s, article pages %.2f s, dashboard + %d entity pages + %d list pages %.2f s; index.html %d KB, article pages %.1f KB each on average%@",
        pass, summary.articles, total, usedCPU, total / Double(max(1, summary.articles)) * 100, read - started, pages - read,
        summary.entityPages, summary.listPages, finished - pages, index / 1024, Double(articleBytes) / 1024 / Double(max(1, summary.articles)),
        failed > 0 ? ", \(failed) unreadable" : ""))
}
