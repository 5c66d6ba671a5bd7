//! WebVTT captions as meeting tools export them: Zoom puts `Name: text` in
//! each cue; Teams uses voice spans `<v Name>text</v>` and splits one
//! utterance over cues with ids `GUID/N-0`, `GUID/N-1` (kept as the lines of
//! one piece). Header text, a BOM,
//! `NOTE`/`STYLE`/`REGION` blocks, cue settings, timestamps without hours,
//! multi-line cues, formatting tags, HTML entities and overlapping times are
//! all accepted. A cue with no speaker continues the previous one.

use std::collections::BTreeMap;
use std::path::Path;

use super::{merge_runs, parse_timestamp, IngestError, Parsed, RawTurn, Reader};
use crate::model::Timestamp;

pub struct VttReader;

impl Reader for VttReader {
    fn name(&self) -> &'static str {
        "webvtt"
    }

    fn sniff(&self, _path: &Path, text: &str) -> u8 {
        let first = text
            .trim_start_matches('\u{feff}')
            .lines()
            .next()
            .unwrap_or("");
        if first == "WEBVTT" || first.starts_with("WEBVTT ") || first.starts_with("WEBVTT\t") {
            95
        } else {
            0
        }
    }

    fn parse(&self, _path: &Path, text: &str) -> Result<Vec<Parsed>, IngestError> {
        let text = text.trim_start_matches('\u{feff}');
        if self.sniff(_path, text) == 0 {
            return Err(IngestError::NotFormat {
                format: "WebVTT",
                reason: "the first line is not `WEBVTT`".into(),
            });
        }
        let cues = cues(text);
        if cues.is_empty() {
            return Err(IngestError::NoCues { format: "WebVTT" });
        }
        let names = label_counts(
            cues.iter()
                .flat_map(|c| c.lines.first().map(|(_, l)| l.as_str())),
        );
        let mut pieces: Vec<RawTurn> = Vec::new();
        let mut speaker: Option<String> = None;
        // Teams splits one utterance over cues `GUID/N-0`, `GUID/N-1`: their parts join with a space.
        let mut utterance: Option<String> = None;
        for cue in &cues {
            let group = cue.id.as_deref().and_then(teams_utterance);
            let continues = group.is_some() && group == utterance;
            utterance = group;
            let mut lines: Vec<(usize, String)> = Vec::new();
            let mut cue_speaker: Option<String> = None;
            for (i, (number, raw)) in cue.lines.iter().enumerate() {
                let (voice, rest) = voice_span(raw);
                let mut content = clean(&rest);
                if let Some(v) = voice {
                    cue_speaker = Some(v);
                } else if i == 0 {
                    if let Some((name, after)) = zoom_label(&content, &names) {
                        cue_speaker = Some(name);
                        content = after;
                    }
                }
                if !content.is_empty() {
                    lines.push((*number, content));
                }
            }
            if let Some(s) = cue_speaker {
                speaker = Some(s);
            }
            let Some(who) = speaker.clone() else {
                // Speech before anyone is named cannot be attributed.
                continue;
            };
            if lines.is_empty() {
                continue;
            }
            match pieces.last_mut() {
                Some(last) if continues && last.speaker == who => {
                    // The next part of one utterance: its own line, cited where it is.
                    for (number, line) in &lines {
                        last.text.push('\n');
                        last.text.push_str(line);
                        last.line_map.push(*number);
                    }
                }
                _ => pieces.extend(RawTurn::from_lines(who, &lines, Some(cue.start))),
            }
        }
        Ok(vec![Parsed {
            format: "webvtt",
            turns: merge_runs(pieces),
            ..Parsed::default()
        }])
    }
}

struct Cue {
    id: Option<String>,
    start: Timestamp,
    /// Text lines with their file line numbers.
    lines: Vec<(usize, String)>,
}

/// Splits the file into cues, skipping the header and NOTE/STYLE/REGION blocks.
fn cues(text: &str) -> Vec<Cue> {
    let mut out = Vec::new();
    let mut block: Vec<(usize, &str)> = Vec::new();
    let mut first_block = true;
    let lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .chain([(0, "")]);
    for (number, line) in lines {
        if !line.trim().is_empty() {
            block.push((number, line));
            continue;
        }
        if block.is_empty() {
            continue;
        }
        let taken = std::mem::take(&mut block);
        if std::mem::replace(&mut first_block, false) {
            continue; // The WEBVTT header block.
        }
        let head = taken[0].1.trim_start();
        if ["NOTE", "STYLE", "REGION"].iter().any(|k| {
            head == *k || head.starts_with(&format!("{k} ")) || head.starts_with(&format!("{k}\t"))
        }) {
            continue;
        }
        let (id, timing_at) = if taken[0].1.contains("-->") {
            (None, 0)
        } else {
            (Some(taken[0].1.trim().to_string()), 1)
        };
        let Some((_, timing)) = taken.get(timing_at) else {
            continue;
        };
        let Some(start) = timing
            .split("-->")
            .next()
            .and_then(|s| parse_timestamp(s.trim()))
        else {
            continue;
        };
        out.push(Cue {
            id,
            start,
            lines: taken[timing_at + 1..]
                .iter()
                .map(|(n, l)| (*n, l.to_string()))
                .collect(),
        });
    }
    out
}

/// `3f2a…/12-1` → `3f2a…/12`: the utterance a Teams cue belongs to.
fn teams_utterance(id: &str) -> Option<String> {
    let (utterance, part) = id.rsplit_once('-')?;
    (utterance.contains('/') && part.chars().all(|c| c.is_ascii_digit()) && !part.is_empty())
        .then(|| utterance.to_string())
}

/// Reads a leading `<v Name>` (or `<v.class Name>`) span: the speaker and the
/// rest of the line, with `</v>` removed.
fn voice_span(line: &str) -> (Option<String>, String) {
    let trimmed = line.trim_start();
    if let Some(rest) = trimmed.strip_prefix("<v") {
        if rest.starts_with([' ', '.', '\t']) {
            if let Some(end) = rest.find('>') {
                let annotation = &rest[..end];
                // Skip classes (`.loud`), then the name is the annotation.
                let name = annotation
                    .trim_start_matches(|c: char| c != ' ' && c != '\t')
                    .trim();
                let body = rest[end + 1..].replace("</v>", "");
                let name = decode_entities(name);
                return ((!name.is_empty()).then_some(name), body);
            }
        }
    }
    (None, line.replace("</v>", ""))
}

/// Removes tags (`<i>`, `<c.yellow>`, `<00:01.000>`) and decodes entities.
fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    decode_entities(out.trim())
}

/// Decodes the HTML character references WebVTT allows.
pub fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let decoded = rest.find(';').filter(|&end| end <= 10).and_then(|end| {
            let entity = &rest[1..end];
            let c = match entity {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                "lrm" => Some('\u{200e}'),
                "rlm" => Some('\u{200f}'),
                _ => entity
                    .strip_prefix("#x")
                    .or_else(|| entity.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// How often each `Name:` prefix starts a cue: a name that repeats is a speaker.
pub fn label_counts<'a>(first_lines: impl Iterator<Item = &'a str>) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for line in first_lines {
        if let Some((name, _)) = split_label(&clean(line)) {
            *counts.entry(name).or_insert(0) += 1;
        }
    }
    counts
}

/// `Name: text` where Name looks like a speaker label (at most five words, no
/// sentence punctuation).
fn split_label(line: &str) -> Option<(String, String)> {
    let (name, rest) = line.split_once(':')?;
    let name = name.trim();
    let ok = !name.is_empty()
        && !super::text::NOT_SPEAKERS.contains(&name.to_lowercase().as_str())
        && name.len() <= 40
        && name.split_whitespace().count() <= 5
        && name.chars().next().is_some_and(char::is_alphabetic)
        && name.chars().all(|c| {
            c.is_alphanumeric() || matches!(c, ' ' | '.' | '\'' | '’' | '-' | '_' | '(' | ')')
        });
    ok.then(|| (name.to_string(), rest.trim().to_string()))
}

/// A Zoom-style `Name: text` prefix, when the name is used as a label more than once.
pub fn zoom_label(line: &str, counts: &BTreeMap<String, usize>) -> Option<(String, String)> {
    let (name, rest) = split_label(line)?;
    (counts.get(&name).copied().unwrap_or(0) >= 2).then_some((name, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn turns(text: &str) -> Vec<(String, String, usize, Option<u32>)> {
        crate::ingest::summarise(&VttReader, "t.vtt", text)
    }

    #[test]
    fn zoom_cues_with_name_prefixes() {
        let t = turns("WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\nDana Reyes: Hello there.\n\n2\n00:00:05.000 --> 00:00:08.000\nSam Okafor: Hi.\n\n3\n00:00:08.500 --> 00:00:09.000\nSam Okafor: Ready.\n\n4\n00:01:00.000 --> 00:01:02.000\nDana Reyes: Good.\n");
        assert_eq!(
            t,
            [
                ("Dana Reyes".into(), "Hello there.".into(), 5, Some(1)),
                ("Sam Okafor".into(), "Hi.\nReady.".into(), 9, Some(5)),
                ("Dana Reyes".into(), "Good.".into(), 17, Some(60)),
            ]
        );
    }

    #[test]
    fn teams_voice_spans_entities_split_utterances_and_blocks() {
        let text = "WEBVTT - Teams meeting\n\nNOTE a comment\nover two lines\n\nSTYLE\n::cue { color: lime }\n\nab/3-0\n00:01.000 --> 00:02.000 align:start\n<v Joaqu&#237;n Ru&#237;z>Hello <i>there</i>\n\nab/3-1\n00:02.000 --> 00:03.000\n<v Joaqu&#237;n Ru&#237;z>friend.</v>\n\nab/4-0\n00:02.500 --> 00:04.000\n<v.loud Marta>Hi &amp; welcome</v>\n\n00:04.000 --> 00:05.000\nno voice here\n";
        let t = turns(text);
        assert_eq!(
            t,
            [
                (
                    "Joaquín Ruíz".into(),
                    "Hello there\nfriend.".into(),
                    11,
                    Some(1)
                ),
                (
                    "Marta".into(),
                    "Hi & welcome\nno voice here".into(),
                    19,
                    Some(2)
                ),
            ]
        );
    }

    #[test]
    fn crlf_bom_multiline_cues_and_no_hours() {
        let text = "\u{feff}WEBVTT\r\n\r\n00:01.000 --> 00:02.000\r\n<v A>line one\r\nline two\r\n";
        let text = text.replace("\r\n", "\n");
        assert_eq!(
            turns(&text),
            [("A".into(), "line one\nline two".into(), 4, Some(1))]
        );
    }

    #[test]
    fn a_file_without_cues_is_an_error() {
        let err = VttReader
            .parse(Path::new("t.vtt"), "WEBVTT\n\nNOTE nothing\n")
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "the WebVTT file has no cues: nothing was said"
        );
    }

    #[test]
    fn entities_decode() {
        assert_eq!(
            decode_entities("Ram&#243;n &amp; &#x41;&lt; &bogus; &"),
            "Ramón & A< &bogus; &"
        );
    }

    /// The WebVTT edge cases, one test each, through the same newline
    /// normalisation `grade` applies before any reader.
    fn read(text: &str) -> Vec<(String, String, usize, Option<u32>)> {
        turns(&crate::ingest::normalise_newlines(text))
    }

    const TWO_CUES: &str = "00:00:01.000 --> 00:00:02.000\n<v Ana>Hello.\n\n00:00:03.000 --> 00:00:04.000\n<v Ben>Hi.\n";

    fn expected() -> Vec<(String, String, usize, Option<u32>)> {
        vec![
            ("Ana".into(), "Hello.".into(), 4, Some(1)),
            ("Ben".into(), "Hi.".into(), 7, Some(3)),
        ]
    }

    #[test]
    fn edge_optional_bom() {
        assert_eq!(read(&format!("\u{feff}WEBVTT\n\n{TWO_CUES}")), expected());
    }

    #[test]
    fn edge_header_with_text() {
        assert_eq!(
            read(&format!("WEBVTT - exported by Teams\n\n{TWO_CUES}")),
            expected()
        );
    }

    #[test]
    fn edge_crlf_lf_and_cr_newlines() {
        let lf = format!("WEBVTT\n\n{TWO_CUES}");
        assert_eq!(read(&lf.replace('\n', "\r\n")), expected());
        assert_eq!(read(&lf.replace('\n', "\r")), expected());
    }

    #[test]
    fn edge_note_style_and_region_blocks() {
        let text = "WEBVTT\n\nNOTE one\nNOTE spans lines\n\nSTYLE\n::cue { color: red }\n\nREGION\nid:fred\n\n00:00:01.000 --> 00:00:02.000\n<v Ana>Hello.\n";
        assert_eq!(read(text), [("Ana".into(), "Hello.".into(), 13, Some(1))]);
    }

    #[test]
    fn edge_cue_ids_or_none() {
        let text = "WEBVTT\n\nintro\n00:00:01.000 --> 00:00:02.000\n<v Ana>Hello.\n\n00:00:03.000 --> 00:00:04.000\n<v Ben>Hi.\n";
        assert_eq!(
            read(text),
            [
                ("Ana".into(), "Hello.".into(), 5, Some(1)),
                ("Ben".into(), "Hi.".into(), 8, Some(3))
            ]
        );
    }

    #[test]
    fn edge_timestamps_with_and_without_hours() {
        let text = "WEBVTT\n\n01:02.500 --> 01:03.000\n<v Ana>Hello.\n\n01:00:00.000 --> 01:00:01.000\n<v Ben>Hi.\n";
        assert_eq!(
            read(text),
            [
                ("Ana".into(), "Hello.".into(), 4, Some(62)),
                ("Ben".into(), "Hi.".into(), 7, Some(3600))
            ]
        );
    }

    #[test]
    fn edge_cue_settings_after_the_end_time() {
        let text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000 align:start position:10% line:0\n<v Ana>Hello.\n";
        assert_eq!(read(text), [("Ana".into(), "Hello.".into(), 4, Some(1))]);
    }

    #[test]
    fn edge_multi_line_cues() {
        let text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ana>First line\nsecond line\n";
        assert_eq!(
            read(text),
            [("Ana".into(), "First line\nsecond line".into(), 4, Some(1))]
        );
    }

    #[test]
    fn edge_voice_spans_with_and_without_closing_tag() {
        let text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ana>Hello.</v>\n\n00:00:03.000 --> 00:00:04.000\n<v Ben>Hi.\n";
        assert_eq!(read(text), expected());
    }

    #[test]
    fn edge_entities_in_names_and_text() {
        let text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Mar&#237;a L&oacute;pez>Q&amp;A &lt;now&gt;\n";
        // Named entities beyond the XML ones stay as written; numeric ones decode.
        assert_eq!(
            read(text),
            [("María L&oacute;pez".into(), "Q&A <now>".into(), 4, Some(1))]
        );
    }

    #[test]
    fn edge_class_italic_and_bold_tags() {
        let text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ana><c.yellow>Hello</c> <i>there</i>, <b>friend</b>.\n";
        assert_eq!(
            read(text),
            [("Ana".into(), "Hello there, friend.".into(), 4, Some(1))]
        );
    }

    #[test]
    fn edge_zoom_name_prefixes() {
        let text = "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nAna Lima: Hello.\n\n2\n00:00:03.000 --> 00:00:04.000\nBen Ode: Hi.\n\n3\n00:00:05.000 --> 00:00:06.000\nAna Lima: Ready?\n\n4\n00:00:07.000 --> 00:00:08.000\nBen Ode: Yes.\n";
        let speakers: Vec<String> = read(text).into_iter().map(|t| t.0).collect();
        assert_eq!(speakers, ["Ana Lima", "Ben Ode", "Ana Lima", "Ben Ode"]);
    }

    #[test]
    fn edge_cues_without_a_speaker_continue_the_previous_one() {
        let text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ana>Hello.\n\n00:00:02.000 --> 00:00:03.000\nStill Ana.\n";
        assert_eq!(
            read(text),
            [("Ana".into(), "Hello.\nStill Ana.".into(), 4, Some(1))]
        );
    }

    #[test]
    fn edge_teams_split_utterances_are_joined() {
        let text = "WEBVTT\n\n9f1c/12-0\n00:00:01.000 --> 00:00:02.000\n<v Ana>One utterance\n\n9f1c/12-1\n00:00:02.000 --> 00:00:03.000\n<v Ana>split in two.</v>\n";
        assert_eq!(
            read(text),
            [(
                "Ana".into(),
                "One utterance\nsplit in two.".into(),
                5,
                Some(1)
            )]
        );
    }

    #[test]
    fn edge_overlapping_cue_times() {
        let text = "WEBVTT\n\n00:00:01.000 --> 00:00:05.000\n<v Ana>Hello.\n\n00:00:03.000 --> 00:00:04.000\n<v Ben>Hi.\n";
        assert_eq!(read(text), expected());
    }
}
