/// Every questionnaire source of a repository, by id. Compiling one needs the others it extends.
public struct QuestionnaireLibrary: Sendable {
    public private(set) var sources: [QuestionnaireSource] = []
    /// Problems found while reading the files (syntax, keys, types) and duplicate questionnaire ids.
    public private(set) var diagnostics: [Diagnostic] = []

    /// Reads every `.yaml`/`.yml` under `questionnaires/`, except the compiled forms.
    public static func load(from repository: Repository) -> QuestionnaireLibrary {
        let (files, unreadable) = repository.yamlFiles(in: "questionnaires", skipping: ["compiled"])
        var library = QuestionnaireLibrary(files: files)
        library.diagnostics += unreadable
        return library
    }

    /// Builds a library from file texts; `path` is how each file is named in diagnostics.
    public init(files: [(path: String, text: String)]) {
        var firstByID: [String: QuestionnaireSource] = [:]
        for (path, text) in files {
            let (source, diagnostics) = QuestionnaireLoader.load(text: text, file: path)
            self.diagnostics += diagnostics
            guard let source else { continue }
            if let first = firstByID[source.id.value] {
                self.diagnostics.append(.error("duplicate-questionnaire", "questionnaire id '\(source.id.value)' is already used", at: source.id.location,
                                               notes: ["first defined at \(first.file):\(first.id.location.line)"]))
                continue
            }
            firstByID[source.id.value] = source
            sources.append(source)
        }
    }

    public func source(id: String) -> QuestionnaireSource? {
        sources.first { $0.id.value == id }
    }

    public func source(file: String) -> QuestionnaireSource? {
        sources.first { $0.file == file }
    }

    /// The ids that can be assessed on their own (not abstract), in file order.
    public var assessableIDs: [String] {
        sources.filter { !$0.isAbstract }.map(\.id.value)
    }
}
