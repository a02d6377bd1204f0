import StarCore
import Testing

@Suite struct UnknownIDTests {
    @Test func aMistypedIDIsAnsweredWithTheCloseOnes() {
        #expect(
            UnknownID.factory("KH-0013", among: ["KH-0012", "KH-0031", "VN-0001", "KH-0014", "HT-0007", "KH-0200"])
                == "no factory 'KH-0013' is registered (did you mean 'KH-0012' or 'KH-0014' or 'KH-0031'?); 'star factory list' shows those that are")
    }

    @Test func withNothingCloseAFewAreNamedAndManyAreLeftToTheList() {
        #expect(
            UnknownID.buyer("westwind", among: ["northwind-retail", "southbay"])
                == "no buyer 'westwind' is registered (registered: northwind-retail, southbay); 'star buyer list' shows those that are")
        let many = (1...9).map { "VN-000\($0)" }
        #expect(UnknownID.factory("KH-9999", among: many) == "no factory 'KH-9999' is registered; 'star factory list' shows those that are")
    }

    @Test func anEmptyRegistryIsSaidToBeEmpty() {
        #expect(UnknownID.factory("KH-0001", among: []) == "no factory 'KH-0001' is registered; none is registered yet")
    }
}
