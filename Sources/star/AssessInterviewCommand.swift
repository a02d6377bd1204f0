import ArgumentParser
import Foundation
import StarCore

struct AssessInterviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "interview",
        abstract: "Answer the applicable questions one by one on a terminal.",
        discussion: """
            Questions that 'when' rules out are skipped as the answers arrive. The draft record is saved \
            after every answer, so an interrupted interview (Ctrl-D, 'quit', a flat battery) resumes where it \
            stopped when you run the same command again. At the end you may finalize the record.

            At the prompt: an answer (for yes-no also y or n, and the questionnaire language's own words \
            and initials, such as o/n in French; for a choice the option's number or the start of its id), or
              ?            guidance, legal references and how non-compliance is decided
              note TEXT    a note on this question (the payroll week, the worker interviewed)
              skip         come back to it later
              back         take up the previous answer again (also after an interruption); Enter keeps it
              quit         stop here; the draft is saved

            Example:
              star assess interview --factory KH-0001 --date 2026-03-14 --assessor adv-sophea:female
            """
    )

    @OptionGroup var visit: VisitOptions
    @Option(help: ArgumentHelp("An assessor, as id or id:gender (female, male, other); repeat for a team.", valueName: "id[:gender]"))
    var assessor: [String] = []
    @OptionGroup var repositoryOptions: RepositoryOptions

    func run() throws {
        guard isatty(STDIN_FILENO) == 1 else {
            throw usage(
                "the interview asks questions on a terminal, and standard input is not one; to record answers from a file, fill in a sheet from 'star assess new' and run 'star assess record SHEET'"
            )
        }
        let repository = try repositoryOptions.repository()
        let store = AssessmentStore(repository: repository)
        let resolved = try visit.resolve(store.context, today: repository.today())
        let assessors = try assessor.map { text in
            let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
            let assessor = Assessor(id: parts.first ?? "", gender: parts.count > 1 ? parts[1] : nil)
            if let problem = assessor.problems.first { throw usage(problem) }
            return assessor
        }
        let (id, resumed) = try store.interviewTarget(factory: resolved.factory, date: resolved.visit.start, kind: visit.kind)
        if let resumed, resumed.record.questionnaire != QuestionnairePin(resolved.questionnaire) {
            throw usage(
                "the draft \(id) was started with \(resumed.record.questionnaire); continue it with --questionnaire \(resumed.record.questionnaire.id)@\(resumed.record.questionnaire.version)"
            )
        }
        var record =
            resumed?.record
            ?? AssessmentRecord(
                id: id, kind: visit.kind, status: .draft, questionnaire: QuestionnairePin(resolved.questionnaire),
                visit: resolved.visit, assessors: assessors, answers: [:])
        if !assessors.isEmpty { record.assessors = assessors }
        var interview = Interview(questionnaire: resolved.questionnaire, answers: record.answers)
        var written = resumed != nil
        func save() throws {
            record.answers = interview.answers
            _ = try locked(repository) { try store.write(record, country: resolved.factory.country, replacing: written) }
            written = true
        }
        let language = resolved.language
        Console.out(
            "\(resumed == nil ? "Starting" : "Resuming") \(id): \(resolved.factory.name), \(resolved.questionnaire.id) \(resolved.questionnaire.version). Type ? for guidance, quit to stop.\n"
        )
        var history: [String] = []
        // A question taken up again with 'back': asked before the next open one, its earlier answer shown.
        var revisiting: CompiledQuestionnaire.Question?
        var heading: (cluster: String, point: String)?
        while let question = revisiting ?? interview.next {
            if let place = interview.place(of: question.id), heading?.cluster != place.cluster.id || heading?.point != place.point.id {
                if heading?.cluster != place.cluster.id {
                    Console.out("\n== \(place.cluster.id)  \(place.cluster.title.text(in: language)) ==\n")
                }
                Console.out("\n-- \(place.point.id)  \(place.point.title.text(in: language)) --\n")
                heading = (place.cluster.id, place.point.id)
            }
            let (answered, applicable) = interview.progress
            Console.out(
                "\n[\(answered)/\(applicable) answered] \(question.id)\n\(TextLayout.wrap(question.text.text(in: language), width: Self.width, indent: "  "))\n"
            )
            let earlier = interview.earlierAnswer(question.id)
            if let earlier { Console.out("  earlier answer: \(earlier) (Enter keeps it)\n") }
            Console.out("  (\(question.answerHint))> ")
            guard let line = readLine() else {
                Console.out("\n")
                break
            }
            let input = line.trimmingCharacters(in: .whitespaces)
            switch input {
            case "":
                if earlier != nil { revisiting = nil }
                continue
            case "?":
                Console.out(explain(question, language))
            case "skip":
                interview.skip(question.id)
                revisiting = nil
            case "quit":
                try save()
                Console.out("Saved \(record.id) as a draft; run the same command to continue.\n")
                return
            case "back":
                // This session's own history first; after an interruption, the answer given last before this question.
                let previousID = history.popLast() ?? interview.answered(before: question.id)?.id
                guard let previousID, let previous = resolved.questionnaire.questions.first(where: { $0.id == previousID }) else {
                    Console.out("  nothing to go back to\n")
                    continue
                }
                revisiting = previous
            default:
                if input.hasPrefix("note ") {
                    interview.note(question.id, String(input.dropFirst(5)))
                    try save()
                    Console.out("  noted\n")
                    continue
                }
                switch interview.answer(question.id, with: input, language: language) {
                case .success:
                    if history.last != question.id { history.append(question.id) }
                    revisiting = nil
                    try save()
                case .failure(let error):
                    Console.out(TextLayout.wrap(error.message, width: Self.width, indent: "  ") + "\n")
                }
            }
        }
        try save()
        let open = interview.progress
        guard interview.next == nil else {
            return Console.out("Saved \(record.id) as a draft (\(open.answered)/\(open.applicable) answered); run the same command to continue.\n")
        }
        Console.out("\nEvery applicable question is answered. Finalize \(record.id) now? A final record can no longer change. [y/N] ")
        if readLine()?.lowercased().hasPrefix("y") == true {
            let loaded = try locked(repository) { try store.finalize(AssessmentRecord.path(country: resolved.factory.country, id: record.id)) }
            Console.out("\(loaded.record.id) is final.\n")
        } else {
            Console.out("Kept as a draft; 'star assess finalize \(record.id)' freezes it.\n")
        }
        Console.out("'star assess show \(record.id)' shows the findings.\n")
    }

    /// The terminal's width (COLUMNS), 80 when unknown: guidance is wrapped to it at word boundaries.
    static var width: Int {
        ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init).map { max(40, $0) } ?? 80
    }

    private func explain(_ question: CompiledQuestionnaire.Question, _ language: String) -> String {
        var blocks: [String] = []
        let guidance = question.guidance.text(in: language)
        if !guidance.isEmpty { blocks.append(TextLayout.wrap(guidance, width: Self.width, indent: "  ")) }
        if question.type == .choice {
            blocks += question.options.enumerated().map { index, option in
                TextLayout.wrap(
                    "\(index + 1). \(option.id): \(option.text.text(in: language))\(option.noncompliant ? "  (non-compliant)" : "")", width: Self.width,
                    indent: "    ")
            }
        }
        if question.type == .number, !question.constraints.isNone {
            blocks.append(TextLayout.wrap("takes \(question.constraints.description)", width: Self.width, indent: "  "))
        }
        if let rule = question.noncomplianceRule { blocks.append(TextLayout.wrap("non-compliant when: \(rule)", width: Self.width, indent: "  ")) }
        if !question.legal.isEmpty { blocks.append(TextLayout.wrap("law: \(question.legal.joined(separator: "; "))", width: Self.width, indent: "  ")) }
        return blocks.joined(separator: "\n") + "\n"
    }
}
