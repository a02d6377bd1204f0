/// A record checked in full, the one way every reader of records checks one (`star validate`, aggregation,
/// `assess show`, reports, share export, plans): its place, factory, pinned questionnaire, digest and answers.
/// Its diagnostics are located only when asked for, all in one scan of the file, and only those shown: a
/// final record cannot change, so a warning about its answers could never be acted on and is not made.
public struct RecordCheck: Sendable {
    /// nil when the file could not be parsed as a record.
    public let document: RecordDocument?
    /// nil when the record names no registered factory.
    public let factory: Factory?
    /// nil when the header could not be resolved (no such factory or questionnaire).
    public let answers: AnswerCheck?
    /// The parse diagnostics (located already: a file that does not parse has nothing else to report).
    private let parseDiagnostics: [Diagnostic]
    /// Those of the header, to be located.
    private let headerProblems: [UnlocatedDiagnostic]
    /// Those of the answers that are shown, to be located.
    private let answerProblems: [UnlocatedDiagnostic]

    /// Checks the record file `bytes`: read straight for its questionnaire when star wrote it (CanonicalHeader,
    /// CanonicalAnswers), else parsed the general way (RecordDocument.parse). Both readings give the same check.
    /// `header` is what CanonicalHeader read of the file already, if it did.
    init(_ bytes: [UInt8], file: String, context: AssessmentContext, header: CanonicalHeader.Read? = nil) {
        self =
            Self(canonical: bytes, header: header ?? CanonicalHeader.readWithAnswers(bytes), file: file, context: context)
            ?? Self(RecordDocument.parse(bytes, file: file), context: context)
    }

    init(_ parsed: (RecordDocument?, [Diagnostic]), context: AssessmentContext) {
        guard let document = parsed.0 else {
            self.init(document: nil, parseDiagnostics: parsed.1, factory: nil, answers: nil, headerProblems: [])
            return
        }
        let (factory, plan, headerProblems) = Self.checkHeader(
            of: document.header, file: document.file, digestMatches: document.digestMatches, context: context)
        var answers: AnswerCheck?
        let final = document.header.status == .final
        if factory != nil, let plan { answers = AnswerCheck(document.answerList, against: plan, complete: final, warningNotApplicable: !final) }
        self.init(document: document, parseDiagnostics: parsed.1, factory: factory, answers: answers, headerProblems: headerProblems)
    }

    /// A file exactly as star writes it, in full; nil for any other, and for a record whose factory or
    /// questionnaire is unknown or whose digest differs (rare, and read the general way).
    private init?(canonical bytes: [UInt8], header read: CanonicalHeader.Read?, file: String, context: AssessmentContext) {
        guard let (header, range) = read else { return nil }
        var digestMatches = false
        if let digest = header.digest {
            guard RecordDocument.canonicalDigestMatches(bytes, digest) else { return nil }
            digestMatches = true
        }
        let (factory, plan, headerProblems) = Self.checkHeader(of: header, file: file, digestMatches: digestMatches, context: context)
        guard factory != nil, let plan, let (list, read) = CanonicalAnswers.read(bytes, range, for: plan) else { return nil }
        let final = header.status == .final
        self.init(
            document: RecordDocument(file: file, header: header, digestMatches: digestMatches, bytes: bytes, answerList: list), parseDiagnostics: [],
            factory: factory, answers: AnswerCheck(read, of: list, against: plan, complete: final, warningNotApplicable: !final), headerProblems: headerProblems
        )
    }

    private init(document: RecordDocument?, parseDiagnostics: [Diagnostic], factory: Factory?, answers: AnswerCheck?, headerProblems: [UnlocatedDiagnostic]) {
        self.document = document
        self.parseDiagnostics = parseDiagnostics
        self.factory = factory
        self.answers = answers
        self.headerProblems = headerProblems
        answerProblems = answers?.problems ?? []
    }

    /// Whether any problem is an error: the record then takes no part in rates, and does not leave in a share.
    public var hasErrors: Bool { parseDiagnostics.hasErrors || headerProblems.hasErrors || answerProblems.hasErrors }

    /// The findings of a record without errors: what aggregation keeps of it.
    public var findings: Findings? { hasErrors ? nil : answers?.findings }

    /// Every diagnostic shown for the record, located (one scan of the file), sorted.
    public var diagnostics: [Diagnostic] {
        let (header, answers) = located()
        return (parseDiagnostics + header + answers).sorted()
    }

    /// The header's and the answers' diagnostics, located together.
    private func located() -> (header: [Diagnostic], answers: [Diagnostic]) {
        guard let document, !(headerProblems.isEmpty && answerProblems.isEmpty) else { return ([], []) }
        let all = (headerProblems + answerProblems).located(by: document.locations(of:))
        return (Array(all[..<headerProblems.count]), Array(all[headerProblems.count...]).sorted())
    }

    /// The record with its answers, for those who look at them, and every diagnostic; nil when the record
    /// cannot be understood.
    var loaded: (AssessmentStore.Loaded?, [Diagnostic]) {
        let (header, answerDiagnostics) = located()
        let diagnostics = (parseDiagnostics + header + answerDiagnostics).sorted()
        guard let document, let factory, var check = answers else { return (nil, diagnostics) }
        check.diagnostics = answerDiagnostics
        var record = document.header
        record.answers = check.answers
        return (AssessmentStore.Loaded(record: record, questionnaire: check.findings.plan.questionnaire, factory: factory, check: check), diagnostics)
    }

    /// What is checked before the answers: the factory, the pinned questionnaire, the file's place, the digest.
    private static func checkHeader(
        of header: AssessmentRecord, file: String, digestMatches: Bool, context: AssessmentContext
    ) -> (Factory?, EvaluationPlan?, [UnlocatedDiagnostic]) {
        var problems: [UnlocatedDiagnostic] = []
        func add(_ diagnostic: Diagnostic, key: String) { problems.append(UnlocatedDiagnostic(diagnostic, key: key)) }
        let somewhere = SourceLocation(file: file)
        let (factory, plan, resolved) = context.resolve(
            factory: header.factory, pin: header.questionnaire,
            factoryLocation: somewhere, pinLocation: somewhere)
        // resolve's diagnostics are about the factory (unknown-factory) or the questionnaire (the others).
        for diagnostic in resolved { add(diagnostic, key: diagnostic.code == "unknown-factory" ? "factory" : "questionnaire") }
        if let factory {
            let expected = AssessmentRecord.path(country: factory.country, id: header.id)
            if file != expected {
                add(.error("misplaced-file", "record \(header.id) of a factory in \(factory.country) belongs in \(expected)", at: somewhere), key: "id")
            }
        }
        if header.status == .final {
            if header.digest == nil {
                add(
                    .error(
                        "record-changed", "a final record must carry its digest; this one has none, so it may have been edited by hand",
                        at: somewhere, notes: ["restore it from version control, or record a correction that amends it"]), key: "status")
            } else if !digestMatches {
                add(
                    .error(
                        "record-changed", "final record \(header.id) was changed after it was finalized: its content no longer matches its digest",
                        at: somewhere,
                        notes: ["restore it from version control (git checkout -- \(file)); a correction is a new record that amends it"]),
                    key: "digest")
            }
        } else if header.digest != nil {
            // Only finalizing gives a record its digest: this one was final, and its status was edited back.
            add(
                .error(
                    "record-changed", "record \(header.id) says it is a draft but carries the digest of a final record: a final record was reopened by hand",
                    at: somewhere, notes: ["restore it from version control (git checkout -- \(file)); a correction is a new record that amends it"]),
                key: "status")
        }
        return (factory, plan, problems)
    }
}
