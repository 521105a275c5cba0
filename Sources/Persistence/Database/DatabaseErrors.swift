import PostgresNIO

/// Why a database could not be opened; each case reads as one line for the operator.
public enum DatabaseOpenError: Error, CustomStringConvertible {
    case unreachable(location: String, reason: String)
    case dataFolder(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreachable(let location, let reason): "cannot reach database \(location): \(reason)"
        case .dataFolder(let path, let reason): "data folder \(path) cannot be used: \(reason)"
        }
    }
}

/// One-line descriptions of driver errors for logs and the command line.
///
/// PostgresNIO redacts `PSQLError.description` on purpose; this reads the server's message and the
/// underlying network error, which carry no bound values, and never the query text.
public enum DatabaseErrorDescription {
    public static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] {
                let state = error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
                return message + state
            }
            if let underlying = error.underlying {
                return describe(underlying)
            }
            return "\(error.code)"
        }
        let text = String(describing: error)
        if text.contains("Connection refused") || text.contains("connection refused") {
            return "connection refused"
        }
        return text
    }

    /// The SQLSTATE of a Postgres error, when there is one.
    public static func sqlState(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }
}
