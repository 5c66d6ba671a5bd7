//! Stage 1, ingest: a file's bytes → a [`Transcript`] of turns with roles.
//!
//! Reading is guarded (size limit, empty, binary, invalid UTF-8; UTF-16 with a
//! BOM is decoded) before any parser sees the text. Each format is one file of
//! this folder implementing [`Reader`]; detection asks every reader how sure it
//! is of the content and takes the most confident, unless `--format` forces
//! one. Roles are resolved last, the same way for every format (`roles.rs`):
//! explicit labels, then a roster or `--interviewer`, then inference.

mod chat;
mod diarized;
mod front_matter;
mod json;
mod otter;
mod roles;
mod srt;
mod text;
mod vtt;

use std::path::Path;

use crate::model::{Marker, Metadata, Role, Timestamp, Transcript};
use crate::rubric::Rubric;

/// Default `--max-file-size`: larger than any real interview transcript.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 20 * 1024 * 1024;

/// Why one file could not be read as a transcript. The message is shown to
/// users in `dead-letter.csv`, so it says what is wrong and how to fix it.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("could not read the file: {0}")]
    Unreadable(#[source] std::io::Error),
    #[error("the file is empty")]
    Empty,
    #[error(
        "the file is {size} bytes, over the {limit}-byte limit (raise it with --max-file-size)"
    )]
    TooLarge { size: u64, limit: u64 },
    #[error("the file is binary, not a text transcript (byte {offset} is {what})")]
    Binary { offset: usize, what: &'static str },
    #[error("the file is not valid UTF-8 (invalid byte at line {line}, column {column}); save it as UTF-8")]
    InvalidUtf8 { line: usize, column: usize },
    #[error(
        "the file is not valid UTF-16 (an unpaired surrogate at line {line}, column {column})"
    )]
    InvalidUtf16 { line: usize, column: usize },
    #[error("no speaker turns found: expected lines such as `Interviewer: …` and `Candidate: …`, `**Name:** …` or `[00:01:02] Name: …`")]
    NoTurns,
    #[error("the file does not read as an interview: its {turns} speaker turns average {average} characters, where a conversation alternates shorter turns (is it a document with `Label:` lines rather than a transcript?)")]
    NotConversation { turns: usize, average: usize },
    #[error("the candidate never speaks: every turn ({turns} in all) is by the interviewer side ({speakers})")]
    NoCandidateTurns { turns: usize, speakers: String },
    #[error("could not tell which speaker is the interviewer among {speakers}: pass --interviewer NAME, label the speakers `Interviewer:` and `Candidate:`, or add a roles header such as `Participants: {example}`")]
    RolesUnresolved { speakers: String, example: String },
    #[error("more than one speaker is labelled as the candidate ({speakers}); a transcript grades one candidate")]
    SeveralCandidates { speakers: String },
    #[error("the JSON is invalid at line {line}, column {column}: {message}")]
    Json {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("the JSON is not a transcript grade reads: {0}")]
    JsonShape(String),
    #[error("the {format} file has no cues: nothing was said")]
    NoCues { format: &'static str },
    #[error(
        "the file is not {format}: {reason} (drop --format to detect the format from the content)"
    )]
    NotFormat {
        format: &'static str,
        reason: String,
    },
}

/// What a reader makes of one conversation before roles are resolved.
#[derive(Debug, Default)]
pub struct Parsed {
    pub format: &'static str,
    /// For files holding several conversations (JSON Lines), which one: shown
    /// after the path in reports, e.g. `chats.jsonl#3`.
    pub part: Option<String>,
    pub meta: Metadata,
    pub turns: Vec<RawTurn>,
    pub markers: Vec<Marker>,
    /// Speakers whose role the file declares (front matter, roles header).
    pub roster: Vec<(String, Role)>,
}

/// A turn whose role may still be unknown.
#[derive(Debug, Clone, PartialEq)]
pub struct RawTurn {
    pub speaker: String,
    /// The role the label itself states (`Interviewer:`, `Sam (candidate)`).
    pub role: Option<Role>,
    pub text: String,
    pub line: usize,
    /// File line of each line of `text`, when not consecutive from `line`.
    pub line_map: Vec<usize>,
    pub timestamp: Option<Timestamp>,
}

impl RawTurn {
    /// A piece of speech whose text lines all sit on `line` (a JSON value) or
    /// on the given lines.
    pub fn piece(
        speaker: String,
        role: Option<Role>,
        text: String,
        lines: Vec<usize>,
        timestamp: Option<Timestamp>,
    ) -> RawTurn {
        let line = lines.first().copied().unwrap_or(1);
        let count = text.split('\n').count();
        let mut line_map = lines;
        line_map.resize(count, line_map.last().copied().unwrap_or(line));
        RawTurn {
            speaker,
            role,
            text,
            line,
            line_map,
            timestamp,
        }
    }
}

impl RawTurn {
    /// A piece from text lines with their file line numbers; `None` when no
    /// line has text.
    pub fn from_lines(
        speaker: String,
        lines: &[(usize, String)],
        timestamp: Option<Timestamp>,
    ) -> Option<RawTurn> {
        let kept: Vec<&(usize, String)> =
            lines.iter().filter(|(_, l)| !l.trim().is_empty()).collect();
        if kept.is_empty() {
            return None;
        }
        let text = kept
            .iter()
            .map(|(_, l)| l.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        Some(RawTurn::piece(
            speaker,
            None,
            text,
            kept.iter().map(|(n, _)| *n).collect(),
            timestamp,
        ))
    }
}

/// Joins consecutive pieces by the same speaker into one turn, as subtitle
/// cues, speech-to-text segments and chat messages split what one person says.
pub fn merge_runs(pieces: Vec<RawTurn>) -> Vec<RawTurn> {
    let mut turns: Vec<RawTurn> = Vec::new();
    for piece in pieces {
        if piece.text.trim().is_empty() {
            continue;
        }
        match turns.last_mut() {
            Some(last) if last.speaker == piece.speaker && last.role == piece.role => {
                if last.line_map.is_empty() {
                    last.line_map = (0..last.text.split('\n').count())
                        .map(|n| last.line + n)
                        .collect();
                }
                last.text.push('\n');
                last.text.push_str(&piece.text);
                if piece.line_map.is_empty() {
                    last.line_map
                        .extend((0..piece.text.split('\n').count()).map(|n| piece.line + n));
                } else {
                    last.line_map.extend(piece.line_map);
                }
            }
            _ => turns.push(piece),
        }
    }
    turns
}

/// One transcript format.
pub trait Reader: Sync {
    /// The format's name, as written in reports.
    fn name(&self) -> &'static str;
    /// How sure this reader is that `text` is in its format, 0 to 100.
    fn sniff(&self, path: &Path, text: &str) -> u8;
    /// Parses the file into its conversations (one, except for JSON Lines
    /// files that hold one conversation per line).
    fn parse(&self, path: &Path, text: &str) -> Result<Vec<Parsed>, IngestError>;
}

/// Every format `grade` reads. Adding a format is one file and one line here.
pub fn readers() -> &'static [&'static dyn Reader] {
    &[
        &text::TextReader,
        &vtt::VttReader,
        &srt::SrtReader,
        &otter::OtterReader,
        &otter::RevReader,
        &json::JsonReader,
        &json::JsonLinesReader,
    ]
}

/// The names `--format` accepts.
pub fn format_names() -> Vec<&'static str> {
    readers().iter().map(|r| r.name()).collect()
}

/// Limits and choices for reading files.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    pub max_file_size: u64,
    /// `--format`: read every file as this format instead of detecting it.
    pub format: Option<String>,
    /// `--interviewer`: speakers known to be on the interviewer side.
    pub interviewers: Vec<String>,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            format: None,
            interviewers: Vec::new(),
        }
    }
}

/// One transcript read from a file, or why it could not be.
#[derive(Debug)]
pub struct Ingested {
    /// The path shown in reports, with `#part` for one of several conversations.
    pub source: String,
    pub result: Result<Transcript, IngestError>,
}

/// Reads and parses one file into its transcripts. `source` is the path
/// shown in reports. A failure of the whole file is one failed [`Ingested`].
pub fn ingest_file(
    path: &Path,
    source: &str,
    rubric: &Rubric,
    options: &IngestOptions,
) -> Vec<Ingested> {
    let failed = |e| {
        vec![Ingested {
            source: source.to_string(),
            result: Err(e),
        }]
    };
    let size = match std::fs::metadata(path) {
        Ok(m) => m.len(),
        Err(e) => return failed(IngestError::Unreadable(e)),
    };
    if size > options.max_file_size {
        return failed(IngestError::TooLarge {
            size,
            limit: options.max_file_size,
        });
    }
    let text = match std::fs::read(path)
        .map_err(IngestError::Unreadable)
        .and_then(|b| decode(&b))
    {
        Ok(text) => text,
        Err(e) => return failed(e),
    };
    ingest_text(path, source, &text, rubric, options)
}

/// Parses text already decoded; the entry point for tests and other callers.
pub fn ingest_text(
    path: &Path,
    source: &str,
    text: &str,
    rubric: &Rubric,
    options: &IngestOptions,
) -> Vec<Ingested> {
    let text = normalise_newlines(text);
    let reader = match &options.format {
        Some(name) => match readers().iter().find(|r| r.name() == name) {
            Some(r) => *r,
            None => {
                return vec![Ingested {
                    source: source.to_string(),
                    result: Err(IngestError::JsonShape(format!("unknown format {name}"))),
                }]
            }
        },
        None => detect(path, &text),
    };
    let parts = match reader.parse(path, &text) {
        Ok(parts) => parts,
        Err(e) => {
            return vec![Ingested {
                source: source.to_string(),
                result: Err(e),
            }]
        }
    };
    let several = parts.len() > 1;
    parts
        .into_iter()
        .enumerate()
        .map(|(i, mut parsed)| {
            let part_source = match (&parsed.part, several) {
                (Some(part), _) => format!("{source}#{part}"),
                (None, true) => format!("{source}#{}", i + 1),
                (None, false) => source.to_string(),
            };
            parsed.roster.extend(
                options
                    .interviewers
                    .iter()
                    .map(|n| (n.clone(), Role::Interviewer)),
            );
            let stem = if several {
                format!(
                    "{}-{}",
                    file_stem(path),
                    parsed.part.clone().unwrap_or_else(|| (i + 1).to_string())
                )
            } else {
                file_stem(path)
            };
            Ingested {
                result: build(parsed, &part_source, &stem, rubric),
                source: part_source,
            }
        })
        .collect()
}

/// Above this many characters per turn on average, a text or Markdown file is
/// prose with a few `Label:` lines (a README, notes), not a conversation: real interviews, even
/// with rambling answers, alternate with short questions and stay far below.
const MAX_AVERAGE_TURN: usize = 1500;

/// Resolves roles and metadata of one parsed conversation.
fn build(
    parsed: Parsed,
    source: &str,
    stem: &str,
    rubric: &Rubric,
) -> Result<Transcript, IngestError> {
    if parsed.turns.is_empty() {
        return Err(IngestError::NoTurns);
    }
    let average = parsed.turns.iter().map(|t| t.text.len()).sum::<usize>() / parsed.turns.len();
    if matches!(parsed.format, "text" | "markdown") && average > MAX_AVERAGE_TURN {
        return Err(IngestError::NotConversation {
            turns: parsed.turns.len(),
            average,
        });
    }
    let (turns, roles) = roles::resolve(&parsed, rubric)?;
    let candidate_id = parsed
        .meta
        .candidate_id
        .clone()
        .unwrap_or_else(|| stem.to_string());
    let mut meta = parsed.meta;
    if meta.candidate_name.is_none() {
        meta.candidate_name = roles::candidate_name(&roles, &parsed.roster);
    }
    if meta.interviewer.is_none() {
        meta.interviewer = roles::interviewer_name(&roles, &parsed.roster);
    }
    Ok(Transcript {
        source: source.to_string(),
        format: parsed.format.to_string(),
        candidate_id: sanitise_id(&candidate_id),
        meta,
        turns,
        markers: parsed.markers,
        roles,
    })
}

fn detect(path: &Path, text: &str) -> &'static dyn Reader {
    let all = readers();
    all.iter()
        .copied()
        .max_by_key(|r| r.sniff(path, text))
        .unwrap_or(all[0])
}

/// Checks the bytes are text and decodes them, dropping a UTF-8 BOM.
pub fn decode(bytes: &[u8]) -> Result<String, IngestError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(IngestError::Empty);
    }
    if let Some(text) = decode_utf16(bytes)? {
        return Ok(text);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // A NUL anywhere means binary (or UTF-16 without its BOM): no transcript has one.
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(IngestError::Binary {
            offset,
            what: "a NUL",
        });
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => {
            if let Some(offset) = text
                .char_indices()
                .take(8192)
                .find(|(_, c)| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\x0c'))
                .map(|(i, _)| i)
            {
                return Err(IngestError::Binary {
                    offset,
                    what: "a control character",
                });
            }
            Ok(text.to_string())
        }
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
            // Column in characters, counted over the valid part of the line.
            let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
            Err(IngestError::InvalidUtf8 { line, column })
        }
    }
}

/// Decodes UTF-16 text that starts with a byte-order mark; `None` when the
/// bytes have no UTF-16 BOM.
fn decode_utf16(bytes: &[u8]) -> Result<Option<String>, IngestError> {
    let little = match bytes {
        [0xFF, 0xFE, ..] => true,
        [0xFE, 0xFF, ..] => false,
        _ => return Ok(None),
    };
    let units: Vec<u16> = bytes[2..]
        .chunks(2)
        .map(|c| {
            let pair = [c[0], c.get(1).copied().unwrap_or(0)];
            if little {
                u16::from_le_bytes(pair)
            } else {
                u16::from_be_bytes(pair)
            }
        })
        .collect();
    let mut text = String::with_capacity(units.len());
    let mut line = 1;
    let mut column = 1;
    for c in char::decode_utf16(units) {
        match c {
            Ok('\0') => {
                return Err(IngestError::Binary {
                    offset: text.len(),
                    what: "a NUL",
                })
            }
            Ok(c) => {
                if c == '\n' {
                    line += 1;
                    column = 1;
                } else {
                    column += 1;
                }
                text.push(c);
            }
            Err(_) => return Err(IngestError::InvalidUtf16 { line, column }),
        }
    }
    Ok(Some(text))
}

/// CRLF and lone CR become LF, so that line numbers match every editor's.
pub(crate) fn normalise_newlines(text: &str) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    }
}

fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Makes an id safe as a file name: ASCII letters, digits, `.`, `_` and `-`
/// are kept, anything else becomes `-`; it never starts with a dot or a dash
/// (no hidden files, nothing a shell reads as an option).
pub fn sanitise_id(id: &str) -> String {
    let cleaned: String = id
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let cleaned = cleaned.trim_start_matches(['.', '-']);
    // Long enough to tell people apart, short enough for any file system
    // once `.html` is added; no trailing dot (Windows drops it).
    let mut cleaned: String = cleaned.chars().take(100).collect();
    while cleaned.ends_with('.') {
        cleaned.pop();
    }
    if cleaned.is_empty() {
        return "candidate".to_string();
    }
    // Names Windows reserves for devices, whatever the extension: `CON.json`
    // cannot be created there.
    let base = cleaned.split('.').next().unwrap_or("").to_ascii_uppercase();
    let reserved = matches!(base.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || (base.len() == 4
            && (base.starts_with("COM") || base.starts_with("LPT"))
            && base.as_bytes()[3].is_ascii_digit());
    if reserved {
        let at = cleaned.find('.').unwrap_or(cleaned.len());
        cleaned.insert(at, '_');
    }
    cleaned
}

/// Parses `hh:mm:ss`, `mm:ss` or `h:mm:ss.fff` into whole seconds.
pub fn parse_timestamp(text: &str) -> Option<Timestamp> {
    let whole = text.split(['.', ',']).next()?;
    let mut seconds = 0u32;
    let parts: Vec<&str> = whole.split(':').collect();
    if !(2..=3).contains(&parts.len()) {
        return None;
    }
    for (i, part) in parts.iter().enumerate() {
        let n: u32 = part.parse().ok()?;
        if i > 0 && n >= 60 {
            return None;
        }
        seconds = seconds.checked_mul(60)?.checked_add(n)?;
    }
    Some(Timestamp(seconds))
}

/// Test helper: the first conversation a reader makes of `text`, as
/// (speaker, text, line, seconds) per turn.
#[cfg(test)]
pub fn summarise(
    reader: &dyn Reader,
    path: &str,
    text: &str,
) -> Vec<(String, String, usize, Option<u32>)> {
    reader
        .parse(Path::new(path), text)
        .expect("the reader accepts the text")
        .remove(0)
        .turns
        .into_iter()
        .map(|t| (t.speaker, t.text, t.line, t.timestamp.map(|t| t.0)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_rejects_what_is_not_text() {
        assert!(matches!(decode(b""), Err(IngestError::Empty)));
        assert!(matches!(decode(b" \n\t\n"), Err(IngestError::Empty)));
        assert!(matches!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Err(IngestError::Binary { .. })
        ));
        let err = decode(b"Candidate: ok\nInterviewer: caf\xe9 time").unwrap_err();
        assert_eq!(
            err.to_string(),
            "the file is not valid UTF-8 (invalid byte at line 2, column 17); save it as UTF-8"
        );
        assert_eq!(decode(b"\xEF\xBB\xBFhello").unwrap(), "hello");
        // Found by fuzzing: a NUL past the first 8 KiB (UTF-16 pasted after UTF-8 text).
        let mut late = "Interviewer: hello\n".repeat(600).into_bytes();
        late.extend(b"t\0h\0e\0");
        assert!(
            matches!(decode(&late), Err(IngestError::Binary { offset, .. }) if offset == 600 * 19 + 1)
        );
    }

    #[test]
    fn a_document_with_label_lines_is_not_an_interview() {
        let rubric = Rubric::default_rubric().unwrap();
        let options = IngestOptions::default();
        let prose = "Some notes on the calibration set, long enough to read like a paragraph of a README rather than a spoken turn. ".repeat(20);
        let readme = format!("# Notes\n\nCounts: {prose}\n\nFormats: {prose}\n\nCounts: {prose}\n\nFormats: {prose}\n");
        let err = ingest_text(
            Path::new("README.md"),
            "README.md",
            &readme,
            &rubric,
            &options,
        )
        .remove(0)
        .result
        .unwrap_err();
        assert!(
            matches!(err, IngestError::NotConversation { turns: 4, .. }),
            "{err}"
        );
        assert!(err
            .to_string()
            .starts_with("the file does not read as an interview"));
        // A rambling answer among short questions is still a conversation.
        let interview = format!("Interviewer: Kafka or RabbitMQ?\nCandidate: {prose}\nInterviewer: Why?\nCandidate: Replay.\n");
        let ok = ingest_text(Path::new("t.txt"), "t.txt", &interview, &rubric, &options).remove(0);
        assert!(ok.result.is_ok());
    }

    #[test]
    fn timestamps_parse_in_common_shapes() {
        assert_eq!(parse_timestamp("00:03:12"), Some(Timestamp(192)));
        assert_eq!(parse_timestamp("3:12"), Some(Timestamp(192)));
        assert_eq!(parse_timestamp("1:02:03.500"), Some(Timestamp(3723)));
        assert_eq!(parse_timestamp("3:75"), None);
        assert_eq!(parse_timestamp("12"), None);
        assert_eq!(Timestamp(3723).to_string(), "01:02:03");
    }

    #[test]
    fn ids_are_safe_file_names() {
        assert_eq!(sanitise_id("C-2031"), "C-2031");
        assert_eq!(sanitise_id("../../etc/passwd"), "etc-passwd");
        assert_eq!(sanitise_id("Ana María"), "Ana-Mar-a");
        assert_eq!(sanitise_id("..."), "candidate");
        assert_eq!(sanitise_id("CON"), "CON_");
        assert_eq!(sanitise_id("con.backup"), "con_.backup");
        assert_eq!(sanitise_id("lpt1"), "lpt1_");
        assert_eq!(sanitise_id("CONSOLE"), "CONSOLE");
        assert_eq!(sanitise_id("x."), "x");
        assert_eq!(sanitise_id(&"a".repeat(300)).len(), 100);
    }
}
