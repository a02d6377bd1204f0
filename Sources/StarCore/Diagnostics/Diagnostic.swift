/// A located problem found in a user's file. The core returns these; only the CLI renders them.
public struct Diagnostic: Codable, Sendable, Hashable {
    public enum Severity: String, Codable, Sendable, Hashable {
        case error, warning, note
    }

    public var severity: Severity
    /// Stable, kebab-case code (`unknown-key`, `duplicate-id`, ...) that scripts and docs can rely on.
    public var code: String
    public var message: String
    public var location: SourceLocation
    public var notes: [String]

    public init(_ severity: Severity, _ code: String, _ message: String, at location: SourceLocation, notes: [String] = []) {
        self.severity = severity
        self.code = code
        self.message = message
        self.location = location
        self.notes = notes
    }

    public static func error(_ code: String, _ message: String, at location: SourceLocation, notes: [String] = []) -> Diagnostic {
        Diagnostic(.error, code, message, at: location, notes: notes)
    }

    public static func warning(_ code: String, _ message: String, at location: SourceLocation, notes: [String] = []) -> Diagnostic {
        Diagnostic(.warning, code, message, at: location, notes: notes)
    }
}

extension Diagnostic: Comparable {
    /// Sorted by file, line, column, then severity and code, so output order never depends on discovery order.
    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        if lhs.location != rhs.location { return lhs.location < rhs.location }
        if lhs.severity != rhs.severity { return lhs.severity.rank < rhs.severity.rank }
        if lhs.code != rhs.code { return lhs.code < rhs.code }
        return lhs.message < rhs.message
    }
}

extension Diagnostic.Severity {
    fileprivate var rank: Int {
        switch self {
        case .error: 0
        case .warning: 1
        case .note: 2
        }
    }
}

extension Array where Element == Diagnostic {
    public var hasErrors: Bool { contains { $0.severity == .error } }
    public var hasWarnings: Bool { contains { $0.severity == .warning } }
}
