/// Decisions two clients share, written once (issue 15).
enum ConsumerDecisions {
    static let logs =
        "the MCP's quick_log and quick_status send `type` for `log_type`, its add_log sends `tags`, the UI sends `tags` and `metadata`: v1's strict schema answered 400 to all of them (ROUTES.md §4.3 DEFECT). v2 reads `type` as `log_type` (both given and different is a 400) and keeps `tags` and `metadata` in the log's own columns; a body v1 documented is answered as before, because these keys were only ever refused"
}
