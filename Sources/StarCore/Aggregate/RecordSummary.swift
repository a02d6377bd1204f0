/// What aggregation needs from one record: who, when, which kind, and every question's and point's
/// finding, numbered as in the pinned questionnaire's EvaluationPlan. Small enough to keep 100,000 in
/// memory and to cache under .star/. A record may be summarized from its header alone (`check` is
/// `.pending`, no findings) until a selection needs it: most records of a repository are superseded by a
/// later visit, and reading a header costs far less than checking 280 answers.
public struct RecordSummary: Sendable, Equatable {
    public var file: String
    public var id: RecordID
    public var kind: AssessmentKind
    public var status: RecordStatus
    public var visitStart: CalendarDate
    public var amends: RecordID?
    public var questionnaire: QuestionnairePin
    /// By question number of the pinned questionnaire.
    public var questionFindings: [Finding]
    /// By point number of the pinned questionnaire.
    public var pointFindings: [Finding]
    public var check: Check

    public enum Check: Int, Sendable {
        /// Only the header has been read.
        case pending
        /// Checked against its questionnaire without errors; the findings are filled in.
        case valid
        /// Checked, with errors: it takes no part in rates.
        case invalid
    }

    public var isValid: Bool { check == .valid }

    public init(
        file: String, id: RecordID, kind: AssessmentKind, status: RecordStatus, visitStart: CalendarDate, amends: RecordID?,
        questionnaire: QuestionnairePin, questionFindings: [Finding], pointFindings: [Finding], check: Check
    ) {
        self.file = file
        self.id = id
        self.kind = kind
        self.status = status
        self.visitStart = visitStart
        self.amends = amends
        self.questionnaire = questionnaire
        self.questionFindings = questionFindings
        self.pointFindings = pointFindings
        self.check = check
    }

    /// Summarizes a record checked in full (AssessmentStore.fullCheck); nil when it could not even be parsed.
    public static func summarize(file: String, _ check: RecordCheck) -> RecordSummary? {
        guard let header = check.document?.header else { return nil }
        let findings = check.findings
        return RecordSummary(
            file: file, id: header.id, kind: header.kind, status: header.status, visitStart: header.visit.start,
            amends: header.amends, questionnaire: header.questionnaire,
            questionFindings: findings?.questionFindings ?? [], pointFindings: findings?.pointFindings ?? [],
            check: findings != nil ? .valid : .invalid)
    }

    /// Summarizes a record from its header alone (RecordDocument.header), its check pending.
    static func pending(file: String, header: AssessmentRecord) -> RecordSummary {
        RecordSummary(
            file: file, id: header.id, kind: header.kind, status: header.status, visitStart: header.visit.start,
            amends: header.amends, questionnaire: header.questionnaire, questionFindings: [], pointFindings: [], check: .pending)
    }
}
