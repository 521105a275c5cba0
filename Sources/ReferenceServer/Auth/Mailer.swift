import Logging
import Synchronization

/// A mail the server sends (password reset, email confirmation).
public struct MailMessage: Sendable, Equatable {
    public let to: String
    public let subject: String
    public let body: String
    /// The link the mail carries, for tests and the development log.
    public let link: String
}

/// Sends mail. The reference server logs mail in development; tests capture it.
public protocol Mailer: Sendable {
    func send(_ message: MailMessage) async
}

/// Writes each mail (with its link) to the log: the development mailer.
public struct LoggingMailer: Mailer {
    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    public func send(_ message: MailMessage) async {
        logger.notice("mail", metadata: ["to": "\(message.to)", "subject": "\(message.subject)", "link": "\(message.link)"])
    }
}

/// Keeps every mail in memory, for tests.
public final class CapturingMailer: Mailer {
    private let messages = Mutex<[MailMessage]>([])

    public init() {}

    public func send(_ message: MailMessage) async {
        messages.withLock { $0.append(message) }
    }

    public var sent: [MailMessage] { messages.withLock { $0 } }
}
