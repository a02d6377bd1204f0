/// The kinds of file star keeps as evidence, by media type: photos, scanned documents and tables. A short list
/// on purpose: a report embeds images, so a file whose name says `.png` must be a PNG (checked from its first
/// bytes), and formats a browser would run (HTML, SVG with scripts) are never accepted.
public struct EvidenceMediaType: Sendable, Equatable {
    /// The media type (RFC 6838), as the sidecar records it.
    public var name: String
    /// The extension the stored file gets, whatever the file added was called (`.jpeg` becomes `.jpg`).
    public var fileExtension: String
    /// Other extensions a file of this type may arrive with.
    var aliases: [String] = []
    /// Whether a report shows it as a picture.
    public var isImage: Bool
    /// How the first bytes of such a file begin; nil for text, which must be UTF-8 instead.
    var signature: (@Sendable ([UInt8]) -> Bool)?

    public static func == (a: EvidenceMediaType, b: EvidenceMediaType) -> Bool { a.name == b.name }

    private static func starts(_ prefix: [UInt8]) -> @Sendable ([UInt8]) -> Bool { { $0.starts(with: prefix) } }
    private static let zip: @Sendable ([UInt8]) -> Bool = starts([0x50, 0x4B, 0x03, 0x04])

    public static let all: [EvidenceMediaType] = [
        EvidenceMediaType(name: "image/jpeg", fileExtension: "jpg", aliases: ["jpeg"], isImage: true, signature: starts([0xFF, 0xD8, 0xFF])),
        EvidenceMediaType(name: "image/png", fileExtension: "png", isImage: true, signature: starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])),
        EvidenceMediaType(
            name: "image/gif", fileExtension: "gif", isImage: true,
            signature: { $0.starts(with: Array("GIF87a".utf8)) || $0.starts(with: Array("GIF89a".utf8)) }),
        EvidenceMediaType(
            name: "image/webp", fileExtension: "webp", isImage: true,
            signature: { $0.count >= 12 && $0.starts(with: Array("RIFF".utf8)) && Array($0[8..<12]) == Array("WEBP".utf8) }),
        EvidenceMediaType(name: "application/pdf", fileExtension: "pdf", isImage: false, signature: starts(Array("%PDF-".utf8))),
        EvidenceMediaType(name: "text/plain", fileExtension: "txt", isImage: false, signature: nil),
        EvidenceMediaType(name: "text/csv", fileExtension: "csv", isImage: false, signature: nil),
        EvidenceMediaType(name: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", fileExtension: "xlsx", isImage: false, signature: zip),
        EvidenceMediaType(
            name: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", fileExtension: "docx", isImage: false, signature: zip),
    ]

    /// The type of a file named with this extension (any case), or nil when star does not keep such files.
    public static func forExtension(_ fileExtension: String) -> EvidenceMediaType? {
        let lowered = fileExtension.lowercased()
        return all.first { $0.fileExtension == lowered || $0.aliases.contains(lowered) }
    }

    public static func named(_ name: String) -> EvidenceMediaType? {
        all.first { $0.name == name }
    }

    /// The extensions accepted, for messages.
    public static var extensionList: String {
        all.flatMap { [$0.fileExtension] + $0.aliases }.joined(separator: ", ")
    }

    /// Whether `bytes` are a file of this type: its signature, or valid UTF-8 for text.
    public func matches(_ bytes: [UInt8]) -> Bool {
        if let signature { return signature(bytes) }
        return String(validating: bytes, as: UTF8.self) != nil
    }
}
