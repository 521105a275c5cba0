import AgentPlannerCore

/// The UI's GitHub sign-in (CONSUMERS.md §7), which v1's UI did through supabase-js: v2's own GitHub OAuth (D3),
/// run against the sink's fake GitHub, ending in the session the UI stores under `auth_session`.
enum UIGitHubSignIn {
    static let change =
        "the v1-era UI must change its GitHub sign-in, since v2 has no Supabase: (1) Login.tsx's GitHub button navigates the browser to `<API>/auth/github` instead of calling supabase.auth.signInWithOAuth; (2) the GitHub OAuth app's callback (GITHUB_CALLBACK_URL) is the UI's `/auth/callback`, and Callback.tsx, instead of supabase.auth.getSession(), calls `GET <API>/auth/github/callback?code=…&state=…` with `Accept: application/json` and stores the answer's `session` ({access_token, refresh_token, user}) under `auth_session`, as after POST /auth/login. Every later call, the owner check (user.id = plans.owner_id) and the socket's ?token= then work unchanged. With the API's own callback URL instead, v2 redirects the browser to `<FRONTEND_URL>/auth/callback#access_token=…&refresh_token=…` and the page reads the fragment. The UI's later versions made change (2)"

    static var contract: Contract {
        let json = ["Accept": "application/json"]
        let steps: [Step] = [
            Step("start", .get("/auth/github")).expect(status: 302).expect(header: "location", .hasPrefix("http"))
                .capture("state", fromLocation: .query("state")),
            Step("callback", .get("/auth/github/callback?code=ui{run}&state={state}", headers: json)).expect(status: 200)
                .expect(
                    body: .reads([
                        "session": .reads([
                            "access_token": .jwt, "refresh_token": .string,
                            "user": .reads([
                                "id": .uuid, "email": .equals("ui{run}@github.example"), "user_metadata": .reads(["name": .string]),
                            ]),
                        ])
                    ])
                )
                .capture("githubToken", at: "$.session.access_token").capture("githubUser", at: "$.session.user.id"),
            Step(
                "owner-check",
                RequestSpec("POST", "/plans", headers: ["Authorization": "Bearer {githubToken}"], body: .json(["title": "GitHub {run}"]))
            )
            .expect(status: 201).expect(body: .reads(["id": .uuid, "owner_id": .variable("githubUser")])).capture("planId", at: "$.id"),
            Step("cleanup", RequestSpec("DELETE", "/plans/{planId}", headers: ["Authorization": "Bearer {githubToken}"])).expect(status: 204),
            Step("socket", RequestSpec("WS", "/ws/collaborate?token={githubToken}")).expect(status: 101)
                .expect(body: .keys(["opened": .equals(true)])),
            Step("connected", RequestSpec("WS-RECEIVE", "connection")).expect(status: 200)
                .expect(body: .reads(["userId": .variable("githubUser")])),
            // The browser variant: the same sign-in again finds the same account, tokens in the fragment.
            Step("start-again", .get("/auth/github")).expect(status: 302).capture("state2", fromLocation: .query("state")),
            Step("browser-callback", .get("/auth/github/callback?code=ui{run}&state={state2}")).expect(status: 302)
                .expect(header: "location", .present)
                .capture("fragmentToken", fromLocation: .fragment("access_token"))
                .capture("fragmentRefresh", fromLocation: .fragment("refresh_token")),
            Step("fragment-session", .get("/auth/profile", headers: ["Authorization": "Bearer {fragmentToken}"])).expect(status: 200)
                .expect(body: .reads(["id": .variable("githubUser"), "email": .equals("ui{run}@github.example")])),
        ]
        return Contract(
            id: "ui.github-sign-in", area: Consumer.ui.rawValue,
            summary: "§7 GitHub sign-in without Supabase: v2's OAuth against the fake GitHub ends in the session the UI stores",
            source: V1Source(route: "GET /auth/github, GET /auth/github/callback", file: "DECISIONS.md §D3"),
            classification: .v2Change("v1 left GitHub sign-in to Supabase Auth; v2 runs the OAuth flow itself (D3)"), mutates: true,
            steps: steps,
            consumer: ConsumerSource(
                consumer: .ui, callID: "§7 GitHub sign-in", route: "GET /auth/github/callback",
                client: "pages/auth/Login.tsx:104-133; pages/auth/Callback.tsx:14-49", verdict: .consumerDefect(change)))
    }
}
