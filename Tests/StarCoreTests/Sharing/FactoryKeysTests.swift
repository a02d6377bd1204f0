import Crypto
import Foundation
import StarCore
import Testing

private func calendarDay(_ text: String) -> CalendarDate { CalendarDate(text)! }

/// A scratch repository with KH-0001 registered by `star factory add`.
private func repositoryWithFactory() throws -> ScratchRepository {
    let scratch = try ScratchRepository()
    try FactoryRegistry(repository: scratch.repository).add(
        Factory(
            id: "KH-0001", name: "Angkor Apparel", country: "KH", industry: "garment",
            workers: .init(total: 1200, women: 960), osID: nil))
    return scratch
}

@Suite struct FactoryKeysTests {
    @Test func addingAKeyRewritesTheFactoryFileWithEveryOtherFieldAsItWas() throws {
        let scratch = try repositoryWithFactory()
        defer { scratch.remove() }
        let before = try scratch.read("factories/KH/KH-0001.yaml")
        let store = FactoryKeyStore(repository: scratch.repository)
        #expect(try store.keys(of: "KH-0001").keys.keys.isEmpty)
        let key = try SSHPublicKey(openSSHLine: OpenSSHSample.publicKeyLine)
        let added = try store.add(key, to: "KH-0001", on: calendarDay("2026-11-20"), by: "adv-sophea, from Sok Dara in person")
        #expect(added.fingerprint == OpenSSHSample.fingerprint)
        #expect(
            try scratch.read("factories/KH/KH-0001.yaml") == """
                country: "KH"
                id: "KH-0001"
                industry: "garment"
                keys:
                  - added: "2026-11-20"
                    by: "adv-sophea, from Sok Dara in person"
                    fingerprint: "\(OpenSSHSample.fingerprint)"
                    key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFNYVkJ1/P01qzt83WLPDm6zPmnRWs2R4ocfvE79snAh"
                name: "Angkor Apparel"
                star: "factory/1"
                workers:
                  total: 1200
                  women: 960

                """)
        // The registry still reads the factory, the same as before.
        let (factories, diagnostics) = FactoryRegistry(repository: scratch.repository).load()
        #expect(diagnostics.isEmpty)
        #expect(factories == [Factory(id: "KH-0001", name: "Angkor Apparel", country: "KH", industry: "garment", workers: .init(total: 1200, women: 960))])
        #expect(
            try store.keys(of: "KH-0001").keys.keys == [FactoryKey(publicKey: key, added: calendarDay("2026-11-20"), by: "adv-sophea, from Sok Dara in person")]
        )
        // Every line of the file before is still there.
        let after = try scratch.read("factories/KH/KH-0001.yaml")
        #expect(before.split(separator: "\n").allSatisfy { after.split(separator: "\n").contains($0) })
    }

    @Test func aHandWrittenFactoryFileKeepsItsValues() throws {
        let scratch = try ScratchRepository()
        defer { scratch.remove() }
        try scratch.write("star: factory/1\nid: KH-0002\nname: NO\ncountry: KH\nindustry: garment\nos-id: KH2026073A1B2CB\n", to: "factories/KH/KH-0002.yaml")
        let original = try #require(FactoryRegistry(repository: scratch.repository).factory(id: "KH-0002"))
        try FactoryKeyStore(repository: scratch.repository).add(
            SSHPublicKey(Curve25519.Signing.PrivateKey().publicKey), to: "KH-0002", on: calendarDay("2026-11-20"), by: "adv-sophea")
        #expect(FactoryRegistry(repository: scratch.repository).factory(id: "KH-0002") == original)
        #expect(try scratch.read("factories/KH/KH-0002.yaml").contains("name: \"NO\"\n"))
    }

    @Test func keysAreRetiredNeverRemovedAndTheHistoryStays() throws {
        let scratch = try repositoryWithFactory()
        defer { scratch.remove() }
        let store = FactoryKeyStore(repository: scratch.repository)
        let first = SSHPublicKey(Curve25519.Signing.PrivateKey().publicKey)
        let second = SSHPublicKey(Curve25519.Signing.PrivateKey().publicKey)
        try store.add(first, to: "KH-0001", on: calendarDay("2026-01-10"), by: "adv-sophea")
        let retired = try store.retire(fingerprint: first.fingerprint, of: "KH-0001", on: calendarDay("2026-11-20"), by: "adv-dara")
        #expect(retired.retired == calendarDay("2026-11-20") && retired.retiredBy == "adv-dara")
        try store.add(second, to: "KH-0001", on: calendarDay("2026-11-20"), by: "adv-dara")
        let keys = try store.keys(of: "KH-0001").keys.keys
        #expect(keys.map(\.publicKey) == [first, second])
        #expect(keys[0].isInForce(on: calendarDay("2026-11-19")) && !keys[0].isInForce(on: calendarDay("2026-11-20")))
        #expect(keys[1].isInForce(on: calendarDay("2030-01-01")))
        let text = try scratch.read("factories/KH/KH-0001.yaml")
        #expect(text.contains("    retired: \"2026-11-20\"\n    retired-by: \"adv-dara\"\n"))
    }

    @Test func everyRefusalSaysWhyAndWritesNothing() throws {
        let scratch = try repositoryWithFactory()
        defer { scratch.remove() }
        let store = FactoryKeyStore(repository: scratch.repository)
        let key = SSHPublicKey(Curve25519.Signing.PrivateKey().publicKey)
        try store.add(key, to: "KH-0001", on: calendarDay("2026-01-10"), by: "adv-sophea")
        let before = try scratch.read("factories/KH/KH-0001.yaml")
        #expect(
            signingRefusal { try store.add(key, to: "KH-0001", on: calendarDay("2026-02-01"), by: "adv-dara") }
                == "the key \(key.fingerprint) is already registered for KH-0001 (added 2026-01-10 by adv-sophea) and is in force; a key is registered once and never re-added"
        )
        #expect(
            signingRefusal { try store.add(SSHPublicKey(Curve25519.Signing.PrivateKey().publicKey), to: "KH-0001", on: calendarDay("2026-02-01"), by: " ") }
                == "--by is empty: say who registers the key")
        #expect(
            signingRefusal { try store.retire(fingerprint: "SHA256:nope", of: "KH-0001", on: calendarDay("2026-02-01"), by: "adv-dara") }
                == "no key SHA256:nope is registered for KH-0001 (its keys: \(key.fingerprint)); copy the fingerprint from 'star factory key list KH-0001'")
        #expect(
            signingRefusal { try store.retire(fingerprint: key.fingerprint, of: "KH-0001", on: calendarDay("2026-01-09"), by: "adv-dara") }
                == "the key \(key.fingerprint) was added on 2026-01-10; it cannot be retired before that (2026-01-09)")
        #expect(
            signingRefusal { try store.add(key, to: "KH-0009", on: calendarDay("2026-02-01"), by: "adv-dara") }
                == "no factory 'KH-0009' is registered (did you mean 'KH-0001'?); 'star factory list' shows those that are")
        #expect(try scratch.read("factories/KH/KH-0001.yaml") == before)
        try store.retire(fingerprint: key.fingerprint, of: "KH-0001", on: calendarDay("2026-03-01"), by: "adv-dara")
        let retired = try scratch.read("factories/KH/KH-0001.yaml")
        #expect(
            signingRefusal { try store.retire(fingerprint: key.fingerprint, of: "KH-0001", on: calendarDay("2026-04-01"), by: "adv-sophea") }
                == "the key \(key.fingerprint) of KH-0001 was already retired on 2026-03-01 by adv-dara; a key is retired once")
        #expect(
            signingRefusal { try store.add(key, to: "KH-0001", on: calendarDay("2026-04-01"), by: "adv-sophea") }
                == "the key \(key.fingerprint) is already registered for KH-0001 (added 2026-01-10 by adv-sophea) and was retired on 2026-03-01; a key is registered once and never re-added"
        )
        #expect(try scratch.read("factories/KH/KH-0001.yaml") == retired)
        let empty = try repositoryWithFactory()
        defer { empty.remove() }
        #expect(
            signingRefusal {
                try FactoryKeyStore(repository: empty.repository).retire(fingerprint: key.fingerprint, of: "KH-0001", on: calendarDay("2026-04-01"), by: "x")
            }
                == "no key \(key.fingerprint.prefix(24))… is registered for KH-0001 (it has none); copy the fingerprint from 'star factory key list KH-0001'")
    }

    @Test func aBrokenKeysSectionIsAnErrorOfTheFactoryFile() throws {
        let scratch = try ScratchRepository()
        defer { scratch.remove() }
        let key = try SSHPublicKey(openSSHLine: OpenSSHSample.publicKeyLine)
        func problems(_ keys: String) -> [String] {
            let text = "star: factory/1\nid: KH-0001\nname: Angkor\ncountry: KH\nindustry: garment\nkeys:\n\(keys)"
            let (factory, diagnostics) = FactoryRegistry.read(text, file: "factories/KH/KH-0001.yaml")
            #expect(factory == nil || diagnostics.isEmpty)
            return diagnostics.map { "\($0.location.line): \($0.message) [\($0.code)]" }
        }
        let entry = "  - key: \(key.openSSHLine)\n    fingerprint: \(key.fingerprint)\n    added: 2026-11-20\n    by: adv-sophea\n"
        #expect(problems(entry) == [])
        #expect(
            problems(entry.replacingOccurrences(of: "SHA256:3", with: "SHA256:4"))
                == ["8: the fingerprint 'SHA256:4QNt4xJm4m3QQTEc1…' is not the key's (\(key.fingerprint)): one of them was changed [invalid-key]"])
        #expect(
            problems(entry.replacingOccurrences(of: "ssh-ed25519 ", with: "ssh-rsa "))
                == [
                    "7: the key is an RSA key (ssh-rsa); star accepts Ed25519 keys only: make one with 'ssh-keygen -t ed25519' or 'star keys generate' [invalid-key]"
                ])
        #expect(
            problems(entry + "    retired: 2026-12-01\n") == ["7: 'retired' and 'retired-by' go together: a retired key says when and by whom [invalid-key]"])
        #expect(
            problems(entry + "    retired: 2026-11-01\n    retired-by: adv-dara\n") == [
                "11: the key is retired (2026-11-01) before it was added (2026-11-20) [invalid-key]"
            ])
        #expect(problems(entry + entry) == ["11: the key \(key.fingerprint) is listed twice; a key is registered once [invalid-key]"])
        #expect(
            problems(entry.replacingOccurrences(of: "2026-11-20", with: "2026-11-31")) == [
                "9: added '2026-11-31' is not a date that exists; write YYYY-MM-DD [invalid-date]"
            ])
        #expect(problems(entry + "    comment: hi\n").first?.hasPrefix("11: unknown key 'comment'") == true)
        #expect(problems(entry.replacingOccurrences(of: "    by: adv-sophea\n", with: "")).first?.contains("by") == true)
        // A factory file without keys is read by the fast path, unchanged.
        #expect(
            FactoryRegistry.read(
                "country: \"KH\"\nid: \"KH-0001\"\nindustry: \"garment\"\nname: \"Angkor\"\nstar: \"factory/1\"\n", file: "factories/KH/KH-0001.yaml"
            ).1.isEmpty)
    }
}
