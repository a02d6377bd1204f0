/// `star questionnaire compile`: the sources asked for compiled, checked against the versions final records
/// freeze, and written to questionnaires/compiled/ where they changed.
package struct QuestionnaireCompilation: Sendable {
    /// One compiled questionnaire and what happened to its file.
    package struct Output: Sendable {
        package var id: String
        package var version: String
        package var path: String
        package var questions: Int
        package var digest: String
        /// `written`, `unchanged` (FileStore's outcome), or `frozen, unchanged`.
        package var outcome: String

        /// The shape `questionnaire compile --format json` promises in `outputs`.
        package var json: JSONValue {
            .object([
                "id": .string(id), "version": .string(version), "path": .string(path), "questions": .int(questions),
                "digest": .string(digest), "outcome": .string(outcome),
            ])
        }

        package var line: String { "\(outcome): \(path) (\(questions) questions, \(digest.prefix(19))…)" }
    }

    package var outputs: [Output] = []
    /// A line per questionnaire compiled or skipped (an abstract one is compiled only as part of those that
    /// extend it), in the order asked.
    package var lines: [String] = []
    /// Every problem found, each once, sorted.
    package var diagnostics: [Diagnostic] = []

    /// Compiles `references` (source files relative to `workingDirectory`, or ids), or every questionnaire
    /// that is not abstract when there are none. A reference that names no questionnaire is a usage failure;
    /// a source with errors is reported in `diagnostics` and not written. The caller holds the repository's
    /// lock: what is frozen and what is written are decided together.
    package static func run(_ references: [String], in repository: Repository, workingDirectory: String) throws(StarError) -> QuestionnaireCompilation {
        let library = QuestionnaireLibrary.load(from: repository)
        let publisher = QuestionnairePublisher(repository: repository, pinned: PinnedVersions.scan(repository))
        var result = QuestionnaireCompilation()
        var ids: [String] = []
        if references.isEmpty {
            ids = library.assessableIDs
            result.diagnostics += library.diagnostics
        }
        for reference in references {
            if reference.hasSuffix(".yaml") || reference.hasSuffix(".yml") {
                let relative = repository.relative(Repository.absolutePath(reference, relativeTo: workingDirectory))
                if let source = library.source(file: relative) {
                    ids.append(source.id.value)
                } else {
                    let problems = library.diagnostics.filter { $0.location.file == relative }
                    guard problems.hasErrors else { throw .usage("\(reference) is not a questionnaire source under \(repository.path("questionnaires"))") }
                    result.diagnostics += problems
                }
            } else if library.source(id: reference) != nil {
                ids.append(reference)
            } else {
                throw .usage("no questionnaire with id '\(reference)'")
            }
        }
        for id in ids {
            let (compiled, found) = QuestionnaireCompiler.compile(id, in: library)
            result.diagnostics += found
            guard let compiled, let source = library.source(id: id) else { continue }
            if source.isAbstract {
                result.lines.append("skipped \(id): abstract (compiled only as part of the questionnaires extending it)")
                continue
            }
            let check = publisher.check(compiled, versionLocation: source.version.location)
            if let problem = check.problem {
                result.diagnostics.append(problem)
                continue
            }
            let outcome: String
            let digest: String
            if let frozenDigest = check.frozenDigest {
                (outcome, digest) = ("frozen, unchanged", frozenDigest)
            } else {
                do throws(RepositoryError) { outcome = try publisher.write(compiled).rawValue } catch {
                    throw StarError(error.kind, error.description)
                }
                digest = compiled.digest
            }
            let output = Output(
                id: compiled.id, version: compiled.version, path: QuestionnairePublisher.compiledPath(id: compiled.id, version: compiled.version),
                questions: compiled.questions.count, digest: digest, outcome: outcome)
            result.outputs.append(output)
            result.lines.append(output.line)
        }
        result.diagnostics = Array(Set(result.diagnostics)).sorted()
        return result
    }
}
