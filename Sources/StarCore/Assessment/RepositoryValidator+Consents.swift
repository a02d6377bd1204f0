extension RepositoryValidator {
    /// star.yaml's consent policy: an unknown value is an error, no value a warning naming the line to add.
    static func consentPolicyProblems(_ repository: Repository) -> (policy: ConsentPolicy, diagnostics: [Diagnostic]) {
        let at = SourceLocation(file: Repository.markerFile)
        do throws(RepositoryError) {
            guard let policy = try repository.declaredConsentPolicy() else {
                return (
                    ConsentPolicy.unsetMeaning,
                    [
                        .warning(
                            "consent-policy-unset", "star.yaml sets no consent policy, so grants the factory did not sign give access (as 'consent: recorded')",
                            at: at,
                            notes: [
                                "add the line 'consent: signed' to star.yaml (only consents the factory signed give access), or 'consent: recorded' to keep recording consents given on paper (docs/sharing.md)"
                            ])
                    ]
                )
            }
            return (policy, [])
        } catch {
            // What ConsentStore does with a value it does not know: the stricter policy.
            return (.signed, [.error("invalid-settings", error.description, at: at)])
        }
    }

    /// Every grant of a consent file that gives no access under the policy, at its line, with the reason; under
    /// `recorded`, a grant the factory did not sign that names no evidence.
    static func consentJudgementProblems(
        _ history: ConsentHistory, file: String, factory: Factory, policy: ConsentPolicy, repository: Repository
    ) -> [Diagnostic] {
        let keys: FactoryKeys
        do { keys = try FactoryKeyStore(repository: repository).keys(of: factory) } catch {
            // The factory file's own errors are reported where it is read.
            return []
        }
        let judged = AccessPolicy.judge(history, policy: policy, keys: keys)
        var diagnostics: [Diagnostic] = []
        for entry in history.entries {
            guard case .grant(let grant) = entry, let id = entry.id else { continue }
            let at = SourceLocation(file: file, line: history.lines[id] ?? 1)
            if let reason = judged.refused[id] {
                diagnostics.append(
                    .error(
                        grant.signed == nil ? "unsigned-consent" : "invalid-consent-signature",
                        "the grant of \(grant.buyer) (entry \(id)) gives no access: \(reason)", at: at))
            } else if grant.signed == nil, grant.evidence?.trimmingSpaces.isEmpty ?? true {
                diagnostics.append(
                    .warning(
                        "consent-evidence", "the grant of \(grant.buyer) (entry \(id)) was not signed by the factory and names no evidence",
                        at: at,
                        notes: ["record the consent the factory signs ('star share grant --signed FILE'), or keep the evidence of consent given on paper"]))
            }
        }
        return diagnostics
    }
}
