import Crypto
import Foundation
import StarCore
import Testing

/// A key and a signature that ssh-keygen (OpenSSH 9.2) made: `ssh-keygen -t ed25519 -C hr@angkor`, then
/// `printf 'hello\n' > m; ssh-keygen -Y sign -f k -n star-consent m`. `ssh-keygen -l` printed the fingerprint.
enum OpenSSHSample {
    static let publicKeyLine = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFNYVkJ1/P01qzt83WLPDm6zPmnRWs2R4ocfvE79snAh hr@angkor\n"
    static let fingerprint = "SHA256:3QNt4xJm4m3QQTEc1F3zLIMs/Fe793VgxrN4S2WC8CU"
    static let message = Array("hello\n".utf8)
    static let signature = """
        -----BEGIN SSH SIGNATURE-----
        U1NIU0lHAAAAAQAAADMAAAALc3NoLWVkMjU1MTkAAAAgU1hWQnX8/TWrO3zdYs8ObrM+ad
        FazZHihx+8Tv2ycCEAAAAMc3Rhci1jb25zZW50AAAAAAAAAAZzaGE1MTIAAABTAAAAC3Nz
        aC1lZDI1NTE5AAAAQERW9vw15gcIMdxY18n8J++C9VBIdH5e8CciLzdrzPsAMXWblyZEEx
        WAtJ0gVWkDA2JFz4ea9t0AyKnvtpEZ3wo=
        -----END SSH SIGNATURE-----

        """
}

/// An SSHSIG blob built field by field, to make signatures ssh-keygen never would.
struct SSHSigBlob {
    var magic = Array("SSHSIG".utf8)
    var version: UInt32 = 1
    var keyType = "ssh-ed25519"
    var key: [UInt8]
    var namespace = "star-consent"
    var reserved: [UInt8] = []
    var hash = "sha512"
    var signatureType = "ssh-ed25519"
    var signature = [UInt8](repeating: 7, count: 64)
    var trailing: [UInt8] = []
    var keyTrailing: [UInt8] = []

    static func string(_ bytes: [UInt8]) -> [UInt8] {
        let n = UInt32(bytes.count)
        return [UInt8(n >> 24), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)] + bytes
    }

    var armoured: String {
        let v = version
        let keyWire = Self.string(Array(keyType.utf8)) + Self.string(key) + keyTrailing
        let blob =
            magic + [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] + Self.string(keyWire)
            + Self.string(Array(namespace.utf8)) + Self.string(reserved) + Self.string(Array(hash.utf8))
            + Self.string(Self.string(Array(signatureType.utf8)) + Self.string(signature)) + trailing
        return
            "-----BEGIN SSH SIGNATURE-----\n\(Data(blob).base64EncodedString(options: .lineLength64Characters).replacingOccurrences(of: "\r\n", with: "\n"))\n-----END SSH SIGNATURE-----\n"
    }
}

@Suite struct SSHSignatureTests {
    @Test func anOpenSSHKeyLineIsReadAndItsFingerprintIsTheOneSSHKeygenPrints() throws {
        let key = try SSHPublicKey(openSSHLine: OpenSSHSample.publicKeyLine)
        #expect(key.fingerprint == OpenSSHSample.fingerprint)
        #expect(key.raw.count == 32)
        // Written back without its comment: the same key with two comments is one key.
        #expect(key.openSSHLine == "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFNYVkJ1/P01qzt83WLPDm6zPmnRWs2R4ocfvE79snAh")
        #expect(try SSHPublicKey(openSSHLine: key.openSSHLine) == key)
        #expect(try SSHPublicKey(openSSHLine: key.openSSHLine + " another comment") == key)
    }

    @Test func keysOtherThanEd25519AndMalformedLinesAreRefusedByName() {
        #expect(
            signingRefusal { try SSHPublicKey(openSSHLine: "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 me@host") }
                == "the key is an RSA key (ssh-rsa); star accepts Ed25519 keys only: make one with 'ssh-keygen -t ed25519' or 'star keys generate'")
        #expect(
            signingRefusal { try SSHPublicKey(openSSHLine: "ecdsa-sha2-nistp256 AAAAE2VjZHNh me@host") }
                == "the key is an ECDSA key (ecdsa-sha2-nistp256); star accepts Ed25519 keys only: make one with 'ssh-keygen -t ed25519' or 'star keys generate'"
        )
        #expect(
            signingRefusal { try SSHPublicKey(openSSHLine: "sk-ssh-ed25519@openssh.com AAAA me@host") }?.hasPrefix("the key is a security-key (FIDO) key")
                == true)
        #expect(
            signingRefusal { try SSHPublicKey(openSSHLine: "command=\"ls\" ssh-ed25519 AAAA") }
                == "not an OpenSSH public key: expected 'ssh-ed25519 AAAA...', found 'command=\"ls\"' first")
        #expect(
            signingRefusal { try SSHPublicKey(openSSHLine: "ssh-ed25519 AAAA!!!!") }
                == "the key's base64 part is not valid base64 (was the line cut or wrapped?)")
        #expect(signingRefusal { try SSHPublicKey(openSSHLine: "ssh-ed25519") } == "not an OpenSSH public key: expected 'ssh-ed25519 AAAA...'")
        #expect(
            signingRefusal { try SSHPublicKey(openSSHLine: OpenSSHSample.publicKeyLine + OpenSSHSample.publicKeyLine) }
                == "an OpenSSH public key is one line; this text has several (or Windows line endings)")
        // The line says ed25519, the bytes say RSA: the bytes decide, and are refused.
        let rsaInside = SSHSigBlob.string(Array("ssh-rsa".utf8)) + SSHSigBlob.string([1, 0, 1])
        #expect(
            signingRefusal { try SSHPublicKey(openSSHLine: "ssh-ed25519 " + Data(rsaInside).base64EncodedString()) }
                == "the ssh-ed25519 key is an RSA key (ssh-rsa); star accepts Ed25519 keys only: make one with 'ssh-keygen -t ed25519' or 'star keys generate'")
        // Bytes after the key, and a key of the wrong length.
        let key = try! SSHPublicKey(openSSHLine: OpenSSHSample.publicKeyLine)
        #expect(
            signingRefusal { try SSHPublicKey(openSSHLine: "ssh-ed25519 " + Data(key.wire + [0]).base64EncodedString()) }
                == "the ssh-ed25519 key has 1 trailing bytes after its last field; star reads only exactly formed signatures and keys")
        let short = SSHSigBlob.string(Array("ssh-ed25519".utf8)) + SSHSigBlob.string([UInt8](repeating: 1, count: 31))
        #expect(
            signingRefusal { try SSHPublicKey(openSSHLine: "ssh-ed25519 " + Data(short).base64EncodedString()) }
                == "an Ed25519 public key has 32 bytes, this one 31")
        let cut = SSHSigBlob.string(Array("ssh-ed25519".utf8)) + [0, 0, 0, 32, 1, 2]
        #expect(
            signingRefusal { try SSHPublicKey(openSSHLine: "ssh-ed25519 " + Data(cut).base64EncodedString()) }
                == "the ssh-ed25519 key is cut short: its key claims 32 bytes, only 2 follow")
    }

    @Test func aSignatureMadeBySSHKeygenIsReadVerifiedAndWrittenBackByteForByte() throws {
        let signature = try SSHSignature(armoured: OpenSSHSample.signature)
        #expect(signature.namespace == "star-consent")
        #expect(signature.hashAlgorithm == .sha512)
        #expect(signature.publicKey.fingerprint == OpenSSHSample.fingerprint)
        #expect(signature.isValid(for: OpenSSHSample.message))
        #expect(!signature.isValid(for: Array("hello".utf8)), "one byte less")
        #expect(!signature.isValid(for: Array("Hello\n".utf8)))
        #expect(signature.armoured == OpenSSHSample.signature, "star writes the armour exactly as ssh-keygen does")
    }

    @Test func starSignaturesAreSHA512SSHSIGsOverTheNamespacedDigest() throws {
        let key = Curve25519.Signing.PrivateKey()
        let message = Array("star-consent/1\n".utf8)
        let signature = SSHSignature.sign(message, with: key, namespace: "star-consent")
        #expect(signature.isValid(for: message))
        let reread = try SSHSignature(armoured: signature.armoured)
        #expect(reread == signature)
        // The same bytes under another namespace are another signed message.
        var other = signature
        other.namespace = "file"
        #expect(!other.isValid(for: message))
        // A sha256 signature (which ssh-keygen may make) is checked with sha256.
        var signed = Array("SSHSIG".utf8) + SSHSigBlob.string(Array("star-consent".utf8)) + SSHSigBlob.string([]) + SSHSigBlob.string(Array("sha256".utf8))
        signed += SSHSigBlob.string(Array(SHA256.hash(data: message)))
        let sha256 = SSHSignature(
            publicKey: SSHPublicKey(key.publicKey), namespace: "star-consent", hashAlgorithm: .sha256, signature: Array(try key.signature(for: signed)))
        #expect(sha256.isValid(for: message))
        #expect(try SSHSignature(armoured: sha256.armoured).hashAlgorithm == .sha256)
        // Lines of 70 characters, as ssh-keygen writes them.
        let lines = signature.armoured.split(separator: "\n")
        #expect(lines.dropFirst().dropLast().dropLast().allSatisfy { $0.count == 70 })
    }

    @Test func malformedSignaturesAreRefusedWithTheirReason() throws {
        let key = Array(try SSHPublicKey(openSSHLine: OpenSSHSample.publicKeyLine).raw)
        let good = SSHSigBlob(key: key)
        #expect((try? SSHSignature(armoured: good.armoured)) != nil, "the blob builder makes valid signatures")
        func refusal(_ change: (inout SSHSigBlob) -> Void) -> String? {
            var blob = good
            change(&blob)
            return signingRefusal { try SSHSignature(armoured: blob.armoured) }
        }
        #expect(refusal { $0.version = 2 } == "the SSH signature has version 2; star reads version 1")
        #expect(refusal { $0.magic = Array("SSHSIH".utf8) } == "not an SSH signature: its body does not start with SSHSIG")
        #expect(
            refusal { $0.keyType = "ssh-rsa" }
                == "the signing key is an RSA key (ssh-rsa); star accepts Ed25519 keys only: make one with 'ssh-keygen -t ed25519' or 'star keys generate'")
        #expect(
            refusal { $0.signatureType = "rsa-sha2-512" }
                == "the signature is of type 'rsa-sha2-512'; star accepts Ed25519 keys only: make one with 'ssh-keygen -t ed25519' or 'star keys generate'")
        #expect(refusal { $0.reserved = [1] } == "the SSH signature's reserved field is not empty; star reads signatures with an empty one only")
        #expect(refusal { $0.hash = "md5" } == "the SSH signature uses the hash algorithm 'md5'; PROTOCOL.sshsig allows sha512 and sha256 only")
        #expect(
            refusal { $0.trailing = [0, 0] }
                == "the SSH signature has 2 trailing bytes after its last field; star reads only exactly formed signatures and keys")
        #expect(
            refusal { $0.keyTrailing = [0] } == "the signing key has 1 trailing bytes after its last field; star reads only exactly formed signatures and keys")
        #expect(refusal { $0.signature = [UInt8](repeating: 1, count: 63) } == "an Ed25519 signature has 64 bytes, this one 63")
        #expect(refusal { $0.namespace = "star\u{1}consent" } == "the SSH signature has a namespace that is not printable text")

        let text = good.armoured
        #expect(
            signingRefusal { try SSHSignature(armoured: text.replacingOccurrences(of: "\n", with: "\r\n")) }
                == "the signature has Windows line endings (CR); use the file exactly as ssh-keygen or star wrote it")
        #expect(signingRefusal { try SSHSignature(armoured: "hello\n" + text) } == "not an SSH signature: it must start with '-----BEGIN SSH SIGNATURE-----'")
        #expect(
            signingRefusal { try SSHSignature(armoured: text + "more\n") }
                == "the SSH signature must end with '-----END SSH SIGNATURE-----' and nothing after it")
        #expect(
            signingRefusal { try SSHSignature(armoured: text.replacingOccurrences(of: "-----END SSH SIGNATURE-----\n", with: "")) }
                == "the SSH signature must end with '-----END SSH SIGNATURE-----' and nothing after it")
        #expect(
            signingRefusal { try SSHSignature(armoured: "-----BEGIN SSH SIGNATURE-----\nU1NI*\n-----END SSH SIGNATURE-----\n") }
                == "the SSH signature's body is not valid base64")
        #expect(
            signingRefusal { try SSHSignature(armoured: "-----BEGIN SSH SIGNATURE-----\nU1NIU0lHAAAA\n-----END SSH SIGNATURE-----\n") }
                == "the SSH signature is cut short: it ends inside its version")
    }

    @Test func publicKeyFilesOfBothKindsAreReadAndPrivateKeysRefusedByName() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try OpenSSHSample.publicKeyLine.write(toFile: directory + "/hr.pub", atomically: true, encoding: .utf8)
        #expect(try SSHPublicKey.read(at: directory + "/hr.pub").fingerprint == OpenSSHSample.fingerprint)
        let (privatePath, publicPath) = try SigningKeys.generate(prefix: directory + "/factory")
        let starKey = try SSHPublicKey.read(at: publicPath)
        #expect(starKey == SSHPublicKey(try SigningKeys.publicKey(at: publicPath)))
        #expect(
            signingRefusal { try SSHPublicKey.read(at: privatePath) }
                == "\(privatePath) is a private key; give the public key (the .pub file beside it). The private key must never leave the factory")
        try "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaA==\n-----END OPENSSH PRIVATE KEY-----\n".write(
            toFile: directory + "/id", atomically: true, encoding: .utf8)
        #expect(
            signingRefusal { try SSHPublicKey.read(at: directory + "/id") }
                == "\(directory)/id is a private key; give the public key (the .pub file beside it). The private key must never leave the factory")
        try "ssh-rsa AAAAB3NzaC1yc2E me@host\n".write(toFile: directory + "/rsa.pub", atomically: true, encoding: .utf8)
        #expect(
            signingRefusal { try SSHPublicKey.read(at: directory + "/rsa.pub") }
                == "\(directory)/rsa.pub: the key is an RSA key (ssh-rsa); star accepts Ed25519 keys only: make one with 'ssh-keygen -t ed25519' or 'star keys generate'"
        )
        try FileManager.default.createSymbolicLink(atPath: directory + "/link.pub", withDestinationPath: directory + "/hr.pub")
        #expect(signingRefusal { try SSHPublicKey.read(at: directory + "/link.pub") }?.contains("symbolic link") == true)
        #expect(signingRefusal { try SSHPublicKey.read(at: directory + "/none.pub") } == "\(directory)/none.pub: no such file")
    }
}
