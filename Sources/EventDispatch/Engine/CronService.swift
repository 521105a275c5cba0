import Foundation
import Logging
import Persistence
import ServiceLifecycle

/// The maintenance jobs (DECISIONS.md §D4): stale heartbeats become offline, pending decisions past
/// `expires_at` become expired, old delivered rows are purged. A lock row per job in `dispatch_cron_runs` lets
/// one process at a time run a job, at most once per interval across all processes.
public struct DispatchCron: Sendable {
    public enum Job: String, Sendable, CaseIterable {
        case heartbeatStaleness = "heartbeat-staleness"
        case decisionExpiry = "decision-expiry"
        case deliveryPurge = "delivery-purge"
    }

    let store: any DatabaseStore
    let settings: CronSettings
    let owner: String

    public init(store: any DatabaseStore, settings: CronSettings, owner: String = UUID().uuidString.lowercased()) {
        self.store = store
        self.settings = settings
        self.owner = owner
    }

    /// Runs every job that is due and not locked by another process; returns the rows each job changed.
    public func runDue(now: Date = Date()) async throws -> [Job: Int] {
        var results: [Job: Int] = [:]
        for job in Job.allCases {
            // A little slack so a run scheduled one interval later is never skipped by clock jitter.
            let dueBefore = now.addingTimeInterval(-settings.interval.seconds * 0.9)
            let lockedUntil = now.addingTimeInterval(max(600, settings.interval.seconds))
            let acquired = try await store.withSession { [owner] session in
                try await session.dispatchMaintenance.acquireCronLock(
                    job: job.rawValue, owner: owner, now: now, dueBefore: dueBefore, lockedUntil: lockedUntil)
            }
            guard acquired else { continue }
            var outcome = "ok"
            do {
                results[job] = try await run(job, now: now)
            } catch {
                outcome = "error: \(error)"
            }
            try await store.withSession { [owner, outcome] session in
                try await session.dispatchMaintenance.finishCronRun(job: job.rawValue, owner: owner, outcome: outcome, at: Date())
            }
        }
        return results
    }

    func run(_ job: Job, now: Date) async throws -> Int {
        let settings = self.settings
        // One transaction: the job's changes and their record in `maintenance_changes` commit together.
        return try await store.transaction { session in
            switch job {
            case .heartbeatStaleness:
                try await session.dispatchMaintenance.markStaleHeartbeatsOffline(
                    before: now.addingTimeInterval(-settings.heartbeatStaleAfter.seconds))
            case .decisionExpiry:
                try await session.dispatchMaintenance.expireDecisions(at: now)
            case .deliveryPurge:
                try await session.deliveries.purgeDelivered(
                    before: now.addingTimeInterval(-settings.purgeDeliveredAfter.seconds))
            }
        }
    }
}

/// Runs `DispatchCron` every interval until shutdown.
public struct CronService: Service {
    let cron: DispatchCron
    let logger: Logger

    public init(cron: DispatchCron, logger: Logger) {
        self.cron = cron
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let results = try await cron.runDue()
                    for (job, count) in results where count > 0 {
                        logger.info("cron job ran", metadata: ["job": "\(job.rawValue)", "rows": "\(count)"])
                    }
                } catch {
                    if Task.isCancelled { break }
                    logger.error("cron run failed", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: cron.settings.interval)
            }
        }
    }
}
