import Foundation
import Testing

/// `star questionnaire xlsform` and `star assess import` on the minimal fixture (xx-garment 2026.1:
/// CL.CHILD.1 yes-no, CL.CHILD.2 choice, XX.WT.OT.1 yes-no, XX.WT.OT.2 number when XX.WT.OT.1 == yes).
@Suite struct FieldCommandTests {
    private func ready() throws -> (StarRunner, digest: String) {
        let star = try StarRunner(fixture: "minimal")
        #expect(try star.run(["questionnaire", "compile"]).status == 0)
        #expect(try star.run(["factory", "add", "XX-0001", "--name", "Xland Shirts", "--country", "XX", "--industry", "garment"]).status == 0)
        let compiled = try String(contentsOfFile: star.path("questionnaires/compiled/xx-garment/2026.1.json"), encoding: .utf8)
        let digest = try #require(compiled.split(separator: "\n").first { $0.contains("\"digest\": \"sha256:") }?.split(separator: "\"")[3])
        return (star, String(digest))
    }

    @Test func xlsformWritesTheWorkbook() throws {
        let (star, digest) = try ready()
        defer { star.cleanUp() }
        let output = try star.run(["questionnaire", "xlsform", "xx-garment@2026.1", "--out", "forms/xx.xlsx"])
        #expect(output.status == 0)
        #expect(output.stdout == "")
        #expect(output.stderr == "wrote forms/xx.xlsx: 4 questions of xx-garment 2026.1, form version 2026.1+\(digest.dropFirst(7).prefix(12))\n")
        let bytes = try #require(FileManager.default.contents(atPath: star.path("forms/xx.xlsx")))
        #expect(bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]))
        let again = try star.run(["questionnaire", "xlsform", "xx-garment@2026.1", "--out", "forms/xx.xlsx"])
        #expect(again.stderr.hasPrefix("unchanged forms/xx.xlsx: "))
    }

    @Test func xlsformNeedsACommittedCompiledVersion() throws {
        let (star, _) = try ready()
        defer { star.cleanUp() }
        let output = try star.run(["questionnaire", "xlsform", "xx-garment", "--out", "xx.xlsx"])
        #expect(output.status == 64)
        #expect(output.stderr == "error: name a committed compiled questionnaire as id@version, such as kh-garment@2026.1 (see 'star questionnaire compile')\n")
        let missing = try star.run(["questionnaire", "xlsform", "xx-garment@2030.1", "--out", "xx.xlsx"])
        #expect(missing.status == 64)
        #expect(!FileManager.default.fileExists(atPath: star.path("xx.xlsx")))
    }

    @Test func importReportsEachSubmissionAndEveryProblem() throws {
        let (star, digest) = try ready()
        defer { star.cleanUp() }
        let csv = """
            SubmissionDate,star_questionnaire,star_digest,visit-factory,visit-visit_start,visit-kind,CL-CL_CHILD-CL_CHILD_1,CL-CL_CHILD-CL_CHILD_2,WT-WT_OT-XX_WT_OT_1,WT-WT_OT-XX_WT_OT_2,meta-instanceID,KEY,SubmitterName
            2026-03-15T09:30:12.345Z,xx-garment@2026.1,\(digest),XX-0001,2026-03-14,assessment,no,no,yes,61,uuid:aaaaaaaa-0000-4000-8000-000000000001,uuid:aaaaaaaa-0000-4000-8000-000000000001,Sophea
            2026-03-15T09:31:00.000Z,xx-garment@2026.1,\(digest),XX-0001,2026-03-21,assessment,no,perhaps,yes,,uuid:aaaaaaaa-0000-4000-8000-000000000002,uuid:aaaaaaaa-0000-4000-8000-000000000002,Dara

            """
        try csv.write(toFile: star.path("export.csv"), atomically: true, encoding: .utf8)
        let output = try star.run(["assess", "import", "export.csv", "--format", "odk"])
        #expect(output.status == 1)
        #expect(
            output.stdout
                == "imported: submission 1 (uuid:aaaaaaaa-0000-4000-8000-000000000001) -> assessments/XX/XX-0001/2026-03-14.json, draft XX-0001/2026-03-14, 4 answers\n"
        )
        #expect(
            output.stderr == """
                export.csv:3:8: error: 'perhaps' is not an option of 'CL.CHILD.2'; the options are original-document, no [invalid-answer]
                  note: column 'CL-CL_CHILD-CL_CHILD_2' of submission 2
                1 error, 0 warnings
                2 submissions: 1 imported, 0 imported before, 1 not imported

                """)
        let shown = try star.run(["assess", "show", "XX-0001/2026-03-14"])
        #expect(shown.status == 0)
        #expect(shown.stdout.contains("non-compliant"))
        let again = try star.run(["assess", "import", "export.csv", "--format", "odk"])
        #expect(again.stdout == "unchanged: submission 1 (uuid:aaaaaaaa-0000-4000-8000-000000000001) was imported before, as XX-0001/2026-03-14\n")
        #expect(try star.run(["assess", "finalize", "XX-0001/2026-03-14"]).status == 0)
    }

    @Test func importOfAFileThatIsNoExportIsOneError() throws {
        let (star, _) = try ready()
        defer { star.cleanUp() }
        try "{\"count\": 0}".write(toFile: star.path("export.json"), atomically: true, encoding: .utf8)
        let output = try star.run(["assess", "import", "export.json", "--format", "kobo"])
        #expect(output.status == 1)
        #expect(
            output.stderr
                == "export.json:1:1: error: the export must be a list of submissions, or an object with 'value' (ODK Central) or 'results' (KoboToolbox) [wrong-type]\n1 error, 0 warnings\n"
        )
        let unknownFormat = try star.run(["assess", "import", "export.json", "--format", "surveycto"])
        #expect(unknownFormat.status == 64)
    }
}
