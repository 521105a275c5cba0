import Foundation
import PostgresNIO
import SQLiteNIO

/// A write refused by a constraint, recognised the same way on both dialects.
public struct ConstraintViolation: Error, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable { case unique, foreignKey, check, notNull }

    public let kind: Kind
    /// The constraint's name where the engine reports it (Postgres does; SQLite names columns instead).
    public let constraint: String?

    public var description: String {
        "\(kind.rawValue) constraint violated" + (constraint.map { " (\($0))" } ?? "")
    }

    /// Recognises a constraint violation in a driver error; `nil` for any other error.
    public static func classify(_ error: any Error) -> ConstraintViolation? {
        if let error = error as? ConstraintViolation { return error }
        if let error = error as? PSQLError, let state = error.serverInfo?[.sqlState] {
            let name = error.serverInfo?[.constraintName]
            switch state {
            case "23505": return ConstraintViolation(kind: .unique, constraint: name)
            case "23503": return ConstraintViolation(kind: .foreignKey, constraint: name)
            case "23514": return ConstraintViolation(kind: .check, constraint: name)
            case "23502": return ConstraintViolation(kind: .notNull, constraint: name)
            default: return nil
            }
        }
        if let error = error as? SQLiteError {
            let message = error.message
            let detail = message.split(separator: ":", maxSplits: 1).dropFirst().first
                .map { $0.trimmingCharacters(in: .whitespaces) }
            if message.hasPrefix("UNIQUE constraint failed") { return .init(kind: .unique, constraint: detail) }
            if message.hasPrefix("FOREIGN KEY constraint failed") { return .init(kind: .foreignKey, constraint: nil) }
            if message.hasPrefix("CHECK constraint failed") { return .init(kind: .check, constraint: detail) }
            if message.hasPrefix("NOT NULL constraint failed") { return .init(kind: .notNull, constraint: detail) }
        }
        return nil
    }
}
