/// Bounds every load test in this target keeps: loopback only, a fixed number of requests, a fixed time.
enum LoadBudget {
    static let maximumRequests = 10_000
    static let maximumSeconds = 120
}
