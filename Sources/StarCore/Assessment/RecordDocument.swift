import Foundation

/// A record file as read from disk: its structure checked, its answers still raw until they are checked
/// against the questionnaire the record pins (AnswerCheck).
public struct RecordDocument: Sendable {
    public var file: String
    /// Everything but the answers, which stay empty here.
    public var header: AssessmentRecord
    /// Whether the stored digest matches the content (only meaningful when there is one).
    public var digestMatches: Bool
    let bytes: [UInt8]
    /// The answers as read; AnswerCheck reads them without a String per id.
    let answerList: RecordAnswers

    /// The answers in file order, each question id once.
    public var answerEntries: [AnswerEntry] {
        answerList.answerEntries
    }

    /// The answers by question id.
    public var answers: [String: RawAnswer] {
        Dictionary(uniqueKeysWithValues: answerEntries.map { ($0.id, $0.answer) })
    }

    private static let knownKeys: Set = ["star", "id", "factory", "kind", "status", "questionnaire", "visit", "assessors", "answers", "amends", "digest"]

    /// Parses `bytes`; structural problems are located diagnostics and the document is nil when any is an error.
    public static func parse(_ bytes: [UInt8], file: String) -> (RecordDocument?, [Diagnostic]) {
        parse(bytes, file: file, readingAnswers: true)
    }

    /// The header of a record, its answers passed over unread (and unchecked, as is the digest): nil when the
    /// header has errors. What aggregation reads of a record it may not need; with where the answers are when
    /// the file is as star writes it, for checking it in full later without reading the header again.
    static func header(of bytes: [UInt8], file: String) -> (header: AssessmentRecord, canonical: CanonicalHeader.Read?)? {
        if let read = CanonicalHeader.readWithAnswers(bytes) { return (read.header, read) }
        return parse(bytes, file: file, readingAnswers: false).0.map { ($0.header, nil) }
    }

    private static func parse(_ bytes: [UInt8], file: String, readingAnswers: Bool) -> (RecordDocument?, [Diagnostic]) {
        let read: RecordMembers?
        do {
            read = try RecordMembers.read(bytes, skippingAnswers: !readingAnswers)
        } catch {
            return (nil, [.error("invalid-json", "not valid JSON: \(error.message)", at: SourceLocation(file: file, line: error.line, column: error.column))])
        }
        var problems: [UnlocatedDiagnostic] = []
        func fail(_ code: String, _ message: String, key: String? = nil) {
            problems.append(UnlocatedDiagnostic(.error(code, message, at: SourceLocation(file: file)), key: key))
        }
        // Every problem of the file located in one scan, when there is one.
        func diagnostics() -> [Diagnostic] {
            problems.located { locations(of: $0, in: bytes, file: file) }
        }
        guard let read else {
            fail("record-format", "a record must be a JSON object")
            return (nil, diagnostics())
        }
        let object = read.fields
        for key in object.keys.filter({ !knownKeys.contains($0) }).sorted() { fail("unknown-key", "unknown key '\(key)' in a record", key: key) }
        func string(_ key: String, in object: [String: JSONValue], what: String? = nil) -> String? {
            guard let value = object[key] else {
                fail("missing-key", "the record is missing \(what ?? "'\(key)'")")
                return nil
            }
            guard let text = value.string else {
                fail("wrong-type", "\(what ?? "'\(key)'") must be a string", key: key)
                return nil
            }
            return text
        }

        if let format = string("star", in: object), format != AssessmentRecord.format {
            fail("unsupported-format", "unsupported format '\(format)'; this version of star reads '\(AssessmentRecord.format)'", key: "star")
        }
        let id = string("id", in: object).flatMap { text in
            RecordID(text)
                ?? {
                    fail("invalid-value", "record id must be <factory>/<YYYY-MM-DD>[-N], found '\(text)'", key: "id")
                    return nil
                }()
        }
        if let id, let factory = string("factory", in: object), factory != id.factory {
            fail("invalid-value", "the record's factory '\(factory)' differs from the factory in its id '\(id)'", key: "factory")
        }
        let kind = string("kind", in: object).flatMap { text in
            AssessmentKind(rawValue: text)
                ?? {
                    fail(
                        "invalid-value", "kind must be one of \(AssessmentKind.allCases.map(\.rawValue).joined(separator: ", ")), found '\(text)'", key: "kind")
                    return nil
                }()
        }
        let status = string("status", in: object).flatMap { text in
            RecordStatus(rawValue: text)
                ?? {
                    fail("invalid-value", "status must be draft or final, found '\(text)'", key: "status")
                    return nil
                }()
        }
        var pin: QuestionnairePin?
        if let q = object["questionnaire"]?.object {
            if let qid = string("id", in: q, what: "questionnaire id"), let version = string("version", in: q, what: "questionnaire version"),
                let digest = string("digest", in: q, what: "questionnaire digest")
            {
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
                // star names a record by its visit's first day; another date means the file was made or edited by hand.
                if let id, id.date != start {
                    fail(
                        "invalid-date",
                        "record \(id) is named for \(id.date), but its visit starts on \(start): a record is named by the first day of its visit", key: "visit")
                }
            } else {
                fail("invalid-date", "visit start and end must be dates that exist, written YYYY-MM-DD", key: "visit")
            }
        } else {
            fail("missing-key", "the record must give its visit as {start, end}", key: "visit")
        }
        var assessors: [Assessor] = []
        for item in object["assessors"]?.array ?? [] {
            guard let a = item.object, let aid = a["id"]?.string else {
                fail("wrong-type", "each assessor must be {id, gender}", key: "assessors")
                continue
            }
            let assessor = Assessor(id: aid, gender: a["gender"]?.string)
            for problem in assessor.problems { fail("invalid-value", problem, key: "assessors") }
            assessors.append(assessor)
        }
        if let entries = read.answers {
            for id in entries.malformed {
                fail("wrong-type", "the entry for '\(id)' must be {\"answer\": ..., \"note\": \"...\"}", key: id)
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

        guard let id, let kind, let status, let pin, let visit, !problems.hasErrors else { return (nil, diagnostics()) }
        var digestMatches = false
        if let digest, readingAnswers {
            digestMatches =
                canonicalDigestMatches(bytes, digest)
                || {
                    var content = object
                    content["digest"] = nil
                    content["answers"] = read.answers.map { RecordAnswers(read: $0, bytes: bytes).json }
                    return ContentDigest.of(.object(content)) == digest
                }()
        }
        let header = AssessmentRecord(
            id: id, kind: kind, status: status, questionnaire: pin, visit: visit, assessors: assessors,
            answers: [:], amends: amends, digest: digest)
        return (
            RecordDocument(
                file: file, header: header, digestMatches: digestMatches, bytes: bytes,
                answerList: RecordAnswers(read: read.answers ?? .init(), bytes: bytes)), diagnostics()
        )
    }

    /// The fast way to check a digest: in a file as star writes it (canonical), the content without the
    /// digest is the bytes without the digest's line. A file reformatted by hand falls back to re-encoding.
    static func canonicalDigestMatches(_ bytes: [UInt8], _ digest: String) -> Bool {
        let line = Array("\n  \"digest\": \"\(digest)\",".utf8)
        // Keys are sorted, so the digest comes after the answers, near the end: look from there.
        guard let start = lastIndex(of: line, in: bytes) else { return false }
        return ContentDigest.of(parts: [bytes[..<start], bytes[(start + line.count)...]]) == digest
    }

    /// Where `key` is written (RecordDocument.locations(of:in:file:)).
    public func location(of key: String) -> SourceLocation {
        Self.locations(of: [key], in: bytes, file: file)[0]
    }

    /// Where each of `keys` is written (located together, in one scan).
    func locations(of keys: [String]) -> [SourceLocation] {
        Self.locations(of: keys, in: bytes, file: file)
    }

    private static func lastIndex(of needle: [UInt8], in bytes: [UInt8]) -> Int? {
        guard !needle.isEmpty, bytes.count >= needle.count else { return nil }
        return bytes.withUnsafeBufferPointer { bytes in
            needle.withUnsafeBufferPointer { needle in
                var i = bytes.count - needle.count
                while i >= 0 {
                    if bytes[i] == needle[0], memcmp(bytes.baseAddress! + i, needle.baseAddress!, needle.count) == 0 { return i }
                    i -= 1
                }
                return nil
            }
        }
    }
}

/// A record's answers as read, in file order, each question id once. An id written plainly (printable ASCII
/// without escapes, as star always writes it) stays where it is written in the file until a String is asked
/// for: checking a record compares those bytes with the questionnaire's ids, without a String per answer.
struct RecordAnswers: Sendable, AnswerList {
    /// The file.
    let bytes: [UInt8]
    private let storage: Storage

    /// The answers as read (shared, not copied, with every copy of the document); for answers checked straight
    /// from the file (CanonicalAnswers.read), read the general way only if someone asks for them.
    private final class Storage: @unchecked Sendable {
        private let lock = NSLock()
        private var entries: RecordMembers.AnswerEntries?
        private let unread: Range<Int>

        init(_ entries: RecordMembers.AnswerEntries) {
            self.entries = entries
            unread = 0..<0
        }

        init(unread range: Range<Int>) { unread = range }

        func entries(in bytes: [UInt8]) -> RecordMembers.AnswerEntries {
            lock.lock()
            defer { lock.unlock() }
            if let entries { return entries }
            // Read once already, so it parses as star writes it.
            let read = bytes.withUnsafeBufferPointer { buffer in
                var parser = JSONParser(bytes: UnsafeBufferPointer(rebasing: buffer[..<unread.upperBound]))
                parser.index = unread.lowerBound
                return RecordMembers.readCanonicalAnswers(&parser)
            }
            entries = read ?? RecordMembers.AnswerEntries()
            return entries!
        }
    }

    fileprivate init(read: RecordMembers.AnswerEntries, bytes: [UInt8]) {
        self.bytes = bytes
        storage = Storage(read)
    }

    /// Answers left where they are written in `bytes`: the answers object at `range`, as star writes it.
    init(unread range: Range<Int>, bytes: [UInt8]) {
        self.bytes = bytes
        storage = Storage(unread: range)
    }

    private var read: RecordMembers.AnswerEntries { storage.entries(in: bytes) }

    var count: Int { read.values.count }

    func answer(at index: Int) -> RawAnswer { read.values[index] }

    func id(at index: Int) -> String {
        let read = read
        return read.texts.isEmpty ? String(decoding: bytes[read.written[index]], as: UTF8.self) : read.texts[index]
    }

    func questionNumbers(in plan: EvaluationPlan) -> [Int?] {
        let read = read
        var position = 0
        guard read.texts.isEmpty else { return read.texts.map { plan.questionNumber(of: $0, position: &position) } }
        return bytes.withUnsafeBufferPointer { bytes in
            read.written.map {
                plan.questionNumber(written: UnsafeBufferPointer(rebasing: bytes[$0]), position: &position, id: String(decoding: bytes[$0], as: UTF8.self))
            }
        }
    }

    var answerEntries: [AnswerEntry] {
        (0..<count).map { AnswerEntry(id: id(at: $0), answer: answer(at: $0)) }
    }

    /// The object as written: only asked when the file is not canonical, and every entry is well formed then.
    var json: JSONValue {
        .object(
            Dictionary(
                uniqueKeysWithValues: answerEntries.map { entry in
                    var fields: [String: JSONValue] = [:]
                    fields["answer"] = entry.answer.value
                    fields["note"] = entry.answer.note.map(JSONValue.string)
                    return (entry.id, JSONValue.object(fields))
                }))
    }
}

/// A record's top-level object as parsed: every member as a JSONValue except the "answers" object, whose
/// entries are read straight into RawAnswer values (a dictionary per entry was most of the cost of reading
/// a record). The JSON errors are those of JSONParser, at the same places.
struct RecordMembers {
    var fields: [String: JSONValue] = [:]
    /// nil when the record has no "answers" object.
    var answers: AnswerEntries?

    struct AnswerEntries {
        /// Where each id is written, when read the canonical way; else `texts`.
        var written: [Range<Int>] = []
        var texts: [String] = []
        var values: [RawAnswer] = []
        /// Ids whose entry is not `{"answer": ..., "note": "..."}`, in file order.
        var malformed: [String] = []
    }

    /// nil when the document is valid JSON but not an object. `skippingAnswers` leaves the "answers" object
    /// unread (present, but without entries).
    static func read(_ bytes: [UInt8], skippingAnswers: Bool = false) throws(JSONParseError) -> RecordMembers? {
        let result = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(JSONParseError) -> RecordMembers? in
                var parser = JSONParser(bytes: buffer)
                parser.skipWhitespace()
                guard parser.next == UInt8(ascii: "{") else {
                    _ = try parser.parseValue(depth: 0)
                    try parser.expectEnd()
                    return nil
                }
                var members = RecordMembers()
                try parser.readObject(isRepeated: { members.fields[$0] != nil || ($0 == "answers" && members.answers != nil) }) {
                    parser, key throws(JSONParseError) in
                    if key == "answers", parser.next == UInt8(ascii: "{") {
                        if skippingAnswers {
                            // Only a header the byte-by-byte reading (CanonicalHeader) refused comes here: rare,
                            // so the answers are parsed and dropped.
                            _ = try parser.parseValue(depth: 1)
                            members.answers = AnswerEntries()
                        } else {
                            members.answers = try readAnswers(&parser)
                        }
                    } else {
                        members.fields[key] = try parser.parseValue(depth: 1)
                    }
                }
                try parser.expectEnd()
                return members
            }
        }
        return try result.get()
    }

    /// The "answers" object (at depth 1).
    private static func readAnswers(_ parser: inout JSONParser) throws(JSONParseError) -> AnswerEntries {
        var canonical = parser
        if let answers = readCanonicalAnswers(&canonical) {
            parser = canonical
            return answers
        }
        var answers = AnswerEntries()
        var seen = Set<String>()
        try parser.readObject(isRepeated: { !seen.insert($0).inserted }) { parser, id throws(JSONParseError) in
            if let answer = try readEntry(&parser) {
                answers.texts.append(id)
                answers.values.append(answer)
            } else {
                answers.malformed.append(id)
            }
        }
        return answers
    }

    /// The answers object as star writes it (CanonicalAnswers), or nil: readAnswers then reads the object
    /// again from its start.
    static func readCanonicalAnswers(_ parser: inout JSONParser) -> AnswerEntries? {
        var answers = AnswerEntries()
        answers.written.reserveCapacity(parser.bytes.count / 64)
        answers.values.reserveCapacity(parser.bytes.count / 64)
        var value: JSONValue?
        let walked = CanonicalAnswers.walk(
            &parser,
            value: { parser, _ in
                value = try? parser.parseValue(depth: 3)
                return value != nil
            },
            entry: { id, answered, note in
                answers.written.append(id)
                answers.values.append(RawAnswer(value: answered ? value : nil, note: note))
            })
        return walked ? answers : nil
    }

    /// One entry (at depth 2): nil when it is not `{"answer": ..., "note": "..."}`.
    private static func readEntry(_ parser: inout JSONParser) throws(JSONParseError) -> RawAnswer? {
        guard parser.next == UInt8(ascii: "{") else {
            _ = try parser.parseValue(depth: 2)
            return nil
        }
        var value: JSONValue?
        var note: JSONValue?
        var others: [String] = []
        try parser.readObject(isRepeated: { key in
            key == "answer" ? value != nil : key == "note" ? note != nil : others.contains(key)
        }) { parser, key throws(JSONParseError) in
            let member = try parser.parseValue(depth: 3)
            switch key {
            case "answer": value = member
            case "note": note = member
            default: others.append(key)
            }
        }
        guard others.isEmpty, note.map({ $0.string != nil }) ?? true else { return nil }
        return RawAnswer(value: value, note: note?.string)
    }
}

/// The header of a record exactly as star writes it (CanonicalJSON: sorted keys, two-space indent, strings
/// without escapes), read by comparing bytes in the order star writes them, without a JSONValue or a
/// dictionary: aggregation reads the header of every record. nil at the first byte that differs from that
/// layout or at any value the general reading would refuse; `RecordDocument.header` then reads the file the
/// general way, so both readings agree on every file this one accepts.
struct CanonicalHeader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    static func read(_ bytes: [UInt8]) -> AssessmentRecord? {
        readWithAnswers(bytes)?.header
    }

    /// A header, and where the answers object is written (from its '{' to just after its '}').
    typealias Read = (header: AssessmentRecord, answers: Range<Int>)

    /// The header, and where the answers are: read by CanonicalAnswers when the header's questionnaire is known.
    static func readWithAnswers(_ bytes: [UInt8]) -> Read? {
        bytes.withUnsafeBufferPointer { buffer in
            var reader = CanonicalHeader(bytes: buffer)
            return reader.read().map { ($0, reader.answers) }
        }
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// Where the answers object is written, once `read` has passed over it.
    private var answers = 0..<0

    private mutating func read() -> AssessmentRecord? {
        guard skip("{\n  ") else { return nil }
        var amends: RecordID?
        if skip("\"amends\": ") {
            guard let text = string(), let id = RecordID(text), skip(",\n  ") else { return nil }
            amends = id
        }
        guard skip("\"answers\": "), skipAnswers(), skip(",\n  \"assessors\": [") else { return nil }
        var assessors: [Assessor] = []
        if !skip("]") {
            repeat {
                guard skip("\n    {\n      ") else { return nil }
                var gender: String?
                if skip("\"gender\": ") {
                    guard let text = string(), skip(",\n      ") else { return nil }
                    gender = text
                }
                guard skip("\"id\": "), let id = string(), skip("\n    }") else { return nil }
                let assessor = Assessor(id: id, gender: gender)
                guard assessor.problems.isEmpty else { return nil }
                assessors.append(assessor)
            } while skip(",")
            guard skip("\n  ]") else { return nil }
        }
        guard skip(",\n  ") else { return nil }
        var digest: String?
        if skip("\"digest\": ") {
            guard let text = string(), skip(",\n  ") else { return nil }
            digest = text
        }
        guard skip("\"factory\": "), let factory = string(), skip(",\n  \"id\": "), let id = string().flatMap(RecordID.init), id.factory == factory,
            skip(",\n  \"kind\": "), let kind = string().flatMap(AssessmentKind.init(rawValue:)),
            skip(",\n  \"questionnaire\": {\n    \"digest\": "), let pinDigest = string(), skip(",\n    \"id\": "), let pinID = string(),
            skip(",\n    \"version\": "), let version = string(), skip("\n  },\n  \"star\": "), string() == AssessmentRecord.format,
            skip(",\n  \"status\": "), let status = string().flatMap(RecordStatus.init(rawValue:)), skip(",\n  \"visit\": {\n    ")
        else { return nil }
        var announced: Bool?
        if skip("\"announced\": ") {
            if skip("true") { announced = true } else if skip("false") { announced = false } else { return nil }
            guard skip(",\n    ") else { return nil }
        }
        var end: CalendarDate?
        if skip("\"end\": ") {
            guard let date = string().flatMap(CalendarDate.init), skip(",\n    ") else { return nil }
            end = date
        }
        guard skip("\"start\": "), let start = string().flatMap(CalendarDate.init), skip("\n  }\n}") else { return nil }
        _ = skip("\n")
        let visit = Visit(start: start, end: end ?? start, announced: announced)
        guard index == bytes.count, visit.problem == nil, id.date == start else { return nil }
        return AssessmentRecord(
            id: id, kind: kind, status: status, questionnaire: QuestionnairePin(id: pinID, version: version, digest: pinDigest),
            visit: visit, assessors: assessors, answers: [:], amends: amends, digest: digest)
    }

    private mutating func skip(_ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard index + count <= bytes.count, memcmp(bytes.baseAddress! + index, text.utf8Start, count) == 0 else { return false }
        index += count
        return true
    }

    /// A string without escapes or control characters, valid UTF-8.
    private mutating func string() -> String? {
        guard skip("\"") else { return nil }
        let start = index
        while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
            guard bytes[index] >= 0x20, bytes[index] != UInt8(ascii: "\\") else { return nil }
            index += 1
        }
        guard index < bytes.count else { return nil }
        defer { index += 1 }
        return String(validating: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    /// The answers object: `{}`, or up to the line that closes it, followed by the assessors. As star writes a
    /// record, that line is the only one that is two spaces and '}' followed by a line beginning with the
    /// "assessors" key (deeper lines are indented further, and a JSON string holds neither a line break nor an
    /// unescaped quote). The header is the end of the file, so the search starts there.
    private mutating func skipAnswers() -> Bool {
        let start = index
        if skip("{}") {
            answers = start..<index
            return true
        }
        guard skip("{\n    ") else { return false }
        let closing: StaticString = "\n  },\n  \"assessors\": ["
        let count = closing.utf8CodeUnitCount
        var at = bytes.count - count
        while at >= index {
            if bytes[at] == 0x0A, memcmp(bytes.baseAddress! + at, closing.utf8Start, count) == 0 {
                index = at + 4
                answers = start..<index
                return true
            }
            at -= 1
        }
        return false
    }
}
