import Yams

/// Reads one questionnaire file into a `QuestionnaireSource`, reporting every problem it can see in the
/// file alone (syntax, unknown keys, wrong types, malformed ids). Cross-file checks belong to the compiler.
public enum QuestionnaireLoader {
    public static let format = "questionnaire/1"

    static let topKeys = [
        "star", "id", "version", "extends", "country", "industry", "title", "languages", "abstract",
        "parameters", "clusters", "questions", "alter", "remove", "reviewed", "changelog", "transparency",
    ]
    static let questionKeys = [
        "id", "point", "type", "text", "guidance", "legal", "public", "when", "noncompliant-if", "options",
        "integer", "min", "max", "review",
    ]

    public static func load(text: String, file: String) -> (source: QuestionnaireSource?, diagnostics: [Diagnostic]) {
        let reader = YAMLReader(file: file)
        guard let root = reader.parse(text) else { return (nil, reader.diagnostics) }
        let source = read(root, reader)
        return (source, reader.diagnostics)
    }

    private static func read(_ root: Node, _ r: YAMLReader) -> QuestionnaireSource? {
        guard let top = r.fields(root, "a questionnaire", allowed: topKeys, required: ["star", "id", "version", "title"]) else { return nil }
        if let node = top["star"], let format = r.string(node, "star"), format != Self.format {
            r.error("unsupported-format", "unsupported format '\(format)'; this version of star reads '\(Self.format)'", at: r.location(node))
        }
        guard let idNode = top["id"], let id = r.string(idNode, "id"),
            let versionNode = top["version"], let version = r.string(versionNode, "version")
        else { return nil }
        if let problem = Identifier.problem(with: id, as: .questionnaire) {
            r.error("invalid-id", problem, at: r.location(idNode))
        }
        if let problem = Identifier.problem(with: version, as: .version) {
            r.error("invalid-id", problem, at: r.location(versionNode))
        }
        let declaredLanguages: Located<[String]>? = top["languages"].flatMap { node in
            guard let list = r.stringList(node, "languages") else { return nil }
            for language in list {
                if let problem = Identifier.problem(with: language, as: .language) { r.error("invalid-id", problem, at: r.location(node)) }
            }
            if list.isEmpty { r.error("empty-value", "languages is empty", at: r.location(node)) }
            return Located(value: list, location: r.location(node))
        }
        let texts = TextReader(reader: r, languages: declaredLanguages?.value)

        var source = QuestionnaireSource(
            file: r.file,
            id: Located(value: id, location: r.location(idNode)),
            version: Located(value: version, location: r.location(versionNode)),
            extends: nil, country: nil, industry: nil,
            title: top["title"].flatMap { texts.read($0, "title") },
            languages: declaredLanguages,
            isAbstract: top["abstract"].flatMap { r.bool($0, "abstract") } ?? false,
            declarations: [], settings: [], clusters: nil, questions: [], alterations: [], removals: [])

        if let node = top["extends"], let parent = r.string(node, "extends") {
            source.extends = Located(value: parent, location: r.location(node))
        }
        if let node = top["country"], let country = r.string(node, "country") {
            if !Identifier.isCountryCode(country) {
                r.error("invalid-country", "country '\(country)' must be an ISO 3166-1 alpha-2 code such as KH", at: r.location(node))
            }
            source.country = country
        }
        if let node = top["industry"] { source.industry = r.string(node, "industry") }
        if let node = top["parameters"] { readParameters(node, r, texts, into: &source) }
        if let node = top["clusters"] { source.clusters = readClusters(node, r, texts) }
        if let node = top["questions"], let items = r.sequence(node, "questions") {
            source.questions = items.compactMap { readQuestion($0, r, texts, isAlteration: false) }
        }
        if let node = top["alter"], let items = r.sequence(node, "alter") {
            source.alterations = items.compactMap { readQuestion($0, r, texts, isAlteration: true) }
        }
        if let node = top["remove"], let items = r.sequence(node, "remove") {
            source.removals = items.compactMap { item in
                guard let fields = r.fields(item, "a removal", allowed: ["id", "reason"], required: ["id", "reason"]),
                    let id = fields["id"].flatMap({ r.string($0, "id") }),
                    let reason = fields["reason"].flatMap({ r.string($0, "reason") })
                else { return nil }
                return Removal(id: id, reason: reason, location: r.location(item))
            }
        }
        if let node = top["reviewed"] { source.reviewed = date(node, r, "reviewed") }
        if let node = top["changelog"], let items = r.sequence(node, "changelog") {
            source.changelog = items.compactMap { item in
                guard let fields = r.fields(item, "a changelog entry", allowed: ["version", "date", "changes"], required: ["version", "date", "changes"]),
                    let version = fields["version"].flatMap({ r.string($0, "version") }),
                    let date = fields["date"].flatMap({ self.date($0, r, "date") }),
                    let changesNode = fields["changes"], let changes = r.stringList(changesNode, "changes")
                else { return nil }
                if changes.isEmpty || changes.contains(where: { $0.trimmingSpaces.isEmpty }) {
                    r.error("empty-value", "the changelog entry of version \(version) lists an empty change", at: r.location(changesNode))
                }
                return ChangelogEntry(version: version, date: date.value, changes: changes, location: r.location(item))
            }
        }
        if let node = top["transparency"],
            let fields = r.fields(node, "transparency", allowed: ["list", "source", "date", "notes"], required: ["list", "source", "date"]),
            let list = fields["list"].flatMap({ r.string($0, "list") }), let origin = fields["source"].flatMap({ r.string($0, "source") }),
            let date = fields["date"].flatMap({ self.date($0, r, "date of the transparency list") })
        {
            let notes = fields["notes"].flatMap { r.stringList($0, "notes") } ?? []
            source.transparency = Located(value: TransparencyList(list: list, source: origin, date: date.value, notes: notes), location: r.location(node))
        }
        return source
    }

    /// A `YYYY-MM-DD` date that exists in the calendar; a wrong one is reported.
    static func date(_ node: Node, _ r: YAMLReader, _ what: String) -> Located<String>? {
        guard let text = r.string(node, what) else { return nil }
        guard let date = CalendarDate(text) else {
            r.error("wrong-type", "\(what) must be a date written YYYY-MM-DD, found '\(text)'", at: r.location(node))
            return nil
        }
        return Located(value: date.description, location: r.location(node))
    }

    private static func readParameters(_ node: Node, _ r: YAMLReader, _ texts: TextReader, into source: inout QuestionnaireSource) {
        guard let entries = r.entries(node, "parameters") else { return }
        for (name, keyLocation, value) in entries {
            if let problem = Identifier.problem(with: name, as: .parameter) {
                r.error("invalid-id", problem, at: keyLocation)
                continue
            }
            if case .mapping(let mapping) = value, mapping.contains(where: { $0.key.string == "value" }) {
                // `name: {value: 210, checked: 2026-01-05}` sets a declared parameter and says when it was checked.
                guard let setting = r.fields(value, "setting of '\(name)'", allowed: ["value", "checked", "review"], required: ["value"]),
                    let valueNode = setting["value"], let raw = r.string(valueNode, "parameter '\(name)'", allowEmpty: true)
                else { continue }
                source.settings.append(
                    ParameterSetting(
                        name: name, rawValue: raw, location: keyLocation, valueLocation: r.location(valueNode),
                        checked: setting["checked"].flatMap { date($0, r, "checked date of '\(name)'") }))
                continue
            }
            guard case .mapping = value else {
                // A bare value sets a parameter declared by an extended questionnaire.
                if let raw = r.string(value, "parameter '\(name)'", allowEmpty: true) {
                    source.settings.append(ParameterSetting(name: name, rawValue: raw, location: keyLocation, valueLocation: r.location(value)))
                }
                continue
            }
            guard
                let fields = r.fields(
                    value, "parameter '\(name)'", allowed: ["type", "default", "description", "checked", "review"], required: ["type", "default"]),
                let typeNode = fields["type"], let typeName = r.string(typeNode, "type")
            else { continue }
            guard let type = ParameterType(rawValue: typeName) else {
                r.error("unknown-type", "unknown parameter type '\(typeName)'; use number, text, date or yes-no", at: r.location(typeNode))
                continue
            }
            guard let defaultNode = fields["default"], let raw = r.string(defaultNode, "default of '\(name)'", allowEmpty: type == .text) else { continue }
            guard let value = ParameterValue.parse(raw, as: type) else {
                r.error("wrong-type", "default of parameter '\(name)' must be \(type.valueType), found '\(raw)'", at: r.location(defaultNode))
                continue
            }
            source.declarations.append(
                ParameterDeclaration(
                    name: name, type: type, defaultValue: value,
                    description: fields["description"].flatMap { texts.read($0, "description of '\(name)'") },
                    location: keyLocation, checked: fields["checked"].flatMap { date($0, r, "checked date of '\(name)'") }))
        }
    }

    private static func readClusters(_ node: Node, _ r: YAMLReader, _ texts: TextReader) -> Located<[ClusterSource]>? {
        guard let items = r.sequence(node, "clusters") else { return nil }
        var clusters: [ClusterSource] = []
        for item in items {
            guard let fields = r.fields(item, "a cluster", allowed: ["id", "title", "points"], required: ["id", "title", "points"]),
                let id = fields["id"].flatMap({ r.string($0, "cluster id") }),
                let title = fields["title"].flatMap({ texts.read($0, "title of cluster '\(id)'") })
            else { continue }
            if !id.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber) }) {
                r.error("invalid-id", "cluster id '\(id)' must use uppercase letters and digits", at: r.location(fields["id"]!))
            }
            var points: [PointSource] = []
            for pointNode in fields["points"].flatMap({ r.sequence($0, "points of cluster '\(id)'") }) ?? [] {
                guard let pointFields = r.fields(pointNode, "a compliance point", allowed: ["id", "title", "description"], required: ["id", "title"]),
                    let pointID = pointFields["id"].flatMap({ r.string($0, "point id") }),
                    let pointTitle = pointFields["title"].flatMap({ texts.read($0, "title of point '\(pointID)'") })
                else { continue }
                if !pointID.hasPrefix(id + ".") || Identifier.problem(with: pointID, as: .question) != nil {
                    r.error("invalid-id", "point id '\(pointID)' must be '\(id).' followed by letters, digits or '_'", at: r.location(pointFields["id"]!))
                }
                points.append(
                    PointSource(
                        id: pointID, title: pointTitle,
                        description: pointFields["description"].flatMap { texts.read($0, "description of point '\(pointID)'") },
                        location: r.location(pointNode)))
            }
            clusters.append(ClusterSource(id: id, title: title, points: points, location: r.location(item)))
        }
        return Located(value: clusters, location: r.location(node))
    }

    private static func readQuestion(_ node: Node, _ r: YAMLReader, _ texts: TextReader, isAlteration: Bool) -> QuestionEntry? {
        let what = isAlteration ? "an alteration" : "a question"
        guard let fields = r.fields(node, what, allowed: questionKeys, required: isAlteration ? ["id"] : ["id", "point", "type", "text"]),
            let idNode = fields["id"], let id = r.string(idNode, "question id")
        else { return nil }
        if let problem = Identifier.problem(with: id, as: .question) {
            r.error("invalid-id", problem, at: r.location(idNode))
        }
        var result = QuestionFields()
        if let node = fields["point"] {
            if isAlteration {
                r.error(
                    "cannot-move", "an alteration cannot move '\(id)' to another point; remove it and add a new question instead",
                    at: fields.keyLocation("point"))
            } else if let point = r.string(node, "point") {
                result.point = Located(value: point, location: r.location(node))
            }
        }
        if let node = fields["type"], let typeName = r.string(node, "type") {
            if let type = QuestionType(rawValue: typeName) {
                result.type = Located(value: type, location: r.location(node))
            } else {
                r.error("unknown-type", "unknown question type '\(typeName)'; use yes-no, choice, number, text or date", at: r.location(node))
            }
        }
        // `review` is a note for the country team (what to confirm against the law); it is checked as text and
        // never compiled, so it changes nothing an advisor sees or a record pins.
        if let node = fields["review"] { _ = r.string(node, "review") }
        result.text = fields["text"].flatMap { texts.read($0, "text of '\(id)'") }
        result.guidance = fields["guidance"].flatMap { texts.read($0, "guidance of '\(id)'") }
        if let node = fields["legal"], let legal = r.stringList(node, "legal") {
            result.legal = Located(value: legal, location: r.location(node))
        }
        if let node = fields["public"], let value = r.bool(node, "public") {
            result.isPublic = Located(value: value, location: r.location(node))
        }
        if let node = fields["integer"], let value = r.bool(node, "integer") {
            result.integer = Located(value: value, location: r.location(node))
        }
        result.min = fields["min"].flatMap { bound($0, r, "min") }
        result.max = fields["max"].flatMap { bound($0, r, "max") }
        result.when = fields["when"].flatMap { expression($0, r, "when") }
        result.noncompliantIf = fields["noncompliant-if"].flatMap { expression($0, r, "noncompliant-if") }
        if let node = fields["options"], let items = r.sequence(node, "options") {
            var options: [OptionSource] = []
            for item in items {
                guard let optionFields = r.fields(item, "an option", allowed: ["id", "text", "noncompliant"], required: ["id", "text"]),
                    let optionID = optionFields["id"].flatMap({ r.string($0, "option id") }),
                    let text = optionFields["text"].flatMap({ texts.read($0, "text of option '\(optionID)'") })
                else { continue }
                if let problem = Identifier.problem(with: optionID, as: .option) {
                    r.error("invalid-id", problem, at: r.location(optionFields["id"]!))
                }
                let noncompliant = optionFields["noncompliant"].flatMap { r.bool($0, "noncompliant") } ?? false
                options.append(OptionSource(id: optionID, text: text, noncompliant: noncompliant, location: r.location(item)))
            }
            result.options = Located(value: options, location: r.location(node))
        }
        if isAlteration, fields.entries.keys.filter({ $0 != "review" }).count == 1 {
            r.error("empty-alteration", "alteration of '\(id)' changes nothing", at: r.location(node))
        }
        return QuestionEntry(id: id, location: r.location(node), fields: result)
    }

    /// `min` or `max` as written; a number or a `{parameter}` is told apart by the compiler, which knows
    /// the parameters. `{name}` unquoted is a YAML mapping: read it back as the text it was meant to be.
    private static func bound(_ node: Node, _ r: YAMLReader, _ what: String) -> Located<String>? {
        if case .mapping(let mapping) = node, mapping.count == 1, let entry = mapping.first, let key = entry.key.string, r.isNull(entry.value) {
            return Located(value: "{\(key)}", location: r.location(node))
        }
        guard let text = r.string(node, what) else { return nil }
        return Located(value: text, location: r.location(node))
    }

    /// An expression's location points at its first character, past an opening quote.
    private static func expression(_ node: Node, _ r: YAMLReader, _ what: String) -> Located<String>? {
        guard let text = r.string(node, what) else { return nil }
        var location = r.location(node)
        if case .scalar(let scalar) = node, scalar.style == .singleQuoted || scalar.style == .doubleQuoted {
            location = location.advanced(by: 1)
        }
        return Located(value: text, location: location)
    }
}

/// Reads multilingual texts (`{en: ..., fr: ...}`), flagging languages the file did not declare.
struct TextReader {
    let reader: YAMLReader
    let languages: [String]?

    func read(_ node: Node, _ what: String) -> Located<LocalizedText>? {
        let r = reader
        if case .scalar = node, !r.isNull(node) {
            r.error("wrong-type", "\(what) must give each language, e.g. {en: \"...\", fr: \"...\"}", at: r.location(node))
            return nil
        }
        guard let entries = r.entries(node, what) else { return nil }
        var text: LocalizedText = [:]
        for (language, keyLocation, value) in entries {
            guard let string = r.string(value, "\(what) in '\(language)'") else { continue }
            if let languages, !languages.contains(language) {
                r.warning(
                    "unknown-language", "\(what) has a '\(language)' text, but the file's languages are \(languages.joined(separator: ", "))", at: keyLocation)
            }
            text[language] = string
        }
        return Located(value: text, location: r.location(node))
    }
}
