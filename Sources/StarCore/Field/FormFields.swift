/// The names a questionnaire's questions take in an XLSForm and in the exports of ODK Central and
/// KoboToolbox (docs/field.md): one place, read by the form writer and by the importer, so the two can
/// never disagree.
///
/// XLSForm names must be XML names and `${name}` references need them unique in the whole form, but
/// question ids contain dots: `CL.CHILD.1` becomes `CL_CHILD_1`, and two ids that would meet on one
/// name are refused rather than renamed behind the advisor's back.
public struct FormFields: Sendable {
    public let questionnaire: CompiledQuestionnaire
    /// The form id ODK Central and KoboToolbox know the form by: the questionnaire's id.
    public let formID: String
    /// The form version: the questionnaire's version and the start of its digest, so every compiled
    /// content gets a version of its own.
    public let formVersion: String
    /// Field name by question id, and back.
    public let fieldOfQuestion: [String: String]
    public let questionOfField: [String: String]
    /// The optional note beside each question (`CL_CHILD_1_note`), and back: a record keeps a note per answer.
    public let noteFieldOfQuestion: [String: String]
    public let questionOfNoteField: [String: String]
    /// The optional photo of each question (`CL_CHILD_1_photo`, an XLSForm `image` with `star questionnaire
    /// xlsform --photos`), and back: an import stores the photo as the answer's evidence (docs/evidence.md).
    public let photoFieldOfQuestion: [String: String]
    public let questionOfPhotoField: [String: String]
    /// Group names by cluster and point id.
    public let groupOfCluster: [String: String]
    public let groupOfPoint: [String: String]

    /// The fields every form carries besides its questions: who, where and when, and the pin.
    public enum Meta {
        public static let group = "visit"
        public static let factory = "factory"
        public static let visitStart = "visit_start"
        public static let visitEnd = "visit_end"
        public static let announced = "visit_announced"
        public static let kind = "kind"
        public static let assessors = "assessors"
        /// Calculated fields: `id@version` and the full digest of the compiled questionnaire.
        public static let questionnaire = "star_questionnaire"
        public static let digest = "star_digest"
        /// Filled in by the tablet.
        public static let start = "start", end = "end", deviceID = "deviceid"
        public static let all = [group, factory, visitStart, visitEnd, kind, announced, assessors, questionnaire, digest, start, end, deviceID]
    }

    /// What a question's note field adds to its name.
    public static let noteSuffix = "_note"
    /// What a question's photo field adds to its name.
    public static let photoSuffix = "_photo"

    /// The field name of a question, cluster or point id: dots become underscores.
    public static func name(of id: String) -> String {
        id.replacingOccurrences(of: ".", with: "_")
    }

    /// The form version of a compiled questionnaire.
    public static func formVersion(of questionnaire: CompiledQuestionnaire) -> String {
        let hex = questionnaire.digest.hasPrefix("sha256:") ? questionnaire.digest.dropFirst(7) : Substring(questionnaire.digest)
        return "\(questionnaire.version)+\(hex.prefix(12))"
    }

    /// The value of the `star_questionnaire` field.
    public static func pinText(of questionnaire: CompiledQuestionnaire) -> String {
        "\(questionnaire.id)@\(questionnaire.version)"
    }

    /// Names every cluster, point and question; a name that is not an XML name, or that two ids share,
    /// is an error located at the question's origin.
    public static func make(_ questionnaire: CompiledQuestionnaire) -> (FormFields?, [Diagnostic]) {
        var owner: [String: String] = [:]
        for meta in Meta.all { owner[meta] = "star's own field '\(meta)'" }
        var diagnostics: [Diagnostic] = []
        var fieldOfQuestion: [String: String] = [:]
        var questionOfField: [String: String] = [:]
        var noteFieldOfQuestion: [String: String] = [:]
        var questionOfNoteField: [String: String] = [:]
        var photoFieldOfQuestion: [String: String] = [:]
        var questionOfPhotoField: [String: String] = [:]
        var groupOfCluster: [String: String] = [:]
        var groupOfPoint: [String: String] = [:]
        let questionnaireFile = questionnaire.sources.last?.file ?? questionnaire.id

        func claim(_ id: String, what: String, at location: SourceLocation, suffix: String = "") -> String? {
            let name = name(of: id) + suffix
            if let problem = xmlNameProblem(name) {
                diagnostics.append(.error("invalid-field-name", "\(what) '\(id)' cannot be named in an XLSForm: '\(name)' \(problem)", at: location))
                return nil
            }
            if let other = owner[name] {
                diagnostics.append(
                    .error(
                        "field-name-collision", "\(what) '\(id)' and \(other) would both be named '\(name)' in an XLSForm", at: location,
                        notes: ["ids that differ only by '.' and '_' cannot share a form; give one of them another id"]))
                return nil
            }
            owner[name] = "\(what) '\(id)'"
            return name
        }
        for cluster in questionnaire.clusters {
            groupOfCluster[cluster.id] = claim(cluster.id, what: "cluster", at: SourceLocation(file: questionnaireFile))
            for point in cluster.points {
                groupOfPoint[point.id] = claim(point.id, what: "compliance point", at: SourceLocation(file: questionnaireFile))
                for question in point.questions {
                    let location = SourceLocation(file: question.origin.file, line: question.origin.line)
                    // A question whose own name is refused is told once, not again for its note.
                    guard let name = claim(question.id, what: "question", at: location) else { continue }
                    fieldOfQuestion[question.id] = name
                    questionOfField[name] = question.id
                    if let note = claim(question.id, what: "the note on question", at: location, suffix: noteSuffix) {
                        noteFieldOfQuestion[question.id] = note
                        questionOfNoteField[note] = question.id
                    }
                    if let photo = claim(question.id, what: "the photo of question", at: location, suffix: photoSuffix) {
                        photoFieldOfQuestion[question.id] = photo
                        questionOfPhotoField[photo] = question.id
                    }
                }
            }
        }
        guard diagnostics.isEmpty else { return (nil, diagnostics) }
        return (
            FormFields(
                questionnaire: questionnaire, formID: questionnaire.id, formVersion: formVersion(of: questionnaire),
                fieldOfQuestion: fieldOfQuestion, questionOfField: questionOfField,
                noteFieldOfQuestion: noteFieldOfQuestion, questionOfNoteField: questionOfNoteField,
                photoFieldOfQuestion: photoFieldOfQuestion, questionOfPhotoField: questionOfPhotoField,
                groupOfCluster: groupOfCluster, groupOfPoint: groupOfPoint), []
        )
    }

    /// Why `name` is not a field name (an XML name, as XLSForm needs, in a narrow ASCII form), or nil.
    static func xmlNameProblem(_ name: String) -> String? {
        guard let first = name.unicodeScalars.first else { return "is empty" }
        func isLetter(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) || ("A"..."Z").contains(c) }
        guard isLetter(first) || first == "_" else { return "does not start with a letter or '_'" }
        guard name.unicodeScalars.allSatisfy({ isLetter($0) || ("0"..."9").contains($0) || $0 == "_" }) else {
            // '-' and '/' separate groups in the exports' column names, so a field never holds them.
            return "may hold only ASCII letters, digits and '_'"
        }
        if name.lowercased().hasPrefix("xml") { return "starts with 'xml', which XML reserves" }
        return nil
    }
}
