import StarCore

/// A small base questionnaire shared by the compiler tests: two clusters, three points, three parameters and
/// three questions, in English and French. Line numbers matter: tests point at them.
///
///     34  - id: CL.CHILD.1       (yes-no, non-compliant if yes)
///     40  - id: WT.OT.1          (yes-no, informational)
///     45  - id: WT.OT.2          (number, "> {max_weekly_hours} + 12", when WT.OT.1 == yes at line 50)
let coreYAML = """
    star: questionnaire/1
    id: core
    version: "1"
    abstract: true
    title: {en: "Core", fr: "Socle"}
    languages: [en, fr]
    parameters:
      minimum_age:
        type: number
        default: 15
        description: {en: "Minimum age", fr: "Âge minimum"}
      max_weekly_hours:
        type: number
        default: 48
        description: {en: "Weekly hours", fr: "Heures hebdomadaires"}
      country_name:
        type: text
        default: "Nowhere"
        description: {en: "Country", fr: "Pays"}
    clusters:
      - id: CL
        title: {en: "Child Labour", fr: "Travail des enfants"}
        points:
          - id: CL.CHILD
            title: {en: "Child labourers", fr: "Enfants travailleurs"}
      - id: WT
        title: {en: "Working Time", fr: "Temps de travail"}
        points:
          - id: WT.HOURS
            title: {en: "Regular hours", fr: "Heures normales"}
          - id: WT.OT
            title: {en: "Overtime", fr: "Heures supplémentaires"}
    questions:
      - id: CL.CHILD.1
        point: CL.CHILD
        type: yes-no
        text: {en: "Are there workers under {minimum_age}?", fr: "Des travailleurs ont-ils moins de {minimum_age} ans ?"}
        noncompliant-if: "yes"
        guidance: {en: "Check personnel files.", fr: "Vérifier les dossiers du personnel."}
      - id: WT.OT.1
        point: WT.OT
        type: yes-no
        text: {en: "Is overtime worked?", fr: "Des heures supplémentaires sont-elles effectuées ?"}
        guidance: {en: "Check time cards.", fr: "Vérifier les fiches de pointage."}
      - id: WT.OT.2
        point: WT.OT
        type: number
        text: {en: "Highest weekly hours", fr: "Durée hebdomadaire maximale"}
        noncompliant-if: "> {max_weekly_hours} + 12"
        when: "WT.OT.1 == yes"
        guidance: {en: "Compare time cards with payroll.", fr: "Comparer pointage et paie."}

    """

/// The path the shared base is known by in diagnostics.
let corePath = "core.yaml"

/// Builds a library from (path, text) pairs, as `QuestionnaireLibrary.load` would from a repository.
func library(_ files: [(path: String, text: String)]) -> QuestionnaireLibrary {
    QuestionnaireLibrary(files: files)
}

/// Builds a library from (path, text) pairs and compiles `id`.
func compile(_ id: String, _ files: (path: String, text: String)...) -> (questionnaire: CompiledQuestionnaire?, diagnostics: [Diagnostic]) {
    QuestionnaireCompiler.compile(id, in: library(files))
}

/// Compiles `id` of a library made of the shared core and `files`.
func compileWithCore(_ id: String, _ files: (path: String, text: String)...) -> (questionnaire: CompiledQuestionnaire?, diagnostics: [Diagnostic]) {
    QuestionnaireCompiler.compile(id, in: library([(corePath, coreYAML)] + files))
}

/// The errors as a user reads them: `path:line:column: error: message [code]`, then the notes.
func errorText(_ diagnostics: [Diagnostic]) -> String {
    DiagnosticRenderer.render(diagnostics.filter { $0.severity == .error }, as: .text)
}

/// The warnings as a user reads them.
func warningText(_ diagnostics: [Diagnostic]) -> String {
    DiagnosticRenderer.render(diagnostics.filter { $0.severity == .warning }, as: .text)
}

/// What loading one file alone reports, rendered.
func loaderErrors(_ text: String, file: String = "q.yaml") -> String {
    errorText(QuestionnaireLoader.load(text: text, file: file).diagnostics)
}
