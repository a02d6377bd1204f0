import Foundation
import StarCore
import Testing

/// A 1x1 PNG; `variant` appends bytes after its end, which gives other content (another digest) to the same picture.
private func png(_ variant: String = "") -> Data {
    Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")! + Data(variant.utf8)
}

/// The minimal fixture with XX-0001: a final record of 2026-03-14 (CL.CHILD.1 and XX.WT.OT.2 non-compliant), a
/// draft of 2026-04-02, a plan with items 1 (CL.CHILD) and 2 (WT.OT); two buyers; and photos beside it.
private func evidenceRepository() throws -> StarRunner {
    let star = try StarRunner(fixture: "minimal")
    #expect(try star.run(["questionnaire", "compile"]).status == 0)
    #expect(try star.run(["factory", "add", "XX-0001", "--name", "Factory One", "--country", "XX", "--industry", "garment"]).status == 0)
    for id in ["northwind", "southbay"] { #expect(try star.run(["buyer", "add", id, "--name", "Buyer \(id)"]).status == 0) }
    for (date, answers, final) in [("2026-03-14", ["yes", "original-document", "yes", "70"], true), ("2026-04-02", ["no"], false)] {
        var filled = try star.run(["assess", "new", "--factory", "XX-0001", "--date", date]).stdout
        for answer in answers {
            let range = try #require(filled.range(of: ": ~\n", range: filled.range(of: "answers:")!.upperBound..<filled.endIndex))
            filled.replaceSubrange(range, with: ": \(answer)\n")
        }
        try filled.write(toFile: star.path("sheet.yaml"), atomically: true, encoding: .utf8)
        #expect(try star.run(["assess", "record", "sheet.yaml"] + (final ? ["--final"] : [])).status == 0)
    }
    #expect(try star.run(["remediate", "plan", "XX-0001/2026-03-14", "--on", "2026-03-20"]).status == 0)
    try FileManager.default.createDirectory(atPath: star.path("photos"), withIntermediateDirectories: true)
    try png().write(to: URL(fileURLWithPath: star.path("photos/exit.png")))
    try png("cleared").write(to: URL(fileURLWithPath: star.path("photos/cleared.png")))
    return star
}

private let record = "assessments/XX/XX-0001/2026-03-14.json"
private let links = "evidence/XX/XX-0001.yaml"

private func digest(_ data: Data) -> String { ContentDigest.of(bytes: [UInt8](data)) }

/// `evidence/sha256/ab/cdef…` of a digest.
private func stem(_ digest: String) -> String {
    let hex = digest.dropFirst("sha256:".count)
    return "evidence/sha256/\(hex.prefix(2))/\(hex.dropFirst(2))"
}

private func read(_ star: StarRunner, _ relative: String) throws -> String {
    try String(contentsOfFile: star.path(relative), encoding: .utf8)
}

private func add(_ star: StarRunner, _ file: String, _ target: [String], caption: String? = nil) throws -> StarRunner.Output {
    try star.run(["evidence", "add", file] + target + (caption.map { ["--caption", $0] } ?? []) + ["--by", "adv-sophea"])
}

private let overtime = ["--record", "XX-0001/2026-03-14", "--question", "XX.WT.OT.2"]
private let child = ["--record", "XX-0001/2026-03-14", "--question", "CL.CHILD.1"]

/// Every file under `relative`, for "nothing was written" checks.
private func files(_ star: StarRunner, _ relative: String) -> [String] {
    (FileManager.default.subpaths(atPath: star.path(relative)) ?? []).sorted()
}

@Suite struct EvidenceCommandTests {
    @Test func theSameFileAddedForTwoQuestionsIsStoredOnceAndLinkedTwiceAndTheFinalRecordIsUnchanged() throws {
        let star = try evidenceRepository()
        defer { star.cleanUp() }
        let before = try Data(contentsOf: URL(fileURLWithPath: star.path(record)))
        let d = digest(png())
        let first = try add(star, "photos/exit.png", overtime, caption: "Time cards, week 9")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout == "stored \(stem(d)).png (image/png, \(png().count) bytes)\nlinked to XX-0001/2026-03-14 XX.WT.OT.2\n")
        let second = try add(star, "photos/exit.png", child)
        #expect(second.stdout == "already stored \(stem(d)).png (image/png, \(png().count) bytes)\nlinked to XX-0001/2026-03-14 CL.CHILD.1\n")
        let linksText = try read(star, links)
        let again = try add(star, "photos/exit.png", child)
        #expect(again.status == 0)
        #expect(again.stdout.hasSuffix("already linked to XX-0001/2026-03-14 CL.CHILD.1; nothing changed\n"))
        #expect(try read(star, links) == linksText)
        #expect(
            files(star, "evidence/sha256").filter { $0.hasSuffix(".png") || $0.hasSuffix(".yaml") } == [
                "\(stem(d).dropFirst(16)).png", "\(stem(d).dropFirst(16)).yaml",
            ])
        #expect(
            withoutIdentity(linksText) == """
                # Evidence of XX-0001: which stored file backs which finding or plan item. Append-only, one link per line; add with 'star evidence add' (docs/evidence.md).
                star: "evidence-links/1"
                factory: "XX-0001"
                links:
                  - {by: "adv-sophea", caption: "Time cards, week 9", evidence: "\(d)", id: "ID", question: "XX.WT.OT.2", record: "XX-0001/2026-03-14", time: "TIME"}
                  - {by: "adv-sophea", evidence: "\(d)", id: "ID", question: "CL.CHILD.1", record: "XX-0001/2026-03-14", time: "TIME"}

                """)
        let sidecar = try read(star, stem(d) + ".yaml")
        #expect(
            sidecar.contains("media-type: \"image/png\"\n") && sidecar.contains("bytes: \(png().count)\n") && sidecar.contains("name: \"exit.png\"\n")
                && sidecar.contains("added-by: \"adv-sophea\"\n") && sidecar.contains("sha256: \"\(d)\"\n"))
        // A final record is immutable: its evidence is linked from outside it.
        #expect(try Data(contentsOf: URL(fileURLWithPath: star.path(record))) == before)
        #expect(try star.run(["evidence", "add", "photos/cleared.png", "--plan", "XX-0001#2", "--caption", "Rota posted", "--by", "adv-sophea"]).status == 0)
        let validated = try star.run(["validate", "--strict"])
        #expect(validated.status == 0, "\(validated.stdout)\(validated.stderr)")
    }

    @Test func listAndShowSayWhatIsStoredAndWhatLinksToIt() throws {
        let star = try evidenceRepository()
        defer { star.cleanUp() }
        _ = try add(star, "photos/exit.png", overtime, caption: "Time cards")
        _ = try add(star, "photos/cleared.png", ["--plan", "XX-0001#2"], caption: "Rota posted")
        let d = digest(png())
        let c = digest(png("cleared"))
        let listed = try star.run(["evidence", "list"])
        #expect(
            listed.stdout == """
                \(d.prefix(19))…\tXX-0001/2026-03-14 XX.WT.OT.2\timage/png\t\(png().count) bytes\tTime cards
                \(c.prefix(19))…\tXX-0001#2\timage/png\t\(png("cleared").count) bytes\tRota posted

                """)
        #expect(try star.run(["evidence", "list", "--plan", "XX-0001#2"]).stdout.split(separator: "\n").count == 1)
        #expect(try star.run(["evidence", "list", "--record", "XX-0001/2026-03-14"]).stdout.split(separator: "\n").count == 1)
        let json = try JSONSerialization.jsonObject(with: Data(try star.run(["evidence", "list", "--format", "json"]).stdout.utf8)) as! [[String: Any]]
        #expect(json.map { $0["evidence"] as? String } == [d, c])
        #expect(json[0]["path"] as? String == stem(d) + ".png" && json[0]["question"] as? String == "XX.WT.OT.2" && json[1]["item"] as? String == "XX-0001#2")
        let shown = try star.run(["evidence", "show", String(d.dropFirst(7).prefix(10))])
        #expect(shown.status == 0)
        #expect(
            shown.stdout.contains("path: \(stem(d)).png\n") && shown.stdout.contains("bytes: match the digest\n")
                && shown.stdout.contains("  XX-0001/2026-03-14 XX.WT.OT.2  \"Time cards\""))
        let unknown = try star.run(["evidence", "show", "0123456789"])
        #expect(unknown.status == 64 && unknown.stderr.contains("no stored evidence has the digest 0123456789"))
        let unknownFactory = try star.run(["evidence", "list", "--factory", "XX-0009"])
        #expect(unknownFactory.status == 64)
    }

    @Test func aFIFOALinkAHugeSparseFileAndAFileThatIsNotWhatItsNameSaysAreRefusedAndNothingIsWritten() throws {
        let star = try evidenceRepository()
        defer { star.cleanUp() }
        #expect(mkfifo(star.path("photos/pipe.png"), 0o644) == 0)
        let fifo = try add(star, "photos/pipe.png", overtime)
        #expect(fifo.status == 74)
        #expect(fifo.stderr == "error: $REPO/photos/pipe.png: the file is a FIFO (named pipe), not a regular file\n")
        try FileManager.default.createSymbolicLink(atPath: star.path("photos/link.png"), withDestinationPath: star.path("photos/exit.png"))
        let link = try add(star, "photos/link.png", overtime)
        #expect(link.status == 74 && link.stderr.contains("photos/link.png: the file is a symbolic link"))
        // 4 GB that take no disk space: refused from its size, before a byte is read.
        #expect(FileManager.default.createFile(atPath: star.path("photos/huge.jpg"), contents: nil))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: star.path("photos/huge.jpg")))
        try handle.truncate(atOffset: 4 << 30)
        try handle.close()
        let huge = try add(star, "photos/huge.jpg", overtime)
        #expect(huge.status == 74)
        #expect(
            huge.stderr == """
                error: $REPO/photos/huge.jpg: the file is 4.0 GB, more than the 10 MB a file of its kind may hold
                  note: the cap is star.yaml's evidence: max-file-size (10 MB); resize a photo, or scan a document at a lower resolution, and add it again

                """)
        try Data("not a picture".utf8).write(to: URL(fileURLWithPath: star.path("photos/fake.png")))
        let fake = try add(star, "photos/fake.png", overtime)
        #expect(fake.status == 74 && fake.stderr.hasPrefix("error: $REPO/photos/fake.png is named .png but its content is not image/png"))
        try Data("<script>".utf8).write(to: URL(fileURLWithPath: star.path("photos/page.html")))
        let html = try add(star, "photos/page.html", overtime)
        #expect(html.status == 64 && html.stderr.contains("star keeps evidence of these kinds only: jpg, jpeg, png"))
        #expect(!FileManager.default.fileExists(atPath: star.path("evidence")))
    }

    @Test func whatTheEvidenceIsAboutMustExist() throws {
        let star = try evidenceRepository()
        defer { star.cleanUp() }
        let question = try add(star, "photos/exit.png", ["--record", "XX-0001/2026-03-14", "--question", "XX.WT.OT.3"])
        #expect(question.status == 64)
        #expect(question.stderr.hasPrefix("error: XX.WT.OT.3 is not a question of xx-garment 2026.1, which XX-0001/2026-03-14 pins (did you mean XX.WT.OT.1?)"))
        let record = try add(star, "photos/exit.png", ["--record", "XX-0001/2026-05-01", "--question", "CL.CHILD.1"])
        #expect(record.status == 64 && record.stderr.contains("no record XX-0001/2026-05-01"))
        let item = try add(star, "photos/exit.png", ["--plan", "XX-0001#7"])
        #expect(item.status == 64 && item.stderr == "error: XX-0001#7 is not an item of XX-0001's plan; its items are XX-0001#1, XX-0001#2\n")
        let both = try add(star, "photos/exit.png", overtime + ["--plan", "XX-0001#1"])
        #expect(both.status == 64 && both.stderr.contains("not both"))
        let neither = try add(star, "photos/exit.png", [])
        #expect(neither.status == 64 && neither.stderr.contains("say what the evidence is about"))
        #expect(!FileManager.default.fileExists(atPath: star.path("evidence")))
        // A draft's questions can have evidence too (the links are outside it as well).
        #expect(try add(star, "photos/exit.png", ["--record", "XX-0001/2026-04-02", "--question", "CL.CHILD.1"]).status == 0)
    }

    @Test func validateNamesATamperedAMissingAnOrphanedAndAnOversizedFileAndASidecarThatDisagrees() throws {
        let star = try evidenceRepository()
        defer { star.cleanUp() }
        _ = try add(star, "photos/exit.png", overtime)
        _ = try add(star, "photos/cleared.png", ["--plan", "XX-0001#2"])
        let d = digest(png())
        let c = digest(png("cleared"))
        // Tampered: one byte more.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: star.path(stem(d) + ".png")))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("x".utf8))
        try handle.close()
        // Missing: the plan item's photo is gone, its sidecar stays.
        try FileManager.default.removeItem(atPath: star.path(stem(c) + ".png"))
        // Orphaned: stored by hand beside them, with a sidecar, linked to nothing.
        let o = digest(png("orphan"))
        try FileManager.default.createDirectory(atPath: star.path((stem(o) as NSString).deletingLastPathComponent), withIntermediateDirectories: true)
        try png("orphan").write(to: URL(fileURLWithPath: star.path(stem(o) + ".png")))
        let result = try star.run(["validate"])
        #expect(result.status == 1)
        #expect(
            result.stdout.contains(
                "\(stem(d)).png:1:1: error: \(stem(d)).png was changed after it was added: its bytes have sha256 \(digest(png("x")).prefix(19))…, not the \(d.prefix(19))… it is named by [evidence-tampered]"
            ))
        #expect(
            result.stdout.contains(
                "\(stem(c)).png:1:1: error: \(stem(c)).png is missing: its sidecar is there, and records or plan items link to it [evidence-missing]"))
        #expect(result.stdout.contains("\(stem(o)).png:1:1: error: \(stem(o)).png has no sidecar (\(stem(o)).yaml)"))
        // The whole evidence folder missing (a clone without it): every link names what it lacks.
        try FileManager.default.removeItem(atPath: star.path("evidence/sha256"))
        let gone = try star.run(["validate"])
        #expect(
            gone.stdout.contains(
                "\(links):5:5: error: evidence \(d.prefix(19))… linked to XX-0001/2026-03-14 XX.WT.OT.2 is not stored: \(stem(d)).yaml and its file are missing [evidence-missing]"
            ))
        #expect(gone.stdout.contains("\(links):6:5: error: evidence \(c.prefix(19))… linked to item 2 is not stored"))
    }

    @Test func validateWarnsAboveTheWarningSizeRefusesAboveTheCapAndReportsLinksAndFIFOsUnderEvidence() throws {
        let star = try evidenceRepository()
        defer { star.cleanUp() }
        let big = png() + Data(repeating: 0x41, count: 3000)
        try big.write(to: URL(fileURLWithPath: star.path("photos/big.png")))
        let added = try add(star, "photos/big.png", overtime)
        #expect(added.status == 0)
        #expect(added.stderr.isEmpty)
        var settings = try read(star, "star.yaml")
        settings += "evidence: {max-file-size: 2KB, warn-file-size: 1KB}\n"
        try settings.write(toFile: star.path("star.yaml"), atomically: true, encoding: .utf8)
        let over = try star.run(["validate"])
        #expect(
            over.stdout.contains(
                "error: \(stem(digest(big))).png is \(big.count) bytes, more than the 2 KB of star.yaml's evidence: max-file-size [evidence-too-large]"))
        let refused = try add(star, "photos/big.png", child)
        #expect(refused.status == 74 && refused.stderr.contains("more than the 2 KB a file of its kind may hold"))
        try (settings.replacingOccurrences(of: "max-file-size: 2KB", with: "max-file-size: 4KB")).write(
            toFile: star.path("star.yaml"), atomically: true, encoding: .utf8)
        let warned = try star.run(["validate"])
        #expect(warned.status == 0)
        #expect(
            warned.stdout.contains("warning: \(stem(digest(big))).png is 2 KB, more than the 1 KB of star.yaml's evidence: warn-file-size [evidence-large]"))
        #expect(try star.run(["validate", "--strict"]).status == 1)
        let warnedAdd = try add(star, "photos/exit.png", child)
        #expect(warnedAdd.status == 0 && warnedAdd.stderr.isEmpty)
        try (settings.replacingOccurrences(of: "2KB", with: "lots")).write(toFile: star.path("star.yaml"), atomically: true, encoding: .utf8)
        let invalid = try star.run(["validate"])
        #expect(
            invalid.stdout.contains(
                "star.yaml:1:1: error: star.yaml: evidence: max-file-size 'lots' is not a size such as 10MB, 512KB or 2000000 [invalid-settings]"))
        try settings.write(toFile: star.path("star.yaml"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: star.path("evidence/sha256/link.png"), withDestinationPath: "/etc/passwd")
        #expect(mkfifo(star.path("evidence/XX/pipe.yaml"), 0o644) == 0)
        let hostile = try star.run(["validate"])
        #expect(hostile.status == 1)
        #expect(
            hostile.stdout.contains(
                "evidence/sha256/link.png:1:1: error: refused: the file is a symbolic link; star reads only regular files inside the repository (replace the link with the file itself) [refused-file]"
            ))
        #expect(hostile.stdout.contains("evidence/XX/pipe.yaml:1:1: error: refused: the file is a FIFO (named pipe), not a regular file [refused-file]"))
    }

    @Test func aGitLFSPointerIsAWarningThatTheBytesWereNotFetchedNotTampering() throws {
        let star = try evidenceRepository()
        defer { star.cleanUp() }
        _ = try add(star, "photos/exit.png", overtime)
        let d = digest(png())
        try "version https://git-lfs.github.com/spec/v1\noid sha256:\(d.dropFirst(7))\nsize \(png().count)\n".write(
            toFile: star.path(stem(d) + ".png"), atomically: true, encoding: .utf8)
        let result = try star.run(["validate"])
        #expect(result.status == 0)
        #expect(
            result.stdout.contains(
                "warning: \(stem(d)).png is a Git LFS pointer: its bytes were not fetched, so they could not be checked [evidence-not-fetched]"))
        let initialized = try star.run(["init", "lfs-team", "--lfs"])
        #expect(initialized.status == 0)
        #expect(
            try read(star, "lfs-team/.gitattributes").contains(
                "evidence/**/*.yaml merge=union\n# Written by 'star init --lfs': evidence files in Git LFS, their sidecars in git (docs/evidence.md).\nevidence/sha256/** filter=lfs diff=lfs merge=lfs -text\nevidence/sha256/**/*.yaml !filter !diff !merge text\n"
            ))
    }

    @Test func aBundleCarriesOnlyTheEvidenceItsScopeAllowsAndVerifyNamesATamperedOrMissingEvidenceFile() throws {
        let star = try evidenceRepository()
        defer { star.cleanUp() }
        _ = try add(star, "photos/exit.png", overtime, caption: "Time cards")
        _ = try add(star, "photos/cleared.png", ["--plan", "XX-0001#2"], caption: "Rota posted")
        _ = try add(star, "photos/cleared.png", ["--record", "XX-0001/2026-04-02", "--question", "CL.CHILD.1"])  // a draft: never leaves
        let d = digest(png())
        let c = digest(png("cleared"))
        #expect(try star.run(["share", "grant", "--factory", "XX-0001", "--buyer", "northwind", "--scope", "assessments", "--by", "Sok Dara"]).status == 0)
        #expect(try star.run(["share", "grant", "--factory", "XX-0001", "--buyer", "southbay", "--scope", "plans", "--by", "Sok Dara"]).status == 0)
        let key = star.directory.path + "-keys/programme"
        #expect(try star.run(["keys", "generate", "--out", key]).status == 0)
        for buyer in ["northwind", "southbay"] {
            let exported = try star.run(["share", "export", "--buyer", buyer, "--out", "bundles/\(buyer)", "--key", key + ".key", "--by", "adv-sophea"])
            #expect(exported.status == 0, "\(exported.stderr)")
        }
        let north = files(star, "bundles/northwind").filter { $0.hasPrefix("evidence/") && $0.contains(".") }
        #expect(north == ["evidence/XX/XX-0001.yaml", stem(d) + ".png", stem(d) + ".yaml"].sorted())
        #expect(try read(star, "bundles/northwind/evidence/XX/XX-0001.yaml").contains("Time cards") == true)
        #expect(try read(star, "bundles/northwind/evidence/XX/XX-0001.yaml").contains("item:") == false)
        #expect(try read(star, "bundles/northwind/evidence/XX/XX-0001.yaml").contains("2026-04-02") == false)
        let south = files(star, "bundles/southbay").filter { $0.hasPrefix("evidence/") && $0.contains(".") }
        #expect(south == ["evidence/XX/XX-0001.yaml", stem(c) + ".png", stem(c) + ".yaml"].sorted())
        let manifest = try read(star, "bundles/northwind/manifest.json")
        #expect(manifest.contains("\"path\": \"\(stem(d)).png\"") && manifest.contains("\"sha256\": \"\(d)\""))
        let verified = try star.run(["share", "verify", "bundles/northwind", "--key", key + ".pub", "--buyer", "northwind"])
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        // The same size, other bytes: only the digest tells.
        var changed = png()
        changed[changed.count - 1] ^= 0xFF
        try changed.write(to: URL(fileURLWithPath: star.path("bundles/northwind/\(stem(d)).png")))
        try FileManager.default.removeItem(atPath: star.path("bundles/northwind/\(stem(d)).yaml"))
        let tampered = try star.run(["share", "verify", "bundles/northwind", "--key", key + ".pub"])
        #expect(tampered.status == 1)
        #expect(tampered.stdout.contains("modified: \(stem(d)).png"))
        #expect(tampered.stdout.contains("missing: \(stem(d)).yaml"))
    }

    @Test func reportsShowThumbnailsOfTheEvidenceOfNonCompliancesAndLinkIt() throws {
        let star = try evidenceRepository()
        defer { star.cleanUp() }
        _ = try add(star, "photos/exit.png", overtime, caption: "Time cards")
        try Data("%PDF-1.4\n%%EOF\n".utf8).write(to: URL(fileURLWithPath: star.path("photos/register.pdf")))
        _ = try add(star, "photos/register.pdf", overtime, caption: "Register")
        let d = digest(png())
        let html = try star.run(["report", "factory", "XX-0001", "--format", "html", "--on", "2026-06-30"])
        #expect(html.status == 0)
        #expect(html.stdout.contains("<img src=\"data:image/png;base64,\(png().base64EncodedString())\" alt=\"Time cards\"/>"))
        #expect(html.stdout.contains("href=\"\(stem(digest(Data("%PDF-1.4\n%%EOF\n".utf8)))).pdf\""))
        let markdown = try star.run(["report", "factory", "XX-0001", "--on", "2026-06-30"])
        #expect(
            markdown.stdout.contains(
                "### Evidence of the non-compliances\n\n- **XX-0001/2026-03-14 XX.WT.OT.2**: [Time cards](\(stem(d)).png) (image/png, \(png().count) bytes)\n"))
        // Changed bytes are never shown: the report says so.
        try png("changed").write(to: URL(fileURLWithPath: star.path(stem(d) + ".png")))
        let changed = try star.run(["report", "factory", "XX-0001", "--format", "json", "--on", "2026-06-30"])
        #expect(changed.stdout.contains("\"problem\": \"changed after it was added\""))
    }

    /// An ODK Central CSV of one submission of XX-0001 on 2026-03-14 whose CL.CHILD.1 and XX.WT.OT.2 carry photos.
    private func centralCSV(_ star: StarRunner, photos: (String, String)) throws -> String {
        let compiled = try read(star, "questionnaires/compiled/xx-garment/2026.1.json")
        let digest = try #require(compiled.split(separator: "\n").first { $0.contains("\"digest\": \"sha256:") }?.split(separator: "\"")[3])
        return """
            SubmissionDate,star_questionnaire,star_digest,visit-factory,visit-visit_start,visit-kind,CL-CL_CHILD-CL_CHILD_1,CL-CL_CHILD-CL_CHILD_1_photo,CL-CL_CHILD-CL_CHILD_2,WT-WT_OT-XX_WT_OT_1,WT-WT_OT-XX_WT_OT_2,WT-WT_OT-XX_WT_OT_2_photo,meta-instanceID,KEY,SubmitterName
            2026-03-15T09:30:12.345Z,xx-garment@2026.1,\(digest),XX-0001,2026-03-14,assessment,yes,\(photos.0),no,yes,61,\(photos.1),uuid:aaaaaaaa-0000-4000-8000-000000000001,uuid:aaaaaaaa-0000-4000-8000-000000000001,Sophea

            """
    }

    private func zip(_ star: StarRunner, _ archive: String, _ files: [String], in folder: String) throws {
        let zipped = try star.runProgram("/usr/bin/zip", ["-q", "-r", star.path(archive)] + files, in: folder)
        #expect(zipped.status == 0, "\(zipped.stderr)")
    }

    @Test func importStoresThePhotosOfAnODKCentralExportWithMediaAsEvidenceOfTheirQuestions() throws {
        let star = try StarRunner(fixture: "minimal")
        defer { star.cleanUp() }
        #expect(try star.run(["questionnaire", "compile"]).status == 0)
        #expect(try star.run(["factory", "add", "XX-0001", "--name", "Factory One", "--country", "XX", "--industry", "garment"]).status == 0)
        try FileManager.default.createDirectory(atPath: star.path("central/media"), withIntermediateDirectories: true)
        try centralCSV(star, photos: ("1712000000001.png", "1712000000009.jpg")).write(
            toFile: star.path("central/xx-garment.csv"), atomically: true, encoding: .utf8)
        try png().write(to: URL(fileURLWithPath: star.path("central/media/1712000000001.png")))
        try zip(star, "export.zip", ["xx-garment.csv", "media"], in: "central")
        let imported = try star.run(["assess", "import", "export.zip", "--format", "odk"])
        #expect(imported.status == 0)
        #expect(
            imported.stdout
                == "imported: submission 1 (uuid:aaaaaaaa-0000-4000-8000-000000000001) -> assessments/XX/XX-0001/2026-03-14.json, draft XX-0001/2026-03-14, 4 answers, 1 photo as evidence\n"
        )
        #expect(
            imported.stderr.contains(
                "export.zip:xx-garment.csv:2:12: warning: the photo 1712000000009.jpg of XX.WT.OT.2 was not stored as evidence: it is not in the export's media [photo-missing]"
            ))
        let listed = try star.run(["evidence", "list", "--format", "json"])
        let links = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as! [[String: Any]]
        #expect(links.count == 1)
        #expect(
            links.first?["record"] as? String == "XX-0001/2026-03-14" && links.first?["question"] as? String == "CL.CHILD.1"
                && links.first?["evidence"] as? String == digest(png()) && links.first?["by"] as? String == "Sophea"
                && links.first?["caption"] as? String == "Photo from ODK Central submission uuid:aaaaaaaa-0000-4000-8000-000000000001")
        #expect(try star.run(["validate", "--strict"]).status == 0)
        // Imported again: nothing new, the photo stays stored once.
        let again = try star.run(["assess", "import", "export.zip", "--format", "odk"])
        #expect(again.stdout.hasPrefix("unchanged: submission 1"))
        #expect(try star.run(["evidence", "list"]).stdout.split(separator: "\n").count == 1)
    }

    @Test func importTakesKoboToolboxsAttachmentsFromMediaAndSaysWhenPhotosCannotBeStored() throws {
        let star = try StarRunner(fixture: "minimal")
        defer { star.cleanUp() }
        #expect(try star.run(["questionnaire", "compile"]).status == 0)
        #expect(try star.run(["factory", "add", "XX-0001", "--name", "Factory One", "--country", "XX", "--industry", "garment"]).status == 0)
        let compiled = try read(star, "questionnaires/compiled/xx-garment/2026.1.json")
        let digest = try #require(compiled.split(separator: "\n").first { $0.contains("\"digest\": \"sha256:") }?.split(separator: "\"")[3])
        let csv = """
            star_questionnaire;star_digest;factory;visit_start;kind;CL_CHILD_1;CL_CHILD_1_photo;CL_CHILD_2;XX_WT_OT_1;XX_WT_OT_2;XX_WT_OT_2_photo;_uuid;_submitted_by
            xx-garment@2026.1;\(digest);XX-0001;2026-03-14;assessment;yes;exit.png;no;yes;61;fake.png;bbbbbbbb-0000-4000-8000-000000000002;dara

            """
        try csv.write(toFile: star.path("kobo.csv"), atomically: true, encoding: .utf8)
        // Kobo's attachments, unpacked: a folder per submission.
        try FileManager.default.createDirectory(atPath: star.path("attachments/dara/bbbbbbbb-0000-4000-8000-000000000002"), withIntermediateDirectories: true)
        try png().write(to: URL(fileURLWithPath: star.path("attachments/dara/bbbbbbbb-0000-4000-8000-000000000002/exit.png")))
        try Data("not a picture".utf8).write(to: URL(fileURLWithPath: star.path("attachments/dara/bbbbbbbb-0000-4000-8000-000000000002/fake.png")))
        let imported = try star.run(["assess", "import", "kobo.csv", "--format", "kobo", "--media", "attachments"])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.hasSuffix("4 answers, 1 photo as evidence\n"))
        #expect(
            imported.stderr.contains(
                "warning: the photo fake.png of XX.WT.OT.2 was not stored as evidence: fake.png is named .png but its content is not image/png [photo-refused]")
        )
        #expect(try star.run(["evidence", "list"]).stdout.contains("XX-0001/2026-03-14 CL.CHILD.1\timage/png"))
        // As answer sheets, photos are not stored, and the import says so.
        let sheets = try star.run(["assess", "import", "kobo.csv", "--format", "kobo", "--sheets", "sheets", "--media", "attachments"])
        #expect(sheets.stderr.contains("photos are stored as evidence only when submissions are imported as drafts [photo-not-imported]"))
        let notAFolder = try star.run(["assess", "import", "kobo.csv", "--format", "kobo", "--media", "kobo.csv"])
        #expect(notAFolder.status == 74 && notAFolder.stderr.contains("not a ZIP archive or a folder of attachments"))
    }
}

extension EvidenceCommandTests {
    @Test func validateSinceNamesALinkRemovedFromGitsHistory() throws {
        let star = try evidenceRepository()
        defer { star.cleanUp() }
        _ = try add(star, "photos/exit.png", overtime, caption: "Time cards")
        _ = try add(star, "photos/cleared.png", ["--plan", "XX-0001#2"])
        let git = { (arguments: [String]) throws -> StarRunner.Output in
            try star.runProgram("/usr/bin/git", ["-c", "user.name=t", "-c", "user.email=t@example.org"] + arguments)
        }
        #expect(try git(["init", "-q"]).status == 0)
        #expect(try git(["add", "-A"]).status == 0)
        #expect(try git(["commit", "-q", "-m", "evidence"]).status == 0)
        let text = try read(star, links)
        try (text.split(separator: "\n").filter { !$0.contains("Time cards") }.joined(separator: "\n") + "\n").write(
            toFile: star.path(links), atomically: true, encoding: .utf8)
        let result = try star.run(["validate", "--since", "HEAD"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("[history-rewritten]") && result.stdout.contains(links))
    }
}

extension EvidenceCommandTests {
    @Test func evidenceChangedInTheRepositoryStaysBehindAndTheExportNamesIt() throws {
        let star = try evidenceRepository()
        defer { star.cleanUp() }
        _ = try add(star, "photos/exit.png", overtime, caption: "Time cards")
        let d = digest(png())
        try png("changed").write(to: URL(fileURLWithPath: star.path(stem(d) + ".png")))
        #expect(try star.run(["share", "grant", "--factory", "XX-0001", "--buyer", "northwind", "--scope", "assessments", "--by", "Sok Dara"]).status == 0)
        let key = star.directory.path + "-keys/programme"
        #expect(try star.run(["keys", "generate", "--out", key]).status == 0)
        let exported = try star.run(["share", "export", "--buyer", "northwind", "--out", "bundle", "--key", key + ".key", "--by", "adv-sophea"])
        #expect(exported.status == 0)
        #expect(
            exported.stderr.contains(
                "left out: \(stem(d)).png: its bytes no longer match its digest (it was changed after it was added; see 'star validate'); the evidence stays behind"
            ))
        #expect(files(star, "bundle").contains { $0.hasPrefix("evidence") } == false)
        #expect(try star.run(["share", "verify", "bundle", "--key", key + ".pub"]).status == 0)
    }
}
