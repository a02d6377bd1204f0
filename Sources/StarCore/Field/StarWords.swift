/// The few texts a form needs besides the questionnaire's own: the labels of the visit fields and of the
/// shared yes/no and kind choices. English and French are written out; another language falls back to
/// English, and the country team can translate the form's first sheet rows by hand if it wishes.
enum StarWords {
    enum Key {
        case visit, factory, factoryHint, factoryConstraint, visitStart, visitEnd, visitEndHint, visitEndConstraint
        case kind, kindAssessment, kindFollowUp, kindSelfAssessment, announced, assessors, assessorsHint, yes, no, note, photo
    }

    static func text(_ key: Key, in language: String) -> String {
        let french = language == "fr"
        switch key {
        case .visit: return french ? "Visite" : "Visit"
        case .factory: return french ? "Identifiant de l'usine (registre star)" : "Factory id (as in the star registry)"
        case .factoryHint: return french ? "Par exemple KH-0001" : "For example KH-0001"
        case .factoryConstraint: return french ? "Lettres, chiffres, '-', '_' et '.' seulement" : "Letters, digits, '-', '_' and '.' only"
        case .visitStart: return french ? "Premier jour de la visite" : "First day of the visit"
        case .visitEnd: return french ? "Dernier jour de la visite" : "Last day of the visit"
        case .visitEndHint: return french ? "Laisser vide pour une visite d'un jour" : "Leave empty for a one-day visit"
        case .visitEndConstraint: return french ? "La visite ne peut finir avant de commencer" : "The visit cannot end before it starts"
        case .kind: return french ? "Type de visite" : "Kind of visit"
        case .kindAssessment: return french ? "Évaluation" : "Assessment"
        case .kindFollowUp: return french ? "Suivi" : "Follow-up"
        case .kindSelfAssessment: return french ? "Auto-évaluation" : "Self-assessment"
        case .announced: return french ? "La visite était-elle annoncée ?" : "Was the visit announced?"
        case .assessors: return french ? "Évaluateurs" : "Assessors"
        case .assessorsHint:
            return french ? "Identifiants séparés par des espaces, avec le genre si souhaité : adv-sophea:female adv-dara:male"
                : "Ids separated by spaces, each with a gender if wished: adv-sophea:female adv-dara:male"
        case .yes: return french ? "Oui" : "Yes"
        case .no: return french ? "Non" : "No"
        case .note: return french ? "Note (facultative) sur" : "Note (optional) on"
        case .photo: return french ? "Photo (facultative, preuve) pour" : "Photo (optional, evidence) for"
        }
    }

    /// The language's own name, for the `label::English (en)` columns; the code itself when unknown.
    static func languageName(_ code: String) -> String {
        [
            "en": "English", "fr": "Français", "es": "Español", "pt": "Português", "ar": "العربية", "bn": "বাংলা",
            "km": "ខ្មែរ", "vi": "Tiếng Việt", "id": "Bahasa Indonesia", "ht": "Kreyòl ayisyen", "ur": "اردو",
            "zh": "中文", "th": "ไทย", "my": "မြန်မာ", "lo": "ລາວ", "sw": "Kiswahili", "am": "አማርኛ", "tr": "Türkçe",
        ][code] ?? code
    }
}
