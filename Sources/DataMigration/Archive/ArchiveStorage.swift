import Foundation

/// One file of the archive being written.
public protocol ArchiveOutput: AnyObject {
    func write(_ data: Data) throws
    func close() throws
}

/// Where the archive's bytes go: files on disk, or (in tests) a stand-in that fails as a full disk does.
public struct ArchiveStorage: Sendable {
    public let open: @Sendable (_ path: String) throws -> any ArchiveOutput

    public init(open: @escaping @Sendable (_ path: String) throws -> any ArchiveOutput) {
        self.open = open
    }

    public static let files = ArchiveStorage { try ArchiveFile(path: $0) }
}

/// A write that the operating system refused, with its reason (`No space left on device`…).
public struct ArchiveWriteError: Error, CustomStringConvertible, Sendable {
    public let code: Int32

    public init(code: Int32) { self.code = code }

    public var description: String { String(cString: strerror(code)) }
}

/// A file written with plain POSIX calls, so a failure reports the system's own reason.
final class ArchiveFile: ArchiveOutput {
    private var descriptor: Int32

    init(path: String) throws {
        descriptor = systemOpen(path)
        if descriptor < 0 { throw ArchiveWriteError(code: errno) }
    }

    func write(_ data: Data) throws {
        try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < bytes.count {
                let written = systemWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw ArchiveWriteError(code: errno)
                }
                offset += written
            }
        }
    }

    func close() throws {
        guard descriptor >= 0 else { return }
        let flushed = fsync(descriptor) == 0 || errno == EINVAL
        let code = errno
        let closed = systemClose(descriptor) == 0
        descriptor = -1
        if !flushed { throw ArchiveWriteError(code: code) }
        if !closed { throw ArchiveWriteError(code: errno) }
    }

    deinit {
        if descriptor >= 0 { _ = systemClose(descriptor) }
    }
}

// The C calls under names the class's own `write` and `close` do not hide.
private func systemOpen(_ path: String) -> Int32 { open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644) }
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int { write(descriptor, bytes, count) }
private func systemClose(_ descriptor: Int32) -> Int32 { close(descriptor) }
