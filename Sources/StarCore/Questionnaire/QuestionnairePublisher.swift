import Foundation

/// Writes compiled questionnaires to `questionnaires/compiled/<id>/<version>.json`, never changing a frozen
/// version and never rewriting identical bytes.
public struct QuestionnairePublisher: Sendable {
    public let repository: Repository
    public let pinned: PinnedVersions

    public init(repository: Repository, pinned: PinnedVersions) {
        self.repository = repository
        self.pinned = pinned
    }

    public static func compiledPath(id: String, version: String) -> String {
        "questionnaires/compiled/\(id)/\(version).json"
    }

    public enum Outcome: Sendable, Equatable {
        case written(FileStore.Outcome)
        /// Pinned by a final record and unchanged in content (only source lines moved): left as it is,
        /// with the digest the records pin.
        case frozenUnchanged(digest: String)
    }

    /// Checks `questionnaire` against a frozen compiled version; an error when the content would change.
    public func frozenProblem(_ questionnaire: CompiledQuestionnaire, versionLocation: SourceLocation) -> Diagnostic? {
        guard let record = pinned.pinningRecord(id: questionnaire.id, version: questionnaire.version) else { return nil }
        let path = Self.compiledPath(id: questionnaire.id, version: questionnaire.version)
        guard let existing = readCompiled(id: questionnaire.id, version: questionnaire.version) else {
            // Recreating it from today's sources could silently change what the records were assessed against.
            return .error("frozen-missing", "version \(questionnaire.version) of '\(questionnaire.id)' is pinned by final records, but \(path) is missing or unreadable",
                          at: versionLocation, notes: ["pinned by \(record)", "restore the file from version control (git checkout -- \(path))"])
        }
        guard existing.contentWithoutOrigins != questionnaire.contentWithoutOrigins else { return nil }
        return .error("frozen-version", "version \(questionnaire.version) of '\(questionnaire.id)' is frozen: final records pin it, and its content has changed",
                      at: versionLocation, notes: ["pinned by \(record)", "give the questionnaire a new version number to publish the change"])
    }

    public func readCompiled(id: String, version: String) -> CompiledQuestionnaire? {
        let path = repository.path(Self.compiledPath(id: id, version: version))
        guard let bytes = try? FileStore.read(path), let json = try? JSONParser.parse(bytes) else { return nil }
        return try? CompiledQuestionnaire(json: json)
    }

    public func publish(_ questionnaire: CompiledQuestionnaire) throws(RepositoryError) -> Outcome {
        let relative = Self.compiledPath(id: questionnaire.id, version: questionnaire.version)
        if pinned.pinningRecord(id: questionnaire.id, version: questionnaire.version) != nil,
           let existing = readCompiled(id: questionnaire.id, version: questionnaire.version),
           existing.contentWithoutOrigins == questionnaire.contentWithoutOrigins {
            return .frozenUnchanged(digest: existing.digest)
        }
        return .written(try FileStore.write(CanonicalJSON.data(questionnaire.json), to: repository.path(relative)))
    }
}
