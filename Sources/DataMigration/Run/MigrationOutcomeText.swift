import Foundation

/// The terminal report of `migrate run`.
public enum MigrationOutcomeText {
    public static func render(_ outcome: MigrationOutcome, seconds: Double) -> String {
        var lines: [String] = []
        let blocking = outcome.blocking
        if !blocking.isEmpty {
            lines.append("migration BLOCKED by \(blocking.count) finding(s); nothing was written:")
            for finding in blocking {
                lines.append("  BLOCKING  \(finding.name): \(finding.count) — \(finding.explanation)")
                for example in finding.examples { lines.append("            \(example)") }
            }
            return lines.joined(separator: "\n")
        }
        let sourceRows = outcome.sourceRows.values.reduce(0, +)
        if outcome.dryRun {
            lines.append("dry run: \(sourceRows) source rows in \(outcome.sourceRows.count) tables; nothing written")
        } else if outcome.alreadyComplete {
            lines.append("the target already holds a complete migration of this source; nothing to do")
        } else {
            let loaded = outcome.loadedRows.values.reduce(0, +)
            lines.append(
                (outcome.resumed ? "resumed and completed" : "migrated")
                    + String(
                        format: ": %d source rows, %d target rows loaded in %.1f s (%.0f source rows/s)", sourceRows, loaded, seconds,
                        Double(sourceRows) / max(seconds, 0.001)))
        }
        for (kind, count) in outcome.repairs.sorted(by: { $0.key < $1.key }) {
            lines.append("  tree repair \(kind): \(count) node(s)\(outcome.dryRun ? " (would be made)" : "")")
        }
        for finding in outcome.findings where finding.count > 0 {
            lines.append("  note  \(finding.name): \(finding.count) — \(finding.explanation)")
        }
        if outcome.secretsReencrypted > 0 { lines.append("  re-encrypted \(outcome.secretsReencrypted) Slack bot token(s)") }
        if let archive = outcome.archive {
            lines.append("  archive: \(archive.entries.count) files, \(archive.entries.map(\.rows).reduce(0, +)) rows")
        }
        if let avatars = outcome.avatars {
            lines.append(
                "  avatars: \(avatars.rewritten) URL(s) rewritten to v2's store (old URLs archived)"
                    + (avatars.resumed ? " by an earlier run" : ", \(avatars.missing.count) file(s) missing from the storage folder"))
            for object in avatars.missing.prefix(20) { lines.append("    missing \(object): its user keeps the Supabase URL") }
            if avatars.missing.count > 20 { lines.append("    … and \(avatars.missing.count - 20) more") }
        }
        if !outcome.absentOptional.isEmpty {
            lines.append("  production-only objects not in this source: \(outcome.absentOptional.joined(separator: ", "))")
        }
        if !outcome.dropped.isEmpty {
            lines.append(
                "  dropped on purpose (not migrated, not archived): "
                    + outcome.dropped.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value) rows)" }.joined(separator: ", ")
                    + " — v1 sign-in sessions end at the cut-over; passwords and API tokens carry over")
        }
        if !outcome.unknownTables.isEmpty {
            lines.append("  unknown tables archived as they are: \(outcome.unknownTables.joined(separator: ", "))")
        }
        return lines.joined(separator: "\n")
    }
}
