import ArgumentParser
import Foundation
import StarCore

@main
struct StarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "star",
        abstract: "Labour-standards compliance for garment supply chains: questionnaires, assessments, remediation, sharing and rates.",
        discussion: """
            star works on a data repository: a directory with star.yaml, found by walking up from the current \
            directory (or given with --root). Every file is plain YAML or canonical JSON, one entity per file, \
            so the repository lives happily in git.

            Exit codes: 0 clean, 1 findings (errors, or warnings with --strict), 64 usage error, \
            66 no repository found, 73 refused to overwrite a file, 74 I/O failure.

            STAR_TIMINGS=1 in the environment prints where a long command (validate, aggregate) spends its \
            time, on stderr.
            """,
        version: "0.1.0",
        subcommands: [
            InitCommand.self, QuestionnaireCommand.self, FactoryCommand.self, BuyerCommand.self, AssessCommand.self, ValidateCommand.self, MigrateCommand.self,
            AggregateCommand.self, ExportCommand.self, RemediateCommand.self, PiccCommand.self, ShareCommand.self, ConsentCommand.self, KeysCommand.self,
            ReportCommand.self, EvidenceCommand.self,
        ]
    )

    /// The process's resident memory now and at its peak, where the system says (Linux: /proc/self/status).
    private static func memory() -> String {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return "" }
        func megabytes(_ key: String) -> String? {
            status.split(separator: "\n").first { $0.hasPrefix(key + ":") }.flatMap { line in
                line.split(separator: " ").dropFirst().first.flatMap { Int($0) }.map { "\($0 / 1024) MB" }
            }
        }
        guard let now = megabytes("VmRSS"), let peak = megabytes("VmHWM") else { return "" }
        // CPU time beside wall time shows how many cores a phase kept busy.
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func milliseconds(_ time: timeval) -> Int { time.tv_sec * 1000 + Int(time.tv_usec) / 1000 }
        return " (cpu \(milliseconds(usage.ru_utime) + milliseconds(usage.ru_stime)) ms, resident \(now), peak \(peak))"
    }

    /// As ParsableCommand's, after hooking up STAR_TIMINGS=1 (where a long command spends its time, on stderr);
    /// every failure a command throws ends here.
    static func main() {
        if ProcessInfo.processInfo.environment["STAR_TIMINGS"] == "1" {
            PhaseTimings.sink = { phase, milliseconds in Console.error("timing: \(milliseconds) ms \(phase)\(memory())") }
        }
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let message = CommandPath.unknownSubcommand(in: arguments) {
            Console.error("error: \(message)")
            Foundation.exit(ExitCode.validationFailure.rawValue)
        }
        if let help = CommandPath.defaultSubcommandHelp(for: arguments) {
            Console.out(help)
            return
        }
        // As ParsableCommand.main, with one addition: a core failure is rendered by ExitStatus.report.
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch let failure as any StarFailure {
            exit(withError: ExitStatus.report(failure))
        } catch {
            exit(withError: error)
        }
    }
}

/// What ArgumentParser leaves out: a suggestion for a mistyped subcommand, and the options of a default
/// subcommand in its parent's help (`star aggregate --help` lists the filters of `aggregate rates`).
enum CommandPath {
    /// The subcommands from the root down that `arguments` names, and the arguments left after them.
    private static func walk(_ arguments: [String]) -> (path: [ParsableCommand.Type], rest: ArraySlice<String>) {
        var path: [ParsableCommand.Type] = [StarCommand.self]
        var rest = arguments[...]
        while let word = rest.first, !word.hasPrefix("-"),
            let next = path[path.count - 1].configuration.subcommands.first(where: { names(of: $0).contains(word) })
        {
            path.append(next)
            rest = rest.dropFirst()
        }
        return (path, rest)
    }

    private static func names(of command: ParsableCommand.Type) -> [String] {
        [command._commandName] + command.configuration.aliases
    }

    /// "unknown command 'asess'; did you mean 'assess'?" when a word stands where a subcommand is required.
    static func unknownSubcommand(in arguments: [String]) -> String? {
        let (path, rest) = walk(arguments)
        let command: ParsableCommand.Type = path[path.count - 1]
        guard let word = rest.first, !word.hasPrefix("-"), word != "help",
            !command.configuration.subcommands.isEmpty, command.configuration.defaultSubcommand == nil
        else { return nil }
        let choices = command.configuration.subcommands.map { $0._commandName }
        let spelled = (path.map { $0._commandName }).joined(separator: " ")
        let close = choices.min { (editDistance($0, word), $0) < (editDistance($1, word), $1) }
        let suggestion = close.flatMap { editDistance($0, word) <= max(2, word.count / 3) ? " (did you mean '\($0)'?)" : nil } ?? ""
        return
            "'\(word)' is not a command of '\(spelled)'\(suggestion); the commands are \(choices.joined(separator: ", ")) ('\(spelled) --help' describes them)"
    }

    /// The parent's help followed by its default subcommand's, when `arguments` ask for the help of a command
    /// that has a default subcommand.
    static func defaultSubcommandHelp(for arguments: [String]) -> String? {
        let (path, rest) = walk(arguments)
        guard let command = path.last, let fallback = command.configuration.defaultSubcommand,
            rest.contains(where: { $0 == "--help" || $0 == "-h" })
        else { return nil }
        return StarCommand.helpMessage(for: command)
            + "\n\nWithout a subcommand, '\((path.map { $0._commandName }).joined(separator: " "))' runs '\(fallback._commandName)':\n\n"
            + StarCommand.helpMessage(for: fallback) + "\n"
    }
}
