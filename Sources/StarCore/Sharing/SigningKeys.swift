import Crypto
import Foundation

/// Ed25519 keys for signing share bundles, stored as short armoured text files: `PREFIX.key` (private,
/// readable by its owner only) and `PREFIX.pub` (public, handed to buyers).
public enum SigningKeys {
    static let privateLabel = "STAR ED25519 PRIVATE KEY"
    static let publicLabel = "STAR ED25519 PUBLIC KEY"

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }

    /// Writes a new key pair; refuses when either file exists.
    public static func generate(prefix: String) throws(Failure) -> (privatePath: String, publicPath: String) {
        let privatePath = prefix + ".key", publicPath = prefix + ".pub"
        for path in [privatePath, publicPath] where FileStore.exists(path) {
            throw Failure("\(path) already exists; choose another --out prefix (a key is never overwritten)")
        }
        let key = Curve25519.Signing.PrivateKey()
        do {
            try FileStore.write(armour(privateLabel, key.rawRepresentation), to: privatePath, policy: .createOnly, mode: 0o600)
            try FileStore.write(armour(publicLabel, key.publicKey.rawRepresentation), to: publicPath, policy: .createOnly)
        } catch {
            throw Failure(error.description)
        }
        return (privatePath, publicPath)
    }

    public static func privateKey(at path: String) throws(Failure) -> Curve25519.Signing.PrivateKey {
        let (label, bytes) = try read(path)
        guard label == privateLabel else {
            throw Failure(label == publicLabel ? "\(path) is a public key; signing needs the private key (the .key file from 'star keys generate')"
                                               : "\(path) is not a star Ed25519 key")
        }
        do { return try Curve25519.Signing.PrivateKey(rawRepresentation: bytes) } catch { throw Failure("\(path) does not hold a valid Ed25519 private key") }
    }

    public static func publicKey(at path: String) throws(Failure) -> Curve25519.Signing.PublicKey {
        let (label, bytes) = try read(path)
        guard label == publicLabel else {
            throw Failure(label == privateLabel ? "\(path) is a private key; verifying needs the public key (the .pub file), and the private key should never leave the programme"
                                                : "\(path) is not a star Ed25519 key")
        }
        do { return try Curve25519.Signing.PublicKey(rawRepresentation: bytes) } catch { throw Failure("\(path) does not hold a valid Ed25519 public key") }
    }

    static func armour(_ label: String, _ bytes: Data) -> String {
        "-----BEGIN \(label)-----\n\(bytes.base64EncodedString())\n-----END \(label)-----\n"
    }

    static func read(_ path: String) throws(Failure) -> (label: String, bytes: Data) {
        let text: String
        do { text = try FileStore.readText(path) } catch { throw Failure(error.description) }
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        guard lines.count == 3, lines[0].hasPrefix("-----BEGIN "), lines[0].hasSuffix("-----"),
              let bytes = Data(base64Encoded: lines[1]) else { throw Failure("\(path) is not a star Ed25519 key") }
        let label = String(lines[0].dropFirst("-----BEGIN ".count).dropLast(5))
        guard lines[2] == "-----END \(label)-----" else { throw Failure("\(path) is not a star Ed25519 key") }
        return (label, bytes)
    }
}

/// The key types, named so the command layer need not import Crypto.
public typealias Curve25519SigningKey = Curve25519.Signing.PrivateKey
public typealias Curve25519VerifyingKey = Curve25519.Signing.PublicKey
