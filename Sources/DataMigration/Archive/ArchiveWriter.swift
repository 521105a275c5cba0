import AgentPlannerCore
import Crypto
import Foundation

/// Writes the archive (D6: dropped never means lost): JSON lines per subject, streamed from the source through a
/// cursor, each file written beside its final name and renamed when complete; the manifest comes last.
struct ArchiveWriter {
    let source: PGLink
    let directory: String
    var storage: ArchiveStorage = .files
    let fetchSize = 2_000

    func write(_ subjects: [ArchiveSubject], sourceName: String) async throws -> ArchiveManifest {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw MigrationFailure("cannot create the archive directory \(directory): \(error.localizedDescription)")
        }
        var entries: [ArchiveManifest.Entry] = []
        for subject in subjects {
            entries.append(try await write(subject))
        }
        let manifest = ArchiveManifest(
            source: sourceName, createdAt: ISO8601DateFormatter().string(from: Date()), entries: entries)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try await save(try encoder.encode(manifest), as: ArchiveManifest.fileName)
        return manifest
    }

    private func write(_ subject: ArchiveSubject) async throws -> ArchiveManifest.Entry {
        let final = URL(fileURLWithPath: directory).appendingPathComponent(subject.file)
        let partial = final.appendingPathExtension("partial")
        var hasher = SHA256()
        var rows = 0
        try await writing(partial) { output in
            try await source.transaction {
                try await source.execute("DECLARE archive_rows NO SCROLL CURSOR FOR \(subject.rowsSQL)")
                while true {
                    let batch = try await source.rows("FETCH \(fetchSize) FROM archive_rows")
                    if batch.isEmpty { break }
                    var chunk = Data()
                    for row in batch {
                        chunk.append(contentsOf: (row[0] ?? "null").utf8)
                        chunk.append(0x0A)
                    }
                    hasher.update(data: chunk)
                    try output.write(chunk)
                    rows += batch.count
                }
                try await source.execute("CLOSE archive_rows")
            }
        }
        try? FileManager.default.removeItem(at: final)
        try FileManager.default.moveItem(at: partial, to: final)
        return .init(name: subject.name, file: subject.file, rows: rows, sha256: Self.hex(hasher.finalize()))
    }

    /// Writes one file through `storage`; a failed write removes the partial file (it would only take space)
    /// and names the file and the system's reason.
    private func writing(_ partial: URL, _ body: (any ArchiveOutput) async throws -> Void) async throws {
        do {
            let output = try storage.open(partial.path)
            do {
                try await body(output)
                try output.close()
            } catch {
                try? output.close()
                throw error
            }
        } catch let error as MigrationFailure {
            try? FileManager.default.removeItem(at: partial)
            throw error
        } catch {
            try? FileManager.default.removeItem(at: partial)
            throw MigrationFailure(
                "cannot write the archive file \(partial.path): \(error); the archive in \(directory) is incomplete "
                    + "and the run is not finished: make room and run the same command again")
        }
    }

    private func save(_ data: Data, as name: String) async throws {
        let url = URL(fileURLWithPath: directory).appendingPathComponent(name)
        let partial = url.appendingPathExtension("partial")
        try await writing(partial) { try $0.write(data) }
        try? FileManager.default.removeItem(at: url)
        try FileManager.default.moveItem(at: partial, to: url)
    }

    /// Writes a file the run made itself (not a source table) and lists it in the existing manifest, replacing an
    /// entry of the same name.
    func addToManifest(_ data: Data, name: String, file: String, rows: Int) async throws {
        try await save(data, as: file)
        var manifest = try ArchiveManifest.read(from: directory)
        manifest.entries.removeAll { $0.name == name }
        manifest.entries.append(.init(name: name, file: file, rows: rows, sha256: Self.hex(SHA256.hash(data: data))))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try await save(try encoder.encode(manifest), as: ArchiveManifest.fileName)
    }

    static func hex(_ digest: SHA256.Digest) -> String { Hex.encode(digest) }

    /// Row count and SHA-256 of a file as written, for the verifier.
    static func measure(_ path: String) throws -> (rows: Int, sha256: String) {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw MigrationFailure("missing archive file \(path)") }
        defer { try? handle.close() }
        var hasher = SHA256()
        var rows = 0
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
            rows += chunk.withUnsafeBytes { bytes in bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } }
        }
        return (rows, hex(hasher.finalize()))
    }
}
