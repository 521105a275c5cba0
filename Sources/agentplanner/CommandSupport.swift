import ArgumentParser
import Foundation
import Logging
import Persistence
import ReferenceServer

enum CommandLogging {
    /// Logs go to standard error, so command output on standard output stays clean; `json` writes one JSON
    /// object per line (`LOG_FORMAT=json`).
    static func bootstrap(level: Logger.Level, format: ObservabilitySettings.LogFormat = .text) -> Logger {
        LoggingSystem.bootstrap { label in
            switch format {
            case .text:
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            case .json:
                var handler = JSONLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
        }
        var logger = Logger(label: "agentplanner")
        logger.logLevel = level
        return logger
    }
}

/// Runs a command body; any failure becomes one line on standard error and exit status 1, never a trace.
func reportingFailures(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as ExitCode {
        throw error
    } catch {
        FileHandle.standardError.write(Data("agentplanner: \(CommandFailure.describe(error))\n".utf8))
        throw ExitCode.failure
    }
}

enum CommandFailure {
    static func describe(_ error: any Error) -> String {
        switch error {
        case let error as ConfigurationError: return error.description
        case let error as DatabaseOpenError: return error.description
        case let error as MigrationError: return error.description
        case let error as SchemaNotReady: return error.description
        default:
            let text = DatabaseErrorDescription.describe(error)
            if text.contains("Address already in use") { return "cannot listen: address already in use" }
            return text
        }
    }
}
