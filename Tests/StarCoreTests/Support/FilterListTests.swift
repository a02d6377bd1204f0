import StarCore
import Testing

@Suite struct FilterListTests {
    @Test func spacesAroundCommasAreTrimmedAndEmptyEntriesDropped() {
        #expect(FilterList(" KH , VN,,HT, ").values == ["KH", "VN", "HT"])
    }

    @Test func everyUnknownValueIsNamedWithTheKnownOnes() {
        #expect(
            FilterList("KH,XX").problem(option: "--country", known: ["KH", "VN"], what: "countries of the registered factories")
                == "--country: 'XX' is not known; the countries of the registered factories are KH, VN")
        #expect(
            FilterList("VM,QQ").problem(option: "--country", known: ["KH", "VN"], what: "countries")
                == "--country: 'VM' (did you mean 'VN'?), 'QQ' are not known; the countries are KH, VN")
    }

    @Test func knownValuesPass() {
        #expect(FilterList("KH, VN").problem(option: "--country", known: ["KH", "VN"], what: "countries") == nil)
    }

    @Test func anEmptyListAndAnEmptyRepositoryAreSaidSo() {
        #expect(
            FilterList(",").problem(option: "--country", known: ["KH"], what: "countries")
                == "--country names nothing; give one or more values, separated by commas")
        #expect(FilterList("KH").problem(option: "--country", known: [], what: "countries") == "--country: 'KH' is not known; there are no countries yet")
    }
}
