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

    /// Where a programme's private key belongs: outside every repository, readable by its owner only.
    public static let keepingNote =
        "keep private keys outside the repository, e.g. in ~/.config/star/keys/ (mkdir -p ~/.config/star/keys && chmod 700 ~/.config/star/keys)"

    /// Writes a new key pair; refuses when either file exists, and inside a star repository, where
    /// `git add -A` would commit the private key.
    public static func generate(prefix: String) throws(Failure) -> (privatePath: String, publicPath: String) {
        let privatePath = prefix + ".key"
        let publicPath = prefix + ".pub"
        for path in [privatePath, publicPath] where FileStore.anythingAt(path) {
            throw Failure("\(path) already exists; choose another --out prefix (a key is never overwritten)")
        }
        if let repository = try? Repository.discover(from: (prefix as NSString).deletingLastPathComponent) {
            throw Failure(
                "\(privatePath) would be inside the star repository \(repository.root), where 'git add -A' would commit the private key; \(keepingNote)")
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

    /// The private key at `path`: a regular file, not a link, readable by its owner alone (a key others can
    /// read may have been copied), and outside `repository` when one is given (signing with a key that
    /// sits in the repository means it is one `git add` from being published).
    public static func privateKey(at path: String, outside repository: Repository? = nil) throws(Failure) -> Curve25519.Signing.PrivateKey {
        var status = stat()
        guard lstat(path, &status) == 0 else { throw Failure("\(path): no such file") }
        if (status.st_mode & S_IFMT) == S_IFLNK {
            throw Failure("\(path) is a symbolic link; give the key file itself (a link can be pointed at another file)")
        }
        let (label, bytes) = try read(path)
        guard label == privateLabel else {
            throw Failure(
                label == publicLabel
                    ? "\(path) is a public key; signing needs the private key (the .key file from 'star keys generate')"
                    : "\(path) is not a star Ed25519 key")
        }
        let key: Curve25519.Signing.PrivateKey
        do { key = try Curve25519.Signing.PrivateKey(rawRepresentation: bytes) } catch { throw Failure("\(path) does not hold a valid Ed25519 private key") }
        if (status.st_mode & S_IFMT) == S_IFREG, status.st_mode & 0o077 != 0 {
            throw Failure(
                "\(path) can be read by other users (mode \(String(status.st_mode & 0o777, radix: 8))); a private key must be readable by its owner only: run 'chmod 600 \(path)'"
            )
        }
        if let repository, let real = realpath(path, nil), let root = realpath(repository.root, nil) {
            defer {
                free(real)
                free(root)
            }
            if String(cString: real).hasPrefix(String(cString: root) + "/") {
                throw Failure(
                    "\(path) is inside the repository, where 'git add -A' would commit it; signing with it is refused. Move it out and \(keepingNote)")
            }
        }
        return key
    }

    public static func publicKey(at path: String) throws(Failure) -> Curve25519.Signing.PublicKey {
        let (label, bytes) = try read(path)
        guard label == publicLabel else {
            throw Failure(
                label == privateLabel
                    ? "\(path) is a private key; verifying needs the public key (the .pub file), and the private key should never leave the programme"
                    : "\(path) is not a star Ed25519 key")
        }
        do { return try Curve25519.Signing.PublicKey(rawRepresentation: bytes) } catch { throw Failure("\(path) does not hold a valid Ed25519 public key") }
    }

    static func armour(_ label: String, _ bytes: Data) -> String {
        "-----BEGIN \(label)-----\n\(bytes.base64EncodedString())\n-----END \(label)-----\n"
    }

    static func read(_ path: String) throws(Failure) -> (label: String, bytes: Data) {
        let text: String
        do { text = try FileStore.readText(path, limit: FileStore.Limit.key) } catch { throw Failure(error.description) }
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        guard lines.count == 3, lines[0].hasPrefix("-----BEGIN "), lines[0].hasSuffix("-----"),
            let bytes = Data(base64Encoded: lines[1])
        else { throw Failure("\(path) is not a star Ed25519 key") }
        let label = String(lines[0].dropFirst("-----BEGIN ".count).dropLast(5))
        guard lines[2] == "-----END \(label)-----" else { throw Failure("\(path) is not a star Ed25519 key") }
        return (label, bytes)
    }
}

/// The key types, named so the command layer need not import Crypto.
public typealias Curve25519SigningKey = Curve25519.Signing.PrivateKey
public typealias Curve25519VerifyingKey = Curve25519.Signing.PublicKey
