import Foundation

/// The binary file behind RecordIndex: a header (format, context fingerprint) and one entry per record
/// file (its stat and its summary). Any doubt (another format, another fingerprint, a truncated file)
/// means no cache, never a wrong one.
enum RecordCache {
    static let magic = "star-record-cache-2"

    struct Contents {
        var entries: [String: (stat: FileStat, summary: RecordSummary)] = [:]
        /// The cache file's own modification time: entries changed at or after it are racy.
        var writtenAt: FileStat.Timestamp?
    }

    static func read(_ path: String, fingerprint: String) -> Contents {
        guard let stat = FileStat(path), let bytes = try? FileStore.read(path) else { return Contents() }
        // The last 64 bytes are the hex sha256 of the rest, as git's index ends with its checksum.
        guard bytes.count > 64, ContentDigest.of(bytes: bytes.dropLast(64)).dropFirst(7).utf8.elementsEqual(bytes.suffix(64)) else { return Contents() }
        var reader = BinaryReader(bytes: Array(bytes.dropLast(64)))
        guard reader.string() == magic, reader.string() == fingerprint, let count = reader.int() else { return Contents() }
        var contents = Contents(writtenAt: stat.modified)
        for _ in 0..<max(0, count) {
            guard let file = reader.string(), let entry = readEntry(file: file, &reader) else { return Contents() }
            contents.entries[file] = entry
        }
        return reader.isAtEnd ? contents : Contents()
    }

    static func write(_ entries: [(String, FileStat, RecordSummary)], fingerprint: String, to path: String) throws {
        var writer = BinaryWriter()
        writer.string(magic)
        writer.string(fingerprint)
        writer.int(entries.count)
        for (file, stat, summary) in entries {
            writer.string(file)
            writer.int(Int(stat.size))
            for value in [stat.modified.seconds, stat.modified.nanoseconds, stat.changed.seconds, stat.changed.nanoseconds] { writer.int(Int(value)) }
            writer.int(Int(bitPattern: UInt(stat.inode)))
            writer.string(summary.id.description)
            writer.string(summary.kind.rawValue)
            writer.string(summary.status.rawValue)
            writer.string(summary.visitStart.description)
            writer.string(summary.amends?.description ?? "")
            writer.string(summary.questionnaire.id)
            writer.string(summary.questionnaire.version)
            writer.string(summary.questionnaire.digest)
            writer.int(summary.isValid ? 1 : 0)
            writer.findings(summary.questionFindings)
            writer.findings(summary.pointFindings)
        }
        let checksum = Array(ContentDigest.of(bytes: writer.bytes).dropFirst(7).utf8)
        // Removed first, so that a rewrite with the same content still dates the cache (settling racy entries).
        unlink(path)
        _ = try FileStore.write(writer.bytes + checksum, to: path)
    }

    private static func readEntry(file: String, _ r: inout BinaryReader) -> (stat: FileStat, summary: RecordSummary)? {
        guard let size = r.int(), let ms = r.int(), let mns = r.int(), let cs = r.int(), let cns = r.int(), let inode = r.int(),
              let id = r.string().flatMap(RecordID.init), let kind = r.string().flatMap(AssessmentKind.init(rawValue:)),
              let status = r.string().flatMap(RecordStatus.init(rawValue:)), let start = r.string().flatMap(CalendarDate.init),
              let amendsText = r.string(), let qid = r.string(), let version = r.string(), let digest = r.string(), let valid = r.int(),
              let questions = r.findings(), let points = r.findings() else { return nil }
        let stat = FileStat(size: Int64(size), modified: .init(seconds: Int64(ms), nanoseconds: Int64(mns)),
                            changed: .init(seconds: Int64(cs), nanoseconds: Int64(cns)), inode: UInt64(UInt(bitPattern: inode)))
        let summary = RecordSummary(file: file, id: id, kind: kind, status: status, visitStart: start, amends: RecordID(amendsText),
                                    questionnaire: QuestionnairePin(id: qid, version: version, digest: digest),
                                    questionFindings: questions, pointFindings: points, isValid: valid == 1)
        return (stat, summary)
    }
}

private let findingCodes: [Finding] = [.compliant, .nonCompliant, .notApplicable, .unanswered]

struct BinaryWriter {
    var bytes: [UInt8] = []

    mutating func int(_ value: Int) {
        withUnsafeBytes(of: Int64(value).littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func string(_ value: String) {
        int(value.utf8.count)
        bytes.append(contentsOf: value.utf8)
    }

    mutating func findings(_ values: [Finding]) {
        int(values.count)
        bytes.append(contentsOf: values.map { UInt8(findingCodes.firstIndex(of: $0)!) })
    }
}

struct BinaryReader {
    let bytes: [UInt8]
    var offset = 0

    var isAtEnd: Bool { offset == bytes.count }

    mutating func int() -> Int? {
        guard offset + 8 <= bytes.count else { return nil }
        var value: Int64 = 0
        for i in 0..<8 { value |= Int64(bytes[offset + i]) << (8 * i) }
        offset += 8
        return Int(value)
    }

    mutating func string() -> String? {
        guard let count = int(), count >= 0, offset + count <= bytes.count else { return nil }
        defer { offset += count }
        return String(decoding: bytes[offset..<offset + count], as: UTF8.self)
    }

    mutating func findings() -> [Finding]? {
        guard let count = int(), count >= 0, offset + count <= bytes.count else { return nil }
        defer { offset += count }
        var result: [Finding] = []
        result.reserveCapacity(count)
        for code in bytes[offset..<offset + count] {
            guard Int(code) < findingCodes.count else { return nil }
            result.append(findingCodes[Int(code)])
        }
        return result
    }
}
