import Foundation
import Logging
import Persistence
import ReferenceServer
import Testing

@Suite("Configuration")
struct ConfigurationTests {
    @Test("defaults: SQLite in the data folder, port 3000, migrate on start")
    func defaults() throws {
        let configuration = try ConfigurationLoader(environment: [:]).load()
        #expect(configuration.database == .sqlite(path: ".agentplanner/agentplanner.sqlite"))
        #expect(configuration.port == 3000)
        #expect(configuration.migrateOnStart)
        #expect(configuration.jwtSecret == nil)
        #expect(configuration.logLevel == .info)
    }

    @Test("every bad value is reported by name, all at once")
    func problemsByName() {
        let loader = ConfigurationLoader(environment: [
            "DATABASE_URL": "mysql://db", "PORT": "eighty", "JWT_SECRET": "short", "LOG_LEVEL": "loud",
            "MIGRATE_ON_START": "perhaps",
        ])
        #expect {
            _ = try loader.load()
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return Set(error.problems.map(\.setting))
                == ["DATABASE_URL", "PORT", "JWT_SECRET", "LOG_LEVEL", "MIGRATE_ON_START"]
        }
    }

    @Test("production requires JWT_SECRET")
    func productionNeedsSecret() {
        #expect(throws: ConfigurationError.self) {
            _ = try ConfigurationLoader(environment: ["AGENTPLANNER_ENV": "production"]).load()
        }
    }

    @Test("flags win over the environment")
    func flagsWin() throws {
        let configuration = try ConfigurationLoader(environment: ["PORT": "4000", "DATABASE_URL": "sqlite:/tmp/a"])
            .load(.init(databaseURL: "sqlite:/tmp/b", port: "5000", migrateOnStart: false))
        #expect(configuration.port == 5000)
        #expect(configuration.database == .sqlite(path: "/tmp/b"))
        #expect(!configuration.migrateOnStart)
    }

    @Test("a development secret is generated once, kept private, and reused")
    func developmentSecret() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ap-secret-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = ServerConfiguration(dataDirectory: folder.path)
        let logger = Logger(label: "test")
        let first = try JWTSecretStore.resolve(configuration, logger: logger)
        let second = try JWTSecretStore.resolve(configuration, logger: logger)
        let secret = try #require(first.jwtSecret)
        #expect(secret.count == 64)
        #expect(second.jwtSecret == secret)
        let attributes = try FileManager.default.attributesOfItem(
            atPath: folder.appendingPathComponent(JWTSecretStore.fileName).path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }
}
