import AgentPlannerCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import ReferenceServer
import TestSupport
import Testing

/// Every endpoint row of ROUTES.md §4 (v1's route table), in the file's order. §4.16's rows are relative to
/// their two mounts, `/plans` and `/invites`. `tableMatchesRoutesFile` keeps this list equal to the file.
enum V1RouteTable {
    static let rows: [String] = [
        "POST /auth/register", "POST /auth/login", "POST /auth/logout", "POST /auth/refresh",
        "POST /auth/forgot-password", "POST /auth/reset-password", "POST /auth/verify-email",
        "POST /auth/resend-verification", "GET /auth/profile", "PUT /auth/profile", "POST /auth/change-password",
        "GET /auth/token", "POST /auth/token", "DELETE /auth/token/:id", "GET /plans", "POST /plans",
        "GET /plans/public", "GET /plans/public/:id", "GET /plans/:id", "PUT /plans/:id", "DELETE /plans/:id",
        "GET /plans/:id/collaborators", "POST /plans/:id/collaborators", "DELETE /plans/:id/collaborators/:userId",
        "GET /plans/:id/context", "GET /plans/:id/progress", "GET /plans/:id/public", "PUT /plans/:id/visibility",
        "PUT /plans/:id/github", "POST /plans/:id/view", "GET /plans/:id/nodes", "POST /plans/:id/nodes",
        "GET /plans/:id/nodes/:nodeId", "PUT /plans/:id/nodes/:nodeId", "DELETE /plans/:id/nodes/:nodeId",
        "PUT /plans/:id/nodes/:nodeId/status", "POST /plans/:id/nodes/:nodeId/move",
        "POST /plans/:id/nodes/:nodeId/log", "GET /plans/:id/nodes/:nodeId/logs",
        "POST /plans/:id/nodes/:nodeId/comments", "GET /plans/:id/nodes/:nodeId/comments",
        "GET /plans/:id/nodes/:nodeId/context", "GET /plans/:id/nodes/:nodeId/ancestry",
        "GET /plans/:id/nodes/:nodeId/assignments", "POST /plans/:id/nodes/:nodeId/assign",
        "DELETE /plans/:id/nodes/:nodeId/unassign", "GET /plans/:id/available-users",
        "GET /plans/:id/nodes/:nodeId/activities", "POST /plans/:id/nodes/:nodeId/request-agent",
        "DELETE /plans/:id/nodes/:nodeId/request-agent", "POST /plans/:id/nodes/:nodeId/assign-agent",
        "DELETE /plans/:id/nodes/:nodeId/assign-agent", "GET /plans/:id/nodes/:nodeId/suggested-agents",
        "GET /plans/:id/active-users", "POST /plans/:id/presence", "GET /plans/:id/nodes/:nodeId/active-users",
        "GET /plans/:id/decisions", "GET /plans/:id/decisions/pending-count", "GET /plans/:id/decisions/:decisionId",
        "POST /plans/:id/decisions", "PUT /plans/:id/decisions/:decisionId",
        "POST /plans/:id/decisions/:decisionId/resolve", "POST /plans/:id/decisions/:decisionId/cancel",
        "DELETE /plans/:id/decisions/:decisionId", "POST /heartbeat", "GET /plans/:planId/agent-status",
        "GET /users", "GET /users/search", "GET /users/my-tasks", "GET /users/capabilities",
        "PUT /users/capabilities", "GET /users/capabilities/search", "GET /users/:userId/capabilities",
        "GET /activity/feed", "GET /activity/plans/:id/activity", "GET /activity/plans/:id/timeline",
        "GET /activity/plans/:id/nodes/:nodeId/activity", "POST /activity/plans/:id/nodes/:nodeId/detailed-log",
        "GET /search", "GET /search/plans/:id/nodes/search", "GET /search/plan/:plan_id", "POST /upload/avatar",
        "DELETE /upload/avatar", "GET /stats", "GET /github/status", "GET /github/repos",
        "GET /github/repos/:owner/:name", "GET /github/repos/:owner/:name/content",
        "POST /github/repos/:owner/:name/issues", "POST /github/repos/:owner/:name/issues/bulk",
        "GET /github/search", "GET /context", "GET /context/plan", "GET /goals", "GET /goals/:id", "POST /goals",
        "PUT /goals/:id", "PUT /goals/:id/metrics", "DELETE /goals/:id", "POST /goals/:goalId/plans/:planId",
        "DELETE /goals/:goalId/plans/:planId", "GET /dashboard/summary", "GET /dashboard/pending",
        "GET /dashboard/recent-plans", "GET /dashboard/active-goals", "GET /dashboard/agent-activity",
        "POST /:id/share", "GET /:id/invites", "DELETE /:planId/invites/:inviteId", "POST /accept/:token",
        "GET /info/:token", "GET /integrations/slack/status", "GET /integrations/slack/install",
        "GET /integrations/slack/callback", "GET /integrations/slack/channels", "PUT /integrations/slack/channel",
        "DELETE /integrations/slack", "POST /integrations/slack/test",
    ]

    /// The rows of ROUTES.md §4: each table row that starts with a method and a path.
    static func parse(_ text: String) -> [String] {
        guard let start = text.range(of: "## 4. Endpoint tables"), let end = text.range(of: "\n## 5.", range: start.upperBound..<text.endIndex)
        else { return [] }
        return text[start.upperBound..<end.lowerBound].split(separator: "\n").compactMap { line -> String? in
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count >= 3, parts[0] == "|", ["GET", "POST", "PUT", "DELETE", "PATCH"].contains(String(parts[1])),
                parts[2].hasPrefix("/")
            else { return nil }
            return "\(parts[1]) \(parts[2])"
        }
    }

    /// The concrete requests for a row: path parameters filled, §4.16's relative rows under both mounts.
    static func requests(_ row: String, id: String) -> [(HTTPRequest.Method, String)] {
        let parts = row.split(separator: " ")
        let method = HTTPRequest.Method(rawValue: String(parts[0]))!
        let path = parts[1].split(separator: "/").map { segment -> String in
            switch segment {
            case ":owner": "octocat"
            case ":name": "hello"
            default: segment.hasPrefix(":") ? id : String(segment)
            }
        }.joined(separator: "/")
        let relative = ["/:id/share", "/:id/invites", "/:planId/invites/:inviteId", "/accept/:token", "/info/:token"]
        if relative.contains(String(parts[1])) { return [(method, "/plans/" + path), (method, "/invites/" + path)] }
        return [(method, "/" + path)]
    }
}

@Suite("v1's route table")
struct V1RouteTableTests {
    static let routesFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../shared/v1/ROUTES.md").standardizedFileURL

    @Test("the checked-in table has ROUTES.md §4's 118 rows, and equals the file where the spec is checked out")
    func tableMatchesRoutesFile() throws {
        #expect(V1RouteTable.rows.count == 118)
        #expect(Set(V1RouteTable.rows).count == V1RouteTable.rows.count, "no row twice")
        // The spec lives beside the repository (`../shared/v1`); a clone without it still checks the list's shape.
        if let text = try? String(contentsOf: Self.routesFile, encoding: .utf8) {
            #expect(V1RouteTable.parse(text) == V1RouteTable.rows)
        }
    }

    @Test("no route of the table answers `Cannot METHOD /path`", arguments: DatabaseDialect.allCases)
    func everyRowAnswers(_ dialect: DatabaseDialect) async throws {
        try await AuthHarness.run(dialect) { harness in
            let (_, access, _) = try await harness.register("walker@example.com")
            let id = UUID().uuidString.lowercased()
            var missing: [String] = []
            var sent = 0
            // Logout ends the walker's session, so it goes last.
            let rows = V1RouteTable.rows.filter { $0 != "POST /auth/logout" } + ["POST /auth/logout"]
            for row in rows {
                for (method, path) in V1RouteTable.requests(row, id: id) {
                    let answer = try await harness.send(method, path, json: [:], authorization: "Bearer \(access)")
                    sent += 1
                    if answer.status == .notFound, answer.json["error"]?.stringValue?.hasPrefix("Cannot ") == true {
                        missing.append("\(method) \(path)")
                    }
                }
            }
            let control = try await harness.send(.get, "/no-such-route", authorization: "Bearer \(access)")
            #expect(control.json["error"] == "Cannot GET /no-such-route", "the walk can tell a missing route")
            #expect(sent == 123, "118 rows, five of them under two mounts")
            #expect(missing.isEmpty, "answered `Cannot …`: \(missing)")
        }
    }
}
