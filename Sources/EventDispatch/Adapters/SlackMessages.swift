import AgentPlannerCore
import Foundation

/// v1's Slack Block Kit messages (ROUTES.md §5.5), built from the webhook payload of an event.
///
/// Fixed from v1: structured decision options (`{option, description}`) render as their text instead of JSON.
/// Events v1 never posted to Slack get a plain section with the event's message.
enum SlackMessages {
    struct Message: Equatable {
        var text: String
        var blocks: [JSONValue]
    }

    static func message(event: String, payload: JSONValue) -> Message {
        if event.hasPrefix("task."), event.hasSuffix("_requested") { return agentRequest(payload) }
        if event == "decision.requested" || event == "decision.requested.blocking" { return decisionRequest(payload) }
        return generic(event: event, payload: payload)
    }

    static func agentRequest(_ payload: JSONValue) -> Message {
        let plan = payload["plan"] ?? .null
        let task = payload["task"] ?? .null
        let request = payload["request"] ?? .null
        let type = request["type"]?.stringValue ?? "start"
        let emoji = ["start": "🚀", "review": "👀", "help": "💡", "continue": "▶️"][type] ?? "📋"
        let planTitle = plan["title"]?.stringValue ?? ""
        let taskTitle = task["title"]?.stringValue ?? ""
        var blocks: [JSONValue] = [
            header("\(emoji) Agent Request: \(type.prefix(1).uppercased() + type.dropFirst())"),
            ["type": "section", "fields": [mrkdwn("*Plan:*\n\(planTitle)"), mrkdwn("*Task:*\n\(taskTitle)")]],
        ]
        if let message = request["message"]?.stringValue, !message.isEmpty {
            blocks.append(section("*Message:*\n\(message)"))
        }
        if let description = task["description"]?.stringValue, !description.isEmpty {
            blocks.append(section("*Description:*\n\(description.prefix(500))"))
        }
        if let instructions = task["agent_instructions"]?.stringValue, !instructions.isEmpty {
            blocks.append(section("*Instructions:*\n\(instructions.prefix(500))"))
        }
        let ids = "Plan ID: `\(plan["id"]?.stringValue ?? "")` | Task ID: `\(task["id"]?.stringValue ?? "")`"
        blocks.append(["type": "context", "elements": [mrkdwn(ids)]])
        return Message(text: "\(emoji) Agent request: \(type) on \"\(taskTitle)\" in plan \"\(planTitle)\"", blocks: blocks)
    }

    static func decisionRequest(_ payload: JSONValue) -> Message {
        let plan = payload["plan"] ?? .null
        let decision = payload["decision"] ?? .null
        let urgency = decision["urgency"]?.stringValue ?? ""
        let emoji = urgency == "blocking" ? "🔴" : "🟡"
        let title = decision["title"]?.stringValue ?? ""
        let planTitle = plan["title"]?.stringValue ?? ""
        var blocks: [JSONValue] = [
            header("\(emoji) Decision Required"),
            ["type": "section", "fields": [mrkdwn("*Plan:*\n\(planTitle)"), mrkdwn("*Urgency:*\n\(urgency)")]],
            section("*\(title)*\n\(decision["context"]?.stringValue ?? "")"),
        ]
        if case .array(let options)? = decision["options"], !options.isEmpty {
            let lines = options.enumerated().map { "\($0.offset + 1). \(optionText($0.element))" }
            blocks.append(section("*Options:*\n" + lines.joined(separator: "\n")))
        }
        return Message(text: "\(emoji) Decision needed: \"\(title)\" in plan \"\(planTitle)\"", blocks: blocks)
    }

    /// A decision option as people read it: a string as is; an object's `option` (v1's field; v1 looked for
    /// `label`/`text` and printed JSON), then `label`, `text`, `title`, with its `description` after a dash,
    /// then whether it is recommended and its pros and cons (v1's option shape).
    static func optionText(_ option: JSONValue) -> String {
        if let text = option.stringValue { return text }
        let name = ["option", "label", "text", "title"].lazy.compactMap { option[$0]?.stringValue }.first
        guard let name else { return option.jsonText }
        var text = name
        if let description = option["description"]?.stringValue, !description.isEmpty { text += " — \(description)" }
        if option["recommendation"] == .bool(true) { text += " _(recommended)_" }
        for (key, label) in [("pros", "pros"), ("cons", "cons")] {
            guard case .array(let items)? = option[key] else { continue }
            let words = items.compactMap(\.stringValue).filter { !$0.isEmpty }
            if !words.isEmpty { text += " · \(label): \(words.joined(separator: "; "))" }
        }
        return text
    }

    static func generic(event: String, payload: JSONValue) -> Message {
        let text = payload["message"]?.stringValue ?? event
        var fields: [JSONValue] = []
        if let plan = payload["plan"]?["title"]?.stringValue { fields.append(mrkdwn("*Plan:*\n\(plan)")) }
        if let task = payload["task"]?["title"]?.stringValue { fields.append(mrkdwn("*Task:*\n\(task)")) }
        if let decision = payload["decision"]?["title"]?.stringValue { fields.append(mrkdwn("*Decision:*\n\(decision)")) }
        var blocks: [JSONValue] = [section(text)]
        if !fields.isEmpty { blocks.append(["type": "section", "fields": .array(fields)]) }
        if let resolution = payload["resolution"]?["decision"]?.stringValue {
            blocks.append(section("*Resolution:*\n\(resolution)"))
        }
        blocks.append(["type": "context", "elements": [mrkdwn("Event: `\(event)`")]])
        return Message(text: text, blocks: blocks)
    }

    private static func header(_ text: String) -> JSONValue {
        ["type": "header", "text": ["type": "plain_text", "text": .string(String(text.prefix(150)))]]
    }

    private static func section(_ text: String) -> JSONValue {
        ["type": "section", "text": mrkdwn(text)]
    }

    private static func mrkdwn(_ text: String) -> JSONValue {
        ["type": "mrkdwn", "text": .string(String(text.prefix(3000)))]
    }
}
