import Foundation

/// Every questionnaire source of a repository, by id. Compiling one needs the others it extends.
public struct QuestionnaireLibrary: Sendable {
    public private(set) var sources: [QuestionnaireSource] = []
    /// Problems found while reading the files (syntax, keys, types) and duplicate questionnaire ids.
    public private(set) var diagnostics: [Diagnostic] = []
    /// Translation files (`star: translation/1`), each adding a language to the texts of one questionnaire file.
    public private(set) var translations: [QuestionnaireTranslation] = []

    /// Reads every `.yaml`/`.yml` under `questionnaires/`, except the compiled forms.
    public static func load(from repository: Repository) -> QuestionnaireLibrary {
        let (files, unreadable) = repository.yamlFiles(in: "questionnaires", skipping: ["compiled"])
        var library = QuestionnaireLibrary(files: files)
        library.diagnostics += unreadable
        return library
    }

    /// Why a library read from `repository` holds no questionnaire at all, as an error for `lint`: the folder
    /// is missing, is a link to nowhere (a copied repository whose questionnaires/ pointed elsewhere), or holds
    /// no source. nil when there are sources.
    public func emptiness(in repository: Repository) -> Diagnostic? {
        guard sources.isEmpty, !diagnostics.hasErrors else { return nil }
        let folder = repository.path("questionnaires")
        let location = SourceLocation(file: "questionnaires")
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: folder), !FileManager.default.fileExists(atPath: folder) {
            return .error(
                "broken-link", "questionnaires is a link to '\(target)', which does not exist from here", at: location,
                notes: ["replace the link with a copy of the questionnaires (cp -r), or run 'star init DIR --questionnaires CC' for the shipped ones"])
        }
        var isFolder: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder)
        return .error(
            "no-questionnaires",
            exists && isFolder.boolValue
                ? "questionnaires/ holds no questionnaire source (.yaml), so there is nothing to check"
                : "there is no questionnaires/ folder, so there is nothing to check", at: location,
            notes: [
                "'star init DIR --questionnaires CC' starts a repository with the shipped questionnaires (\(ShippedQuestionnaires.countries.joined(separator: ", ")))"
            ])
    }

    /// Builds a library from file texts; `path` is how each file is named in diagnostics.
    public init(files: [(path: String, text: String)]) {
        var firstByID: [String: QuestionnaireSource] = [:]
        for (path, text) in files {
            if QuestionnaireTranslation.isTranslation(text) {
                let (translation, diagnostics) = QuestionnaireTranslation.load(text: text, file: path)
                self.diagnostics += diagnostics
                if let translation { translations.append(translation) }
                continue
            }
            let (source, diagnostics) = QuestionnaireLoader.load(text: text, file: path)
            self.diagnostics += diagnostics
            guard let source else { continue }
            if let first = firstByID[source.id.value] {
                self.diagnostics.append(
                    .error(
                        "duplicate-questionnaire", "questionnaire id '\(source.id.value)' is already used", at: source.id.location,
                        notes: ["first defined at \(first.file):\(first.id.location.line)"]))
                continue
            }
            firstByID[source.id.value] = source
            sources.append(source)
        }
        checkTranslations(firstByID)
    }

    /// Each translation names a questionnaire of the library, once per language, and translates only its texts.
    private mutating func checkTranslations(_ sources: [String: QuestionnaireSource]) {
        var seen: [String: QuestionnaireTranslation] = [:]
        var kept: [QuestionnaireTranslation] = []
        for translation in translations {
            let target = translation.questionnaire
            guard let source = sources[target.value] else {
                diagnostics.append(
                    .error(
                        "unknown-questionnaire", "'\(translation.file)' translates '\(target.value)', which is not a questionnaire in this repository",
                        at: target.location, notes: ["known questionnaires: \(sources.keys.sorted().joined(separator: ", "))"]))
                continue
            }
            let key = "\(target.value)@\(translation.language.value)"
            if let first = seen[key] {
                diagnostics.append(
                    .error(
                        "duplicate-translation", "'\(target.value)' already has a '\(translation.language.value)' translation",
                        at: translation.language.location, notes: ["first in \(first.file)"]))
                continue
            }
            seen[key] = translation
            diagnostics += translation.strayEntries(for: source)
            kept.append(translation)
        }
        translations = kept
    }

    /// The translations into `language` of the files of a chain, keyed by the translated file's path.
    func translations(into language: String, of chain: [QuestionnaireSource]) -> [String: QuestionnaireTranslation] {
        var byFile: [String: QuestionnaireTranslation] = [:]
        for source in chain {
            if let translation = translations.first(where: { $0.questionnaire.value == source.id.value && $0.language.value == language }) {
                byFile[source.file] = translation
            }
        }
        return byFile
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
