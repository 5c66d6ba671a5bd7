//! Every export format, parsed from a whole interview and compared turn by
//! turn with the expected parse written when the fixture was generated
//! (`fixtures/formats-src/generate.py` knows the true turns of each file).

use std::path::Path;

use grade::ingest::{ingest_file, IngestOptions};
use grade::rubric::Rubric;
use serde_json::Value;

use crate::{fixture, read};

fn check(file: &str) {
    let rubric = Rubric::default_rubric().unwrap();
    let path = fixture(&format!("transcripts/formats/{file}"));
    let expected: Value =
        serde_json::from_str(&read(&fixture(&format!("expected/{file}.json")))).unwrap();
    let mut ingested = ingest_file(&path, file, &rubric, &IngestOptions::default());
    assert_eq!(ingested.len(), 1, "{file}: one conversation");
    let transcript = match ingested.remove(0).result {
        Ok(t) => t,
        Err(e) => panic!("{file} could not be read: {e}"),
    };
    assert_eq!(
        transcript.format,
        expected["format"].as_str().unwrap(),
        "{file}: format"
    );
    let want = expected["turns"].as_array().unwrap();
    for (i, (turn, want)) in transcript.turns.iter().zip(want).enumerate() {
        let got = serde_json::json!({
            "speaker": turn.speaker,
            "role": turn.role.as_str(),
            "timestamp": turn.timestamp.map(|t| t.to_string()),
            "line": turn.line,
            "text": turn.text,
        });
        assert_eq!(&got, want, "{file}: turn {i} differs");
    }
    assert_eq!(
        transcript.turns.len(),
        want.len(),
        "{file}: number of turns"
    );
    // Every text line maps to a file line that holds (part of) that text.
    let source = read(&path);
    let lines: Vec<&str> = source.lines().collect();
    for turn in &transcript.turns {
        assert!(
            turn.line >= 1 && turn.line <= lines.len(),
            "{file}: line {} out of range",
            turn.line
        );
    }
    let _ = Path::new(file);
}

#[test]
fn zoom_webvtt() {
    check("zoom.vtt");
}

#[test]
fn teams_webvtt() {
    check("teams.vtt");
}

#[test]
fn srt_with_speaker_on_first_cue() {
    check("interview.srt");
}

#[test]
fn otter_text_export() {
    check("otter.txt");
}

#[test]
fn rev_text_export() {
    check("rev.txt");
}

#[test]
fn chat_json_array() {
    check("chat.json");
}

#[test]
fn chat_json_object_with_metadata() {
    check("chat-object.json");
}

#[test]
fn chat_json_lines() {
    check("chat.jsonl");
}

#[test]
fn assemblyai_utterances() {
    check("assemblyai.json");
}

#[test]
fn whisperx_segments() {
    check("whisperx.json");
}

#[test]
fn deepgram_paragraphs() {
    check("deepgram.json");
}

#[test]
fn deepgram_words_only() {
    check("deepgram-words.json");
}

#[test]
fn revai_monologues() {
    check("revai.json");
}

#[test]
fn formats_are_detected_from_content_whatever_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    for (from, to) in [
        ("zoom.vtt", "zoom-captions.txt"),
        ("chat.json", "chat-log.txt"),
        ("otter.txt", "otter.md"),
    ] {
        std::fs::copy(
            fixture(&format!("transcripts/formats/{from}")),
            dir.path().join(to),
        )
        .unwrap();
    }
    let out = dir.path().join("report");
    let output = crate::grade([dir.path().as_os_str(), "--out".as_ref(), out.as_os_str()]);
    assert_eq!(output.status.code(), Some(0), "{}", crate::stderr(&output));
    let formats: Vec<(String, String)> = crate::csv_rows(&out.join("cohort.csv"))
        .into_iter()
        .map(|r| (r["source"].clone(), r["format"].clone()))
        .collect();
    assert_eq!(
        formats,
        [
            ("chat-log.txt".to_string(), "chat-json".to_string()),
            ("otter.md".to_string(), "otter".to_string()),
            ("zoom-captions.txt".to_string(), "webvtt".to_string()),
        ]
    );
}

#[test]
fn format_forces_a_reader_and_says_when_the_file_is_not_that_format() {
    let zoom = fixture("transcripts/formats/zoom.vtt");
    let (_dir, out, output) = crate::grade_into(&[&zoom], &["--format", "srt"]);
    assert_eq!(output.status.code(), Some(1));
    let dead = crate::csv_rows(&out.join("dead-letter.csv"));
    assert!(
        dead[0]["error"].starts_with("the file is not SRT: ")
            && dead[0]["error"].contains("drop --format"),
        "{:?}",
        dead[0]
    );
    let (_dir, _out, output) = crate::grade_into(&[&zoom], &["--format", "docx"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(crate::stderr(&output)
        .contains("--format docx is not a format grade reads; use one of: text, webvtt, srt"));
}

#[test]
fn json_lines_with_one_conversation_per_line_give_one_scorecard_each() {
    let dir = tempfile::tempdir().unwrap();
    let conversation = |id: &str, name: &str, answer: &str| {
        serde_json::json!({
            "candidate_id": id,
            "candidate": {"name": name},
            "messages": [
                {"role": "system", "content": "You are the Lead Data Engineer interviewer."},
                {"role": "assistant", "content": "Our worker reads a message, charges the user's credit card, and then crashes before acknowledging the message. What happens next?"},
                {"role": "user", "content": answer},
                {"role": "assistant", "content": "Thanks, that's all."}
            ]
        })
        .to_string()
    };
    let lines = [
        conversation("C-1", "Ana Lima", "The broker redelivers the unacked message to another worker, so the card is charged twice unless the worker checks an idempotency key before charging and acks only after the charge."),
        conversation("C-2", "Ben Ode", "I think nothing happens, the message is gone once the worker has read it, so we are fine."),
    ];
    std::fs::write(dir.path().join("sessions.jsonl"), lines.join("\n") + "\n").unwrap();
    let out = dir.path().join("report");
    let output = crate::grade([
        dir.path().join("sessions.jsonl").as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", crate::stderr(&output));
    let rows = crate::csv_rows(&out.join("cohort.csv"));
    let got: Vec<(&str, &str, &str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["source"].as_str(),
                r["candidate_id"].as_str(),
                r["candidate_name"].as_str(),
                r["format"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("sessions.jsonl#1", "C-1", "Ana Lima", "chat-jsonl"),
            ("sessions.jsonl#2", "C-2", "Ben Ode", "chat-jsonl"),
        ]
    );
    assert!(
        rows[0]["delivery_semantics"] > rows[1]["delivery_semantics"],
        "{rows:?}"
    );
    // Evidence cites the line of the conversation it came from.
    let card: Value = serde_json::from_str(&read(&out.join("candidates/C-2.json"))).unwrap();
    assert!(card["transcript"]
        .as_array()
        .unwrap()
        .iter()
        .all(|t| t["line"] == 2));
}

#[test]
fn hints_are_recognised_by_turn_not_by_line_in_minified_json() {
    let pretty = read(&fixture("transcripts/formats/chat.json"));
    let value: Value = serde_json::from_str(&pretty).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pretty.json"), &pretty).unwrap();
    std::fs::write(dir.path().join("minified.json"), value.to_string()).unwrap();
    let out = dir.path().join("report");
    let output = crate::grade([dir.path().as_os_str(), "--out".as_ref(), out.as_os_str()]);
    assert_eq!(output.status.code(), Some(0), "{}", crate::stderr(&output));
    let rows = crate::csv_rows(&out.join("cohort.csv"));
    let strip = |r: &std::collections::BTreeMap<String, String>| {
        let mut r = r.clone();
        for k in ["candidate_id", "source", "warnings"] {
            r.remove(k);
        }
        r
    };
    assert_eq!(
        strip(&rows[0]),
        strip(&rows[1]),
        "the same conversation grades the same on one line or many"
    );
}

#[test]
fn json_lines_mixing_messages_and_conversations_give_distinct_sources() {
    let dir = tempfile::tempdir().unwrap();
    let conversation = serde_json::json!({"messages": [
        {"role": "assistant", "content": "Our worker reads a message, charges the user's credit card, and then crashes before acknowledging the message. What happens next?"},
        {"role": "user", "content": "It is redelivered and the card is charged twice, so we check an idempotency key first."}
    ]});
    let loose = [
        serde_json::json!({"role": "assistant", "content": "We are building an order processing system. Should we use Kafka or RabbitMQ?"}),
        serde_json::json!({"role": "user", "content": "Kafka, because the log retains events so several consumer groups can replay them."}),
    ];
    let text = format!("{}\n{}\n{}\n", conversation, loose[0], loose[1]);
    std::fs::write(dir.path().join("mixed.jsonl"), text).unwrap();
    let out = dir.path().join("report");
    let output = crate::grade([
        dir.path().join("mixed.jsonl").as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", crate::stderr(&output));
    let sources: Vec<String> = crate::csv_rows(&out.join("cohort.csv"))
        .into_iter()
        .map(|r| r["source"].clone())
        .collect();
    assert_eq!(sources, ["mixed.jsonl#1", "mixed.jsonl#2"]);
}

#[test]
fn a_note_prefix_in_a_caption_continues_the_speaker() {
    let text = "WEBVTT\n\n1\n00:00:01.000 --> 00:00:03.000\nDana Reyes: We are building an order processing system. Should we use Kafka or RabbitMQ?\n\n2\n00:00:04.000 --> 00:00:06.000\nSam Okafor: Kafka, the log keeps events.\n\n3\n00:00:06.000 --> 00:00:08.000\nNote: RabbitMQ deletes on ack.\n\n4\n00:00:08.000 --> 00:00:09.000\nNote: so replay needs Kafka.\n\n5\n00:00:10.000 --> 00:00:12.000\nDana Reyes: Good.\n\n6\n00:00:12.000 --> 00:00:13.000\nSam Okafor: Thanks.\n";
    let rubric = grade::rubric::Rubric::default_rubric().unwrap();
    let t = grade::ingest::ingest_text(
        Path::new("z.vtt"),
        "z.vtt",
        text,
        &rubric,
        &IngestOptions::default(),
    )
    .remove(0)
    .result
    .unwrap();
    let speakers: Vec<&str> = t.turns.iter().map(|t| t.speaker.as_str()).collect();
    assert_eq!(
        speakers,
        ["Dana Reyes", "Sam Okafor", "Dana Reyes", "Sam Okafor"]
    );
    assert_eq!(t.turns[1].text, "Kafka, the log keeps events.\nNote: RabbitMQ deletes on ack.\nNote: so replay needs Kafka.");
}

/// Evidence cites the file line its quote is on, in every line-based format.
#[test]
fn evidence_lines_point_at_the_quote_in_caption_and_text_exports() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    let files = [
        "zoom.vtt",
        "teams.vtt",
        "interview.srt",
        "otter.txt",
        "rev.txt",
    ];
    let paths: Vec<std::path::PathBuf> = files
        .iter()
        .map(|f| fixture(&format!("transcripts/formats/{f}")))
        .collect();
    let mut args: Vec<&std::ffi::OsStr> = paths.iter().map(|p| p.as_os_str()).collect();
    args.extend(["--out".as_ref(), out.as_os_str()]);
    let output = crate::grade(args);
    assert_eq!(output.status.code(), Some(0), "{}", crate::stderr(&output));
    let mut checked = 0;
    for entry in std::fs::read_dir(out.join("candidates")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let card: Value = serde_json::from_str(&read(&path)).unwrap();
        let file = read(&fixture(&format!(
            "transcripts/formats/{}",
            card["source"].as_str().unwrap()
        )));
        let lines: Vec<&str> = file.lines().collect();
        for d in card["dimensions"].as_array().unwrap() {
            for e in d["evidence"].as_array().unwrap() {
                let line = lines[e["line"].as_u64().unwrap() as usize - 1];
                let first_line = e["quote"].as_str().unwrap().lines().next().unwrap_or("");
                let words: Vec<&str> = first_line.split_whitespace().take(3).collect();
                assert!(
                    words
                        .iter()
                        .all(|w| line.contains(w.trim_matches(|c: char| !c.is_alphanumeric()))),
                    "{}: {:?} is not on line {}: {line:?}",
                    card["source"],
                    e["quote"],
                    e["line"]
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 50, "{checked} quotes checked");
}
