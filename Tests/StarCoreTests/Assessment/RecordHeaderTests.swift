import Foundation
import Testing

@testable import StarCore

/// RecordDocument.header(of:) reads a record's header without its answers: what aggregation reads of the
/// records it may not need. Whatever the layout, it must give the header a full parse gives.
@Suite struct RecordHeaderTests {
    private let file = "assessments/XX/XX-0001/2026-03-14.json"

    private func record(answers: [String: RecordedAnswer]) -> AssessmentRecord {
        AssessmentRecord(
            id: RecordID("XX-0001/2026-03-14")!, kind: .followUp, status: .draft,
            questionnaire: QuestionnairePin(id: "xx-garment", version: "2026.1", digest: "sha256:abc"),
            visit: Visit(start: CalendarDate("2026-03-14")!, end: CalendarDate("2026-03-15")!, announced: false),
            assessors: [Assessor(id: "adv-sophea", gender: "female")], answers: answers,
            amends: RecordID("XX-0001/2026-03-13"))
    }

    private var answers: [String: RecordedAnswer] {
        [
            "CL.CHILD.1": RecordedAnswer(answer: .yesNo(false), note: "payroll of\n  } March"),
            "WT.OT.1": RecordedAnswer(answer: .number(62)), "WT.OT.2": RecordedAnswer(answer: .choice("none")),
        ]
    }

    private func headers(_ text: String) -> (header: AssessmentRecord?, full: AssessmentRecord?) {
        (RecordDocument.header(of: Array(text.utf8), file: file)?.header, RecordDocument.parse(Array(text.utf8), file: file).0?.header)
    }

    @Test func theHeaderOfARecordAsStarWritesItIsTheHeaderOfAFullParse() throws {
        let text = CanonicalJSON.string(record(answers: answers).json)
        let (header, full) = headers(text)
        #expect(try #require(header) == (try #require(full)))
        // Read without the general parser.
        #expect(CanonicalHeader.read(Array(text.utf8)) == header)
        #expect(header?.amends?.description == "XX-0001/2026-03-13")
        #expect(header?.kind == .followUp)
    }

    @Test func aFinalRecordWithSeveralAssessorsAndNoAnnouncementHasItsHeaderRead() throws {
        var final = record(answers: answers)
        final.assessors = [Assessor(id: "adv-dara"), Assessor(id: "adv-sophea", gender: "female")]
        final.visit.announced = nil
        final.amends = nil
        final.seal()
        let text = CanonicalJSON.string(final.json)
        let (header, full) = headers(text)
        #expect(try #require(header) == (try #require(full)))
        #expect(CanonicalHeader.read(Array(text.utf8)) == header)
        #expect(header?.digest != nil)
        #expect(header?.assessors.count == 2)
        // Nothing is left unchecked: an assessor's gender outside the list, or a visit ending before it starts,
        // is no header at all.
        #expect(RecordDocument.header(of: Array(text.replacingOccurrences(of: "\"female\"", with: "\"unknown\"").utf8), file: file) == nil)
        let backwards = text.replacingOccurrences(of: "\"end\": \"2026-03-15\"", with: "\"end\": \"2026-03-01\"")
        #expect(backwards != text)
        #expect(RecordDocument.header(of: Array(backwards.utf8), file: file) == nil)
    }

    @Test func aRecordWithoutAnswersHasItsHeaderRead() throws {
        let (header, full) = headers(CanonicalJSON.string(record(answers: [:]).json))
        #expect(try #require(header) == (try #require(full)))
    }

    @Test(arguments: ["minified", "tabs", "four spaces"])
    func aRecordLaidOutByHandHasTheSameHeader(_ layout: String) throws {
        let canonical = CanonicalJSON.string(record(answers: answers).json)
        let object = try JSONSerialization.jsonObject(with: Data(canonical.utf8))
        var text = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        if layout != "minified" {
            let indent = layout == "tabs" ? "\t" : "    "
            text = canonical.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                let depth = line.prefix(while: { $0 == " " }).count / 2
                return String(repeating: indent, count: depth) + line.drop(while: { $0 == " " })
            }.joined(separator: "\n")
        }
        let (header, full) = headers(text)
        #expect(try #require(header) == (try #require(full)))
        // Not as star writes it: the general parser read it.
        #expect(CanonicalHeader.read(Array(text.utf8)) == nil)
    }

    @Test func aRecordThatIsNotJSONHasNoHeader() {
        let canonical = CanonicalJSON.string(record(answers: answers).json)
        #expect(RecordDocument.header(of: Array(canonical.dropLast(40).utf8), file: file) == nil)
        #expect(RecordDocument.header(of: Array(("<<<<<<< HEAD\n" + canonical).utf8), file: file) == nil)
    }
}
