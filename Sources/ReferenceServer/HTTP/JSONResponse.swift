import AgentPlannerCore
import Hummingbird
import NIOCore

/// Builds JSON responses, written by `JSONWriter` (the project's one serialiser). Timestamps are formatted by
/// the handlers (`TimestampFormat`).
public enum JSONResponse {
    public static func make(_ body: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        make(bytes: JSONWriter.bytes(body), status: status)
    }

    /// An answer already written as JSON text (the hot reads that skip the `JSONValue` tree).
    public static func make(bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }
}
