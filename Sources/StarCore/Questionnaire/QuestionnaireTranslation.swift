import Yams

/// A translation file (`star: translation/1`): one language's texts for one questionnaire's own texts. The
/// translations of a chain's files together add that language to a questionnaire without editing the files
/// they translate (docs/questionnaires.md, "Translations").
public struct QuestionnaireTranslation: Sendable {
    public static let format = "translation/1"
    public static let statuses = ["draft", "reviewed"]

    public var file: String
    /// The questionnaire whose own texts this file translates (`core`, `kh-garment`).
    public var questionnaire: Located<String>
    public var language: Located<String>
    public var status: String
    /// Text by what it translates, with where each was written.
    public var texts: [Key: Located<String>]

    /// What a translated text belongs to.
    public enum Key: Sendable, Hashable, CustomStringConvertible {
        case title
        case cluster(String)
        case pointTitle(String)
        case pointDescription(String)
        case parameterDescription(String)
        case questionText(String)
        case guidance(String)
        case option(question: String, option: String)

        public var description: String {
            switch self {
            case .title: "title"
            case .cluster(let id), .pointTitle(let id), .questionText(let id): id
            case .pointDescription(let id): "\(id) description"
            case .parameterDescription(let name): "parameter \(name)"
            case .guidance(let id): "\(id) guidance"
            case .option(let question, let option): "\(question)/\(option)"
            }
        }

        /// Texts a translation must give before it stops being partial; guidance and descriptions may wait.
        var isRequired: Bool {
            switch self {
            case .title, .cluster, .pointTitle, .questionText, .option: true
            case .pointDescription, .parameterDescription, .guidance: false
            }
        }
    }

    /// Whether a file's text is a translation rather than a questionnaire: its `star` line says so.
    static func isTranslation(_ text: String) -> Bool {
        text.split(separator: "\n", omittingEmptySubsequences: true).contains { line in
            let compact = line.filter { $0 != " " && $0 != "\"" && $0 != "'" }
            return compact == "star:\(format)"
        }
    }

    static let topKeys = ["star", "questionnaire", "language", "status", "title", "clusters", "points", "parameters", "questions"]

    public static func load(text: String, file: String) -> (translation: QuestionnaireTranslation?, diagnostics: [Diagnostic]) {
        let r = YAMLReader(file: file)
        guard let root = r.parse(text),
            let top = r.fields(root, "a translation", allowed: topKeys, required: ["star", "questionnaire", "language", "status"]),
            let questionnaireNode = top["questionnaire"], let questionnaire = r.string(questionnaireNode, "questionnaire"),
            let languageNode = top["language"], let language = r.string(languageNode, "language"),
            let statusNode = top["status"], let status = r.string(statusNode, "status")
        else { return (nil, r.diagnostics) }
        if let problem = Identifier.problem(with: language, as: .language) { r.error("invalid-id", problem, at: r.location(languageNode)) }
        if !statuses.contains(status) {
            r.error(
                "wrong-type", "status must be draft or reviewed, found '\(status)'", at: r.location(statusNode),
                notes: ["a translation stays draft until the country team has reviewed it"])
        }
        var texts: [Key: Located<String>] = [:]
        func put(_ key: Key, _ node: Node, _ what: String) {
            guard let string = r.string(node, what) else { return }
            texts[key] = Located(value: string, location: r.location(node))
        }
        if let node = top["title"] { put(.title, node, "title") }
        for (id, _, value) in top["clusters"].flatMap({ r.entries($0, "clusters") }) ?? [] {
            put(.cluster(id), value, "title of cluster '\(id)'")
        }
        for (id, _, value) in top["points"].flatMap({ r.entries($0, "points") }) ?? [] {
            if case .scalar = value {
                put(.pointTitle(id), value, "title of point '\(id)'")
                continue
            }
            guard let fields = r.fields(value, "point '\(id)'", allowed: ["title", "description"]) else { continue }
            if let node = fields["title"] { put(.pointTitle(id), node, "title of point '\(id)'") }
            if let node = fields["description"] { put(.pointDescription(id), node, "description of point '\(id)'") }
        }
        for (name, _, value) in top["parameters"].flatMap({ r.entries($0, "parameters") }) ?? [] {
            put(.parameterDescription(name), value, "description of parameter '\(name)'")
        }
        for (id, _, value) in top["questions"].flatMap({ r.entries($0, "questions") }) ?? [] {
            if case .scalar = value {
                put(.questionText(id), value, "text of '\(id)'")
                continue
            }
            guard let fields = r.fields(value, "question '\(id)'", allowed: ["text", "guidance", "options"]) else { continue }
            if let node = fields["text"] { put(.questionText(id), node, "text of '\(id)'") }
            if let node = fields["guidance"] { put(.guidance(id), node, "guidance of '\(id)'") }
            for (option, _, text) in fields["options"].flatMap({ r.entries($0, "options of '\(id)'") }) ?? [] {
                put(.option(question: id, option: option), text, "text of option '\(option)' of '\(id)'")
            }
        }
        let translation = QuestionnaireTranslation(
            file: file, questionnaire: Located(value: questionnaire, location: r.location(questionnaireNode)),
            language: Located(value: language, location: r.location(languageNode)), status: status, texts: texts)
        return (translation, r.diagnostics)
    }

    /// The keys whose text the translated file writes itself: a translation of anything else would never be shown.
    static func ownKeys(of source: QuestionnaireSource) -> Set<Key> {
        var keys: Set<Key> = [.title]
        for cluster in source.clusters?.value ?? [] {
            keys.insert(.cluster(cluster.id))
            for point in cluster.points {
                keys.insert(.pointTitle(point.id))
                if point.description != nil { keys.insert(.pointDescription(point.id)) }
            }
        }
        for declaration in source.declarations where declaration.description != nil { keys.insert(.parameterDescription(declaration.name)) }
        for entry in source.questions + source.alterations {
            if entry.fields.text != nil { keys.insert(.questionText(entry.id)) }
            if entry.fields.guidance != nil { keys.insert(.guidance(entry.id)) }
            for option in entry.fields.options?.value ?? [] { keys.insert(.option(question: entry.id, option: option.id)) }
        }
        return keys
    }

    /// Entries that translate nothing the questionnaire writes (a typo in an id, or a text another file writes).
    func strayEntries(for source: QuestionnaireSource) -> [Diagnostic] {
        let own = Self.ownKeys(of: source)
        return texts.filter { !own.contains($0.key) }.map { key, text in
            .warning(
                "stray-translation", "'\(key)' is not a text that '\(source.id.value)' writes, so this translation is never shown", at: text.location,
                notes: ["translate a text in the translation of the file that writes it (an altered text belongs to the file that alters it)"])
        }
    }
}
