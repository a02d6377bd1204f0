/// What aggregation needs from one record: who, when, which kind, and every question's and point's
/// finding, numbered as in the pinned questionnaire's EvaluationPlan. Small enough to keep 100,000 in
/// memory and to cache under .star/.
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
    /// The record could not be checked (it has errors): it takes no part in rates.
    public var isValid: Bool

    public init(file: String, id: RecordID, kind: AssessmentKind, status: RecordStatus, visitStart: CalendarDate, amends: RecordID?,
                questionnaire: QuestionnairePin, questionFindings: [Finding], pointFindings: [Finding], isValid: Bool) {
        self.file = file
        self.id = id
        self.kind = kind
        self.status = status
        self.visitStart = visitStart
        self.amends = amends
        self.questionnaire = questionnaire
        self.questionFindings = questionFindings
        self.pointFindings = pointFindings
        self.isValid = isValid
    }

    /// Summarizes a record checked by AssessmentStore; nil when it could not even be parsed.
    public static func summarize(file: String, _ parsed: (RecordDocument?, [Diagnostic]), store: AssessmentStore) -> RecordSummary? {
        guard let header = parsed.0?.header else { return nil }
        let (loaded, diagnostics) = store.check(parsed)
        let findings = loaded?.check.findings
        return RecordSummary(file: file, id: header.id, kind: header.kind, status: header.status, visitStart: header.visit.start,
                             amends: header.amends, questionnaire: header.questionnaire,
                             questionFindings: findings?.questionFindings ?? [], pointFindings: findings?.pointFindings ?? [],
                             isValid: loaded != nil && !diagnostics.hasErrors)
    }
}
