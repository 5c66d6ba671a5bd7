//! YAML-style front matter between `---` lines at the top of a text or
//! Markdown transcript: flat `key: value` pairs only, which is all a
//! transcript header needs. Unknown keys are ignored.

use crate::model::{Metadata, Role};

/// Front matter read off the top of a file.
#[derive(Debug, Default, PartialEq)]
pub struct FrontMatter {
    pub meta: Metadata,
    pub roster: Vec<(String, Role)>,
    /// Number of lines the block takes, fences included; 0 when there is none.
    pub lines: usize,
}

/// Reads front matter if the text starts with a `---` line that is closed by
/// another `---` (or `...`) line; otherwise returns an empty [`FrontMatter`].
pub fn read(text: &str) -> FrontMatter {
    let mut lines = text.lines();
    if lines.next().map(str::trim_end) != Some("---") {
        return FrontMatter::default();
    }
    let mut fm = FrontMatter::default();
    let mut pairs: Vec<(String, String)> = Vec::new();
    for (i, line) in lines.enumerate() {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            if !pairs.iter().any(|(k, _)| known(k))
                || pairs
                    .iter()
                    .any(|(k, v)| NAME_KEYS.contains(&k.as_str()) && is_speech(v))
            {
                return FrontMatter::default();
            }
            fm.lines = i + 2;
            for (key, value) in pairs {
                apply(&mut fm, &key, value);
            }
            return fm;
        }
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        // Only `key: value` lines: anything else means the `---` was a rule
        // and what follows is the transcript.
        let Some((key, value)) = line.split_once(':') else {
            return FrontMatter::default();
        };
        let key = key.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        if key.is_empty()
            || key.len() > 32
            || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            return FrontMatter::default();
        }
        let value = unquote(value.trim());
        if !value.is_empty() {
            pairs.push((key, value));
        }
    }
    // Never closed: it was a horizontal rule, not front matter.
    FrontMatter::default()
}

/// A value that reads like a sentence someone said, not a name, id or date.
fn is_speech(value: &str) -> bool {
    value.len() > 120 || value.split_whitespace().count() > 6 || value.ends_with(['.', '?', '!'])
}

/// Keys whose value is a person's name (or names).
const NAME_KEYS: &[&str] = &[
    "candidate",
    "candidate_name",
    "interviewee",
    "interviewer",
    "interviewer_name",
    "interviewers",
];

/// Keys besides the name keys that `grade` reads; a block with none of
/// either is not front matter.
const OTHER_KEYS: &[&str] = &[
    "candidate_id",
    "candidateid",
    "date",
    "interview_date",
    "title",
    "role",
    "position",
];

fn known(key: &str) -> bool {
    NAME_KEYS.contains(&key) || OTHER_KEYS.contains(&key)
}

fn apply(fm: &mut FrontMatter, key: &str, value: String) {
    match key {
        "candidate_id" | "candidateid" => fm.meta.candidate_id = Some(value),
        "candidate" | "candidate_name" | "interviewee" => {
            fm.roster.push((value.clone(), Role::Candidate));
            fm.meta.candidate_name = Some(value);
        }
        "interviewer" | "interviewer_name" | "interviewers" => {
            for name in value
                .split([',', ';'])
                .map(str::trim)
                .filter(|n| !n.is_empty())
            {
                fm.roster.push((name.to_string(), Role::Interviewer));
            }
            fm.meta.interviewer = Some(value);
        }
        "date" | "interview_date" => fm.meta.date = Some(value),
        _ => {}
    }
}

fn unquote(value: &str) -> String {
    let v = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
        .unwrap_or(value);
    v.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_known_keys_and_counts_lines() {
        let fm = read("---\ncandidate_id: C-2031\ncandidate: \"Sam Okafor\"\ninterviewer: Dana Reyes\ndate: 2026-03-02\ntitle: x\n---\nInterviewer: hi\n");
        assert_eq!(fm.lines, 7);
        assert_eq!(fm.meta.candidate_id.as_deref(), Some("C-2031"));
        assert_eq!(fm.meta.candidate_name.as_deref(), Some("Sam Okafor"));
        assert_eq!(fm.meta.date.as_deref(), Some("2026-03-02"));
        assert_eq!(
            fm.roster,
            [
                ("Sam Okafor".to_string(), Role::Candidate),
                ("Dana Reyes".to_string(), Role::Interviewer)
            ]
        );
    }

    #[test]
    fn a_rule_around_speech_is_not_front_matter() {
        let text = "---\nInterviewer: Kafka or RabbitMQ? Think out loud.\nCandidate: Kafka, because replay matters here.\n---\n";
        assert_eq!(read(text), FrontMatter::default());
        assert_eq!(
            read("---\nfoo: bar\n---\n"),
            FrontMatter::default(),
            "no known key"
        );
        let titled = read("---\ntitle: Async messaging interview, second round, remote.\ncandidate: Ana Lima\n---\n");
        assert_eq!(titled.meta.candidate_name.as_deref(), Some("Ana Lima"));
    }

    #[test]
    fn unclosed_block_is_not_front_matter() {
        assert_eq!(
            read("---\ncandidate_id: x\nInterviewer: hi\n"),
            FrontMatter::default()
        );
        assert_eq!(read("Interviewer: hi\n---\n"), FrontMatter::default());
    }
}
