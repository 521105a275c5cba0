import AgentPlannerCore

/// One client call as a row of a consumer's table: the call id, where the client makes it, v2's decision, the
/// fixture it needs, and the requests the client sends (the first is the call's usual form; others are the
/// other bodies its tools send). Each request states the status the client gets and **only and all** the
/// fields the client reads (`reads`); a field the client reads that no server sends is stated `.absent`.
struct ConsumerCall: Sendable {
    let id: String
    let route: String
    /// ROUTES.md's row (`§4.3`), or `not in ROUTES.md`.
    let routes: String
    let client: String
    let verdict: ConsumerVerdict
    var fixture: ConsumerFixture = .none
    let sends: [ClientRequest]
    /// False when the call itself removes the fixture plan (a delete).
    var cleanup = true
    /// Other actors the requests name (`{viewer.id}`), created before the first step.
    var needs: [ActorRole] = []

    init(
        _ id: String, _ route: String, routes: String, client: String, _ verdict: ConsumerVerdict,
        fixture: ConsumerFixture = .none, cleanup: Bool = true, needs: [ActorRole] = [], sends: [ClientRequest]
    ) {
        self.needs = needs
        self.id = id
        self.route = route
        self.routes = routes
        self.client = client
        self.verdict = verdict
        self.fixture = fixture
        self.cleanup = cleanup
        self.sends = sends
    }

    /// The contract: `<consumer>.<id>` in the consumer's area, fixture steps, the client's requests, cleanup.
    func contract(_ consumer: Consumer) -> Contract {
        let style = ClientStyle(consumer)
        var steps = fixture.setup(style)
        steps += sends.map { $0.step(style) }
        if cleanup { steps += fixture.teardown(style) }
        let classification: ContractClass =
            switch verdict {
            case .v1Defect(let text): .v1Defect(text)
            // v2 answers these as v1 did; the consumer section of the report carries the decision.
            case .works, .consumerDefect, .notServed: .compatible
            }
        let changes = !steps.allSatisfy { ["GET", "HEAD", "OPTIONS"].contains($0.request.method) }
        return Contract(
            id: "\(consumer.rawValue).\(id.lowercased())", area: consumer.rawValue,
            summary: "\(id) \(route): \(verdict.name)" + (verdict.decision.map { " — \($0)" } ?? ""),
            source: V1Source(route: route, file: "ROUTES.md " + routes), classification: classification,
            mutates: changes, needs: needs, steps: steps,
            consumer: ConsumerSource(consumer: consumer, callID: id, route: route, client: client, verdict: verdict))
    }
}

/// One request as the client sends it, the status it gets and what the client reads from the answer.
struct ClientRequest: Sendable {
    let name: String
    let method: String
    let path: String
    var body: JSONValue?
    let status: Int
    var reads: [JSONMatcher]
    /// Sent without credentials (the UI's public pages, the MCP's health check).
    var anonymous = false
    /// Values taken from the answer for later requests: variable → JSON path.
    var captures: [String: JSONPath] = [:]
    /// Headers this request sends instead of the client's usual ones (the UI's clone sends `Bearer null`).
    var headers: [String: String] = [:]

    static func call(
        _ name: String, _ method: String, _ path: String, body: JSONValue? = nil, status: Int, reads: [JSONMatcher] = [],
        anonymous: Bool = false
    ) -> ClientRequest {
        ClientRequest(name: name, method: method, path: path, body: body, status: status, reads: reads, anonymous: anonymous)
    }

    func step(_ style: ClientStyle) -> Step {
        var request = style.request(method, path, body: body, anonymous: anonymous)
        request.headers.merge(headers) { _, own in own }
        var step = Step(name, request).expect(status: status)
        for matcher in reads { step = step.expect(body: matcher) }
        for (variable, path) in captures { step = step.capture(variable, at: path) }
        return step
    }
}

/// How a client authenticates and which headers it sends on every request.
struct ClientStyle: Sendable {
    let actor: ActorRole
    let headers: [String: String]
    /// The MCP's axios instance sends `Content-Type: application/json` on every request, bodies or not.
    let contentTypeAlways: Bool

    init(_ consumer: Consumer) {
        switch consumer {
        case .ui:
            // The UI reads `auth_session.access_token` from the login session and sends it as Bearer.
            actor = .owner
            headers = ["Authorization": "Bearer {owner.access_token}"]
            contentTypeAlways = false
        case .mcp, .agents:
            // A 64-hex API token is not JWT-shaped, so both send the ApiKey scheme.
            actor = .agent
            headers = ["Authorization": "ApiKey {agent.token}"]
            contentTypeAlways = consumer == .mcp
        }
    }

    func request(_ method: String, _ path: String, body: JSONValue?, anonymous: Bool = false) -> RequestSpec {
        var headers = anonymous ? [:] : headers
        if contentTypeAlways, body == nil { headers["Content-Type"] = "application/json" }
        return RequestSpec(
            method, path, as: anonymous ? .anonymous : actor, headers: headers,
            body: body.map { .json(JSONValueTemplate($0)) })
    }
}

/// What exists before the client's call, created through the API as the same client: `{planId}`, its root
/// `{rootId}` and a task `{taskId}`; a log on the task; a goal `{goalId}`.
enum ConsumerFixture: Sendable {
    case none
    case plan
    case log
    case goal

    func setup(_ style: ClientStyle) -> [Step] {
        if case .none = self { return [] }
        var steps = [
            Step("fixture-plan", style.request("POST", "/plans", body: ["title": "Consumer plan {run}", "description": "fixture"]))
                .expect(status: 201).expect(body: .object(["id": .uuid], exact: false)).capture("planId", at: "$.id"),
            Step("fixture-task", style.request("POST", "/plans/{planId}/nodes", body: ["node_type": "task", "title": "Consumer task {run}"]))
                .expect(status: 201).expect(body: .object(["id": .uuid, "parent_id": .uuid], exact: false))
                .capture("taskId", at: "$.id").capture("rootId", at: "$.parent_id"),
        ]
        if case .log = self {
            steps.append(
                Step(
                    "fixture-log",
                    style.request("POST", "/plans/{planId}/nodes/{taskId}/log", body: ["content": "Started {run}", "log_type": "progress"])
                )
                .expect(status: 201).expect(body: .object(["id": .uuid], exact: false)))
        }
        if case .goal = self {
            steps.append(
                Step("fixture-goal", style.request("POST", "/goals", body: ["title": "Consumer goal {run}", "description": "fixture"]))
                    .expect(status: 201).expect(body: .object(["id": .uuid], exact: false)).capture("goalId", at: "$.id"))
        }
        return steps
    }

    func teardown(_ style: ClientStyle) -> [Step] {
        var steps: [Step] = []
        if case .none = self { return steps }
        if case .goal = self {
            steps.append(Step("cleanup-goal", style.request("DELETE", "/goals/{goalId}", body: nil)).expect(status: 200))
        }
        steps.append(Step("cleanup", style.request("DELETE", "/plans/{planId}", body: nil)).expect(status: 204))
        return steps
    }
}

extension JSONMatcher {
    /// The client reads these fields (at least these: the client ignores the rest).
    static func reads(_ fields: [String: JSONMatcher]) -> JSONMatcher { .object(fields, exact: false) }
}
