import Crypto
import Foundation
import StarCore
import Testing

/// SplitMix64, seeded: the same seed gives the same run (STAR_PROPERTY_SEED=N repeats one).
private struct Seeded: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

private func seeds() -> [UInt64] {
    if let text = ProcessInfo.processInfo.environment["STAR_PROPERTY_SEED"], let seed = UInt64(text) { return [seed] }
    return Array(1500..<1508)
}

/// The property: whatever is done to a signed consent's bytes, what verifies is the consent the factory signed,
/// never another one (another buyer, scope, day, nonce or factory).
@Suite struct SignedConsentPropertyTests {
    static let rounds = 150

    private func randomStatement(_ random: inout Seeded) throws -> ConsentStatement {
        let scopes = ConsentHistory.Scope.allCases.filter { _ in Bool.random(using: &random) }
        let from = CalendarDate("2026-01-01")!.adding(days: Int.random(in: 0...700, using: &random))
        let until = Bool.random(using: &random) ? from.adding(days: Int.random(in: 0...400, using: &random)) : nil
        return try ConsentStatement(
            factory: ["KH-0001", "KH-0002"].randomElement(using: &random)!, buyer: ["northwind", "southbay", "eastgate"].randomElement(using: &random)!,
            scope: Set(scopes.isEmpty ? [.plans] : scopes), from: from, until: until,
            issued: CalendarDate("2026-06-01")!.adding(days: Int.random(in: 0...200, using: &random)),
            nonce: (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &random)) }.joined())
    }

    /// One random change: a bit flipped, a byte inserted or removed, a line dropped, doubled or swapped with the next.
    private func mutate(_ bytes: [UInt8], _ random: inout Seeded) -> [UInt8] {
        var bytes = bytes
        let index = Int.random(in: 0..<bytes.count, using: &random)
        switch Int.random(in: 0..<5, using: &random) {
        case 0: bytes[index] ^= 1 << UInt8.random(in: 0...7, using: &random)
        case 1: bytes.insert(UInt8.random(in: 0x20...0x7E, using: &random), at: index)
        case 2: bytes.remove(at: index)
        default:
            var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
            let line = Int.random(in: 0..<(lines.count - 1), using: &random)
            if Bool.random(using: &random) {
                lines.swapAt(line, line + 1)
            } else if Bool.random(using: &random) {
                lines.remove(at: line)
            } else {
                lines.insert(lines[line], at: line)
            }
            bytes = Array(lines.joined(separator: [UInt8(ascii: "\n")]))
        }
        return bytes
    }

    @Test(arguments: seeds()) func noChangedOrSplicedFileVerifiesAsAnotherConsent(seed: UInt64) throws {
        var random = Seeded(state: seed)
        let key = Curve25519.Signing.PrivateKey()
        let keys = ["KH-0001", "KH-0002"].map {
            FactoryKeys(factory: $0, keys: [FactoryKey(publicKey: SSHPublicKey(key.publicKey), added: CalendarDate("2026-01-01")!, by: "adv")])
        }
        for round in 0..<Self.rounds {
            let original = try randomStatement(&random)
            let other = try randomStatement(&random)
            let signed = SignedConsent.sign(original, with: key)
            // Unchanged, it verifies: the property below is about changes, not about a check that always fails.
            #expect(throws: Never.self) { try SignedConsent(text: signed.text).verify(keys: keys[original.factory == "KH-0001" ? 0 : 1]).get() }
            var bytes = Array(signed.text.utf8)
            for _ in 0...Int.random(in: 0...2, using: &random) { bytes = mutate(bytes, &random) }
            let candidates = [
                String(decoding: bytes, as: UTF8.self),
                // Another statement with this signature: a replay to another buyer, scope, day or factory.
                other.text + signed.signature.armoured,
            ]
            for text in candidates {
                guard let read = try? SignedConsent(text: text) else { continue }
                for factoryKeys in keys {
                    if case .success = read.verify(keys: factoryKeys) {
                        #expect(read.statement == original, "seed \(seed) round \(round): a changed file verified as \(read.statement.summary)")
                        #expect(factoryKeys.factory == original.factory)
                    }
                }
            }
        }
    }
}
