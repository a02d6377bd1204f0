import Foundation
import Testing

@Suite struct FactoryCommandTests {
    @Test func addWritesOneCanonicalFileAndListShowsIt() throws {
        let star = try StarRunner(fixture: "minimal")
        defer { star.cleanUp() }
        try star.expectGolden(
            "factory-add",
            ["factory", "add", "KH-0001", "--name", "NO Apparel: 1:30", "--country", "KH", "--industry", "garment", "--workers", "1200", "--women", "960"])
        let file = try String(contentsOfFile: star.path("factories/KH/KH-0001.yaml"), encoding: .utf8)
        #expect(
            file == """
                country: "KH"
                id: "KH-0001"
                industry: "garment"
                name: "NO Apparel: 1:30"
                star: "factory/1"
                workers:
                  total: 1200
                  women: 960

                """)
        try star.expectGolden("factory-show", ["factory", "show", "KH-0001"])
        try star.expectGolden("factory-list-json", ["factory", "list", "--format", "json"])
    }

    @Test func addRefusesDuplicatesAndHostileIDs() throws {
        let star = try StarRunner(fixture: "minimal")
        defer { star.cleanUp() }
        #expect(try star.run(["factory", "add", "KH-0001", "--name", "A", "--country", "KH", "--industry", "garment"]).status == 0)
        let before = try String(contentsOfFile: star.path("factories/KH/KH-0001.yaml"), encoding: .utf8)
        // Same id in another country is still the same factory.
        try star.expectGolden("factory-add-duplicate", ["factory", "add", "KH-0001", "--name", "B", "--country", "VN", "--industry", "garment"])
        #expect(try String(contentsOfFile: star.path("factories/KH/KH-0001.yaml"), encoding: .utf8) == before)
        #expect(!FileManager.default.fileExists(atPath: star.path("factories/VN")))
        try star.expectGolden(
            "factory-add-hostile",
            ["factory", "add", "../../etc/passwd", "--name", " ", "--country", "kh", "--industry", "Garment", "--workers", "10", "--women", "11"])
        try star.expectGolden(
            "factory-add-women-only", ["factory", "add", "KH-0002", "--name", "A", "--country", "KH", "--industry", "garment", "--women", "3"])
        try star.expectGolden("factory-show-unknown", ["factory", "show", "KH-0404"])
    }

    @Test func aHandEditedFileInTheWrongPlaceIsReported() throws {
        let star = try StarRunner(fixture: "minimal")
        defer { star.cleanUp() }
        try FileManager.default.createDirectory(atPath: star.path("factories/VN"), withIntermediateDirectories: true)
        try "star: factory/1\nid: KH-0009\nname: \"X\"\ncountry: KH\nindustry: garment\nsize: big\n".write(
            toFile: star.path("factories/VN/KH-0009.yaml"), atomically: true, encoding: .utf8)
        try star.expectGolden("factory-list-invalid", ["factory", "list"])
    }
}
