import Foundation
import StarCore
import Testing

/// A seeded generator (SplitMix64), so a failing round trip can be run again as it was.
private struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

/// The shipped compiled questionnaires, as `id@version`.
private let shipped: [String] = {
    let folder = packageRoot.appendingPathComponent("questionnaires/compiled").path
    return FileStore.files(under: folder, extensions: ["json"]).sorted().map { $0.dropLast(5).replacingOccurrences(of: "/", with: "@") }
}()

/// Random answers that a tablet could send: each applicable question (by its `when`, given the answers
/// before it) answered most of the time, with values around the thresholds the rules use; a question
/// that does not apply is left blank, as ODK leaves a non-relevant field.
private func randomAnswers(_ questionnaire: CompiledQuestionnaire, _ rng: inout SeededGenerator) -> [String: Answer] {
    let texts = ["Checked, all fine", "payroll week 9; line 3", "a \"quoted\" word, and a comma", "two\nlines", "Khmer: ការងារ", "x"]
    let numbers: [Double] = [0, 1, 2, 3, 12.5, 14, 15, 18, 48, 60, 61, 100, 150, 190, 250, 1000, 4000]
    var answers: [String: Answer] = [:]
    for question in questionnaire.questions {
        if let when = question.when, when.evaluate({ answers[$0]?.value }) != .condition(true) { continue }
        guard Int.random(in: 0..<20, using: &rng) > 0 else { continue }
        switch question.type {
        case .yesNo: answers[question.id] = .yesNo(Bool.random(using: &rng))
        case .choice: answers[question.id] = .choice(question.options.randomElement(using: &rng)!.id)
        case .number:
            // Only values the question's constraints allow (a tablet's form refuses the others).
            let allowed = numbers.filter { question.constraints.problem(with: $0) == nil }
            guard let value = allowed.randomElement(using: &rng) else { continue }
            answers[question.id] = .number(value)
        case .text: answers[question.id] = .text(texts.randomElement(using: &rng)!)
        case .date:
            let (year, month, day) = (Int.random(in: 2024...2027, using: &rng), Int.random(in: 1...12, using: &rng), Int.random(in: 1...28, using: &rng))
            answers[question.id] = .date(CalendarDate("\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)")!)
        }
    }
    return answers
}

/// An answer as ODK Central writes it in a CSV cell.
private func cell(_ answer: Answer) -> String {
    switch answer {
    case .yesNo(let b): b ? "yes" : "no"
    case .number(let n): Expression.format(n)
    case .choice(let s), .text(let s): s
    case .date(let d): d.description
    }
}

private func csvField(_ text: String) -> String {
    text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
}

/// How the tools export submissions; the round trip goes through each.
enum ExportShape: String, CaseIterable, Sendable {
    case centralCSV, koboCSV, centralJSON
}

/// The fields of `form`'s survey sheet in order, each with its group path and type.
private func surveyFields(_ form: XLSForm) -> [(name: String, groups: [String], type: String)] {
    var groups: [String] = []
    var fields: [(name: String, groups: [String], type: String)] = []
    for row in form.survey.rows {
        let type = row["type"] ?? ""
        let name = row["name"] ?? ""
        if type == "begin_group" {
            groups.append(name)
            continue
        }
        if type == "end_group" {
            groups.removeLast()
            continue
        }
        fields.append((name, groups, type))
    }
    return fields
}

/// An export of `submissions` to `form` as the tool of `shape` writes it, built from the form's own field
/// names: ODK Central's CSV (group paths joined by '-', Central's columns around them), KoboToolbox's CSV
/// (';', every field quoted, '/' paths, Kobo's '_' columns), or Central's OData JSON (groups nested,
/// decimals as numbers, `__system`).
private func export(_ form: XLSForm, _ shape: ExportShape, submissions: [(instance: String, values: [String: String])]) -> String {
    let fields = surveyFields(form)
    switch shape {
    case .centralCSV:
        var lines = [
            (["SubmissionDate"] + fields.map { ($0.groups + [$0.name]).joined(separator: "-") }
                + [
                    "meta-instanceID", "KEY", "SubmitterID", "SubmitterName", "AttachmentsPresent", "AttachmentsExpected", "Status", "ReviewState",
                    "DeviceID", "Edits", "FormVersion",
                ]).joined(separator: ",")
        ]
        for submission in submissions {
            var cells = ["2026-06-01T10:00:00.000Z"] + fields.map { csvField(submission.values[$0.name] ?? "") }
            cells += [submission.instance, submission.instance, "3", "Dara", "0", "0", "", "", "collect:T1", "0", form.fields.formVersion]
            lines.append(cells.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    case .koboCSV:
        func quoted(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        let header =
            fields.map { ($0.groups + [$0.name]).joined(separator: "/") }
            + [
                "meta/instanceID", "_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status", "_submitted_by", "__version__", "_tags",
                "_index",
            ]
        var lines = [header.map(quoted).joined(separator: ";")]
        for (index, submission) in submissions.enumerated() {
            var cells = fields.map { submission.values[$0.name] ?? "" }
            cells += [
                submission.instance, "\(1000 + index)", String(submission.instance.dropFirst(5)), "2026-06-01T10:00:00", "", "", "submitted_via_web",
                "dara", "vQ8zWm3", "", "\(index + 1)",
            ]
            lines.append(cells.map(quoted).joined(separator: ";"))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    case .centralJSON:
        var items: [JSONValue] = []
        for submission in submissions {
            var root: [String: JSONValue] = ["__id": .string(submission.instance)]
            func put(_ value: JSONValue, at path: [String], in object: inout [String: JSONValue]) {
                if path.count == 1 {
                    object[path[0]] = value
                    return
                }
                var inner = object[path[0]]?.object ?? [:]
                put(value, at: Array(path.dropFirst()), in: &inner)
                object[path[0]] = .object(inner)
            }
            for field in fields {
                let text = submission.values[field.name]
                let value: JSONValue = text.map { field.type == "decimal" ? .number(Double($0)!) : .string($0) } ?? .null
                put(value, at: field.groups + [field.name], in: &root)
            }
            root["meta"] = .object(["instanceID": .string(submission.instance)])
            root["__system"] = .object([
                "submissionDate": .string("2026-06-01T10:00:00.000Z"), "submitterId": .string("3"), "submitterName": .string("Dara"),
                "attachmentsPresent": .int(0), "attachmentsExpected": .int(0), "status": .null, "reviewState": .null,
                "deviceId": .string("collect:T1"), "edits": .int(0), "formVersion": .string(form.fields.formVersion),
            ])
            items.append(.object(root))
        }
        return CanonicalJSON.string(
            .object(["@odata.context": .string("https://central.example/v1/projects/1/forms/x.svc/$metadata#Submissions"), "value": .array(items)]))
    }
}

/// A sheet holding the same answers, as an advisor would type it.
private func sheetText(_ questionnaire: CompiledQuestionnaire, factory: String, start: String, answers: [String: Answer]) -> String {
    func quoted(_ s: String) -> String { String(CanonicalJSON.string(.string(s)).dropLast()) }
    var lines = [
        "star: answer-sheet/1", "factory: \(factory)",
        "questionnaire: {id: \(questionnaire.id), version: \(quoted(questionnaire.version)), digest: \(quoted(questionnaire.digest))}",
        "kind: assessment", "visit: {start: \(start)}", "assessors: [{id: adv-dara, gender: male}]", "answers:",
    ]
    lines += answers.sorted { $0.key < $1.key }.map { "  \($0.key): \(quoted(cell($0.value)))" }
    return lines.joined(separator: "\n") + "\n"
}

@Suite struct FieldRoundTripTests {
    @Test func shippedQuestionnairesAreFound() {
        #expect(shipped.count >= 3, "\(shipped)")
    }

    /// For every shipped questionnaire and every export shape: random answers written as the tool would
    /// export them (from the XLSForm's own field names) and imported give the answers, notes and findings
    /// of the same answers recorded from a sheet.
    @Test(arguments: shipped, ExportShape.allCases) func importedAnswersGiveTheFindingsOfTheSameSheet(_ pinned: String, _ shape: ExportShape) throws {
        let tablet = try ScratchRepository()
        let desk = try ScratchRepository()
        defer {
            tablet.remove()
            desk.remove()
        }
        for scratch in [tablet, desk] {
            try FileManager.default.removeItem(atPath: scratch.repository.path("questionnaires"))
            try FileManager.default.copyItem(
                atPath: packageRoot.appendingPathComponent("questionnaires").path, toPath: scratch.repository.path("questionnaires"))
        }
        let questionnaire = try #require(AssessmentStore(repository: tablet.repository).context.compiled[pinned])
        let country = try #require(questionnaire.country)
        let factory = Factory(id: "\(country)-9001", name: "Round Trip Garments", country: country, industry: questionnaire.industry ?? "garment")
        for scratch in [tablet, desk] { try FactoryRegistry(repository: scratch.repository).add(factory) }
        let (made, problems) = XLSForm.make(questionnaire)
        let form = try #require(made, "\(problems)")

        var rng = SeededGenerator(state: UInt64(pinned.utf8.reduce(7) { $0 &* 31 &+ UInt64($1) }))
        var submissions: [(instance: String, values: [String: String])] = []
        var expected: [(start: String, answers: [String: Answer])] = []
        var notes: [[String: String]] = []
        for n in 1...6 {
            let answers = randomAnswers(questionnaire, &rng)
            let start = "2026-05-0\(n)"
            var values = [
                FormFields.Meta.questionnaire: FormFields.pinText(of: questionnaire), FormFields.Meta.digest: questionnaire.digest,
                FormFields.Meta.factory: factory.id, FormFields.Meta.visitStart: start, FormFields.Meta.kind: "assessment",
                FormFields.Meta.assessors: "adv-dara:male", FormFields.Meta.start: "\(start)T08:00:00.000+07:00",
            ]
            for (id, answer) in answers { values[try #require(form.fields.fieldOfQuestion[id])] = cell(answer) }
            // A few notes, with the characters a CSV must quote.
            let noted = answers.keys.sorted().filter { _ in Int.random(in: 0..<8, using: &rng) == 0 }
            for id in noted { values[try #require(form.fields.noteFieldOfQuestion[id])] = "seen: \"\(id)\", p. 3\nsecond line" }
            notes.append(Dictionary(uniqueKeysWithValues: noted.map { ($0, "seen: \"\($0)\", p. 3\nsecond line") }))
            submissions.append(("uuid:00000000-0000-4000-8000-00000000000\(n)", values))
            expected.append((start, answers))
        }
        let text = export(form, shape, submissions: submissions)
        let (export, readProblems) = SubmissionExport.read(Array(text.utf8), file: "export", source: shape == .koboCSV ? .kobo : .odk)
        #expect(readProblems.isEmpty)
        let report = SubmissionImporter(store: AssessmentStore(repository: tablet.repository)).run(try #require(export), today: .today)
        #expect(report.diagnostics.isEmpty, "\(DiagnosticRenderer.render(report.diagnostics, as: .text))")
        #expect(report.imported.count == expected.count)

        var seen: Set<Finding> = []
        let tabletStore = AssessmentStore(repository: tablet.repository)
        let deskStore = AssessmentStore(repository: desk.repository)
        for (index, (start, answers)) in expected.enumerated() {
            let (imported, importDiagnostics) = tabletStore.load(AssessmentRecord.path(country: country, id: RecordID("\(factory.id)/\(start)")!))
            #expect(!importDiagnostics.hasErrors, "\(importDiagnostics)")
            let (sheet, sheetProblems) = AnswerSheet.read(
                sheetText(questionnaire, factory: factory.id, start: start, answers: answers), file: "sheet.yaml", today: .today)
            #expect(!sheetProblems.hasErrors, "\(sheetProblems)")
            let recorded = try deskStore.record(try #require(sheet), final: false)
            let fromTablet = try #require(imported)
            #expect(fromTablet.record.typedAnswers == answers)
            #expect(fromTablet.record.answers.compactMapValues(\.note) == notes[index])
            #expect(fromTablet.check.findings.questions == recorded.loaded.check.findings.questions)
            #expect(fromTablet.check.findings.points == recorded.loaded.check.findings.points)
            #expect(fromTablet.check.findings.questions == Findings(questionnaire: questionnaire, answers: answers).questions)
            seen.formUnion(fromTablet.check.findings.questions.values)
        }
        // The answers reach every kind of finding, so the comparison says something.
        #expect(seen == Set(Finding.allCases), "\(seen)")

        // The same export again: nothing changes.
        let again = SubmissionImporter(store: AssessmentStore(repository: tablet.repository)).run(try #require(export), today: .today)
        #expect(again.imported.allSatisfy { if case .alreadyImported = $0.outcome { true } else { false } })
    }
}
