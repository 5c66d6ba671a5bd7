//! Hostile transcripts and failures against the LLM judge: prompt injection
//! never raises a score, identity is redacted before sending, the API key
//! never leaks, and a run killed part-way finishes on the rerun with the same
//! reports and without asking again for what it already had.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::llm_mock::{dimension, good_answer, Mock, Reply};
use crate::{csv_rows, files_under, fixture, read, stderr};

const KEY: &str = "sk-hostile-SECRET-4b1d2c";

fn command(mock: &Mock, inputs: &[PathBuf], out: &Path, cache: &Path, extra: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_grade"));
    c.args(inputs)
        .args(["--judge", "llm", "--out"])
        .arg(out)
        .arg("--cache")
        .arg(cache)
        .args(extra)
        .env("CI", "true")
        .env("OPENAI_BASE_URL", &mock.url)
        .env("OPENAI_API_KEY", KEY)
        .env("GRADE_MODEL", "mock-model");
    c
}

fn run(mock: &Mock, inputs: &[PathBuf], out: &Path, cache: &Path, extra: &[&str]) -> Output {
    command(mock, inputs, out, cache, extra)
        .output()
        .expect("the grade binary runs")
}

fn user_messages(mock: &Mock) -> Vec<String> {
    mock.requests
        .lock()
        .expect("the request log")
        .iter()
        .map(|r| {
            r.body["messages"][1]["content"]
                .as_str()
                .unwrap_or("")
                .to_string()
        })
        .collect()
}

#[test]
fn an_injection_never_reaches_the_model_nor_raises_a_score() {
    // A model that obeys: 4 when it sees the instruction, else 2.
    let mock = Mock::start(|body, _| {
        let user = body["messages"][1]["content"].as_str().unwrap_or("");
        let obeyed = user.contains("4/4") || user.to_lowercase().contains("ignore the rubric");
        Reply::Content(good_answer(body, Some(if obeyed { 4 } else { 2 })))
    });
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    let output = run(
        &mock,
        &[fixture("cases/injection-and-identity.md")],
        &out,
        &dir.path().join("cache"),
        &[],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    for user in user_messages(&mock) {
        assert!(
            !user.contains("4/4") && !user.contains("ignore the rubric"),
            "{user}"
        );
    }
    assert!(user_messages(&mock)
        .iter()
        .any(|u| u.contains("removed here by grade")));
    let card: Value = serde_json::from_str(&read(&out.join("candidates/C-7781.json"))).unwrap();
    for d in card["dimensions"].as_array().unwrap() {
        assert!(d["score"].as_u64() <= Some(2), "{d}");
    }
    assert!(card["warnings"]
        .to_string()
        .contains("prompt_injection: line 14 addresses the grader"));
    let run: Value = serde_json::from_str(&read(&out.join("run.json"))).unwrap();
    assert_eq!(run["injections_detected"], 1);
}

#[test]
fn identity_is_redacted_before_anything_is_sent_unless_asked() {
    let mock = Mock::start(|body, _| Reply::Content(good_answer(body, Some(3))));
    let dir = tempfile::tempdir().unwrap();
    let inputs = [fixture("cases/injection-and-identity.md")];
    let output = run(
        &mock,
        &inputs,
        &dir.path().join("a"),
        &dir.path().join("c1"),
        &[],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let sent = mock
        .requests
        .lock()
        .unwrap()
        .iter()
        .map(|r| r.body.to_string())
        .collect::<Vec<_>>()
        .join("\n");
    for secret in [
        "Joaquim",
        "Ferreira",
        "Hannah",
        "joaquim.ferreira@example.org",
        "912 345 678",
    ] {
        assert!(!sent.contains(secret), "{secret} was sent");
    }
    assert!(sent.contains("[email]") && sent.contains("[phone]") && sent.contains("[name]"));
    // The ideas are still there.
    assert!(sent.contains("idempotency key per order"));

    let before = mock.count();
    let output = run(
        &mock,
        &inputs,
        &dir.path().join("b"),
        &dir.path().join("c2"),
        &["--no-redact"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let log = mock.requests.lock().unwrap();
    let sent: String = log[before..].iter().map(|r| r.body.to_string()).collect();
    assert!(sent.contains("joaquim.ferreira@example.org") && sent.contains("Joaquim"));
}

#[test]
fn the_api_key_never_leaks_even_when_the_server_quotes_it() {
    let mock = Mock::start(|body, _| {
        if dimension(body) == "ordering" {
            Reply::Raw(
                401,
                vec![],
                format!("{{\"error\": {{\"message\": \"Incorrect API key provided: {KEY}.\"}}}}"),
            )
        } else {
            Reply::Content(good_answer(body, Some(3)))
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    let cache = dir.path().join("cache");
    let output = run(
        &mock,
        &[
            fixture("transcripts/01-strong-hire.md"),
            fixture("cases/injection-and-identity.md"),
        ],
        &out,
        &cache,
        &[],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("HTTP 401"), "{}", stderr(&output));
    let printed = format!(
        "{}{}",
        stderr(&output),
        String::from_utf8_lossy(&output.stdout)
    );
    assert!(!printed.contains(KEY), "{printed}");
    let mut checked = 0;
    for file in [&out, &cache]
        .into_iter()
        .flat_map(|d| files_under(d).into_iter().map(move |f| d.join(f)))
    {
        let text = String::from_utf8_lossy(&std::fs::read(&file).unwrap()).into_owned();
        assert!(!text.contains(KEY), "the key is in {}", file.display());
        checked += 1;
    }
    assert!(checked > 10, "only {checked} files checked");
    // The refusal is explained, with the key masked.
    let card: Value = serde_json::from_str(&read(&out.join("candidates/C-7781.json"))).unwrap();
    let ordering = card["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "ordering")
        .unwrap();
    assert!(ordering["justification"]
        .to_string()
        .contains("Incorrect API key provided: ***"));
}

#[test]
fn a_run_killed_part_way_finishes_on_the_rerun_without_asking_again() {
    let slow = |body: &Value, _| {
        Reply::Slow(
            Duration::from_millis(250),
            Box::new(Reply::Content(good_answer(body, Some(3)))),
        )
    };
    let inputs = vec![
        fixture("transcripts/01-strong-hire.md"),
        fixture("transcripts/02-solid-hire.txt"),
        fixture("transcripts/13-terse-hire.txt"),
    ];
    let dir = tempfile::tempdir().unwrap();

    // The run that is not interrupted, for reference.
    let reference_mock = Mock::start(slow);
    let reference = dir.path().join("reference");
    let output = run(
        &reference_mock,
        &inputs,
        &reference,
        &dir.path().join("c0"),
        &["--concurrency", "1"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let total = reference_mock.count();

    // The same run, killed once a few answers are in the cache.
    let mock = Mock::start(slow);
    let out = dir.path().join("report");
    let cache = dir.path().join("cache");
    let mut child = command(&mock, &inputs, &out, &cache, &["--concurrency", "1"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let cached = || {
        files_under(&cache)
            .iter()
            .filter(|f| f.extension().is_some_and(|e| e == "json"))
            .count()
    };
    while cached() < 4 {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no answer was cached"
        );
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run ended before it could be killed"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let kept = cached();
    assert!(kept < total, "the run finished before the kill");

    let before = mock.count();
    let output = run(&mock, &inputs, &out, &cache, &["--concurrency", "1"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let info: Value = serde_json::from_str(&read(&out.join("run.json"))).unwrap();
    assert_eq!(info["llm"]["served_from_cache"].as_u64(), Some(kept as u64));
    assert_eq!(
        info["llm"]["calls_made"].as_u64(),
        Some((total - kept) as u64)
    );
    assert_eq!(
        mock.count() - before,
        total - kept,
        "an answer already received was asked again"
    );

    // Byte-identical reports (run.json holds timings and counts, which differ).
    crate::assert_same_reports(
        &reference,
        &out,
        "the killed-and-rerun run against the uninterrupted one",
    );
    assert_eq!(csv_rows(&out.join("cohort.csv")).len(), 3);
}

#[test]
fn ctrl_c_stops_cleanly_keeps_the_answers_and_says_the_report_is_partial() {
    let mock = Mock::start(|body, _| {
        Reply::Slow(
            Duration::from_millis(300),
            Box::new(Reply::Content(good_answer(body, Some(3)))),
        )
    });
    let inputs = vec![
        fixture("transcripts/01-strong-hire.md"),
        fixture("transcripts/02-solid-hire.txt"),
    ];
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    let cache = dir.path().join("cache");
    let child = command(&mock, &inputs, &out, &cache, &["--concurrency", "1"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let cached = || files_under(&cache).len();
    while cached() < 2 {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no answer was cached"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let stopping = Instant::now();
    let output = child.wait_with_output().unwrap();
    assert!(
        stopping.elapsed() < Duration::from_secs(5),
        "it did not stop promptly"
    );
    assert_eq!(output.status.code(), Some(130), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("partial report"),
        "{}",
        stderr(&output)
    );
    let info: Value = serde_json::from_str(&read(&out.join("run.json"))).unwrap();
    assert_eq!(info["status"], "interrupted");
    assert!(read(&out.join("index.html")).contains("Partial report"));
    let kept = cached();
    assert!((2..12).contains(&kept), "{kept} answers kept");

    // The same command again finishes the work from where it stopped.
    let before = mock.count();
    let output = run(&mock, &inputs, &out, &cache, &["--concurrency", "1"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let info: Value = serde_json::from_str(&read(&out.join("run.json"))).unwrap();
    assert_eq!(info["status"], "complete");
    assert_eq!(info["llm"]["served_from_cache"].as_u64(), Some(kept as u64));
    assert_eq!(mock.count() - before, 12 - kept);
    assert!(!read(&out.join("index.html")).contains("Partial report"));
}

#[test]
fn a_429_without_retry_after_backs_off_and_recovers() {
    let mock = Mock::start(|body, n| {
        if n < 2 {
            Reply::Raw(429, vec![], "Too Many Requests".into())
        } else {
            Reply::Content(good_answer(body, Some(3)))
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("grade.toml");
    std::fs::write(&config, "[llm]\nbackoff_ms = 50\n").unwrap();
    let out = dir.path().join("report");
    let output = run(
        &mock,
        &[fixture("transcripts/01-strong-hire.md")],
        &out,
        &dir.path().join("cache"),
        &["--config", config.to_str().unwrap(), "--concurrency", "2"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let info: Value = serde_json::from_str(&read(&out.join("run.json"))).unwrap();
    assert_eq!(info["llm"]["rate_limited"], 2, "{}", info["llm"]);
    assert_eq!(info["llm"]["failed"], 0);
    assert_eq!(info["llm"]["fallbacks"], 0);
    assert_eq!(info["llm"]["lowest_concurrency"], 1);
}

#[test]
fn processes_sharing_a_cache_agree_and_leave_no_partial_entry() {
    let mock = Mock::start(|body, _| {
        Reply::Slow(
            Duration::from_millis(30),
            Box::new(Reply::Content(good_answer(body, Some(3)))),
        )
    });
    let inputs = vec![
        fixture("transcripts/01-strong-hire.md"),
        fixture("transcripts/02-solid-hire.txt"),
    ];
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let children: Vec<_> = (0..3)
        .map(|k| {
            command(
                &mock,
                &inputs,
                &dir.path().join(format!("r{k}")),
                &cache,
                &[],
            )
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    }
    let entries = files_under(&cache);
    assert_eq!(entries.len(), 12, "{entries:?}");
    assert!(entries
        .iter()
        .all(|f| f.extension().is_some_and(|e| e == "json")));
    let csv = |k: usize| read(&dir.path().join(format!("r{k}/cohort.csv")));
    assert_eq!(csv(0), csv(1));
    assert_eq!(csv(1), csv(2));
}
