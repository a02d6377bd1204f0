import Foundation
import Testing

@testable import StarCore

private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

/// Every key the code asks StringTables for.
private let usedKeys = Set(ReportStrings.Key.allCases.map(\.tableKey) + StarWords.Key.allCases.map(\.tableKey))

@Suite struct StringTablesTests {
    @Test func theEmbeddedTablesAreTheFilesOfStrings() throws {
        let folder = packageRoot.appendingPathComponent("strings")
        let onDisk = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(StringTables.texts.map(\.path) == onDisk.map { "strings/" + $0 }, "run scripts/embed_strings.py")
        for (path, text) in StringTables.texts {
            #expect(Data(text.utf8) == (try? Data(contentsOf: packageRoot.appendingPathComponent(path))), "\(path) differs: run scripts/embed_strings.py")
        }
    }

    @Test func everyFileReadsAndNamesTheLanguageOfItsName() throws {
        for (path, text) in StringTables.texts {
            let table = try StringTables.table(from: text)
            #expect(path == "strings/\(table.language).yaml")
            #expect(!table.name.isEmpty)
        }
        #expect(StringTables.languages == ["en", "fr"])
    }

    @Test func everyKeyTheCodeUsesHasATextInEveryLanguageAndNoFileHasAKeyNobodyUses() throws {
        for (path, text) in StringTables.texts {
            let keys = Set(try StringTables.table(from: text).texts.keys)
            #expect(usedKeys.subtracting(keys).sorted() == [], "\(path) lacks these keys")
            #expect(keys.subtracting(usedKeys).sorted() == [], "\(path) has keys no code uses")
            for key in keys { #expect(StringTables.tables.values.allSatisfy { !($0.texts[key] ?? "").isEmpty }, "\(key) is empty somewhere") }
        }
    }

    @Test func aLanguageWithoutAFileOrATextFallsBackToEnglish() {
        #expect(StringTables.text("report.factory", in: "km") == "Factory")
        #expect(StringTables.text("form.visitStart", in: "vi") == "First day of the visit")
        #expect(StringTables.text("form.visitStart", in: "fr") == "Premier jour de la visite")
        #expect(StarWords.text(.yes, in: "fr") == "Oui")
    }

    @Test func aNewLanguageIsAFileOfTheSameShape() throws {
        let khmer = try StringTables.table(
            from: """
                star: strings/1
                language: km
                name: ខ្មែរ
                texts:
                  report.factory: "រោងចក្រ"

                """)
        #expect(khmer.language == "km" && khmer.texts == ["report.factory": "រោងចក្រ"])
        #expect(throws: StringTables.TableError.notATable) { try StringTables.table(from: "star: strings/2\nlanguage: km\nname: x\ntexts: {}\n") }
        #expect(throws: StringTables.TableError.notATable) { try StringTables.table(from: "star: strings/1\nlanguage: km\nname: x\ntexts: {a: [1]}\n") }
    }
}
