import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `star share verify`: what a buyer runs on a bundle it received, offline. Strict: the signature, then every
/// listed file read without following links and never past the size the manifest gives, then anything in
/// the bundle the manifest does not list (files, folders, links, FIFOs).
extension ShareBundle {
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public enum Kind: String, Sendable { case signature, manifest, modified, missing, extra, buyer, consent, uncovered }
        public var kind: Kind
        public var path: String
        /// What was found, when it says more than the kind (a link, a size).
        public var detail: String?

        public init(kind: Kind, path: String, detail: String? = nil) {
            self.kind = kind
            self.path = path
            self.detail = detail
        }

        public var description: String { "\(kind.rawValue): \(path)" }
    }

    /// What a signed manifest says, once its signature is known to be good.
    public struct Manifest: Sendable, Equatable {
        public var buyer: String
        public var date: CalendarDate
        public var factories: [(id: String, scopes: [String])]
        /// By path: the size and sha256 the signer saw.
        public var files: [String: (bytes: Int, sha256: String)]

        public static func == (a: Manifest, b: Manifest) -> Bool {
            a.buyer == b.buyer && a.date == b.date && a.factories.map { "\($0.id) \($0.scopes)" } == b.factories.map { "\($0.id) \($0.scopes)" }
                && a.files.mapValues { "\($0.bytes) \($0.sha256)" } == b.files.mapValues { "\($0.bytes) \($0.sha256)" }
        }
    }

    public struct Verification: Sendable {
        /// nil when the signature or the manifest itself failed: then nothing in it can be believed.
        public var manifest: Manifest?
        public var problems: [Problem]
        /// Per factory, the consents that allow what the bundle holds of it.
        public var consents: [FactoryConsent] = []
        public var isVerified: Bool { manifest != nil && problems.isEmpty }
    }

    /// Checks the bundle at `directory` against the programme's public `key`, and that a consent in it allows
    /// every factory's data (ShareBundle+Consents); with `buyer`, a bundle made for anyone else fails too; with
    /// `requireSigned`, a factory whose consent the factory did not sign fails too.
    public static func verify(
        _ directory: String, key: Curve25519.Signing.PublicKey, buyer expected: String? = nil, requireSigned: Bool = false
    ) -> Verification {
        func failed(_ kind: Problem.Kind, _ path: String, _ detail: String? = nil) -> Verification {
            Verification(manifest: nil, problems: [Problem(kind: kind, path: path, detail: detail)])
        }
        let manifestBytes: [UInt8]
        let signatureBytes: [UInt8]
        do throws(RepositoryError) {
            manifestBytes = try FileStore.readRegular(manifestName, beneath: directory, limit: FileStore.Limit.manifest)
        } catch {
            return failed(isMissing(error) ? .missing : .manifest, manifestName, reason(error))
        }
        do throws(RepositoryError) {
            signatureBytes = try FileStore.readRegular(signatureName, beneath: directory, limit: 1024)
        } catch {
            return failed(isMissing(error) ? .missing : .signature, signatureName, reason(error))
        }
        guard let signatureText = String(validating: signatureBytes, as: UTF8.self),
            let signature = Data(base64Encoded: signatureText.trimmingCharacters(in: .whitespacesAndNewlines)),
            key.isValidSignature(signature, for: Data(manifestBytes))
        else {
            return failed(.signature, manifestName)
        }
        guard let manifest = parseManifest(manifestBytes) else { return failed(.manifest, manifestName, "signed, but not a share-bundle/1 manifest") }
        var problems: [Problem] = []
        if let expected, manifest.buyer != expected {
            problems.append(Problem(kind: .buyer, path: manifestName, detail: "made for \(manifest.buyer), not for \(expected)"))
        }
        var verified: [String: [UInt8]] = [:]
        for (path, listed) in manifest.files.sorted(by: { $0.key < $1.key }) {
            let bytes: [UInt8]
            do throws(RepositoryError) {
                // One byte more than listed would be read at most: a longer file is modified, whatever it holds.
                bytes = try FileStore.readRegular(path, beneath: directory, limit: listed.bytes)
            } catch {
                problems.append(Problem(kind: isMissing(error) ? .missing : .modified, path: path, detail: isMissing(error) ? nil : reason(error)))
                continue
            }
            if bytes.count != listed.bytes {
                problems.append(Problem(kind: .modified, path: path, detail: "\(bytes.count) bytes, the manifest says \(listed.bytes)"))
            } else if ContentDigest.of(bytes: bytes) != listed.sha256 {
                problems.append(Problem(kind: .modified, path: path))
            } else if path.hasPrefix("consents/") || path.hasPrefix("factories/")
                || (path.hasPrefix(EvidencePaths.folder + "/") && !path.hasPrefix(EvidencePaths.store + "/"))
            {
                // Kept for the consent check: consents, registry entries, and the evidence links that say whose
                // evidence each stored file is.
                verified[path] = bytes
            }
        }
        problems += unlisted(in: directory, manifest: manifest)
        let coverage = consentCoverage(manifest, verified: verified, requireSigned: requireSigned)
        problems += coverage.problems
        return Verification(
            manifest: manifest, problems: problems.sorted { ($0.path, $0.kind.rawValue) < ($1.path, $1.kind.rawValue) },
            consents: coverage.factories)
    }

    private static func isMissing(_ error: RepositoryError) -> Bool {
        if case .io(_, "no such file") = error { return true }
        return false
    }

    private static func reason(_ error: RepositoryError) -> String {
        switch error {
        case .io(_, let reason), .refused(_, let reason): reason
        default: error.description
        }
    }

    /// The manifest, when it has exactly the shape star writes: anything else is refused, not guessed at.
    static func parseManifest(_ bytes: [UInt8]) -> Manifest? {
        guard let json = try? JSONParser.parse(bytes), case .object(let object) = json,
            Set(object.keys) == ["star", "buyer", "date", "factories", "files"], object["star"]?.string == format,
            let buyer = object["buyer"]?.string, Identifier.problem(with: buyer, as: .buyer) == nil,
            let date = object["date"]?.string.flatMap(CalendarDate.init), let factoryList = object["factories"]?.array,
            let fileList = object["files"]?.array
        else { return nil }
        var factories: [(String, [String])] = []
        for entry in factoryList {
            guard case .object(let f) = entry, Set(f.keys) == ["id", "scopes"], let id = f["id"]?.string,
                let scopes = f["scopes"]?.array?.compactMap(\.string)
            else { return nil }
            factories.append((id, scopes))
        }
        var files: [String: (Int, String)] = [:]
        for entry in fileList {
            guard case .object(let f) = entry, Set(f.keys) == ["path", "sha256", "bytes"], let path = f["path"]?.string, isBundlePath(path),
                let sha256 = f["sha256"]?.string, sha256.hasPrefix("sha256:"), sha256.utf8.count == 71,
                case .int(let size)? = f["bytes"], size >= 0, files[path] == nil
            else { return nil }
            files[path] = (size, sha256)
        }
        return Manifest(buyer: buyer, date: date, factories: factories, files: files)
    }

    /// A path a bundle may list: relative, plain names of letters, digits, '-', '_' and '.', none hidden.
    static func isBundlePath(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        return !parts.isEmpty
            && parts.allSatisfy { part in
                !part.isEmpty && part.first != "." && part.utf8.count <= 255
                    && part.unicodeScalars.allSatisfy { $0.isASCII && (Identifier.isAlphanumeric($0) || "-_.".unicodeScalars.contains($0)) }
            } && path != manifestName && path != signatureName
    }

    /// Everything under `directory` that the manifest does not account for, found without following links.
    static func unlisted(in directory: String, manifest: Manifest) -> [Problem] {
        var folders: Set<String> = []
        for path in manifest.files.keys {
            var parts = path.split(separator: "/").dropLast()
            while !parts.isEmpty {
                folders.insert(parts.joined(separator: "/"))
                parts = parts.dropLast()
            }
        }
        var problems: [Problem] = []
        let root = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard root >= 0 else { return [Problem(kind: .missing, path: directory)] }
        defer { close(root) }
        func walk(_ fd: Int32, _ prefix: String) {
            guard let folder = fdopendir(fd) else {
                close(fd)
                return
            }
            defer { closedir(folder) }
            while let entry = readdir(folder) {
                let name = FileStore.name(of: entry)
                if name == "." || name == ".." { continue }
                let path = prefix + name
                var status = stat()
                guard fstatat(dirfd(folder), name, &status, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
                switch status.st_mode & S_IFMT {
                case S_IFDIR:
                    // An unlisted folder is looked into, so that what it holds is named; empty, it is named itself.
                    let before = problems.count
                    let sub = openat(dirfd(folder), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                    if sub >= 0 { walk(sub, path + "/") }
                    if !folders.contains(path), problems.count == before {
                        problems.append(Problem(kind: .extra, path: path + "/", detail: "a folder the manifest does not list"))
                    }
                case S_IFREG:
                    if manifest.files[path] == nil, path != manifestName, path != signatureName { problems.append(Problem(kind: .extra, path: path)) }
                default:
                    // Listed or not, a link or a special file is not what was signed.
                    if manifest.files[path] == nil, let refusal = FileStore.refusal(status, limit: .max) {
                        problems.append(Problem(kind: .extra, path: path, detail: "it " + refusal))
                    }
                }
            }
        }
        walk(dup(root), "")
        return problems
    }
}
