import Crypto
import Foundation

/// A signature in OpenSSH's SSHSIG format (PROTOCOL.sshsig), as `ssh-keygen -Y sign` writes it, restricted to
/// Ed25519. A factory can sign its consent with star or with ssh-keygen, and both give this same file.
///
/// The armoured blob holds: the 6 bytes "SSHSIG", uint32 version (1), string public key, string namespace,
/// string reserved (empty), string hash algorithm ("sha512" or "sha256"), string signature (string
/// "ssh-ed25519", string 64 signature bytes). What is signed is "SSHSIG", string namespace, string reserved,
/// string hash algorithm, string H(message): the namespace keeps a consent signature from passing as any other.
public struct SSHSignature: Sendable, Equatable {
    public static let beginLine = "-----BEGIN SSH SIGNATURE-----"
    public static let endLine = "-----END SSH SIGNATURE-----"
    static let magic = Array("SSHSIG".utf8)
    static let version: UInt32 = 1

    public enum HashAlgorithm: String, Sendable {
        case sha256, sha512

        func digest(_ message: [UInt8]) -> [UInt8] {
            switch self {
            case .sha256: Array(SHA256.hash(data: message))
            case .sha512: Array(SHA512.hash(data: message))
            }
        }
    }

    public var publicKey: SSHPublicKey
    public var namespace: String
    public var hashAlgorithm: HashAlgorithm
    /// The 64 bytes of the Ed25519 signature.
    public var signature: [UInt8]

    /// Signs `message` with an Ed25519 private key, as `ssh-keygen -Y sign -n NAMESPACE` would (sha512).
    public static func sign(_ message: [UInt8], with key: Curve25519.Signing.PrivateKey, namespace: String) -> SSHSignature {
        let signed = signedData(message, namespace: namespace, hashAlgorithm: .sha512)
        // Signing with a valid key does not fail.
        let signature = try! key.signature(for: signed)
        return SSHSignature(publicKey: SSHPublicKey(key.publicKey), namespace: namespace, hashAlgorithm: .sha512, signature: Array(signature))
    }

    /// What the Ed25519 signature is over (PROTOCOL.sshsig, "Signed Data").
    static func signedData(_ message: [UInt8], namespace: String, hashAlgorithm: HashAlgorithm) -> [UInt8] {
        magic + SSHWire.string(namespace) + SSHWire.string([]) + SSHWire.string(hashAlgorithm.rawValue) + SSHWire.string(hashAlgorithm.digest(message))
    }

    /// Whether this is a valid signature of `message` by `publicKey`. The namespace is the caller's to check.
    public func isValid(for message: [UInt8]) -> Bool {
        publicKey.verifyingKey.isValidSignature(signature, for: Self.signedData(message, namespace: namespace, hashAlgorithm: hashAlgorithm))
    }

    /// The blob, before armour.
    var blob: [UInt8] {
        let inner = SSHWire.string(SSHPublicKey.keyType) + SSHWire.string(signature)
        return Self.magic + SSHWire.uint32(Self.version) + SSHWire.string(publicKey.wire) + SSHWire.string(namespace)
            + SSHWire.string([]) + SSHWire.string(hashAlgorithm.rawValue) + SSHWire.string(inner)
    }

    /// The armoured text, exactly as ssh-keygen writes it: the begin line, the base64 blob in lines of 70
    /// characters, the end line, each ended by a newline.
    public var armoured: String {
        let base64 = Data(blob).base64EncodedString()
        var lines = [Self.beginLine]
        var rest = Substring(base64)
        while !rest.isEmpty {
            lines.append(String(rest.prefix(70)))
            rest = rest.dropFirst(70)
        }
        lines.append(Self.endLine)
        return lines.joined(separator: "\n") + "\n"
    }

    /// Reads an armoured signature. Strict: anything but the begin line, base64 lines and the end line (a final
    /// newline allowed), a version other than 1, a key or signature other than Ed25519, a reserved field that is
    /// not empty, an unknown hash algorithm and bytes after the last field are refusals.
    public init(armoured text: String) throws(ConsentSigningError) {
        guard !text.contains("\r") else {
            throw ConsentSigningError("the signature has Windows line endings (CR); use the file exactly as ssh-keygen or star wrote it")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        guard lines.first == Substring(Self.beginLine) else { throw ConsentSigningError("not an SSH signature: it must start with '\(Self.beginLine)'") }
        guard lines.count >= 3, lines.last == Substring(Self.endLine) else {
            throw ConsentSigningError("the SSH signature must end with '\(Self.endLine)' and nothing after it")
        }
        let body = lines[1..<(lines.count - 1)].joined()
        guard let decoded = Data(base64Encoded: body) else { throw ConsentSigningError("the SSH signature's body is not valid base64") }
        var reader = SSHWire.Reader(Array(decoded), context: "the SSH signature")
        guard reader.remaining >= 6, try reader.fixed(6, "magic") == Self.magic else {
            throw ConsentSigningError("not an SSH signature: its body does not start with SSHSIG")
        }
        let version = try reader.uint32("version")
        guard version == Self.version else { throw ConsentSigningError("the SSH signature has version \(version); star reads version 1") }
        let keyBytes = try reader.string("public key")
        publicKey = try SSHPublicKey.parse(wire: keyBytes, context: "the signing key")
        namespace = try reader.text("namespace")
        guard try reader.string("reserved field").isEmpty else {
            throw ConsentSigningError("the SSH signature's reserved field is not empty; star reads signatures with an empty one only")
        }
        let hashName = try reader.text("hash algorithm")
        guard let hashAlgorithm = HashAlgorithm(rawValue: hashName) else {
            throw ConsentSigningError("the SSH signature uses the hash algorithm '\(hashName.prefix(24))'; PROTOCOL.sshsig allows sha512 and sha256 only")
        }
        self.hashAlgorithm = hashAlgorithm
        var inner = SSHWire.Reader(try reader.string("signature"), context: "the Ed25519 signature")
        let type = try inner.text("signature type")
        guard type == SSHPublicKey.keyType else { throw ConsentSigningError("the signature is of type '\(type.prefix(40))'; \(SSHPublicKey.onlyEd25519)") }
        signature = try inner.string("signature bytes")
        guard signature.count == 64 else { throw ConsentSigningError("an Ed25519 signature has 64 bytes, this one \(signature.count)") }
        try inner.expectEnd()
        try reader.expectEnd()
    }

    public init(publicKey: SSHPublicKey, namespace: String, hashAlgorithm: HashAlgorithm, signature: [UInt8]) {
        self.publicKey = publicKey
        self.namespace = namespace
        self.hashAlgorithm = hashAlgorithm
        self.signature = signature
    }
}
