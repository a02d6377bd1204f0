import ArgumentParser
import StarCore

struct QuestionnaireCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "questionnaire",
        abstract: "Check, compile, show and compare questionnaires.",
        discussion: """
            Questionnaires live under questionnaires/ as YAML: a base (core.yaml) defining clusters and \
            compliance points, and country or industry files that extend it. See docs/questionnaires.md.

            A QUESTIONNAIRE argument is an id (kh-garment: compiled from the current source), id@version \
            (kh-garment@2026.1: the committed compiled form), or a path to a .yaml source or compiled .json.
            """,
        subcommands: [
            QuestionnaireCompileCommand.self, QuestionnaireLintCommand.self, QuestionnaireShowCommand.self, QuestionnaireDiffCommand.self,
            QuestionnaireXLSFormCommand.self,
        ]
    )
}
