import Foundation
import SQLKit

/// What `GET /plans/public` filters by (ROUTES.md §4.2).
public struct PublicPlanFilter: Sendable {
    public enum Sort: String, Sendable, CaseIterable { case recent, alphabetical, completion }

    public var sort: Sort = .recent
    public var status: String?
    public var hasGitHubLink: Bool?
    public var ownerID: UUID?
    public var updatedAfter: Date?
    public var updatedBefore: Date?
    /// Lowercased; matched as a substring of title, description, owner name or GitHub username.
    public var search: String?

    public init() {}
}

/// Public plans: listing, visibility, GitHub links and the view counter.
public protocol PublicPlanRepository: Sendable {
    /// One page by `recent` or `alphabetical`, and the total; for `completion`, every match (`limit` nil) so the
    /// caller can sort by a computed value.
    func list(_ filter: PublicPlanFilter, offset: Int, limit: Int?) async throws -> (plans: [Plan], total: Int)
    /// (nodes other than the root, completed among them) per plan.
    func taskCounts(planIDs: [UUID]) async throws -> [UUID: (tasks: Int, completed: Int)]
    func owners(ids: [UUID]) async throws -> [UUID: User]
    func setVisibility(id: UUID, visibility: String, githubOwner: String??, githubName: String??) async throws -> Plan?
    func linkGitHub(id: UUID, owner: String, name: String) async throws -> Plan?
    /// Adds one view and stamps `last_viewed_at`; the new count, nil when the plan is gone.
    func recordView(id: UUID) async throws -> Int?
}

struct SQLPublicPlanRepository: PublicPlanRepository {
    let session: DataSession
    private var plans: SQLPlanRepository { SQLPlanRepository(session: session) }

    func list(_ filter: PublicPlanFilter, offset: Int, limit: Int?) async throws -> (plans: [Plan], total: Int) {
        let types = session.types
        func filtered<Builder: SQLPredicateBuilder>(_ builder: Builder) -> Builder {
            var query = builder.where("visibility", .equal, SQLBind("public"))
            if let status = filter.status { query = query.where("status", .equal, SQLBind(status)) }
            switch filter.hasGitHubLink {
            case true?: query = query.where("github_repo_owner", .isNot, SQLLiteral.null)
            case false?: query = query.where("github_repo_owner", .is, SQLLiteral.null)
            case nil: break
            }
            if let owner = filter.ownerID { query = query.where("owner_id", .equal, types.bind(owner)) }
            if let after = filter.updatedAfter { query = query.where("updated_at", .greaterThanOrEqual, types.bind(after)) }
            if let before = filter.updatedBefore { query = query.where("updated_at", .lessThanOrEqual, types.bind(before)) }
            if let search = filter.search, !search.isEmpty {
                let pattern = "%" + Self.escapeLike(search) + "%"
                query = query.where(
                    SQLQueryString(
                        "(lower(title) LIKE \(bind: pattern) ESCAPE '!' OR lower(coalesce(description, '')) LIKE \(bind: pattern) ESCAPE '!' OR owner_id IN (SELECT id FROM users WHERE lower(coalesce(name, '')) LIKE \(bind: pattern) ESCAPE '!' OR lower(coalesce(github_username, '')) LIKE \(bind: pattern) ESCAPE '!'))"
                    ))
            }
            return query
        }
        let countRow = try await filtered(
            session.sql.select().column(SQLFunction("count", args: SQLLiteral.all), as: "total").from("plans")
        ).first()
        let total = try countRow?.decode(column: "total", as: Int.self) ?? 0
        var query = filtered(session.sql.select().columns(SQLPlanRepository.columns).from("plans"))
        switch filter.sort {
        case .alphabetical: query = query.orderBy("title").orderBy("id")
        case .recent, .completion: query = query.orderBy("updated_at", .descending).orderBy("id")
        }
        if let limit { query = query.offset(offset).limit(limit) }
        return (try await query.all().map(plans.decode), total)
    }

    /// `!` escapes LIKE's wildcards in user text.
    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "!", with: "!!").replacingOccurrences(of: "%", with: "!%")
            .replacingOccurrences(of: "_", with: "!_")
    }

    func taskCounts(planIDs: [UUID]) async throws -> [UUID: (tasks: Int, completed: Int)] {
        guard !planIDs.isEmpty else { return [:] }
        let types = session.types
        let rows = try await session.sql.select()
            .column("plan_id")
            .column(SQLFunction("count", args: SQLLiteral.all), as: "tasks")
            .column(
                SQLFunction("sum", args: SQLRaw("CASE WHEN status = 'completed' THEN 1 ELSE 0 END")), as: "completed"
            )
            .from("plan_nodes")
            .where("plan_id", .in, SQLGroupExpression(planIDs.map { types.bind($0) }))
            .where("node_type", .notEqual, SQLBind("root"))
            .groupBy("plan_id")
            .all()
        var counts: [UUID: (tasks: Int, completed: Int)] = [:]
        for row in rows {
            counts[try types.uuid(row, "plan_id")] = (
                try row.decode(column: "tasks", as: Int.self), try row.decode(column: "completed", as: Int?.self) ?? 0
            )
        }
        return counts
    }

    func owners(ids: [UUID]) async throws -> [UUID: User] {
        guard !ids.isEmpty else { return [:] }
        let users = SQLUserRepository(session: session)
        let rows = try await session.sql.select().columns(SQLUserRepository.columns).from("users")
            .where("id", .in, SQLGroupExpression(Set(ids).map { session.types.bind($0) }))
            .all()
        return Dictionary(uniqueKeysWithValues: try rows.map(users.decode).map { ($0.id, $0) })
    }

    func setVisibility(id: UUID, visibility: String, githubOwner: String??, githubName: String??) async throws -> Plan? {
        let types = session.types
        var update = session.sql.update("plans")
            .set("visibility", to: SQLBind(visibility))
            .set("is_public", to: types.bind(visibility == "public"))
            .set("updated_at", to: types.bind(Date()))
        if let owner = githubOwner { update = update.set("github_repo_owner", to: SQLBind(owner)) }
        if let name = githubName { update = update.set("github_repo_name", to: SQLBind(name)) }
        try await update.where("id", .equal, types.bind(id)).run()
        return try await plans.find(id: id)
    }

    func linkGitHub(id: UUID, owner: String, name: String) async throws -> Plan? {
        let types = session.types
        try await session.sql.update("plans")
            .set("github_repo_owner", to: SQLBind(owner))
            .set("github_repo_name", to: SQLBind(name))
            .set("github_repo_full_name", to: SQLBind("\(owner)/\(name)"))
            .set("github_repo_url", to: SQLBind("https://github.com/\(owner)/\(name)"))
            .set("updated_at", to: types.bind(Date()))
            .where("id", .equal, types.bind(id))
            .run()
        return try await plans.find(id: id)
    }

    func recordView(id: UUID) async throws -> Int? {
        let types = session.types
        try await session.sql.update("plans")
            .set("view_count", to: SQLRaw("coalesce(view_count, 0) + 1"))
            .set("last_viewed_at", to: types.bind(Date()))
            .where("id", .equal, types.bind(id))
            .run()
        return try await plans.find(id: id)?.viewCount
    }
}
