import Foundation

/// A `multipart/form-data` body (RFC 7578) split into its parts. Only what avatar upload needs: each part's
/// field name, declared file name and content type, and its bytes. Malformed bodies are refused, never guessed.
struct MultipartForm: Sendable {
    struct Part: Sendable {
        let name: String
        let fileName: String?
        let contentType: String?
        let data: [UInt8]
    }

    let parts: [Part]

    struct Malformed: Error {}

    /// The boundary named by a `multipart/form-data` content type, or nil for any other type.
    static func boundary(contentType: String) -> String? {
        let pieces = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard pieces.first?.lowercased() == "multipart/form-data" else { return nil }
        for piece in pieces.dropFirst() where piece.lowercased().hasPrefix("boundary=") {
            var value = String(piece.dropFirst("boundary=".count))
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value.isEmpty || value.count > 200 ? nil : value
        }
        return nil
    }

    init(body: [UInt8], boundary: String) throws {
        let delimiter = Array("--\(boundary)".utf8)
        let separator = Array("\r\n\r\n".utf8)
        var parts: [Part] = []
        guard var cursor = Self.find(delimiter, in: body, from: 0) else { throw Malformed() }
        while true {
            cursor += delimiter.count
            // `--` after a delimiter closes the body.
            if body.count >= cursor + 2, body[cursor] == 45, body[cursor + 1] == 45 { break }
            guard body.count >= cursor + 2, body[cursor] == 13, body[cursor + 1] == 10 else { throw Malformed() }
            let headerStart = cursor + 2
            guard let headerEnd = Self.find(separator, in: body, from: headerStart) else { throw Malformed() }
            let dataStart = headerEnd + separator.count
            guard let next = Self.find(Array("\r\n".utf8) + delimiter, in: body, from: dataStart) else { throw Malformed() }
            let headers = String(decoding: body[headerStart..<headerEnd], as: UTF8.self)
            parts.append(try Self.part(headers: headers, data: Array(body[dataStart..<next])))
            cursor = next + 2
        }
        self.parts = parts
    }

    private static func part(headers: String, data: [UInt8]) throws -> Part {
        var name: String?
        var fileName: String?
        var contentType: String?
        for line in headers.components(separatedBy: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if key == "content-type" { contentType = value.lowercased() }
            if key == "content-disposition" {
                name = parameter("name", in: value)
                fileName = parameter("filename", in: value)
            }
        }
        guard let name else { throw Malformed() }
        return Part(name: name, fileName: fileName, contentType: contentType, data: data)
    }

    /// `name="value"` from a Content-Disposition header (quoted or bare).
    private static func parameter(_ key: String, in header: String) -> String? {
        for piece in header.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard piece.lowercased().hasPrefix(key + "=") else { continue }
            var value = String(piece.dropFirst(key.count + 1))
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        let first = needle[0]
        var index = start
        while index <= haystack.count - needle.count {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
