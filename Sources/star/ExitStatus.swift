import ArgumentParser
import Foundation
import StarCore

/// The documented exit codes (README, "Exit codes").
enum ExitStatus {
    static let findings = ExitCode(1)
    static let usage = ExitCode(64)
    static let noRepository = ExitCode(66)
    static let cannotOverwrite = ExitCode(73)
    static let ioFailure = ExitCode(74)

    static func code(for kind: FailureKind) -> ExitCode {
        switch kind {
        case .usage: usage
        case .findings: findings
        case .refused: cannotOverwrite
        case .io: ioFailure
        case .noRepository: noRepository
        }
    }

    static func code(for error: RepositoryError) -> ExitCode {
        code(for: error.kind)
    }

    /// The one place a core failure becomes what the user sees: its diagnostics, each message as
    /// `error: ...`, its notes, on stderr; then the exit code of its kind. StarCommand.main calls it for
    /// whatever a command throws.
    static func report(_ failure: some StarFailure) -> ExitCode {
        if !failure.diagnostics.isEmpty { Console.diagnostics(failure.diagnostics, format: .text, asSideNote: true) }
        Console.error((failure.messages.map { "error: \($0)" } + failure.notes.map { "  note: \($0)" }).joined(separator: "\n"))
        return code(for: failure.kind)
    }
}

/// A usage error with `message`, to throw (StarCommand.main prints it).
func usage(_ message: String) -> StarError {
    .usage(message)
}

/// Runs `body` holding the repository's write lock (RepositoryLock): every command that reads a file and then
/// writes it runs its read and its write inside, so concurrent commands never lose each other's updates.
func locked<T>(_ repository: Repository, _ body: () throws -> T) throws -> T {
    let lock = try RepositoryLock(repository)
    defer { lock.release() }
    return try body()
}
