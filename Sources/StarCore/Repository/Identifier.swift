/// Ids become file names, so they are checked before any path is built from them:
/// a hostile id (`../x`, `/etc`, control characters) is an error, never a path outside the repository.
public enum Identifier {
    public enum Kind: String, Sendable {
        case questionnaire, version, factory, buyer, question, option, parameter, language, assessor
    }

    /// Returns a message describing why `value` is not a valid id of this kind, or nil when it is valid.
    public static func problem(with value: String, as kind: Kind) -> String? {
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

    /// An ISO 3166-1 alpha-2 code as star writes it: two uppercase ASCII letters (KH, VN, HT). It becomes
    /// a folder name under factories/, assessments/, plans/ and consents/.
    public static func isCountryCode(_ code: String) -> Bool {
        code.unicodeScalars.count == 2 && code.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) }
    }

    static func isAlphanumeric(_ s: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(s) || ("A"..."Z").contains(s) || ("0"..."9").contains(s)
    }
}
