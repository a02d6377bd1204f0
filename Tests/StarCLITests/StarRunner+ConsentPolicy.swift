import Foundation

extension StarRunner {
    /// Sets star.yaml's consent policy (replacing the one it has): tests that grant from options, as a country
    /// team recording paper forms does, use `recorded`.
    func setConsentPolicy(_ policy: String) throws {
        let path = self.path("star.yaml")
        let kept = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("consent:") }
        try (kept.joined(separator: "\n") + "\nconsent: \(policy)\n").write(toFile: path, atomically: true, encoding: .utf8)
    }
}
