//! Plain-text and Markdown transcripts: one turn per speaker label.
//!
//! Labels in the common styles are recognised: `Interviewer:` / `Candidate:`,
//! `Q:` / `A:`, `**Alex (interviewer):**`, `**Alex**:`, plain names, each with
//! an optional `[hh:mm:ss]` before (or `(hh:mm:ss)` after) the name. Lines
//! without a label continue the current turn. Markdown headings are kept as
//! markers (phase headings), and a `Participants:` line before the first turn
//! declares who is who.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

use super::{front_matter, parse_timestamp, IngestError, Parsed, RawTurn, Reader};
use crate::model::{Marker, Role};

pub struct TextReader;

/// A speaker label at the start of a line: an optional timestamp, a name, an
/// optional `(role)` or `(timestamp)`, and a colon.
const LABEL_PATTERN: &str = r"(?x)^\s*
        (?:>\s*)?(?:[-*]\s+)?
        (?:[\[(]?(?P<ts1>\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?)[\])]?\s*[-–—]?\s*)?
        (?:\*\*|__)?
        (?P<name>[\p{L}][\p{L}\p{M}0-9\x20.'’_\-]{0,58}?)
        (?:\s*\((?P<paren>[^)]{1,80})\))?
        (?:\s*[\[(](?P<ts2>\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?)[\])])?
        \s*(?:\*\*|__)?\s*(?::(?:\s*(?:\*\*|__))?(?:\s+|$)|：(?:\s*(?:\*\*|__))?\s*)
        (?P<text>.*)$";

static LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(LABEL_PATTERN).expect("the label pattern is valid"));

/// The same pattern for lines of ASCII only, where Unicode classes match
/// what their ASCII parts match. Its automaton is a fraction of the size,
/// which makes it many times faster on the lines most transcripts have.
static ASCII_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    let ascii = LABEL_PATTERN
        .replace(r"\p{L}\p{M}", "a-zA-Z")
        .replace(r"\p{L}", "a-zA-Z")
        .replace(r"\s", r"[\t\x0B\x0C\r\x20]")
        .replace(r"\d", "[0-9]");
    Regex::new(&ascii).expect("the ASCII label pattern is valid")
});

static ROSTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:\*\*)?(participants|speakers|attendees|roles|present)(?:\*\*)?\s*:(?:\*\*)?\s*(?P<list>.+)$")
        .expect("the roster pattern is valid")
});

static HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:#{1,6}\s+(?P<h>.+?)\s*#*\s*$|(?P<p>(?i:phase)\s+(?:\d+|one|two|three|four)\b[^.?!,]{0,50})$)")
        .expect("the heading pattern is valid")
});

/// Labels that are never speakers, even when they repeat.
pub(crate) const NOT_SPEAKERS: &[&str] = &[
    "note",
    "notes",
    "example",
    "e.g",
    "eg",
    "i.e",
    "hint",
    "summary",
    "update",
    "edit",
    "todo",
    "warning",
    "important",
    "http",
    "https",
    "date",
    "time",
    "position",
    "title",
    "role",
    "level",
    "duration",
    "location",
    "recording",
    "transcript",
    "question",
    "problem",
    "step",
    "result",
    "output",
    "input",
    "error",
    "answer key",
    "feedback",
    "score",
    "scorecard",
];

/// The role a label word states on its own. Single letters (`Q:`/`A:`,
/// `I:`/`C:`) count only where the file uses that style throughout.
fn role_word(name: &str, letters: bool) -> Option<Role> {
    match name.trim().to_lowercase().as_str() {
        "interviewer" | "the interviewer" | "interviewers" | "hiring manager" | "panelist"
        | "panel" => Some(Role::Interviewer),
        "candidate" | "the candidate" | "interviewee" | "applicant" => Some(Role::Candidate),
        "q" | "i" | "int" if letters => Some(Role::Interviewer),
        "a" | "c" | "cand" if letters => Some(Role::Candidate),
        _ => None,
    }
}

/// Reads a role out of a parenthesis or a `— role` suffix, e.g. `(interviewer)`.
pub fn role_in(text: &str) -> Option<Role> {
    let lower = text.to_lowercase();
    if lower.contains("interviewer") || lower.contains("hiring manager") || lower.contains("panel")
    {
        Some(Role::Interviewer)
    } else if lower.contains("candidate") || lower.contains("interviewee") {
        Some(Role::Candidate)
    } else {
        None
    }
}

struct Label<'a> {
    name: &'a str,
    role: Option<Role>,
    timestamp: Option<&'a str>,
    text_start: usize,
}

/// How far into a line a speaker label can reach: a timestamp, a name of at
/// most 59 characters, a parenthesis of at most 80, and the colon.
const LABEL_REACH: usize = 200;

fn label(line: &str, letters: bool) -> Option<Label<'_>> {
    // The label pattern is costly on long lines: look only where a label can
    // be, and only when a colon is there.
    let mut reach = line.len().min(LABEL_REACH);
    while !line.is_char_boundary(reach) {
        reach -= 1;
    }
    let head = &line[..reach];
    if !head.contains([':', '：']) {
        return None;
    }
    let pattern = if head.is_ascii() {
        &ASCII_LABEL
    } else {
        &LABEL
    };
    let caps = pattern.captures(head)?;
    let name_match = caps.name("name")?;
    let name = name_match.as_str().trim().trim_end_matches(['.', '-']);
    if name.is_empty() || name.split_whitespace().count() > 6 {
        return None;
    }
    let paren = caps.name("paren").map(|m| m.as_str());
    let mut timestamp = caps.name("ts1").or(caps.name("ts2")).map(|m| m.as_str());
    let mut role = role_word(name, letters);
    if let Some(p) = paren {
        if parse_timestamp(p.trim()).is_some() {
            timestamp = timestamp.or(Some(p.trim()));
        } else {
            role = role.or(role_in(p));
        }
    }
    Some(Label {
        name,
        role,
        timestamp,
        text_start: caps.name("text").map_or(line.len(), |m| m.start()),
    })
}

impl Reader for TextReader {
    fn name(&self) -> &'static str {
        "text"
    }

    fn sniff(&self, _path: &Path, _text: &str) -> u8 {
        // The fallback for any text: other readers claim their formats first.
        10
    }

    fn parse(&self, path: &Path, text: &str) -> Result<Vec<Parsed>, IngestError> {
        Ok(vec![parse_labelled(path, text)])
    }
}

/// Parses speaker-labelled text: the text format's reader, also used by the
/// Rev reader, whose headers are labels with a timestamp.
pub fn parse_labelled(path: &Path, text: &str) -> Parsed {
    {
        let markdown = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "md" | "markdown"))
            || text.contains("**");
        let fm = front_matter::read(text);
        let mut parsed = Parsed {
            format: if markdown { "markdown" } else { "text" },
            meta: fm.meta,
            roster: fm.roster,
            ..Parsed::default()
        };
        let lines: Vec<&str> = text.lines().collect();
        let start = fm.lines;

        // First pass: which label names repeat, the label style, and the roster header.
        let mut label_counts: BTreeMap<String, usize> = BTreeMap::new();
        let mut stated_roles = false;
        for line in &lines[start..] {
            if let Some(caps) = ROSTER.captures(line) {
                parsed.roster.extend(roster_entries(&caps["list"]));
                continue;
            }
            if let Some(l) = label(line, false) {
                stated_roles |= l.role.is_some();
                *label_counts.entry(l.name.to_lowercase()).or_default() += 1;
            }
        }
        let count = |name: &str| label_counts.get(name).copied().unwrap_or(0);
        let letters = !stated_roles
            && (count("q") >= 2 && count("a") >= 2 || count("i") >= 2 && count("c") >= 2);
        // Where the file states roles or names its speakers, a label that merely
        // repeats ("Kafka:", "So:") is part of an answer, not a new speaker.
        let declared = stated_roles || letters || !parsed.roster.is_empty();
        let is_speaker = |l: &Label<'_>, roster: &[(String, Role)]| {
            let lower = l.name.to_lowercase();
            if NOT_SPEAKERS.contains(&lower.as_str()) {
                return false;
            }
            l.role.is_some()
                || l.timestamp.is_some()
                || roster.iter().any(|(n, _)| names_match(n, l.name))
                || !declared && count(&lower) >= 2
        };

        let mut current: Option<RawTurn> = None;
        for (i, line) in lines.iter().enumerate().skip(start) {
            let number = i + 1;
            if ROSTER.is_match(line) && parsed.turns.is_empty() && current.is_none() {
                continue;
            }
            // Headings and rules are not speech; inside a turn they are skipped
            // and the turn goes on below them.
            if let Some(caps) = HEADING.captures(line) {
                let heading = caps.name("h").or(caps.name("p")).map_or("", |m| m.as_str());
                parsed.markers.push(Marker {
                    line: number,
                    text: heading.trim().to_string(),
                });
                continue;
            }
            if is_rule(line) {
                continue;
            }
            match label(line, letters).filter(|l| is_speaker(l, &parsed.roster)) {
                Some(l)
                    if current.is_none() && parsed.turns.is_empty() && declares_name(&l, line) =>
                {
                    // `Interviewer: Dana Reyes` in a header declares a name, it is not speech.
                    if let Some(role) = l.role {
                        parsed
                            .roster
                            .push((line[l.text_start..].trim().to_string(), role));
                    }
                }
                Some(l) => {
                    finish(&mut current, &mut parsed.turns);
                    current = Some(RawTurn {
                        speaker: clean_name(l.name),
                        role: l.role,
                        text: line[l.text_start..].trim_end().to_string(),
                        line: number,
                        line_map: Vec::new(),
                        timestamp: l.timestamp.and_then(parse_timestamp),
                    });
                }
                None => {
                    if let Some(turn) = current.as_mut() {
                        append_line(turn, line.trim_end(), number);
                    }
                }
            }
        }
        finish(&mut current, &mut parsed.turns);
        parsed
    }
}

/// Adds a continuation line to a turn, keeping the map from text lines to
/// file lines (explicit once a skipped heading or rule breaks the run).
fn append_line(turn: &mut RawTurn, text: &str, number: usize) {
    let lines = turn.text.split('\n').count();
    if turn.line_map.is_empty() && number != turn.line + lines {
        turn.line_map = (0..lines).map(|n| turn.line + n).collect();
    }
    if !turn.line_map.is_empty() {
        turn.line_map.push(number);
    }
    turn.text.push('\n');
    turn.text.push_str(text);
}

/// Closes the current turn: leading and trailing blank lines are dropped
/// (keeping line numbers right), and a turn that says nothing is not kept.
fn finish(current: &mut Option<RawTurn>, turns: &mut Vec<RawTurn>) {
    if let Some(mut turn) = current.take() {
        let kept = turn.text.trim_end().len();
        turn.text.truncate(kept);
        let lead_lines = turn.text.len() - turn.text.trim_start_matches('\n').len();
        if lead_lines > 0 {
            turn.text = turn.text[lead_lines..].to_string();
            if turn.line_map.is_empty() {
                turn.line += lead_lines;
            } else {
                turn.line_map.drain(..lead_lines.min(turn.line_map.len()));
                turn.line = turn.line_map.first().copied().unwrap_or(turn.line);
            }
        }
        if !turn.line_map.is_empty() {
            turn.line_map.truncate(turn.text.split('\n').count());
        }
        if !turn.text.trim().is_empty() {
            turns.push(turn);
        }
    }
}

fn is_rule(line: &str) -> bool {
    let t = line.trim();
    t.len() >= 3
        && (t.chars().all(|c| c == '-')
            || t.chars().all(|c| c == '*')
            || t.chars().all(|c| c == '='))
}

/// A role label whose text is only a person's name, as in a header.
fn declares_name(l: &Label<'_>, line: &str) -> bool {
    if l.role.is_none() || l.timestamp.is_some() {
        return false;
    }
    let rest = line[l.text_start..].trim();
    let words: Vec<&str> = rest.split_whitespace().collect();
    const GREETINGS: &[&str] = &[
        "hi", "hello", "hey", "welcome", "good", "thanks", "thank", "ok", "okay", "yes", "no",
        "so", "great", "sure", "right", "well",
    ];
    !words.is_empty()
        && words.len() <= 4
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
        && !GREETINGS.contains(
            &words[0]
                .to_lowercase()
                .trim_matches(|c: char| !c.is_alphanumeric()),
        )
        && !rest.ends_with(['.', '?', '!', ','])
}

fn clean_name(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `Dana Reyes (interviewer), Sam Okafor (candidate)` → a roster.
fn roster_entries(list: &str) -> Vec<(String, Role)> {
    list.split([',', ';'])
        .filter_map(|entry| {
            let entry = entry.trim().trim_end_matches('.');
            let (name, role) = match entry.split_once('(') {
                Some((name, rest)) => (name, role_in(rest)?),
                None => {
                    let (name, role) = entry.rsplit_once([' ', '-', '–', '—', '='])?;
                    (name, role_in(role)?)
                }
            };
            let name = name
                .trim()
                .trim_end_matches(['-', '–', '—', '=', ':'])
                .trim();
            (!name.is_empty()).then(|| (name.to_string(), role))
        })
        .collect()
}

/// Whether a declared name and a label refer to the same person: equal, or the
/// label is the declared first name ("Dana" for "Dana Reyes").
pub fn names_match(declared: &str, label: &str) -> bool {
    let d = declared.trim().to_lowercase();
    let l = label.trim().to_lowercase();
    d == l || d.split_whitespace().next() == Some(l.as_str()) && !l.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Parsed {
        parse_labelled(Path::new("t.txt"), text)
    }

    #[test]
    fn role_labels_and_continuations_keep_lines() {
        let p = parse("Title line\nInterviewer: Hello.\nShould we use Kafka?\n\nCandidate: It depends.\n\nMore thoughts.\n");
        assert_eq!(p.turns.len(), 2);
        assert_eq!(p.turns[0].role, Some(Role::Interviewer));
        assert_eq!(p.turns[0].line, 2);
        assert_eq!(p.turns[0].text, "Hello.\nShould we use Kafka?");
        assert_eq!(p.turns[1].line, 5);
        assert_eq!(p.turns[1].text, "It depends.\n\nMore thoughts.");
    }

    #[test]
    fn markdown_bold_labels_with_roles_and_timestamps() {
        let p = parse("## Phase 1: Choosing the Right Tool\n**Dana (interviewer):** Kafka or RabbitMQ?\n**Sam (candidate)**: Kafka.\n[00:03:12] **Dana:** Why?\n");
        assert_eq!(p.markers[0].text, "Phase 1: Choosing the Right Tool");
        let speakers: Vec<_> = p
            .turns
            .iter()
            .map(|t| (t.speaker.as_str(), t.role))
            .collect();
        assert_eq!(
            speakers,
            [
                ("Dana", Some(Role::Interviewer)),
                ("Sam", Some(Role::Candidate)),
                ("Dana", None)
            ]
        );
        assert_eq!(p.turns[2].timestamp.map(|t| t.0), Some(192));
        assert_eq!(p.turns[2].text, "Why?");
    }

    #[test]
    fn roster_header_and_repeated_names() {
        let p = parse("Participants: Dana Reyes (interviewer), Sam Okafor (candidate)\n\n[00:00:05] Dana Reyes: Hi Sam.\n[00:00:09] Sam Okafor: Hi.\nNote: not a speaker\n[00:00:15] Dana Reyes: Ready?\n[00:00:20] Sam Okafor: Yes.\n");
        assert_eq!(
            p.roster,
            [
                ("Dana Reyes".to_string(), Role::Interviewer),
                ("Sam Okafor".to_string(), Role::Candidate)
            ]
        );
        assert_eq!(p.turns.len(), 4);
        assert_eq!(p.turns[1].text, "Hi.\nNote: not a speaker");
    }

    #[test]
    fn header_role_lines_declare_names() {
        let p = parse("Interviewer: Dana Reyes\nCandidate: Sam Okafor\n\nInterviewer: Hi Sam, welcome.\nCandidate: Thanks!\n");
        assert_eq!(p.roster.len(), 2);
        assert_eq!(p.turns.len(), 2);
        assert_eq!(p.turns[0].text, "Hi Sam, welcome.");
    }

    #[test]
    fn a_colon_in_prose_is_not_a_label() {
        let p = parse("Interviewer: What happens?\nCandidate: Two options: retry or drop.\nThe key point: idempotency.\n");
        assert_eq!(p.turns.len(), 2);
        assert_eq!(
            p.turns[1].text,
            "Two options: retry or drop.\nThe key point: idempotency."
        );
    }

    #[test]
    fn repeated_words_with_colons_stay_in_an_answer_when_roles_are_stated() {
        let p = parse("Interviewer: Kafka or RabbitMQ?\nCandidate: Two options.\nKafka: keeps the log.\nRabbitMQ: deletes on ack.\nSo: it depends.\nInterviewer: And replay?\nCandidate: Kafka: reset offsets.\nSo: Kafka.\nA: one more.\nA: and another.\n");
        let speakers: Vec<_> = p.turns.iter().map(|t| t.speaker.as_str()).collect();
        assert_eq!(
            speakers,
            ["Interviewer", "Candidate", "Interviewer", "Candidate"]
        );
        assert_eq!(
            p.turns[1].text,
            "Two options.\nKafka: keeps the log.\nRabbitMQ: deletes on ack.\nSo: it depends."
        );
    }

    #[test]
    fn q_and_a_labels_when_the_whole_file_uses_them() {
        let p = parse("Q: Kafka or RabbitMQ?\nA: Kafka.\nQ: Why?\nA: Replay.\n");
        let roles: Vec<_> = p.turns.iter().map(|t| t.role).collect();
        assert_eq!(
            roles,
            [
                Some(Role::Interviewer),
                Some(Role::Candidate),
                Some(Role::Interviewer),
                Some(Role::Candidate)
            ]
        );
    }

    #[test]
    fn headings_and_rules_inside_a_turn_do_not_lose_the_lines_after_them() {
        let p = parse("**Dana (interviewer):** How many groups?\n**Sam (candidate):** It depends on the\n# of consumer groups: billing and shipping.\nBoth read everything.\n---\nEven more.\nPhase two of our last migration was painful.\n");
        assert_eq!(p.turns.len(), 2);
        let t = &p.turns[1];
        assert_eq!(t.text, "It depends on the\nBoth read everything.\nEven more.\nPhase two of our last migration was painful.");
        assert_eq!(t.line_map, [2, 4, 6, 7]);
    }

    #[test]
    fn unusual_but_common_label_shapes() {
        let p = parse("> **Dana (interviewer):** Hi.\nCandidate (Alexandra Konstantinopoulou-Papadimitriou): Ready.\n");
        let speakers: Vec<_> = p
            .turns
            .iter()
            .map(|t| (t.speaker.as_str(), t.role))
            .collect();
        assert_eq!(
            speakers,
            [
                ("Dana", Some(Role::Interviewer)),
                ("Candidate", Some(Role::Candidate))
            ]
        );
        let p = parse("- SPEAKER_00: Hello.\n王伟：你好。\nSPEAKER_00: Again.\n王伟：好。\n");
        let speakers: Vec<_> = p.turns.iter().map(|t| t.speaker.as_str()).collect();
        assert_eq!(speakers, ["SPEAKER_00", "王伟", "SPEAKER_00", "王伟"]);
    }
}

#[cfg(test)]
mod label_pattern_tests {
    use super::*;

    /// The ASCII pattern must find exactly what the full one finds on every
    /// ASCII line: checked on every line of the bundled transcripts and on
    /// tricky lines of our own.
    #[test]
    fn the_ascii_pattern_agrees_with_the_full_one() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");
        let mut lines: Vec<String> = [
            "Interviewer: What happens next?",
            "[00:01:02] Dana (interviewer): Hello",
            "**Priya (candidate):** I think so",
            "> - Sam [01:02]: quoted",
            "12:30 - Ravi Shankar: the meeting",
            "Note: this is not a speaker",
            "Mr. O'Neil-Smith_2 (lead, panel):   text",
            "a:b",
            "Speaker 1:",
            "   \t Candidate\t:\tx",
            "__Alex__: underscores",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let mut stack = vec![std::path::PathBuf::from(dir)];
        while let Some(d) = stack.pop() {
            for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else if let Ok(text) = std::fs::read_to_string(&path) {
                    lines.extend(text.lines().map(str::to_string));
                }
            }
        }
        let mut checked = 0;
        for line in lines.iter().filter(|l| l.is_ascii()) {
            let spans = |re: &Regex| {
                re.captures(line).map(|c| {
                    c.iter()
                        .map(|m| m.map(|m| (m.start(), m.end())))
                        .collect::<Vec<_>>()
                })
            };
            assert_eq!(spans(&LABEL), spans(&ASCII_LABEL), "{line:?}");
            checked += 1;
        }
        assert!(checked > 1000, "only {checked} lines checked");
    }
}
