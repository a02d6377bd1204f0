import Foundation

/// How a command names a questionnaire: an id (compiled from its current source), `id@version` (the committed
/// compiled form), or a path to a source `.yaml` or a compiled `.json`.
public enum QuestionnaireReference {
    public enum Failure: Error, Sendable {
        /// The questionnaire has errors; they are the diagnostics.
        case invalid([Diagnostic])
        case notFound(String)
    }

    public static func resolve(
        _ reference: String, repository: Repository, library: QuestionnaireLibrary,
        workingDirectory: String
    ) -> Result<CompiledQuestionnaire, Failure> {
        let path = Repository.absolutePath(reference, relativeTo: workingDirectory)
        if reference.hasSuffix(".json") {
            guard let bytes = try? FileStore.read(path, limit: FileStore.Limit.compiled) else { return .failure(.notFound("no such file: \(reference)")) }
            return decode(bytes, file: repository.relative(path))
        }
        if reference.hasSuffix(".yaml") || reference.hasSuffix(".yml") {
            guard FileStore.exists(path) else { return .failure(.notFound("no such file: \(reference)")) }
            guard let source = library.source(file: repository.relative(path)) else {
                if let problems = Optional(library.diagnostics.filter { $0.location.file == repository.relative(path) }), problems.hasErrors {
                    return .failure(.invalid(problems))
                }
                return .failure(.notFound("\(reference) is not a questionnaire under \(repository.path("questionnaires"))"))
            }
            return compile(source.id.value, library)
        }
        if let at = reference.firstIndex(of: "@") {
            let id = String(reference[..<at])
            let version = String(reference[reference.index(after: at)...])
            if let problem = Identifier.problem(with: id, as: .questionnaire) ?? Identifier.problem(with: version, as: .version) {
                return .failure(.notFound(problem))
            }
            let relative = QuestionnairePublisher.compiledPath(id: id, version: version)
            guard let bytes = try? repository.read(relative, limit: FileStore.Limit.compiled) else {
                return .failure(.notFound("no compiled questionnaire \(relative); run 'star questionnaire compile' first"))
            }
            return decode(bytes, file: relative)
        }
        guard library.source(id: reference) != nil else {
            let known = library.sources.map(\.id.value).sorted().joined(separator: ", ")
            return .failure(.notFound("no questionnaire with id '\(reference)' (known: \(known.isEmpty ? "none" : known))"))
        }
        return compile(reference, library)
    }

    private static func compile(_ id: String, _ library: QuestionnaireLibrary) -> Result<CompiledQuestionnaire, Failure> {
        let (questionnaire, diagnostics) = QuestionnaireCompiler.compile(id, in: library)
        guard let questionnaire else { return .failure(.invalid(diagnostics)) }
        return .success(questionnaire)
    }

    private static func decode(_ bytes: [UInt8], file: String) -> Result<CompiledQuestionnaire, Failure> {
        do {
            let json = try JSONParser.parse(bytes)
            return .success(try CompiledQuestionnaire(json: json))
        } catch let error as JSONParseError {
            return .failure(
                .invalid([.error("json-syntax", "invalid JSON: \(error.message)", at: SourceLocation(file: file, line: error.line, column: error.column))]))
        } catch {
            return .failure(.invalid([.error("invalid-compiled", "\(error)", at: SourceLocation(file: file))]))
        }
    }
}
