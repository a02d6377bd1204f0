import Foundation
import StarCore
import Testing

/// The questionnaire the assessment tests record against: made for XX garment factories. Line numbers of the
/// sheets below matter: tests point at them.
///
///     CL.CHILD.1  yes-no, non-compliant if yes
///     WT.OT.1     yes-no, informational
///     WT.OT.2     number, when WT.OT.1 == yes, non-compliant if > 60
///     WT.OT.3     choice (written | none*), when WT.OT.1 == yes
let garmentYAML = """
    star: questionnaire/1
    id: xx-garment
    version: "2026.1"
    country: XX
    industry: garment
    title: {en: "Xland garment"}
    languages: [en]
    parameters:
      max_hours: {type: number, default: 48, description: {en: "Weekly limit"}}
    clusters:
      - id: CL
        title: {en: "Child labour"}
        points:
          - {id: CL.CHILD, title: {en: "Child labourers"}}
      - id: WT
        title: {en: "Working time"}
        points:
          - {id: WT.OT, title: {en: "Overtime"}}
    questions:
      - {id: CL.CHILD.1, point: CL.CHILD, type: yes-no, text: {en: "Workers under 15?"}, noncompliant-if: "yes", guidance: {en: "Check personnel files."}}
      - {id: WT.OT.1, point: WT.OT, type: yes-no, text: {en: "Overtime worked?"}, guidance: {en: "Check time cards."}}
      - {id: WT.OT.2, point: WT.OT, type: number, text: {en: "Highest weekly hours"}, when: "WT.OT.1 == yes", noncompliant-if: "> {max_hours} + 12", guidance: {en: "Compare with payroll."}}
      - {id: WT.OT.3, point: WT.OT, type: choice, text: {en: "Consent to overtime"}, when: "WT.OT.1 == yes", guidance: {en: "Ask workers."},
         options: [{id: written, text: {en: "Written"}}, {id: none, text: {en: "None"}, noncompliant: true}]}

    """

/// Where the garment questionnaire lives in a repository.
let garmentPath = "questionnaires/XX/garment.yaml"

/// The garment questionnaire compiled in memory.
func garmentQuestionnaire() throws -> CompiledQuestionnaire {
    let (compiled, diagnostics) = QuestionnaireCompiler.compile("xx-garment", in: QuestionnaireLibrary(files: [(garmentPath, garmentYAML)]))
    #expect(!diagnostics.hasErrors, "\(diagnostics)")
    return try #require(compiled)
}

/// The same questionnaire under another version number, sealed as the compiler would.
func garmentQuestionnaire(version: String) throws -> CompiledQuestionnaire {
    var questionnaire = try garmentQuestionnaire()
    questionnaire.version = version
    questionnaire.seal()
    return questionnaire
}

/// The error thrown by a recording call, or nil when it succeeded.
func recordingError<T>(_ body: () throws(AssessmentStore.RecordingError) -> T) -> AssessmentStore.RecordingError? {
    do {
        _ = try body()
        return nil
    } catch {
        return error
    }
}

/// The diagnostics of an `.invalid` refusal, or nil for any other outcome.
func invalidDiagnostics(_ error: AssessmentStore.RecordingError?) -> [Diagnostic]? {
    guard case .invalid(let diagnostics) = error else { return nil }
    return diagnostics
}

/// A scratch repository with the garment questionnaire (source and compiled file) and one registered
/// factory, XX-0001. Call `remove()` when done.
struct AssessmentRepository {
    let scratch: ScratchRepository
    let questionnaire: CompiledQuestionnaire
    let factory = Factory(id: "XX-0001", name: "Xland Shirts", country: "XX", industry: "garment")
    let sheetFile = "sheets/XX-0001.yaml"

    init() throws {
        scratch = try ScratchRepository()
        try scratch.write(garmentYAML, to: garmentPath)
        questionnaire = try garmentQuestionnaire()
        try writeCompiled(questionnaire)
        try FactoryRegistry(repository: scratch.repository).add(factory)
    }

    var repository: Repository { scratch.repository }

    /// A store over the repository as it is now (the context is read afresh).
    var store: AssessmentStore { AssessmentStore(repository: repository) }

    func writeCompiled(_ compiled: CompiledQuestionnaire) throws {
        try scratch.write(CanonicalJSON.string(compiled.json), to: QuestionnairePublisher.compiledPath(id: compiled.id, version: compiled.version))
    }

    /// The text of a filled-in sheet; the first answer is on line 7.
    func sheetText(
        _ answers: [String], factory: String = "XX-0001", kind: String = "assessment", start: String = "2026-03-14",
        amends: String? = nil, digest: String? = nil
    ) -> String {
        var lines = [
            "star: answer-sheet/1",
            "factory: \(factory)",
            "questionnaire: {id: xx-garment, version: \"2026.1\", digest: \"\(digest ?? questionnaire.digest)\"}",
            "kind: \(kind)",
            "visit: {start: \(start), announced: false}",
            "answers:",
        ]
        lines += answers.map { "  " + $0 }
        lines += ["assessors: [{id: adv-sophea, gender: female}]"]
        if let amends { lines.append("amends: \(amends)") }
        return lines.joined(separator: "\n") + "\n"
    }

    func sheet(
        _ answers: [String], factory: String = "XX-0001", kind: String = "assessment", start: String = "2026-03-14",
        amends: String? = nil, digest: String? = nil
    ) throws -> AnswerSheet {
        let (sheet, diagnostics) = AnswerSheet.read(
            sheetText(answers, factory: factory, kind: kind, start: start, amends: amends, digest: digest), file: sheetFile, today: .today)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        return try #require(sheet)
    }

    /// Every applicable question answered, compliant.
    static let complete = ["CL.CHILD.1: no", "WT.OT.1: yes", "WT.OT.2: 55", "WT.OT.3: written"]

    func remove() { scratch.remove() }
}
