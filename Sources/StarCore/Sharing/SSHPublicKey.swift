import Crypto
import Foundation

/// An Ed25519 public key as OpenSSH writes it (`ssh-ed25519 AAAA... comment`), which is also how star registers a
/// factory's key: many people already have one, and `ssh-keygen` can sign with it.
public struct SSHPublicKey: Sendable, Hashable, CustomStringConvertible {
    public static let keyType = "ssh-ed25519"

    /// The 32 bytes of the Ed25519 public key (RFC 8032).
    public let raw: [UInt8]

    public init(raw: [UInt8]) throws(ConsentSigningError) {
        guard raw.count == 32, (try? Curve25519.Signing.PublicKey(rawRepresentation: raw)) != nil else {
            throw ConsentSigningError("an Ed25519 public key has 32 bytes, this one \(raw.count)")
        }
        self.raw = raw
    }

    public init(_ key: Curve25519.Signing.PublicKey) {
        raw = Array(key.rawRepresentation)
    }

    public var verifyingKey: Curve25519.Signing.PublicKey {
        // raw was checked when the key was made.
        try! Curve25519.Signing.PublicKey(rawRepresentation: raw)
    }

    /// The wire form: string "ssh-ed25519", string the 32 key bytes. What the fingerprint and a signature hold.
    public var wire: [UInt8] { SSHWire.string(Self.keyType) + SSHWire.string(raw) }

    /// The key as star writes it in a factory's file: the type and the base64 wire form, without a comment (the
    /// same key with two comments is one key).
    public var openSSHLine: String { "\(Self.keyType) \(Data(wire).base64EncodedString())" }

    /// As `ssh-keygen -l` prints it: `SHA256:` and the unpadded base64 of the sha256 of the wire form.
    public var fingerprint: String {
        "SHA256:" + Data(SHA256.hash(data: wire)).base64EncodedString().replacingOccurrences(of: "=", with: "")
    }

    public var description: String { fingerprint }

    /// A key from its wire form; `context` names where it was found, for messages.
    static func parse(wire bytes: [UInt8], context: String) throws(ConsentSigningError) -> SSHPublicKey {
        var reader = SSHWire.Reader(bytes, context: context)
        let type = try reader.text("key type")
        guard type == keyType else { throw ConsentSigningError("\(context) is \(describe(type)); \(onlyEd25519)") }
        let raw = try reader.string("key")
        try reader.expectEnd()
        return try SSHPublicKey(raw: raw)
    }

    static let onlyEd25519 = "star accepts Ed25519 keys only: make one with 'ssh-keygen -t ed25519' or 'star keys generate'"

    static func describe(_ type: String) -> String {
        switch type {
        case "ssh-rsa": "an RSA key (ssh-rsa)"
        case "ssh-dss": "a DSA key (ssh-dss)"
        case let t where t.hasPrefix("ecdsa-sha2-"): "an ECDSA key (\(t))"
        case let t where t.hasPrefix("sk-"): "a security-key (FIDO) key (\(t))"
        default: "a key of type '\(type.prefix(40))'"
        }
    }

    /// One line as in an OpenSSH `.pub` file: `ssh-ed25519`, a space, the base64 wire form, optionally a space and
    /// a comment. Strict: another key type, options before the type, a type in the line that the key bytes do not
    /// repeat, and bytes after the key are refusals.
    public init(openSSHLine line: String) throws(ConsentSigningError) {
        var text = Substring(line)
        if text.hasSuffix("\n") { text = text.dropLast() }
        guard !text.contains("\n"), !text.contains("\r") else {
            throw ConsentSigningError("an OpenSSH public key is one line; this text has several (or Windows line endings)")
        }
        let fields = text.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard fields.count >= 2, !fields[0].isEmpty else { throw ConsentSigningError("not an OpenSSH public key: expected 'ssh-ed25519 AAAA...'") }
        let type = String(fields[0])
        guard type == Self.keyType else {
            if type.hasPrefix("ssh-") || type.hasPrefix("ecdsa-") || type.hasPrefix("sk-") {
                throw ConsentSigningError("the key is \(Self.describe(type)); \(Self.onlyEd25519)")
            }
            throw ConsentSigningError("not an OpenSSH public key: expected 'ssh-ed25519 AAAA...', found '\(type.prefix(24))' first")
        }
        guard let bytes = Data(base64Encoded: String(fields[1])) else {
            throw ConsentSigningError("the key's base64 part is not valid base64 (was the line cut or wrapped?)")
        }
        self = try Self.parse(wire: Array(bytes), context: "the ssh-ed25519 key")
    }

    /// The public key in the file at `path`: an OpenSSH `.pub` line or a star `.pub` file (`star keys generate`).
    /// A private key of either kind is refused by name: it must never leave the factory.
    public static func read(at path: String) throws(ConsentSigningError) -> SSHPublicKey {
        let text: String
        do { text = try FileStore.readText(path, limit: FileStore.Limit.key) } catch { throw ConsentSigningError(error.description) }
        if text.contains("PRIVATE KEY-----") {
            throw ConsentSigningError("\(path) is a private key; give the public key (the .pub file beside it). The private key must never leave the factory")
        }
        if text.hasPrefix("-----BEGIN \(SigningKeys.publicLabel)-----") {
            do { return SSHPublicKey(try SigningKeys.publicKey(at: path)) } catch { throw ConsentSigningError(error.description) }
        }
        do {
            return try SSHPublicKey(openSSHLine: text)
        } catch {
            throw ConsentSigningError("\(path): \(error.description)")
        }
    }
}
