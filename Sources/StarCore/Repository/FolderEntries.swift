import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The entries of an open folder, as every walk of the repository lists them. On Linux straight from
/// getdents64(2): fdopendir(3) stat's the folder and checks its descriptor with fcntl(2) first, three calls
/// per folder that a walk of 100,000 record folders (one per factory) pays 300,000 times for nothing.
enum FolderEntries {
    /// An entry's type as the folder gives it (DT_REG, DT_DIR, DT_LNK, ...; DT_UNKNOWN when the file
    /// system does not say).
    typealias Kind = UInt8

    /// Calls `body` with each entry's name and kind, "." and ".." left out; false when the folder could not
    /// be read (the entries seen until then were given). `folder` stays open.
    @discardableResult
    static func forEach(in folder: Int32, _ body: (String, Kind) -> Void) -> Bool {
        #if os(Linux)
            return withUnsafeTemporaryAllocation(byteCount: 32 << 10, alignment: 8) { buffer in
                while true {
                    let count = getdents64(folder, buffer.baseAddress!, buffer.count)
                    if count == 0 { return true }
                    if count < 0 { return false }
                    // struct linux_dirent64: d_ino (8 bytes), d_off (8), d_reclen (2), d_type (1), d_name.
                    var offset = 0
                    while offset < count {
                        let entry = buffer.baseAddress! + offset
                        let length = Int(entry.loadUnaligned(fromByteOffset: 16, as: UInt16.self))
                        let kind = entry.load(fromByteOffset: 18, as: UInt8.self)
                        let name = String(cString: (entry + 19).assumingMemoryBound(to: CChar.self))
                        if name != ".", name != ".." { body(name, kind) }
                        offset += length
                    }
                }
            }
        #else
            let copy = dup(folder)
            guard copy >= 0, let stream = fdopendir(copy) else { return false }
            defer { closedir(stream) }
            while let entry = readdir(stream) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
                if name != ".", name != ".." { body(name, entry.pointee.d_type) }
            }
            return true
        #endif
    }
}

#if os(Linux)
    // dirent.h declares it only under _GNU_SOURCE, which Swift's Glibc module leaves out (glibc 2.30 and later):
    // ssize_t getdents64(int fd, void *buffer, size_t length).
    @_silgen_name("getdents64")
    private func getdents64(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ length: Int) -> Int
#endif
