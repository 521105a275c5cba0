import AgentPlannerCore
import Crypto
import Foundation

/// Writes the archive (D6: dropped never means lost): JSON lines per subject, streamed from the source through a
/// cursor, each file written beside its final name and renamed when complete; the manifest comes last.
struct ArchiveWriter {
    let source: PGLink
    let directory: String
    var storage: ArchiveStorage = .files

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
        let (location, storage, directory) = (source.location, storage, directory)
        // libpq's COPY on a thread of its own: each row's JSON arrives as one COPY text line, unescaped here into
        // the file's bytes; nothing waits on Swift's shared executor.
        let (rows, sha256) = try await PQCopy.onThread { () throws -> (Int, String) in
            try Self.writing(partial, storage: storage, directory: directory) { output in
                let link = try PQConnection(location, role: "source")
                try link.execute("SET default_transaction_read_only = on")
                var hasher = SHA256()
                var chunk: [UInt8] = []
                chunk.reserveCapacity(1 << 20)
                func flush() throws {
                    hasher.update(data: chunk)
                    try output.write(Data(chunk))
                    chunk.removeAll(keepingCapacity: true)
                }
                let rows = try link.copyOut(subject.rowsSQL) { line in
                    Self.unescapeCopyLine(line, into: &chunk)
                    if chunk.count >= 1 << 20 { try flush() }
                }
                try flush()
                return (rows, Self.hex(hasher.finalize()))
            }
        }
        try? FileManager.default.removeItem(at: final)
        try FileManager.default.moveItem(at: partial, to: final)
        return .init(name: subject.name, file: subject.file, rows: rows, sha256: sha256)
    }

    /// One COPY text line of a single text column, as the value's bytes and a newline: `\N` (NULL) becomes
    /// `null`, and the escapes COPY adds are undone.
    static func unescapeCopyLine(_ line: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        var end = line.count
        if end > 0 && line[end - 1] == 0x0A { end -= 1 }
        if end == 2 && line[0] == 0x5C && line[1] == 0x4E {
            out += Array("null".utf8)
            out.append(0x0A)
            return
        }
        var i = 0
        while i < end {
            let byte = line[i]
            if byte == 0x5C && i + 1 < end {
                let next = line[i + 1]
                switch next {
                case 0x6E: out.append(0x0A)
                case 0x74: out.append(0x09)
                case 0x72: out.append(0x0D)
                case 0x62: out.append(0x08)
                case 0x66: out.append(0x0C)
                case 0x76: out.append(0x0B)
                default: out.append(next)
                }
                i += 2
            } else {
                out.append(byte)
                i += 1
            }
        }
        out.append(0x0A)
    }

    /// Writes one file through `storage`; a failed write removes the partial file (it would only take space)
    /// and names the file and the system's reason. Blocking: called on a thread of its own or for small files.
    static func writing<T>(
        _ partial: URL, storage: ArchiveStorage, directory: String, _ body: (any ArchiveOutput) throws -> T
    ) throws -> T {
        do {
            let output = try storage.open(partial.path)
            do {
                let result = try body(output)
                try output.close()
                return result
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
        try Self.writing(partial, storage: storage, directory: directory) { try $0.write(data) }
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
