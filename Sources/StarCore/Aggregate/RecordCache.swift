import Crypto
import Foundation

/// The binary file behind RecordIndex: a header (format, context fingerprint, the questionnaire pins the
/// entries refer to) and one entry per record file (its stat and its summary). Any doubt (another format,
/// another fingerprint, a truncated file) means no cache, never a wrong one. Dates, kinds and findings are
/// numbers, so that reading 100,000 entries makes few strings: the warm path reads it whole on every run.
enum RecordCache {
    static let magic = "star-record-cache-4"

    struct Contents: Sendable {
        /// Of the context the summaries were made against (RecordIndex.contextFingerprint).
        var fingerprint: String?
        /// In the order written: by path, as RecordIndex lists the files.
        var entries: [(stat: FileStat, summary: RecordSummary)] = []
        /// The cache file's own modification time: entries changed at or after it are racy.
        var writtenAt: FileStat.Timestamp?
        /// The record folders as last listed, by prefix under assessments/ (FileStore.walk).
        var folders: [String: FileStore.FolderListing] = [:]
    }

    static func read(_ path: String) -> Contents {
        guard let (checked, writtenAt) = BinaryReader.checked(path) else { return Contents() }
        var reader = checked
        guard reader.string() == magic, let fingerprint = reader.string(), let pinCount = reader.int(), pinCount >= 0 else { return Contents() }
        var pins: [QuestionnairePin] = []
        for _ in 0..<pinCount {
            guard let id = reader.string(), let version = reader.string(), let digest = reader.string() else { return Contents() }
            pins.append(QuestionnairePin(id: id, version: version, digest: digest))
        }
        guard let folderCount = reader.int(), folderCount >= 0 else { return Contents() }
        var folders: [String: FileStore.FolderListing] = [:]
        for _ in 0..<folderCount {
            guard let prefix = reader.string(), let folderStat = reader.fileStat(), let files = reader.strings(), let subfolders = reader.strings() else {
                return Contents()
            }
            folders[prefix] = FileStore.FolderListing(stat: folderStat, files: files, folders: subfolders)
        }
        guard let count = reader.int(), count >= 0 else { return Contents() }
        var contents = Contents(fingerprint: fingerprint, writtenAt: writtenAt, folders: folders)
        contents.entries.reserveCapacity(count)
        for _ in 0..<count {
            guard let file = reader.string(), let entry = readEntry(file: file, pins: pins, &reader) else { return Contents() }
            contents.entries.append(entry)
        }
        return reader.isAtEnd ? contents : Contents()
    }

    /// - Parameters:
    ///   - summaries: each record's summary (whose `file` names it), in path order.
    ///   - stats: each one's stat; a record without is left out.
    static func write(_ summaries: [RecordSummary], stats: [FileStat?], folders: [String: FileStore.FolderListing], fingerprint: String, to path: String) throws
    {
        // By index and field, not a copy of each summary per pass: a copy retains its eight strings and arrays.
        var pins: [QuestionnairePin] = []
        var pinNumbers: [QuestionnairePin: Int] = [:]
        var entryPins = [Int](repeating: 0, count: summaries.count)
        for index in summaries.indices {
            // Records in path order mostly share the pin of the one before.
            if index > 0, summaries[index].questionnaire == summaries[index - 1].questionnaire {
                entryPins[index] = entryPins[index - 1]
                continue
            }
            if let number = pinNumbers[summaries[index].questionnaire] {
                entryPins[index] = number
            } else {
                pinNumbers[summaries[index].questionnaire] = pins.count
                entryPins[index] = pins.count
                pins.append(summaries[index].questionnaire)
            }
        }
        let output = try CheckedFile(path)
        var writer = BinaryWriter()
        writer.string(magic)
        writer.string(fingerprint)
        writer.int(pins.count)
        for pin in pins {
            writer.string(pin.id)
            writer.string(pin.version)
            writer.string(pin.digest)
        }
        writer.int(folders.count)
        for prefix in folders.keys.sorted() {
            let listing = folders[prefix]!
            writer.string(prefix)
            writer.fileStat(listing.stat)
            writer.strings(listing.files)
            writer.strings(listing.folders)
            try output.drain(&writer)
        }
        writer.int(stats.count { $0 != nil })
        for index in summaries.indices {
            guard let stat = stats[index] else { continue }
            writer.string(summaries[index].file)
            writer.fileStat(stat)
            writer.recordID(summaries[index].id)
            writer.int(AssessmentKind.allCases.firstIndex(of: summaries[index].kind)!)
            writer.int(summaries[index].status == .final ? 1 : 0)
            writer.int(summaries[index].visitStart.number)
            if let amends = summaries[index].amends {
                writer.int(1)
                writer.recordID(amends)
            } else {
                writer.int(0)
            }
            writer.int(entryPins[index])
            writer.int(summaries[index].check.rawValue)
            writer.findings(summaries[index].questionFindings)
            writer.findings(summaries[index].pointFindings)
            try output.drain(&writer)
        }
        try output.commit(&writer)
    }

    private static func readEntry(file: String, pins: [QuestionnairePin], _ r: inout BinaryReader) -> (stat: FileStat, summary: RecordSummary)? {
        guard let stat = r.fileStat(), let id = r.recordID(), let kindNumber = r.int(), AssessmentKind.allCases.indices.contains(kindNumber),
            let status = r.int(), status == 0 || status == 1, let start = r.int().flatMap(CalendarDate.init(number:)),
            let hasAmends = r.int(), hasAmends == 0 || hasAmends == 1
        else { return nil }
        var amends: RecordID?
        if hasAmends == 1 {
            guard let read = r.recordID() else { return nil }
            amends = read
        }
        guard let pin = r.int(), pins.indices.contains(pin), let check = r.int().flatMap(RecordSummary.Check.init(rawValue:)),
            let questions = r.findings(), let points = r.findings()
        else { return nil }
        let summary = RecordSummary(
            file: file, id: id, kind: AssessmentKind.allCases[kindNumber], status: status == 1 ? .final : .draft,
            visitStart: start, amends: amends, questionnaire: pins[pin],
            questionFindings: questions, pointFindings: points, check: check)
        return (stat, summary)
    }
}

/// A cache file under .star/ (records, factories): numbers and strings, then the hex sha256 of all before it,
/// as git's index ends with its checksum.
struct BinaryWriter {
    var bytes: [UInt8] = []

    /// Writes the bytes and their checksum to `path` (CheckedFile).
    mutating func writeChecked(to path: String) throws {
        try CheckedFile(path).commit(&self)
    }

    mutating func int(_ value: Int) {
        withUnsafeBytes(of: Int64(value).littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func string(_ value: String) {
        int(value.utf8.count)
        bytes.append(contentsOf: value.utf8)
    }

    mutating func strings(_ values: [String]) {
        int(values.count)
        for value in values { string(value) }
    }

    /// The bytes `fileStat` writes: six numbers.
    static let fileStatSize = 6 * 8

    mutating func fileStat(_ stat: FileStat) {
        int(Int(stat.size))
        int(Int(stat.modified.seconds))
        int(Int(stat.modified.nanoseconds))
        int(Int(stat.changed.seconds))
        int(Int(stat.changed.nanoseconds))
        int(Int(bitPattern: UInt(stat.inode)))
    }

    mutating func recordID(_ id: RecordID) {
        string(id.factory)
        int(id.date.number)
        int(id.sequence)
    }

    mutating func findings(_ values: [Finding]) {
        int(values.count)
        // Where Finding is laid out as its code, the array's bytes are the codes.
        if Finding.isLaidOutAsItsCode {
            values.withUnsafeBytes { bytes.append(contentsOf: $0) }
        } else {
            for finding in values { bytes.append(finding.code) }
        }
    }
}

/// A cache file written as it is encoded: what a BinaryWriter holds goes to a temporary file a megabyte at a
/// time, hashed on the way, and the file takes its name with its checksum once complete. At 100,000 records
/// the record cache and the answers cache, built whole in memory, held 110 MB at once. Written without waiting
/// for the disk: a cache lost in a crash only costs time, and the checksum catches a torn one. A new file
/// every time, so that a rewrite with the same content still dates the cache (settling racy entries).
final class CheckedFile {
    private let stream: FileStore.Stream
    private var hasher = SHA256()
    static let chunk = 1 << 20

    init(_ path: String) throws {
        stream = try FileStore.Stream(path, policy: .replace, durable: false)
    }

    /// Writes what `writer` holds, and empties it, once it holds a chunk: encoders call it between entries.
    func drain(_ writer: inout BinaryWriter) throws {
        if writer.bytes.count >= Self.chunk { try take(&writer) }
    }

    /// Writes `bytes` after what `writer` holds, without copying them into it.
    func write(_ bytes: ArraySlice<UInt8>, after writer: inout BinaryWriter) throws {
        try take(&writer)
        try bytes.withUnsafeBytes { buffer in
            hasher.update(bufferPointer: buffer)
            try stream.write(buffer)
        }
    }

    /// Writes the rest of `writer` and the checksum, and puts the file in place.
    func commit(_ writer: inout BinaryWriter) throws {
        try take(&writer)
        writer.bytes += ContentDigest.hex(hasher.finalize()).utf8
        try writer.bytes.withUnsafeBytes { try stream.write($0) }
        try stream.commit()
    }

    private func take(_ writer: inout BinaryWriter) throws {
        try writer.bytes.withUnsafeBytes { buffer in
            hasher.update(bufferPointer: buffer)
            try stream.write(buffer)
        }
        writer.bytes.removeAll(keepingCapacity: true)
    }
}

struct BinaryReader {
    let bytes: [UInt8]
    /// Where the entries end (the checksum follows).
    let end: Int
    var offset = 0

    /// A file BinaryWriter.writeChecked wrote, and when it was written (its modification time); nil when it is
    /// missing or its checksum does not match.
    static func checked(_ path: String) -> (BinaryReader, writtenAt: FileStat.Timestamp)? {
        guard let stat = FileStat(path), let bytes = try? FileStore.read(path), bytes.count > 64 else { return nil }
        let body = bytes.count - 64
        guard ContentDigest.of(parts: [bytes[..<body]]).utf8.dropFirst(7).elementsEqual(bytes[body...]) else { return nil }
        return (BinaryReader(bytes: bytes, end: body), stat.modified)
    }

    var isAtEnd: Bool { offset == end }

    mutating func int() -> Int? {
        guard offset + 8 <= end else { return nil }
        let value = bytes.withUnsafeBytes { Int64(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: Int64.self)) }
        offset += 8
        return Int(value)
    }

    mutating func string() -> String? {
        guard let count = int(), count >= 0, offset + count <= end else { return nil }
        defer { offset += count }
        return String(decoding: bytes[offset..<offset + count], as: UTF8.self)
    }

    mutating func strings() -> [String]? {
        guard let count = int(), count >= 0, count <= end - offset else { return nil }
        var values: [String] = []
        values.reserveCapacity(count)
        for _ in 0..<count {
            guard let value = string() else { return nil }
            values.append(value)
        }
        return values
    }

    mutating func fileStat() -> FileStat? {
        guard let size = int(), let ms = int(), let mns = int(), let cs = int(), let cns = int(), let inode = int() else { return nil }
        return FileStat(
            size: Int64(size), modified: .init(seconds: Int64(ms), nanoseconds: Int64(mns)),
            changed: .init(seconds: Int64(cs), nanoseconds: Int64(cns)), inode: UInt64(UInt(bitPattern: inode)))
    }

    mutating func recordID() -> RecordID? {
        guard let factory = string(), let date = int().flatMap(CalendarDate.init(number:)), let sequence = int(), sequence >= 1 else { return nil }
        return RecordID(factory: factory, date: date, sequence: sequence)
    }

    mutating func findings() -> [Finding]? {
        guard let count = int(), count >= 0, offset + count <= end else { return nil }
        defer { offset += count }
        return bytes.withUnsafeBufferPointer { buffer -> [Finding]? in
            let codes = UnsafeBufferPointer(rebasing: buffer[offset..<offset + count])
            guard !codes.contains(where: { $0 > 3 }) else { return nil }
            // Where Finding is laid out as its code (one byte, the case's number), the bytes are copied as they are.
            if Finding.isLaidOutAsItsCode {
                return [Finding](unsafeUninitializedCapacity: count) { findings, initialized in
                    if count > 0 { UnsafeMutableRawPointer(findings.baseAddress!).copyMemory(from: codes.baseAddress!, byteCount: count) }
                    initialized = count
                }
            }
            return codes.map { Finding(code: $0)! }
        }
    }
}

extension Finding {
    static let isLaidOutAsItsCode =
        MemoryLayout<Finding>.size == 1
        && allCases.allSatisfy { finding in withUnsafeBytes(of: finding) { $0[0] } == finding.code }

    /// One byte in the cache.
    fileprivate var code: UInt8 {
        switch self {
        case .compliant: 0
        case .nonCompliant: 1
        case .notApplicable: 2
        case .unanswered: 3
        }
    }

    fileprivate init?(code: UInt8) {
        switch code {
        case 0: self = .compliant
        case 1: self = .nonCompliant
        case 2: self = .notApplicable
        case 3: self = .unanswered
        default: return nil
        }
    }
}
