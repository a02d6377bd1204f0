/// Ids become file names, so they are checked before any path is built from them:
/// a hostile id (`../x`, `/etc`, control characters) is an error, never a path outside the repository.
public enum Identifier {
    public enum Kind: String, Sendable {
        case questionnaire, version, factory, buyer, question, option, parameter, language, assessor
    }

    /// Returns a message describing why `value` is not a valid id of this kind, or nil when it is valid.
    public static func problem(with value: String, as kind: Kind) -> String? {
        isPlainValidASCII(value, as: kind) ? nil : ruleProblem(with: value, as: kind)
    }

    /// The rules, applied one by one to any string.
    static func ruleProblem(with value: String, as kind: Kind) -> String? {
        if value.isEmpty { return "\(kind.rawValue) id is empty" }
        if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "\(kind.rawValue) id contains a control character"
        }
        if value.count > 64 { return "\(kind.rawValue) id '\(value)' is longer than 64 characters" }
        let allowed: (Unicode.Scalar) -> Bool
        let rule: String
        switch kind {
        case .questionnaire, .option:
            allowed = { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
            rule = "lowercase letters, digits and '-'"
        case .version:
            allowed = { isAlphanumeric($0) || $0 == "." || $0 == "-" }
            rule = "letters, digits, '.' and '-'"
        case .factory, .buyer, .assessor:
            allowed = { isAlphanumeric($0) || $0 == "-" || $0 == "_" || $0 == "." }
            rule = "letters, digits, '-', '_' and '.'"
        case .question:
            allowed = { isAlphanumeric($0) || $0 == "." || $0 == "_" }
            rule = "letters, digits, '.' and '_'"
        case .parameter:
            allowed = { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
            rule = "lowercase letters, digits and '_'"
        case .language:
            allowed = { ("a"..."z").contains($0) || $0 == "-" }
            rule = "a lowercase language code such as 'en' or 'fr'"
        }
        guard value.unicodeScalars.allSatisfy(allowed), let first = value.unicodeScalars.first, isAlphanumeric(first) else {
            return "\(kind.rawValue) id '\(value)' must start with a letter or digit and use only \(rule)"
        }
        if value.contains("..") { return "\(kind.rawValue) id '\(value)' must not contain '..'" }
        if kind == .question {
            if value.hasSuffix(".") || !("A"..."Z").contains(first) && !("a"..."z").contains(first) {
                return "question id '\(value)' must start with a letter and not end with '.'"
            }
            if ["yes", "no", "and", "or", "not"].contains(value) { return "question id '\(value)' is a reserved word" }
        }
        return nil
    }

    /// The usual case, decided byte by byte (ids are read from every record): a valid id of printable ASCII.
    /// False means "not sure": `problem` then applies its rules, which agree on every id this accepts.
    static func isPlainValidASCII(_ value: String, as kind: Kind) -> Bool {
        let bytes = value.utf8
        guard let first = bytes.first, bytes.count <= 64, isAlphanumeric(Unicode.Scalar(first)) else { return false }
        func isLowercaseOrDigit(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        var previous: UInt8 = 0
        for byte in bytes {
            let scalar = Unicode.Scalar(byte)
            let allowed: Bool
            switch kind {
            case .factory, .buyer, .assessor:
                allowed = isAlphanumeric(scalar) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
            case .question: allowed = isAlphanumeric(scalar) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
            case .questionnaire, .option: allowed = isLowercaseOrDigit(byte) || byte == UInt8(ascii: "-")
            case .version: allowed = isAlphanumeric(scalar) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
            case .parameter: allowed = isLowercaseOrDigit(byte) || byte == UInt8(ascii: "_")
            case .language: allowed = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || byte == UInt8(ascii: "-")
            }
            guard allowed, !(byte == UInt8(ascii: ".") && previous == UInt8(ascii: ".")) else { return false }
            previous = byte
        }
        if kind == .question {
            guard previous != UInt8(ascii: "."), !("0"..."9").contains(Unicode.Scalar(first)) else { return false }
            switch value {
            case "yes", "no", "and", "or", "not": return false
            default: return true
            }
        }
        return true
    }

    /// An ISO 3166-1 alpha-2 code as star writes it: two uppercase ASCII letters (KH, VN, HT). It becomes
    /// a folder name under factories/, assessments/, plans/ and consents/.
    public static func isCountryCode(_ code: String) -> Bool {
        code.unicodeScalars.count == 2 && code.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) }
    }

    static func isAlphanumeric(_ s: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(s) || ("A"..."Z").contains(s) || ("0"..."9").contains(s)
    }
}
