/// The self-assessment guide of a compiled questionnaire: every question with its text, guidance, legal
/// references, when it applies and how non-compliance is decided, by cluster and point, with a table of contents.
/// A factory reads it before `star assess new --kind self-assessment`, so it describes the committed compiled
/// form (what a sheet pins), not the current source.
public enum SelfAssessmentGuide {
    /// `id@version`, or `id` for its newest compiled version.
    public static func questionnaire(_ reference: String, in context: AssessmentContext) throws(ReportError) -> CompiledQuestionnaire {
        let all = context.compiled.values
        let (id, version) =
            reference.firstIndex(of: "@").map { (String(reference[..<$0]), String(reference[reference.index(after: $0)...])) } ?? (reference, nil)
        let versions = all.filter { $0.id == id }.sorted { AssessmentContext.versionPrecedes($0.version, $1.version) }
        if let found = version == nil ? versions.last : versions.first(where: { $0.version == version }) { return found }
        let ids = Set(all.map(\.id)).sorted()
        let known =
            !versions.isEmpty
            ? "compiled versions of \(id): " + versions.map(\.version).joined(separator: ", ")
            : ids.isEmpty ? "there is none yet; 'star questionnaire compile' writes them" : "compiled questionnaires: " + ids.joined(separator: ", ")
        throw .unknownQuestionnaire("no compiled questionnaire '\(reference)'; \(known)")
    }

    public static func build(_ reference: String, language asked: String?, context: AssessmentContext) throws(ReportError) -> ReportDocument {
        let questionnaire = try questionnaire(reference, in: context)
        let language = try ReportStrings.resolve(asked, questionnaire: questionnaire)
        let t = ReportStrings(language)
        let pinned = "\(questionnaire.id)@\(questionnaire.version)"
        let command = "star assess new --factory <factory-id> --kind self-assessment --questionnaire \(pinned) --lang \(language) --output self-assessment.yaml"
        let about = [
            ReportFact("questionnaire", t(.questionnaire), .identifier(questionnaire.id)),
            ReportFact("version", t(.version), .text(questionnaire.version)),
            ReportFact("country", t(.country), questionnaire.country.map { .text(CountryNames.label($0, language: language)) } ?? .none),
            ReportFact("industry", t(.industry), questionnaire.industry.map { .text($0) } ?? .none),
            ReportFact("languages", t(.languages), .list(questionnaire.languages)),
            ReportFact("questions", t(.questions), .count(questionnaire.questions.count)),
        ]
        var sections = [
            ReportSection(id: "about", title: t(.guideAbout), blocks: [.facts(about), .paragraph(t(.guideUse)), .code(command), .paragraph(t(.guideFindings))])
        ]
        if !questionnaire.parameters.isEmpty {
            let rows: [[ReportValue]] = questionnaire.parameters.keys.sorted().map { name in
                let parameter = questionnaire.parameters[name]!
                return [.identifier(name), .text(parameter.value.display), .text(parameter.description.text(in: language))]
            }
            sections.append(
                ReportSection(
                    id: "parameters", title: t(.parameters),
                    blocks: [
                        .table(
                            ReportTable(
                                key: "parameters",
                                columns: [.init("parameter", t(.parameter)), .init("value", t(.value)), .init("description", t(.description))], rows: rows))
                    ]))
        }
        let contents = questionnaire.clusters.map { cluster in
            ReportList.Item(
                "\(cluster.id) \(cluster.title.text(in: language))", link: anchor(cluster: cluster.id),
                items: cluster.points.map { point in
                    ReportList.Item("\(point.id) \(point.title.text(in: language))", link: anchor(point: point.id))
                })
        }
        sections.append(ReportSection(id: "contents", title: t(.contents), blocks: [.list(ReportList(contents))]))
        sections += questionnaire.clusters.map { cluster in
            ReportSection(
                id: anchor(cluster: cluster.id), title: "\(cluster.id) \(cluster.title.text(in: language))",
                sections: cluster.points.map { point in
                    let description = point.description.text(in: language)
                    return ReportSection(
                        id: anchor(point: point.id), title: "\(point.id) \(point.title.text(in: language))",
                        blocks: description.isEmpty ? [] : [.paragraph(description)],
                        sections: point.questions.map { question($0, t) })
                })
        }
        return ReportDocument(
            kind: "guide", language: language, title: t(.guideTitle, questionnaire.title.text(in: language)),
            subtitle: "\(questionnaire.id) \(questionnaire.version)", sections: sections)
    }

    static func anchor(cluster: String) -> String { ReportSection.anchor("cluster", cluster) }
    static func anchor(point: String) -> String { ReportSection.anchor("point", point) }
    static func anchor(question: String) -> String { ReportSection.anchor("question", question) }

    /// A question as a section: what to answer, the options (non-compliant ones marked), when it applies, how
    /// non-compliance is decided, guidance and law.
    static func question(_ question: CompiledQuestionnaire.Question, _ t: ReportStrings) -> ReportSection {
        let language = t.textLanguage
        let expected: ReportStrings.Key =
            switch question.type {
            case .yesNo: .typeYesNo
            case .choice: .typeChoice
            case .number: .typeNumber
            case .text: .typeText
            case .date: .typeDate
            }
        var facts = [ReportFact("answer", t(.expectedAnswer), .term(question.type.rawValue, t(expected)))]
        facts.append(ReportFact("applies-when", t(.appliesWhen), .text(question.when?.description ?? t(.always))))
        // What noncomplianceRule says in a sheet, in the report's language: the non-compliant options, or the condition.
        var rule: [String] = []
        let options = question.options.filter(\.noncompliant).map(\.id)
        if !options.isEmpty { rule.append(t(.answerIs, options.joined(separator: ", "))) }
        if let condition = question.noncompliantIf { rule.append(condition.description) }
        facts.append(ReportFact("non-compliant-when", t(.nonCompliantWhen), .text(rule.isEmpty ? t(.never) : rule.joined(separator: t(.or)))))
        let guidance = question.guidance.text(in: language)
        if !guidance.isEmpty { facts.append(ReportFact("guidance", t(.guidance), .text(guidance))) }
        facts.append(ReportFact("legal", t(.legal), .list(question.legal)))
        facts.append(ReportFact("public", t(.isPublic), question.isPublic ? .term("yes", t(.publicYes)) : .term("no", t(.no))))
        var blocks: [ReportBlock] = [.paragraph(question.text.text(in: language)), .facts(facts)]
        if !question.options.isEmpty {
            blocks.append(.paragraph(t(.options) + t(.colon)))
            blocks.append(
                .list(
                    ReportList(
                        question.options.map { option in
                            let text = "\(option.id): \(option.text.text(in: language))"
                            return ReportList.Item(option.noncompliant ? t(.nonCompliantOption, text) : text)
                        })))
        }
        return ReportSection(id: anchor(question: question.id), title: question.id, blocks: blocks)
    }
}
