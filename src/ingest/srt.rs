//! SubRip (SRT) subtitles with speaker prefixes: numbered blocks, a
//! `00:00:01,000 --> 00:00:04,000` timing line, text lines. Exporters name the
//! speaker (`Name: text`) only on the first cue of a turn; later cues carry the
//! previous speaker forward.

use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

use super::vtt::{label_counts, zoom_label};
use super::{merge_runs, parse_timestamp, IngestError, Parsed, RawTurn, Reader};

pub struct SrtReader;

static TIMING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*(\d{1,2}:\d{2}:\d{2}(?:[,.]\d{1,3})?)\s*-->\s*\d{1,2}:\d{2}:\d{2}(?:[,.]\d{1,3})?",
    )
    .expect("the SRT timing pattern is valid")
});

impl Reader for SrtReader {
    fn name(&self) -> &'static str {
        "srt"
    }

    fn sniff(&self, _path: &Path, text: &str) -> u8 {
        let mut lines = text.lines().filter(|l| !l.trim().is_empty());
        let first = lines.next().unwrap_or("");
        let second = lines.next().unwrap_or("");
        if first.trim().chars().all(|c| c.is_ascii_digit())
            && !first.trim().is_empty()
            && TIMING.is_match(second)
        {
            90
        } else {
            0
        }
    }

    fn parse(&self, path: &Path, text: &str) -> Result<Vec<Parsed>, IngestError> {
        if self.sniff(path, text) == 0 {
            return Err(IngestError::NotFormat {
                format: "SRT",
                reason: "it does not start with a numbered cue and a `00:00:01,000 --> …` line"
                    .into(),
            });
        }
        // Blocks: an index line, a timing line, text lines.
        let mut cues: Vec<(crate::model::Timestamp, Vec<(usize, &str)>)> = Vec::new();
        let lines: Vec<&str> = text.lines().collect();
        let mut i = 0;
        while i < lines.len() {
            if let Some(caps) = lines.get(i + 1).and_then(|next| TIMING.captures(next)) {
                let is_index = lines[i].trim().chars().all(|c| c.is_ascii_digit())
                    && !lines[i].trim().is_empty();
                if is_index {
                    let start = parse_timestamp(&caps[1]).unwrap_or_default();
                    let mut j = i + 2;
                    let mut body = Vec::new();
                    while j < lines.len() && !lines[j].trim().is_empty() {
                        body.push((j + 1, lines[j]));
                        j += 1;
                    }
                    cues.push((start, body));
                    i = j;
                    continue;
                }
            }
            i += 1;
        }
        if cues.is_empty() {
            return Err(IngestError::NoCues { format: "SRT" });
        }
        let names = label_counts(
            cues.iter()
                .filter_map(|(_, body)| body.first().map(|(_, l)| *l)),
        );
        let mut pieces = Vec::new();
        let mut speaker: Option<String> = None;
        for (start, body) in cues {
            let mut kept: Vec<(usize, String)> = Vec::new();
            for (k, (number, line)) in body.iter().enumerate() {
                let mut content = line.trim().to_string();
                if k == 0 {
                    if let Some((name, rest)) = zoom_label(&content, &names) {
                        speaker = Some(name);
                        content = rest;
                    }
                }
                if !content.is_empty() {
                    kept.push((*number, content));
                }
            }
            if let Some(who) = speaker.clone() {
                pieces.extend(RawTurn::from_lines(who, &kept, Some(start)));
            }
        }
        Ok(vec![Parsed {
            format: "srt",
            turns: merge_runs(pieces),
            ..Parsed::default()
        }])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speaker_named_on_the_first_cue_carries_forward() {
        let text = "1\n00:00:01,000 --> 00:00:03,500\nDana Reyes: Hello.\n\n2\n00:00:04,000 --> 00:00:06,000\nLan Nguyen: Hi, thank you.\n\n3\n00:00:06,100 --> 00:00:09,000\nI am ready\nto start.\n\n4\n00:00:10,000 --> 00:00:12,000\nDana Reyes: Good.\n\n5\n00:00:12,000 --> 00:00:14,000\nLan Nguyen: Okay.\n";
        let parsed = SrtReader.parse(Path::new("t.srt"), text).unwrap().remove(0);
        let t: Vec<_> = parsed
            .turns
            .iter()
            .map(|t| {
                (
                    t.speaker.as_str(),
                    t.text.as_str(),
                    t.line,
                    t.timestamp.map(|t| t.0),
                )
            })
            .collect();
        assert_eq!(
            t,
            [
                ("Dana Reyes", "Hello.", 3, Some(1)),
                (
                    "Lan Nguyen",
                    "Hi, thank you.\nI am ready\nto start.",
                    7,
                    Some(4)
                ),
                ("Dana Reyes", "Good.", 16, Some(10)),
                ("Lan Nguyen", "Okay.", 20, Some(12)),
            ]
        );
        assert_eq!(parsed.turns[1].line_map, [7, 11, 12]);
    }
}
