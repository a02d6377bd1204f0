import Foundation
import StarCore
import Testing

/// The sharing repository with northwind granted everything of XX-0001 and the assessments of XX-0002, a key
/// pair, and a bundle exported for northwind on 2026-06-30. Call `remove()` when done.
private struct ExportedBundle {
    let repository: SharingRepository
    let directory: String
    let bundle: String
    let privateKey: Curve25519SigningKey
    let publicKey: Curve25519VerifyingKey
    let otherPrivateKey: Curve25519SigningKey
    let otherPublicKey: Curve25519VerifyingKey
    let exported: ShareBundle.Exported

    init() throws {
        repository = try SharingRepository()
        let all = Set(ConsentHistory.Scope.allCases)
        try repository.consents.grant(
            .init(
                buyer: "northwind", scope: all, from: CalendarDate("2026-01-01")!, until: nil, by: "Sok Dara",
                recorded: CalendarDate("2026-01-01")!), factory: try repository.factory("XX-0001"))
        try repository.consents.grant(
            .init(
                buyer: "northwind", scope: [.assessments], from: CalendarDate("2026-01-01")!, until: nil, by: "Sok Dara",
                recorded: CalendarDate("2026-01-01")!), factory: try repository.factory("XX-0002"))
        directory = try temporaryDirectory()
        let keys = try SigningKeys.generate(prefix: (directory as NSString).appendingPathComponent("programme"))
        privateKey = try SigningKeys.privateKey(at: keys.privatePath)
        publicKey = try SigningKeys.publicKey(at: keys.publicPath)
        let other = try SigningKeys.generate(prefix: (directory as NSString).appendingPathComponent("impostor"))
        otherPrivateKey = try SigningKeys.privateKey(at: other.privatePath)
        otherPublicKey = try SigningKeys.publicKey(at: other.publicPath)
        bundle = (directory as NSString).appendingPathComponent("bundles/northwind")
        exported = try ShareBundle.export(
            for: "northwind", today: CalendarDate("2026-06-30")!, by: "adv-test", consents: repository.consents, key: privateKey, to: bundle)
    }

    /// A fresh copy of the bundle to tamper with.
    func copy() throws -> String {
        let path = (directory as NSString).appendingPathComponent("copy-\(UUID().uuidString)")
        try FileManager.default.copyItem(atPath: bundle, toPath: path)
        return path
    }

    func path(_ relative: String, in bundle: String? = nil) -> String {
        ((bundle ?? self.bundle) as NSString).appendingPathComponent(relative)
    }

    func problems(_ bundle: String, key: Curve25519VerifyingKey? = nil) -> [String] {
        ShareBundle.verify(bundle, key: key ?? publicKey).problems.map(\.description)
    }

    func remove() {
        repository.remove()
        try? FileManager.default.removeItem(atPath: directory)
    }
}

private let bundledFiles = [
    "assessments/XX/XX-0001/2026-03-14.json",
    "assessments/XX/XX-0002/2026-03-14.json",
    "consents/XX/XX-0001.json",
    "consents/XX/XX-0002.json",
    "factories/XX/XX-0001.yaml",
    "factories/XX/XX-0002.yaml",
    "plans/XX/XX-0001.yaml",
    "questionnaires/compiled/xx-garment/2026.1.json",
    "reports/XX/XX-0001-progress.json",
    "reports/XX/XX-0001-progress.md",
]

/// The consent problem a changed or missing file of a factory's proof adds: its registry entry or consent index.
private func consentProblem(_ file: String) -> [String] {
    guard file.hasPrefix("factories/") || file.hasPrefix("consents/") else { return [] }
    return ["consent: " + ((file as NSString).lastPathComponent as NSString).deletingPathExtension]
}

@Suite struct ShareBundleTests {
    @Test func anExportedBundleHoldsTheConsentedFilesAManifestOfThemAndASignature() throws {
        let exported = try ExportedBundle()
        defer { exported.remove() }
        #expect(filesUnder(exported.bundle) == (bundledFiles + ["manifest.json", "manifest.sig"]).sorted())
        let manifestBytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: exported.path("manifest.json"))))
        #expect(exported.exported.manifestDigest == "sha256:" + TestSHA256.hex(manifestBytes))
        #expect(exported.exported.files == bundledFiles.count)
        #expect(
            exported.exported.factories.map { "\($0.factory) \($0.scopes.map(\.rawValue)) \($0.files)" }
                == ["XX-0001 [\"assessments\", \"plans\", \"reports\"] 6", "XX-0002 [\"assessments\"] 3"])
        let manifest = try JSONParser.parse(manifestBytes)
        #expect(manifest["star"]?.string == "share-bundle/1" && manifest["buyer"]?.string == "northwind" && manifest["date"]?.string == "2026-06-30")
        #expect(manifest["factories"]?.array?.compactMap { $0["id"]?.string } == ["XX-0001", "XX-0002"])
        let entries = try #require(manifest["files"]?.array)
        #expect(entries.compactMap { $0["path"]?.string } == bundledFiles)
        for entry in entries {
            let path = try #require(entry["path"]?.string)
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: exported.path(path))))
            #expect(entry["sha256"]?.string == "sha256:" + TestSHA256.hex(bytes), "\(path)")
            #expect(entry["bytes"] == .int(bytes.count), "\(path)")
        }
        // The signature is over the manifest's bytes, by the programme's key.
        let signatureText = try String(contentsOfFile: exported.path("manifest.sig"), encoding: .utf8)
        #expect(signatureText.hasSuffix("\n"))
        let signature = try #require(Data(base64Encoded: signatureText.trimmingCharacters(in: .newlines)))
        #expect(exported.publicKey.isValidSignature(signature, for: Data(manifestBytes)))
        #expect(!exported.otherPublicKey.isValidSignature(signature, for: Data(manifestBytes)))
        // Nothing is left beside the bundle.
        #expect(try FileManager.default.contentsOfDirectory(atPath: (exported.bundle as NSString).deletingLastPathComponent) == ["northwind"])
    }

    @Test func aCleanBundleVerifiesWithNoProblems() throws {
        let exported = try ExportedBundle()
        defer { exported.remove() }
        #expect(exported.problems(exported.bundle) == [])
    }

    @Test func aChangedByteInAnyFileIsReportedAsModified() throws {
        let exported = try ExportedBundle()
        defer { exported.remove() }
        for file in bundledFiles {
            for position in [0, -1] {
                let copy = try exported.copy()
                var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: exported.path(file, in: copy))))
                let index = position < 0 ? bytes.count - 1 : 0
                bytes[index] ^= 0x01
                try Data(bytes).write(to: URL(fileURLWithPath: exported.path(file, in: copy)))
                // A registry entry or a consent index not as signed also leaves its factory without a proven consent.
                #expect(exported.problems(copy) == consentProblem(file) + ["modified: \(file)"], "byte \(index) of \(file)")
            }
        }
        // Two files changed, one removed: each is named.
        let copy = try exported.copy()
        try "{}".write(toFile: exported.path("plans/XX/XX-0001.yaml", in: copy), atomically: true, encoding: .utf8)
        try "".write(toFile: exported.path("reports/XX/XX-0001-progress.md", in: copy), atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: exported.path("factories/XX/XX-0002.yaml", in: copy))
        #expect(
            exported.problems(copy) == [
                "consent: XX-0002", "missing: factories/XX/XX-0002.yaml", "modified: plans/XX/XX-0001.yaml", "modified: reports/XX/XX-0001-progress.md",
            ])
    }

    @Test func aDeletedFileIsReportedAsMissing() throws {
        let exported = try ExportedBundle()
        defer { exported.remove() }
        for file in bundledFiles {
            let copy = try exported.copy()
            try FileManager.default.removeItem(atPath: exported.path(file, in: copy))
            #expect(exported.problems(copy) == consentProblem(file) + ["missing: \(file)"])
        }
        let noSignature = try exported.copy()
        try FileManager.default.removeItem(atPath: exported.path("manifest.sig", in: noSignature))
        #expect(exported.problems(noSignature) == ["missing: manifest.sig"])
        let noManifest = try exported.copy()
        try FileManager.default.removeItem(atPath: exported.path("manifest.json", in: noManifest))
        #expect(exported.problems(noManifest) == ["missing: manifest.json"])
    }

    @Test func anAddedFileHiddenOrNotIsReportedAsExtra() throws {
        let exported = try ExportedBundle()
        defer { exported.remove() }
        for extra in ["notes.txt", ".hidden", "assessments/XX/XX-0001/2026-04-02.json", "assessments/XX/XX-0003/.2026-03-14.json", ".git/config"] {
            let copy = try exported.copy()
            let path = exported.path(extra, in: copy)
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try "added later\n".write(toFile: path, atomically: true, encoding: .utf8)
            #expect(exported.problems(copy) == ["extra: \(extra)"])
        }
    }

    @Test func aManifestChangedOrSignedWithAnotherKeyFailsTheSignatureCheck() throws {
        let exported = try ExportedBundle()
        defer { exported.remove() }
        let manifestBytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: exported.path("manifest.json"))))
        // One byte of the manifest, anywhere.
        for index in [0, manifestBytes.count / 2, manifestBytes.count - 1] {
            let copy = try exported.copy()
            var bytes = manifestBytes
            bytes[index] ^= 0x01
            try Data(bytes).write(to: URL(fileURLWithPath: exported.path("manifest.json", in: copy)))
            #expect(exported.problems(copy) == ["signature: manifest.json"], "byte \(index)")
        }
        // The same manifest signed with another key.
        let resigned = try exported.copy()
        try (try exported.otherPrivateKey.signature(for: Data(manifestBytes))).base64EncodedString()
            .appending("\n").write(toFile: exported.path("manifest.sig", in: resigned), atomically: true, encoding: .utf8)
        #expect(exported.problems(resigned) == ["signature: manifest.json"])
        // Or checked with another key.
        #expect(exported.problems(exported.bundle, key: exported.otherPublicKey) == ["signature: manifest.json"])
        // A changed signature.
        let changed = try exported.copy()
        let signature = try String(contentsOfFile: exported.path("manifest.sig"), encoding: .utf8)
        let flipped = (signature.first == "A" ? "B" : "A") + signature.dropFirst()
        try flipped.write(toFile: exported.path("manifest.sig", in: changed), atomically: true, encoding: .utf8)
        #expect(exported.problems(changed) == ["signature: manifest.json"])
    }

    @Test func aSignatureFileThatIsNotBase64IsASignatureProblemNotAMissingFile() throws {
        let exported = try ExportedBundle()
        defer { exported.remove() }
        let copy = try exported.copy()
        try "this is not a signature\n".write(toFile: exported.path("manifest.sig", in: copy), atomically: true, encoding: .utf8)
        #expect(exported.problems(copy) == ["signature: manifest.json"], "a garbled signature never verifies, and the file is there")
    }

    @Test func aSignedManifestListingAPathOutsideTheBundleIsRejected() throws {
        let exported = try ExportedBundle()
        defer { exported.remove() }
        let manifestBytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: exported.path("manifest.json"))))
        guard case .object(var manifest) = try JSONParser.parse(manifestBytes), case .array(let files) = manifest["files"] else {
            Issue.record("the manifest is not an object with files")
            return
        }
        for hostile in ["../x", "/etc/hostname", "reports/../../x"] {
            let copy = try exported.copy()
            // A file that would match, where the hostile path leads from the bundle: following it would pass.
            let outside = "outside file\n"
            try outside.write(toFile: ((copy as NSString).deletingLastPathComponent as NSString).appendingPathComponent("x"), atomically: true, encoding: .utf8)
            manifest["files"] = .array(
                files + [
                    .object([
                        "path": .string(hostile), "sha256": .string("sha256:" + TestSHA256.hex(Array(outside.utf8))),
                        "bytes": .int(outside.utf8.count),
                    ])
                ])
            let forged = CanonicalJSON.data(.object(manifest))
            try Data(forged).write(to: URL(fileURLWithPath: exported.path("manifest.json", in: copy)))
            try (try exported.privateKey.signature(for: Data(forged))).base64EncodedString()
                .write(toFile: exported.path("manifest.sig", in: copy), atomically: true, encoding: .utf8)
            #expect(exported.problems(copy) == ["manifest: manifest.json"], "\(hostile)")
        }
    }

    @Test func exportRefusesAnExistingPathAndLeavesNothingBehind() throws {
        let exported = try ExportedBundle()
        defer { exported.remove() }
        let before = filesUnder(exported.bundle)
        let manifest = try Data(contentsOf: URL(fileURLWithPath: exported.path("manifest.json")))
        #expect(
            consentFailure {
                try ShareBundle.export(
                    for: "northwind", today: CalendarDate("2026-07-01")!, by: "adv-test", consents: exported.repository.consents, key: exported.privateKey,
                    to: exported.bundle)
            } == "\(exported.bundle) already exists; a bundle is never written over anything")
        #expect(filesUnder(exported.bundle) == before)
        #expect(try Data(contentsOf: URL(fileURLWithPath: exported.path("manifest.json"))) == manifest)

        // A file, or an empty directory, is an existing path too.
        let parent = (exported.bundle as NSString).deletingLastPathComponent
        let file = (parent as NSString).appendingPathComponent("a-file")
        try "keep me\n".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(
            consentFailure {
                try ShareBundle.export(
                    for: "northwind", today: CalendarDate("2026-06-30")!, by: "adv-test", consents: exported.repository.consents, key: exported.privateKey,
                    to: file)
            } == "\(file) already exists; a bundle is never written over anything")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "keep me\n")
        let empty = (parent as NSString).appendingPathComponent("empty")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: false)
        #expect(
            consentFailure {
                try ShareBundle.export(
                    for: "northwind", today: CalendarDate("2026-06-30")!, by: "adv-test", consents: exported.repository.consents, key: exported.privateKey,
                    to: empty)
            } == "\(empty) already exists; a bundle is never written over anything")
        #expect(filesUnder(empty) == [])

        // An unknown buyer: nothing at all is created.
        let unknown = (parent as NSString).appendingPathComponent("nobody")
        #expect(
            consentFailure {
                try ShareBundle.export(
                    for: "nobody", today: CalendarDate("2026-06-30")!, by: "adv-test", consents: exported.repository.consents, key: exported.privateKey,
                    to: unknown)
            }
                == "no buyer 'nobody' is registered (registered: eastgate, northwind, southbay); 'star buyer list' shows those that are, 'star buyer add' registers one"
        )
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent).sorted() == ["a-file", "empty", "northwind"])
    }

    @Test func aBuyerWithoutConsentsGetsABundleWithNothingButTheManifest() throws {
        let exported = try ExportedBundle()
        defer { exported.remove() }
        let path = (exported.directory as NSString).appendingPathComponent("southbay")
        let result = try ShareBundle.export(
            for: "southbay", today: CalendarDate("2026-06-30")!, by: "adv-test", consents: exported.repository.consents, key: exported.privateKey, to: path)
        #expect(result.files == 0 && result.factories.isEmpty)
        #expect(filesUnder(path) == ["manifest.json", "manifest.sig"])
        #expect(ShareBundle.verify(path, key: exported.publicKey).isVerified)
        // And northwind, once its consents are over, gets nothing either.
        let later = (exported.directory as NSString).appendingPathComponent("later")
        try exported.repository.consents.revoke(
            .init(buyer: "northwind", at: CalendarDate("2026-07-01")!, by: "Sok Dara", recorded: CalendarDate("2026-06-30")!),
            factory: try exported.repository.factory("XX-0001"))
        let after = try ShareBundle.export(
            for: "northwind", today: CalendarDate("2026-07-01")!, by: "adv-test", consents: exported.repository.consents, key: exported.privateKey, to: later)
        #expect(after.factories.map(\.factory) == ["XX-0002"])
        #expect(
            filesUnder(later) == [
                "assessments/XX/XX-0002/2026-03-14.json", "consents/XX/XX-0002.json", "factories/XX/XX-0002.yaml", "manifest.json", "manifest.sig",
                "questionnaires/compiled/xx-garment/2026.1.json",
            ])
    }
}
