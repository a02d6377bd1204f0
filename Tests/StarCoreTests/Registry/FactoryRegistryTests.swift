import Foundation
import StarCore
import Testing

/// Problems `add` refused with, or nil when it did not refuse for that reason.
private func refusal(adding factory: Factory, to registry: FactoryRegistry) -> [String]? {
    do throws(RegistryError) {
        try registry.add(factory)
        return nil
    } catch {
        guard case .invalid(let problems) = error else { return nil }
        return problems
    }
}

@Suite struct FactoryRegistryTests {
    @Test func aValidOSIDIsStoredAndReadBack() throws {
        let scratch = try ScratchRepository()
        defer { scratch.remove() }
        let registry = FactoryRegistry(repository: scratch.repository)
        try registry.add(Factory(id: "BD-0001", name: "Zaber", country: "BD", industry: "garment", osID: "BD2021113R7R87P"))
        #expect(try scratch.read("factories/BD/BD-0001.yaml").contains("os-id: \"BD2021113R7R87P\"\n"))
        let (factories, diagnostics) = registry.load()
        #expect(diagnostics.isEmpty)
        #expect(factories.map(\.osID) == ["BD2021113R7R87P"])
    }

    @Test func addRefusesAWrongCheckCharacter() throws {
        let scratch = try ScratchRepository()
        defer { scratch.remove() }
        let registry = FactoryRegistry(repository: scratch.repository)
        let factory = Factory(id: "BD-0001", name: "Zaber", country: "BD", industry: "garment", osID: "BD2021113R7R87Q")
        #expect(refusal(adding: factory, to: registry) == ["OS ID 'BD2021113R7R87Q' is not valid: check character is Q, expected P (is a character mistyped?)"])
        #expect(!scratch.exists("factories/BD/BD-0001.yaml"))
    }

    @Test func addRefusesAnOSIDOfAnotherCountry() throws {
        let scratch = try ScratchRepository()
        defer { scratch.remove() }
        let registry = FactoryRegistry(repository: scratch.repository)
        let factory = Factory(id: "KH-0001", name: "Angkor", country: "KH", industry: "garment", osID: "BD2021113R7R87P")
        #expect(refusal(adding: factory, to: registry) == ["OS ID 'BD2021113R7R87P' is for a facility in BD, but the factory's country is KH"])
    }

    @Test func readReportsABadOSIDAsAnInvalidFactory() {
        let text = """
            star: factory/1
            id: KH-0001
            name: Angkor
            country: KH
            industry: garment
            os-id: BD2021113R7R87
            """
        let (factory, diagnostics) = FactoryRegistry.read(text, file: "factories/KH/KH-0001.yaml")
        #expect(factory == nil)
        #expect(diagnostics.map(\.code) == ["invalid-factory", "invalid-factory"])
        #expect(
            diagnostics.map(\.message) == [
                "OS ID 'BD2021113R7R87' has 14 characters, expected 15: a country code, the year and day it was created (7 digits), 5 characters and a check character",
                "OS ID 'BD2021113R7R87' is for a facility in BD, but the factory's country is KH",
            ])
        #expect(diagnostics.map(\.location) == [SourceLocation(file: "factories/KH/KH-0001.yaml"), SourceLocation(file: "factories/KH/KH-0001.yaml")])
    }

    @Test func aHostileIDInAFileIsNotTurnedIntoAPathInTheMessages() {
        let text = "star: factory/1\nid: ../../x\nname: A\ncountry: KH\nindustry: garment\n"
        let (_, diagnostics) = FactoryRegistry.read(text, file: "factories/KH/x.yaml")
        #expect(diagnostics.map(\.code) == ["invalid-factory"])
    }

    @Test func workerCountsMustBeWholeNumbers() {
        let text = "star: factory/1\nid: KH-0001\nname: A\ncountry: KH\nindustry: garment\nworkers:\n  total: 1e300\n  women: 12.5\n"
        let (factory, diagnostics) = FactoryRegistry.read(text, file: "factories/KH/KH-0001.yaml")
        #expect(factory == nil)
        #expect(
            diagnostics == [
                .error("wrong-type", "total must be a whole number, found '1e300'", at: SourceLocation(file: "factories/KH/KH-0001.yaml", line: 7, column: 10))
            ])
        let (_, women) = FactoryRegistry.read(text.replacingOccurrences(of: "1e300", with: "20"), file: "factories/KH/KH-0001.yaml")
        #expect(
            women == [
                .error("wrong-type", "women must be a whole number, found '12.5'", at: SourceLocation(file: "factories/KH/KH-0001.yaml", line: 8, column: 10))
            ])
    }
}
