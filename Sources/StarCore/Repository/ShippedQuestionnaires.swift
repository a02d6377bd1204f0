/// The questionnaires star ships, built into the binary (ShippedQuestionnaires+Texts.swift, generated from
/// questionnaires/ by scripts/embed_questionnaires.py), so that a repository can start from them with the
/// binary alone: `star init DIR --questionnaires KH`.
public enum ShippedQuestionnaires {
    /// The countries with a shipped questionnaire: the folders under questionnaires/.
    public static var countries: [String] {
        Array(
            Set(
                texts.compactMap { file -> String? in
                    let parts = file.path.split(separator: "/")
                    return parts.count == 3 ? String(parts[1]) : nil
                })
        ).sorted()
    }

    /// The sources a repository needs for `countries`: the base files (questionnaires/*.yaml) and each
    /// country's folder. An unknown country is an error naming the shipped ones.
    public static func files(for countries: [String]) -> Result<[(path: String, text: String)], AnswerError> {
        if let problem = FilterList(countries.joined(separator: ",")).problem(
            option: "--questionnaires", known: Set(self.countries), what: "countries with a shipped questionnaire")
        {
            return .failure(AnswerError(problem))
        }
        return .success(
            texts.filter { file in
                let parts = file.path.split(separator: "/")
                return parts.count == 2 || (parts.count == 3 && countries.contains(String(parts[1])))
            })
    }

    /// Writes the sources for `countries` into the repository, then compiles every questionnaire that is
    /// not abstract. Returns the paths written, sources then compiled files. Refuses to overwrite a file.
    public static func install(_ countries: [String], in repository: Repository) throws(RepositoryError) -> Result<[String], AnswerError> {
        let files: [(path: String, text: String)]
        switch self.files(for: countries) {
        case .success(let found): files = found
        case .failure(let error): return .failure(error)
        }
        var written: [String] = []
        for file in files {
            try FileStore.write(file.text, to: repository.path(file.path), policy: .createOnly)
            written.append(file.path)
        }
        let library = QuestionnaireLibrary(files: files)
        let publisher = QuestionnairePublisher(repository: repository, pinned: PinnedVersions())
        for id in library.assessableIDs {
            let (compiled, diagnostics) = QuestionnaireCompiler.compile(id, in: library)
            guard let compiled else {
                return .failure(
                    AnswerError(
                        "the shipped questionnaire '\(id)' does not compile: \(diagnostics.filter { $0.severity == .error }.map(\.message).joined(separator: "; "))"
                    ))
            }
            _ = try publisher.write(compiled)
            written.append(QuestionnairePublisher.compiledPath(id: compiled.id, version: compiled.version))
        }
        return .success(written)
    }
}
