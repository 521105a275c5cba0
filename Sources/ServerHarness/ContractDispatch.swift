import ReferenceServer

/// The dispatch engine of an in-process server that the contract suite checks: running, quick to retry, and
/// sending Slack and Discord traffic to the harness's sink instead of the real services.
extension ServerConfiguration {
    public mutating func dispatchToSink(slackAPIBaseURL: String, discordAPIBaseURL: String) {
        dispatch.enabledInServer = true
        dispatch.endpoints.slackAPIBaseURL = slackAPIBaseURL
        dispatch.endpoints.discordAPIBaseURL = discordAPIBaseURL
        dispatch.pollInterval = .milliseconds(50)
        dispatch.retry.base = .milliseconds(50)
        dispatch.retry.cap = .seconds(1)
        dispatch.cron.enabled = false
    }
}
