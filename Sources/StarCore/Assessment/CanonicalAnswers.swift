/// A record's answers object as star writes it: ASCII ids without escapes in increasing byte order (so none
/// repeats), each entry `{"answer": ..., "note": "..."}` with either member left out. Read without the general
/// machinery (hashing each id to find repeats, a closure per member, a dictionary per entry). Every reading
/// here gives up (nil) at anything else, from unusual spacing to a syntax error, and the caller then reads
/// the file the general way, which reports what it finds as it always has.
enum CanonicalAnswers {
    /// Walks the answers object the parser stands at (its '{') entry by entry. For an entry with an answer,
    /// `value` is called with the entry's id and the parser at the answer, which it must read (false gives
    /// up); then `entry` with the id, whether there was an answer, and the note. False when the object is not
    /// written as star writes it.
    @inline(__always)
    static func walk(
        _ parser: inout JSONParser,
        value: (inout JSONParser, _ id: Range<Int>) -> Bool,
        entry: (_ id: Range<Int>, _ answered: Bool, _ note: String?) -> Void
    ) -> Bool {
        parser.index += 1
        parser.skipWhitespace()
        if parser.skip(UInt8(ascii: "}")) { return true }
        var previousID: Range<Int>?
        while true {
            parser.skipWhitespace()
            guard let id = parser.plainASCIIString(), previousID.map({ parser.precedes($0, id) }) ?? true else { return false }
            previousID = id
            var answered = false
            var note: String?
            // What star writes between an id and its answer, checked in one go; other spacing token by token.
            var answerNext = parser.skip(": {\n      \"answer\": ")
            if !answerNext {
                parser.skipWhitespace()
                guard parser.skip(UInt8(ascii: ":")) else { return false }
                parser.skipWhitespace()
                guard parser.skip(UInt8(ascii: "{")) else { return false }
                parser.skipWhitespace()
                if parser.skip("\"answer\"") {
                    parser.skipWhitespace()
                    guard parser.skip(UInt8(ascii: ":")) else { return false }
                    parser.skipWhitespace()
                    answerNext = true
                }
            }
            if answerNext {
                guard value(&parser, id) else { return false }
                answered = true
                parser.skipWhitespace()
                if parser.skip(UInt8(ascii: ",")) {
                    parser.skipWhitespace()
                    guard parser.next == UInt8(ascii: "\"") else { return false }
                }
            }
            if parser.skip("\"note\"") {
                parser.skipWhitespace()
                guard parser.skip(UInt8(ascii: ":")) else { return false }
                parser.skipWhitespace()
                guard parser.next == UInt8(ascii: "\""), let text = try? parser.parseString() else { return false }
                note = text
                parser.skipWhitespace()
            }
            guard parser.skip(UInt8(ascii: "}")) else { return false }
            entry(id, answered, note)
            if parser.skip(",\n    ") { continue }
            parser.skipWhitespace()
            if parser.skip(UInt8(ascii: ",")) { continue }
            return parser.skip(UInt8(ascii: "}"))
        }
    }

    /// The answers of `bytes[range]` read straight for the questions of `plan` (AnswerCheck.read does the same
    /// from parsed values): "yes", "no" and an option id are compared as bytes, without a JSON value or a
    /// String; any other answer is parsed and read as AnswerCheck reads it. The answers stay where they are
    /// written, read again only if someone asks for them. nil when the object is not written as star writes it
    /// or does not end at `range.upperBound`.
    static func read(_ bytes: [UInt8], _ range: Range<Int>, for plan: EvaluationPlan) -> (answers: RecordAnswers, read: AnswerCheck.ReadAnswers)? {
        var read = AnswerCheck.ReadAnswers(questions: plan.questions.count)
        let walked = bytes.withUnsafeBufferPointer { buffer -> Bool in
            var parser = JSONParser(bytes: buffer)
            parser.index = range.lowerBound
            // Written out in each closure, not a local function: one that captures `position` has every access
            // to it checked at run time (swift_beginAccess), two per answer.
            var position = 0
            let walked = walk(
                &parser,
                value: { parser, id in
                    let written = UnsafeBufferPointer(rebasing: buffer[id])
                    guard let number = plan.questionNumber(written: written, position: &position, id: String(decoding: written, as: UTF8.self)) else {
                        read.unknown(String(decoding: buffer[id], as: UTF8.self), in: plan)
                        return (try? parser.parseValue(depth: 3)) != nil
                    }
                    if let answer = plainAnswer(&parser, for: number, in: plan) {
                        read.typed[number] = answer
                        return true
                    }
                    guard let value = try? parser.parseValue(depth: 3) else { return false }
                    read.add(plan.parse(value, question: number), question: number, id: String(decoding: buffer[id], as: UTF8.self))
                    return true
                },
                entry: { id, answered, _ in
                    guard !answered else { return }
                    let written = UnsafeBufferPointer(rebasing: buffer[id])
                    if plan.questionNumber(written: written, position: &position, id: String(decoding: written, as: UTF8.self)) == nil {
                        read.unknown(String(decoding: written, as: UTF8.self), in: plan)
                    }
                })
            return walked && parser.index == range.upperBound
        }
        guard walked else { return nil }
        return (RecordAnswers(unread: range, bytes: bytes), read)
    }

    /// A yes-no answer written `"yes"` or `"no"`, or an option of a choice question written plainly, read from
    /// its bytes; nil (the parser where it was) for anything else, to be read the general way.
    @inline(__always)
    private static func plainAnswer(_ parser: inout JSONParser, for question: Int, in plan: EvaluationPlan) -> Answer? {
        switch plan.rules[question].type {
        case .yesNo:
            if parser.skip("\"yes\"") { return .yesNo(true) }
            if parser.skip("\"no\"") { return .yesNo(false) }
            return nil
        case .choice:
            let start = parser.index
            guard let written = parser.plainASCIIString() else {
                parser.index = start
                return nil
            }
            if let option = plan.option(written: UnsafeBufferPointer(rebasing: parser.bytes[written]), of: question) { return .choice(option) }
            parser.index = start
            return nil
        case .number, .text, .date:
            return nil
        }
    }
}
