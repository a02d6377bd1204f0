extension RepositoryValidator {
    /// Plans, consents and access logs: each file parses, sits where its content says, and names what exists.
    static func followUpFileProblems(_ repository: Repository, context: AssessmentContext) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let buyers = Set(BuyerRegistry(repository: repository).load().buyers.map(\.id))
        func place(_ file: String, factory id: String, expected: (Factory) -> String, what: String) {
            guard let factory = context.factories[id] else {
                diagnostics.append(.error("unknown-factory", "\(file) is the \(what) of '\(id)', which is not registered", at: SourceLocation(file: file)))
                return
            }
            if file != expected(factory) {
                diagnostics.append(.error("misplaced-file", "the \(what) of \(id) belongs in \(expected(factory))", at: SourceLocation(file: file)))
            }
        }
        let (plans, planProblems) = repository.yamlFiles(in: "plans")
        diagnostics += planProblems
        for (file, text) in plans {
            let (plan, found) = ImprovementPlan.read(text, file: file)
            diagnostics += found
            if let plan { place(file, factory: plan.factory, expected: { ImprovementPlan.path(country: $0.country, factory: $0.id) }, what: "plan") }
        }
        let (consents, consentProblems) = repository.yamlFiles(in: "consents")
        diagnostics += consentProblems
        let (policy, policyProblems) = consentPolicyProblems(repository)
        // Without consents, the policy decides nothing yet: only a wrong value is worth saying.
        diagnostics += consents.isEmpty ? policyProblems.filter { $0.severity == .error } : policyProblems
        for (file, text) in consents {
            let (history, found) = ConsentHistory.read(text, file: file)
            diagnostics += found
            guard let history else { continue }
            place(file, factory: history.factory, expected: { ConsentHistory.path(country: $0.country, factory: $0.id) }, what: "consent file")
            if let factory = context.factories[history.factory] {
                diagnostics += consentJudgementProblems(history, file: file, factory: factory, policy: policy, repository: repository)
            }
            for buyer in Set(history.entries.map(\.buyer)) where !buyers.contains(buyer) {
                diagnostics.append(.error("unknown-buyer", "\(file) names buyer '\(buyer)', which is not registered", at: SourceLocation(file: file)))
            }
        }
        let log = AccessLog(repository: repository)
        for buyer in buyers.sorted() { diagnostics += log.entries(buyer: buyer).diagnostics }
        return diagnostics
    }
}
