import Foundation
import Testing

/// The recipe of docs/sharing.md ("The bundle's bytes, for verifying without star"), run as written with a
/// POSIX shell and openssl on a real bundle: a buyer must be able to check a bundle without star.
@Suite struct OpenSSLRecipeTests {
    /// The shell script between the recipe's markers in docs/sharing.md, without its code fence.
    static func recipe() throws -> String {
        let docs = try String(contentsOf: StarRunner.packageRoot.appendingPathComponent("docs/sharing.md"), encoding: .utf8)
        let begin = try #require(docs.range(of: "<!-- openssl recipe: begin -->\n```sh\n"))
        let end = try #require(docs.range(of: "```\n<!-- openssl recipe: end -->", range: begin.upperBound..<docs.endIndex))
        return String(docs[begin.upperBound..<end.lowerBound])
    }

    func runRecipe(_ repo: HostileRepository, bundle: String) throws -> StarRunner.Output {
        let work = repo.star.directory.path + "-keys/recipe-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        try Self.recipe().write(toFile: work + "/recipe.sh", atomically: true, encoding: .utf8)
        return try repo.star.runProgram(
            "/bin/sh", [work + "/recipe.sh"], in: nil,
            environment: ["KEY": repo.key + ".pub", "BUNDLE": repo.star.path("bundles/\(bundle)")])
    }

    @Test func theDocumentedOpenSSLRecipeVerifiesARealBundleAndCatchesTampering() throws {
        let repo = try HostileRepository()
        defer { repo.cleanUp() }
        #expect(try repo.export("intact").status == 0)
        let intact = try runRecipe(repo, bundle: "intact")
        #expect(intact.status == 0, "\(intact.stdout)\n\(intact.stderr)")
        #expect(intact.stdout.contains("Signature Verified Successfully"))
        #expect(intact.stdout.hasSuffix("bundle verified\n"))
        #expect(intact.stdout.components(separatedBy: "\nOK ").count - 1 == repo.files("intact").count - 2, "one OK per listed file")

        // A changed file is named; the run fails.
        #expect(try repo.export("changed").status == 0)
        let file = try #require(repo.files("changed").first { $0.hasPrefix("plans/") })
        let handle = try #require(FileHandle(forWritingAtPath: repo.star.path("bundles/changed/\(file)")))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("# added\n".utf8))
        try handle.close()
        let changed = try runRecipe(repo, bundle: "changed")
        #expect(changed.status != 0)
        #expect(changed.stdout.contains("FAILED \(file)"), "\(changed.stdout)")

        // A manifest changed by one byte fails the signature.
        #expect(try repo.export("manifest").status == 0)
        let manifest = repo.star.path("bundles/manifest/manifest.json")
        let text = try String(contentsOfFile: manifest, encoding: .utf8)
        try text.replacingOccurrences(of: "\"northwind-retail\"", with: "\"northwind-retaik\"").write(toFile: manifest, atomically: true, encoding: .utf8)
        let forged = try runRecipe(repo, bundle: "manifest")
        #expect(forged.status != 0)
        #expect(!forged.stdout.contains("Signature Verified Successfully") && !forged.stdout.contains("bundle verified"))

        // A link in the bundle stops the recipe before anything is read.
        #expect(try repo.export("linked").status == 0)
        try FileManager.default.createSymbolicLink(atPath: repo.star.path("bundles/linked/zero"), withDestinationPath: "/dev/zero")
        let linked = try runRecipe(repo, bundle: "linked")
        #expect(linked.status != 0)
        #expect(linked.stdout.contains("FAILED: links or special files in the bundle"))
    }
}
