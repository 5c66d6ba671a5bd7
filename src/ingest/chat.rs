//! Chat logs of AI interviewers: `{role, content}` messages where the
//! `assistant` is the interviewer and the `user` the candidate; `system` and
//! `tool` messages are not speech. Content is a string or a list of text
//! parts. Metadata (candidate id and name, interviewer, date) comes from the
//! object that holds `messages`.

use serde_json::{Map, Value};

use super::json::ObjectLines;
use super::{merge_runs, IngestError, Parsed, RawTurn};
use crate::model::{Metadata, Role};

/// The role a chat message's `role` field gives, or `None` for messages that
/// are not speech.
fn role_of(role: &str) -> Option<Role> {
    match role.to_ascii_lowercase().as_str() {
        "assistant" | "interviewer" | "ai" | "bot" | "model" => Some(Role::Interviewer),
        "user" | "candidate" | "human" | "interviewee" => Some(Role::Candidate),
        _ => None,
    }
}

/// The text of a message's content: a string, or the text of its parts.
fn content_text(content: &Value) -> String {
    match content {
        Value::String(s) => s.trim().to_string(),
        Value::Array(parts) => parts
            .iter()
            .filter_map(|p| match p {
                Value::String(s) => Some(s.trim().to_string()),
                Value::Object(o) => o
                    .get("text")
                    .and_then(Value::as_str)
                    .map(|s| s.trim().to_string()),
                _ => None,
            })
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("\n"),
        _ => String::new(),
    }
}

fn piece(message: &Map<String, Value>, line: usize) -> Option<RawTurn> {
    let role_name = message.get("role")?.as_str()?;
    let role = role_of(role_name)?;
    let text = content_text(message.get("content").unwrap_or(&Value::Null));
    let speaker = message
        .get("name")
        .and_then(Value::as_str)
        .filter(|n| !n.trim().is_empty())
        .unwrap_or(role_name)
        .to_string();
    let timestamp = message.get("timestamp").and_then(|t| match t {
        Value::Number(n) => n
            .as_f64()
            .map(|s| crate::model::Timestamp(s.max(0.0) as u32)),
        Value::String(s) => super::parse_timestamp(s),
        _ => None,
    });
    Some(RawTurn::piece(
        speaker,
        Some(role),
        text,
        vec![line],
        timestamp,
    ))
}

/// A conversation from its messages and, when present, the object holding them.
pub fn read(
    messages: &[Value],
    holder: Option<&Map<String, Value>>,
    lines: &ObjectLines,
) -> Result<Parsed, IngestError> {
    let pieces = messages
        .iter()
        .filter_map(|m| m.as_object().and_then(|o| piece(o, lines.of(o))))
        .collect();
    Ok(Parsed {
        format: "chat-json",
        meta: holder.map(metadata).unwrap_or_default(),
        turns: merge_runs(pieces),
        ..Parsed::default()
    })
}

/// A conversation from JSON Lines, one message per line.
pub fn read_lines(messages: &[(Value, ObjectLines)]) -> Result<Parsed, IngestError> {
    let pieces = messages
        .iter()
        .filter_map(|(m, lines)| m.as_object().and_then(|o| piece(o, lines.of(o))))
        .collect();
    Ok(Parsed {
        format: "chat-jsonl",
        turns: merge_runs(pieces),
        ..Parsed::default()
    })
}

fn text_field(value: Option<&Value>, nested: &str) -> Option<String> {
    match value? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Object(o) => o.get(nested).and_then(|v| text_field(Some(v), nested)),
        _ => None,
    }
    .map(|s| s.trim().to_string())
    .filter(|s| !s.is_empty())
}

/// `candidate_id` or `candidate.id`; `candidate_name`, `candidate.name` or a
/// `candidate` string; `interviewer` (a string or `.name`); `date`.
fn metadata(holder: &Map<String, Value>) -> Metadata {
    let candidate = holder.get("candidate");
    Metadata {
        candidate_id: text_field(holder.get("candidate_id"), "id").or_else(|| {
            candidate
                .and_then(|c| c.get("id"))
                .and_then(|v| text_field(Some(v), "id"))
        }),
        candidate_name: text_field(holder.get("candidate_name"), "name")
            .or_else(|| text_field(candidate, "name")),
        interviewer: text_field(holder.get("interviewer"), "name"),
        date: text_field(holder.get("date"), "date"),
    }
}

#[cfg(test)]
mod tests {
    use super::super::json::parse_with_lines;
    use super::*;

    #[test]
    fn roles_parts_metadata_and_skipped_messages() {
        let text = r#"{
  "candidate_id": "C-1",
  "candidate": {"name": "Mateo"},
  "messages": [
    {"role": "system", "content": "You are an interviewer."},
    {"role": "assistant", "content": "Kafka or RabbitMQ?"},
    {"role": "user", "content": [{"type": "text", "text": "Kafka."}, {"type": "text", "text": "Because replay."}]},
    {"role": "tool", "content": "{}"},
    {"role": "user", "content": "Also fan-out."}
  ]
}"#;
        let (value, lines) = parse_with_lines(text, 1).unwrap();
        let map = value.as_object().unwrap();
        let parsed = read(map["messages"].as_array().unwrap(), Some(map), &lines).unwrap();
        assert_eq!(parsed.meta.candidate_id.as_deref(), Some("C-1"));
        assert_eq!(parsed.meta.candidate_name.as_deref(), Some("Mateo"));
        let t: Vec<_> = parsed
            .turns
            .iter()
            .map(|t| (t.speaker.as_str(), t.role, t.text.as_str(), t.line))
            .collect();
        assert_eq!(
            t,
            [
                (
                    "assistant",
                    Some(Role::Interviewer),
                    "Kafka or RabbitMQ?",
                    6
                ),
                (
                    "user",
                    Some(Role::Candidate),
                    "Kafka.\nBecause replay.\nAlso fan-out.",
                    7
                ),
            ]
        );
        assert_eq!(parsed.turns[1].line_map, [7, 7, 9]);
    }
}
