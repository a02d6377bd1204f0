extension CompiledQuestionnaire {
    /// The canonical JSON document, digest included.
    public var json: JSONValue {
        var object = contentJSON(includingOrigins: true)
        object["digest"] = .string(digest)
        return .object(object)
    }

    /// Computes `digest` from the current content.
    public mutating func seal() {
        digest = ContentDigest.of(.object(contentJSON(includingOrigins: true)))
    }

    /// The content that a frozen version must keep: everything but where each question was written.
    public var contentWithoutOrigins: JSONValue {
        .object(contentJSON(includingOrigins: false))
    }

    func contentJSON(includingOrigins: Bool) -> [String: JSONValue] {
        var object: [String: JSONValue] = [
            "star": .string(Self.format),
            "id": .string(id),
            "version": .string(version),
            "title": title.json,
            "languages": .array(languages.map(JSONValue.string)),
            "sources": .array(sources.map { .object(["id": .string($0.id), "version": .string($0.version), "file": .string($0.file)]) }),
            "parameters": .object(
                parameters.mapValues { parameter in
                    var object: [String: JSONValue] = [
                        "type": .string(parameter.value.type.rawValue), "value": parameter.value.json, "description": parameter.description.json,
                    ]
                    if let checked = parameter.checked { object["checked"] = .string(checked) }
                    return .object(object)
                }),
            "question-count": .int(questions.count),
            "clusters": .array(
                clusters.map { cluster in
                    .object([
                        "id": .string(cluster.id),
                        "title": cluster.title.json,
                        "points": .array(
                            cluster.points.map { point in
                                .object([
                                    "id": .string(point.id),
                                    "title": point.title.json,
                                    "description": point.description.json,
                                    "questions": .array(point.questions.map { $0.json(includingOrigin: includingOrigins) }),
                                ])
                            }),
                    ])
                }),
        ]
        if let country { object["country"] = .string(country) }
        if let industry { object["industry"] = .string(industry) }
        // Written only when set, so a compiled file from before these fields keeps its bytes and digest.
        if let reviewed { object["reviewed"] = .string(reviewed) }
        if !changelog.isEmpty {
            object["changelog"] = .array(
                changelog.map { .object(["version": .string($0.version), "date": .string($0.date), "changes": .array($0.changes.map(JSONValue.string))]) })
        }
        if let transparency {
            object["transparency"] = .object([
                "list": .string(transparency.list), "source": .string(transparency.source), "date": .string(transparency.date),
                "notes": .array(transparency.notes.map(JSONValue.string)),
            ])
        }
        if !translations.isEmpty {
            object["translations"] = .object(
                translations.mapValues { .object(["status": .string($0.status), "files": .array($0.files.map(JSONValue.string))]) })
        }
        return object
    }

    /// Reads a compiled questionnaire written by `json`; nil with a reason when the document is not one.
    public init(json: JSONValue) throws(CompiledFormatError) {
        func fail(_ message: String) -> CompiledFormatError { CompiledFormatError(message: message) }
        guard json["star"]?.string == Self.format else { throw fail("not a compiled questionnaire (\"star\" is not \"\(Self.format)\")") }
        guard let id = json["id"]?.string, let version = json["version"]?.string, let digest = json["digest"]?.string,
            let title = LocalizedText(json: json["title"]), let languages = json["languages"]?.array?.compactMap(\.string),
            let clustersJSON = json["clusters"]?.array
        else {
            throw fail("missing id, version, digest, title, languages or clusters")
        }
        self.id = id
        self.version = version
        self.digest = digest
        self.title = title
        self.languages = languages
        self.country = json["country"]?.string
        self.industry = json["industry"]?.string
        self.sources = (json["sources"]?.array ?? []).compactMap { source in
            guard let id = source["id"]?.string, let version = source["version"]?.string, let file = source["file"]?.string else { return nil }
            return SourceFile(id: id, version: version, file: file)
        }
        var parameters: [String: Parameter] = [:]
        for (name, parameter) in json["parameters"]?.object ?? [:] {
            guard let typeName = parameter["type"]?.string, let type = ParameterType(rawValue: typeName) else {
                throw fail("parameter '\(name)' has no valid type")
            }
            let raw: String
            switch parameter["value"] {
            case .string(let s)?: raw = s
            case let number? where number.double != nil: raw = Expression.format(number.double!)
            default: throw fail("parameter '\(name)' has no value")
            }
            guard let value = ParameterValue.parse(raw, as: type) else { throw fail("parameter '\(name)' has a value of the wrong type") }
            parameters[name] = Parameter(value: value, description: LocalizedText(json: parameter["description"]) ?? [:], checked: parameter["checked"]?.string)
        }
        self.parameters = parameters
        self.reviewed = json["reviewed"]?.string
        self.changelog = (json["changelog"]?.array ?? []).compactMap { entry in
            guard let version = entry["version"]?.string, let date = entry["date"]?.string else { return nil }
            return Change(version: version, date: date, changes: entry["changes"]?.array?.compactMap(\.string) ?? [])
        }
        if let list = json["transparency"], let name = list["list"]?.string, let source = list["source"]?.string, let date = list["date"]?.string {
            self.transparency = TransparencyList(list: name, source: source, date: date, notes: list["notes"]?.array?.compactMap(\.string) ?? [])
        }
        for (language, translation) in json["translations"]?.object ?? [:] {
            guard let status = translation["status"]?.string else { throw fail("translation '\(language)' has no status") }
            self.translations[language] = Translation(status: status, files: translation["files"]?.array?.compactMap(\.string) ?? [])
        }
        var clusters: [Cluster] = []
        for clusterJSON in clustersJSON {
            guard let clusterID = clusterJSON["id"]?.string, let pointsJSON = clusterJSON["points"]?.array else { throw fail("a cluster has no id or points") }
            var points: [Point] = []
            for pointJSON in pointsJSON {
                guard let pointID = pointJSON["id"]?.string, let questionsJSON = pointJSON["questions"]?.array else {
                    throw fail("a point of \(clusterID) has no id or questions")
                }
                var questions: [Question] = []
                for questionJSON in questionsJSON {
                    questions.append(try Question(json: questionJSON))
                }
                points.append(
                    Point(
                        id: pointID, title: LocalizedText(json: pointJSON["title"]) ?? [:],
                        description: LocalizedText(json: pointJSON["description"]) ?? [:], questions: questions))
            }
            clusters.append(Cluster(id: clusterID, title: LocalizedText(json: clusterJSON["title"]) ?? [:], points: points))
        }
        self.clusters = clusters
    }

    /// True when the stored digest matches the content, i.e. the file was not edited by hand.
    public var digestIsValid: Bool {
        ContentDigest.of(.object(contentJSON(includingOrigins: true))) == digest
    }
}

public struct CompiledFormatError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

extension CompiledQuestionnaire.Question {
    func json(includingOrigin: Bool) -> JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(id),
            "type": .string(type.rawValue),
            "text": text.json,
            "guidance": guidance.json,
            "legal": .array(legal.map(JSONValue.string)),
            "public": .bool(isPublic),
        ]
        if let when { object["when"] = .string(when.description) }
        if let noncompliantIf { object["noncompliant-if"] = .string(noncompliantIf.description) }
        // Written only when set, so a compiled file from before constraints keeps its bytes and digest.
        if constraints.integer { object["integer"] = .bool(true) }
        if let minimum = constraints.minimum { object["min"] = .number(minimum) }
        if let maximum = constraints.maximum { object["max"] = .number(maximum) }
        if type == .choice {
            object["options"] = .array(options.map { .object(["id": .string($0.id), "text": $0.text.json, "noncompliant": .bool($0.noncompliant)]) })
        }
        if includingOrigin {
            object["origin"] = .object(["file": .string(origin.file), "line": .int(origin.line)])
            if !alteredBy.isEmpty {
                object["altered-by"] = .array(alteredBy.map { .object(["file": .string($0.file), "line": .int($0.line)]) })
            }
        }
        return .object(object)
    }

    init(json: JSONValue) throws(CompiledFormatError) {
        func fail(_ message: String) -> CompiledFormatError { CompiledFormatError(message: message) }
        guard let id = json["id"]?.string else { throw fail("a question has no id") }
        guard let typeName = json["type"]?.string, let type = QuestionType(rawValue: typeName) else { throw fail("question \(id) has no valid type") }
        self.id = id
        self.type = type
        self.text = LocalizedText(json: json["text"]) ?? [:]
        self.guidance = LocalizedText(json: json["guidance"]) ?? [:]
        self.legal = json["legal"]?.array?.compactMap(\.string) ?? []
        self.isPublic = json["public"]?.bool ?? false
        do {
            self.when = try json["when"]?.string.map { try ExpressionParser.parse($0) }
            self.noncompliantIf = try json["noncompliant-if"]?.string.map { try ExpressionParser.parse($0) }
        } catch {
            throw fail("question \(id) has an invalid expression")
        }
        self.options = (json["options"]?.array ?? []).compactMap { option in
            guard let optionID = option["id"]?.string else { return nil }
            return CompiledQuestionnaire.Option(
                id: optionID, text: LocalizedText(json: option["text"]) ?? [:], noncompliant: option["noncompliant"]?.bool ?? false)
        }
        if let value = json["integer"], value.bool == nil { throw fail("question \(id) has an 'integer' that is not true or false") }
        for key in ["min", "max"] where json[key] != nil && json[key]?.double == nil {
            throw fail("question \(id) has a '\(key)' that is not a number")
        }
        self.constraints = NumberConstraints(integer: json["integer"]?.bool ?? false, minimum: json["min"]?.double, maximum: json["max"]?.double)
        func origin(_ value: JSONValue?) -> CompiledQuestionnaire.Origin? {
            guard let file = value?["file"]?.string, let line = value?["line"]?.int else { return nil }
            return CompiledQuestionnaire.Origin(file: file, line: line)
        }
        self.origin = origin(json["origin"]) ?? CompiledQuestionnaire.Origin(file: "", line: 0)
        self.alteredBy = (json["altered-by"]?.array ?? []).compactMap(origin)
    }
}
