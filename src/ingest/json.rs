//! JSON and JSON Lines transcripts: detection of the shape, and the line of
//! every JSON object so evidence can cite where a message or segment starts.
//! The shapes themselves are read by `chat.rs` (chat logs) and `diarized.rs`
//! (speech-to-text output).

use std::collections::HashMap;
use std::path::Path;

use serde_json::{Map, Value};

use super::{chat, diarized, IngestError, Parsed, Reader};

pub struct JsonReader;
pub struct JsonLinesReader;

/// The file line of each JSON object of a document, found by address.
#[derive(Debug)]
pub struct ObjectLines {
    lines: HashMap<usize, usize>,
    /// Line of the first `{`: the top-level object's, whose address changes
    /// when the parsed value is moved (nested objects live on the heap).
    root: usize,
    offset: usize,
}

impl ObjectLines {
    /// The line where `object` opens; the top-level object's line when it is
    /// not a nested object of the document.
    pub fn of(&self, object: &Map<String, Value>) -> usize {
        self.lines
            .get(&(object as *const Map<String, Value> as usize))
            .copied()
            .unwrap_or(self.root)
            + self.offset
    }
}

/// Parses a JSON document and finds the line of each of its objects: the
/// opening braces, in document order, match a pre-order walk of the parsed
/// value (object keys keep their order).
pub fn parse_with_lines(
    text: &str,
    first_line: usize,
) -> Result<(Value, ObjectLines), IngestError> {
    let value: Value = serde_json::from_str(text).map_err(|e| IngestError::Json {
        line: e.line() + first_line - 1,
        column: e.column(),
        message: json_message(&e),
    })?;
    let braces = brace_lines(text);
    let mut lines = HashMap::new();
    let mut next = 0;
    walk(&value, &mut |object| {
        if let Some(line) = braces.get(next) {
            lines.insert(object as *const Map<String, Value> as usize, *line);
        }
        next += 1;
    });
    Ok((
        value,
        ObjectLines {
            lines,
            root: braces.first().copied().unwrap_or(1),
            offset: first_line - 1,
        },
    ))
}

/// serde_json's message without its own " at line L column C" suffix.
fn json_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

fn walk<'a>(value: &'a Value, visit: &mut dyn FnMut(&'a Map<String, Value>)) {
    match value {
        Value::Object(map) => {
            visit(map);
            for v in map.values() {
                walk(v, visit);
            }
        }
        Value::Array(items) => {
            for v in items {
                walk(v, visit);
            }
        }
        _ => {}
    }
}

/// Lines of the `{` that open objects, outside strings, in document order.
fn brace_lines(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut line = 1;
    let mut in_string = false;
    let mut escaped = false;
    for b in text.bytes() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                b'\n' => line += 1,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' => out.push(line),
            b'\n' => line += 1,
            _ => {}
        }
    }
    out
}

/// Reads one parsed JSON document as whichever transcript shape it has.
fn read_document(value: &Value, lines: &ObjectLines) -> Result<Parsed, IngestError> {
    match value {
        Value::Array(items)
            if items.iter().all(|i| i.get("role").is_some()) && !items.is_empty() =>
        {
            chat::read(items, None, lines)
        }
        Value::Object(map) => {
            if let Some(Value::Array(messages)) = map.get("messages") {
                chat::read(messages, Some(map), lines)
            } else if map.contains_key("utterances") {
                diarized::assemblyai(map, lines)
            } else if map.contains_key("monologues") {
                diarized::revai(map, lines)
            } else if map.contains_key("results") {
                diarized::deepgram(map, lines)
            } else if map.contains_key("segments") {
                diarized::whisper(map, lines)
            } else {
                Err(shape_error())
            }
        }
        _ => Err(shape_error()),
    }
}

fn shape_error() -> IngestError {
    IngestError::JsonShape(
        "expected a chat log (an array of {role, content} or an object with `messages`), or speech-to-text output with `utterances`, `segments`, `results.channels` or `monologues`".into(),
    )
}

impl Reader for JsonReader {
    fn name(&self) -> &'static str {
        "json"
    }

    fn sniff(&self, path: &Path, text: &str) -> u8 {
        let t = text.trim_start();
        let by_extension = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        if t.starts_with('{') {
            80
        } else if let Some(rest) = t.strip_prefix('[') {
            // `[00:01:02] Name:` is a timestamped text line, not JSON.
            if rest.trim_start().starts_with(['{', ']', '"']) {
                80
            } else {
                0
            }
        } else if by_extension {
            20
        } else {
            0
        }
    }

    fn parse(&self, _path: &Path, text: &str) -> Result<Vec<Parsed>, IngestError> {
        let (value, lines) = parse_with_lines(text, 1)?;
        Ok(vec![read_document(&value, &lines)?])
    }
}

impl Reader for JsonLinesReader {
    fn name(&self) -> &'static str {
        "jsonl"
    }

    fn sniff(&self, path: &Path, text: &str) -> u8 {
        let mut lines = text.lines().filter(|l| !l.trim().is_empty());
        let looks = |l: Option<&str>| {
            l.is_some_and(|l| l.trim().starts_with('{') && l.trim_end().ends_with('}'))
        };
        let by_extension = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("ndjson"));
        if looks(lines.next()) && (looks(lines.next()) || by_extension) {
            85
        } else {
            0
        }
    }

    fn parse(&self, _path: &Path, text: &str) -> Result<Vec<Parsed>, IngestError> {
        let mut messages: Vec<(Value, ObjectLines)> = Vec::new();
        let mut first_message_line = 0;
        let mut conversations = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let (value, lines) = parse_with_lines(line, i + 1)?;
            if value.get("messages").is_some() {
                let mut parsed = read_document(&value, &lines)?;
                parsed.part = Some((i + 1).to_string());
                conversations.push(parsed);
            } else if value.get("role").is_some() {
                if messages.is_empty() {
                    first_message_line = i + 1;
                }
                messages.push((value, lines));
            } else {
                return Err(IngestError::JsonShape(format!(
                    "line {} is neither a message with a `role` nor a conversation with `messages`",
                    i + 1
                )));
            }
        }
        if !messages.is_empty() {
            let mut loose = chat::read_lines(&messages)?;
            if !conversations.is_empty() {
                // Beside whole conversations, the loose messages are one more,
                // named by the line of their first message.
                loose.part = Some(first_message_line.to_string());
            }
            conversations.insert(0, loose);
        }
        if conversations.is_empty() {
            return Err(IngestError::NoTurns);
        }
        for c in &mut conversations {
            c.format = "chat-jsonl";
        }
        Ok(conversations)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_lines_follow_document_order() {
        let text = "[\n  {\"role\": \"user\", \"content\": \"a { brace \\\" in text\"},\n  {\n    \"role\": \"assistant\",\n    \"meta\": {\"x\": 1}\n  }\n]\n";
        let (value, lines) = parse_with_lines(text, 1).unwrap();
        let items = value.as_array().unwrap();
        assert_eq!(lines.of(items[0].as_object().unwrap()), 2);
        assert_eq!(lines.of(items[1].as_object().unwrap()), 3);
        assert_eq!(lines.of(items[1]["meta"].as_object().unwrap()), 5);
    }

    #[test]
    fn truncated_json_names_line_and_column() {
        let err =
            parse_with_lines("[\n {\"role\": \"user\",\n  \"content\": \"cut off", 1).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the JSON is invalid at line 3, column 21: EOF while parsing a string"
        );
    }
}
