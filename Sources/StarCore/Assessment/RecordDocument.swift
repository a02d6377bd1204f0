/// A record file as read from disk: its structure checked, its answers still raw until they are checked
/// against the questionnaire the record pins (AnswerCheck).
public struct RecordDocument: Sendable {
    public var file: String
    /// Everything but the answers, which stay empty here.
    public var header: AssessmentRecord
    public var answers: [String: RawAnswer]
    /// Whether the stored digest matches the content (only meaningful when there is one).
    public var digestMatches: Bool
    private let bytes: [UInt8]

    /// Parses `bytes`; structural problems are located diagnostics and the document is nil when any is an error.
    public static func parse(_ bytes: [UInt8], file: String) -> (RecordDocument?, [Diagnostic]) {
        let json: JSONValue
        do {
            json = try JSONParser.parse(bytes)
        } catch {
            return (nil, [.error("invalid-json", "not valid JSON: \(error.message)", at: SourceLocation(file: file, line: error.line, column: error.column))])
        }
        var diagnostics: [Diagnostic] = []
        func fail(_ code: String, _ message: String, key: String? = nil) {
            diagnostics.append(.error(code, message, at: key.map { locate(key: $0, in: bytes, file: file) } ?? SourceLocation(file: file)))
        }
        guard case .object(let object) = json else {
            fail("record-format", "a record must be a JSON object")
            return (nil, diagnostics)
        }
        let known: Set = ["star", "id", "factory", "kind", "status", "questionnaire", "visit", "assessors", "answers", "amends", "digest"]
        for key in object.keys.sorted() where !known.contains(key) { fail("unknown-key", "unknown key '\(key)' in a record", key: key) }
        func string(_ key: String, in object: [String: JSONValue], what: String? = nil) -> String? {
            guard let value = object[key] else { fail("missing-key", "the record is missing \(what ?? "'\(key)'")"); return nil }
            guard let text = value.string else { fail("wrong-type", "\(what ?? "'\(key)'") must be a string", key: key); return nil }
            return text
        }

        if let format = string("star", in: object), format != AssessmentRecord.format {
            fail("unsupported-format", "unsupported format '\(format)'; this version of star reads '\(AssessmentRecord.format)'", key: "star")
        }
        let id = string("id", in: object).flatMap { text in
            RecordID(text) ?? { fail("invalid-value", "record id must be <factory>/<YYYY-MM-DD>[-N], found '\(text)'", key: "id"); return nil }()
        }
        if let id, let factory = string("factory", in: object), factory != id.factory {
            fail("invalid-value", "the record's factory '\(factory)' differs from the factory in its id '\(id)'", key: "factory")
        }
        let kind = string("kind", in: object).flatMap { text in
            AssessmentKind(rawValue: text) ?? { fail("invalid-value", "kind must be one of \(AssessmentKind.allCases.map(\.rawValue).joined(separator: ", ")), found '\(text)'", key: "kind"); return nil }()
        }
        let status = string("status", in: object).flatMap { text in
            RecordStatus(rawValue: text) ?? { fail("invalid-value", "status must be draft or final, found '\(text)'", key: "status"); return nil }()
        }
        var pin: QuestionnairePin?
        if let q = object["questionnaire"]?.object {
            if let qid = string("id", in: q, what: "questionnaire id"), let version = string("version", in: q, what: "questionnaire version"),
               let digest = string("digest", in: q, what: "questionnaire digest") {
                pin = QuestionnairePin(id: qid, version: version, digest: digest)
            }
        } else {
            fail("missing-key", "the record must name its questionnaire as {id, version, digest}", key: "questionnaire")
        }
        var visit: Visit?
        if let v = object["visit"]?.object {
            let start = string("start", in: v, what: "visit start").flatMap(CalendarDate.init)
            let end = v["end"] == nil ? start : string("end", in: v, what: "visit end").flatMap(CalendarDate.init)
            if let start, let end {
                visit = Visit(start: start, end: end, announced: v["announced"]?.bool)
                if let problem = visit?.problem { fail("invalid-date", problem, key: "visit") }
            } else {
                fail("invalid-date", "visit start and end must be dates that exist, written YYYY-MM-DD", key: "visit")
            }
        } else {
            fail("missing-key", "the record must give its visit as {start, end}", key: "visit")
        }
        var assessors: [Assessor] = []
        for item in object["assessors"]?.array ?? [] {
            guard let a = item.object, let aid = a["id"]?.string else { fail("wrong-type", "each assessor must be {id, gender}", key: "assessors"); continue }
            let assessor = Assessor(id: aid, gender: a["gender"]?.string)
            for problem in assessor.problems { fail("invalid-value", problem, key: "assessors") }
            assessors.append(assessor)
        }
        var answers: [String: RawAnswer] = [:]
        if let entries = object["answers"]?.object {
            for (qid, entry) in entries {
                guard let fields = entry.object, fields.keys.allSatisfy({ $0 == "answer" || $0 == "note" }),
                      fields["note"].map({ $0.string != nil }) ?? true else {
                    fail("wrong-type", "the entry for '\(qid)' must be {\"answer\": ..., \"note\": \"...\"}", key: qid)
                    continue
                }
                answers[qid] = RawAnswer(value: fields["answer"], note: fields["note"]?.string)
            }
        } else {
            fail("missing-key", "the record must have an 'answers' object", key: "answers")
        }
        var amends: RecordID?
        if let text = object["amends"].flatMap({ $0.string ?? "" }) {
            amends = RecordID(text)
            if amends == nil { fail("invalid-value", "amends must name a record as <factory>/<YYYY-MM-DD>[-N], found '\(text)'", key: "amends") }
        }
        let digest = object["digest"]?.string

        guard let id, let kind, let status, let pin, let visit, !diagnostics.hasErrors else { return (nil, diagnostics) }
        var digestMatches = false
        if let digest {
            digestMatches = canonicalDigestMatches(bytes, digest) || {
                var content = object
                content["digest"] = nil
                return ContentDigest.of(.object(content)) == digest
            }()
        }
        let header = AssessmentRecord(id: id, kind: kind, status: status, questionnaire: pin, visit: visit, assessors: assessors,
                                      answers: [:], amends: amends, digest: digest)
        return (RecordDocument(file: file, header: header, answers: answers, digestMatches: digestMatches, bytes: bytes), diagnostics)
    }

    /// The fast way to check a digest: in a file as star writes it (canonical), the content without the
    /// digest is the bytes without the digest's line. A file reformatted by hand falls back to re-encoding.
    static func canonicalDigestMatches(_ bytes: [UInt8], _ digest: String) -> Bool {
        let line = Array("\n  \"digest\": \"\(digest)\",".utf8)
        guard let start = firstIndex(of: line, in: bytes) else { return false }
        return ContentDigest.of(parts: [bytes[..<start], bytes[(start + line.count)...]]) == digest
    }

    /// Where `key` is written, shallowest first: a top-level key of a canonical record (two spaces in), then
    /// one nested once (an answer's question id), then anywhere. Line 1 when it cannot be found.
    public func location(of key: String) -> SourceLocation {
        Self.locate(key: key, in: bytes, file: file)
    }

    static func locate(key: String, in bytes: [UInt8], file: String) -> SourceLocation {
        let quoted = Array("\"\(key)\":".utf8)
        for indent in [2, 4, nil] as [Int?] {
            let needle = indent.map { [UInt8(ascii: "\n")] + Array(repeating: UInt8(ascii: " "), count: $0) + quoted } ?? quoted
            guard let start = firstIndex(of: needle, in: bytes) else { continue }
            let keyStart = indent.map { start + 1 + $0 } ?? start
            let line = 1 + bytes[..<keyStart].reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
            let lineStart = bytes[..<keyStart].lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
            return SourceLocation(file: file, line: line, column: keyStart - lineStart + 1)
        }
        return SourceLocation(file: file)
    }

    private static func firstIndex(of needle: [UInt8], in bytes: [UInt8]) -> Int? {
        guard !needle.isEmpty, bytes.count >= needle.count else { return nil }
        var i = 0
        while i <= bytes.count - needle.count {
            if bytes[i] == needle[0], bytes[i..<i + needle.count].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}
