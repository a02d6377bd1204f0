import Foundation
import Testing

@testable import StarCore

/// A record file as star writes it is checked from its bytes straight for its questionnaire (CanonicalHeader,
/// CanonicalAnswers); any other file is parsed the general way first. Both readings must give the same
/// check: the same diagnostics at the same places, the same findings, the same answers and notes.
@Suite struct RecordCheckReadingTests {
    private let file = "assessments/XX/XX-0001/2026-03-14.json"
    private let factory = Factory(id: "XX-0001", name: "Xland Shirts", country: "XX", industry: "garment")

    /// Answers to the garment questionnaire's questions (and to some that are not its own): mostly of the
    /// right type, some of the wrong one, some written unusually.
    private func answers(_ random: inout RecordReaderFuzzTests.Random) -> [String: JSONValue] {
        let values: [String: [JSONValue]] = [
            "CL.CHILD.1": [.string("yes"), .string("no"), .string("maybe"), .bool(true), .int(1)],
            "WT.OT.1": [.string("yes"), .string("no"), .string("no"), .null],
            "WT.OT.2": [.int(50), .int(73), .double(60.5), .string("55"), .string("many"), .int(-1), .double(1e300)],
            "WT.OT.3": [.string("written"), .string("none"), .string("verbal"), .string("nonë"), .array([.string("written")])],
            "WT.OT.4": [.string("yes")],
            "CL.CHILD.2": [.int(3)],
        ]
        var answers: [String: JSONValue] = [:]
        for (id, choices) in values where random.chance(id.hasPrefix("WT.OT.4") || id.hasPrefix("CL.CHILD.2") ? 5 : 85) {
            var entry: [String: JSONValue] = [:]
            if random.chance(92) { entry["answer"] = random.pick(choices) }
            if random.chance(25) { entry["note"] = .string(random.pick(["payroll week 9", "Vérifié", "line 1\nline 2", "quote \" inside"])) }
            answers[id] = .object(entry)
        }
        return answers
    }

    private func record(_ random: inout RecordReaderFuzzTests.Random, questionnaire: CompiledQuestionnaire) -> [UInt8] {
        var fields: [String: JSONValue] = [
            "star": .string("assessment/1"), "id": .string("XX-0001/2026-03-14"), "factory": .string(random.chance(97) ? "XX-0001" : "XX-0002"),
            "kind": .string("assessment"), "status": .string(random.pick(["draft", "final", "final"])),
            "questionnaire": QuestionnairePin(questionnaire).json,
            "visit": .object(["start": .string("2026-03-14"), "end": .string("2026-03-15")]),
            "answers": .object(answers(&random)),
            "assessors": .array([.object(["id": .string("adv-1"), "gender": .string("female")])]),
        ]
        if fields["status"] == .string("final") {
            let digest = ContentDigest.of(.object(fields))
            fields["digest"] = .string(random.chance(95) ? digest : "sha256:" + String(repeating: "0", count: 64))
        }
        return CanonicalJSON.data(.object(fields))
    }

    private func expectSameCheck(_ bytes: [UInt8], _ context: AssessmentContext, seed: UInt64) {
        let straight = RecordCheck(bytes, file: file, context: context)
        let general = RecordCheck(RecordDocument.parse(bytes, file: file), context: context)
        #expect(straight.diagnostics == general.diagnostics, "seed \(seed)")
        #expect(straight.hasErrors == general.hasErrors, "seed \(seed)")
        #expect(straight.findings?.questionFindings == general.findings?.questionFindings, "seed \(seed)")
        #expect(straight.findings?.pointFindings == general.findings?.pointFindings, "seed \(seed)")
        #expect(straight.answers?.unanswered == general.answers?.unanswered, "seed \(seed)")
        #expect(straight.answers?.answers == general.answers?.answers, "seed \(seed)")
        #expect(straight.document?.answers == general.document?.answers, "seed \(seed)")
        #expect(straight.document?.header == general.document?.header, "seed \(seed)")
    }

    @Test func readingStraightAndParsingFirstGiveTheSameCheck() throws {
        let questionnaire = try garmentQuestionnaire()
        let context = AssessmentContext(factories: [factory], compiled: [questionnaire])
        let plan = EvaluationPlan(questionnaire)
        var readStraight = 0
        var recordsOfTheirFactory = 0
        for seed in UInt64(1)...1200 {
            var random = RecordReaderFuzzTests.Random(state: seed)
            let bytes = record(&random, questionnaire: questionnaire)
            let consistent = !String(decoding: bytes, as: UTF8.self).contains("\"factory\": \"XX-0002\"")
            if consistent { recordsOfTheirFactory += 1 }
            if let (_, range) = CanonicalHeader.readWithAnswers(bytes), CanonicalAnswers.read(bytes, range, for: plan) != nil { readStraight += 1 }
            expectSameCheck(bytes, context, seed: seed)
            var mutated = bytes
            for _ in 0..<1 + random.below(3) { mutated = RecordReaderFuzzTests().mutate(mutated, &random) }
            expectSameCheck(mutated, context, seed: seed)
        }
        // Every record star could write (its factory the one of its id) is read straight: the comparison above
        // is not between two general readings.
        #expect(recordsOfTheirFactory > 1100)
        #expect(readStraight == recordsOfTheirFactory)
    }

    @Test func anAnswerWrittenUnusuallyIsReadAsTheGeneralParserReadsIt() throws {
        let questionnaire = try garmentQuestionnaire()
        let context = AssessmentContext(factories: [factory], compiled: [questionnaire])
        var random = RecordReaderFuzzTests.Random(state: 7)
        let canonical = String(decoding: record(&random, questionnaire: questionnaire), as: UTF8.self)
        // An escaped "yes", an option with an escape, a number with an exponent, spacing star never writes.
        for (from, to) in [
            ("\"answer\": \"yes\"", "\"answer\": \"y\\u0065s\""), ("\"answer\": \"written\"", "\"answer\": \"writt\\u0065n\""),
            ("\"answer\": 50", "\"answer\": 5e1"), ("\"answer\": \"no\"", "\"answer\" :\"no\""),
        ] {
            expectSameCheck(Array(canonical.replacingOccurrences(of: from, with: to).utf8), context, seed: 7)
        }
    }
}
