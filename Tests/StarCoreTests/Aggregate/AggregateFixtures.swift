import Foundation
import Testing

@testable import StarCore

/// The questionnaire the aggregate tests record against. Four points in three clusters, two of them applicable
/// only when the factory says so, so that denominators can differ from the number of factories:
///
///     GEN.SHIFTS  GEN.OT, GEN.NIGHT: yes-no, informational (always applicable, always compliant)
///     CL.CHILD    CL.CHILD.1: yes-no, non-compliant if yes
///     WT.OT       WT.OT.1: hours, non-compliant if > 60; WT.OT.2: consent (written | none*); both when GEN.OT == yes
///     WT.NIGHT    WT.NIGHT.1: premium paid, non-compliant if no; when GEN.NIGHT == yes
///
/// Titles carry a `|`, a comma and quotes so the table outputs have something to escape.
func aggregateYAML(id: String, country: String, industry: String = "garment") -> String {
    """
    star: questionnaire/1
    id: \(id)
    version: "1"
    country: \(country)
    industry: \(industry)
    title: {en: "Rates test"}
    languages: [en]
    clusters:
      - id: GEN
        title: {en: "General | profile"}
        points:
          - {id: GEN.SHIFTS, title: {en: "Shifts"}}
      - id: CL
        title: {en: "Child labour"}
        points:
          - {id: CL.CHILD, title: {en: "Child labourers"}}
      - id: WT
        title: {en: "Working time"}
        points:
          - {id: WT.OT, title: {en: "Overtime"}}
          - {id: WT.NIGHT, title: {en: 'Night work, "premium" pay'}}
    questions:
      - {id: GEN.OT, point: GEN.SHIFTS, type: yes-no, text: {en: "Overtime worked?"}, guidance: {en: "Ask."}}
      - {id: GEN.NIGHT, point: GEN.SHIFTS, type: yes-no, text: {en: "Night shifts worked?"}, guidance: {en: "Ask."}}
      - {id: CL.CHILD.1, point: CL.CHILD, type: yes-no, text: {en: "Workers under 15?"}, noncompliant-if: "yes", guidance: {en: "Check files."}}
      - {id: WT.OT.1, point: WT.OT, type: number, text: {en: "Highest weekly hours"}, when: "GEN.OT == yes", noncompliant-if: "> 60", guidance: {en: "Check cards."}}
      - {id: WT.OT.2, point: WT.OT, type: choice, text: {en: "Consent to overtime"}, when: "GEN.OT == yes", guidance: {en: "Ask workers."},
         options: [{id: written, text: {en: "Written"}}, {id: none, text: {en: "None"}, noncompliant: true}]}
      - {id: WT.NIGHT.1, point: WT.NIGHT, type: yes-no, text: {en: "Night premium paid?"}, when: "GEN.NIGHT == yes", noncompliant-if: "no", guidance: {en: "Check payroll."}}

    """
}

/// What a visit found, written as the answers of a sheet. `hours == nil`: no overtime (WT.OT does not apply);
/// `premium == nil`: no night shifts (WT.NIGHT does not apply).
struct Observed {
    var child = false
    var hours: Int? = nil
    var consent = "written"
    var premium: Bool? = nil

    static let clean = Observed()

    var answers: [String] {
        var lines = ["GEN.OT: \(hours == nil ? "no" : "yes")", "GEN.NIGHT: \(premium == nil ? "no" : "yes")", "CL.CHILD.1: \(child ? "yes" : "no")"]
        if let hours { lines += ["WT.OT.1: \(hours)", "WT.OT.2: \(consent)"] }
        if let premium { lines.append("WT.NIGHT.1: \(premium ? "yes" : "no")") }
        return lines
    }
}

/// A scratch repository with compiled aggregate questionnaires and registered factories; records are made
/// through AssessmentStore.record, as `star assess record` makes them. Call `remove()` when done.
struct AggregateRepository {
    let scratch: ScratchRepository
    /// By questionnaire id.
    private(set) var questionnaires: [String: CompiledQuestionnaire] = [:]

    /// - Parameter questionnaires: (id, country) pairs; each is compiled and committed.
    init(questionnaires: [(id: String, country: String)] = [("xx-garment", "XX")], factories: [Factory]) throws {
        scratch = try ScratchRepository()
        for (id, country) in questionnaires { try addQuestionnaire(id: id, country: country) }
        for factory in factories { try register(factory) }
    }

    var repository: Repository { scratch.repository }

    /// A store over the repository as it is now (the context is read afresh).
    var store: AssessmentStore { AssessmentStore(repository: repository) }

    mutating func addQuestionnaire(id: String, country: String) throws {
        let path = "questionnaires/\(country)/\(id).yaml"
        let yaml = aggregateYAML(id: id, country: country)
        try scratch.write(yaml, to: path)
        let (compiled, diagnostics) = QuestionnaireCompiler.compile(id, in: QuestionnaireLibrary(files: [(path, yaml)]))
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        let questionnaire = try #require(compiled)
        try scratch.write(CanonicalJSON.string(questionnaire.json), to: QuestionnairePublisher.compiledPath(id: id, version: questionnaire.version))
        questionnaires[id] = questionnaire
    }

    func register(_ factory: Factory) throws {
        try FactoryRegistry(repository: repository).add(factory)
    }

    /// Records one visit and returns the record's path.
    @discardableResult
    func record(
        _ factory: String, _ start: String, _ observed: Observed = .clean, kind: AssessmentKind = .assessment, final: Bool = true,
        amends: String? = nil, questionnaire: String? = nil
    ) throws -> String {
        let country = String(factory.prefix(2))
        let pinned = try #require(questionnaires[questionnaire ?? "\(country.lowercased())-garment"])
        var lines = [
            "star: answer-sheet/1",
            "factory: \(factory)",
            "questionnaire: {id: \(pinned.id), version: \"\(pinned.version)\", digest: \"\(pinned.digest)\"}",
            "kind: \(kind.rawValue)",
            "visit: {start: \(start), announced: false}",
            "answers:",
        ]
        lines += observed.answers.map { "  " + $0 }
        lines.append("assessors: [{id: adv-sophea, gender: female}]")
        if let amends { lines.append("amends: \(amends)") }
        let (sheet, diagnostics) = AnswerSheet.read(lines.joined(separator: "\n") + "\n", file: "sheets/\(factory).yaml", today: .today)
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        return try store.record(try #require(sheet), final: final).path
    }

    /// Every record summarized afresh (no cache read or written).
    func index() -> RecordIndex {
        RecordIndex.load(store, readingCache: false, writingCache: false)
    }

    /// Edits the overtime hours of a record in place, as a user with a text editor would. With two-digit hours
    /// the file keeps its size.
    func editHours(_ path: String, from old: Int, to new: Int) throws {
        let text = try scratch.read(path)
        let answer = "\"answer\": \(old)"
        #expect(text.components(separatedBy: answer).count == 2, "the hours appear once in \(path)")
        try Data(text.replacingOccurrences(of: answer, with: "\"answer\": \(new)").utf8).write(to: URL(fileURLWithPath: repository.path(path)))
    }

    /// The aggregation `star aggregate` makes, which checks in full only the records the selection needs;
    /// checked against the one made with every record checked.
    func aggregate(_ query: AggregateQuery = AggregateQuery()) -> Aggregation {
        let store = store
        let full = Aggregation(RecordIndex.load(store, readingCache: false, writingCache: false), context: store.context, query: query)
        let selective = Aggregation(
            RecordIndex.load(store, checking: .selectedBy([query]), readingCache: false, writingCache: false),
            context: store.context, query: query)
        #expect(selective.rows == full.rows)
        #expect(selective.selected == full.selected)
        #expect(selective.invalidCount <= full.invalidCount)
        return selective
    }

    func remove() { scratch.remove() }
}

/// Five factories whose findings are worked out by hand:
///
///              workers  CL.CHILD  WT.OT               WT.NIGHT        cluster WT (any)
///     XX-0001      100  NC        NC (70 h)           n/a             NC
///     XX-0002      200  C         C  (50 h, written)  NC (no premium) NC
///     XX-0003      300  C         n/a                 n/a             n/a
///     XX-0004      400  C         NC (consent none)   C               NC
///     XX-0005     1000  NC        n/a                 C               C
///
/// GEN.SHIFTS is compliant everywhere.
func fiveFactories() throws -> AggregateRepository {
    let workers = [100, 200, 300, 400, 1000]
    let repo = try AggregateRepository(factories: workers.enumerated().map { makeFactory("XX-000\($0 + 1)", workers: $1) })
    try repo.record("XX-0001", "2026-02-01", Observed(child: true, hours: 70))
    try repo.record("XX-0002", "2026-02-02", Observed(hours: 50, premium: false))
    try repo.record("XX-0003", "2026-02-03")
    try repo.record("XX-0004", "2026-02-04", Observed(hours: 55, consent: "none", premium: true))
    try repo.record("XX-0005", "2026-02-05", Observed(child: true, premium: true))
    return repo
}

func makeFactory(_ id: String, industry: String = "garment", workers: Int? = nil, women: Int? = nil) -> Factory {
    Factory(id: id, name: "Factory \(id)", country: String(id.prefix(2)), industry: industry, workers: workers.map { .init(total: $0, women: women) })
}

extension AggregateQuery {
    /// A query built in one expression.
    static func with(_ configure: (inout AggregateQuery) -> Void) -> AggregateQuery {
        var query = AggregateQuery()
        configure(&query)
        return query
    }
}

extension AggregateRow {
    /// Factories assessed and non-compliant.
    var counts: [Int] { [assessed, noncompliant] }
}

extension Aggregation {
    /// The record ids counted, as text.
    var selectedIDs: [String] { selected.map(\.id.description) }

    /// The row whose level (and grouping dimensions) have these values.
    func row(_ key: [AggregateQuery.Dimension: String]) -> AggregateRow? {
        rows.first { row in key.allSatisfy { row.key[$0.key] == $0.value } }
    }
}

/// The 95% Wilson score interval, written out from its textbook formula (Wilson 1927; Newcombe 1998, method 3)
/// so the tests do not lean on the code under test: (p + z²/2n ± z·√(p(1-p)/n + z²/4n²)) / (1 + z²/n).
func expectedWilson(_ p: Double, n: Double) -> (low: Double, high: Double) {
    let z = 1.959963984540054
    let centre = p + z * z / (2 * n)
    let spread = z * (p * (1 - p) / n + z * z / (4 * n * n)).squareRoot()
    let denominator = 1 + z * z / n
    return (max(0, (centre - spread) / denominator), min(1, (centre + spread) / denominator))
}

func approx(_ a: Double?, _ b: Double, within tolerance: Double = 1e-9) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= tolerance
}

func approx(_ interval: ClosedRange<Double>?, _ expected: (low: Double, high: Double), within tolerance: Double = 1e-9) -> Bool {
    guard let interval else { return false }
    return abs(interval.lowerBound - expected.low) <= tolerance && abs(interval.upperBound - expected.high) <= tolerance
}
