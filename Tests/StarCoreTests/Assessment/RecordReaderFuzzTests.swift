import Testing

@testable import StarCore

/// The fast readers of a record (the canonical answers reader inside RecordDocument.parse, CanonicalHeader,
/// the one-scan locator) checked against the general ones on random and mutated records: both must accept
/// and refuse the same files, with the same error at the same place, and read the same values.
@Suite struct RecordReaderFuzzTests {
    private let file = "assessments/XX/XX-0001/2026-03-14.json"

    /// A small deterministic generator (SplitMix64), so that a failure is reproduced by its seed.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
        mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    }

    private static let texts = [
        "none", "payroll week 9", "Vérifié avec la paie", "ត្រួតពិនិត្យ", "đã kiểm tra", "🧵 line",
        "quote \" inside", "back\\slash", "line 1\nline 2", "tab\there", "\u{01} control", "",
    ]

    private func value(_ random: inout Random, depth: Int = 0) -> JSONValue {
        switch random.below(depth > 1 ? 6 : 8) {
        case 0: return .string(random.pick(["yes", "no"]))
        case 1: return .int(random.pick([0, 1, 61, -3, Int.max, Int.min, random.below(100_000)]))
        case 2: return .double(random.pick([0.5, -2.25, 1e300, 61.0, 1e-7]))
        case 3: return .string(random.pick(Self.texts))
        case 4: return .bool(random.chance(50))
        case 5: return .null
        case 6: return .array((0..<random.below(3)).map { _ in value(&random, depth: depth + 1) })
        default: return .object(Dictionary(uniqueKeysWithValues: (0..<random.below(3)).map { ("k\($0)", value(&random, depth: depth + 1)) }))
        }
    }

    /// A record as star writes it (canonical JSON), with random answers: mostly well formed entries, some not.
    private func record(_ random: inout Random) -> JSONValue {
        var answers: [String: JSONValue] = [:]
        for index in 0..<random.below(12) {
            let id = random.chance(90) ? "Q.\(random.pick(["CL", "WT", "OSH", "FL"])).\(index)" : random.pick(["Qé.\(index)", "q \(index)", "Q\"\(index)"])
            var entry: [String: JSONValue] = [:]
            if random.chance(85) { entry["answer"] = value(&random) }
            if random.chance(20) { entry["note"] = random.chance(90) ? .string(random.pick(Self.texts)) : .int(3) }
            if random.chance(3) { entry["extra"] = .bool(true) }
            answers[id] = random.chance(97) ? .object(entry) : .string("bare")
        }
        var visit: [String: JSONValue] = ["start": .string("2026-03-14")]
        if random.chance(70) { visit["end"] = .string(random.pick(["2026-03-15", "2026-03-14", "2026-02-30"])) }
        if random.chance(70) { visit["announced"] = .bool(random.chance(50)) }
        var fields: [String: JSONValue] = [
            "star": .string("assessment/1"), "id": .string("XX-0001/2026-03-14"), "factory": .string("XX-0001"),
            "kind": .string(random.pick(["assessment", "follow-up", "self-assessment"])), "status": .string(random.pick(["draft", "final"])),
            "questionnaire": .object(["id": .string("xx-garment"), "version": .string("2026.1"), "digest": .string("sha256:abc")]),
            "visit": .object(visit), "answers": .object(answers),
            "assessors": .array(
                (0..<random.below(3)).map { n in
                    .object(
                        random.chance(70)
                            ? ["id": .string("adv-\(n)"), "gender": .string(random.pick(["female", "male", "unknown"]))] : ["id": .string("adv-\(n)")])
                }),
        ]
        if random.chance(20) { fields["amends"] = .string("XX-0001/2026-03-13") }
        if random.chance(30) { fields["digest"] = .string("sha256:0123") }
        return .object(fields)
    }

    private static let invalidUTF8: [[UInt8]] = [
        [0xFF], [0x80], [0xC0, 0x80], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
        [0xF0, 0x82, 0x82, 0xAC], [0xE0, 0x80, 0xAF], [0xF8, 0x88, 0x80, 0x80, 0x80],
    ]

    /// The record, changed the way hands, merges and broken disks change files.
    func mutate(_ bytes: [UInt8], _ random: inout Random) -> [UInt8] {
        var bytes = bytes
        guard !bytes.isEmpty else { return bytes }
        // Where a string is: mutating there keeps most of the file valid JSON.
        let quotes = bytes.indices.filter { bytes[$0] == UInt8(ascii: "\"") }
        let inString = quotes.isEmpty ? 0 : min(bytes.count - 1, random.pick(quotes) + 1)
        switch random.below(9) {
        case 0: bytes[random.below(bytes.count)] = UInt8(random.below(256))
        case 1: bytes.insert(contentsOf: random.pick(Self.invalidUTF8), at: inString)
        case 2: bytes.insert(contentsOf: Array("ok é ✓ 𝄞".utf8), at: inString)
        case 3:
            // A key written twice: a top-level one, or an answer entry repeated.
            let line = random.pick(["\n  \"status\": \"final\",", "\n  \"answers\": {},", "\n    \"Q.CL.0\": {\"answer\": \"yes\"},"])
            if let brace = bytes.firstIndex(of: UInt8(ascii: "{")) { bytes.insert(contentsOf: Array(line.utf8), at: brace + 1) }
        case 4:
            let depth = random.pick([3, 150, 198, 199, 200, 260])
            bytes.insert(contentsOf: Array((String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + ",").utf8), at: max(0, inString - 1))
        case 5:
            let number = random.pick([
                "1e999", "-1e999", "123456789012345678901234567890", "-9223372036854775809", "9223372036854775807",
                "0.000000000000000000000000001e-400", "01", "-", "1.", "1e", "-0",
            ])
            let at = bytes.firstRange(of: Array("\"answer\": ".utf8))?.upperBound ?? inString
            bytes.insert(contentsOf: Array((number + ", \"x\": ").utf8), at: at)
        case 6: bytes.removeSubrange(random.below(bytes.count)..<bytes.count)
        case 7:
            let start = random.below(bytes.count)
            bytes.removeSubrange(start..<min(bytes.count, start + 1 + random.below(6)))
        default: bytes.insert(contentsOf: Array(random.pick([" ", "\n", "\t", ",", "}", "\\u00e9", "\\ud800", "\\"]).utf8), at: random.below(bytes.count))
        }
        return bytes
    }

    /// What the general parser makes of a record's answers: each entry {"answer": ..., "note": "..."} as a
    /// RawAnswer; nil when some entry is not of that form (the record then has errors).
    private func generalAnswers(_ object: [String: JSONValue]) -> [String: RawAnswer]? {
        guard case .object(let answers)? = object["answers"] else { return nil }
        var out: [String: RawAnswer] = [:]
        for (id, entry) in answers {
            guard case .object(let fields) = entry, Set(fields.keys).isSubset(of: ["answer", "note"]) else { return nil }
            if let note = fields["note"], note.string == nil { return nil }
            out[id] = RawAnswer(value: fields["answer"], note: fields["note"]?.string)
        }
        return out
    }

    private func check(_ bytes: [UInt8], seed: UInt64) {
        let (document, diagnostics) = RecordDocument.parse(bytes, file: file)
        let general: JSONValue
        do {
            general = try JSONParser.parse(bytes)
        } catch {
            // Refused by both, with the same error at the same place.
            #expect(document == nil, "seed \(seed)")
            #expect(
                diagnostics == [
                    .error("invalid-json", "not valid JSON: \(error.message)", at: StarCore.SourceLocation(file: file, line: error.line, column: error.column))
                ],
                "seed \(seed)")
            // Strict: invalid UTF-8 never reaches a value.
            return
        }
        #expect(String(validating: bytes, as: UTF8.self) != nil, "seed \(seed): JSONParser accepted invalid UTF-8")
        #expect(!diagnostics.contains { $0.code == "invalid-json" }, "seed \(seed)")
        guard case .object(let object) = general else {
            #expect(document == nil, "seed \(seed)")
            return
        }
        if let document {
            let answers = generalAnswers(object)
            #expect(answers != nil, "seed \(seed): a document was read from malformed answers")
            #expect(document.answers == answers, "seed \(seed)")
            #expect(document.answerEntries.count == answers?.count, "seed \(seed)")
        }
        // The header read byte by byte is the header of a full parse, whenever it reads one.
        if let header = CanonicalHeader.read(bytes) {
            var headerOnly = object
            headerOnly["answers"] = .object([:])
            let reference = RecordDocument.parse(CanonicalJSON.data(.object(headerOnly)), file: file).0?.header
            #expect(header == reference, "seed \(seed)")
            if let document { #expect(header == document.header, "seed \(seed)") }
        }
    }

    @Test func fastAndGeneralReadersAgreeOnRandomAndMutatedRecords() {
        for seed in UInt64(1)...1500 {
            var random = Random(state: seed)
            let canonical = CanonicalJSON.data(record(&random))
            check(canonical, seed: seed)
            var mutated = canonical
            for _ in 0..<1 + random.below(3) { mutated = mutate(mutated, &random) }
            check(mutated, seed: seed)
        }
    }

    /// The locations of the old way: one search of the file per key (two spaces in, four, then anywhere).
    private func locationOneKeyAtATime(_ key: String, in bytes: [UInt8]) -> StarCore.SourceLocation {
        let quoted = Array("\"\(key)\":".utf8)
        for indent in [2, 4, nil] as [Int?] {
            let needle = indent.map { [UInt8(ascii: "\n")] + Array(repeating: UInt8(ascii: " "), count: $0) + quoted } ?? quoted
            guard let start = bytes.firstRange(of: needle)?.lowerBound else { continue }
            let keyStart = indent.map { start + 1 + $0 } ?? start
            let line = 1 + bytes[..<keyStart].filter { $0 == UInt8(ascii: "\n") }.count
            let lineStart = bytes[..<keyStart].lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
            return StarCore.SourceLocation(file: file, line: line, column: keyStart - lineStart + 1)
        }
        return StarCore.SourceLocation(file: file)
    }

    @Test func keysLocatedInOneScanAreWhereASearchPerKeyFindsThem() {
        for seed in UInt64(1)...400 {
            var random = Random(state: seed)
            var bytes = CanonicalJSON.data(record(&random))
            if random.chance(50) { bytes = mutate(bytes, &random) }
            // Keys at every depth, keys written twice, keys that are also values, keys nowhere.
            let keys = [
                "status", "factory", "answers", "answer", "note", "id", "digest", "visit", "Q.CL.0", "Q.WT.3", "k0", "yes",
                "nowhere", "start", "Qé.2", random.pick(["gender", "questionnaire", "amends"]),
            ]
            let located = RecordDocument.locations(of: keys, in: bytes, file: file)
            #expect(located == keys.map { locationOneKeyAtATime($0, in: bytes) }, "seed \(seed)")
        }
    }
}
