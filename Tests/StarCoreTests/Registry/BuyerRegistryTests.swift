import Foundation
import StarCore
import Testing

/// What `add` refused with, or nil when it succeeded.
private func refusal(adding buyer: Buyer, to registry: BuyerRegistry) -> RegistryError? {
    do throws(RegistryError) {
        try registry.add(buyer)
        return nil
    } catch {
        return error
    }
}

private func problems(_ error: RegistryError?) -> [String]? {
    guard case .invalid(let problems) = error else { return nil }
    return problems
}

@Suite struct BuyerRegistryTests {
    @Test func addWritesOneCanonicalFileThatLoadsBack() throws {
        let scratch = try ScratchRepository()
        defer { scratch.remove() }
        let registry = BuyerRegistry(repository: scratch.repository)
        let buyer = Buyer(id: "nordwear", name: "NO Wear: 1:30", country: "SE", contact: "yes")
        try registry.add(buyer)
        #expect(
            try scratch.read("buyers/nordwear.yaml") == """
                contact: "yes"
                country: "SE"
                id: "nordwear"
                name: "NO Wear: 1:30"
                star: "buyer/1"

                """)
        let (buyers, diagnostics) = registry.load()
        #expect(diagnostics.isEmpty)
        #expect(buyers == [buyer])
        #expect(registry.buyer(id: "nordwear") == buyer)
    }

    @Test func countryAndContactAreOptional() throws {
        let scratch = try ScratchRepository()
        defer { scratch.remove() }
        let registry = BuyerRegistry(repository: scratch.repository)
        try registry.add(Buyer(id: "b", name: "B"))
        try registry.add(Buyer(id: "a", name: "A"))
        #expect(try scratch.read("buyers/a.yaml") == "id: \"a\"\nname: \"A\"\nstar: \"buyer/1\"\n")
        #expect(registry.load().buyers == [Buyer(id: "a", name: "A"), Buyer(id: "b", name: "B")])
    }

    @Test func aDuplicateIsRefusedAndTheFileKept() throws {
        let scratch = try ScratchRepository()
        defer { scratch.remove() }
        let registry = BuyerRegistry(repository: scratch.repository)
        try registry.add(Buyer(id: "nordwear", name: "Nordwear AB"))
        let before = try scratch.read("buyers/nordwear.yaml")
        let error = refusal(adding: Buyer(id: "nordwear", name: "Someone else"), to: registry)
        guard case .duplicate(let message) = error else {
            Issue.record("expected a duplicate, got \(String(describing: error))")
            return
        }
        #expect(message == "buyer 'nordwear' is already registered (buyers/nordwear.yaml)")
        #expect(try scratch.read("buyers/nordwear.yaml") == before)
    }

    @Test(arguments: ["../x", "/etc/passwd", "a/../../x", "a\u{0}b", "a\nb", "a\u{1B}[2J", ".hidden", ""])
    func hostileIDsAreRefusedBeforeAnyPathIsBuilt(id: String) throws {
        let scratch = try ScratchRepository()
        defer { scratch.remove() }
        let error = refusal(adding: Buyer(id: id, name: "X"), to: BuyerRegistry(repository: scratch.repository))
        #expect(problems(error) == [Identifier.problem(with: id, as: .buyer)!])
        #expect(!scratch.exists("x.yaml"))
        #expect(!scratch.exists("../x.yaml"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.repository.path("buyers")) == [".gitkeep"])
    }

    @Test func hostileIDMessagesNameTheRule() {
        #expect(
            Buyer.problems(id: "../x", name: "X", country: nil, contact: nil)
                == ["buyer id '../x' must start with a letter or digit and use only letters, digits, '-', '_' and '.'"])
        #expect(Buyer.problems(id: "a\u{1B}[2J", name: "X", country: nil, contact: nil) == ["buyer id contains a control character"])
    }

    @Test func everyBadValueIsReported() {
        #expect(
            Buyer.problems(id: "nordwear", name: " ", country: "se", contact: "") == [
                "the buyer name is empty",
                "country 'se' must be an ISO 3166-1 alpha-2 code such as US, GB or SE",
                "the buyer contact is empty; leave it out instead",
            ])
    }

    @Test func aFileInTheWrongPlaceIsReportedAndSkipped() throws {
        let scratch = try ScratchRepository()
        defer { scratch.remove() }
        try scratch.write("star: buyer/1\nid: nordwear\nname: Nordwear AB\n", to: "buyers/SE/nordwear.yaml")
        let (buyers, diagnostics) = BuyerRegistry(repository: scratch.repository).load()
        #expect(buyers.isEmpty)
        #expect(
            diagnostics == [.error("misplaced-file", "buyer 'nordwear' belongs in buyers/nordwear.yaml", at: SourceLocation(file: "buyers/SE/nordwear.yaml"))])
    }

    @Test func unknownKeysAreReportedByName() {
        let text = """
            star: buyer/1
            id: nordwear
            name: Nordwear AB
            contcat: sourcing@nordwear.example
            size: big
            """
        let (buyer, diagnostics) = BuyerRegistry.read(text, file: "buyers/nordwear.yaml")
        #expect(buyer == nil)
        #expect(
            diagnostics == [
                .error(
                    "unknown-key", "unknown key 'contcat' in a buyer", at: SourceLocation(file: "buyers/nordwear.yaml", line: 4, column: 1),
                    notes: ["did you mean 'contact'?"]),
                .error(
                    "unknown-key", "unknown key 'size' in a buyer", at: SourceLocation(file: "buyers/nordwear.yaml", line: 5, column: 1),
                    notes: ["allowed keys: star, id, name, country, contact"]),
            ])
    }

    @Test func missingKeysAndAnotherFormatAreReported() {
        let (_, missing) = BuyerRegistry.read("star: buyer/1\nid: nordwear\n", file: "buyers/nordwear.yaml")
        #expect(missing.map(\.message) == ["a buyer is missing required key 'name'"])
        let (_, format) = BuyerRegistry.read("star: buyer/2\nid: nordwear\nname: N\n", file: "buyers/nordwear.yaml")
        #expect(
            format == [
                .error(
                    "unsupported-format", "unsupported format 'buyer/2'; this version of star reads 'buyer/1'",
                    at: SourceLocation(file: "buyers/nordwear.yaml", line: 1, column: 7))
            ])
    }

    @Test func badValuesInAFileAreInvalidBuyers() {
        let (buyer, diagnostics) = BuyerRegistry.read("star: buyer/1\nid: ../x\nname: N\ncountry: Sweden\n", file: "buyers/x.yaml")
        #expect(buyer == nil)
        // No misplaced-file finding: where a hostile id would lead is not worth printing.
        #expect(diagnostics.map(\.code) == ["invalid-buyer", "invalid-buyer"])
        #expect(
            diagnostics.map(\.message) == [
                "buyer id '../x' must start with a letter or digit and use only letters, digits, '-', '_' and '.'",
                "country 'Sweden' must be an ISO 3166-1 alpha-2 code such as US, GB or SE",
            ])
    }

    @Test func valuesAreReadAsWritten() {
        let (buyer, diagnostics) = BuyerRegistry.read("star: buyer/1\nid: nordwear\nname: NO\ncontact: 2026-03-14\n", file: "buyers/nordwear.yaml")
        #expect(diagnostics.isEmpty)
        #expect(buyer == Buyer(id: "nordwear", name: "NO", contact: "2026-03-14"))
    }
}
