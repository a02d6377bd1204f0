import ArgumentParser
import StarCore

struct QuestionnaireCompileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile",
        abstract: "Resolve, check and write compiled questionnaires.",
        discussion: """
            Writes questionnaires/compiled/<id>/<version>.json: canonical JSON with every question under its \
            cluster and point, parameters substituted, each question's origin, and a sha256 digest. Unchanged \
            input writes nothing. A version pinned by a final assessment is frozen: changing its content \
            without a new version number is an error. Nothing is written for a questionnaire with errors.

            Examples:
              star questionnaire compile                       # every questionnaire that can be assessed
              star questionnaire compile questionnaires/KH/garment.yaml
            """
    )

    @Argument(help: "Source files or questionnaire ids to compile. Default: all non-abstract questionnaires.")
    var questionnaires: [String] = []

    @OptionGroup var repositoryOptions: RepositoryOptions
    @OptionGroup var diagnosticOptions: DiagnosticOptions

    func run() throws {
        let repository = try repositoryOptions.repository()
        // What is frozen and what is written are decided together.
        let lock = try withRepositoryErrors { try RepositoryLock(repository) }
        defer { lock.release() }
        let library = QuestionnaireLibrary.load(from: repository)
        let publisher = QuestionnairePublisher(repository: repository, pinned: PinnedVersions.scan(repository))

        var ids: [String] = []
        var diagnostics: [Diagnostic] = []
        if questionnaires.isEmpty {
            ids = library.assessableIDs
            diagnostics += library.diagnostics
        }
        for reference in questionnaires {
            if reference.hasSuffix(".yaml") || reference.hasSuffix(".yml") {
                let relative = repository.relative(Repository.absolutePath(reference, relativeTo: Console.workingDirectory))
                if let source = library.source(file: relative) {
                    ids.append(source.id.value)
                } else {
                    let problems = library.diagnostics.filter { $0.location.file == relative }
                    guard problems.hasErrors else {
                        Console.error("error: \(reference) is not a questionnaire source under \(repository.path("questionnaires"))")
                        throw ExitStatus.usage
                    }
                    diagnostics += problems
                }
            } else if library.source(id: reference) != nil {
                ids.append(reference)
            } else {
                Console.error("error: no questionnaire with id '\(reference)'")
                throw ExitStatus.usage
            }
        }

        var lines: [String] = []
        var outputs: [JSONValue] = []
        for id in ids {
            let (compiled, found) = QuestionnaireCompiler.compile(id, in: library)
            diagnostics += found
            guard let compiled, let source = library.source(id: id) else { continue }
            if source.isAbstract {
                lines.append("skipped \(id): abstract (compiled only as part of the questionnaires extending it)")
                continue
            }
            let check = publisher.check(compiled, versionLocation: source.version.location)
            if let problem = check.problem {
                diagnostics.append(problem)
                continue
            }
            let state: String
            let digest: String
            if let frozenDigest = check.frozenDigest {
                (state, digest) = ("frozen, unchanged", frozenDigest)
            } else {
                (state, digest) = (try withRepositoryErrors { try publisher.write(compiled) }.rawValue, compiled.digest)
            }
            let path = QuestionnairePublisher.compiledPath(id: compiled.id, version: compiled.version)
            lines.append("\(state): \(path) (\(compiled.questions.count) questions, \(digest.prefix(19))…)")
            outputs.append(.object(["id": .string(compiled.id), "version": .string(compiled.version), "path": .string(path),
                                    "questions": .int(compiled.questions.count), "digest": .string(digest), "outcome": .string(state)]))
        }
        diagnostics = Array(Set(diagnostics)).sorted()
        switch diagnosticOptions.format {
        case .json:
            Console.out(CanonicalJSON.string(.object([
                "outputs": .array(outputs),
                "diagnostics": .array(diagnostics.map(DiagnosticRenderer.json)),
            ])))
        case .text, .github:
            Console.diagnostics(diagnostics, format: diagnosticOptions.format)
            if !lines.isEmpty { Console.out(lines.joined(separator: "\n") + "\n") }
        }
        if diagnosticOptions.isFailure(diagnostics) { throw ExitStatus.findings }
    }
}
