import Yams

/// What a grant must carry to give access (star.yaml's `consent:`, docs/sharing.md).
public enum ConsentPolicy: String, Sendable, CaseIterable {
    /// Only a grant the factory signed with a key registered for it gives access; what `star init` writes.
    case signed
    /// Today's paper practice: a grant recorded by the country team gives access, and names its evidence.
    case recorded

    /// The key of star.yaml.
    public static let key = "consent"

    /// What star.yaml sets, or what it means without the key: `recorded`, so repositories made before signed
    /// consents keep the access they gave (`star validate` warns that the policy is unset).
    public static let unsetMeaning = ConsentPolicy.recorded
}

extension Repository {
    /// star.yaml's `consent:` policy; nil when star.yaml does not set it. Any value but `signed` or `recorded`
    /// is an error that names it: a typo must never quietly mean the weaker policy.
    public func declaredConsentPolicy() throws(RepositoryError) -> ConsentPolicy? {
        let text = try readText(Self.markerFile, limit: FileStore.Limit.document)
        guard let node = try? Yams.compose(yaml: text, .basic), case .mapping(let mapping) = node,
            let value = mapping.first(where: { $0.key.scalar?.string == ConsentPolicy.key })?.value
        else { return nil }
        guard let name = value.scalar?.string, let policy = ConsentPolicy(rawValue: name) else {
            throw .invalidSettings(
                path: Self.markerFile,
                reason:
                    "\(ConsentPolicy.key) must be 'signed' (only consents the factory signed give access) or 'recorded' (consents the country team recorded, with their evidence)"
            )
        }
        return policy
    }

    /// The policy in force: star.yaml's, or `recorded` when it sets none.
    public func consentPolicy() throws(RepositoryError) -> ConsentPolicy {
        try declaredConsentPolicy() ?? ConsentPolicy.unsetMeaning
    }
}
