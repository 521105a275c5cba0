import Testing

extension Tag {
    /// Suites that run for minutes (the dispatch load run, migrations end to end on PostgreSQL, the cut-over gate).
    /// `swift test` runs them; `swift test --skip 'LoadTests|MigrationTests|GateTests'` is the fast set (README).
    @Tag public static var slow: Self
}
