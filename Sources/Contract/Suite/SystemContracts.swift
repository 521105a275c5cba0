import AgentPlannerCore

/// `GET /`, `GET /health`, unknown paths and CORS (ROUTES.md §1.1, §1.4).
enum SystemContracts {
    static let area = "system"
    static let index = V1Source(route: "GET / and GET /health", file: "src/index.js")
    static let cors = V1Source(route: "cors middleware", file: "src/index.js")

    static let all: [Contract] = [
        Contract(
            id: "system.root", area: area, summary: "GET / answers the welcome message", source: index,
            classification: .compatible, mutates: false,
            steps: [
                Step("welcome", .get("/"))
                    .expect(status: 200)
                    .expect(header: "content-type", .hasPrefix("application/json"))
                    .expect(
                        body: .keys([
                            "message": .equals("Welcome to the Planning System API"),
                            "documentation": .equals("/api-docs"),
                        ])
                    )
                    .golden()
            ]),
        Contract(
            id: "system.health", area: area, summary: "GET /health answers healthy with toISOString's timestamp",
            source: index, classification: .compatible, mutates: false,
            steps: [
                Step("health", .get("/health"))
                    .expect(status: 200)
                    .expect(header: "content-type", .hasPrefix("application/json"))
                    .expect(
                        body: .keys([
                            "status": .equals("healthy"), "timestamp": .javaScriptTimestamp,
                            "service": .equals("agent-planner-api"),
                        ])
                    )
                    .golden()
            ]),
        Contract(
            id: "system.unknown-path", area: area, summary: "an unknown path answers a JSON 404",
            source: V1Source(route: "(no 404 handler)", file: "src/index.js"),
            classification: .v1Defect("unknown paths got Express's HTML 'Cannot GET /path' page, not JSON"),
            mutates: false,
            steps: [
                Step("get", .get("/no-such-endpoint-{run}"))
                    .expect(status: 404)
                    .expect(header: "content-type", .hasPrefix("application/json"))
                    .expect(body: .anyError)
                    .golden(),
                Step("post", RequestSpec("POST", "/plans-but-not-really/{run}"))
                    .expect(status: 404)
                    .expect(body: .anyError),
            ]),
        Contract(
            id: "system.tokens-router-empty", area: area,
            summary: "/tokens has no routes (v1 mounted an empty router): 404",
            source: V1Source(route: "/tokens", file: "src/routes/token.routes.js"),
            classification: .v1Defect("v1 answered Express's HTML 404 page"), mutates: false,
            steps: [
                Step("list", .get("/tokens"))
                    .expect(status: 404)
                    .expect(body: .anyError)
            ]),
        Contract(
            id: "system.cors-allowed-origin", area: area,
            summary: "an allowed origin is echoed with credentials allowed", source: cors,
            classification: .compatible, mutates: false,
            steps: [
                Step("health", .get("/health", headers: ["Origin": "https://agentplanner.io"]))
                    .expect(status: 200)
                    .expect(header: "access-control-allow-origin", .equals("https://agentplanner.io"))
                    .expect(header: "access-control-allow-credentials", .equals("true"))
                    .expect(body: .object(["status": .equals("healthy")], exact: false))
            ]),
        Contract(
            id: "system.cors-other-origin", area: area,
            summary: "another origin is not refused, but gets no allow-origin header", source: cors,
            classification: .compatible, mutates: false,
            steps: [
                Step("health", .get("/health", headers: ["Origin": "https://elsewhere.example"]))
                    .expect(status: 200)
                    .expect(header: "access-control-allow-origin", .absent)
            ]),
        Contract(
            id: "system.cors-preflight", area: area, summary: "a preflight on any path answers 204",
            source: cors, classification: .compatible, mutates: false,
            steps: [
                Step(
                    "preflight",
                    RequestSpec(
                        "OPTIONS", "/plans",
                        headers: [
                            "Origin": "http://localhost:3001", "Access-Control-Request-Method": "POST",
                            "Access-Control-Request-Headers": "authorization,content-type",
                        ])
                )
                .expect(status: 204)
                .expect(header: "access-control-allow-origin", .equals("http://localhost:3001"))
                .expect(header: "access-control-allow-credentials", .equals("true"))
                .expect(header: "access-control-allow-methods", .present)
                .expect(header: "access-control-allow-headers", .equals("authorization,content-type"))
            ]),
    ]
}
