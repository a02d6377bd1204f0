import Foundation
import ZIPFoundation

/// The photos and attachments that came with submissions, by file name: the `media/` folder of ODK Central's
/// "with media" ZIP, or KoboToolbox's attachments (its ZIP, or a folder it was unpacked into). A submission's
/// photo field holds the file's name; the importer stores that file as the answer's evidence (docs/field.md).
public struct SubmissionMedia: Sendable {
    /// By file name (the last part of its path in the ZIP or folder).
    public var files: [String: [UInt8]] = [:]
    /// Names that could not be used, and why: two different files of one name, one over the size cap.
    public var problems: [String: String] = [:]

    public init() {}

    public var isEmpty: Bool { files.isEmpty && problems.isEmpty }

    public mutating func add(_ bytes: [UInt8], named name: String) {
        if let existing = files[name], existing != bytes {
            files[name] = nil
            problems[name] = "two different files are called \(name) in the media; star cannot tell which is the submission's"
        } else if problems[name] == nil {
            files[name] = bytes
        }
    }

    /// Every file of the archive that is not a CSV table, each within `limit` bytes.
    static func read(_ archive: Archive, limit: Int) -> SubmissionMedia {
        var media = SubmissionMedia()
        for entry in archive where entry.type == .file && !entry.path.lowercased().hasSuffix(".csv") {
            let name = (entry.path as NSString).lastPathComponent
            guard !name.hasPrefix("."), !name.isEmpty else { continue }
            guard entry.uncompressedSize <= UInt64(limit) else {
                media.problems[name] =
                    "\(name) is \(FileStore.byteCount(Int(clamping: entry.uncompressedSize))), more than the \(FileStore.byteCount(limit)) of star.yaml's evidence: max-file-size"
                continue
            }
            var data = Data()
            do {
                _ = try archive.extract(entry, skipCRC32: false) { data.append($0) }
            } catch {
                media.problems[name] = "\(entry.path) in the ZIP archive cannot be read: \(error)"
                continue
            }
            media.add([UInt8](data), named: name)
        }
        return media
    }

    /// The media a user names beside an export (`--media`): a ZIP of attachments, or a folder of them (every
    /// file below it, read through the one reader: no link, no FIFO, nothing over `limit`).
    public static func read(_ path: String, limit: Int) throws(RepositoryError) -> SubmissionMedia {
        if !FileStore.isDirectory(path) {
            let bytes = try FileStore.readRegular(path, limit: FileStore.Limit.any)
            let notMedia = RepositoryError.io(path: path, reason: "not a ZIP archive or a folder of attachments")
            guard bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) else { throw notMedia }
            let archive: Archive
            do { archive = try Archive(data: Data(bytes), accessMode: .read) } catch { throw notMedia }
            return read(archive, limit: limit)
        }
        var media = SubmissionMedia()
        let extensions = Set(EvidenceMediaType.all.flatMap { [$0.fileExtension, $0.fileExtension.uppercased()] } + ["jpeg", "JPEG"])
        for relative in FileStore.files(under: path, extensions: extensions) {
            let name = (relative as NSString).lastPathComponent
            do throws(RepositoryError) {
                media.add(try FileStore.readRegular(relative, beneath: path, limit: limit), named: name)
            } catch {
                media.problems[name] = error.description
            }
        }
        return media
    }
}
