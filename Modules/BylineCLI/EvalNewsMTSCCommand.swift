import ArgumentParser
import Foundation
import StanceAnalyzer

/// `byline eval newsmtsc FILE`: target sentiment on NewsMTSC JSONL, written back with predictions.
struct EvalNewsMTSCCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "newsmtsc",
        abstract: "Classify NewsMTSC targets with the stance analyzer's sentiment model; per-class and macro-F1 to stderr.",
        discussion: """
            Reads NewsMTSC JSONL (sentence_normalized, targets[] with from/to as exclusive code point offsets),
            writes every line back (keys sorted) with "predicted" (2.0 negative, 4.0 neutral, 6.0 positive)
            added to every target, to stdout or --output. When targets carry "polarity", per-class F1 and
            macro-F1 go to stderr.
            """)

    @Argument(help: "NewsMTSC JSONL file.")
    var file: String

    @Option(name: .shortAndLong, help: "Write the annotated JSONL here instead of stdout.")
    var output: String?

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file) else { throw CLIError("cannot read \(file)") }
        let lines: [NewsMTSC.Line]
        do {
            lines = try NewsMTSC.parse(data)
        } catch {
            throw CLIError("\(file): \(error)")
        }
        guard let classifier = try StanceModels.bundled.get().sentiment else {
            throw CLIError("the sentiment model is not available")
        }
        var gold: [Int] = []
        var predicted: [Int] = []
        var out = Data()
        for line in lines {
            let sentence = SentimentSentence(line.sentence)
            var object = line.object
            var targets = object["targets"] as? [[String: Any]] ?? []
            for (index, target) in line.targets.enumerated() where index < targets.count {
                var label = 1
                if let range = sentence.tokenRange(from: target.from, to: target.to) {
                    let p = classifier.probabilities(sentence, target: range)
                    label = p.indices.max { p[$0] < p[$1] } ?? 1
                }
                targets[index]["predicted"] = NewsMTSC.polarity(label: label)
                if let goldLabel = target.label {
                    gold.append(goldLabel)
                    predicted.append(label)
                }
            }
            object["targets"] = targets
            var json = ""
            Self.write(object, to: &json)
            out.append(Data(json.utf8))
            out.append(0x0A)
        }
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: out) else { throw CLIError("cannot write \(output)") }
        } else {
            FileHandle.standardOutput.write(out)
        }
        if !gold.isEmpty {
            let (perClass, macro) = NewsMTSC.f1(gold: gold, predicted: predicted)
            let accuracy = Double(zip(gold, predicted).filter { $0 == $1 }.count) / Double(gold.count)
            FileHandle.standardError.write(Data(String(
                format: "targets %d\nF1 negative %.1f\nF1 neutral  %.1f\nF1 positive %.1f\nmacro-F1    %.1f\naccuracy    %.1f\n",
                gold.count, 100 * perClass[0], 100 * perClass[1], 100 * perClass[2], 100 * macro, 100 * accuracy).utf8))
        }
    }

    /// JSON with sorted keys; `polarity` and `predicted` keep NewsMTSC's form (`4.0`), other whole
    /// numbers are written as integers.
    static func write(_ value: Any, key: String? = nil, to out: inout String) {
        switch value {
        case let object as [String: Any]:
            out += "{"
            for (index, name) in object.keys.sorted().enumerated() {
                if index > 0 { out += "," }
                writeString(name, to: &out)
                out += ":"
                write(object[name]!, key: name, to: &out)
            }
            out += "}"
        case let array as [Any]:
            out += "["
            for (index, item) in array.enumerated() {
                if index > 0 { out += "," }
                write(item, to: &out)
            }
            out += "]"
        case let string as String:
            writeString(string, to: &out)
        case is NSNull:
            out += "null"
        case let bool as Bool where type(of: value) == Bool.self:
            out += bool ? "true" : "false"
        case let number as NSNumber:
            if String(cString: number.objCType) == "c" {
                out += number.boolValue ? "true" : "false"
                return
            }
            let double = number.doubleValue
            if key == "polarity" || key == "predicted", double == double.rounded(), abs(double) < 1e15 {
                out += String(format: "%.1f", double)
            } else if double == double.rounded(), abs(double) < 1e15 {
                out += String(Int64(double))
            } else {
                out += "\(double)"
            }
        case let double as Double:
            write(NSNumber(value: double), key: key, to: &out)
        default:
            out += "null"
        }
    }

    static func writeString(_ string: String, to out: inout String) {
        out += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
