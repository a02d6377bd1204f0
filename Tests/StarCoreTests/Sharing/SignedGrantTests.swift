import Crypto
import Foundation
import StarCore
import Testing

/// The factory XX-0001 with one key, registered on 2026-01-01, and what it signs.
private struct FactorySigner {
    let key = Curve25519.Signing.PrivateKey()
    var registered: FactoryKey { FactoryKey(publicKey: SSHPublicKey(key.publicKey), added: day("2026-01-01"), by: "adv-sophea") }

    func consent(
        factory: String = "XX-0001", buyer: String = "northwind", scope: Set<ConsentHistory.Scope> = [.assessments],
        from: String = "2026-02-01", until: String? = nil, issued: String = "2026-02-01", nonce: String = ConsentStatement.randomNonce()
    ) throws -> SignedConsent {
        SignedConsent.sign(
            try ConsentStatement(factory: factory, buyer: buyer, scope: scope, from: day(from), until: until.map(day), issued: day(issued), nonce: nonce),
            with: key)
    }
}

/// A recorded grant of `consent`, as `star share grant --signed` writes it.
private func grant(_ consent: SignedConsent, recorded: String = "2026-02-02") -> ConsentHistory.Entry {
    .grant(
        ConsentHistory.Grant(
            buyer: consent.statement.buyer, scope: consent.statement.scope, from: consent.statement.from, until: consent.statement.until,
            by: "adv-sophea", recorded: day(recorded), signed: consent.text, key: consent.signature.publicKey.fingerprint))
}

/// The grant's fields changed by hand after it was recorded.
private func edited(_ entry: ConsentHistory.Entry, _ change: (inout ConsentHistory.Grant) -> Void) -> ConsentHistory.Entry {
    guard case .grant(var g) = entry else { return entry }
    change(&g)
    return .grant(g)
}

private func judged(_ entries: [ConsentHistory.Entry], keys: [FactoryKey], policy: ConsentPolicy = .signed) -> JudgedConsents {
    AccessPolicy.judge(ConsentHistory(factory: "XX-0001", entries: entries), policy: policy, keys: FactoryKeys(factory: "XX-0001", keys: keys))
}

/// The one reason the only grant of `consents` gives no access (nil when it counts).
private func refusal(_ consents: JudgedConsents) -> String? {
    consents.history.entries.first.flatMap { $0.id.flatMap { consents.refused[$0] } }
}

@Suite struct SignedGrantTests {
    fileprivate let factory = FactorySigner()

    @Test func aGrantTheFactorySignedGivesWhatTheStatementSaysAndNoMore() throws {
        let consents = judged([grant(try factory.consent(scope: [.assessments, .plans], until: "2026-06-30"))], keys: [factory.registered])
        #expect(refusal(consents) == nil)
        #expect(AccessPolicy.scopes(buyer: "northwind", on: day("2026-02-01"), consents: consents) == [.assessments, .plans])
        #expect(AccessPolicy.scopes(buyer: "northwind", on: day("2026-06-30"), consents: consents) == [.assessments, .plans])
        #expect(AccessPolicy.scopes(buyer: "northwind", on: day("2026-07-01"), consents: consents).isEmpty, "expired")
        #expect(AccessPolicy.scopes(buyer: "northwind", on: day("2026-01-31"), consents: consents).isEmpty)
        #expect(AccessPolicy.scopes(buyer: "southbay", on: day("2026-03-01"), consents: consents).isEmpty)
        #expect(consents.signers.values.map(\.fingerprint) == [factory.registered.fingerprint])
    }

    @Test func forgedWithAnotherKeyGivesNothing() throws {
        let forger = FactorySigner()
        let consents = judged([grant(try forger.consent())], keys: [factory.registered])
        #expect(
            refusal(consents)
                == "signed with the key \(forger.registered.fingerprint), which is not registered for XX-0001 ('star factory key list XX-0001' shows its keys)")
        #expect(AccessPolicy.scopes(buyer: "northwind", on: day("2026-03-01"), consents: consents).isEmpty)
    }

    @Test func anEntryEditedToAnotherBuyerScopeOrDaysGivesNothingToAnyone() throws {
        let signed = grant(try factory.consent(until: "2026-06-30"))
        let cases: [(ConsentHistory.Entry, String)] = [
            (
                edited(signed) { $0.buyer = "southbay" },
                "the entry's buyer (southbay) is not the signed statement's (northwind): the entry was changed after it was recorded"
            ),
            (
                edited(signed) { $0.scope = [.assessments, .plans] },
                "the entry's scope (assessments,plans) is not the signed statement's (assessments): the entry was changed after it was recorded"
            ),
            (
                edited(signed) { $0.from = day("2025-01-01") },
                "the entry's from (2025-01-01) is not the signed statement's (2026-02-01): the entry was changed after it was recorded"
            ),
            (
                edited(signed) { $0.until = nil },
                "the entry's until (none) is not the signed statement's (2026-06-30): the entry was changed after it was recorded"
            ),
            (
                edited(signed) { $0.key = "SHA256:AAAA" },
                "the entry's key (SHA256:AAAA) is not the signed statement's (\(factory.registered.fingerprint)): the entry was changed after it was recorded"
            ),
        ]
        for (entry, message) in cases {
            let consents = judged([entry], keys: [factory.registered])
            #expect(refusal(consents) == message)
            for buyer in ["northwind", "southbay"] {
                #expect(AccessPolicy.scopes(buyer: buyer, on: day("2026-03-01"), consents: consents).isEmpty)
            }
        }
    }

    @Test func aConsentCopiedIntoAnotherFactorysFileGivesNothing() throws {
        let consents = judged([grant(try factory.consent(factory: "XX-0002"))], keys: [factory.registered])
        #expect(refusal(consents) == "the signed consent is for factory XX-0002, not XX-0001: a consent counts only for the factory it names")
        #expect(AccessPolicy.scopes(buyer: "northwind", on: day("2026-03-01"), consents: consents).isEmpty)
    }

    @Test func oneByteChangedInTheStatementOrTheSignatureGivesNothing() throws {
        let consent = try factory.consent()
        // The statement says southbay now, and so does the entry: only the signature is left to tell.
        let statement = consent.text.replacingOccurrences(of: "buyer: northwind", with: "buyer: southbax")
        let changedStatement = edited(grant(consent)) {
            $0.signed = statement
            $0.buyer = "southbax"
        }
        #expect(
            refusal(judged([changedStatement], keys: [factory.registered]))
                == "the signature by \(factory.registered.fingerprint) does not match the statement: the statement was changed after it was signed, or the signature is forged"
        )
        // One base64 character of the signature bytes (the last line before the end line) changed.
        var lines = consent.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let index = lines.count - 3
        var chars = Array(lines[index])
        chars[4] = chars[4] == "A" ? "B" : "A"
        lines[index] = String(chars)
        let changedSignature = edited(grant(consent)) { $0.signed = lines.joined(separator: "\n") }
        let reason = try #require(refusal(judged([changedSignature], keys: [factory.registered])))
        #expect(reason.hasPrefix("the signature by ") || reason.hasPrefix("the signed consent cannot be read"), "\(reason)")
        #expect(AccessPolicy.scopes(buyer: "northwind", on: day("2026-03-01"), consents: judged([changedSignature], keys: [factory.registered])).isEmpty)
    }

    @Test func whoRecordedItIsNotWhatTheFactorySigned() throws {
        // `by` names who recorded a signed grant; changing it neither gives nor takes access, and the buyer sees the key.
        let consents = judged([edited(grant(try factory.consent())) { $0.by = "Sok Dara, HR manager" }], keys: [factory.registered])
        #expect(refusal(consents) == nil)
        #expect(AccessPolicy.scopes(buyer: "northwind", on: day("2026-03-01"), consents: consents) == [.assessments])
        #expect(consents.signers.values.map(\.fingerprint) == [factory.registered.fingerprint])
    }

    @Test func theSameSignedConsentCountsOnce() throws {
        let consent = try factory.consent(until: "2026-03-31")
        let first = grant(consent, recorded: "2026-02-02")
        let again = grant(consent, recorded: "2026-05-01")
        let consents = judged([first, again], keys: [factory.registered])
        let ids = consents.history.entries.compactMap(\.id)
        #expect(consents.refused[ids[0]] == nil)
        #expect(
            consents.refused[ids[1]]
                == "the signed consent with the nonce \(consent.statement.nonce) is already recorded (entry \(ids[0])); a signed consent counts once")
        // Recorded again after a revocation, it does not bring the access back.
        let revoked = judged(
            [first, .revocation(.init(buyer: "northwind", at: day("2026-03-01"), by: "Sok Dara", recorded: day("2026-02-20"))), again],
            keys: [factory.registered])
        #expect(AccessPolicy.scopes(buyer: "northwind", on: day("2026-03-15"), consents: revoked).isEmpty)
        #expect(AccessPolicy.scopes(buyer: "northwind", on: day("2026-02-15"), consents: revoked) == [.assessments])
    }

    @Test func aGrantTheFactoryDidNotSignGivesNothingUnderSigned() throws {
        let unsigned = ConsentHistory.Entry.grant(
            .init(
                buyer: "northwind", scope: [.assessments], from: day("2026-02-01"), until: nil, by: "Sok Dara", recorded: day("2026-02-01"),
                evidence: "paper form #12"))
        let underSigned = judged([unsigned], keys: [factory.registered])
        #expect(
            refusal(underSigned)
                == "the grant is not signed by the factory, and star.yaml sets 'consent: signed': record the consent the factory signed with 'star share grant --signed FILE'"
        )
        #expect(AccessPolicy.scopes(buyer: "northwind", on: day("2026-03-01"), consents: underSigned).isEmpty)
        let underRecorded = judged([unsigned], keys: [], policy: .recorded)
        #expect(refusal(underRecorded) == nil)
        #expect(AccessPolicy.scopes(buyer: "northwind", on: day("2026-03-01"), consents: underRecorded) == [.assessments])
        // Under `recorded` too, a signature that is not the factory's gives nothing.
        #expect(
            AccessPolicy.scopes(
                buyer: "northwind", on: day("2026-03-01"),
                consents: judged([grant(try FactorySigner().consent())], keys: [factory.registered], policy: .recorded)
            ).isEmpty)
    }

    @Test func aKeyRetiredBeforeTheConsentWasIssuedOrRecordedSignsNothing() throws {
        var retired = factory.registered
        retired.retired = day("2026-02-01")
        retired.retiredBy = "adv-dara"
        let issuedOnRetirement = judged([grant(try factory.consent(issued: "2026-02-01"))], keys: [retired])
        #expect(
            refusal(issuedOnRetirement)
                == "signed with the key \(retired.fingerprint), retired on 2026-02-01, on or before the day the statement was issued (2026-02-01)")
        // Back-dated: issued before the retirement, recorded after it.
        let backDated = judged([grant(try factory.consent(issued: "2026-01-20"), recorded: "2026-02-05")], keys: [retired])
        #expect(
            refusal(backDated) == "signed with the key \(retired.fingerprint), retired on 2026-02-01, on or before the day the consent is recorded (2026-02-05)"
        )
        #expect(AccessPolicy.scopes(buyer: "northwind", on: day("2026-03-01"), consents: backDated).isEmpty)
        // Recorded before the retirement: the consent keeps its value.
        let kept = judged([grant(try factory.consent(issued: "2026-01-20"), recorded: "2026-01-25")], keys: [retired])
        #expect(refusal(kept) == nil)
        #expect(AccessPolicy.scopes(buyer: "northwind", on: day("2026-03-01"), consents: kept) == [.assessments])
    }

    @Test func aGrantRecordedBeforeItsKeyWasRegisteredOrBeforeItWasIssuedGivesNothing() throws {
        let early = judged([grant(try factory.consent(issued: "2025-12-01"), recorded: "2025-12-02")], keys: [factory.registered])
        #expect(
            refusal(early)
                == "the key \(factory.registered.fingerprint) was registered on 2026-01-01, after the day the grant says it was recorded (2025-12-02)")
        let future = judged([grant(try factory.consent(issued: "2026-03-01"), recorded: "2026-02-02")], keys: [factory.registered])
        #expect(refusal(future) == "the statement says it was issued on 2026-03-01, after the day it is recorded (2026-02-02)")
    }

    @Test func aSignedGrantSurvivesTheFileRoundTrip() throws {
        let history = ConsentHistory(factory: "XX-0001", entries: [grant(try factory.consent(scope: [.plans, .reports], until: "2026-12-31"))])
        #expect(history.text.split(separator: "\n").count == 5, "one line per entry")
        let (read, diagnostics) = ConsentHistory.read(history.text, file: "consents/XX/XX-0001.yaml")
        #expect(diagnostics.isEmpty)
        #expect(read == history)
        #expect(read?.lines[history.entries[0].id!] == 5)
        let consents = AccessPolicy.judge(try #require(read), policy: .signed, keys: FactoryKeys(factory: "XX-0001", keys: [factory.registered]))
        #expect(AccessPolicy.scopes(buyer: "northwind", on: day("2026-03-01"), consents: consents) == [.plans, .reports])
    }
}
