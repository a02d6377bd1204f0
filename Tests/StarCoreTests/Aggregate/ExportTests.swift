import Foundation
import Testing

@testable import StarCore

private let recordColumns = ["record", "factory", "country", "industry", "kind", "status", "visit_start", "year", "questionnaire", "questionnaire_version"]

/// Four valid records (an original and its correction, a draft, a self-assessment) and one hand-edited final
/// record, which is not exported.
private func exportRepository() throws -> AggregateRepository {
    let repo = try AggregateRepository(factories: [
        makeFactory("XX-0001", workers: 100, women: 60), makeFactory("XX-0002", industry: "footwear"),
        makeFactory("XX-0003"), makeFactory("XX-0004"),
    ])
    try repo.record("XX-0001", "2026-03-14", Observed(child: true))
    try repo.record("XX-0001", "2026-03-14", amends: "XX-0001/2026-03-14")
    try repo.record("XX-0002", "2025-11-02", Observed(hours: 50), final: false)
    try repo.record("XX-0003", "2026-01-05", kind: .selfAssessment)
    try repo.editHours(try repo.record("XX-0004", "2026-01-06", Observed(hours: 55)), from: 55, to: 75)
    return repo
}

private func export(_ table: Export.Table, as format: Export.Format, _ repo: AggregateRepository) -> String {
    let store = repo.store
    var bytes: [UInt8] = []
    Export.write(table, as: format, index: repo.index(), context: store.context) { bytes += $0 }
    return String(decoding: bytes, as: UTF8.self)
}

private func ndjson(_ table: Export.Table, _ repo: AggregateRepository) throws -> [[String: Any]] {
    let lines = export(table, as: .ndjson, repo).split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.last == "", "every line ends with a newline")
    return try lines.dropLast().map { line in
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
    }
}

@Suite struct ExportTests {
    @Test func theThreeTablesHaveTheirColumns() {
        #expect(Export.columns(.records) == recordColumns + ["workers", "women", "amends", "superseded"])
        #expect(Export.columns(.points) == recordColumns + ["cluster", "point", "finding"])
        #expect(Export.columns(.questions) == recordColumns + ["cluster", "point", "question", "finding"])
    }

    @Test func everyValidRecordIsExportedOnceWithItsPointsAndQuestions() throws {
        let repo = try exportRepository()
        defer { repo.remove() }
        // 4 valid records; 4 points and 6 questions each.
        #expect(try ndjson(.records, repo).count == 4)
        #expect(try ndjson(.points, repo).count == 4 * 4)
        #expect(try ndjson(.questions, repo).count == 4 * 6)
        #expect(
            try ndjson(.records, repo).compactMap { $0["record"] as? String }
                == ["XX-0001/2026-03-14", "XX-0001/2026-03-14-2", "XX-0002/2025-11-02", "XX-0003/2026-01-05"])
    }

    @Test func csvStartsWithTheHeaderAndHasOneFieldPerColumn() throws {
        let repo = try exportRepository()
        defer { repo.remove() }
        for table in Export.Table.allCases {
            let lines = export(table, as: .csv, repo).split(separator: "\n").map(String.init)
            #expect(lines.first == Export.columns(table).joined(separator: ","))
            #expect(lines.count == 1 + [Export.Table.records: 4, .points: 16, .questions: 24][table]!)
            #expect(lines.allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == Export.columns(table).count })
        }
    }

    @Test func ndjsonLinesAreObjectsWithEveryColumn() throws {
        let repo = try exportRepository()
        defer { repo.remove() }
        for table in Export.Table.allCases {
            let rows = try ndjson(table, repo)
            #expect(rows.allSatisfy { Set($0.keys) == Set(Export.columns(table)) }, "\(table)")
            #expect(rows.allSatisfy { !($0["year"] is String) && [2025, 2026].contains($0["year"] as? Int) }, "\(table)")
        }
        #expect(!export(.points, as: .ndjson, repo).hasPrefix("["), "one object per line, not an array")
    }

    @Test func aRecordAmendedByAFinalCorrectionIsSuperseded() throws {
        let repo = try exportRepository()
        defer { repo.remove() }
        let rows = try ndjson(.records, repo)
        #expect(rows.map { $0["superseded"] as? Bool } == [true, false, false, false])
        #expect(rows.map { $0["amends"] as? String } == [nil, "XX-0001/2026-03-14", nil, nil])
        #expect(rows[0]["amends"] is NSNull)
        #expect(export(.records, as: .csv, repo).split(separator: "\n")[1].hasSuffix(",100,60,,true"))
    }

    @Test func recordRowsCarryFactoryKindStatusAndWorkers() throws {
        let repo = try exportRepository()
        defer { repo.remove() }
        let rows = try ndjson(.records, repo)
        let original = rows[0]
        let draft = rows[2]
        let selfAssessment = rows[3]
        #expect(original["factory"] as? String == "XX-0001" && original["country"] as? String == "XX" && original["industry"] as? String == "garment")
        #expect(original["workers"] as? Int == 100 && original["women"] as? Int == 60)
        #expect(original["questionnaire"] as? String == "xx-garment" && original["questionnaire_version"] as? String == "1")
        #expect(draft["status"] as? String == "draft" && draft["industry"] as? String == "footwear" && draft["visit_start"] as? String == "2025-11-02")
        #expect(draft["workers"] is NSNull && draft["women"] is NSNull)
        #expect(selfAssessment["kind"] as? String == "self-assessment" && selfAssessment["status"] as? String == "final")
    }

    @Test func pointRowsNameTheirClusterAndFinding() throws {
        let repo = try exportRepository()
        defer { repo.remove() }
        let rows = try ndjson(.points, repo).filter { $0["record"] as? String == "XX-0001/2026-03-14" }
        #expect(
            rows.map { "\($0["cluster"]!) \($0["point"]!) \($0["finding"]!)" }
                == ["GEN GEN.SHIFTS compliant", "CL CL.CHILD non-compliant", "WT WT.OT not-applicable", "WT WT.NIGHT not-applicable"])
    }

    @Test func questionRowsNameTheirPointAndFinding() throws {
        let repo = try exportRepository()
        defer { repo.remove() }
        let rows = try ndjson(.questions, repo).filter { $0["record"] as? String == "XX-0002/2025-11-02" }
        #expect(
            rows.map { "\($0["cluster"]!) \($0["point"]!) \($0["question"]!) \($0["finding"]!)" } == [
                "GEN GEN.SHIFTS GEN.OT compliant", "GEN GEN.SHIFTS GEN.NIGHT compliant", "CL CL.CHILD CL.CHILD.1 compliant",
                "WT WT.OT WT.OT.1 compliant", "WT WT.OT WT.OT.2 compliant", "WT WT.NIGHT WT.NIGHT.1 not-applicable",
            ])
    }
}
