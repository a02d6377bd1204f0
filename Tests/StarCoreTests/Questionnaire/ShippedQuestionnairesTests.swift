import Foundation
import StarCore
import Testing

private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

/// Every file under `folder` of the package, by path relative to it.
private func files(under folder: String) throws -> [String: Data] {
    let base = packageRoot.appendingPathComponent(folder)
    var found: [String: Data] = [:]
    let enumerator = try #require(FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey]))
    for case let url as URL in enumerator where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
        found[String(url.path.dropFirst(base.path.count + 1))] = try Data(contentsOf: url)
    }
    return found
}

@Suite struct ShippedQuestionnairesTests {
    @Test func theEmbeddedSourcesAreThoseOfQuestionnaires() throws {
        let onDisk = try files(under: "questionnaires").filter { !$0.key.hasPrefix("compiled/") }
        let embedded = try ShippedQuestionnaires.files(for: ShippedQuestionnaires.countries).get()
        #expect(Set(embedded.map(\.path)) == Set(onDisk.keys.map { "questionnaires/" + $0 }), "run scripts/embed_questionnaires.py")
        for file in embedded {
            #expect(
                Data(file.text.utf8) == onDisk[String(file.path.dropFirst("questionnaires/".count))],
                "\(file.path) differs: run scripts/embed_questionnaires.py")
        }
        #expect(ShippedQuestionnaires.countries == ["HT", "KH", "VN"])
    }

    @Test func theExamplesQuestionnairesAreACopyOfTheShippedOnes() throws {
        let shipped = try files(under: "questionnaires")
        let copied = try files(under: "examples/questionnaires")
        #expect(Set(copied.keys) == Set(shipped.keys))
        for (path, bytes) in shipped { #expect(copied[path] == bytes, "examples/questionnaires/\(path) differs from questionnaires/\(path)") }
    }

    @Test func anUnknownCountryIsRefusedWithTheShippedOnes() {
        guard case .failure(let error) = ShippedQuestionnaires.files(for: ["KH", "XX"]) else {
            Issue.record("XX accepted")
            return
        }
        #expect(error.message == "--questionnaires: 'XX' is not known; the countries with a shipped questionnaire are HT, KH, VN")
    }

    @Test func aCountryComesWithTheBaseAndOnlyItsOwnFiles() throws {
        let files = try ShippedQuestionnaires.files(for: ["KH"]).get()
        #expect(
            files.map(\.path).sorted() == [
                "questionnaires/KH/core.km.yaml", "questionnaires/KH/garment.km.yaml", "questionnaires/KH/garment.yaml",
                "questionnaires/core.yaml",
            ])
    }

    @Test func everyNumberQuestionOfTheShippedQuestionnairesHasConstraints() throws {
        let library = QuestionnaireLibrary(files: try ShippedQuestionnaires.files(for: ShippedQuestionnaires.countries).get())
        for id in library.assessableIDs {
            let compiled = try #require(QuestionnaireCompiler.compile(id, in: library).questionnaire)
            for question in compiled.questions where question.type == .number {
                #expect(question.constraints.minimum != nil, "\(id): \(question.id) has no min")
            }
        }
    }
}
