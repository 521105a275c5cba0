import AgentPlannerCore
import EventDispatch
import Foundation
import Logging
import Persistence
import ProtocolFakes
import ServiceLifecycle
import TestSupport
import Testing

@Suite("Worker shutdown")
struct GracefulShutdownTests {
    @Test("graceful shutdown lets an in-flight send finish and records it", arguments: [DatabaseDialect.sqlite, .postgres])
    func gracefulFinishesInFlight(dialect: DatabaseDialect) async throws {
        try await TestDatabases.withStore(dialect) { store in
            let hook = try await ProtocolFake.start(.webhook(secret: DispatchFixtures.webhookSecret))
            defer { Task { await hook.shutdown() } }
            hook.failNext([.delay(.milliseconds(800))])
            let owner = try await DispatchFixtures.user(store)
            let integration = try await DispatchFixtures.integration(store, user: owner, fake: hook)
            try await DispatchFixtures.record(store, [DispatchFixtures.agentRequest(recipient: owner)])
            try await EventFanout(store: store, adapters: .standard(settings: DispatchSettings())).runOnce()
            // The slow answer is a 200 the worker waits for (timeout 2 s): the fault only delays it.
            var settings = DispatchFixtures.fastSettings()
            settings.sendTimeout = .seconds(5)
            let engine = DispatchEngine(store: store, settings: settings, secrets: DispatchFixtures.secrets)
            let worker = engine.makeWorker(name: "graceful", logger: DispatchFixtures.logger)
            let group = ServiceGroup(
                configuration: .init(services: [.init(service: worker)], logger: DispatchFixtures.logger))
            let running = Task { try await group.run() }
            try await DispatchFixtures.eventually("the send is in flight") {
                try await store.withSession { try await $0.deliveries.countsByStatus() }[.inFlight] == 1
            }
            await group.triggerGracefulShutdown()
            try await running.value
            let row = try #require(try await DispatchFixtures.deliveries(store, integration: integration.id).first)
            #expect(row.status == .delivered)
            #expect(row.leaseOwner == nil)
            let workers = try await store.withSession { try await $0.dispatchMaintenance.workers() }
            #expect(workers.first { $0.name == "graceful" }?.stoppedAt != nil)
        }
    }

    @Test("a crashed worker's delivery is taken over after its lease and delivered", arguments: [DatabaseDialect.sqlite, .postgres])
    func crashTakeover(dialect: DatabaseDialect) async throws {
        try await TestDatabases.withStore(dialect) { store in
            let hook = try await ProtocolFake.start(.webhook(secret: DispatchFixtures.webhookSecret))
            defer { Task { await hook.shutdown() } }
            hook.failNext([.delay(.seconds(10))])
            let owner = try await DispatchFixtures.user(store)
            let integration = try await DispatchFixtures.integration(store, user: owner, fake: hook)
            try await DispatchFixtures.record(store, [DispatchFixtures.agentRequest(recipient: owner)])
            try await EventFanout(store: store, adapters: .standard(settings: DispatchSettings())).runOnce()
            var settings = DispatchFixtures.fastSettings()
            settings.sendTimeout = .seconds(10)
            settings.leaseDuration = .seconds(3)
            let engine = DispatchEngine(store: store, settings: settings, secrets: DispatchFixtures.secrets)
            let crashing = engine.makeWorker(name: "crashing", logger: DispatchFixtures.logger)
            let crashed = Task { try await crashing.run() }
            try await DispatchFixtures.eventually("claimed by the first worker") {
                try await DispatchFixtures.deliveries(store, integration: integration.id).first?.leaseOwner == "crashing"
            }
            crashed.cancel()
            try? await crashed.value
            let survivor = engine.makeWorker(name: "survivor", logger: DispatchFixtures.logger)
            let surviving = Task { try await survivor.run() }
            try await DispatchFixtures.eventually("delivered by the survivor") {
                try await DispatchFixtures.deliveries(store, integration: integration.id).first?.status == .delivered
            }
            surviving.cancel()
            try? await surviving.value
            let row = try #require(try await DispatchFixtures.deliveries(store, integration: integration.id).first)
            #expect(row.attempts >= 2)
            // The crashed attempt never got an answer; the receiver saw the key accepted (at least once).
            #expect(hook.acceptedCounts.keys.sorted() == [row.idempotencyKey])
        }
    }
}
