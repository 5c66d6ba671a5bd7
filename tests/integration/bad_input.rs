//! Every kind of bad input gets a specific one-line reason in
//! `dead-letter.csv`, and never stops the batch.

use std::collections::BTreeMap;
use std::path::Path;

use crate::{csv_rows, fixture, grade, stderr};

/// Grades a folder holding one good interview plus `bad` files; returns the
/// dead-letter reasons by source and the number of graded rows.
fn dead_letters(
    bad: &[(&str, Vec<u8>)],
    extra: &[&str],
) -> (BTreeMap<String, (String, String)>, usize) {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    std::fs::copy(
        fixture("cases/level4-hint-then-perfect.txt"),
        inputs.join("good.txt"),
    )
    .unwrap();
    for (name, bytes) in bad {
        std::fs::write(inputs.join(name), bytes).unwrap();
    }
    let out = dir.path().join("report");
    let mut args = vec![
        inputs.as_os_str().to_owned(),
        "--out".into(),
        out.as_os_str().to_owned(),
    ];
    args.extend(extra.iter().map(|a| a.into()));
    let output = grade(&args);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let dead = csv_rows(&out.join("dead-letter.csv"))
        .into_iter()
        .map(|r| {
            (
                r["source"].clone(),
                (r["stage"].clone(), r["error"].clone()),
            )
        })
        .collect();
    (dead, csv_rows(&out.join("cohort.csv")).len())
}

fn utf16le(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend(unit.to_le_bytes());
    }
    bytes
}

#[test]
fn each_bad_input_has_its_own_reason() {
    let interview = std::fs::read_to_string(fixture("cases/level4-hint-then-perfect.txt")).unwrap();
    let (dead, graded) = dead_letters(
        &[
            ("empty.txt", Vec::new()),
            ("recording.m4a", b"\0\0\0 ftypM4A \0\0\0\0isomiso2".to_vec()),
            ("latin1.txt", b"Interviewer: Hello.\nCandidate: Caf\xe9 first.\n".to_vec()),
            ("truncated.json", b"[\n  {\"role\": \"assistant\", \"content\": \"Kafka or RabbitMQ?\"},\n  {\"role\": \"user\", \"content\": \"It dep".to_vec()),
            ("no-cues.vtt", b"WEBVTT\n\nNOTE exported before anyone spoke\n".to_vec()),
            ("monologue.txt", b"Interviewer: We are building an order processing system. Should we use Kafka or RabbitMQ?\nInterviewer: Hello? Are you there?\n".to_vec()),
            ("huge.txt", format!("{interview}\n{}", "Candidate: more words.\n".repeat(200)).into_bytes()),
            ("two-names.txt", b"Alex: Hello there.\nSam: Hi, nice weather.\nAlex: Indeed it is.\nSam: Shall we start?\n".to_vec()),
            ("unrelated.txt", b"Interviewer: Tell me about your favourite database.\nCandidate: I like PostgreSQL for its extensions and its planner.\n".to_vec()),
            ("utf16.txt", utf16le(&interview)),
        ],
        &["--max-file-size", "3K"],
    );
    let reason = |name: &str| {
        dead.get(name)
            .map(|(_, e)| e.as_str())
            .unwrap_or("(graded)")
    };
    assert_eq!(reason("empty.txt"), "the file is empty");
    assert_eq!(
        reason("recording.m4a"),
        "the file is binary, not a text transcript (byte 0 is a NUL)"
    );
    assert_eq!(
        reason("latin1.txt"),
        "the file is not valid UTF-8 (invalid byte at line 2, column 15); save it as UTF-8"
    );
    assert_eq!(
        reason("truncated.json"),
        "the JSON is invalid at line 3, column 37: EOF while parsing a string"
    );
    assert_eq!(
        reason("no-cues.vtt"),
        "the WebVTT file has no cues: nothing was said"
    );
    assert!(
        reason("monologue.txt").starts_with("the candidate never speaks"),
        "{}",
        reason("monologue.txt")
    );
    assert!(
        reason("huge.txt").ends_with("over the 3072-byte limit (raise it with --max-file-size)"),
        "{}",
        reason("huge.txt")
    );
    assert_eq!(
        reason("two-names.txt"),
        "could not tell which speaker is the interviewer among Alex, Sam: pass --interviewer NAME, label the speakers `Interviewer:` and `Candidate:`, or add a roles header such as `Participants: Alex (interviewer), Sam (candidate)`"
    );
    assert!(
        reason("unrelated.txt").starts_with("no phase of the `async-messaging` rubric was found"),
        "{}",
        reason("unrelated.txt")
    );
    assert_eq!(dead["unrelated.txt"].0, "segment");
    // UTF-16 with a BOM is decoded and graded like the same file in UTF-8.
    assert!(
        !dead.contains_key("utf16.txt"),
        "{:?}",
        dead.get("utf16.txt")
    );
    // Both name candidate CASE-L4, so they are two sessions of one scorecard.
    assert_eq!(graded, 1, "good.txt and utf16.txt are graded together");
    assert_eq!(dead.len(), 9, "{dead:?}");
}

/// A file that cannot be read: without read permission, or (as root, who may
/// read anything) a file whose read fails with an I/O error.
#[cfg(target_os = "linux")]
#[test]
fn an_unreadable_file_is_dead_lettered() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    std::fs::copy(
        fixture("cases/level4-hint-then-perfect.txt"),
        inputs.join("good.txt"),
    )
    .unwrap();
    let locked = inputs.join("locked.txt");
    std::fs::write(&locked, "Interviewer: hi\nCandidate: hi\n").unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let root = std::fs::read(&locked).is_ok();
    if root {
        std::fs::remove_file(&locked).unwrap();
        std::os::unix::fs::symlink("/proc/self/mem", &locked).unwrap();
    }
    let out = dir.path().join("report");
    let output = grade([inputs.as_os_str(), "--out".as_ref(), out.as_os_str()]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let dead = csv_rows(&out.join("dead-letter.csv"));
    assert_eq!(dead.len(), 1);
    assert_eq!(dead[0]["source"], "locked.txt");
    assert_eq!(dead[0]["stage"], "read");
    let expected = if root {
        "Input/output error"
    } else {
        "Permission denied"
    };
    assert!(
        dead[0]["error"].starts_with("could not read the file: ")
            && dead[0]["error"].contains(expected),
        "{:?}",
        dead[0]
    );
    assert!(Path::new(&out.join("candidates/CASE-L4.json")).is_file());
}

/// The bad-input samples in `fixtures/bad/`, as a user would get them.
#[test]
fn the_bad_input_samples_get_their_reasons() {
    let (_dir, out, output) = crate::grade_into(&[&fixture("bad")], &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let dead: BTreeMap<String, String> = csv_rows(&out.join("dead-letter.csv"))
        .into_iter()
        .map(|r| (r["source"].clone(), r["error"].clone()))
        .collect();
    assert_eq!(
        dead["truncated.json"],
        "the JSON is invalid at line 9, column 88: EOF while parsing a string"
    );
    assert_eq!(
        dead["no-cues.vtt"],
        "the WebVTT file has no cues: nothing was said"
    );
    assert_eq!(
        dead["latin1.txt"],
        "the file is not valid UTF-8 (invalid byte at line 3, column 26); save it as UTF-8"
    );
    assert_eq!(
        dead["one-speaker.vtt"],
        "the candidate never speaks: every turn (1 in all) is by the interviewer side (Priya Shah)"
    );
    assert_eq!(dead.len(), 4, "utf16.txt is decoded and graded: {dead:?}");
    let rows = csv_rows(&out.join("cohort.csv"));
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["source"], "utf16.txt");
    assert!(
        rows[0]["phases_covered"].contains("delivery-guarantees"),
        "{:?}",
        rows[0]
    );
}
