/// Every contract of the suite, by area.
public enum ContractSuite {
    public static let all: [Contract] =
        SystemContracts.all + AuthContracts.all + PlanContracts.all
        + NodeContracts.all + NodeEditContracts.all + PlanContextContracts.all
        + NodeAgentContracts.all + PublicPlanContracts.all
        + ActivityContracts.all + SearchContracts.all
        + ShareContracts.all + RealtimeContracts.all
        + DecisionContracts.all + HeartbeatContracts.all + UserContracts.all + AgentLoopContracts.all
        + DispatchContracts.all
        + InputContracts.all + AgentContextContracts.all + GoalContracts.all + DashboardContracts.all
        + UploadContracts.all + GitHubContracts.all + ApiDocsContracts.all + ConsumerContracts.all

    /// Contracts whose id or area matches one of `filters` (all when empty). With `readOnly`, only contracts
    /// that change nothing, send nothing but GET, HEAD and OPTIONS (no sockets, no sink), and whose actors need
    /// no registration (`presetRoles` are given, e.g. the owner via `--token`): registering fixture users
    /// would be a change too.
    public static func select(
        _ contracts: [Contract] = all, filters: [String], readOnly: Bool, presetRoles: Set<ActorRole> = []
    ) -> [Contract] {
        contracts.filter { contract in
            (filters.isEmpty
                || filters.contains { $0 == contract.area || $0 == contract.id || contract.id.hasPrefix($0 + ".") })
                && (!readOnly || isReadOnly(contract, presetRoles: presetRoles))
        }
    }

    /// True when running `contract` changes nothing on the server.
    public static func isReadOnly(_ contract: Contract, presetRoles: Set<ActorRole> = []) -> Bool {
        !contract.mutates && registeredRoles(contract, presetRoles: presetRoles).isEmpty
            && contract.steps.allSatisfy { ReadOnlyTransport.safeMethods.contains($0.request.method) }
    }

    /// The users a run registers for `contract` (a change on the server): every actor but the anonymous one
    /// and those `presetRoles` supplies; a collaborator also needs the owner, whose fixture plan it joins.
    public static func registeredRoles(_ contract: Contract, presetRoles: Set<ActorRole> = []) -> [ActorRole] {
        var roles = contract.actors.subtracting([.anonymous])
        if !roles.isDisjoint(with: [.viewer, .editor, .admin]) { roles.insert(.owner) }
        return ActorRole.allCases.filter { roles.contains($0) && !presetRoles.contains($0) }
    }

    /// Problems with the suite itself: duplicate ids, ids outside their area, and steps that would let a
    /// golden stand alone (every step states v1's status, and the keys of its body when it has a golden).
    public static func validate(_ contracts: [Contract] = all) -> [String] {
        var problems: [String] = []
        var seen = Set<String>()
        for contract in contracts {
            if !seen.insert(contract.id).inserted { problems.append("\(contract.id): duplicate id") }
            if !contract.id.hasPrefix(contract.area + ".") {
                problems.append("\(contract.id): id does not start with its area '\(contract.area)'")
            }
            if contract.steps.isEmpty { problems.append("\(contract.id): no steps") }
            for step in contract.steps {
                if step.statedStatus == nil { problems.append("\(contract.id) [\(step.name)]: states no status") }
                let statesBody = step.expectations.contains { if case .body = $0 { true } else { false } }
                if step.golden != nil, !statesBody {
                    problems.append("\(contract.id) [\(step.name)]: has a golden but states no body keys")
                }
            }
        }
        return problems
    }
}
