import Crypto
import Foundation
import StarCore
import Testing

private func calendarDay(_ text: String) -> CalendarDate { CalendarDate(text)! }

/// A statement of KH-0001 for northwind-retail, with a fixed nonce.
private func statement(
    factory: String = "KH-0001", buyer: String = "northwind-retail", scope: Set<ConsentHistory.Scope> = [.plans, .assessments],
    from: String = "2027-01-01", until: String? = "2027-12-31", issued: String = "2026-11-20"
) throws -> ConsentStatement {
    try ConsentStatement(
        factory: factory, buyer: buyer, scope: scope, from: calendarDay(from), until: until.map(calendarDay), issued: calendarDay(issued),
        nonce: "0123456789abcdef0123456789abcdef")
}

/// A factory with one key, registered on 2026-11-01.
private struct SigningFactory {
    let key = Curve25519.Signing.PrivateKey()
    var keys: FactoryKeys

    init(_ id: String = "KH-0001", retired: String? = nil) {
        keys = FactoryKeys(
            factory: id,
            keys: [
                FactoryKey(
                    publicKey: SSHPublicKey(key.publicKey), added: calendarDay("2026-11-01"), by: "adv-sophea",
                    retired: retired.map(calendarDay), retiredBy: retired.map { _ in "adv-dara" })
            ])
    }

    func sign(_ statement: ConsentStatement) -> SignedConsent { SignedConsent.sign(statement, with: key) }
}

@Suite struct ConsentStatementTests {
    @Test func theStatementHasOneExactTextForm() throws {
        #expect(
            try statement().text == """
                star-consent/1
                factory: KH-0001
                buyer: northwind-retail
                scope: assessments,plans
                from: 2027-01-01
                until: 2027-12-31
                issued: 2026-11-20
                nonce: 0123456789abcdef0123456789abcdef

                """)
        // Without an end, there is no until line.
        #expect(
            try statement(until: nil).text
                == "star-consent/1\nfactory: KH-0001\nbuyer: northwind-retail\nscope: assessments,plans\nfrom: 2027-01-01\nissued: 2026-11-20\nnonce: 0123456789abcdef0123456789abcdef\n"
        )
        #expect(try statement().summary == "KH-0001 lets northwind-retail see assessments, plans from 2027-01-01 until 2027-12-31")
        #expect(try statement(until: nil).summary == "KH-0001 lets northwind-retail see assessments, plans from 2027-01-01 until revoked")
    }

    @Test func theTextIsReadBackAndFreshStatementsHaveDifferentRandomNonces() throws {
        for original in [try statement(), try statement(until: nil), try statement(scope: [.reports])] {
            #expect(try ConsentStatement(text: original.text) == original)
        }
        let nonces = Set((0..<20).map { _ in ConsentStatement.randomNonce() })
        #expect(nonces.count == 20)
        #expect(nonces.allSatisfy { $0.count == 32 && $0.allSatisfy { "0123456789abcdef".contains($0) } })
    }

    @Test func anyOtherTextIsRefusedWithItsReason() throws {
        let text = try statement().text
        func refusal(_ changed: String) -> String? { signingRefusal { try ConsentStatement(text: changed) } }
        #expect(
            refusal(text.replacingOccurrences(of: "\n", with: "\r\n"))
                == "the statement has Windows line endings (CR); sign and send the file exactly as star wrote it")
        #expect(refusal(String(text.dropLast())) == "the statement must end with a newline")
        #expect(
            refusal(text.replacingOccurrences(of: "star-consent/1", with: "star-consent/2"))
                == "not a star consent statement: its first line must be 'star-consent/1'")
        #expect(
            refusal(text.replacingOccurrences(of: "buyer: ", with: "buyer:  "))
                == "buyer id ' northwind-retail' must start with a letter or digit and use only letters, digits, '-', '_' and '.'")
        #expect(
            refusal(text.replacingOccurrences(of: "factory: KH-0001\nbuyer: northwind-retail\n", with: "buyer: northwind-retail\nfactory: KH-0001\n"))
                == "line 2 of the statement must be 'factory: ...', found 'buyer: northwind-retail'")
        #expect(
            refusal(text.replacingOccurrences(of: "scope: assessments,plans", with: "scope: plans,assessments"))
                == "the scope must list each of its parts once, sorted: 'assessments,plans'")
        #expect(
            refusal(text.replacingOccurrences(of: "scope: assessments,plans", with: "scope: assessments,plans,plans"))
                == "the scope must list each of its parts once, sorted: 'assessments,plans'")
        #expect(
            refusal(text.replacingOccurrences(of: "scope: assessments,plans", with: "scope: assessments, plans"))
                == "scope ' plans' is not one of assessments, plans, reports (written comma-separated, without spaces)")
        #expect(
            refusal(text.replacingOccurrences(of: "scope: assessments,plans", with: "scope: everything"))
                == "scope 'everything' is not one of assessments, plans, reports (written comma-separated, without spaces)")
        #expect(
            refusal(text.replacingOccurrences(of: "from: 2027-01-01", with: "from: 2027-02-30"))
                == "from '2027-02-30' is not a date that exists; write YYYY-MM-DD")
        #expect(
            refusal(text.replacingOccurrences(of: "until: 2027-12-31", with: "until: 2026-12-31"))
                == "the consent ends (2026-12-31) before it starts (2027-01-01)")
        #expect(
            refusal(text.replacingOccurrences(of: "issued: 2026-11-20\n", with: ""))
                == "line 7 of the statement must be 'issued: ...', found 'nonce: 0123456789abcdef0…'")
        #expect(
            refusal(text.replacingOccurrences(of: "0123456789abcdef0123456789abcdef", with: "0123456789ABCDEF0123456789ABCDEF"))
                == "the nonce must be 32 lowercase hex digits")
        #expect(refusal(text + "by: someone\n") == "the statement has 1 lines after its nonce; a statement ends with its nonce line")
        #expect(
            refusal(text.replacingOccurrences(of: "nonce: 0123456789abcdef0123456789abcdef\n", with: ""))
                == "line 8 of the statement must be 'nonce: ...', found the end of the statement")
        #expect(
            refusal(text.replacingOccurrences(of: "factory: KH-0001", with: "factory: ../KH-0001"))
                == "factory id '../KH-0001' must start with a letter or digit and use only letters, digits, '-', '_' and '.'")
        #expect(signingRefusal { try statement(scope: []) } == "a consent needs a scope: assessments, plans or reports")
    }

    @Test func aSignedStatementNamesTheRegisteredKeyThatSignedIt() throws {
        let factory = SigningFactory()
        let signed = factory.sign(try statement())
        #expect(try signed.verify(keys: factory.keys).get() == factory.keys.keys[0])
        #expect(try signed.verify(keys: factory.keys, recorded: calendarDay("2026-11-20")).get() == factory.keys.keys[0])
        // Through the one-file form, as written and read back.
        let reread = try SignedConsent(text: signed.text)
        #expect(reread == signed)
        #expect(try reread.verify(keys: factory.keys).get().fingerprint == SSHPublicKey(factory.key.publicKey).fingerprint)
    }

    @Test func forgedAlteredAndReplayedConsentsProveNothing() throws {
        let factory = SigningFactory()
        let original = try statement()
        let signed = factory.sign(original)
        let fingerprint = SSHPublicKey(factory.key.publicKey).fingerprint
        // Replayed to another buyer, another scope, longer, earlier: the statement's bytes are not the ones signed.
        for altered in [
            try statement(buyer: "southbay"), try statement(scope: [.assessments, .plans, .reports]), try statement(until: nil),
            try statement(until: "2099-12-31"), try statement(from: "2026-01-01"), try statement(issued: "2026-11-21"),
        ] {
            #expect(altered.verify(signed.signature, keys: factory.keys) == .failure(.badSignature(fingerprint: fingerprint)))
        }
        // A new nonce (to record the same consent twice) breaks it too.
        var renonced = original
        renonced.nonce = String(repeating: "f", count: 32)
        #expect(renonced.verify(signed.signature, keys: factory.keys) == .failure(.badSignature(fingerprint: fingerprint)))
        // Signed by someone else, claiming the factory's key.
        let forger = Curve25519.Signing.PrivateKey()
        var forged = SignedConsent.sign(original, with: forger).signature
        forged.publicKey = SSHPublicKey(factory.key.publicKey)
        #expect(original.verify(forged, keys: factory.keys) == .failure(.badSignature(fingerprint: fingerprint)))
        // Signed by someone else, with their own key.
        let stranger = SignedConsent.sign(original, with: forger)
        #expect(stranger.verify(keys: factory.keys) == .failure(.unknownKey(fingerprint: SSHPublicKey(forger.publicKey).fingerprint, factory: "KH-0001")))
        #expect(
            stranger.verify(keys: factory.keys).failureDescription
                == "signed with the key \(SSHPublicKey(forger.publicKey).fingerprint), which is not registered for KH-0001 ('star factory key list KH-0001' shows its keys)"
        )
        // Another factory's genuine consent, shown with that other factory's keys... or with ours.
        let other = SigningFactory("KH-0002")
        let theirs = other.sign(try statement(factory: "KH-0002"))
        #expect(theirs.verify(keys: factory.keys) == .failure(.anotherFactory(statement: "KH-0002", keys: "KH-0001")))
        #expect(
            theirs.verify(keys: factory.keys).failureDescription
                == "the statement is for factory KH-0002, not KH-0001: a consent counts only for the factory it names")
        // Our key's signature on a statement naming another factory.
        let misnamed = factory.sign(try statement(factory: "KH-0002"))
        #expect(misnamed.verify(keys: factory.keys) == .failure(.anotherFactory(statement: "KH-0002", keys: "KH-0001")))
        // The factory's real signature of the same bytes under another namespace (ssh-keygen -n file).
        let elsewhere = SSHSignature.sign(original.bytes, with: factory.key, namespace: "file")
        #expect(original.verify(elsewhere, keys: factory.keys) == .failure(.wrongNamespace("file")))
        #expect(
            original.verify(elsewhere, keys: factory.keys).failureDescription
                == "the signature was made for the namespace 'file', not 'star-consent'; sign with 'ssh-keygen -Y sign -n star-consent' or 'star consent sign'")
        #expect(
            try statement(buyer: "southbay").verify(signed.signature, keys: factory.keys).failureDescription
                == "the signature by \(fingerprint) does not match the statement: the statement was changed after it was signed, or the signature is forged")
    }

    @Test func aKeyRetiredOnOrBeforeTheIssuedOrRecordedDaySignsNothing() throws {
        let issued = try statement(issued: "2026-11-20")
        let fingerprintOf = { (f: SigningFactory) in SSHPublicKey(f.key.publicKey).fingerprint }
        // Retired the day before, and the very day, the statement says it was issued.
        for retired in ["2026-11-19", "2026-11-20"] {
            let factory = SigningFactory(retired: retired)
            #expect(
                factory.sign(issued).verify(keys: factory.keys)
                    == .failure(.keyRetired(fingerprint: fingerprintOf(factory), retired: calendarDay(retired), issued: calendarDay("2026-11-20"))))
        }
        let retiredLater = SigningFactory(retired: "2026-11-21")
        let signed = retiredLater.sign(issued)
        #expect(signed.verify(keys: retiredLater.keys).failureDescription == nil, "retired after it was issued: the consent keeps its value")
        #expect(signed.verify(keys: retiredLater.keys, recorded: calendarDay("2026-11-20")).failureDescription == nil)
        // Recorded once the key is retired: a retired key could back-date anything.
        #expect(
            signed.verify(keys: retiredLater.keys, recorded: calendarDay("2026-11-21"))
                == .failure(
                    .keyRetiredBeforeRecorded(fingerprint: fingerprintOf(retiredLater), retired: calendarDay("2026-11-21"), recorded: calendarDay("2026-11-21"))
                ))
        #expect(
            signed.verify(keys: retiredLater.keys, recorded: calendarDay("2026-11-25")).failureDescription
                == "signed with the key \(fingerprintOf(retiredLater)), retired on 2026-11-21, on or before the day the consent is recorded (2026-11-25)")
        let retired = SigningFactory(retired: "2026-11-19")
        #expect(
            retired.sign(issued).verify(keys: retired.keys).failureDescription
                == "signed with the key \(fingerprintOf(retired)), retired on 2026-11-19, on or before the day the statement was issued (2026-11-20)")
        // Issued after it is recorded: dated in the future.
        let factory = SigningFactory()
        #expect(
            factory.sign(issued).verify(keys: factory.keys, recorded: calendarDay("2026-11-19")).failureDescription
                == "the statement says it was issued on 2026-11-20, after the day it is recorded (2026-11-19)")
    }

    @Test func theOneFileFormIsTheStatementThenTheSignatureAndNothingElse() throws {
        let factory = SigningFactory()
        let signed = factory.sign(try statement())
        #expect(signed.text.hasPrefix(try statement().text + "-----BEGIN SSH SIGNATURE-----\n"))
        #expect(signed.text.hasSuffix("-----END SSH SIGNATURE-----\n"))
        #expect(
            signingRefusal { try SignedConsent(text: try statement().text) }
                == "the file holds no SSH signature: it must be the statement followed by '-----BEGIN SSH SIGNATURE-----' ... '-----END SSH SIGNATURE-----'")
        #expect(signingRefusal { try SignedConsent(text: signed.signature.armoured) } == "the file holds a signature but no statement before it")
        #expect(
            signingRefusal { try SignedConsent(text: signed.text + "\n") }
                == "the SSH signature must end with '-----END SSH SIGNATURE-----' and nothing after it")
        #expect(
            signingRefusal { try SignedConsent(text: "# my note\n" + signed.text) } == "not a star consent statement: its first line must be 'star-consent/1'")
        #expect(
            signingRefusal { try SignedConsent(text: signed.text.replacingOccurrences(of: "nonce:", with: "note: hi\nnonce:")) }
                == "line 8 of the statement must be 'nonce: ...', found 'note: hi'")
        // Kept apart, as ssh-keygen writes them.
        #expect(try SignedConsent(statement: signed.statement.text, signature: signed.signature.armoured) == signed)
    }
}

extension Result where Failure == ConsentStatement.Refusal {
    /// The refusal's message, nil on success.
    var failureDescription: String? {
        if case .failure(let refusal) = self { return refusal.description }
        return nil
    }
}
