//! Diarized speech-to-text output: who spoke when, with speakers as anonymous
//! labels ("A", "SPEAKER_00", 0) whose roles are inferred afterwards.
//!
//! - AssemblyAI: `utterances` with `speaker`, `start` in milliseconds, `text`.
//! - Whisper / WhisperX: `segments` with `start` in seconds, `text` and, when
//!   diarized, `speaker`.
//! - Deepgram: `results.channels[0].alternatives[0]`, with `paragraphs` (each
//!   a speaker and sentences) or only `words` carrying an integer `speaker`.
//! - Rev.ai: `monologues` of `elements` (text and punctuation).
//!
//! Consecutive pieces of the same speaker become one turn.

use serde_json::{Map, Value};

use super::json::ObjectLines;
use super::{merge_runs, IngestError, Parsed, RawTurn};
use crate::model::Timestamp;

fn seconds(value: Option<&Value>, scale: f64) -> Option<Timestamp> {
    let s = value?.as_f64()? / scale;
    (s.is_finite() && s >= 0.0).then_some(Timestamp(s as u32))
}

fn speaker_name(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(format!("Speaker {n}")),
        _ => None,
    }
}

fn array<'a>(map: &'a Map<String, Value>, key: &str) -> Result<&'a Vec<Value>, IngestError> {
    map.get(key)
        .and_then(Value::as_array)
        .ok_or_else(|| IngestError::JsonShape(format!("`{key}` is not a list")))
}

fn parsed(format: &'static str, pieces: Vec<RawTurn>) -> Result<Parsed, IngestError> {
    if pieces.is_empty() {
        return Err(IngestError::NoTurns);
    }
    Ok(Parsed {
        format,
        turns: merge_runs(pieces),
        ..Parsed::default()
    })
}

/// Speech with no speaker label cannot be attributed to anyone.
fn undiarized(format: &str) -> IngestError {
    IngestError::JsonShape(format!(
        "the {format} output has no speaker labels: run it with speaker diarization, or convert it to a labelled transcript"
    ))
}

/// A list of pieces, each an object with `speaker`, `start` (divided by
/// `scale` to get seconds) and `text`.
fn pieces_of(
    map: &Map<String, Value>,
    key: &str,
    scale: f64,
    tool: &str,
    lines: &ObjectLines,
) -> Result<Vec<RawTurn>, IngestError> {
    array(map, key)?
        .iter()
        .filter_map(Value::as_object)
        .map(|p| {
            let speaker = speaker_name(p.get("speaker")).ok_or_else(|| undiarized(tool))?;
            let text = p
                .get("text")
                .and_then(Value::as_str)
                .unwrap_or("")
                .trim()
                .to_string();
            Ok(RawTurn::piece(
                speaker,
                None,
                text,
                vec![lines.of(p)],
                seconds(p.get("start"), scale),
            ))
        })
        .collect()
}

pub fn assemblyai(map: &Map<String, Value>, lines: &ObjectLines) -> Result<Parsed, IngestError> {
    parsed(
        "assemblyai",
        pieces_of(map, "utterances", 1000.0, "AssemblyAI", lines)?,
    )
}

pub fn whisper(map: &Map<String, Value>, lines: &ObjectLines) -> Result<Parsed, IngestError> {
    parsed(
        "whisper",
        pieces_of(map, "segments", 1.0, "Whisper", lines)?,
    )
}

pub fn deepgram(map: &Map<String, Value>, lines: &ObjectLines) -> Result<Parsed, IngestError> {
    let alternative = map
        .get("results")
        .and_then(|r| r.get("channels"))
        .and_then(|c| c.get(0))
        .and_then(|c| c.get("alternatives"))
        .and_then(|a| a.get(0))
        .and_then(Value::as_object)
        .ok_or_else(|| {
            IngestError::JsonShape(
                "Deepgram output without `results.channels[0].alternatives[0]`".into(),
            )
        })?;
    let mut pieces = Vec::new();
    if let Some(paragraphs) = alternative
        .get("paragraphs")
        .and_then(|p| p.get("paragraphs"))
        .and_then(Value::as_array)
    {
        for p in paragraphs.iter().filter_map(Value::as_object) {
            let speaker = speaker_name(p.get("speaker")).ok_or_else(|| undiarized("Deepgram"))?;
            let text = p
                .get("sentences")
                .and_then(Value::as_array)
                .map(|s| {
                    s.iter()
                        .filter_map(|s| s.get("text").and_then(Value::as_str))
                        .map(str::trim)
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .unwrap_or_default();
            pieces.push(RawTurn::piece(
                speaker,
                None,
                text,
                vec![lines.of(p)],
                seconds(p.get("start"), 1.0),
            ));
        }
        return parsed("deepgram", pieces);
    }
    // Only words: a turn is a run of words by one speaker.
    let words = array(alternative, "words")?;
    let mut run: Option<(String, Vec<String>, usize, Option<Timestamp>)> = None;
    for w in words.iter().filter_map(Value::as_object) {
        let speaker = speaker_name(w.get("speaker")).ok_or_else(|| undiarized("Deepgram"))?;
        let word = w
            .get("punctuated_word")
            .or(w.get("word"))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        match run.as_mut() {
            Some((s, text, _, _)) if *s == speaker => text.push(word),
            _ => {
                if let Some((s, text, line, ts)) = run.take() {
                    pieces.push(RawTurn::piece(s, None, text.join(" "), vec![line], ts));
                }
                run = Some((
                    speaker,
                    vec![word],
                    lines.of(w),
                    seconds(w.get("start"), 1.0),
                ));
            }
        }
    }
    if let Some((s, text, line, ts)) = run {
        pieces.push(RawTurn::piece(s, None, text.join(" "), vec![line], ts));
    }
    parsed("deepgram", pieces)
}

pub fn revai(map: &Map<String, Value>, lines: &ObjectLines) -> Result<Parsed, IngestError> {
    let mut pieces = Vec::new();
    for m in array(map, "monologues")?
        .iter()
        .filter_map(Value::as_object)
    {
        let speaker = speaker_name(m.get("speaker_name"))
            .or_else(|| speaker_name(m.get("speaker")))
            .ok_or_else(|| undiarized("Rev.ai"))?;
        let elements = m.get("elements").and_then(Value::as_array);
        let text: String = elements
            .into_iter()
            .flatten()
            .filter_map(|e| e.get("value").and_then(Value::as_str))
            .collect();
        let start = elements
            .into_iter()
            .flatten()
            .find(|e| e.get("ts").is_some())
            .and_then(|e| seconds(e.get("ts"), 1.0));
        pieces.push(RawTurn::piece(
            speaker,
            None,
            text.trim().to_string(),
            vec![lines.of(m)],
            start,
        ));
    }
    parsed("revai", pieces)
}

#[cfg(test)]
mod tests {
    use super::super::json::parse_with_lines;
    use super::*;

    fn read(
        text: &str,
        f: fn(&Map<String, Value>, &ObjectLines) -> Result<Parsed, IngestError>,
    ) -> Vec<(String, String, usize, Option<u32>)> {
        let (value, lines) = parse_with_lines(text, 1).unwrap();
        f(value.as_object().unwrap(), &lines)
            .unwrap()
            .turns
            .into_iter()
            .map(|t| (t.speaker, t.text, t.line, t.timestamp.map(|t| t.0)))
            .collect()
    }

    #[test]
    fn assemblyai_utterances_merge_by_speaker() {
        let text = "{\"utterances\": [\n{\"speaker\": \"A\", \"start\": 1500, \"text\": \"Hi.\"},\n{\"speaker\": \"B\", \"start\": 4000, \"text\": \"Hello.\"},\n{\"speaker\": \"B\", \"start\": 6000, \"text\": \"Ready.\"}\n]}";
        assert_eq!(
            read(text, assemblyai),
            [
                ("A".into(), "Hi.".into(), 2, Some(1)),
                ("B".into(), "Hello.\nReady.".into(), 3, Some(4))
            ]
        );
    }

    #[test]
    fn whisper_needs_speakers() {
        let text =
            "{\"segments\": [{\"start\": 1.2, \"text\": \" Hi.\", \"speaker\": \"SPEAKER_00\"}]}";
        assert_eq!(
            read(text, whisper),
            [("SPEAKER_00".into(), "Hi.".into(), 1, Some(1))]
        );
        let (value, lines) =
            parse_with_lines("{\"segments\": [{\"start\": 1.2, \"text\": \" Hi.\"}]}", 1).unwrap();
        let err = whisper(value.as_object().unwrap(), &lines)
            .unwrap_err()
            .to_string();
        assert!(err.contains("no speaker labels"), "{err}");
    }

    #[test]
    fn deepgram_paragraphs_and_words() {
        let paragraphs = r#"{"results": {"channels": [{"alternatives": [{"paragraphs": {"paragraphs": [
{"speaker": 0, "start": 0.5, "sentences": [{"text": "Hi."}, {"text": "Kafka or RabbitMQ?"}]},
{"speaker": 1, "start": 3.0, "sentences": [{"text": "Kafka."}]}]}}]}]}}"#;
        assert_eq!(
            read(paragraphs, deepgram),
            [
                (
                    "Speaker 0".into(),
                    "Hi. Kafka or RabbitMQ?".into(),
                    2,
                    Some(0)
                ),
                ("Speaker 1".into(), "Kafka.".into(), 3, Some(3)),
            ]
        );
        let words = r#"{"results": {"channels": [{"alternatives": [{"words": [
{"word": "hi", "punctuated_word": "Hi.", "start": 0.1, "speaker": 0},
{"word": "kafka", "start": 1.0, "speaker": 1},
{"word": "please", "punctuated_word": "please.", "start": 1.4, "speaker": 1}]}]}]}}"#;
        assert_eq!(
            read(words, deepgram),
            [
                ("Speaker 0".into(), "Hi.".into(), 2, Some(0)),
                ("Speaker 1".into(), "kafka please.".into(), 3, Some(1))
            ]
        );
    }

    #[test]
    fn revai_elements_concatenate() {
        let text = r#"{"monologues": [{"speaker": 1, "elements": [{"type": "text", "value": "Hello", "ts": 2.5}, {"type": "punct", "value": ","}, {"type": "punct", "value": " "}, {"type": "text", "value": "world", "ts": 3.0}, {"type": "punct", "value": "."}]}]}"#;
        assert_eq!(
            read(text, revai),
            [("Speaker 1".into(), "Hello, world.".into(), 1, Some(2))]
        );
    }
}
