import Foundation
import Testing

/// One `$ star ...` line of the README's tour and the output printed under it.
private struct TourStep {
    var arguments: [String]
    /// The lines printed under the command, up to a `...` line (which stands for the rest).
    var expected: [String]
    var line: Int
}

/// The tour's commands that run on the example repository (`--root examples`), as printed in README.md.
private func tourSteps() throws -> [TourStep] {
    let readme = try String(contentsOf: StarRunner.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
    var steps: [TourStep] = []
    var inConsole = false
    var current: TourStep?
    var truncated = false
    for (number, line) in readme.components(separatedBy: "\n").enumerated() {
        if line.hasPrefix("```") {
            if let step = current { steps.append(step) }
            current = nil
            inConsole = line == "```console" && !inConsole
            continue
        }
        guard inConsole else { continue }
        if line.hasPrefix("$ ") {
            if let step = current { steps.append(step) }
            current = nil
            truncated = false
            var command = String(line.dropFirst(2))
            if let comment = command.range(of: "  #") { command = String(command[..<comment.lowerBound]) }
            if let redirect = command.range(of: " > ") { command = String(command[..<redirect.lowerBound]) }
            let words = shellWords(command.trimmingCharacters(in: .whitespaces))
            if words.first == "star", words.contains("--root"), words.contains("examples") {
                current = TourStep(arguments: Array(words.dropFirst()), expected: [], line: number + 1)
            }
        } else if current != nil, !truncated {
            if line == "..." { truncated = true } else { current?.expected.append(line) }
        }
    }
    return steps
}

/// Splits a command line at spaces, keeping double-quoted words whole.
private func shellWords(_ text: String) -> [String] {
    var words: [String] = []
    var word = ""
    var quoted = false
    for character in text {
        if character == "\"" {
            quoted.toggle()
            continue
        }
        if character == " ", !quoted {
            if !word.isEmpty { words.append(word) }
            word = ""
        } else {
            word.append(character)
        }
    }
    if !word.isEmpty { words.append(word) }
    return words
}

@Suite struct ReadmeTourTests {
    @Test func theToursCommandsWorkOnTheExamplesAsPrinted() throws {
        let steps = try tourSteps()
        #expect(steps.count >= 6, "the README's tour should show commands on the example repository")
        let star = try StarRunner()
        defer { star.cleanUp() }
        try FileManager.default.copyItem(at: StarRunner.packageRoot.appendingPathComponent("examples"), to: star.directory.appendingPathComponent("examples"))
        for step in steps {
            let output = try star.run(step.arguments)
            #expect(output.status == 0, "README.md:\(step.line): star \(step.arguments.joined(separator: " ")) exits \(output.status)\n\(output.stderr)")
            let printed = (output.stdout.isEmpty ? output.stderr : output.stdout).components(separatedBy: "\n")
            #expect(
                Array(printed.prefix(step.expected.count)) == step.expected,
                "README.md:\(step.line): star \(step.arguments.joined(separator: " ")) prints otherwise")
        }
    }
}
