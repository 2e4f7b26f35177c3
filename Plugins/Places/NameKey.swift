import Foundation

/// The lookup key of a place name, the same function `tools/build-gazetteer` applies to every
/// gazetteer name: compatibility decomposition, combining marks removed, lower case, apostrophes
/// and full stops deleted, every other run of characters that are not letters, digits or spacing
/// marks one space, and `st`, `ste`, `ft`, `mt` spelt out (`St. Mary's` → `saint marys`).
public enum NameKey {
    /// Word abbreviations that gazetteer names spell out.
    static let expansions: [String: String] = ["st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount"]

    /// The key of `name`; empty when it has no letter or digit.
    public static func key<S: StringProtocol>(_ name: S) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        func add(_ scalar: Unicode.Scalar) {
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .enclosingMark:
                return
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                .decimalNumber, .letterNumber, .otherNumber, .spacingMark:
                if pendingSpace && !out.isEmpty { out.append(" ") }
                pendingSpace = false
                if scalar.isASCII {
                    let value = scalar.value
                    out.append(value >= 65 && value <= 90 ? Unicode.Scalar(value + 32)! : scalar)
                } else {
                    out.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
                }
            default:
                if isDeleted(scalar) { return }
                pendingSpace = true
            }
        }
        if name.utf8.allSatisfy({ $0 < 0x80 }) {
            for scalar in name.unicodeScalars { add(scalar) }
        } else {
            for scalar in String(name).decomposedStringWithCompatibilityMapping.unicodeScalars { add(scalar) }
        }
        let text = String(out)
        guard text.contains(" ") || expansions[text] != nil else { return text }
        return text.split(separator: " ").map { expansions[String($0)] ?? String($0) }.joined(separator: " ")
    }

    /// Apostrophes and full stops: deleted, not word breaks (`O'Fallon` → `ofallon`, `U.S.` → `us`).
    static func isDeleted(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x27, 0x2E, 0x60, 0xB4, 0x2BC, 0x2018, 0x2019: true
        default: false
        }
    }
}
