import Foundation

/// What a factory signs to let one buyer see part of its data: factory, buyer, scope, from, until, the day it was
/// issued and a random nonce, in one exact text form (docs/consent-signing.md), signed with the factory's key in
/// the SSH signature format under the namespace `star-consent`.
///
/// The text is the only form: it is parsed strictly and written the same way, so the bytes a factory signed are
/// the bytes star checks, and no two texts mean the same consent.
public struct ConsentStatement: Sendable, Equatable {
    public static let format = "star-consent/1"
    /// The SSHSIG namespace: a consent signature is never valid for anything else, nor anything else for it.
    public static let namespace = "star-consent"

    public var factory: String
    public var buyer: String
    public var scope: Set<ConsentHistory.Scope>
    /// First day of access.
    public var from: CalendarDate
    /// Last day of access, inclusive; nil: until revoked.
    public var until: CalendarDate?
    /// The day the factory issued (signed) it, as the factory says.
    public var issued: CalendarDate
    /// 32 lowercase hex digits (128 random bits): no two statements are the same, so one can be recorded once only.
    public var nonce: String

    /// A statement with a fresh random nonce; refused when a value breaks the rules `init(text:)` checks.
    public init(
        factory: String, buyer: String, scope: Set<ConsentHistory.Scope>, from: CalendarDate, until: CalendarDate?,
        issued: CalendarDate, nonce: String = ConsentStatement.randomNonce()
    ) throws(ConsentSigningError) {
        self.factory = factory
        self.buyer = buyer
        self.scope = scope
        self.from = from
        self.until = until
        self.issued = issued
        self.nonce = nonce
        if let problem = problems.first { throw ConsentSigningError(problem) }
    }

    public static func randomNonce() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    var sortedScope: [String] { scope.map(\.rawValue).sorted() }

    /// The exact text, byte for byte: one `key: value` per line, in this order, each ended by "\n"; `until` only
    /// when the consent has an end.
    public var text: String {
        var lines = [Self.format, "factory: \(factory)", "buyer: \(buyer)", "scope: \(sortedScope.joined(separator: ","))", "from: \(from)"]
        if let until { lines.append("until: \(until)") }
        lines += ["issued: \(issued)", "nonce: \(nonce)"]
        return lines.joined(separator: "\n") + "\n"
    }

    public var bytes: [UInt8] { Array(text.utf8) }

    /// The consent in a sentence, for people: "KH-0001 lets northwind see assessments, plans from 2026-01-01 until revoked".
    public var summary: String {
        "\(factory) lets \(buyer) see \(sortedScope.joined(separator: ", ")) from \(from) \(until.map { "until \($0)" } ?? "until revoked")"
    }

    /// What the values break, as messages; empty when the statement is well formed.
    var problems: [String] {
        var problems: [String] = []
        if let problem = Identifier.problem(with: factory, as: .factory) { problems.append(problem) }
        if let problem = Identifier.problem(with: buyer, as: .buyer) { problems.append(problem) }
        if scope.isEmpty { problems.append("a consent needs a scope: assessments, plans or reports") }
        if let until, until < from { problems.append("the consent ends (\(until)) before it starts (\(from))") }
        if !Self.isNonce(nonce) { problems.append("the nonce must be 32 lowercase hex digits") }
        return problems
    }

    static func isNonce(_ text: String) -> Bool {
        text.utf8.count == 32
            && text.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) }
    }

    /// Reads the exact text form and nothing else: another first line, a line out of order, missing or repeated,
    /// a space too many, Windows line endings, no final newline, an unsorted or repeated scope, a date that does
    /// not exist, anything after the nonce.
    public init(text: String) throws(ConsentSigningError) {
        guard !text.contains("\r") else {
            throw ConsentSigningError("the statement has Windows line endings (CR); sign and send the file exactly as star wrote it")
        }
        guard text.hasSuffix("\n") else { throw ConsentSigningError("the statement must end with a newline") }
        var lines = text.dropLast().split(separator: "\n", omittingEmptySubsequences: false)[...]
        guard lines.first == Substring(Self.format) else {
            throw ConsentSigningError("not a star consent statement: its first line must be '\(Self.format)'")
        }
        lines.removeFirst()
        var lineNumber = 1
        func value(_ key: String, optional: Bool = false) throws(ConsentSigningError) -> String? {
            guard let line = lines.first, line.hasPrefix(key + ": ") else {
                if optional { return nil }
                let found = lines.first.map { "'\(YAMLReader.excerpt(String($0)))'" } ?? "the end of the statement"
                throw ConsentSigningError("line \(lineNumber + 1) of the statement must be '\(key): ...', found \(found)")
            }
            lines.removeFirst()
            lineNumber += 1
            return String(line.dropFirst(key.count + 2))
        }
        func date(_ key: String, _ text: String) throws(ConsentSigningError) -> CalendarDate {
            guard let date = CalendarDate(text) else {
                throw ConsentSigningError("\(key) '\(YAMLReader.excerpt(text))' is not a date that exists; write YYYY-MM-DD")
            }
            return date
        }
        let factory = try value("factory")!
        let buyer = try value("buyer")!
        let scopeText = try value("scope")!
        let from = try date("from", try value("from")!)
        let until = try value("until", optional: true).map { (t: String) throws(ConsentSigningError) in try date("until", t) }
        let issued = try date("issued", try value("issued")!)
        let nonce = try value("nonce")!
        guard lines.isEmpty else { throw ConsentSigningError("the statement has \(lines.count) lines after its nonce; a statement ends with its nonce line") }
        let names = scopeText.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        var scope = Set<ConsentHistory.Scope>()
        for name in names {
            guard let s = ConsentHistory.Scope(rawValue: name) else {
                throw ConsentSigningError(
                    "scope '\(YAMLReader.excerpt(name))' is not one of assessments, plans, reports (written comma-separated, without spaces)")
            }
            scope.insert(s)
        }
        guard names == scope.map(\.rawValue).sorted() else {
            throw ConsentSigningError("the scope must list each of its parts once, sorted: '\(scope.map(\.rawValue).sorted().joined(separator: ","))'")
        }
        try self.init(factory: factory, buyer: buyer, scope: scope, from: from, until: until, issued: issued, nonce: nonce)
        // The fields are read from fixed places, so the text they give back is the text read; checked all the same,
        // since the signature is over these bytes.
        guard self.text == text else { throw ConsentSigningError("the statement is not in star's exact form") }
    }
}

// MARK: - Verifying

extension ConsentStatement {
    /// Why a signature does not prove that the factory gave this consent.
    public enum Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        /// The statement names one factory, the keys are another's.
        case anotherFactory(statement: String, keys: String)
        case wrongNamespace(String)
        /// The signing key is not registered for the factory.
        case unknownKey(fingerprint: String, factory: String)
        /// The signature does not match the statement's bytes with that key: altered, or forged.
        case badSignature(fingerprint: String)
        /// The key was retired on or before the day the statement says it was issued.
        case keyRetired(fingerprint: String, retired: CalendarDate, issued: CalendarDate)
        /// The key was retired on or before the day the consent was recorded (a statement can be back-dated).
        case keyRetiredBeforeRecorded(fingerprint: String, retired: CalendarDate, recorded: CalendarDate)
        /// The statement says it was issued after the day it is recorded.
        case issuedAfterRecorded(issued: CalendarDate, recorded: CalendarDate)

        public var description: String {
            switch self {
            case .anotherFactory(let statement, let keys):
                "the statement is for factory \(statement), not \(keys): a consent counts only for the factory it names"
            case .wrongNamespace(let namespace):
                "the signature was made for the namespace '\(YAMLReader.excerpt(namespace))', not '\(ConsentStatement.namespace)'; sign with 'ssh-keygen -Y sign -n \(ConsentStatement.namespace)' or 'star consent sign'"
            case .unknownKey(let fingerprint, let factory):
                "signed with the key \(fingerprint), which is not registered for \(factory) ('star factory key list \(factory)' shows its keys)"
            case .badSignature(let fingerprint):
                "the signature by \(fingerprint) does not match the statement: the statement was changed after it was signed, or the signature is forged"
            case .keyRetired(let fingerprint, let retired, let issued):
                "signed with the key \(fingerprint), retired on \(retired), on or before the day the statement was issued (\(issued))"
            case .keyRetiredBeforeRecorded(let fingerprint, let retired, let recorded):
                "signed with the key \(fingerprint), retired on \(retired), on or before the day the consent is recorded (\(recorded))"
            case .issuedAfterRecorded(let issued, let recorded):
                "the statement says it was issued on \(issued), after the day it is recorded (\(recorded))"
            }
        }
    }

    /// Which of the factory's registered keys signed this statement, or why the signature proves nothing.
    ///
    /// The key must be registered for the statement's factory, in force on the day the statement was issued and,
    /// when `recorded` is given (the day the country team records the consent), on that day too: the issued day
    /// is the signer's word, and whoever holds a retired key could back-date a statement.
    public func verify(_ signature: SSHSignature, keys: FactoryKeys, recorded: CalendarDate? = nil) -> Result<FactoryKey, Refusal> {
        guard factory == keys.factory else { return .failure(.anotherFactory(statement: factory, keys: keys.factory)) }
        guard signature.namespace == Self.namespace else { return .failure(.wrongNamespace(signature.namespace)) }
        let fingerprint = signature.publicKey.fingerprint
        guard let key = keys.keys.first(where: { $0.publicKey == signature.publicKey }) else {
            return .failure(.unknownKey(fingerprint: fingerprint, factory: factory))
        }
        guard signature.isValid(for: bytes) else { return .failure(.badSignature(fingerprint: fingerprint)) }
        if let retired = key.retired, !(issued < retired) {
            return .failure(.keyRetired(fingerprint: fingerprint, retired: retired, issued: issued))
        }
        if let recorded {
            if recorded < issued { return .failure(.issuedAfterRecorded(issued: issued, recorded: recorded)) }
            if let retired = key.retired, !(recorded < retired) {
                return .failure(.keyRetiredBeforeRecorded(fingerprint: fingerprint, retired: retired, recorded: recorded))
            }
        }
        return .success(key)
    }
}
