import ArgumentParser
import StarCore

/// The documented exit codes (README, "Exit codes").
enum ExitStatus {
    static let findings = ExitCode(1)
    static let usage = ExitCode(64)
    static let noRepository = ExitCode(66)
    static let cannotOverwrite = ExitCode(73)
    static let ioFailure = ExitCode(74)

    static func code(for error: RepositoryError) -> ExitCode {
        switch error {
        case .notFound, .notARepository: noRepository
        case .io, .refused: ioFailure
        case .alreadyExists: cannotOverwrite
        case .invalidSettings: findings
        }
    }
}

/// Runs a command body, turning core errors into a message on stderr and the documented exit code.
func withRepositoryErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as RepositoryError {
        Console.error("error: \(error)")
        throw ExitStatus.code(for: error)
    }
}

/// Runs `body` holding the repository's write lock (RepositoryLock): every command that reads a file and then
/// writes it runs its read and its write inside, so concurrent commands never lose each other's updates.
func locked<T>(_ repository: Repository, _ body: () throws -> T) throws -> T {
    let lock = try withRepositoryErrors { try RepositoryLock(repository) }
    defer { lock.release() }
    return try body()
}
