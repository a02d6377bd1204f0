/// A consent statement and its SSH signature in one file: the statement's exact text, then the armoured
/// signature (`-----BEGIN SSH SIGNATURE-----` ... `-----END SSH SIGNATURE-----`). What `star consent sign` writes,
/// and what `cat consent.txt consent.txt.sig` gives after `ssh-keygen -Y sign`.
public struct SignedConsent: Sendable, Equatable {
    /// The most a signed consent file may hold: a statement and a signature are well under 2 KB.
    public static let limit = 16 << 10

    public var statement: ConsentStatement
    public var signature: SSHSignature

    public init(statement: ConsentStatement, signature: SSHSignature) {
        self.statement = statement
        self.signature = signature
    }

    /// The file's text: the statement, then the signature.
    public var text: String { statement.text + signature.armoured }

    /// Reads the one-file form: a statement, then a signature and nothing after it.
    public init(text: String) throws(ConsentSigningError) {
        guard let begin = text.range(of: "\n" + SSHSignature.beginLine) else {
            if text.hasPrefix(SSHSignature.beginLine) { throw ConsentSigningError("the file holds a signature but no statement before it") }
            throw ConsentSigningError(
                "the file holds no SSH signature: it must be the statement followed by '\(SSHSignature.beginLine)' ... '\(SSHSignature.endLine)'")
        }
        try self.init(statement: String(text[..<text.index(after: begin.lowerBound)]), signature: String(text[text.index(after: begin.lowerBound)...]))
    }

    /// Reads a statement and its signature kept apart (`consent.txt` and the `consent.txt.sig` ssh-keygen writes).
    public init(statement: String, signature: String) throws(ConsentSigningError) {
        self.statement = try ConsentStatement(text: statement)
        self.signature = try SSHSignature(armoured: signature)
    }

    /// Reads a file the user names, never past `limit` and never through a symbolic link.
    public static func read(at path: String, signatureAt signaturePath: String? = nil) throws(ConsentSigningError) -> SignedConsent {
        func text(_ path: String) throws(ConsentSigningError) -> String {
            do { return try FileStore.readText(path, limit: limit) } catch { throw ConsentSigningError(error.description) }
        }
        let main = try text(path)
        let signature = try signaturePath.map { (p: String) throws(ConsentSigningError) in try text(p) }
        do {
            if let signature { return try SignedConsent(statement: main, signature: signature) }
            return try SignedConsent(text: main)
        } catch {
            throw ConsentSigningError("\(path): \(error.description)")
        }
    }

    /// The statement signed with a factory's star private key.
    public static func sign(_ statement: ConsentStatement, with key: Curve25519SigningKey) -> SignedConsent {
        SignedConsent(statement: statement, signature: .sign(statement.bytes, with: key, namespace: ConsentStatement.namespace))
    }

    public func verify(keys: FactoryKeys, recorded: CalendarDate? = nil) -> Result<FactoryKey, ConsentStatement.Refusal> {
        statement.verify(signature, keys: keys, recorded: recorded)
    }
}
