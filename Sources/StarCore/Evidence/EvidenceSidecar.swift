import Foundation
import Yams

/// Where evidence lives in a repository, and how it is named: by the sha256 of its bytes, so a file is stored
/// once however often it is referred to, and a changed byte is noticed.
///
///     evidence/sha256/ab/cdef….jpg     the bytes (in Git LFS when the team uses it)
///     evidence/sha256/ab/cdef….yaml    its sidecar: media type, size, who added it and when
///     evidence/<CC>/<factory>.yaml     which evidence backs which finding or plan item (EvidenceLinks)
public enum EvidencePaths {
    public static let folder = "evidence"
    public static let store = "evidence/sha256"

    /// The 64 hexadecimal digits of a `sha256:<hex>` digest, or nil when `digest` is not one.
    public static func hex(of digest: String) -> String? {
        guard digest.hasPrefix("sha256:") else { return nil }
        let hex = digest.dropFirst("sha256:".count)
        guard hex.utf8.count == 64, hex.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else { return nil }
        return String(hex)
    }

    /// `evidence/sha256/ab/cdef…` (without an extension) of a valid digest.
    static func stem(_ digest: String) -> String {
        let hex = hex(of: digest)!
        return "\(store)/\(hex.prefix(2))/\(hex.dropFirst(2))"
    }

    public static func bytes(_ digest: String, type: EvidenceMediaType) -> String { stem(digest) + "." + type.fileExtension }

    public static func sidecar(_ digest: String) -> String { stem(digest) + ".yaml" }

    /// The `.gitattributes` lines that keep the stored bytes in Git LFS (`star init --lfs`), and the sidecars in
    /// git itself: small text, read by every command, and needed to know what a pointer stands for.
    public static let lfsAttributes = """
        # Written by 'star init --lfs': evidence files in Git LFS, their sidecars in git (docs/evidence.md).
        \(store)/** filter=lfs diff=lfs merge=lfs -text
        \(store)/**/*.yaml !filter !diff !merge text

        """

    public static func links(country: String, factory: String) -> String { "\(folder)/\(country)/\(factory).yaml" }

    /// The digest a path under `evidence/sha256/` names (`ab/cdef….jpg` -> `sha256:abcdef…`) and its extension.
    static func named(_ path: String) -> (digest: String, fileExtension: String)? {
        let parts = path.split(separator: "/")
        guard parts.count == 4, parts[0] == "evidence", parts[1] == "sha256", parts[2].utf8.count == 2,
            let dot = parts[3].firstIndex(of: ".")
        else { return nil }
        let digest = "sha256:" + parts[2] + parts[3][..<dot]
        guard hex(of: digest) != nil else { return nil }
        return (digest, String(parts[3][parts[3].index(after: dot)...]))
    }
}

/// What is known of one stored file, beside it (`evidence/sha256/ab/cdef….yaml`): written once, when the file
/// is first added, and never changed. Captions belong to each link (the same photo may show two things).
public struct EvidenceSidecar: Sendable, Equatable {
    public static let format = "evidence/1"

    public var digest: String
    public var mediaType: String
    public var bytes: Int
    /// The name the file had when it was added (`IMG_2034.jpg`), for people; nothing depends on it.
    public var originalName: String?
    public var addedBy: String
    public var added: Timestamp

    public init(digest: String, mediaType: String, bytes: Int, originalName: String?, addedBy: String, added: Timestamp) {
        self.digest = digest
        self.mediaType = mediaType
        self.bytes = bytes
        self.originalName = originalName
        self.addedBy = addedBy
        self.added = added
    }

    public var type: EvidenceMediaType? { EvidenceMediaType.named(mediaType) }

    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "star": .string(Self.format), "sha256": .string(digest), "media-type": .string(mediaType),
            "bytes": .int(bytes), "added-by": .string(addedBy), "added": .string(added.description),
        ]
        if let originalName { object["name"] = .string(originalName) }
        return .object(object)
    }

    public var text: String {
        CanonicalYAML.string(json, header: "A file kept as evidence, named by its sha256. Written by 'star evidence add'; never changed (docs/evidence.md).")
    }

    public static func read(_ text: String, file: String) -> (EvidenceSidecar?, [Diagnostic]) {
        let r = YAMLReader(file: file)
        guard let root = r.parse(text),
            let f = r.fields(
                root, "an evidence sidecar", allowed: ["star", "sha256", "media-type", "bytes", "name", "added-by", "added"],
                required: ["star", "sha256", "media-type", "bytes", "added-by", "added"])
        else { return (nil, r.diagnostics) }
        if let format = f["star"].flatMap({ r.string($0, "star") }), format != Self.format {
            r.error("unsupported-format", "unsupported format '\(format)'; this version of star reads '\(Self.format)'", at: f.keyLocation("star"))
        }
        let digest = f["sha256"].flatMap { r.string($0, "sha256") }
        if let digest, EvidencePaths.hex(of: digest) == nil {
            r.error(
                "evidence-sidecar", "sha256 '\(YAMLReader.excerpt(digest))' is not sha256: and 64 lowercase hexadecimal digits", at: f.keyLocation("sha256"))
        }
        let mediaType = f["media-type"].flatMap { r.string($0, "media-type") }
        let bytes = f["bytes"].flatMap { r.number($0, "bytes") }
        let addedBy = f["added-by"].flatMap { r.string($0, "added-by") }
        var added: Timestamp?
        if let node = f["added"], let text = r.string(node, "added") {
            added = Timestamp(text)
            if added == nil {
                r.error("invalid-date", "added '\(YAMLReader.excerpt(text))' is not an instant written YYYY-MM-DDTHH:MM:SS.mmmZ", at: r.location(node))
            }
        }
        guard !r.diagnostics.hasErrors, let digest, let mediaType, let bytes, let addedBy, let added else { return (nil, r.diagnostics) }
        return (
            EvidenceSidecar(
                digest: digest, mediaType: mediaType, bytes: Int(bytes), originalName: f["name"].flatMap { r.string($0, "name") },
                addedBy: addedBy, added: added), r.diagnostics
        )
    }
}
