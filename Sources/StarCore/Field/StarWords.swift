/// The few texts a form needs besides the questionnaire's own: the labels of the visit fields and of the
/// shared yes/no and kind choices: `form.<key>` in strings/<language>.yaml (StringTables). A language without
/// a strings file falls back to English, and the country team can translate the form's first sheet rows by
/// hand if it wishes.
enum StarWords {
    enum Key: String, CaseIterable {
        case visit, factory, factoryHint, factoryConstraint, visitStart, visitEnd, visitEndHint, visitEndConstraint
        case kind, kindAssessment, kindFollowUp, kindSelfAssessment, announced, assessors, assessorsHint, yes, no, note, photo

        /// The key in the strings files.
        var tableKey: String { "form." + rawValue }
    }

    static func text(_ key: Key, in language: String) -> String {
        StringTables.text(key.tableKey, in: language)
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
