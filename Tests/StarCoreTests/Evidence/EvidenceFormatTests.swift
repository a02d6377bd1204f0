import Foundation
import StarCore
import Testing

private let digest = "sha256:" + String(repeating: "ab", count: 32)

private func linksFile(_ lines: [String]) -> String {
    """
    star: "evidence-links/1"
    factory: "KH-0001"
    links:
    \(lines.map { "  - " + $0 }.joined(separator: "\n"))

    """
}

@Suite struct EvidenceFormatTests {
    @Test func sizesAreBytesOrKBMBGB() {
        #expect(EvidenceSettings.parseSize("10MB") == 10 << 20)
        #expect(EvidenceSettings.parseSize("512 KB") == 512 << 10)
        #expect(EvidenceSettings.parseSize("1gb") == 1 << 30)
        #expect(EvidenceSettings.parseSize("2000000") == 2_000_000)
        #expect(EvidenceSettings.parseSize("200B") == 200)
        for bad in ["", "lots", "-1MB", "0", "1.5MB", "MB"] { #expect(EvidenceSettings.parseSize(bad) == nil, "\(bad)") }
    }

    @Test func aMediaTypeIsCheckedFromTheFirstBytes() throws {
        let png = try #require(EvidenceMediaType.forExtension("PNG"))
        #expect(png.matches([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]))
        #expect(!png.matches(Array("GIF89a".utf8)))
        #expect(EvidenceMediaType.forExtension("jpeg")?.fileExtension == "jpg")
        #expect(EvidenceMediaType.forExtension("jpg")?.matches([0xFF, 0xD8, 0xFF, 0xE0]) == true)
        #expect(EvidenceMediaType.forExtension("pdf")?.matches(Array("%PDF-1.7".utf8)) == true)
        #expect(EvidenceMediaType.forExtension("webp")?.matches(Array("RIFF\0\0\0\0WEBPVP8 ".utf8)) == true)
        #expect(EvidenceMediaType.forExtension("csv")?.matches([0xFF, 0xFE]) == false)
        for refused in ["html", "svg", "exe", "yaml", ""] { #expect(EvidenceMediaType.forExtension(refused) == nil) }
    }

    @Test func aLinkFoundTwiceCountsOnceAndTwoLinksWithOneIdAreAnError() {
        let line = "{by: \"a\", evidence: \"\(digest)\", id: \"0000000000000001\", item: 3, time: \"2026-03-14T01:02:03.004Z\"}"
        let (merged, problems) = EvidenceLinks.read(linksFile([line, line]), file: "evidence/KH/KH-0001.yaml")
        #expect(problems.isEmpty)
        #expect(merged?.links.count == 1)
        #expect(merged?.links.first?.target == .planItem(3))
        let other = line.replacingOccurrences(of: "item: 3", with: "item: 4")
        let (clash, clashProblems) = EvidenceLinks.read(linksFile([line, other]), file: "evidence/KH/KH-0001.yaml")
        #expect(clash == nil)
        #expect(clashProblems.map(\.code) == ["duplicate-id"])
    }

    @Test func aLinkNamesStoredEvidenceAndExactlyOneTarget() {
        let cases: [(String, String)] = [
            (
                "{by: \"a\", evidence: \"sha256:abc\", id: \"1\", item: 3, time: \"2026-03-14T01:02:03.004Z\"}",
                "evidence 'sha256:abc' is not sha256: and 64 lowercase hexadecimal digits"
            ),
            (
                "{by: \"a\", evidence: \"\(digest)\", id: \"1\", item: 3, question: \"CL.CHILD.1\", record: \"KH-0001/2026-03-14\", time: \"2026-03-14T01:02:03.004Z\"}",
                "not both"
            ),
            ("{by: \"a\", evidence: \"\(digest)\", id: \"1\", time: \"2026-03-14T01:02:03.004Z\"}", "a link needs 'item'"),
            ("{by: \"a\", evidence: \"\(digest)\", id: \"1\", question: \"Q\", record: \"KH-0001\", time: \"2026-03-14T01:02:03.004Z\"}", "is not a record id"),
            ("{by: \"a\", evidence: \"\(digest)\", id: \"1\", item: 0, time: \"2026-03-14T01:02:03.004Z\"}", "item must be a plan item's number"),
            ("{by: \"a\", evidence: \"\(digest)\", id: \"1\", item: 1, time: \"yesterday\"}", "is not an instant"),
            ("{by: \"a\", colour: \"red\", evidence: \"\(digest)\", id: \"1\", item: 1, time: \"2026-03-14T01:02:03.004Z\"}", "colour"),
        ]
        for (line, message) in cases {
            let (links, problems) = EvidenceLinks.read(linksFile([line]), file: "evidence/KH/KH-0001.yaml")
            #expect(links == nil, "\(line)")
            #expect(problems.contains { $0.message.contains(message) && $0.location.line == 4 }, "\(line): \(problems.map(\.message))")
        }
    }

    @Test func theLinksTextIsOneLinkPerLineWithSortedKeysAndReadsBack() throws {
        let link = EvidenceLinks.Link(
            evidence: digest, target: .question(record: try #require(RecordID("KH-0001/2026-03-14")), question: "CL.CHILD.1"),
            caption: "Exit \"3\"\nblocked", by: "adv-sophea", id: "00000000000000aa", time: try #require(Timestamp("2026-03-14T01:02:03.004Z")))
        let text = EvidenceLinks(factory: "KH-0001", links: [link]).text
        #expect(
            text.hasSuffix(
                "  - {by: \"adv-sophea\", caption: \"Exit \\\"3\\\"\\nblocked\", evidence: \"\(digest)\", id: \"00000000000000aa\", question: \"CL.CHILD.1\", record: \"KH-0001/2026-03-14\", time: \"2026-03-14T01:02:03.004Z\"}\n"
            ))
        let (read, problems) = EvidenceLinks.read(text, file: "evidence/KH/KH-0001.yaml")
        #expect(problems.isEmpty)
        #expect(read?.links == [link])
    }

    @Test func aSidecarReadsBackAndItsDigestMustBeOne() throws {
        let sidecar = EvidenceSidecar(
            digest: digest, mediaType: "image/png", bytes: 812, originalName: "IMG_1.png", addedBy: "adv-sophea",
            added: try #require(Timestamp("2026-03-14T01:02:03.004Z")))
        #expect(EvidenceSidecar.read(sidecar.text, file: "s.yaml").0 == sidecar)
        let broken = sidecar.text.replacingOccurrences(of: digest, with: "sha256:12")
        let (none, problems) = EvidenceSidecar.read(broken, file: "s.yaml")
        #expect(none == nil && problems.map(\.code) == ["evidence-sidecar"])
        #expect(
            EvidencePaths.bytes(digest, type: try #require(EvidenceMediaType.named("image/png"))) == "evidence/sha256/ab/" + String(repeating: "ab", count: 31)
                + ".png")
    }
}
