import StarCore
import Testing

private let file = "assessments/XX/XX-0001/2026-03-14.json"

private func record(
    status: RecordStatus = .draft, answers: [String: RecordedAnswer] = ["CL.CHILD.1": RecordedAnswer(answer: .yesNo(false))],
    amends: RecordID? = nil
) -> AssessmentRecord {
    AssessmentRecord(
        id: RecordID("XX-0001/2026-03-14")!, kind: .assessment, status: status,
        questionnaire: QuestionnairePin(id: "xx-garment", version: "2026.1", digest: "sha256:abc"),
        visit: Visit(start: CalendarDate("2026-03-14")!, end: CalendarDate("2026-03-15")!, announced: false),
        assessors: [Assessor(id: "adv-sophea", gender: "female")], answers: answers, amends: amends)
}

private func parse(_ text: String) -> (RecordDocument?, [Diagnostic]) {
    RecordDocument.parse(Array(text.utf8), file: file)
}

/// A valid draft record as star writes it, one key per line (line numbers below refer to it).
///
///      2 "answers"   3 "CL.CHILD.1"   7 "assessors"   10 the assessor's "id"   13 "factory"   14 "id"   15 "kind"
///     16 "questionnaire"   21 "star"   22 "status"   23 "visit"
private let draftText = CanonicalJSON.string(record().json)

@Suite struct RecordIDTests {
    @Test func anIDIsAFactoryAndADate() throws {
        let id = try #require(RecordID("KH-0001/2026-03-14"))
        #expect(id == RecordID(factory: "KH-0001", date: CalendarDate("2026-03-14")!))
        #expect(id.name == "2026-03-14")
        #expect(id.description == "KH-0001/2026-03-14")
    }

    @Test func aSecondRecordOfTheDayHasASuffix() throws {
        let id = try #require(RecordID("KH-0001/2026-03-14-2"))
        #expect(id.sequence == 2)
        #expect(id.name == "2026-03-14-2")
        #expect(id.description == "KH-0001/2026-03-14-2")
    }

    @Test(arguments: [
        "KH-0001", "KH-0001/2026-03-14/2", "/2026-03-14", "../x/2026-03-14", "KH-0001/2026-02-30", "KH-0001/2026-3-14",
        "KH-0001/2026-03-14-1", "KH-0001/2026-03-14-02", "KH-0001/2026-03-14-", "KH-0001/2026-03-14-x", "KH-0001/2026-03-14x",
    ])
    func aMalformedIDIsRejected(_ text: String) {
        #expect(RecordID(text) == nil)
    }

    @Test func idsOrderByFactoryThenDateThenSequence() {
        let ids = ["KH-0002/2026-01-01", "KH-0001/2026-03-14-2", "KH-0001/2026-03-14", "KH-0001/2026-03-14-10", "KH-0001/2025-12-31"].compactMap(RecordID.init)
        #expect(
            ids.sorted().map(\.description) == [
                "KH-0001/2025-12-31", "KH-0001/2026-03-14", "KH-0001/2026-03-14-2", "KH-0001/2026-03-14-10", "KH-0002/2026-01-01",
            ])
    }

    @Test func aRecordLivesUnderItsCountryAndFactory() {
        #expect(AssessmentRecord.path(country: "KH", id: RecordID("KH-0001/2026-03-14-2")!) == "assessments/KH/KH-0001/2026-03-14-2.json")
    }
}

@Suite struct AssessmentRecordTests {
    @Test func aDraftHasNoDigest() {
        let json = record().json
        #expect(json["status"] == .string("draft"))
        #expect(json["digest"] == nil)
        #expect(json == record().contentJSON)
    }

    @Test func sealingMakesItFinalWithTheDigestOfItsContent() {
        var sealed = record()
        sealed.seal()
        #expect(sealed.status == .final)
        // Checked against an independent SHA-256 over the canonical JSON without the digest.
        #expect(sealed.digest == "sha256:" + TestSHA256.hex(CanonicalJSON.data(sealed.contentJSON)))
        #expect(sealed.contentJSON["status"] == .string("final"))
        #expect(sealed.contentJSON["digest"] == nil)
        #expect(sealed.json["digest"] == .string(sealed.digest!))
    }

    @Test func sealingTwiceGivesTheSameDigest() {
        var once = record()
        once.seal()
        var twice = once
        twice.seal()
        #expect(twice.digest == once.digest)
    }

    @Test func theDigestChangesWithAnyAnswer() {
        var a = record()
        var b = record(answers: ["CL.CHILD.1": RecordedAnswer(answer: .yesNo(true))])
        a.seal()
        b.seal()
        #expect(a.digest != b.digest)
    }

    @Test func answersAreStoredAsTheirTypeReadsThem() {
        let answers: [String: RecordedAnswer] = [
            "A": RecordedAnswer(answer: .yesNo(true)), "B": RecordedAnswer(answer: .number(61), note: "payroll week 9"),
            "C": RecordedAnswer(answer: .number(7.5)), "D": RecordedAnswer(answer: .date(CalendarDate("2026-01-05")!)),
            "E": RecordedAnswer(answer: nil, note: "ask HR"),
        ]
        #expect(
            record(answers: answers).json["answers"]
                == .object([
                    "A": .object(["answer": .string("yes")]), "B": .object(["answer": .int(61), "note": .string("payroll week 9")]),
                    "C": .object(["answer": .double(7.5)]), "D": .object(["answer": .string("2026-01-05")]),
                    "E": .object(["note": .string("ask HR")]),
                ]))
    }

    @Test func anAmendmentNamesTheRecordItAmends() {
        let json = record(amends: RecordID("XX-0001/2026-03-01")).json
        #expect(json["amends"] == .string("XX-0001/2026-03-01"))
        #expect(record().json["amends"] == nil)
    }
}

@Suite struct RecordDocumentTests {
    @Test func aWrittenRecordReadsBack() throws {
        var sealed = record(
            answers: ["CL.CHILD.1": RecordedAnswer(answer: .yesNo(false), note: "files seen"), "WT.OT.2": RecordedAnswer(answer: .number(61))],
            amends: RecordID("XX-0001/2026-03-01"))
        sealed.seal()
        let (document, diagnostics) = RecordDocument.parse(CanonicalJSON.data(sealed.json), file: file)
        #expect(diagnostics.isEmpty)
        let read = try #require(document)
        var header = sealed
        header.answers = [:]
        #expect(read.header == header)
        #expect(read.digestMatches)
        #expect(read.answers == ["CL.CHILD.1": RawAnswer(value: .string("no"), note: "files seen"), "WT.OT.2": RawAnswer(value: .int(61))])
    }

    @Test func anEditedFinalRecordNoLongerMatchesItsDigest() throws {
        var sealed = record()
        sealed.seal()
        let edited = CanonicalJSON.string(sealed.json).replacingOccurrences(of: "\"answer\": \"no\"", with: "\"answer\": \"yes\"")
        let document = try #require(parse(edited).0)
        #expect(!document.digestMatches)
        #expect(document.header.digest == sealed.digest)
    }

    @Test func reformattingAFinalRecordKeepsItsDigest() throws {
        var sealed = record()
        sealed.seal()
        let compact = CanonicalJSON.string(sealed.json).replacingOccurrences(of: "\n", with: "").replacingOccurrences(of: "  ", with: "")
        #expect(try #require(parse(compact).0).digestMatches)
    }

    @Test func locationFindsTheLineOfAKey() throws {
        let document = try #require(parse(draftText).0)
        #expect(document.location(of: "status") == SourceLocation(file: file, line: 22, column: 3))
        #expect(document.location(of: "factory") == SourceLocation(file: file, line: 13, column: 3))
        #expect(document.location(of: "CL.CHILD.1") == SourceLocation(file: file, line: 3, column: 5))
        #expect(document.location(of: "nowhere") == SourceLocation(file: file))
    }

    @Test func theDigestOfAFinalRecordIsLocatedOnItsLine() throws {
        var sealed = record()
        sealed.seal()
        let document = try #require(RecordDocument.parse(CanonicalJSON.data(sealed.json), file: file).0)
        #expect(document.location(of: "digest") == SourceLocation(file: file, line: 13, column: 3))
    }

    @Test func locationOfTheRecordIDIsTheTopLevelID() throws {
        let document = try #require(parse(draftText).0)
        // The record's own "id" is on line 14; the assessor's "id" on line 10 comes first in the file.
        #expect(document.location(of: "id") == SourceLocation(file: file, line: 14, column: 3))
    }

    @Test func truncatedJSONIsOneErrorWhereItBreaks() {
        let truncated = String(draftText.prefix(60))
        let (document, diagnostics) = parse(truncated)
        #expect(document == nil)
        #expect(
            diagnostics == [.error("invalid-json", "not valid JSON: unexpected end of file in an object", at: SourceLocation(file: file, line: 5, column: 3))])
    }

    @Test func aRecordMustBeAnObject() {
        let (document, diagnostics) = parse("[1, 2]")
        #expect(document == nil)
        #expect(diagnostics == [.error("record-format", "a record must be a JSON object", at: SourceLocation(file: file))])
    }

    @Test func anUnknownKeyIsReportedByNameWhereItIsWritten() {
        let text = draftText.replacingOccurrences(of: "  \"kind\":", with: "  \"findings\": {},\n  \"kind\":")
        let (document, diagnostics) = parse(text)
        #expect(document == nil)
        #expect(diagnostics == [.error("unknown-key", "unknown key 'findings' in a record", at: SourceLocation(file: file, line: 15, column: 3))])
    }

    @Test func aMissingKeyIsReported() {
        let text = draftText.replacingOccurrences(of: "  \"kind\": \"assessment\",\n", with: "")
        let (document, diagnostics) = parse(text)
        #expect(document == nil)
        #expect(diagnostics == [.error("missing-key", "the record is missing 'kind'", at: SourceLocation(file: file))])
    }

    @Test func aValueOfTheWrongTypeIsLocated() {
        let text = draftText.replacingOccurrences(of: "\"status\": \"draft\"", with: "\"status\": 1")
        #expect(parse(text).1 == [.error("wrong-type", "'status' must be a string", at: SourceLocation(file: file, line: 22, column: 3))])
    }

    @Test func anotherFormatIsRefused() {
        let text = draftText.replacingOccurrences(of: "\"assessment/1\"", with: "\"assessment/2\"")
        #expect(
            parse(text).1 == [
                .error(
                    "unsupported-format", "unsupported format 'assessment/2'; this version of star reads 'assessment/1'",
                    at: SourceLocation(file: file, line: 21, column: 3))
            ])
    }

    @Test func aFactoryThatDiffersFromTheIDIsRefused() {
        let text = draftText.replacingOccurrences(of: "\"factory\": \"XX-0001\"", with: "\"factory\": \"XX-0002\"")
        #expect(
            parse(text).1 == [
                .error(
                    "invalid-value", "the record's factory 'XX-0002' differs from the factory in its id 'XX-0001/2026-03-14'",
                    at: SourceLocation(file: file, line: 13, column: 3))
            ])
    }

    @Test func anUnknownStatusIsRefused() {
        let text = draftText.replacingOccurrences(of: "\"status\": \"draft\"", with: "\"status\": \"done\"")
        #expect(parse(text).1 == [.error("invalid-value", "status must be draft or final, found 'done'", at: SourceLocation(file: file, line: 22, column: 3))])
    }

    @Test func anUnknownKindIsRefused() {
        let text = draftText.replacingOccurrences(of: "\"kind\": \"assessment\"", with: "\"kind\": \"audit\"")
        #expect(
            parse(text).1 == [
                .error(
                    "invalid-value", "kind must be one of assessment, follow-up, self-assessment, found 'audit'",
                    at: SourceLocation(file: file, line: 15, column: 3))
            ])
    }

    @Test func aRecordNamedForAnotherDayThanItsVisitIsRefused() throws {
        let text = draftText.replacingOccurrences(of: "\"start\": \"2026-03-14\"", with: "\"start\": \"2026-03-13\"")
        #expect(text != draftText)
        let (document, diagnostics) = parse(text)
        #expect(document == nil)
        let problem = try #require(diagnostics.first { $0.code == "invalid-date" })
        #expect(
            problem.message
                == "record XX-0001/2026-03-14 is named for 2026-03-14, but its visit starts on 2026-03-13: a record is named by the first day of its visit")
        #expect(problem.location.line == 23)
    }

    @Test func aVisitThatEndsBeforeItStartsIsRefused() {
        let text = draftText.replacingOccurrences(of: "\"end\": \"2026-03-15\"", with: "\"end\": \"2026-03-13\"")
        #expect(
            parse(text).1 == [
                .error("invalid-date", "the visit ends (2026-03-13) before it starts (2026-03-14)", at: SourceLocation(file: file, line: 23, column: 3))
            ])
    }

    @Test func anAnswerEntryMustBeAnAnswerAndANote() {
        let text = draftText.replacingOccurrences(of: "\"answer\": \"no\"", with: "\"value\": \"no\"")
        #expect(
            parse(text).1 == [
                .error(
                    "wrong-type", "the entry for 'CL.CHILD.1' must be {\"answer\": ..., \"note\": \"...\"}",
                    at: SourceLocation(file: file, line: 3, column: 5))
            ])
    }

    @Test func amendsMustNameARecord() {
        let text = draftText.replacingOccurrences(of: "  \"answers\":", with: "  \"amends\": \"XX-0001\",\n  \"answers\":")
        #expect(
            parse(text).1 == [
                .error(
                    "invalid-value", "amends must name a record as <factory>/<YYYY-MM-DD>[-N], found 'XX-0001'",
                    at: SourceLocation(file: file, line: 2, column: 3))
            ])
    }

    @Test func anAssessorGenderOutsideTheListIsRefused() {
        let text = draftText.replacingOccurrences(of: "\"gender\": \"female\"", with: "\"gender\": \"f\"")
        #expect(
            parse(text).1 == [
                .error("invalid-value", "assessor gender must be one of female, male, other, found 'f'", at: SourceLocation(file: file, line: 7, column: 3))
            ])
    }
}
