import Foundation
import StarCore
import Testing

@Suite struct SigningKeysTests {
    @Test func generateWritesAnArmouredPairWithThePrivateKeyReadableByItsOwnerOnly() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let prefix = (directory as NSString).appendingPathComponent("keys/programme")
        let (privatePath, publicPath) = try SigningKeys.generate(prefix: prefix)
        #expect(privatePath == prefix + ".key" && publicPath == prefix + ".pub")
        let mode = try FileManager.default.attributesOfItem(atPath: privatePath)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let privateLines = try String(contentsOfFile: privatePath, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(privateLines.count == 4 && privateLines[3].isEmpty)
        #expect(privateLines[0] == "-----BEGIN STAR ED25519 PRIVATE KEY-----" && privateLines[2] == "-----END STAR ED25519 PRIVATE KEY-----")
        #expect(Data(base64Encoded: String(privateLines[1]))?.count == 32)
        let publicLines = try String(contentsOfFile: publicPath, encoding: .utf8).split(separator: "\n")
        #expect(publicLines.first == "-----BEGIN STAR ED25519 PUBLIC KEY-----" && publicLines.last == "-----END STAR ED25519 PUBLIC KEY-----")
        #expect(publicLines.count == 3 && Data(base64Encoded: String(publicLines[1]))?.count == 32)
        // The two files are one pair: the public key is the private key's.
        let privateKey = try SigningKeys.privateKey(at: privatePath)
        let publicKey = try SigningKeys.publicKey(at: publicPath)
        #expect(privateKey.publicKey.rawRepresentation == publicKey.rawRepresentation)
        // And two pairs are never the same.
        let (other, _) = try SigningKeys.generate(prefix: prefix + "-2")
        #expect(try SigningKeys.privateKey(at: other).rawRepresentation != privateKey.rawRepresentation)
    }

    @Test func generateRefusesAPrefixWhereEitherFileExistsAndOverwritesNothing() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let prefix = (directory as NSString).appendingPathComponent("programme")
        _ = try SigningKeys.generate(prefix: prefix)
        let before = try String(contentsOfFile: prefix + ".key", encoding: .utf8)
        #expect(
            keyFailure { try SigningKeys.generate(prefix: prefix) }
                == "\(prefix).key already exists; choose another --out prefix (a key is never overwritten)")
        #expect(try String(contentsOfFile: prefix + ".key", encoding: .utf8) == before)

        let lonely = (directory as NSString).appendingPathComponent("lonely")
        try "a public key someone kept\n".write(toFile: lonely + ".pub", atomically: true, encoding: .utf8)
        #expect(
            keyFailure { try SigningKeys.generate(prefix: lonely) }
                == "\(lonely).pub already exists; choose another --out prefix (a key is never overwritten)")
        #expect(!FileManager.default.fileExists(atPath: lonely + ".key"), "no half pair is left behind")
        #expect(try String(contentsOfFile: lonely + ".pub", encoding: .utf8) == "a public key someone kept\n")
    }

    @Test func aPublicKeyWhereAPrivateOneIsNeededAndTheReverseAreRefusedByName() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (privatePath, publicPath) = try SigningKeys.generate(prefix: (directory as NSString).appendingPathComponent("programme"))
        #expect(
            keyFailure { try SigningKeys.privateKey(at: publicPath) }
                == "\(publicPath) is a public key; signing needs the private key (the .key file from 'star keys generate')")
        #expect(
            keyFailure { try SigningKeys.publicKey(at: privatePath) }
                == "\(privatePath) is a private key; verifying needs the public key (the .pub file), and the private key should never leave the programme")
    }

    @Test func filesThatAreNotStarKeysAreRefused() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        func write(_ name: String, _ text: String) throws -> String {
            let path = (directory as NSString).appendingPathComponent(name)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let prose = try write("prose.key", "my key is in the drawer\n")
        #expect(keyFailure { try SigningKeys.privateKey(at: prose) } == "\(prose) is not a star Ed25519 key")
        let rsa = try write("rsa.key", "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n")
        #expect(keyFailure { try SigningKeys.privateKey(at: rsa) } == "\(rsa) is not a star Ed25519 key")
        #expect(keyFailure { try SigningKeys.publicKey(at: rsa) } == "\(rsa) is not a star Ed25519 key")
        let mismatched = try write("mismatched.key", "-----BEGIN STAR ED25519 PRIVATE KEY-----\nAAAA\n-----END STAR ED25519 PUBLIC KEY-----\n")
        #expect(keyFailure { try SigningKeys.privateKey(at: mismatched) } == "\(mismatched) is not a star Ed25519 key")
        let short = try write("short.key", "-----BEGIN STAR ED25519 PRIVATE KEY-----\nAAAA\n-----END STAR ED25519 PRIVATE KEY-----\n")
        #expect(keyFailure { try SigningKeys.privateKey(at: short) } == "\(short) does not hold a valid Ed25519 private key")
        let shortPublic = try write("short.pub", "-----BEGIN STAR ED25519 PUBLIC KEY-----\nAAAA\n-----END STAR ED25519 PUBLIC KEY-----\n")
        #expect(keyFailure { try SigningKeys.publicKey(at: shortPublic) } == "\(shortPublic) does not hold a valid Ed25519 public key")
        let missing = (directory as NSString).appendingPathComponent("missing.key")
        let failure = try #require(keyFailure { try SigningKeys.privateKey(at: missing) })
        #expect(failure.contains(missing), "the message names the file: \(failure)")
    }
}
