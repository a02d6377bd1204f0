/// What kind of failure stopped an operation. The command layer maps each kind to one documented exit code
/// (README, "Exit codes"), in one place (Sources/star/ExitStatus.swift).
public enum FailureKind: Sendable, Equatable {
    /// The user asked for something that cannot be (an unknown id, a date that does not exist): exit 64.
    case usage
    /// A file has errors (the diagnostics say where): exit 1.
    case findings
    /// Doing it would overwrite or rewrite what star never overwrites: exit 73.
    case refused
    /// A file could not be read or written: exit 74.
    case io
    /// There is no repository where one was looked for: exit 66.
    case noRepository
}

/// The one notion of failure of the core: every error a StarCore operation throws conforms, so the command
/// layer renders any of them the same way (the diagnostics, then each message as `error: ...`, then the notes).
public protocol StarFailure: Error {
    var kind: FailureKind { get }
    /// What went wrong, one line per problem (a factory with two wrong values has two).
    var messages: [String] { get }
    /// The located problems behind a `findings` failure.
    var diagnostics: [Diagnostic] { get }
    /// What to do about it.
    var notes: [String] { get }
}

extension StarFailure {
    public var diagnostics: [Diagnostic] { [] }
    public var notes: [String] { [] }
}

/// A failure with no type of its own: a usage error of a listing, a refusal of an operation.
public struct StarError: StarFailure, Sendable, Equatable, CustomStringConvertible {
    public var kind: FailureKind
    public var message: String
    public var diagnostics: [Diagnostic]
    public var notes: [String]

    public init(_ kind: FailureKind, _ message: String, diagnostics: [Diagnostic] = [], notes: [String] = []) {
        self.kind = kind
        self.message = message
        self.diagnostics = diagnostics
        self.notes = notes
    }

    public static func usage(_ message: String) -> StarError { StarError(.usage, message) }

    public var messages: [String] { [message] }
    public var description: String { message }
}

// MARK: - The core's error types

extension RepositoryError: StarFailure {
    public var kind: FailureKind {
        switch self {
        case .notFound, .notARepository: .noRepository
        case .io, .refused: .io
        case .alreadyExists: .refused
        case .invalidSettings: .findings
        }
    }

    public var messages: [String] { [description] }
}

extension RegistryError: StarFailure {
    public var kind: FailureKind {
        switch self {
        case .invalid: .usage
        case .duplicate: .refused
        case .repository(let error): error.kind
        }
    }

    public var messages: [String] {
        switch self {
        case .invalid(let problems): problems
        case .duplicate(let message): [message]
        case .repository(let error): error.messages
        }
    }
}

extension ReportError: StarFailure {
    public var kind: FailureKind { .usage }
    public var messages: [String] { [description] }
}

extension PICCError: StarFailure {
    public var kind: FailureKind { .usage }
    public var messages: [String] { [description] }
}

extension PlanStore.Failure: StarFailure {
    public var kind: FailureKind {
        switch self {
        case .unknownFactory, .unknownItem, .refused: .usage
        case .invalidPlan: .findings
        case .repository(let error): error.kind
        }
    }

    public var messages: [String] {
        switch self {
        case .invalidPlan: ["the plan file has errors; fix them (or restore it from version control) before changing it"]
        case .repository(let error): error.messages
        default: [description]
        }
    }

    public var diagnostics: [Diagnostic] {
        if case .invalidPlan(let diagnostics) = self { return diagnostics }
        return []
    }
}

extension AssessmentStore.RecordingError: StarFailure {
    public var kind: FailureKind {
        switch self {
        case .invalid: .findings
        case .refused: .refused
        case .repository(let error): error.kind
        }
    }

    public var messages: [String] {
        switch self {
        case .invalid: ["nothing was written"]
        case .refused(let message, _): [message]
        case .repository(let error): error.messages
        }
    }

    public var diagnostics: [Diagnostic] {
        if case .invalid(let diagnostics) = self { return diagnostics }
        return []
    }

    public var notes: [String] {
        if case .refused(_, let notes) = self { return notes }
        return []
    }
}

extension QuestionnaireReference.Failure: StarFailure {
    public var kind: FailureKind {
        switch self {
        case .invalid: .findings
        case .notFound: .usage
        }
    }

    public var messages: [String] {
        switch self {
        case .invalid: ["the questionnaire has errors"]
        case .notFound(let message): [message]
        }
    }

    public var diagnostics: [Diagnostic] {
        if case .invalid(let diagnostics) = self { return diagnostics }
        return []
    }
}

extension ConsentStore.Failure: StarFailure {
    /// A consent file with errors is a finding; anything else a refusal of what was asked.
    public var kind: FailureKind { diagnostics.isEmpty ? .usage : .findings }
    public var messages: [String] { [diagnostics.isEmpty ? description : "\(description); fix it (or restore it from version control) first"] }
}

extension HistoryCheck.Failure: StarFailure {
    public var kind: FailureKind { .usage }
    public var messages: [String] { [description] }
}

extension AnswerError: StarFailure {
    public var kind: FailureKind { .usage }
    public var messages: [String] { [message] }
}

extension CompiledFormatError: StarFailure {
    public var kind: FailureKind { .findings }
    public var messages: [String] { [message] }
}

extension SigningKeys.Failure: StarFailure {
    public var kind: FailureKind { .refused }
    public var messages: [String] { [description] }
}

extension ConsentSigningError: StarFailure {
    public var kind: FailureKind { .usage }
    public var messages: [String] { [description] }
}

extension XLSXWriter.WriteError: StarFailure {
    public var kind: FailureKind { .io }
    public var messages: [String] { [description] }
}
