import AgentPlannerCore
import Foundation

/// v1's simplified GitHub shapes: keys picked from GitHub's answers (their values as GitHub gave them, null when
/// absent), each written and described by one list.
enum GitHubRepoOutput {
    /// GitHub's value of `key`, or null.
    static func passed(_ key: String) -> OutputField<JSONValue> {
        .value(key, JSONSchema.freeForm("GitHub's `\(key)`")) { $0[key] ?? .null }
    }

    static let owner = OutputField<JSONValue>.value("owner", JSONSchema.freeForm("GitHub's `owner.login`")) { $0["owner"]?["login"] ?? .null }

    static let searched = ObjectShape<JSONValue>(
        ["id", "name", "full_name", "description", "html_url", "private", "language", "stargazers_count"].map(passed) + [owner])

    static let listed = searched.adding(["forks_count", "updated_at", "default_branch"].map(passed))

    /// `GET /github/status`.
    struct Status: ShapedOutput {
        let status: GitHubRepoService.Status
        static let shape = ObjectShape<Status>([
            .flag("connected") { $0.status.connected }, .optionalText("github_username") { $0.status.username },
            .optionalText("github_avatar_url") { $0.status.avatarURL },
        ])
    }

    /// `GET /github/repos`, and `GET /github/search` (`brief`: fewer keys).
    struct Repos: ShapedOutput {
        let items: [JSONValue]
        var brief = false
        static let shape = ObjectShape<Repos>([
            .value("repos", JSONSchema.array(["anyOf": [listed.schema, searched.schema]])) { repos in
                .array(repos.items.map(repos.brief ? searched.json : listed.json))
            }
        ])
    }

    /// `GET /github/repos/:owner/:name`.
    struct Repo: ShapedOutput {
        let repo: JSONValue
        static let shape = listed.adding([
            passed("open_issues_count"), .value("topics", JSONSchema.freeForm("GitHub's `topics`")) { $0["topics"] ?? .array([]) },
        ]).reading { (shown: Repo) in shown.repo }
    }

    /// `GET /github/repos/:owner/:name/content`: the README decoded, the top-level files, the languages.
    struct Content: ShapedOutput {
        let readme: JSONValue?
        let contents: JSONValue?
        let languages: JSONValue?
        static let shape = ObjectShape<Content>([
            .optionalText("readme") { $0.text }, .objects("file_structure", file) { $0.contents?.arrayValue ?? [] },
            .value("languages", JSONSchema.freeForm("GitHub's languages object")) { $0.languages ?? .object([:]) },
        ])
        private static let file = ObjectShape<JSONValue>(["name", "type", "path", "size"].map(passed))
        private var text: String? {
            guard let encoded = readme?["content"]?.stringValue, let data = Data(base64Encoded: encoded.filter { !$0.isWhitespace })
            else { return nil }
            return String(decoding: data, as: UTF8.self)
        }
    }

    /// `POST /github/repos/:owner/:name/issues`.
    struct Issue: ShapedOutput {
        let issue: JSONValue
        static let shape = ObjectShape<JSONValue>(["id", "number", "title", "html_url", "state", "created_at"].map(passed))
            .reading { (created: Issue) in created.issue }
    }

    /// `POST /github/repos/:owner/:name/issues/bulk`: one result per task, created or failed.
    struct Bulk: ShapedOutput {
        struct Result: Sendable {
            let task: GitHubRepoService.BulkTask
            /// GitHub's answer to a created issue; nil when it failed with `status`.
            let issue: JSONValue?
            let status: Int
        }

        let results: [Result]
        static let shape = ObjectShape<Bulk>([
            .integer("created") { $0.created.count }, .integer("failed") { $0.failed.count },
            .objects("results", created) { $0.created }, .objects("errors", failed) { $0.failed },
        ])
        private var created: [Result] { results.filter { $0.issue != nil } }
        private var failed: [Result] { results.filter { $0.issue == nil } }

        private static let task = ObjectShape<Result>([
            .value("task_id", JSONSchema.freeForm("the task's id as sent")) { $0.task.id }, .text("task_title") { $0.task.title },
        ])
        private static let created = task.adding([
            .value("issue_number", JSONSchema.freeForm("GitHub's `number`")) { $0.issue?["number"] ?? .null },
            .value("issue_url", JSONSchema.freeForm("GitHub's `html_url`")) { $0.issue?["html_url"] ?? .null },
            .flag("success") { _ in true },
        ])
        private static let failed = task.adding([.text("error") { "GitHub answered \($0.status)" }, .flag("success") { _ in false }])
    }
}
