//! The LLM judge against a real OpenAI-compatible server: llama.cpp's
//! llama-server with a 135M-parameter model, started by `scripts/with-test-services`
//! (`scripts/llm-server`). Such a model grades badly; this test checks the
//! protocol and the pipeline: requests accepted, answers parsed or cleanly
//! fallen back, reports written, and a rerun served from the cache.

use std::process::Command;

use crate::{csv_rows, fixture, read, stderr};

#[test]
#[ignore = "needs a real model server: the README's test command starts one (scripts/with-test-services) and runs this test with --include-ignored"]
fn a_real_server_grades_two_interviews_end_to_end() {
    let url = std::env::var("GRADE_TEST_LLM_URL").expect(
        "GRADE_TEST_LLM_URL is not set: run the README's test command \
         (scripts/with-test-services cargo test --all-targets -- --include-ignored), or start a server with \
         `out=\"$(scripts/llm-server start)\" && eval \"$out\"`",
    );
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    // A small model rambles: cap the answer so each request takes seconds.
    let config = dir.path().join("grade.toml");
    std::fs::write(&config, "[llm]\nmax_tokens = 256\n").unwrap();
    let run = |out: &std::path::Path| {
        Command::new(env!("CARGO_BIN_EXE_grade"))
            .arg(fixture("transcripts/13-terse-hire.txt"))
            .arg(fixture("transcripts/15-cut-short-phase-1.txt"))
            .args(["--judge", "llm", "--model", "smollm2", "--concurrency", "2"])
            .args(["--timeout", "300", "--retries", "1", "--out"])
            .arg(out)
            .arg("--cache")
            .arg(&cache)
            .arg("--config")
            .arg(&config)
            .env("CI", "true")
            .env("OPENAI_BASE_URL", &url)
            .env("OPENAI_API_KEY", "sk-local-test-key")
            .env_remove("GRADE_MODEL")
            .output()
            .expect("the grade binary runs")
    };
    let out = dir.path().join("report");
    let first = run(&out);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));

    let rows = csv_rows(&out.join("cohort.csv"));
    assert_eq!(rows.len(), 2);
    for row in &rows {
        assert!(
            ["llm", "llm+rules", "rules"].contains(&row["judge"].as_str()),
            "{row:?}"
        );
    }
    let info: serde_json::Value = serde_json::from_str(&read(&out.join("run.json"))).unwrap();
    let llm = &info["llm"];
    let made = llm["calls_made"].as_u64().unwrap();
    assert!(made > 0, "the server answered nothing: {llm}");
    assert_eq!(
        llm["failed"], 0,
        "requests were refused or timed out: {llm}"
    );
    assert!(llm["prompt_tokens"].as_u64() > Some(0), "{llm}");
    // Every dimension is either the model's or a fallback that says why.
    for row in &rows {
        let card: serde_json::Value = serde_json::from_str(&read(
            &out.join("candidates")
                .join(format!("{}.json", row["candidate_id"])),
        ))
        .unwrap();
        for d in card["dimensions"].as_array().unwrap() {
            match d["judge"].as_str() {
                Some("llm") => {}
                Some("rules") => assert!(
                    d["justification"]
                        .as_str()
                        .is_some_and(|j| j.contains("The LLM judge's answer could not be used")),
                    "{d}"
                ),
                other => panic!("unexpected judge {other:?}"),
            }
        }
        assert!(out
            .join("candidates")
            .join(format!("{}.html", row["candidate_id"]))
            .exists());
    }

    // The same run again asks the server nothing.
    let again_out = dir.path().join("again");
    let again = run(&again_out);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    let info: serde_json::Value = serde_json::from_str(&read(&again_out.join("run.json"))).unwrap();
    assert_eq!(info["llm"]["calls_made"], 0, "{}", info["llm"]);
    assert_eq!(info["llm"]["served_from_cache"].as_u64(), Some(made));
    assert_eq!(
        read(&out.join("cohort.csv")),
        read(&again_out.join("cohort.csv"))
    );
}
