import Testing

@testable import StarCore

private let allKinds: [Identifier.Kind] = [.questionnaire, .version, .factory, .buyer, .question, .option, .parameter, .language, .assessor]

@Suite struct IdentifierTests {
    @Test(arguments: allKinds)
    func parentDirectoryIsRejected(kind: Identifier.Kind) {
        #expect(Identifier.problem(with: "../x", as: kind) != nil)
        #expect(Identifier.problem(with: "..", as: kind) != nil)
        #expect(Identifier.problem(with: "a/../b", as: kind) != nil)
    }

    @Test(arguments: allKinds)
    func absolutePathIsRejected(kind: Identifier.Kind) {
        #expect(Identifier.problem(with: "/etc/passwd", as: kind) != nil)
    }

    @Test(arguments: allKinds)
    func controlCharactersAreRejected(kind: Identifier.Kind) {
        for hostile in ["a\u{0}b", "a\nb", "a\rb", "a\u{7F}", "a\u{1B}[2J"] {
            #expect(Identifier.problem(with: hostile, as: kind) == "\(kind.rawValue) id contains a control character")
        }
    }

    /// The byte-by-byte reading of the usual id accepts only what the rules accept, and every printable ASCII
    /// id they accept: ids from 20,000 records never take the slow way, and none takes a shortcut past a rule.
    @Test(arguments: allKinds)
    func theFastReadingAgreesWithTheRules(kind: Identifier.Kind) {
        let alphabet = Array("aZz09-_./ .yesnotandor".utf8)
        var generator = SystemRandomNumberGenerator()
        var accepted = 0
        for _ in 0..<20_000 {
            let length = Int.random(in: 1...6, using: &generator)
            let id = String(decoding: (0..<length).map { _ in alphabet.randomElement(using: &generator)! }, as: UTF8.self)
            let byRules = Identifier.ruleProblem(with: id, as: kind) == nil
            #expect(Identifier.isPlainValidASCII(id, as: kind) == byRules, "\(id) as \(kind)")
            if byRules { accepted += 1 }
        }
        for id in ["kh-garment", "2026.1", "KH-0001", "Q1.2_b", "en", "yes", "no"] {
            #expect(Identifier.isPlainValidASCII(id, as: kind) == (Identifier.ruleProblem(with: id, as: kind) == nil), "\(id) as \(kind)")
        }
        #expect(accepted > 100)
    }

    @Test(arguments: allKinds)
    func emptyIDIsRejected(kind: Identifier.Kind) {
        #expect(Identifier.problem(with: "", as: kind) == "\(kind.rawValue) id is empty")
    }

    @Test(arguments: allKinds)
    func backslashSpaceAndHiddenNamesAreRejected(kind: Identifier.Kind) {
        for hostile in ["a\\b", "a b", ".hidden", "-rf", "ａ"] {
            #expect(Identifier.problem(with: hostile, as: kind) != nil, "\(hostile) accepted as \(kind)")
        }
    }

    @Test(arguments: allKinds)
    func overlongIDIsRejected(kind: Identifier.Kind) {
        #expect(
            Identifier.problem(with: String(repeating: "a", count: 65), as: kind)
                == "\(kind.rawValue) id '\(String(repeating: "a", count: 65))' is longer than 64 characters")
    }

    @Test func messageNamesTheRule() {
        #expect(
            Identifier.problem(with: "../x", as: .factory)
                == "factory id '../x' must start with a letter or digit and use only letters, digits, '-', '_' and '.'")
        #expect(Identifier.problem(with: "KH..1", as: .factory) == "factory id 'KH..1' must not contain '..'")
    }

    @Test func validIDsOfEachKindAreAccepted() {
        #expect(Identifier.problem(with: "kh-garment", as: .questionnaire) == nil)
        #expect(Identifier.problem(with: "2026.1", as: .version) == nil)
        #expect(Identifier.problem(with: "KH-0001", as: .factory) == nil)
        #expect(Identifier.problem(with: "acme_buyer.eu", as: .buyer) == nil)
        #expect(Identifier.problem(with: "KH.WT.OT_2.1", as: .question) == nil)
        #expect(Identifier.problem(with: "cash-with-slip", as: .option) == nil)
        #expect(Identifier.problem(with: "minimum_age", as: .parameter) == nil)
        #expect(Identifier.problem(with: "en", as: .language) == nil)
        #expect(Identifier.problem(with: "adv-sophea", as: .assessor) == nil)
    }

    @Test func questionIDMustStartWithALetter() {
        #expect(Identifier.problem(with: "1.CL", as: .question) == "question id '1.CL' must start with a letter and not end with '.'")
    }

    @Test func reservedWordsAreNotQuestionIDs() {
        #expect(Identifier.problem(with: "not", as: .question) == "question id 'not' is a reserved word")
    }

    @Test func caseRulesDifferByKind() {
        #expect(
            Identifier.problem(with: "KH-Garment", as: .questionnaire)
                == "questionnaire id 'KH-Garment' must start with a letter or digit and use only lowercase letters, digits and '-'")
        #expect(Identifier.problem(with: "Minimum_age", as: .parameter) != nil)
    }
}
