import Foundation
import Persistence
import TestSupport
import Testing

/// The migrated PostgreSQL schema must equal `golden/schema/postgres.txt`, and SQLite must have the same
/// tables and columns. To change the schema on purpose: edit the migration, run
/// `AGENTPLANNER_RECORD=1 swift test --filter SchemaGolden`, and review the golden's diff in the commit.
@Suite("Schema golden")
struct SchemaGoldenTests {
    static let golden = GoldenFiles.url("schema/postgres.txt")

    @Test("the live PostgreSQL schema matches the golden")
    func postgresMatchesGolden() async throws {
        let dump = try await TestDatabases.withStore(.postgres) { store in
            try await SchemaInspector(store: store).postgresDump()
        }
        if GoldenFiles.isRecording {
            try GoldenFiles.write(dump, to: Self.golden)
        }
        let expected = try #require(
            GoldenFiles.read(Self.golden), "missing \(Self.golden.path); record it with AGENTPLANNER_RECORD=1")
        let diff = LineDiff.render(expected: expected, actual: dump)
        #expect(diff.isEmpty, "schema differs from golden/schema/postgres.txt (- golden, + live):\n\(diff)")
    }

    @Test("SQLite has the same tables and columns as PostgreSQL")
    func sqliteMatchesPostgres() async throws {
        let postgres = try await TestDatabases.withStore(.postgres) { store in
            try await SchemaInspector(store: store).columns()
        }
        let sqlite = try await TestDatabases.withStore(.sqlite) { store in
            try await SchemaInspector(store: store).columns()
        }
        #expect(Set(sqlite.keys) == Set(postgres.keys))
        for (table, columns) in postgres {
            #expect(sqlite[table] == columns, "columns of \(table) differ")
        }
        #expect(postgres.count == V2Schema.tables.count + 1, "every v2 table plus the migrations ledger")
    }

    @Test("the golden diff names a column changed by hand")
    func goldenDiffIsReadable() async throws {
        let diff = try await TestDatabases.withStore(.postgres) { store in
            try await store.withSession { session in
                try await session.sql.raw("ALTER TABLE plans ALTER COLUMN title TYPE varchar(10)").run()
            }
            let dump = try await SchemaInspector(store: store).postgresDump()
            let expected = try #require(GoldenFiles.read(Self.golden))
            return LineDiff.render(expected: expected, actual: dump)
        }
        #expect(diff.contains("-   column title text NOT NULL"))
        #expect(diff.contains("+   column title character varying(10) NOT NULL"))
    }
}
