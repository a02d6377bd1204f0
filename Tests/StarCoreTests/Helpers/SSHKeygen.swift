import Foundation
import StarCore
import Testing

/// The real OpenSSH `ssh-keygen` (package openssh-client), for interoperability tests: star must read what it
/// writes and write what it reads.
enum SSHKeygen {
    static let path = "/usr/bin/ssh-keygen"

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    @discardableResult
    static func run(_ arguments: [String], in directory: String, stdin: Data? = nil) throws -> Output {
        try #require(FileManager.default.isExecutableFile(atPath: path), "ssh-keygen is missing: apt-get install -y openssh-client")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self), stderr: String(decoding: stderrData, as: UTF8.self))
    }

    /// A new key pair `name` and `name.pub` in `directory`, without a passphrase.
    static func generate(_ type: String = "ed25519", name: String, in directory: String) throws {
        let result = try run(["-q", "-t", type, "-N", "", "-C", "hr@factory.example", "-f", name], in: directory)
        try #require(result.status == 0, "ssh-keygen -t \(type): \(result.stderr)")
    }
}


/// The message of the ConsentSigningError `body` throws, or nil when it throws none.
func signingRefusal<T>(_ body: () throws -> T) -> String? {
    do {
        _ = try body()
        return nil
    } catch let error as ConsentSigningError {
        return error.description
    } catch {
        return "not a ConsentSigningError: \(error)"
    }
}
