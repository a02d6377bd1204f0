import Foundation
import StarCore
import Testing

/// The garment questionnaire of the assessment tests, with legal references on two questions so that an
/// improvement plan has law to carry. Same id and version (xx-garment 2026.1); another digest.
let legalGarmentYAML =
    garmentYAML
    .replacingOccurrences(
        of: #"noncompliant-if: "yes", guidance: {en: "Check personnel files."}}"#,
        with: #"noncompliant-if: "yes", guidance: {en: "Check personnel files."}, legal: ["ILO C138, art. 2"]}"#
    )
    .replacingOccurrences(
        of: #"guidance: {en: "Compare with payroll."}}"#,
        with: #"guidance: {en: "Compare with payroll."}, legal: ["Labour Code, art. 10", "ILO C1"]}"#)

/// Answers of the garment questionnaire (every applicable question answered):
/// both points non-compliant (CL.CHILD by CL.CHILD.1; WT.OT by WT.OT.2 and WT.OT.3).
let bothNonCompliant = ["CL.CHILD.1: yes", "WT.OT.1: yes", "WT.OT.2: 61", "WT.OT.3: none"]
/// CL.CHILD non-compliant, WT.OT compliant.
let childNonCompliant = ["CL.CHILD.1: yes", "WT.OT.1: yes", "WT.OT.2: 55", "WT.OT.3: written"]
/// CL.CHILD compliant, WT.OT non-compliant (WT.OT.2 only).
let overtimeNonCompliant = ["CL.CHILD.1: no", "WT.OT.1: yes", "WT.OT.2: 61", "WT.OT.3: written"]
/// Both points compliant.
let allCompliant = AssessmentRepository.complete

/// A scratch repository with the garment questionnaire (with legal references) compiled and factory XX-0001,
/// where final and draft records are made with `AssessmentStore.record`. Call `remove()` when done.
struct PlanRepository {
    let base: AssessmentRepository
    let questionnaire: CompiledQuestionnaire

    init() throws {
        base = try AssessmentRepository()
        try base.scratch.write(legalGarmentYAML, to: garmentPath)
        let (compiled, diagnostics) = QuestionnaireCompiler.compile("xx-garment", in: QuestionnaireLibrary(files: [(garmentPath, legalGarmentYAML)]))
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        questionnaire = try #require(compiled)
        #expect(questionnaire.digest != base.questionnaire.digest, "the legal references are part of the questionnaire")
        try base.writeCompiled(questionnaire)
    }

    var factory: Factory { base.factory }
    var scratch: ScratchRepository { base.scratch }

    /// A plan store over the repository as it is now.
    var plans: PlanStore { PlanStore(store: base.store) }

    /// Records a visit of XX-0001 started on `start`; final unless `final` is false.
    @discardableResult
    func record(
        _ answers: [String], start: String, kind: String = "assessment", notes: [String: String] = [:], amends: String? = nil,
        final: Bool = true
    ) throws -> AssessmentStore.Loaded {
        var text = base.sheetText(answers, kind: kind, start: start, amends: amends, digest: questionnaire.digest)
        if !notes.isEmpty {
            text += "notes:\n" + notes.sorted { $0.key < $1.key }.map { "  \($0.key): \(CanonicalYAML.quoted($0.value))\n" }.joined()
        }
        let (sheet, diagnostics) = AnswerSheet.read(text, file: base.sheetFile, today: .today)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        return try base.store.record(try #require(sheet), final: final).loaded
    }

    func remove() { base.remove() }
}

func day(_ text: String) -> CalendarDate {
    guard let date = CalendarDate(text) else { fatalError("not a date: \(text)") }
    return date
}

func recordID(_ text: String) -> RecordID {
    guard let id = RecordID(text) else { fatalError("not a record id: \(text)") }
    return id
}

/// The failure thrown by a plan step, or nil when it succeeded.
func planFailure<T>(_ body: () throws(PlanStore.Failure) -> T) -> PlanStore.Failure? {
    do {
        _ = try body()
        return nil
    } catch {
        return error
    }
}

/// The message of a `.refused` failure, or nil for any other outcome.
func refusal(_ failure: PlanStore.Failure?) -> String? {
    guard case .refused(let message) = failure else { return nil }
    return message
}

/// The message of an `.unknownItem` failure, or nil for any other outcome.
func unknownItem(_ failure: PlanStore.Failure?) -> String? {
    guard case .unknownItem(let message) = failure else { return nil }
    return message
}

/// The error thrown by a PICC change, or nil when it succeeded.
func piccError(_ body: () throws(PICCError) -> Void) -> String? {
    do {
        try body()
        return nil
    } catch {
        return error.description
    }
}

extension ImprovementPlan {
    func item(_ number: Int) -> Item? { items.first { $0.number == number } }
}

extension ImprovementPlan {
    /// The plan without the ids, times and `after` lists of its entries, and with the due date, owner and
    /// action only on the items (a plan/1 file kept them there, and reading one puts them on the last log
    /// entry): what it says, to compare a plan made in memory with one read back from a file.
    var meaning: ImprovementPlan {
        var plan = self
        for i in plan.items.indices {
            for j in plan.items[i].log.indices {
                plan.items[i].log[j].id = nil
                plan.items[i].log[j].time = nil
                plan.items[i].log[j].after = []
                plan.items[i].log[j].of = nil
                plan.items[i].log[j].due = nil
                plan.items[i].log[j].owner = nil
                plan.items[i].log[j].action = nil
            }
        }
        for i in plan.picc.members.indices {
            plan.picc.members[i].id = nil
            plan.picc.members[i].time = nil
            plan.picc.members[i].leftID = nil
            plan.picc.members[i].leftTime = nil
        }
        for i in plan.picc.meetings.indices {
            plan.picc.meetings[i].id = nil
            plan.picc.meetings[i].time = nil
        }
        return plan
    }
}
