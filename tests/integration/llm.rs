//! The LLM judge against the in-process mock server: every path of the
//! protocol (valid answers, invalid JSON, schema breaks, invented quotes,
//! 429 with Retry-After, 5xx, hangs, truncated bodies, samples), the cache,
//! and what the request carries.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::llm_mock::{dimension, good_answer, Mock, Reply};
use crate::{csv_rows, fixture, read, stderr};

const KEY: &str = "sk-test-DO-NOT-LEAK-7f3a9c";

/// Two interviews that cover every phase.
fn inputs() -> Vec<PathBuf> {
    vec![
        fixture("transcripts/01-strong-hire.md"),
        fixture("transcripts/02-solid-hire.txt"),
    ]
}

struct Run {
    _dir: tempfile::TempDir,
    out: PathBuf,
    cache: PathBuf,
    output: Output,
}

/// Runs `grade --judge llm` against `mock` with a fast retry policy.
fn run_llm(mock: &Mock, cache: Option<&Path>, extra: &[&str]) -> Run {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let out = dir.path().join("report");
    let cache = cache.map_or_else(|| dir.path().join("cache"), Path::to_path_buf);
    let config = dir.path().join("grade.toml");
    std::fs::write(&config, "[llm]\nbackoff_ms = 20\nretries = 2\n").expect("a config file");
    let output = Command::new(env!("CARGO_BIN_EXE_grade"))
        .args(inputs())
        .args(["--judge", "llm", "--out"])
        .arg(&out)
        .args(if extra.contains(&"--no-cache") {
            vec![]
        } else {
            vec!["--cache".as_ref(), cache.as_os_str()]
        })
        .arg("--config")
        .arg(&config)
        .args(extra)
        .env("CI", "true")
        .env("OPENAI_BASE_URL", &mock.url)
        .env("OPENAI_API_KEY", KEY)
        .env("GRADE_MODEL", "mock-model")
        .output()
        .expect("the grade binary runs");
    Run {
        _dir: dir,
        out,
        cache,
        output,
    }
}

fn run_json(run: &Run) -> Value {
    serde_json::from_str(&read(&run.out.join("run.json"))).expect("run.json is JSON")
}

fn card(run: &Run, id: &str) -> Value {
    serde_json::from_str(&read(
        &run.out.join("candidates").join(format!("{id}.json")),
    ))
    .expect("a JSON scorecard")
}

fn ids(run: &Run) -> Vec<String> {
    csv_rows(&run.out.join("cohort.csv"))
        .into_iter()
        .map(|r| r["candidate_id"].clone())
        .collect()
}

fn dim<'a>(card: &'a Value, id: &str) -> &'a Value {
    card["dimensions"]
        .as_array()
        .and_then(|d| d.iter().find(|d| d["id"] == id))
        .unwrap_or_else(|| panic!("no dimension {id}"))
}

#[test]
fn valid_answers_are_used_cached_and_the_request_is_as_specified() {
    let mock = Mock::start(|body, _| Reply::Content(good_answer(body, Some(3))));
    let run = run_llm(&mock, None, &["--price-in", "0.15", "--price-out", "0.60"]);
    assert_eq!(run.output.status.code(), Some(0), "{}", stderr(&run.output));
    let requests = mock.count();
    // Six dimensions for each of two interviews that cover every phase.
    assert_eq!(requests, 12);

    let rows = csv_rows(&run.out.join("cohort.csv"));
    assert!(rows.iter().all(|r| r["judge"] == "llm"), "{rows:?}");
    for id in ids(&run) {
        let card = card(&run, &id);
        assert_eq!(card["judge"], "llm");
        let tool = dim(&card, "tool_choice");
        assert_eq!(tool["judge"], "llm");
        assert_eq!(tool["score"].as_u64(), Some(3).min(tool["score"].as_u64()));
        let quote = tool["evidence"][0]["quote"]
            .as_str()
            .expect("a verified quote");
        let transcript = card["transcript"].to_string();
        assert!(
            transcript.contains(quote),
            "{quote} is not in the transcript"
        );
        assert!(card["strengths"][0]
            .as_str()
            .is_some_and(|s| s.contains("(llm judge)")));
    }
    let run_info = run_json(&run);
    assert_eq!(run_info["judge"], "llm");
    assert_eq!(run_info["model"], "mock-model");
    let llm = &run_info["llm"];
    assert_eq!(llm["calls_made"], 12);
    assert_eq!(llm["served_from_cache"], 0);
    assert_eq!(llm["prompt_tokens"], 12_000);
    assert_eq!(llm["completion_tokens"], 1_200);
    // 12,000 × $0.15 + 1,200 × $0.60 per million tokens.
    assert_eq!(llm["estimated_cost_usd"], 0.00252);

    // What was sent: the model, temperature 0, the strict schema with score
    // after the reasoning, the data fence; the key only in the header.
    let log = mock.requests.lock().expect("the request log");
    for r in log.iter() {
        let body = &r.body;
        assert_eq!(body["model"], "mock-model");
        assert_eq!(body["temperature"], 0);
        let format = &body["response_format"];
        assert_eq!(format["type"], "json_schema");
        assert_eq!(format["json_schema"]["strict"], true);
        let props: Vec<&String> = format["json_schema"]["schema"]["properties"]
            .as_object()
            .expect("schema properties")
            .keys()
            .collect();
        assert_eq!(props.last().map(|s| s.as_str()), Some("score"));
        let user = body["messages"][1]["content"].as_str().unwrap_or("");
        assert!(user.contains("<transcript>") && user.contains("never instructions"));
        assert!(
            !body.to_string().contains(KEY),
            "the key is in a request body"
        );
        assert!(
            r.headers.contains(&format!("Bearer {KEY}")),
            "{}",
            r.headers
        );
    }
    drop(log);

    // A rerun with the same inputs asks nothing.
    let again = run_llm(&mock, Some(&run.cache), &[]);
    assert_eq!(
        again.output.status.code(),
        Some(0),
        "{}",
        stderr(&again.output)
    );
    assert_eq!(mock.count(), requests, "the rerun made requests");
    assert_eq!(run_json(&again)["llm"]["served_from_cache"], 12);
    assert_eq!(run_json(&again)["llm"]["calls_made"], 0);
    assert_eq!(
        read(&run.out.join("cohort.csv")),
        read(&again.out.join("cohort.csv"))
    );

    // The key is in no file written: report or cache.
    for file in [&run.out, &run.cache]
        .into_iter()
        .flat_map(|d| crate::files_under(d).into_iter().map(move |f| d.join(f)))
    {
        let bytes = std::fs::read(&file).unwrap_or_default();
        assert!(
            !String::from_utf8_lossy(&bytes).contains(KEY),
            "the API key leaked into {}",
            file.display()
        );
    }
    assert!(!stderr(&run.output).contains(KEY));
}

#[test]
fn an_unusable_answer_falls_back_to_the_rules_for_that_dimension() {
    let mock = Mock::start(|body, _| {
        match dimension(body).as_str() {
        "ordering" => Reply::Content("I think the candidate did well, 3/4.".into()),
        "failure_handling" => Reply::Content(
            json!({"justification": "x", "evidence": [], "red_flags": [], "strength": "", "improvement": "", "score": 7}).to_string(),
        ),
        "consumption_scaling" => Reply::Length("{\"justification\": \"The candidate".into()),
        _ => Reply::Content(good_answer(body, Some(3))),
    }
    });
    let run = run_llm(&mock, None, &[]);
    assert_eq!(run.output.status.code(), Some(0), "{}", stderr(&run.output));
    let rows = csv_rows(&run.out.join("cohort.csv"));
    assert!(rows.iter().all(|r| r["judge"] == "llm+rules"), "{rows:?}");
    let card = card(&run, &ids(&run)[0]);
    assert_eq!(card["judge"], "llm+rules");
    for id in ["ordering", "failure_handling", "consumption_scaling"] {
        let d = dim(&card, id);
        assert_eq!(d["judge"], "rules", "{id}");
        assert!(
            d["justification"]
                .as_str()
                .is_some_and(|j| j.starts_with("The LLM judge's answer could not be used")),
            "{d}"
        );
    }
    let reasons: String = ["ordering", "failure_handling", "consumption_scaling"]
        .iter()
        .map(|id| dim(&card, id)["justification"].to_string())
        .collect();
    assert!(
        reasons.contains("not valid JSON") || reasons.contains("no JSON object"),
        "{reasons}"
    );
    assert!(reasons.contains("outside 1 to 4"), "{reasons}");
    assert!(reasons.contains("cut off at the token limit"), "{reasons}");
    assert_eq!(dim(&card, "tool_choice")["judge"], "llm");
    let llm = &run_json(&run)["llm"];
    assert_eq!(llm["fallbacks"], 6);
    assert_eq!(llm["invalid_answers"], 6);
}

#[test]
fn invented_quotes_are_dropped_and_an_unsupported_score_is_low_confidence() {
    let mock = Mock::start(|body, _| {
        let mut answer: Value =
            serde_json::from_str(&good_answer(body, Some(4))).unwrap_or(Value::Null);
        if dimension(body) == "delivery_semantics" {
            answer["evidence"] = json!([
                {"line": 3, "quote": "I would use exactly-once delivery with a two-phase commit across Stripe"},
                {"line": 9999, "quote": "idempotency keys everywhere"}
            ]);
            answer["red_flags"] = json!(["not_a_rubric_flag"]);
        }
        Reply::Content(answer.to_string())
    });
    let run = run_llm(&mock, None, &[]);
    assert_eq!(run.output.status.code(), Some(0), "{}", stderr(&run.output));
    let card = card(&run, &ids(&run)[0]);
    let d = dim(&card, "delivery_semantics");
    assert_eq!(d["judge"], "llm");
    assert_eq!(d["evidence"].as_array().map(Vec::len), Some(0), "{d}");
    assert_eq!(d["confidence"], "low");
    assert!(d["confidence_reason"]
        .as_str()
        .is_some_and(|r| r.contains("none of the 2 quotes")));
    assert!(card["warnings"].to_string().contains("needs_review"));
    let llm = &run_json(&run)["llm"];
    assert_eq!(llm["dropped_quotes"], 4);
    assert_eq!(llm["dropped_red_flags"], 2);
    assert_eq!(llm["fallbacks"], 0);
}

#[test]
fn a_429_is_retried_after_retry_after_and_lowers_concurrency() {
    let mock = Mock::start(|body, n| {
        if n < 3 {
            Reply::Raw(
                429,
                vec![("Retry-After".into(), "1".into())],
                "{\"error\": {\"message\": \"Rate limit reached\", \"type\": \"requests\"}}".into(),
            )
        } else {
            Reply::Content(good_answer(body, Some(3)))
        }
    });
    let started = Instant::now();
    let run = run_llm(&mock, None, &["--concurrency", "4"]);
    assert_eq!(run.output.status.code(), Some(0), "{}", stderr(&run.output));
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After was not honoured"
    );
    let llm = &run_json(&run)["llm"];
    assert_eq!(llm["rate_limited"], 3);
    assert_eq!(llm["retried"], 3);
    assert_eq!(llm["failed"], 0);
    assert_eq!(llm["calls_made"], 12);
    assert!(llm["lowest_concurrency"].as_u64() < Some(4), "{llm}");
    assert!(csv_rows(&run.out.join("cohort.csv"))
        .iter()
        .all(|r| r["judge"] == "llm"));
}

#[test]
fn server_errors_and_broken_connections_are_retried_then_fall_back() {
    // Every request's first attempt fails in one of three ways and its retry
    // succeeds, except for ordering, which always gets 503.
    let attempts = std::sync::Mutex::new(std::collections::HashMap::<String, usize>::new());
    let mock = Mock::start(move |body, _| {
        if dimension(body) == "ordering" {
            return Reply::Raw(503, vec![], "upstream unavailable".into());
        }
        let mut seen = attempts.lock().expect("the attempt log");
        let distinct = seen.len();
        let tries = seen.entry(body.to_string()).or_insert(0);
        *tries += 1;
        match (*tries, distinct % 3) {
            (1, 0) => Reply::Raw(500, vec![], "<html>internal error</html>".into()),
            (1, 1) => Reply::Hangup,
            (1, _) => Reply::Truncated,
            _ => Reply::Content(good_answer(body, Some(2))),
        }
    });
    let run = run_llm(&mock, None, &[]);
    assert_eq!(run.output.status.code(), Some(0), "{}", stderr(&run.output));
    let llm = &run_json(&run)["llm"];
    // Ordering: 1 attempt + 2 retries, for each of the two interviews.
    assert_eq!(llm["failed"], 2, "{llm}");
    assert_eq!(llm["fallbacks"], 2, "{llm}");
    // One retry for each of the 10 other requests, two for each ordering one.
    assert_eq!(llm["retried"], 14, "{llm}");
    assert_eq!(llm["calls_made"], 10, "{llm}");
    let card = card(&run, &ids(&run)[0]);
    let ordering = dim(&card, "ordering");
    assert_eq!(ordering["judge"], "rules");
    assert!(ordering["justification"]
        .as_str()
        .is_some_and(|j| j.contains("HTTP 503: upstream unavailable, after 3 attempts")));
    assert!(stderr(&run.output).contains("the rules judge scored those dimensions"));
    // Failures are not cached: a rerun asks again for ordering only.
    let before = mock.count();
    let again = run_llm(&mock, Some(&run.cache), &[]);
    assert_eq!(again.output.status.code(), Some(0));
    assert_eq!(mock.count() - before, 2 * 3);
}

#[test]
fn a_hung_request_times_out_and_the_run_stays_bounded() {
    let mock = Mock::start(|body, _| {
        if dimension(body) == "communication" {
            Reply::Slow(
                Duration::from_secs(30),
                Box::new(Reply::Content(good_answer(body, Some(3)))),
            )
        } else {
            Reply::Content(good_answer(body, Some(3)))
        }
    });
    let started = Instant::now();
    let run = run_llm(&mock, None, &["--timeout", "0.5", "--retries", "1"]);
    let took = started.elapsed();
    assert_eq!(run.output.status.code(), Some(0), "{}", stderr(&run.output));
    assert!(took < Duration::from_secs(15), "took {took:?}");
    let card = card(&run, &ids(&run)[0]);
    let comm = dim(&card, "communication");
    assert_eq!(comm["judge"], "rules");
    assert!(
        comm["justification"]
            .to_string()
            .contains("no answer within"),
        "{comm}"
    );
    assert_eq!(run_json(&run)["llm"]["failed"], 2);
}

#[test]
fn samples_are_reduced_by_the_median_and_disagreement_asks_for_review() {
    let mock = Mock::start(|body, _| {
        let seed = body["seed"].as_u64().unwrap_or(0);
        let score = if dimension(body) == "tool_choice" {
            [1, 4, 2][seed as usize % 3]
        } else {
            [3, 3, 2][seed as usize % 3]
        };
        Reply::Content(good_answer(body, Some(score)))
    });
    let run = run_llm(&mock, None, &["--samples", "3"]);
    assert_eq!(run.output.status.code(), Some(0), "{}", stderr(&run.output));
    assert_eq!(mock.count(), 36);
    let card = card(&run, &ids(&run)[0]);
    let tool = dim(&card, "tool_choice");
    // Median of 1, 4, 2 is 2 (before any hint cap or flag).
    assert!(tool["score"].as_u64() <= Some(2), "{tool}");
    assert_eq!(tool["confidence"], "low");
    assert!(tool["confidence_reason"]
        .as_str()
        .is_some_and(|r| r.contains("samples disagree")));
    assert!(tool["justification"]
        .as_str()
        .is_some_and(|j| j.contains("Median of 3 samples: 1, 2, 4")));
    let delivery = dim(&card, "delivery_semantics");
    assert_ne!(delivery["confidence"], "low", "{delivery}");
    assert_eq!(run_json(&run)["llm"]["samples_disagreed"], 2);
}

#[test]
fn cache_stats_and_clear_report_the_folder() {
    let mock = Mock::start(|body, _| Reply::Content(good_answer(body, Some(3))));
    let run = run_llm(&mock, None, &[]);
    assert_eq!(run.output.status.code(), Some(0));
    let cache = run.cache.to_str().expect("a UTF-8 path");
    let stats = crate::grade(["cache", "stats", "--cache", cache]);
    let text = String::from_utf8_lossy(&stats.stdout).into_owned();
    assert!(text.contains("12 cached answers"), "{text}");
    let clear = crate::grade(["cache", "clear", "--cache", cache]);
    assert!(String::from_utf8_lossy(&clear.stdout).contains("removed 12 cached answers"));
    let stats = crate::grade(["cache", "stats", "--cache", cache]);
    assert!(String::from_utf8_lossy(&stats.stdout).contains(": 0 cached answers"));
}

#[test]
fn no_cache_asks_every_time() {
    let mock = Mock::start(|body, _| Reply::Content(good_answer(body, Some(3))));
    let first = run_llm(&mock, None, &["--no-cache"]);
    assert_eq!(
        first.output.status.code(),
        Some(0),
        "{}",
        stderr(&first.output)
    );
    assert!(!first.cache.exists());
    let _second = run_llm(&mock, None, &["--no-cache"]);
    assert_eq!(mock.count(), 24);
}

#[test]
fn a_red_flag_the_model_quotes_lowers_its_dimension_and_is_shown() {
    let mock = Mock::start(|body, _| {
        let mut answer: Value =
            serde_json::from_str(&good_answer(body, Some(3))).unwrap_or(Value::Null);
        if dimension(body) == "ordering" {
            answer["red_flags"] = json!(["global_ordering_myth"]);
        }
        Reply::Content(answer.to_string())
    });
    let run = run_llm(&mock, None, &[]);
    assert_eq!(run.output.status.code(), Some(0), "{}", stderr(&run.output));
    let id = &ids(&run)[0];
    let card = card(&run, id);
    let flag = card["red_flags"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["id"] == "global_ordering_myth"))
        .expect("the model's flag is reported");
    assert!(flag["quote"].as_str().is_some_and(|q| !q.is_empty()));
    let ordering = dim(&card, "ordering");
    assert!(ordering["score"].as_u64() <= Some(2), "{ordering}");
    assert!(ordering["justification"]
        .as_str()
        .is_some_and(|j| j.contains("Red flag global_ordering_myth")));
    let html = read(&run.out.join("candidates").join(format!("{id}.html")));
    assert!(html.contains("scored by the llm judge"));
    assert_ne!(card["recommendation"], "strong_hire");
}

#[test]
fn the_retry_budget_bounds_a_failing_server() {
    let mock = Mock::start(|_, _| Reply::Raw(503, vec![], "down for maintenance".into()));
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("grade.toml");
    std::fs::write(
        &config,
        "[llm]\nbackoff_ms = 10\nretries = 5\nretry_budget = 3\n",
    )
    .unwrap();
    let out = dir.path().join("report");
    let output = Command::new(env!("CARGO_BIN_EXE_grade"))
        .args(inputs())
        .args(["--judge", "llm", "--no-cache", "--config"])
        .arg(&config)
        .arg("--out")
        .arg(&out)
        .env("CI", "true")
        .env("OPENAI_BASE_URL", &mock.url)
        .output()
        .expect("the grade binary runs");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let llm = &serde_json::from_str::<Value>(&read(&out.join("run.json"))).unwrap()["llm"];
    // 12 first attempts, then 3 retries in all, whatever the per-request limit.
    assert_eq!(llm["retried"], 3, "{llm}");
    assert_eq!(mock.count(), 15);
    assert_eq!(llm["failed"], 12);
    assert_eq!(llm["fallbacks"], 12);
    assert!(
        stderr(&output).contains("retry budget is spent"),
        "{}",
        stderr(&output)
    );
    // Every candidate is still graded, by the rules, and says why.
    let rows = csv_rows(&out.join("cohort.csv"));
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|r| r["judge"] == "rules"));
}
