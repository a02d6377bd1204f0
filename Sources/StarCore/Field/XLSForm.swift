/// A questionnaire as an XLSForm (docs/field.md): the survey, choices and settings sheets that ODK Collect
/// and KoboCollect fill on a tablet. Built from the compiled questionnaire, so the form pins exactly the
/// content a record pins; written as `.xlsx` by XLSXWriter.
public struct XLSForm: Sendable {
    public var fields: FormFields
    public var survey: XLSXWriter.Sheet
    public var choices: XLSXWriter.Sheet
    public var settings: XLSXWriter.Sheet

    /// The workbook's bytes.
    public func xlsx() throws -> [UInt8] {
        try XLSXWriter.workbook([survey, choices, settings])
    }

    /// The form of `questionnaire`. A question whose name or `when` cannot be carried into XLSForm is an
    /// error at its origin: the form is never made with a rule that means something else.
    /// - Parameter photos: adds an optional `image` question after each question (and its note), whose photo an
    ///   import stores as the answer's evidence.
    public static func make(_ questionnaire: CompiledQuestionnaire, photos: Bool = false) -> (XLSForm?, [Diagnostic]) {
        let (made, problems) = FormFields.make(questionnaire)
        guard let fields = made else { return (nil, problems) }
        let languages = questionnaire.languages.isEmpty ? ["en"] : questionnaire.languages
        let translator = XLSFormExpression(fields: fields)
        var diagnostics: [Diagnostic] = []
        var survey: [[String: String]] = []
        var choices: [[String: String]] = []

        func texts(_ column: String, _ text: LocalizedText) -> [String: String] {
            var cells: [String: String] = [:]
            for language in languages { cells["\(column)::\(languageColumn(language))"] = text.text(in: language) }
            return cells
        }
        func words(_ key: StarWords.Key) -> LocalizedText {
            Dictionary(uniqueKeysWithValues: languages.map { ($0, StarWords.text(key, in: $0)) })
        }
        func row(_ type: String, _ name: String, _ cells: [String: String] = [:]) {
            survey.append(cells.merging(["type": type, "name": name]) { a, _ in a })
        }

        // Who, where and when: what a record's header needs, asked first.
        row("start", FormFields.Meta.start)
        row("end", FormFields.Meta.end)
        row("deviceid", FormFields.Meta.deviceID)
        row("calculate", FormFields.Meta.questionnaire, ["calculation": XLSFormExpression.literal(FormFields.pinText(of: questionnaire))])
        row("calculate", FormFields.Meta.digest, ["calculation": XLSFormExpression.literal(questionnaire.digest)])
        row("begin_group", FormFields.Meta.group, texts("label", words(.visit)).merging(["appearance": "field-list"]) { a, _ in a })
        row(
            "text", FormFields.Meta.factory,
            texts("label", words(.factory)).merging(texts("hint", words(.factoryHint))) { a, _ in a }
                .merging(["required": "yes", "constraint": "regex(., '^[A-Za-z0-9][A-Za-z0-9._-]*$')"]) { a, _ in a }
                .merging(texts("constraint_message", words(.factoryConstraint))) { a, _ in a })
        row("date", FormFields.Meta.visitStart, texts("label", words(.visitStart)).merging(["required": "yes"]) { a, _ in a })
        row(
            "date", FormFields.Meta.visitEnd,
            texts("label", words(.visitEnd)).merging(texts("hint", words(.visitEndHint))) { a, _ in a }
                .merging(["constraint": ". >= ${\(FormFields.Meta.visitStart)}"]) { a, _ in a }
                .merging(texts("constraint_message", words(.visitEndConstraint))) { a, _ in a })
        row(
            "select_one \(kindList)", FormFields.Meta.kind,
            texts("label", words(.kind)).merging(["required": "yes", "default": AssessmentKind.assessment.rawValue]) { a, _ in a })
        row("select_one \(yesNoList)", FormFields.Meta.announced, texts("label", words(.announced)))
        row("text", FormFields.Meta.assessors, texts("label", words(.assessors)).merging(texts("hint", words(.assessorsHint))) { a, _ in a })
        row("end_group", FormFields.Meta.group)

        choices.append(texts("label", words(.yes)).merging(["list_name": yesNoList, "name": "yes"]) { a, _ in a })
        choices.append(texts("label", words(.no)).merging(["list_name": yesNoList, "name": "no"]) { a, _ in a })
        for (kind, key) in [(AssessmentKind.assessment, StarWords.Key.kindAssessment), (.followUp, .kindFollowUp), (.selfAssessment, .kindSelfAssessment)] {
            choices.append(texts("label", words(key)).merging(["list_name": kindList, "name": kind.rawValue]) { a, _ in a })
        }

        for cluster in questionnaire.clusters {
            guard let clusterName = fields.groupOfCluster[cluster.id] else { continue }
            row("begin_group", clusterName, texts("label", cluster.title.mapValues { "\(cluster.id) \($0)" }))
            for point in cluster.points {
                guard let pointName = fields.groupOfPoint[point.id] else { continue }
                row("begin_group", pointName, texts("label", point.title.mapValues { "\(point.id) \($0)" }).merging(["appearance": "field-list"]) { a, _ in a })
                for question in point.questions {
                    guard let name = fields.fieldOfQuestion[question.id] else { continue }
                    var cells = texts("label", question.text.mapValues { "\(question.id) \($0)" })
                    if !question.guidance.isEmpty { cells.merge(texts("hint", question.guidance)) { a, _ in a } }
                    // Every applicable question must be answered before a record can be final; `relevant`
                    // leaves out the others, so `required` holds exactly where star requires an answer.
                    cells["required"] = "yes"
                    if let when = question.when {
                        do {
                            cells["relevant"] = try translator.relevant(when)
                        } catch {
                            diagnostics.append(
                                .error(
                                    "untranslatable-expression", "the 'when' of '\(question.id)' cannot be written in XLSForm: \(error.reason)",
                                    at: SourceLocation(file: question.origin.file, line: question.origin.line),
                                    notes: ["when: \(when)"]))
                        }
                    }
                    if let constraint = constraint(for: question) {
                        cells["constraint"] = constraint.xpath
                        cells.merge(texts("constraint_message", constraint.message)) { a, _ in a }
                    }
                    let type: String
                    switch question.type {
                    case .yesNo: type = "select_one \(yesNoList)"
                    case .choice:
                        type = "select_one \(name)"
                        for option in question.options {
                            choices.append(texts("label", option.text).merging(["list_name": name, "name": option.id]) { a, _ in a })
                        }
                    case .number: type = numberType(for: question)
                    case .text: type = "text"
                    case .date: type = "date"
                    }
                    row(type, name, cells)
                    // Evidence for the answer ("payroll week 9"), kept as the answer's note; shown with it.
                    if let note = fields.noteFieldOfQuestion[question.id] {
                        var noteCells = texts("label", words(.note).mapValues { "\($0) \(question.id)" }).merging(["appearance": "multiline"]) { a, _ in a }
                        if let relevant = cells["relevant"] { noteCells["relevant"] = relevant }
                        row("text", note, noteCells)
                    }
                    if photos, let photo = fields.photoFieldOfQuestion[question.id] {
                        // ODK Collect resizes the photo as it is taken: star keeps it under the 2 MB warning.
                        var photoCells = texts("label", words(.photo).mapValues { "\($0) \(question.id)" }).merging(["parameters": "max-pixels=1600"]) { a, _ in
                            a
                        }
                        if let relevant = cells["relevant"] { photoCells["relevant"] = relevant }
                        row("image", photo, photoCells)
                    }
                }
                row("end_group", pointName)
            }
            row("end_group", clusterName)
        }
        guard diagnostics.isEmpty else { return (nil, diagnostics) }

        let labelColumns = languages.map { "label::\(languageColumn($0))" }
        let hintColumns = languages.map { "hint::\(languageColumn($0))" }
        let messageColumns = languages.map { "constraint_message::\(languageColumn($0))" }
        let surveyColumns =
            ["type", "name"] + labelColumns + hintColumns + ["required", "relevant", "constraint"] + messageColumns
            + (photos ? ["parameters"] : [])
            + ["appearance", "default", "calculation"]
        let settingsRow: [String: String] = [
            "form_title": questionnaire.title.text(in: languages[0]) + " " + questionnaire.version,
            "form_id": fields.formID,
            "version": fields.formVersion,
            "default_language": languageColumn(languages[0]),
            "instance_name": "concat(${\(FormFields.Meta.factory)}, ' ', ${\(FormFields.Meta.visitStart)}, ' ', ${\(FormFields.Meta.kind)})",
        ]
        return (
            XLSForm(
                fields: fields,
                survey: XLSXWriter.Sheet(name: "survey", columns: surveyColumns, rows: survey),
                choices: XLSXWriter.Sheet(name: "choices", columns: ["list_name", "name"] + labelColumns, rows: choices),
                settings: XLSXWriter.Sheet(
                    name: "settings", columns: ["form_title", "form_id", "version", "default_language", "instance_name"], rows: [settingsRow])), []
        )
    }

    static let yesNoList = "yes_no"
    static let kindList = "star_kind"

    /// The XLSForm type of a number question: `integer` when the questionnaire says the answer is whole.
    static func numberType(for question: CompiledQuestionnaire.Question) -> String {
        question.constraints.integer ? "integer" : "decimal"
    }

    /// The one place an answer constraint of the questionnaire becomes an XLSForm `constraint`: its bounds
    /// (whole numbers are the `integer` type). The message says what the questionnaire allows, in English
    /// for every language (the constraint's words are not translated yet).
    static func constraint(for question: CompiledQuestionnaire.Question) -> (xpath: String, message: LocalizedText)? {
        let constraints = question.constraints
        let bounds = [constraints.minimum.map { ". >= \(Expression.format($0))" }, constraints.maximum.map { ". <= \(Expression.format($0))" }].compactMap {
            $0
        }
        guard question.type == .number, !bounds.isEmpty else { return nil }
        return (bounds.joined(separator: " and "), ["en": "The answer must be \(constraints.description)."])
    }

    /// `English (en)`: the language as XLSForm columns name it, with its code for ODK's tools.
    static func languageColumn(_ code: String) -> String {
        "\(StarWords.languageName(code)) (\(code))"
    }
}
