/// A submission written as an answer sheet (`star assess import --sheets DIR`): the blank sheet of its
/// visit, every question still explained in comments, with the tablet's answers, assessors and notes filled
/// in. The advisor reviews it in an editor and records it with `star assess record SHEET --final`.
enum SubmissionSheet {
    static func text(questionnaire: CompiledQuestionnaire, factory: Factory, sheet: AnswerSheet, provenance: String) -> String {
        let language = questionnaire.languages.first ?? "en"
        var lines = AnswerSheet.blank(for: questionnaire, factory: factory, kind: sheet.kind, visit: sheet.visit!, language: language)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var answerLine: [String: Int] = [:]
        for (index, line) in lines.enumerated() where line.hasPrefix("  ") && line.hasSuffix(": ~") {
            answerLine[String(line.dropFirst(2).dropLast(3))] = index
        }
        let types = Dictionary(questionnaire.questions.map { ($0.id, $0.type) }, uniquingKeysWith: { a, _ in a })
        for (id, raw) in sheet.answers {
            guard let index = answerLine[id], let value = raw.value else { continue }
            let text = value.string ?? String(CanonicalJSON.string(value).dropLast())
            // star reads every scalar as written: yes/no, numbers and dates read best as an advisor types them.
            let plain: Bool
            switch types[id] {
            case .yesNo?: plain = text == "yes" || text == "no"
            case .number?: plain = YAMLReader.parseNumber(text) != nil && !text.contains(":")
            case .date?: plain = CalendarDate(text) != nil
            default: plain = false
            }
            lines[index] = "  \(id): \(plain ? text : AnswerSheet.yamlString(text))"
        }
        if let index = lines.firstIndex(of: "assessors: []"), !sheet.assessors.isEmpty {
            let items = sheet.assessors.map { a in "{id: \(AnswerSheet.yamlString(a.id))" + (a.gender.map { ", gender: \($0)" } ?? "") + "}" }
            lines[index] = "assessors: [\(items.joined(separator: ", "))]"
        }
        let notes = sheet.answers.compactMap { id, raw in raw.note.map { (id, $0) } }.sorted { $0.0 < $1.0 }
        if let index = lines.firstIndex(of: "notes: {}"), !notes.isEmpty {
            lines.replaceSubrange(index...index, with: ["notes:"] + notes.map { "  \($0.0): \(AnswerSheet.yamlString($0.1))" })
        }
        return "# \(provenance)\n" + lines.joined(separator: "\n")
    }
}
