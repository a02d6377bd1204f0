/// Resolves a questionnaire's extends chain and checks everything a country team can get wrong, collecting
/// every problem rather than stopping at the first. Produces the compiled form when there are no errors.
public struct QuestionnaireCompiler {
    public let library: QuestionnaireLibrary
    private var diagnostics: [Diagnostic] = []
    /// The chain's questions after alter and remove, for cycle detection.
    private var resolvedFields: [String: QuestionFields] = [:]
    /// Languages added by translation files: language -> translated file -> its translation.
    private var overlays: [String: [String: QuestionnaireTranslation]] = [:]
    /// Per added language, what had no translation (required texts by key; optional ones counted), and totals.
    private var untranslated: [String: (required: [String], optional: Int, requiredTotal: Int, optionalTotal: Int)] = [:]

    public init(library: QuestionnaireLibrary) {
        self.library = library
    }

    /// Compiles questionnaire `id`. The result is nil when any error was found; warnings come with a result.
    public static func compile(_ id: String, in library: QuestionnaireLibrary) -> (questionnaire: CompiledQuestionnaire?, diagnostics: [Diagnostic]) {
        var compiler = QuestionnaireCompiler(library: library)
        let result = compiler.compile(id)
        let diagnostics = Array(Set(compiler.diagnostics)).sorted()
        return (diagnostics.hasErrors ? nil : result, diagnostics)
    }

    mutating func error(_ code: String, _ message: String, at location: SourceLocation, notes: [String] = []) {
        diagnostics.append(.error(code, message, at: location, notes: notes))
    }

    mutating func warning(_ code: String, _ message: String, at location: SourceLocation, notes: [String] = []) {
        diagnostics.append(.warning(code, message, at: location, notes: notes))
    }

    // MARK: - Chain

    /// Base first, `id` last; nil when the chain is broken (reported).
    private mutating func chain(for id: String) -> [QuestionnaireSource]? {
        guard var current = library.source(id: id) else {
            let unreadable = library.diagnostics.filter { $0.severity == .error }
            error(
                "unknown-questionnaire", "no questionnaire with id '\(id)' could be read", at: SourceLocation(file: "questionnaires"),
                notes: unreadable.isEmpty ? [] : ["\(Set(unreadable.map(\.location.file)).count) questionnaire file(s) have errors that prevent reading them"])
            return nil
        }
        var chain = [current]
        while let parent = current.extends {
            if let cycleStart = chain.firstIndex(where: { $0.id.value == parent.value }) {
                let names = chain[cycleStart...].map(\.id.value) + [parent.value]
                error("extends-cycle", "extends cycle: \(names.joined(separator: " -> "))", at: parent.location)
                return nil
            }
            guard let next = library.source(id: parent.value) else {
                let known = library.sources.map(\.id.value).sorted()
                error(
                    "unknown-questionnaire", "'\(current.id.value)' extends '\(parent.value)', which is not a questionnaire in this repository",
                    at: parent.location,
                    notes: known.isEmpty ? [] : ["known questionnaires: \(known.joined(separator: ", "))"])
                // The questionnaire extended may be in a file that could not be read: show why it could not.
                diagnostics += library.diagnostics.filter { $0.severity == .error && library.source(file: $0.location.file) == nil }
                return nil
            }
            chain.append(next)
            current = next
        }
        return chain.reversed()
    }

    // MARK: - Compile

    private mutating func compile(_ id: String) -> CompiledQuestionnaire? {
        guard let chain = chain(for: id) else { return nil }
        let leaf = chain.last!
        let base = chain.first!
        diagnostics += library.diagnostics.filter { d in chain.contains { $0.file == d.location.file } }

        // Languages: the nearest file that declares them.
        guard let languages = chain.last(where: { $0.languages != nil })?.languages?.value else {
            error("missing-key", "no questionnaire in the chain of '\(id)' declares its languages", at: leaf.id.location)
            return nil
        }
        overlays = [:]
        for translation in library.translations where translation.questionnaire.value == id {
            let language = translation.language.value
            if languages.contains(language) {
                warning(
                    "declared-language", "'\(id)' already lists '\(language)' among its languages, so its texts are written in the questionnaire files",
                    at: translation.language.location, notes: ["a translation file adds a language the questionnaire does not list"])
                continue
            }
            overlays[language] = library.translations(into: language, of: chain)
        }
        let clusters = structure(chain, base: base)
        let parameters = resolveParameters(chain, languages: languages)
        let title = localize(leaf.title, "title of '\(id)'", fallback: leaf.id.location, languages, parameters, key: .title)
        let (ordered, removedIDs) = resolveQuestions(chain)
        resolvedFields = Dictionary(ordered.map { ($0.id, $0.fields) }, uniquingKeysWith: { first, _ in first })

        // Place each question under its point, in assessment order.
        var byPoint: [String: [ResolvedQuestion]] = [:]
        let pointIDs = Set(clusters.flatMap { $0.points.map(\.id) })
        for question in ordered {
            guard let point = question.fields.point else { continue }
            guard pointIDs.contains(point.value) else {
                let suggestion = pointIDs.min { (editDistance($0, point.value), $0) < (editDistance($1, point.value), $1) }
                error(
                    "unknown-point", "question '\(question.id)' names compliance point '\(point.value)', which the base questionnaire does not define",
                    at: point.location,
                    notes: suggestion.map { ["did you mean '\($0)'?"] } ?? [])
                continue
            }
            byPoint[point.value, default: []].append(question)
        }
        let flat = clusters.flatMap { $0.points.flatMap { byPoint[$0.id] ?? [] } }
        var position: [String: Int] = [:]
        for (index, question) in flat.enumerated() { position[question.id] = index }

        // Every question's type first, so expressions can refer to any of them (even one whose point is
        // wrong: that error is reported once, at the point, not again at every expression reading it).
        var types: [String: ValueType] = [:]
        for question in ordered {
            if let type = question.fields.type?.value {
                switch type {
                case .yesNo: types[question.id] = .yesNo
                case .choice: types[question.id] = .choice(question.fields.options?.value.map(\.id) ?? [])
                case .number: types[question.id] = .number
                case .text: types[question.id] = .text
                case .date: types[question.id] = .date
                }
            }
        }
        var expressions: [String: (when: Expression?, rule: Expression?)] = [:]
        for question in flat {
            expressions[question.id] = checkExpressions(
                question, types: types, parameters: parameters,
                position: position, removedIDs: removedIDs)
        }

        checkTexts(TextCheckInput(questions: flat, points: clusters.flatMap(\.points), parameters: parameters, chain: chain))

        var compiledClusters: [CompiledQuestionnaire.Cluster] = []
        for cluster in clusters {
            var points: [CompiledQuestionnaire.Point] = []
            for point in cluster.points {
                let questions = (byPoint[point.id] ?? []).compactMap { question in
                    compileQuestion(question, languages: languages, parameters: parameters, expressions: expressions[question.id])
                }
                let pointTitle = localize(
                    point.title, "title of point '\(point.id)'", fallback: point.location, languages, parameters, key: .pointTitle(point.id))
                let description =
                    point.description.map {
                        localize(
                            $0, "description of point '\(point.id)'", fallback: point.location, languages, parameters,
                            key: .pointDescription(point.id))
                    } ?? [:]
                if questions.isEmpty, !leaf.isAbstract {
                    warning("empty-point", "compliance point '\(point.id)' has no questions in '\(id)'", at: point.location)
                } else if questions.count == 1, !leaf.isAbstract {
                    warning(
                        "thin-point", "compliance point '\(point.id)' has a single question in '\(id)'; two or more make a finding sturdier", at: point.location
                    )
                }
                points.append(CompiledQuestionnaire.Point(id: point.id, title: pointTitle, description: description, questions: questions))
            }
            let clusterTitle = localize(
                cluster.title, "title of cluster '\(cluster.id)'", fallback: cluster.location, languages, parameters, key: .cluster(cluster.id))
            compiledClusters.append(CompiledQuestionnaire.Cluster(id: cluster.id, title: clusterTitle, points: points))
        }

        var compiledParameters: [String: CompiledQuestionnaire.Parameter] = [:]
        for (name, parameter) in parameters.sorted(by: { $0.key < $1.key }) {
            var description = pick(parameter.description, languages, parameters)
            if !parameter.description.isEmpty {
                description.merge(overlay(.parameterDescription(name), writtenIn: parameter.file, "description of parameter '\(name)'", parameters)) { $1 }
            }
            compiledParameters[name] = CompiledQuestionnaire.Parameter(value: parameter.value, description: description, checked: parameter.checked)
        }
        var compiled = CompiledQuestionnaire(
            id: id, version: leaf.version.value, title: title, languages: languages + overlays.keys.sorted(),
            country: chain.last(where: { $0.country != nil })?.country, industry: chain.last(where: { $0.industry != nil })?.industry,
            sources: chain.map { .init(id: $0.id.value, version: $0.version.value, file: $0.file) },
            parameters: compiledParameters,
            clusters: compiledClusters, digest: "")
        compiled.reviewed = leaf.reviewed?.value
        compiled.changelog = leaf.changelog.map { .init(version: $0.version, date: $0.date, changes: $0.changes) }
        compiled.transparency = chain.last(where: { $0.transparency != nil })?.transparency?.value
        checkReview(leaf, parameters)
        for (language, files) in overlays {
            let ordered = chain.compactMap { files[$0.file] }
            let counts = untranslated[language] ?? ([], 0, 0, 0)
            compiled.translations[language] = .init(
                status: ordered.contains { $0.status == "draft" } ? "draft" : "reviewed", files: ordered.map(\.file),
                untranslated: counts.required, untranslatedOptional: counts.optional, required: counts.requiredTotal, optional: counts.optionalTotal,
                location: files[leaf.file]?.language.location ?? ordered.last?.language.location)
        }
        compiled.seal()
        return compiled
    }

    // MARK: - Clusters and points

    private mutating func structure(_ chain: [QuestionnaireSource], base: QuestionnaireSource) -> [ClusterSource] {
        for source in chain.dropFirst() {
            if let clusters = source.clusters {
                error(
                    "clusters-in-extension",
                    "only the base questionnaire ('\(base.id.value)') defines clusters and compliance points; '\(source.id.value)' adds questions under them",
                    at: clusters.location)
            }
        }
        guard let clusters = base.clusters?.value else {
            error("missing-key", "base questionnaire '\(base.id.value)' defines no clusters", at: base.id.location)
            return []
        }
        var seen: [String: SourceLocation] = [:]
        for cluster in clusters {
            if let first = seen[cluster.id] {
                error("duplicate-id", "cluster id '\(cluster.id)' is used twice", at: cluster.location, notes: ["first defined at line \(first.line)"])
            }
            seen[cluster.id] = cluster.location
            for point in cluster.points {
                if let first = seen[point.id] {
                    error("duplicate-id", "compliance point id '\(point.id)' is used twice", at: point.location, notes: ["first defined at line \(first.line)"])
                }
                seen[point.id] = point.location
            }
        }
        return clusters
    }

    // MARK: - Parameters

    struct ResolvedParameter {
        var value: ParameterValue
        var description: LocalizedText
        /// The file that declared it (whose translation translates its description), and when it was last checked.
        var file: String = ""
        var checked: String? = nil
        var checkedLocation: SourceLocation? = nil
        /// Still the default of an abstract base: no file of a country chain set it.
        var isBaseDefault = false
    }

    private mutating func resolveParameters(_ chain: [QuestionnaireSource], languages: [String]) -> [String: ResolvedParameter] {
        var declared: [String: ParameterDeclaration] = [:]
        var values: [String: ResolvedParameter] = [:]
        for source in chain {
            for declaration in source.declarations {
                if let first = declared[declaration.name] {
                    error(
                        "duplicate-parameter", "parameter '\(declaration.name)' is already declared; set it with a bare value instead",
                        at: declaration.location,
                        notes: ["declared at \(first.location.file):\(first.location.line)"])
                    continue
                }
                declared[declaration.name] = declaration
                if let description = declaration.description {
                    requireLanguages(description, languages, "description of parameter '\(declaration.name)'", fallback: declaration.location)
                }
                values[declaration.name] = ResolvedParameter(
                    value: declaration.defaultValue, description: declaration.description?.value ?? [:],
                    file: declaration.location.file, checked: declaration.checked?.value,
                    checkedLocation: declaration.checked?.location, isBaseDefault: source.isAbstract)
            }
            for setting in source.settings {
                guard let declaration = declared[setting.name] else {
                    let suggestion = declared.keys.min { (editDistance($0, setting.name), $0) < (editDistance($1, setting.name), $1) }
                    error(
                        "unknown-parameter", "parameter '\(setting.name)' is not declared by this questionnaire or those it extends", at: setting.location,
                        notes: (suggestion.map { ["did you mean '\($0)'?"] } ?? []) + ["declare a new parameter with type, default and description"])
                    continue
                }
                guard let value = ParameterValue.parse(setting.rawValue, as: declaration.type) else {
                    error("wrong-type", "parameter '\(setting.name)' is \(declaration.type.valueType), found '\(setting.rawValue)'", at: setting.valueLocation)
                    continue
                }
                values[setting.name]?.value = value
                values[setting.name]?.isBaseDefault = false
                if let checked = setting.checked {
                    values[setting.name]?.checked = checked.value
                    values[setting.name]?.checkedLocation = checked.location
                } else {
                    // A new value without a date was not checked when the old date was.
                    values[setting.name]?.checked = nil
                    values[setting.name]?.checkedLocation = nil
                }
            }
        }
        return values
    }

    // MARK: - Questions across the chain

    struct ResolvedQuestion {
        var id: String
        var location: SourceLocation
        var fields: QuestionFields
        var alteredBy: [SourceLocation]
    }

    /// Applies each file's removals, alterations and additions in chain order.
    private mutating func resolveQuestions(_ chain: [QuestionnaireSource]) -> (ordered: [ResolvedQuestion], removed: [String: SourceLocation]) {
        var questions: [ResolvedQuestion] = []
        var everDefined: [String: SourceLocation] = [:]
        var removed: [String: SourceLocation] = [:]
        for source in chain {
            for removal in source.removals {
                if let index = questions.firstIndex(where: { $0.id == removal.id }) {
                    questions.remove(at: index)
                    removed[removal.id] = removal.location
                } else {
                    unknownTarget(removal.id, verb: "remove", at: removal.location, in: source, removed: removed)
                }
            }
            for alteration in source.alterations {
                if let index = questions.firstIndex(where: { $0.id == alteration.id }) {
                    questions[index].fields.apply(alteration.fields)
                    questions[index].alteredBy.append(alteration.location)
                } else {
                    unknownTarget(alteration.id, verb: "alter", at: alteration.location, in: source, removed: removed)
                }
            }
            for question in source.questions {
                if let first = everDefined[question.id] {
                    let wasRemoved = removed[question.id] != nil
                    error(
                        "duplicate-id", "question id '\(question.id)' is already defined\(wasRemoved ? " (and removed)" : "")", at: question.location,
                        notes: ["first defined at \(first.file):\(first.line)"]
                            + (wasRemoved ? ["a removed id is not reused; give the new question a new id"] : []))
                    continue
                }
                everDefined[question.id] = question.location
                questions.append(ResolvedQuestion(id: question.id, location: question.location, fields: question.fields, alteredBy: []))
            }
        }
        return (questions, removed)
    }

    private mutating func unknownTarget(
        _ id: String, verb: String, at location: SourceLocation, in source: QuestionnaireSource, removed: [String: SourceLocation]
    ) {
        if let removal = removed[id] {
            error("unknown-question", "cannot \(verb) '\(id)': it was removed", at: location, notes: ["removed at \(removal.file):\(removal.line)"])
        } else if source.questions.contains(where: { $0.id == id }) {
            error(
                "unknown-question",
                "cannot \(verb) '\(id)': it is defined in this same file; \(verb) applies to questions of the questionnaires this one extends", at: location)
        } else {
            error("unknown-question", "cannot \(verb) '\(id)': no inherited question has this id", at: location)
        }
    }

    // MARK: - Expressions

    private mutating func checkExpressions(
        _ question: ResolvedQuestion, types: [String: ValueType], parameters: [String: ResolvedParameter],
        position: [String: Int], removedIDs: [String: SourceLocation]
    ) -> (when: Expression?, rule: Expression?) {
        var when: Expression?
        var rule: Expression?
        let parameterType: (String) -> ValueType? = { parameters[$0]?.value.type.valueType }
        if let source = question.fields.when {
            if let parsed = parse(source, question.id, isRule: false) {
                var checker = ExpressionTypeChecker(questionType: { types[$0] }, parameterType: parameterType)
                let type = checker.check(parsed)
                report(checker.errors, at: source.location, field: "when", question: question.id, removedIDs: removedIDs)
                if let type, type != .condition {
                    error("type-mismatch", "'when' of '\(question.id)' must be a condition, found \(type)", at: source.location)
                } else if type != nil, checkOrder(parsed, source.location, "when", question: question.id, allowSelf: false, position: position, types: types) {
                    when = parsed.substituting(parameters.mapValues(\.value))
                }
            }
        }
        if let source = question.fields.noncompliantIf {
            if question.fields.type?.value == .choice {
                error(
                    "rule-on-choice", "choice question '\(question.id)' marks its non-compliant options with 'noncompliant: true' instead of noncompliant-if",
                    at: source.location)
            } else if var parsed = parse(source, question.id, isRule: true) {
                var checker = ExpressionTypeChecker(questionType: { types[$0] }, parameterType: parameterType)
                var type = checker.check(parsed)
                if let found = type, found != .condition {
                    // A bare value is the non-compliant answer: `yes` means `ID == yes`.
                    parsed = .binary(.equal, .question(question.id), parsed)
                    checker = ExpressionTypeChecker(questionType: { types[$0] }, parameterType: parameterType)
                    type = checker.check(parsed)
                    if type == nil, let own = types[question.id] {
                        error(
                            "type-mismatch", "noncompliant-if of '\(question.id)' must be a condition or an answer of its type (\(own)), found \(found)",
                            at: source.location)
                    }
                } else {
                    report(checker.errors, at: source.location, field: "noncompliant-if", question: question.id, removedIDs: removedIDs)
                }
                if type == .condition,
                    checkOrder(parsed, source.location, "noncompliant-if", question: question.id, allowSelf: true, position: position, types: types)
                {
                    rule = parsed.substituting(parameters.mapValues(\.value))
                }
            }
        }
        return (when, rule)
    }

    private mutating func parse(_ source: Located<String>, _ questionID: String, isRule: Bool) -> Expression? {
        do {
            return isRule ? try ExpressionParser.parseRule(source.value, questionID: questionID) : try ExpressionParser.parse(source.value)
        } catch {
            self.error(
                "expression-syntax", "\(isRule ? "noncompliant-if" : "when") of '\(questionID)': \(error.message)",
                at: source.location.advanced(by: error.offset))
            return nil
        }
    }

    private mutating func report(_ messages: [String], at location: SourceLocation, field: String, question: String, removedIDs: [String: SourceLocation]) {
        for message in messages {
            let unknownID = message.hasPrefix("unknown question '") ? String(message.dropFirst(18).dropLast()) : nil
            if let unknownID, let removal = removedIDs[unknownID] {
                error(
                    "removed-reference", "\(field) of '\(question)' refers to '\(unknownID)', which is removed", at: location,
                    notes: ["removed at \(removal.file):\(removal.line)"])
            } else if unknownID != nil {
                error("unknown-reference", "\(field) of '\(question)': \(message)", at: location)
            } else if message.hasPrefix("unknown parameter") {
                error("unknown-parameter", "\(field) of '\(question)': \(message)", at: location)
            } else {
                error("type-mismatch", "\(field) of '\(question)': \(message)", at: location)
            }
        }
    }

    /// An expression may read only questions asked before this one; a later one is a forward reference,
    /// or a cycle when that question's own expressions lead back here.
    private mutating func checkOrder(
        _ expression: Expression, _ location: SourceLocation, _ field: String, question: String, allowSelf: Bool,
        position: [String: Int], types: [String: ValueType]
    ) -> Bool {
        var ok = true
        for reference in Set(expression.questionReferences) {
            if reference == question {
                if !allowSelf {
                    error("expression-cycle", "\(field) of '\(question)' depends on its own answer", at: location)
                    ok = false
                }
                continue
            }
            guard let target = position[reference], let own = position[question] else { continue }
            if target > own {
                if dependsOn(reference, question, visited: []) {
                    error(
                        "expression-cycle", "\(field) of '\(question)' refers to '\(reference)', whose own conditions refer back to '\(question)'", at: location
                    )
                } else {
                    error(
                        "forward-reference", "\(field) of '\(question)' refers to '\(reference)', which is asked later", at: location,
                        notes: ["an expression may only read questions asked before it (cluster, point, then file order)"])
                }
                ok = false
            }
        }
        return ok
    }

    private func dependsOn(_ from: String, _ target: String, visited: Set<String>) -> Bool {
        guard !visited.contains(from), let fields = resolvedFields[from] else { return false }
        var references: [String] = []
        for text in [fields.when?.value, fields.noncompliantIf?.value].compactMap({ $0 }) {
            if let parsed = try? ExpressionParser.parseRule(text, questionID: from) { references += parsed.questionReferences }
        }
        return references.contains(target) || references.contains { $0 != from && dependsOn($0, target, visited: visited.union([from])) }
    }

    // MARK: - Questions

    private mutating func compileQuestion(
        _ question: ResolvedQuestion, languages: [String], parameters: [String: ResolvedParameter],
        expressions: (when: Expression?, rule: Expression?)?
    ) -> CompiledQuestionnaire.Question? {
        let fields = question.fields
        guard let type = fields.type?.value, let text = fields.text else { return nil }
        let compiledText = localize(text, "text of '\(question.id)'", fallback: question.location, languages, parameters, key: .questionText(question.id))
        let guidance =
            fields.guidance.map {
                localize(
                    $0, "guidance of '\(question.id)'", fallback: question.location, languages, parameters,
                    key: .guidance(question.id))
            } ?? [:]
        if fields.guidance == nil {
            warning("missing-guidance", "question '\(question.id)' has no guidance telling an advisor how to check it", at: question.location)
        }
        var options: [CompiledQuestionnaire.Option] = []
        if type == .choice {
            guard let sourceOptions = fields.options, !sourceOptions.value.isEmpty else {
                error("missing-options", "choice question '\(question.id)' lists no options", at: fields.type!.location)
                return nil
            }
            var seen = Set<String>()
            for option in sourceOptions.value {
                if !seen.insert(option.id).inserted {
                    error("duplicate-id", "option '\(option.id)' appears twice in '\(question.id)'", at: option.location)
                }
                let optionText = localize(
                    option.text, "text of option '\(option.id)' of '\(question.id)'", fallback: option.location, languages, parameters,
                    key: .option(question: question.id, option: option.id))
                options.append(.init(id: option.id, text: optionText, noncompliant: option.noncompliant))
            }
        } else if let sourceOptions = fields.options {
            error("options-not-allowed", "'\(question.id)' is a \(type.rawValue) question; only choice questions have options", at: sourceOptions.location)
        }
        let constraints = numberConstraints(question, type: type, parameters: parameters)
        if let rule = expressions?.rule, let source = fields.noncompliantIf, !Self.canHold(rule, for: question.id, within: constraints) {
            error(
                "rule-never-met", "noncompliant-if of '\(question.id)' (\(rule)) can never hold for an answer that is \(constraints.description)",
                at: source.location, notes: ["a rule that no allowed answer meets finds nothing; check the rule and the question's min and max"])
        }
        for reference in fields.legal?.value ?? [] where reference.trimmingSpaces.isEmpty {
            error("empty-value", "a legal reference of '\(question.id)' is empty", at: fields.legal!.location)
        }
        let origin = question.location
        return CompiledQuestionnaire.Question(
            id: question.id, type: type, text: compiledText, guidance: guidance, legal: fields.legal?.value ?? [],
            isPublic: fields.isPublic?.value ?? false, when: expressions?.when, noncompliantIf: expressions?.rule, options: options,
            constraints: constraints, origin: .init(file: origin.file, line: origin.line),
            alteredBy: question.alteredBy.map { .init(file: $0.file, line: $0.line) })
    }

    // MARK: - Answer constraints

    /// `integer`, `min` and `max` resolved to numbers; a bound that is not a number or a number parameter, a
    /// constraint on a question that is not a number, and constraints no answer can meet are errors.
    private mutating func numberConstraints(
        _ question: ResolvedQuestion, type: QuestionType,
        parameters: [String: ResolvedParameter]
    ) -> NumberConstraints {
        let fields = question.fields
        guard type == .number else {
            for case (let key, let location?) in [("integer", fields.integer?.location), ("min", fields.min?.location), ("max", fields.max?.location)] {
                error("constraint-not-allowed", "'\(question.id)' is a \(type.rawValue) question; only number questions take '\(key)'", at: location)
            }
            return .none
        }
        func bound(_ written: Located<String>?, _ key: String) -> Double? {
            guard let written else { return nil }
            let text = written.value.trimmingSpaces
            if text.hasPrefix("{"), text.hasSuffix("}") {
                let name = String(text.dropFirst().dropLast()).trimmingSpaces
                guard let parameter = parameters[name] else {
                    let suggestion = parameters.keys.min { (editDistance($0, name), $0) < (editDistance($1, name), $1) }
                    error(
                        "unknown-parameter", "\(key) of '\(question.id)' uses '{\(name)}', which is not a parameter", at: written.location,
                        notes: suggestion.map { ["did you mean '\($0)'?"] } ?? [])
                    return nil
                }
                guard case .number(let value) = parameter.value else {
                    error(
                        "wrong-type", "\(key) of '\(question.id)' must be a number, and parameter '\(name)' is \(parameter.value.type.valueType)",
                        at: written.location)
                    return nil
                }
                return value
            }
            guard let value = YAMLReader.parseNumber(text) else {
                error("wrong-type", "\(key) of '\(question.id)' must be a number or a {parameter}, found '\(written.value)'", at: written.location)
                return nil
            }
            return value
        }
        let constraints = NumberConstraints(integer: fields.integer?.value ?? false, minimum: bound(fields.min, "min"), maximum: bound(fields.max, "max"))
        if !constraints.canBeMet {
            error(
                "impossible-constraint", "no answer to '\(question.id)' can be \(constraints.description)",
                at: fields.max?.location ?? fields.min?.location ?? question.location,
                notes: ["min must not be above max, and a whole number must fit between them"])
            return .none
        }
        return constraints
    }

    /// Whether `rule` can be true for some answer to `question` the constraints allow, the other answers
    /// unknown: tried on values that stand for all the allowed ones (NumberConstraints.representatives).
    /// A rule that also reads other answers is unknown here, so it is never said to be impossible.
    static func canHold(_ rule: Expression, for question: String, within constraints: NumberConstraints) -> Bool {
        guard !constraints.isNone else { return true }
        let candidates = constraints.representatives(comparingWith: rule.numberConstants)
        return candidates.contains { value in
            rule.evaluate { $0 == question ? .number(value) : nil } != .condition(false)
        }
    }

    // MARK: - Texts

    /// Checks a text (every language present, every `{placeholder}` a parameter) and returns its compiled
    /// form: the questionnaire's languages, with parameter values filled in.
    private mutating func localize(
        _ text: Located<LocalizedText>?, _ what: String, fallback: SourceLocation,
        _ languages: [String], _ parameters: [String: ResolvedParameter],
        key: QuestionnaireTranslation.Key? = nil
    ) -> LocalizedText {
        requireLanguages(text, languages, what, fallback: fallback)
        if let text { substitute(text, parameters, what) }
        var result = pick(text?.value ?? [:], languages, parameters)
        if let key, let text { result.merge(overlay(key, writtenIn: text.location.file, what, parameters)) { $1 } }
        return result
    }

    /// The texts of `key` in the languages translation files add, taken from the translation of the file that
    /// wrote the text (so a text a country file alters is never shown with the base's translation of the old one).
    private mutating func overlay(
        _ key: QuestionnaireTranslation.Key, writtenIn file: String, _ what: String,
        _ parameters: [String: ResolvedParameter]
    ) -> LocalizedText {
        var result: LocalizedText = [:]
        for (language, files) in overlays {
            var counts = untranslated[language] ?? ([], 0, 0, 0)
            if key.isRequired { counts.requiredTotal += 1 } else { counts.optionalTotal += 1 }
            if let translated = files[file]?.texts[key], !translated.value.trimmingSpaces.isEmpty {
                substitute(Located(value: [language: translated.value], location: translated.location), parameters, "\(what) in the \(language) translation")
                result[language] = Self.fill(translated.value, parameters.mapValues(\.value))
            } else if key.isRequired {
                counts.required.append(key.description)
            } else {
                counts.optional += 1
            }
            untranslated[language] = counts
        }
        return result
    }

    private mutating func requireLanguages(_ text: Located<LocalizedText>?, _ languages: [String], _ what: String, fallback: SourceLocation) {
        guard let text else {
            error("missing-key", "\(what) is missing", at: fallback)
            return
        }
        let missing = languages.filter { (text.value[$0] ?? "").trimmingSpaces.isEmpty }
        if !missing.isEmpty {
            error(
                "missing-translation", "\(what) has no \(missing.map { "'\($0)'" }.joined(separator: ", ")) text", at: text.location,
                notes: ["every text must exist in every language the questionnaire lists (\(languages.joined(separator: ", ")))"])
        }
    }

    /// Reports `{name}` placeholders that name no parameter.
    private mutating func substitute(_ text: Located<LocalizedText>, _ parameters: [String: ResolvedParameter], _ what: String) {
        for (language, value) in text.value.sorted(by: { $0.key < $1.key }) {
            for name in Self.placeholders(in: value) where parameters[name] == nil {
                error(
                    "unknown-parameter", "\(what) (\(language)) uses '{\(name)}', which is not a parameter", at: text.location,
                    notes: ["write '{{' and '}}' for literal braces"])
            }
        }
    }

    static func placeholders(in text: String) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            let after = rest.index(after: open)
            if after < rest.endIndex, rest[after] == "{" {
                rest = rest[rest.index(after: after)...]
                continue
            }
            guard let close = rest[after...].firstIndex(of: "}") else { break }
            names.append(String(rest[after..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    /// Keeps the questionnaire's languages and fills in parameter values.
    private func pick(_ text: LocalizedText, _ languages: [String], _ parameters: [String: ResolvedParameter]) -> LocalizedText {
        var result: LocalizedText = [:]
        for language in languages {
            guard let value = text[language] else { continue }
            result[language] = Self.fill(value, parameters.mapValues(\.value))
        }
        return result
    }

    static func fill(_ text: String, _ values: [String: ParameterValue]) -> String {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "}") }) else { return text }
        var output = ""
        var index = text.startIndex
        while index < text.endIndex {
            let c = text[index]
            let next = text.index(after: index)
            if c == "{" || c == "}", next < text.endIndex, text[next] == c {
                output.append(c)
                index = text.index(after: next)
            } else if c == "{", let close = text[next...].firstIndex(of: "}"), let value = values[String(text[next..<close])] {
                output += value.display
                index = text.index(after: close)
            } else {
                output.append(c)
                index = next
            }
        }
        return output
    }
}
