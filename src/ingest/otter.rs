//! Text exports of transcription services.
//!
//! Otter: a `Name  M:SS` line (two or more spaces, minutes may pass 59), the
//! paragraph on the following lines, a blank line; `Unknown Speaker` is a
//! speaker like any other; the export's `Transcribed by https://otter.ai`
//! footer is not speech.
//!
//! Rev: `Speaker 1 (00:00):` headers with the text on the same or following
//! lines, or tab-separated `00:00:05<TAB>Speaker 1<TAB>text` rows.

use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

use super::text::parse_labelled;
use super::{merge_runs, parse_timestamp, IngestError, Parsed, RawTurn, Reader};

pub struct OtterReader;
pub struct RevReader;

static OTTER_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<name>\S.{0,40}?)[ \t]{2,}(?P<ts>\d{1,3}:\d{2}(?::\d{2})?)\s*$")
        .expect("the Otter header pattern is valid")
});

static REV_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<name>\S.{0,40}?)\s*\((?P<ts>\d{1,2}:\d{2}(?::\d{2})?)\):")
        .expect("the Rev header pattern is valid")
});

static REV_TABS: LazyLock<Regex> = LazyLock::new(|| {
    // Tab- or column-separated (two or more spaces) rows: time, speaker, text
    // or speaker, time, text.
    Regex::new(r"^(?:(?P<ts1>\d{1,2}:\d{2}(?::\d{2})?)(?:\t| {2,})(?P<name1>[^\t]{1,40}?)|(?P<name2>[^\t]{1,40}?)(?:\t| {2,})(?P<ts2>\d{1,2}:\d{2}(?::\d{2})?))(?:\t| {2,})(?P<text>\S.*)$")
        .expect("the Rev tab pattern is valid")
});

fn is_footer(line: &str) -> bool {
    let l = line.trim().to_lowercase();
    l.starts_with("transcribed by") && l.contains("otter.ai")
}

impl Reader for OtterReader {
    fn name(&self) -> &'static str {
        "otter"
    }

    fn sniff(&self, _path: &Path, text: &str) -> u8 {
        let headers = text
            .lines()
            .take(400)
            .filter(|l| OTTER_HEADER.is_match(l))
            .count();
        if headers >= 2 || text.lines().any(is_footer) && headers >= 1 {
            75
        } else {
            0
        }
    }

    fn parse(&self, _path: &Path, text: &str) -> Result<Vec<Parsed>, IngestError> {
        // The open turn: speaker, start and paragraph lines.
        type Open = (
            String,
            Option<crate::model::Timestamp>,
            Vec<(usize, String)>,
        );
        let mut pieces = Vec::new();
        let mut current: Option<Open> = None;
        let mut flush = |current: &mut Option<Open>| {
            if let Some((name, ts, lines)) = current.take() {
                pieces.extend(RawTurn::from_lines(name, &lines, ts));
            }
        };
        for (i, line) in text.lines().enumerate() {
            if is_footer(line) {
                flush(&mut current);
                continue;
            }
            if let Some(caps) = OTTER_HEADER.captures(line) {
                flush(&mut current);
                current = Some((
                    caps["name"].trim().to_string(),
                    parse_timestamp(&caps["ts"]),
                    Vec::new(),
                ));
            } else if let Some((_, _, lines)) = current.as_mut() {
                lines.push((i + 1, line.trim_end().to_string()));
            }
        }
        flush(&mut current);
        if pieces.is_empty() {
            return Err(IngestError::NotFormat {
                format: "an Otter export",
                reason: "no `Name  0:00` speaker lines were found".into(),
            });
        }
        Ok(vec![Parsed {
            format: "otter",
            turns: merge_runs(pieces),
            ..Parsed::default()
        }])
    }
}

impl Reader for RevReader {
    fn name(&self) -> &'static str {
        "rev"
    }

    fn sniff(&self, _path: &Path, text: &str) -> u8 {
        let headers = text
            .lines()
            .take(400)
            .filter(|l| REV_HEADER.is_match(l) || REV_TABS.is_match(l))
            .count();
        if headers >= 2 {
            70
        } else {
            0
        }
    }

    fn parse(&self, path: &Path, text: &str) -> Result<Vec<Parsed>, IngestError> {
        if text.lines().any(|l| REV_TABS.is_match(l)) {
            return Ok(vec![parse_tabs(text)]);
        }
        // `Speaker 1 (00:00):` is a speaker label with a timestamp: the labelled-text parser reads it.
        let mut parsed = parse_labelled(path, text);
        parsed.format = "rev";
        parsed.turns = merge_runs(parsed.turns);
        Ok(vec![parsed])
    }
}

fn parse_tabs(text: &str) -> Parsed {
    let pieces = text
        .lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let caps = REV_TABS.captures(line)?;
            let name = caps
                .name("name1")
                .or(caps.name("name2"))?
                .as_str()
                .trim()
                .to_string();
            let ts = caps
                .name("ts1")
                .or(caps.name("ts2"))
                .and_then(|m| parse_timestamp(m.as_str()));
            let text = caps["text"].trim().to_string();
            Some(RawTurn::piece(name, None, text, vec![i + 1], ts))
        })
        .collect();
    Parsed {
        format: "rev",
        turns: merge_runs(pieces),
        ..Parsed::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn turns(reader: &dyn Reader, text: &str) -> Vec<(String, String, usize, Option<u32>)> {
        crate::ingest::summarise(reader, "t.txt", text)
    }

    #[test]
    fn otter_headers_paragraphs_and_footer() {
        let text = "Unknown Speaker  0:02\nCan you hear me?\n\nDana Reyes  0:05\nYes. Welcome.\n\nSam Okafor  62:05\nThanks.\nSecond line.\n\nTranscribed by https://otter.ai\n";
        assert_eq!(
            turns(&OtterReader, text),
            [
                (
                    "Unknown Speaker".into(),
                    "Can you hear me?".into(),
                    2,
                    Some(2)
                ),
                ("Dana Reyes".into(), "Yes. Welcome.".into(), 5, Some(5)),
                (
                    "Sam Okafor".into(),
                    "Thanks.\nSecond line.".into(),
                    8,
                    Some(3725)
                ),
            ]
        );
    }

    #[test]
    fn rev_headers_and_tab_rows() {
        let text = "Speaker 1 (00:00):\nHello.\n\nSpeaker 2 (01:02:03):\nHi there.\n";
        assert_eq!(
            turns(&RevReader, text),
            [
                ("Speaker 1".into(), "Hello.".into(), 2, Some(0)),
                ("Speaker 2".into(), "Hi there.".into(), 5, Some(3723)),
            ]
        );
        let tabs =
            "00:00:05\tSpeaker 1\tHello.\n00:00:09\tSpeaker 2\tHi.\n00:00:11\tSpeaker 2\tReady.\n";
        assert_eq!(
            turns(&RevReader, tabs),
            [
                ("Speaker 1".into(), "Hello.".into(), 1, Some(5)),
                ("Speaker 2".into(), "Hi.\nReady.".into(), 2, Some(9)),
            ]
        );
        let columns = "00:00:05    Speaker 1    Hello there.\n00:00:09    Speaker 2    Hi.\n";
        assert_eq!(
            turns(&RevReader, columns),
            [
                ("Speaker 1".into(), "Hello there.".into(), 1, Some(5)),
                ("Speaker 2".into(), "Hi.".into(), 2, Some(9)),
            ]
        );
    }
}
