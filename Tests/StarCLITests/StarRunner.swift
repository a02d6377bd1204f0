import Foundation
import Testing

/// Runs the built `star` binary on a copy of a fixture repository and compares what a user sees
/// (exit status, stdout, stderr) with golden files. Re-record on purpose with STAR_RECORD_GOLDEN=1.
struct StarRunner {
    struct Output: Equatable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let packageRoot = testsDirectory.deletingLastPathComponent().deletingLastPathComponent()

    static var binary: URL {
        // `swift test` puts the test bundle next to the products it built, `star` among them.
        var directory = Bundle.main.bundleURL
        if directory.pathExtension == "xctest" { directory.deleteLastPathComponent() }
        return directory.appendingPathComponent("star")
    }

    /// How long one run of star may take before it is killed (exit status 9 then tells the test it hung).
    static let timeout: TimeInterval = 120

    /// A scratch directory holding a copy of `fixture` (or nothing), removed by `cleanUp`.
    let directory: URL

    init(fixture: String? = nil) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("star-cli-\(UUID().uuidString)")
        if let fixture {
            try FileManager.default.copyItem(at: Self.testsDirectory.appendingPathComponent("Fixtures/\(fixture)"), to: directory)
        } else {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        }
    }

    func cleanUp() {
        try? FileManager.default.removeItem(at: directory)
        // Keys are kept beside the repository, never in it.
        try? FileManager.default.removeItem(atPath: directory.path + "-keys")
    }

    func path(_ relative: String) -> String {
        directory.appendingPathComponent(relative).path
    }

    @discardableResult
    func run(_ arguments: [String], in subdirectory: String? = nil, stdin: String? = nil, environment: [String: String] = [:]) throws -> Output {
        try runProgram(Self.binary.path, arguments, in: subdirectory, stdin: stdin, environment: environment)
    }

    /// Runs any program in the scratch directory (for example star under a pseudo-terminal).
    func runProgram(
        _ program: String, _ arguments: [String], in subdirectory: String? = nil, stdin: String? = nil,
        environment: [String: String] = [:]
    ) throws -> Output {
        let process = Process()
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.currentDirectoryURL = subdirectory.map { directory.appendingPathComponent($0) } ?? directory
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        // A star that hangs (on a FIFO, say) fails its test instead of stopping the suite.
        let watchdog = DispatchWorkItem { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        DispatchQueue.global().asyncAfter(deadline: .now() + Self.timeout, execute: watchdog)
        defer { watchdog.cancel() }
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus,
            stdout: normalize(String(decoding: stdoutData, as: UTF8.self)),
            stderr: normalize(String(decoding: stderrData, as: UTF8.self)))
    }

    /// Replaces the scratch directory's path, and today's date (what an export records), so golden files do
    /// not depend on where or when tests ran.
    func normalize(_ text: String) -> String {
        text.replacingOccurrences(of: directory.path, with: "$REPO").replacingOccurrences(of: Self.today, with: "$TODAY")
    }

    /// Today in UTC, the repository's day when star.yaml names no time zone.
    static var today: String {
        let parts = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: Date())
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }

    /// Runs star and compares the result with `Golden/<name>.txt`.
    func expectGolden(_ name: String, _ arguments: [String], in subdirectory: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let output = try run(arguments, in: subdirectory)
        let rendered =
            "$ star \(normalize(arguments.joined(separator: " ")))\n--- exit: \(output.status)\n--- stdout\n\(output.stdout)--- stderr\n\(output.stderr)"
        let golden = Self.testsDirectory.appendingPathComponent("Golden/\(name).txt")
        if ProcessInfo.processInfo.environment["STAR_RECORD_GOLDEN"] != nil {
            try rendered.write(to: golden, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(rendered == expected, "output differs from Golden/\(name).txt (re-record with STAR_RECORD_GOLDEN=1)", sourceLocation: sourceLocation)
    }
}

/// A complete final answer sheet for XX-0001 on 2026-03-14 in the minimal fixture, pinned by `pin` (the
/// `questionnaire:` line of a blank sheet): what the race and merge tests record before they start.
func minimalFinalSheet(pin: Substring) -> String {
    """
    star: answer-sheet/1
    factory: XX-0001
    \(pin)
    kind: assessment
    visit: {start: 2026-03-14, end: 2026-03-14, announced: false}
    assessors: [{id: adv-sophea, gender: female}]
    answers:
      CL.CHILD.1: no
      CL.CHILD.2: "no"
      XX.WT.OT.1: yes
      XX.WT.OT.2: 61

    """
}
