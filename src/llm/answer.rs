//! A model's answer, parsed and checked before anything in it is believed:
//! the JSON shape of SPEC §1, the score's range, the red-flag ids, and every
//! quote, which must be found verbatim (ignoring case and spacing) in a
//! candidate turn within a few lines of the line it cites.

use serde_json::Value;

use crate::model::{Evidence, RedFlagHit, Role, Transcript};
use crate::rubric::{Dimension, Rubric};

/// How far, in lines, a quote may sit from the line it cites.
pub const NEAR: usize = 3;
/// Quotes shorter than this many words prove nothing and are dropped.
const MIN_QUOTE_WORDS: usize = 2;

/// The answer as the model wrote it.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub score: Option<u8>,
    pub justification: String,
    pub evidence: Vec<(usize, String)>,
    pub red_flags: Vec<String>,
    pub strength: String,
    pub improvement: String,
}

/// Reads the message content: the JSON object, alone or inside a code fence or
/// prose (servers that ignore `response_format` add both). Any departure from
/// the shape is an error naming the field.
pub fn parse(content: &str) -> Result<Answer, String> {
    let text = content.trim();
    let object = match (text.find('{'), text.rfind('}')) {
        (Some(start), Some(end)) if start < end => &text[start..=end],
        _ => return Err("the answer holds no JSON object".into()),
    };
    let value: Value =
        serde_json::from_str(object).map_err(|e| format!("the answer is not valid JSON ({e})"))?;
    let Some(map) = value.as_object() else {
        return Err("the answer is not a JSON object".into());
    };
    let string = |name: &str, required: bool| -> Result<String, String> {
        match map.get(name) {
            Some(Value::String(s)) => Ok(s.trim().to_string()),
            None if !required => Ok(String::new()),
            Some(Value::Null) if !required => Ok(String::new()),
            Some(_) => Err(format!("`{name}` is not a string")),
            None => Err(format!("`{name}` is missing")),
        }
    };
    let score = match map.get("score") {
        None => return Err("`score` is missing".into()),
        Some(Value::Null) => None,
        Some(Value::Number(n)) => match n.as_u64() {
            Some(s @ 1..=4) => Some(s as u8),
            _ => return Err(format!("`score` is {n}, outside 1 to 4")),
        },
        Some(other) => {
            return Err(format!(
                "`score` is {other}, not a number from 1 to 4 or null"
            ))
        }
    };
    let evidence = match map.get("evidence") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| {
                let line = item.get("line").and_then(Value::as_u64);
                let quote = item.get("quote").and_then(Value::as_str);
                match (line, quote) {
                    (Some(line), Some(quote)) => Ok((line as usize, quote.to_string())),
                    _ => Err(
                        "an `evidence` item lacks an integer `line` or a string `quote`"
                            .to_string(),
                    ),
                }
            })
            .collect::<Result<_, _>>()?,
        Some(_) => return Err("`evidence` is not a list".into()),
    };
    let red_flags = match map.get("red_flags") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| {
                i.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| "`red_flags` holds something other than ids".to_string())
            })
            .collect::<Result<_, _>>()?,
        Some(_) => return Err("`red_flags` is not a list".into()),
    };
    Ok(Answer {
        score,
        justification: string("justification", true)?,
        evidence,
        red_flags,
        strength: string("strength", false)?,
        improvement: string("improvement", false)?,
    })
}

/// An answer with only what could be verified left in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Validated {
    pub score: Option<u8>,
    pub justification: String,
    pub evidence: Vec<Evidence>,
    pub quotes_cited: usize,
    pub dropped_quotes: usize,
    pub red_flags: Vec<RedFlagHit>,
    /// Ids not in the rubric, or flags with no verified quote to show.
    pub dropped_flags: usize,
    pub strength: String,
    pub improvement: String,
}

/// Checks an answer against the transcript and the rubric.
pub fn validate(
    answer: Answer,
    transcript: &Transcript,
    rubric: &Rubric,
    dimension: &Dimension,
) -> Validated {
    let quotes_cited = answer.evidence.len();
    let mut evidence: Vec<Evidence> = Vec::new();
    for (line, quote) in &answer.evidence {
        if let Some(found) = find_quote(transcript, *line, quote) {
            if !evidence
                .iter()
                .any(|e| e.line == found.line && e.quote == found.quote)
            {
                evidence.push(found);
            }
        }
    }
    let dropped_quotes = quotes_cited - evidence.len().min(quotes_cited);
    let mut red_flags = Vec::new();
    let mut dropped_flags = 0;
    for id in &answer.red_flags {
        let Some(flag) = rubric.red_flags.iter().find(|f| &f.id == id) else {
            dropped_flags += 1;
            continue;
        };
        if flag.dimension != dimension.id || red_flags.iter().any(|f: &RedFlagHit| &f.id == id) {
            // Each flag is judged with the dimension it belongs to.
            continue;
        }
        match evidence.first() {
            Some(e) => red_flags.push(RedFlagHit {
                id: flag.id.clone(),
                name: flag.name.clone(),
                dimension: flag.dimension.clone(),
                line: e.line,
                timestamp: e.timestamp,
                quote: e.quote.clone(),
                correct_answer: flag.correct_answer.clone(),
                session: None,
            }),
            None => dropped_flags += 1,
        }
    }
    Validated {
        score: answer.score,
        justification: answer.justification,
        evidence,
        quotes_cited,
        dropped_quotes,
        red_flags,
        dropped_flags,
        strength: answer.strength,
        improvement: answer.improvement,
    }
}

/// The candidate's words the quote stands for, at the line they start on,
/// when a candidate turn near the cited line contains them.
pub fn find_quote(transcript: &Transcript, cited: usize, quote: &str) -> Option<Evidence> {
    let wanted = normalise(quote.trim().trim_matches(|c: char| {
        c == '"' || c == '\'' || c == '“' || c == '”' || c == '…' || c == '.' || c.is_whitespace()
    }))
    .0;
    if wanted.split(' ').filter(|w| !w.is_empty()).count() < MIN_QUOTE_WORDS {
        return None;
    }
    transcript
        .turns
        .iter()
        .filter(|t| t.role == Role::Candidate)
        .filter(|t| {
            let first = t.line;
            let last =
                crate::model::line_of(t.line, &t.line_map, t.text.matches('\n').count()).max(first);
            cited + NEAR >= first && cited <= last + NEAR
        })
        .find_map(|t| {
            let (text, offsets) = normalise(&t.text);
            let (at, matched_end) = locate(&text, &wanted)?;
            let start = offsets[at];
            let end = offsets.get(matched_end).copied().unwrap_or(t.text.len());
            let end = if end <= start { t.text.len() } else { end };
            let verbatim = t.text[start..end].trim().replace('\n', " ");
            Some(Evidence {
                line: t.line_at(start),
                timestamp: t.timestamp,
                quote: verbatim,
                signals: Vec::new(),
                session: None,
            })
        })
}

/// What redaction puts in place of a name, an address or a number: in a
/// quote, each stands for whatever the transcript says there.
const PLACEHOLDERS: [&str; 3] = ["[name]", "[email]", "[phone]"];
/// Longest stretch of the transcript a placeholder may stand for.
const PLACEHOLDER_REACH: usize = 80;

/// Where `wanted` (normalised) is in `text` (normalised): its start and end.
/// Placeholders left by redaction match any short stretch of text.
fn locate(text: &str, wanted: &str) -> Option<(usize, usize)> {
    if !PLACEHOLDERS.iter().any(|p| wanted.contains(p)) {
        let at = text.find(wanted)?;
        return Some((at, at + wanted.len()));
    }
    let mut fragments = vec![wanted.to_string()];
    for p in PLACEHOLDERS {
        fragments = fragments
            .iter()
            .flat_map(|f| f.split(p).map(|x| x.trim().to_string()).collect::<Vec<_>>())
            .collect();
    }
    fragments.retain(|f| !f.is_empty());
    let first = fragments.first()?;
    // Every place the first fragment occurs, then the others in order, each
    // within reach of the one before.
    text.match_indices(first.as_str()).find_map(|(at, _)| {
        let mut end = at + first.len();
        for f in &fragments[1..] {
            let mut window_end = (end + PLACEHOLDER_REACH + f.len()).min(text.len());
            while !text.is_char_boundary(window_end) {
                window_end -= 1;
            }
            let found = text[end..window_end].find(f.as_str())?;
            end += found + f.len();
        }
        Some((at, end))
    })
}

/// Lower case, typographic quotes made plain, runs of whitespace as one
/// space; with the byte offset in the original of every output byte.
fn normalise(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut offsets = Vec::with_capacity(text.len());
    let mut space = true;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if !space {
                out.push(' ');
                offsets.push(i);
                space = true;
            }
            continue;
        }
        space = false;
        let c = match c {
            '‘' | '’' | '`' => '\'',
            '“' | '”' => '"',
            '–' | '—' => '-',
            c => c,
        };
        for l in c.to_lowercase() {
            let before = out.len();
            out.push(l);
            offsets.extend(std::iter::repeat_n(i, out.len() - before));
        }
    }
    if out.ends_with(' ') {
        out.pop();
        offsets.pop();
    }
    (out, offsets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_parse_from_fences_and_prose() {
        let a = parse("Sure!\n```json\n{\"justification\": \"ok\", \"evidence\": [{\"line\": 4, \"quote\": \"ack after\"}], \"red_flags\": [], \"strength\": \"s\", \"improvement\": \"i\", \"score\": 3}\n```").unwrap();
        assert_eq!(a.score, Some(3));
        assert_eq!(a.evidence, vec![(4, "ack after".to_string())]);
        let a = parse("{\"justification\": \"nothing said\", \"score\": null}").unwrap();
        assert_eq!(a.score, None);
    }

    #[test]
    fn shape_errors_name_the_field() {
        for (content, expected) in [
            ("no json here", "no JSON object"),
            ("{\"justification\": \"x\"}", "`score` is missing"),
            ("{\"justification\": \"x\", \"score\": 5}", "outside 1 to 4"),
            (
                "{\"justification\": \"x\", \"score\": \"four\"}",
                "not a number",
            ),
            ("{\"score\": 2}", "`justification` is missing"),
            (
                "{\"justification\": \"x\", \"score\": 2, \"evidence\": [{\"quote\": \"q\"}]}",
                "lacks an integer `line`",
            ),
            (
                "{\"justification\": \"x\", \"score\": 2, \"red_flags\": \"none\"}",
                "not a list",
            ),
            ("{\"justification\": \"x\", \"score\": 2", "no JSON object"),
        ] {
            let err = parse(content).unwrap_err();
            assert!(err.contains(expected), "{content}: {err}");
        }
    }

    #[test]
    fn redaction_placeholders_match_what_they_replaced() {
        let text = normalise("Thanks Hannah. It's joaquim@example.org, and I'd key by user id.").0;
        let found = locate(&text, "thanks [name]. it's [email], and i'd key");
        assert_eq!(found.map(|(a, _)| a), Some(0));
        assert!(locate(&text, "thanks [name]. i'd key by order id").is_none());
    }

    #[test]
    fn normalising_keeps_offsets_into_the_original() {
        let (text, offsets) = normalise("  We ACK\n  after   the “charge” ");
        assert_eq!(text, "we ack after the \"charge\"");
        assert_eq!(offsets.len(), text.len());
        assert_eq!(offsets[3], 5); // the `A` of ACK
    }
}
