import ArgumentParser
import StarCore

struct QuestionnaireDiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "What changed between two questionnaire versions, per compliance point.",
        discussion: """
            Lists questions added, removed, reworded, with a changed rule (type, when, noncompliant-if, \
            options), changed legal references, guidance or public flag, and changed parameters.

            Examples:
              star questionnaire diff kh-garment@2026.1 kh-garment          # committed version vs current source
              star questionnaire diff kh-garment@2025.2 kh-garment@2026.1 --format json
            """
    )

    @Argument(help: "The old questionnaire: id, id@version, or a path.")
    var old: String

    @Argument(help: "The new questionnaire: id, id@version, or a path.")
    var new: String

    @Option(help: "text or json.")
    var format: ShowFormat = .text

    @OptionGroup var repositoryOptions: RepositoryOptions

    func run() throws {
        let diff = QuestionnaireDiff(from: try loadQuestionnaire(old, repositoryOptions), to: try loadQuestionnaire(new, repositoryOptions))
        switch format {
        case .json: Console.out(CanonicalJSON.string(diff.json))
        case .text: Console.out(diff.text)
        }
    }
}
