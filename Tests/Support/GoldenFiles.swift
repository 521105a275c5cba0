import Foundation

/// Locates and, when asked to, records golden files under the repository's `golden/` folder.
///
/// Recording happens only with `AGENTPLANNER_RECORD=1` and never when `CI=true`: CI compares, it does not write.
public enum GoldenFiles {
    public static func url(_ relativePath: String, filePath: String = #filePath) -> URL {
        var folder = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        while folder.path != "/" {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
                return folder.appendingPathComponent("golden").appendingPathComponent(relativePath)
            }
            folder.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: "golden").appendingPathComponent(relativePath)
    }

    public static var isRecording: Bool {
        let environment = ProcessInfo.processInfo.environment
        return environment["AGENTPLANNER_RECORD"] == "1" && environment["CI"] != "true"
    }

    public static func read(_ url: URL) -> String? {
        try? String(contentsOf: url, encoding: .utf8)
    }

    public static func write(_ text: String, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }
}
