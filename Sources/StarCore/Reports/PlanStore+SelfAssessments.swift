extension PlanStore {
    /// The factory's final self-assessments (not replaced by a correction) that started on or before `date`,
    /// oldest first: what a factory found about itself, which reports show apart from the advisors' visits
    /// (`visits(of:until:)`) and never count with them.
    public func selfAssessments(of factory: Factory, until date: CalendarDate) -> [AssessmentStore.Loaded] {
        let loaded = store.records(of: factory).compactMap { id -> AssessmentStore.Loaded? in
            let (record, diagnostics) = store.load(AssessmentRecord.path(country: factory.country, id: id))
            guard let record, !diagnostics.hasErrors, record.record.status == .final else { return nil }
            return record
        }
        let amended = Set(loaded.compactMap(\.record.amends))
        return loaded.filter { $0.record.kind == .selfAssessment && !amended.contains($0.record.id) && !(date < $0.record.visit.start) }
            .sorted { ($0.record.visit.start, $0.record.id.sequence) < ($1.record.visit.start, $1.record.id.sequence) }
    }
}
