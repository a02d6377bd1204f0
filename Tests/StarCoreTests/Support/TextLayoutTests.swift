import StarCore
import Testing

@Suite struct TextLayoutTests {
    @Test func linesBreakAtSpacesNeverInsideAWord() {
        let text = "Observe the production areas, canteen and any childcare room, early in the morning."
        let wrapped = TextLayout.wrap(text, width: 30, indent: "  ")
        #expect(wrapped == "  Observe the production\n  areas, canteen and any\n  childcare room, early in the\n  morning.")
        #expect(wrapped.split(separator: "\n").allSatisfy { $0.count <= 30 })
    }

    @Test func aWordLongerThanALineStandsAlone() {
        #expect(TextLayout.lines("a supercalifragilisticexpialidocious b", width: 10) == ["a", "supercalifragilisticexpialidocious", "b"])
    }

    @Test func lineBreaksInTheTextAreKept() {
        #expect(TextLayout.lines("one\n\ntwo", width: 10) == ["one", "", "two"])
    }
}
