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

    /// How freshly compiled content stands against the committed compiled file, read once.
    public struct Check: Sendable {
        /// An error: the version is frozen and its content would change, or its frozen file is gone.
        public var problem: Diagnostic?
        /// Frozen and unchanged in content (only source lines moved): the committed file stays, and this is
        /// the digest the records pin.
        public var frozenDigest: String?
        /// Not frozen, and the committed file differs from what the sources compile to.
        public var isStale: Bool
    }

    public func check(_ questionnaire: CompiledQuestionnaire, versionLocation: SourceLocation) -> Check {
        let existing = readCompiled(id: questionnaire.id, version: questionnaire.version)
        let changed = existing.map { $0.contentWithoutOrigins != questionnaire.contentWithoutOrigins } ?? true
        guard let record = pinned.pinningRecord(id: questionnaire.id, version: questionnaire.version) else {
            return Check(problem: nil, frozenDigest: nil, isStale: existing != nil && changed)
        }
        let path = Self.compiledPath(id: questionnaire.id, version: questionnaire.version)
        guard let existing else {
            // Recreating it from today's sources could silently change what the records were assessed against.
            return Check(
                problem: .error(
                    "frozen-missing",
                    "version \(questionnaire.version) of '\(questionnaire.id)' is pinned by final records, but \(path) is missing or unreadable",
                    at: versionLocation, notes: ["pinned by \(record)", "restore the file from version control (git checkout -- \(path))"]),
                frozenDigest: nil, isStale: false)
        }
        guard changed else { return Check(problem: nil, frozenDigest: existing.digest, isStale: false) }
        return Check(
            problem: .error(
                "frozen-version", "version \(questionnaire.version) of '\(questionnaire.id)' is frozen: final records pin it, and its content has changed",
                at: versionLocation, notes: ["pinned by \(record)", "give the questionnaire a new version number to publish the change"]),
            frozenDigest: nil, isStale: false)
    }

    public func readCompiled(id: String, version: String) -> CompiledQuestionnaire? {
        guard let bytes = try? repository.read(Self.compiledPath(id: id, version: version), limit: FileStore.Limit.compiled),
            let json = try? JSONParser.parse(bytes)
        else { return nil }
        return try? CompiledQuestionnaire(json: json)
    }

    /// Writes the compiled form. Call `check` first: it decides whether a frozen version may be touched.
    public func write(_ questionnaire: CompiledQuestionnaire) throws(RepositoryError) -> FileStore.Outcome {
        try FileStore.write(
            CanonicalJSON.data(questionnaire.json), to: repository.path(Self.compiledPath(id: questionnaire.id, version: questionnaire.version)))
    }
}
