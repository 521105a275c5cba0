import AgentPlannerCore

/// The API documents: v1's Swagger page at `/api-docs` (which its agent guide tells agents to read) and an
/// OpenAPI 3.1 document of the routes v2 really serves.
enum ApiDocsContracts {
    static let area = "docs"

    static var all: [Contract] {
        [
            Contract(
                id: "docs.page", area: area,
                summary: "GET /api-docs answers a readable HTML page without authentication and outside the rate limits",
                source: V1Source(route: "GET /api-docs", file: "src/index.js (swagger-ui-express)"), classification: .compatible, mutates: false,
                steps: [
                    Step("page", .get("/api-docs")).expect(status: 200).expect(header: "content-type", .hasPrefix("text/html"))
                        .expect(header: "ratelimit-limit", .absent)
                ]),
            Contract(
                id: "docs.openapi", area: area,
                summary: "GET /openapi.json and /api-docs.json describe v2's real routes in OpenAPI 3.1",
                source: V1Source(route: "GET /api-docs", file: "docs/openapi.json"),
                classification: .v2Change("v1's OpenAPI file was stale (ROUTES.md §0.2); v2 generates it from the registered routes"),
                mutates: false,
                steps: [
                    Step("openapi", .get("/openapi.json")).expect(status: 200)
                        .expect(
                            body: .keys([
                                "openapi": .equals("3.1.0"), "info": .object(["title": .string, "version": .string], exact: false),
                                "paths": .object(
                                    [
                                        "/goals/{id}": .object(["get": .any, "put": .any, "delete": .any], exact: true),
                                        "/context": .object(["get": .any], exact: true), "/plans/{id}/decisions": .any, "/health": .any,
                                    ], exact: false),
                                "components": .any, "security": .array(.any),
                            ])),
                    Step("alias", .get("/api-docs.json")).expect(status: 200)
                        .expect(
                            body: .object(
                                [
                                    "openapi": .equals("3.1.0"),
                                    "paths": .object(["/upload/avatar": .object(["post": .any, "delete": .any], exact: true)], exact: false),
                                ], exact: false)),
                ]),
        ]
    }
}
