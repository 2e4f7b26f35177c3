public import Foundation

/// NewsMTSC's JSONL format: one sentence per line with `sentence_normalized` and `targets[]`
/// (`from`, `to`: exclusive Unicode code point offsets; `polarity` 2.0 negative, 4.0 neutral,
/// 6.0 positive).
public enum NewsMTSC {
    public struct Line {
        /// The whole JSON object, kept so that it can be written back with predictions added.
        public var object: [String: Any]
        public var sentence: String
        public var targets: [Target]
    }

    public struct Target {
        public var from: Int
        public var to: Int
        /// 0 negative, 1 neutral, 2 positive; `nil` when the line has no (valid) polarity.
        public var label: Int?
        /// Coreferent mentions in the same sentence (`further_mentions`), as (from, to).
        public var furtherMentions: [(Int, Int)] = []
    }

    public struct FormatError: Error, CustomStringConvertible {
        public var description: String
    }

    public static func label(polarity: Double) -> Int? {
        switch polarity {
        case 2: 0
        case 4: 1
        case 6: 2
        default: nil
        }
    }

    public static func polarity(label: Int) -> Double { [2.0, 4.0, 6.0][label] }

    /// Parses JSONL; blank lines are skipped, a malformed line is an error naming its number.
    public static func parse(_ data: Data) throws -> [Line] {
        var lines: [Line] = []
        var number = 0
        for raw in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            number += 1
            if raw.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(raw)) as? [String: Any],
                let sentence = object["sentence_normalized"] as? String
            else { throw FormatError(description: "line \(number): not a NewsMTSC JSON object") }
            var targets: [Target] = []
            for item in object["targets"] as? [[String: Any]] ?? [] {
                guard let from = (item["from"] as? NSNumber)?.intValue, let to = (item["to"] as? NSNumber)?.intValue else {
                    throw FormatError(description: "line \(number): a target without from/to")
                }
                var target = Target(from: from, to: to, label: (item["polarity"] as? NSNumber).flatMap { label(polarity: $0.doubleValue) })
                for further in item["further_mentions"] as? [[String: Any]] ?? [] {
                    if let from = (further["from"] as? NSNumber)?.intValue, let to = (further["to"] as? NSNumber)?.intValue {
                        target.furtherMentions.append((from, to))
                    }
                }
                targets.append(target)
            }
            lines.append(Line(object: object, sentence: sentence, targets: targets))
        }
        return lines
    }

    /// Training examples: every target with a label whose offsets fall on tokens.
    public static func examples(_ lines: [Line], furtherMentions: Bool = false) -> [SentimentExample] {
        var examples: [SentimentExample] = []
        for line in lines {
            let sentence = SentimentSentence(line.sentence)
            for target in line.targets {
                guard let label = target.label, let range = sentence.tokenRange(from: target.from, to: target.to) else { continue }
                examples.append(SentimentExample(sentence: sentence, target: range, label: label))
                guard furtherMentions else { continue }
                for (from, to) in target.furtherMentions {
                    if let range = sentence.tokenRange(from: from, to: to) {
                        examples.append(SentimentExample(sentence: sentence, target: range, label: label))
                    }
                }
            }
        }
        return examples
    }

    /// Per-class F1 (negative, neutral, positive) and their mean.
    public static func f1(gold: [Int], predicted: [Int]) -> (perClass: [Double], macro: Double) {
        var perClass: [Double] = []
        for label in 0..<3 {
            let tp = zip(gold, predicted).filter { $0 == label && $1 == label }.count
            let fp = zip(gold, predicted).filter { $0 != label && $1 == label }.count
            let fn = zip(gold, predicted).filter { $0 == label && $1 != label }.count
            let p = tp + fp == 0 ? 0 : Double(tp) / Double(tp + fp)
            let r = tp + fn == 0 ? 0 : Double(tp) / Double(tp + fn)
            perClass.append(p + r == 0 ? 0 : 2 * p * r / (p + r))
        }
        return (perClass, perClass.reduce(0, +) / 3)
    }
}
