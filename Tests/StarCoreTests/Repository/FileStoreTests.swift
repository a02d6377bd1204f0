import Foundation
import StarCore
import Testing

/// A fresh empty directory for one test, removed afterwards.
private func withTemporaryDirectory(_ body: (String) throws -> Void) throws {
    let directory = (NSTemporaryDirectory() as NSString).appendingPathComponent("star-filestore-\(UUID().uuidString)")
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try body(directory)
}

private func contents(_ directory: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
}

@Suite struct FileStoreTests {
    @Test func writeCreatesTheFileAndItsDirectories() throws {
        try withTemporaryDirectory { (directory: String) throws in
            let path = directory + "/assessments/KH/KH-0001/2026-03-14.json"
            #expect(try FileStore.write("{}\n", to: path) == .created)
            #expect(try FileStore.readText(path) == "{}\n")
        }
    }

    @Test func changedContentIsUpdated() throws {
        try withTemporaryDirectory { (directory: String) throws in
            let path = directory + "/a.json"
            try FileStore.write("1\n", to: path)
            #expect(try FileStore.write("2\n", to: path) == .updated)
            #expect(try FileStore.readText(path) == "2\n")
        }
    }

    @Test func unchangedContentIsNotRewritten() throws {
        try withTemporaryDirectory { (directory: String) throws in
            let path = directory + "/a.json"
            try FileStore.write("same\n", to: path)
            let past = Date(timeIntervalSince1970: 1_000_000_000)
            try FileManager.default.setAttributes([.modificationDate: past], ofItemAtPath: path)
            #expect(try FileStore.write("same\n", to: path) == .unchanged)
            let modified = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
            #expect(modified == past)
        }
    }

    @Test func createOnlyRefusesToOverwrite() throws {
        try withTemporaryDirectory { (directory: String) throws in
            let path = directory + "/final.json"
            #expect(try FileStore.write("first\n", to: path, policy: .createOnly) == .created)
            #expect(throws: RepositoryError.alreadyExists(path)) {
                try FileStore.write("second\n", to: path, policy: .createOnly)
            }
            #expect(try FileStore.readText(path) == "first\n")
        }
    }

    @Test func createOnlyAcceptsIdenticalContent() throws {
        try withTemporaryDirectory { (directory: String) throws in
            let path = directory + "/final.json"
            try FileStore.write("first\n", to: path, policy: .createOnly)
            #expect(try FileStore.write("first\n", to: path, policy: .createOnly) == .unchanged)
        }
    }

    @Test func noTemporaryFileIsLeftBehind() throws {
        try withTemporaryDirectory { (directory: String) throws in
            try FileStore.write("1\n", to: directory + "/a.json")
            try FileStore.write("2\n", to: directory + "/a.json")
            try FileStore.write("1\n", to: directory + "/b.json", policy: .createOnly)
            _ = try? FileStore.write("2\n", to: directory + "/b.json", policy: .createOnly)
            #expect(try contents(directory) == ["a.json", "b.json"])
        }
    }

    @Test func alreadyExistsMessageSaysNothingIsOverwritten() {
        #expect(RepositoryError.alreadyExists("a.json").description == "a.json already exists; star never overwrites it")
    }

    @Test func missingFileIsAnIOError() throws {
        try withTemporaryDirectory { (directory: String) throws in
            #expect(throws: RepositoryError.io(path: directory + "/none.json", reason: "no such file")) {
                try FileStore.read(directory + "/none.json")
            }
        }
    }

    @Test func invalidUTF8IsAnIOError() throws {
        try withTemporaryDirectory { (directory: String) throws in
            let path = directory + "/latin1.yaml"
            try FileStore.write([0x63, 0x61, 0x66, 0xE9], to: path)
            #expect(throws: RepositoryError.io(path: path, reason: "the file is not valid UTF-8")) {
                try FileStore.readText(path)
            }
        }
    }

    @Test func filesListsMatchingFilesSortedAndSkipsHiddenAndSkippedFolders() throws {
        try withTemporaryDirectory { (directory: String) throws in
            for file in ["core.yaml", "KH/garment.yml", "KH/notes.txt", ".hidden/x.yaml", "compiled/core/1.yaml", "VN/.draft.yaml"] {
                try FileStore.write("x\n", to: directory + "/" + file)
            }
            #expect(FileStore.files(under: directory, extensions: ["yaml", "yml"], skipping: ["compiled"]) == ["KH/garment.yml", "core.yaml"])
        }
    }
}

/// Repository.path joins by hand on the path of every record file; it must join as NSString does.
@Suite struct RepositoryPathTests {
    @Test(arguments: ["assessments/KH/KH-0001/2026-02-01.json", "a", "/absolute/file", "trailing/", "double//slash", "", "../up", "x/./y"])
    func joinsAsNSStringDoes(_ relative: String) {
        for root in ["/repo", "/repo/", "/"] {
            #expect(
                Repository(root: root).path(relative) == (Repository(root: root).root as NSString).appendingPathComponent(relative), "\(root) + \(relative)")
        }
    }
}
