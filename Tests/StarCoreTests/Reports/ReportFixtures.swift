import Foundation
import Testing

@testable import StarCore

/// The questionnaire the report tests record against, in English and French. Three points in two clusters,
/// with public and non-public questions so the transparency list has something to leave out:
///
///     CL.CHILD   CL.CHILD.1  yes-no, non-compliant if yes                       public
///     WT.OT      WT.OT.1     number, non-compliant if > 60                       public
///                WT.OT.2     choice written | none*, applies when WT.OT.1 > 48   not public
///     WT.LEAVE   WT.LEAVE.1  yes-no, non-compliant if no                         not public
func reportQuestionnaireYAML(id: String, country: String, version: String = "1") -> String {
    """
    star: questionnaire/1
    id: \(id)
    version: "\(version)"
    country: \(country)
    industry: garment
    title: {en: "Report test \(country)", fr: "Test des rapports \(country)"}
    languages: [en, fr]
    clusters:
      - id: CL
        title: {en: "Child labour", fr: "Travail des enfants"}
        points:
          - {id: CL.CHILD, title: {en: "Child labourers", fr: "Enfants travailleurs"}}
      - id: WT
        title: {en: "Working time", fr: "Temps de travail"}
        points:
          - {id: WT.OT, title: {en: "Overtime", fr: "Heures supplémentaires"}}
          - {id: WT.LEAVE, title: {en: "Leave", fr: "Congés"}}
    questions:
      - {id: CL.CHILD.1, point: CL.CHILD, type: yes-no, public: true, noncompliant-if: "yes", legal: ["ILO C138, art. 2"],
         text: {en: "Workers under 15?", fr: "Travailleurs de moins de 15 ans ?"}, guidance: {en: "Check ID files.", fr: "Vérifier les pièces."}}
      - {id: WT.OT.1, point: WT.OT, type: number, public: true, noncompliant-if: "> 60", legal: ["Labour Code, art. 10"],
         text: {en: "Highest weekly hours", fr: "Horaire hebdomadaire le plus élevé"}, guidance: {en: "Check time cards.", fr: "Vérifier les fiches."}}
      - {id: WT.OT.2, point: WT.OT, type: choice, when: "WT.OT.1 > 48",
         text: {en: "Consent to overtime", fr: "Consentement aux heures supplémentaires"}, guidance: {en: "Ask workers.", fr: "Interroger."},
         options: [{id: written, text: {en: "Written", fr: "Écrit"}}, {id: none, text: {en: "None", fr: "Aucun"}, noncompliant: true}]}
      - {id: WT.LEAVE.1, point: WT.LEAVE, type: yes-no, noncompliant-if: "no",
         text: {en: "Is annual leave paid?", fr: "Le congé annuel est-il payé ?"}, guidance: {en: "Check payroll.", fr: "Vérifier la paie."}}

    """
}

/// What a visit found, as answers. The defaults are a clean visit.
struct ReportVisit {
    var child = false
    var hours = 40
    var consent = "written"
    var leavePaid = true
    var notes: [String: String] = [:]

    var answers: [String] {
        var lines = ["CL.CHILD.1: \(child ? "yes" : "no")", "WT.OT.1: \(hours)", "WT.LEAVE.1: \(leavePaid ? "yes" : "no")"]
        if hours > 48 { lines.append("WT.OT.2: \(consent)") }
        return lines
    }
}

/// A scratch repository with the report questionnaire(s) compiled, factories and buyers registered; records,
/// plans and consents are made through the same core calls the commands use. Call `remove()` when done.
struct ReportRepository {
    let scratch: ScratchRepository
    private(set) var questionnaires: [String: CompiledQuestionnaire] = [:]

    /// - Parameter factories: ids; the country is the first two letters (XX or YY).
    init(factories: [String], buyers: [String] = [], countries: [String] = ["XX"]) throws {
        scratch = try ScratchRepository()
        for country in countries { try addQuestionnaire(id: "\(country.lowercased())-garment", country: country) }
        for (index, id) in factories.enumerated() {
            try FactoryRegistry(repository: repository).add(
                Factory(
                    id: id, name: "Factory \(id)", country: String(id.prefix(2)), industry: "garment",
                    workers: .init(total: 100 * (index + 1), women: 60 * (index + 1))))
        }
        for id in buyers { try BuyerRegistry(repository: repository).add(Buyer(id: id, name: "Buyer \(id)", country: "SE")) }
    }

    var repository: Repository { scratch.repository }
    /// Stores over the repository as it is now (the context is read afresh).
    var store: AssessmentStore { AssessmentStore(repository: repository) }
    var plans: PlanStore { PlanStore(store: store) }
    var consents: ConsentStore { ConsentStore(store: store) }

    mutating func addQuestionnaire(id: String, country: String, version: String = "1") throws {
        let path = "questionnaires/\(country)/\(id)-\(version).yaml"
        let yaml = reportQuestionnaireYAML(id: id, country: country, version: version)
        try scratch.write(yaml, to: path)
        let (compiled, diagnostics) = QuestionnaireCompiler.compile(id, in: QuestionnaireLibrary(files: [(path, yaml)]))
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        let questionnaire = try #require(compiled)
        try scratch.write(CanonicalJSON.string(questionnaire.json), to: QuestionnairePublisher.compiledPath(id: id, version: version))
        questionnaires[id] = questionnaire
    }

    /// Records a final visit and returns its id.
    @discardableResult
    func record(_ factory: String, _ start: String, _ visit: ReportVisit = ReportVisit(), kind: AssessmentKind = .assessment) throws -> RecordID {
        let pinned = try #require(questionnaires["\(factory.prefix(2).lowercased())-garment"])
        var lines = [
            "star: answer-sheet/1", "factory: \(factory)",
            "questionnaire: {id: \(pinned.id), version: \"\(pinned.version)\", digest: \"\(pinned.digest)\"}",
            "kind: \(kind.rawValue)", "visit: {start: \(start), announced: false}", "assessors: [{id: adv-sophea, gender: female}]", "answers:",
        ]
        lines += visit.answers.map { "  " + $0 }
        if !visit.notes.isEmpty {
            lines.append("notes:")
            // JSON strings are valid YAML double-quoted scalars, so any note survives.
            lines += visit.notes.sorted { $0.key < $1.key }.map { "  \($0.key): \(CanonicalJSON.string(.string($0.value)).dropLast())" }
        }
        let (sheet, diagnostics) = AnswerSheet.read(lines.joined(separator: "\n") + "\n", file: "sheets/\(factory).yaml", today: .today)
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        return try store.record(try #require(sheet), final: true).loaded.record.id
    }

    /// Opens the improvement plan from a record, as `star remediate plan` does.
    func openPlan(from id: RecordID, on date: String) throws {
        let plans = plans
        let factory = try plans.factory(id.factory)
        let (loaded, _) = plans.store.load(AssessmentRecord.path(country: factory.country, id: id))
        var plan = try plans.load(factory)
        _ = plans.open(from: try #require(loaded), on: reportDay(date), into: &plan)
        try plans.save(plan, country: factory.country)
    }

    func updatePlan(_ factory: String, item: Int, _ update: PlanStore.Update) throws {
        let plans = plans
        let registered = try plans.factory(factory)
        var plan = try plans.load(registered)
        _ = try plans.update(item, update, in: &plan, factory: registered)
        try plans.save(plan, country: registered.country)
    }

    func grant(_ factory: String, to buyer: String, _ scopes: Set<ConsentHistory.Scope>, from: String, until: String? = nil) throws {
        let consents = consents
        try consents.grant(
            .init(buyer: buyer, scope: scopes, from: reportDay(from), until: until.map(reportDay), by: "HR manager", recorded: reportDay(from)),
            factory: try consents.factory(factory))
    }

    func revoke(_ factory: String, from buyer: String, at date: String) throws {
        let consents = consents
        try consents.revoke(.init(buyer: buyer, at: reportDay(date), by: "HR manager", recorded: reportDay(date)), factory: try consents.factory(factory))
    }

    /// Every record summarized afresh (no cache read or written).
    func index() -> RecordIndex {
        RecordIndex.load(store, readingCache: false, writingCache: false)
    }

    func remove() { scratch.remove() }
}

func reportDay(_ text: String) -> CalendarDate { CalendarDate(text)! }

extension ReportDocument {
    /// Every table of the document with this key.
    func table(_ key: String, in section: String? = nil) -> ReportTable? {
        (section.flatMap { self.section($0) }.map { [$0] } ?? allSections).flatMap(\.tables).first { $0.key == key }
    }

    func chart(_ key: String) -> BarChart? {
        allSections.flatMap(\.charts).first { $0.key == key }
    }

    /// The document in all three formats, for checks that must hold whatever the format.
    var renderings: [String] { ReportFormat.allCases.map { $0.render(self) } }
}

extension ReportValue {
    var percentValue: Double? { if case .percent(let p) = self { p } else { nil } }
    var countValue: Int? { if case .count(let n) = self { n } else { nil } }
    var textValue: String? {
        switch self {
        case .text(let text), .identifier(let text): text
        case .term(let code, _): code
        default: nil
        }
    }
}
