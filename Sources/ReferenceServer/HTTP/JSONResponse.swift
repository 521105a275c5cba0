import Foundation
import AgentPlannerCore
import Hummingbird
import NIOCore

/// Builds JSON responses. Timestamps are formatted by the handlers (`TimestampFormat`), so the encoder
/// needs no date strategy.
public enum JSONResponse {
    public static func make<Body: Encodable>(_ body: Body, status: HTTPResponse.Status = .ok) -> Response {
        let bytes: [UInt8]
        if let value = body as? JSONValue {
            bytes = JSONWriter.bytes(value)
        } else {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            // Every body type here is plain data; a failure would be a programming error, answered as a 500.
            bytes = Array((try? encoder.encode(body)) ?? Data(#"{"error":"Internal Server Error"}"#.utf8))
        }
        return Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }
}
