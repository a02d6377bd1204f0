import Foundation

/// Renders diagnostics as text (`path:line:column: error: message [CODE]`), JSON, or GitHub annotations.
public enum DiagnosticFormat: String, CaseIterable, Sendable {
    case text, json, github
}

public enum DiagnosticRenderer {
    public static func render(_ diagnostics: [Diagnostic], as format: DiagnosticFormat) -> String {
        let sorted = diagnostics.sorted()
        switch format {
        case .text:
            return sorted.map(text).joined()
        case .json:
            let value = JSONValue.array(sorted.map(json))
            return CanonicalJSON.string(value)
        case .github:
            return sorted.map(github).joined()
        }
    }

    public static func text(_ d: Diagnostic) -> String {
        var line = "\(d.location.file):\(d.location.line):\(d.location.column): \(d.severity.rawValue): \(d.message) [\(d.code)]\n"
        for note in d.notes { line += "  note: \(note)\n" }
        return line
    }

    public static func json(_ d: Diagnostic) -> JSONValue {
        .object([
            "severity": .string(d.severity.rawValue),
            "code": .string(d.code),
            "message": .string(d.message),
            "file": .string(d.location.file),
            "line": .int(d.location.line),
            "column": .int(d.location.column),
            "notes": .array(d.notes.map(JSONValue.string)),
        ])
    }

    static func github(_ d: Diagnostic) -> String {
        let kind = d.severity == .note ? "notice" : d.severity.rawValue
        let message = ([d.message + " [\(d.code)]"] + d.notes).joined(separator: "\n")
        return
            "::\(kind) file=\(escapeProperty(d.location.file)),line=\(d.location.line),col=\(d.location.column),title=\(escapeProperty(d.code))::\(escapeData(message))\n"
    }

    // GitHub's workflow-command escaping rules.
    private static func escapeData(_ s: String) -> String {
        s.replacingOccurrences(of: "%", with: "%25")
            .replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    private static func escapeProperty(_ s: String) -> String {
        escapeData(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }

    /// One-line summary such as `2 errors, 1 warning`.
    public static func summary(_ diagnostics: [Diagnostic]) -> String {
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        return "\(plural(errors, "error")), \(plural(warnings, "warning"))"
    }
}
