/// How a contract relates to v1 (DECISIONS.md §D1). Reports count the three classes separately.
public enum ContractClass: Sendable, Hashable {
    /// v2 answers as v1 answered.
    case compatible
    /// v1 crashed, leaked or lacked a check; the contract states the intended behaviour and names the defect.
    case v1Defect(String)
    /// An intended change; the contract states the new behaviour and the reason.
    case v2Change(String)

    public var name: String {
        switch self {
        case .compatible: "compatible"
        case .v1Defect: "v1Defect"
        case .v2Change: "v2Change"
        }
    }
}
