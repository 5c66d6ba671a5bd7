//! Single-purpose transcripts that pin one behaviour each.

use crate::{csv_rows, fixture, grade_into, read};

fn dimension(card: &serde_json::Value, id: &str) -> serde_json::Value {
    card["dimensions"]
        .as_array()
        .and_then(|d| d.iter().find(|d| d["id"] == id))
        .cloned()
        .unwrap_or_else(|| panic!("no dimension {id}"))
}

/// Writes `files` (name, text) into a fresh folder and grades that folder
/// into its `report/`; returns the folder, the report and the output.
fn grade_written(
    files: &[(&str, &str)],
) -> (tempfile::TempDir, std::path::PathBuf, std::process::Output) {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let out = dir.path().join("report");
    let output = crate::grade([dir.path().as_os_str(), "--out".as_ref(), out.as_os_str()]);
    (dir, out, output)
}

fn scorecard(out: &std::path::Path, id: &str) -> serde_json::Value {
    serde_json::from_str(&read(&out.join(format!("candidates/{id}.json")))).expect("valid JSON")
}

#[test]
fn a_level_4_hint_caps_the_dimension_at_1_however_good_the_answer_after_it() {
    let (_dir, out, output) = grade_into(&[&fixture("cases/level4-hint-then-perfect.txt")], &[]);
    assert_eq!(output.status.code(), Some(0));
    let card = scorecard(&out, "CASE-L4");
    let ordering = dimension(&card, "ordering");
    assert_eq!(ordering["hint_level"], 4);
    assert_eq!(ordering["score"], 1, "{ordering}");
    // The answer itself would have earned more: the cap, not the evidence, decided.
    assert!(ordering["capped_by_hint"] == 1, "{ordering}");
    assert!(
        ordering["evidence"]
            .as_array()
            .is_some_and(|e| e.len() >= 3),
        "{ordering}"
    );
    assert_eq!(card["max_hint_level"], 4);
}

#[test]
fn words_spoken_only_by_the_interviewer_earn_no_credit() {
    let (_dir, out, _) = grade_into(&[&fixture("cases/interviewer-says-it-all.txt")], &[]);
    let card = scorecard(&out, "CASE-ECHO");
    let delivery = dimension(&card, "delivery_semantics");
    assert_eq!(delivery["score"], 1, "{delivery}");
    assert_eq!(
        delivery["evidence"],
        serde_json::json!([]),
        "no quote may come from the interviewer"
    );
    // Every evidence quote anywhere is from a candidate turn.
    let turns = card["transcript"].as_array().unwrap();
    for d in card["dimensions"].as_array().unwrap() {
        for e in d["evidence"].as_array().unwrap() {
            let quote = e["quote"].as_str().unwrap();
            assert!(
                turns.iter().any(
                    |t| t["role"] == "candidate" && t["text"].as_str().unwrap().contains(quote)
                ),
                "{quote:?} is not a candidate's words"
            );
        }
    }
}

#[test]
fn hostile_content_is_escaped_in_html_and_neutralised_in_csv() {
    let (dir, out, output) = grade_into(&[&fixture("cases/hostile.md")], &[]);
    assert_eq!(output.status.code(), Some(0), "{}", crate::stderr(&output));
    let rows = csv_rows(&out.join("cohort.csv"));
    let id = rows[0]["candidate_id"].clone();
    assert_eq!(id, "escape-script-", "the id is a safe file name");
    assert!(
        rows[0]["candidate_name"].starts_with("'=HYPERLINK"),
        "{:?}",
        rows[0]["candidate_name"]
    );
    // Nothing was written outside the report folder.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["report"]);
    for page in [
        out.join("index.html"),
        out.join(format!("candidates/{id}.html")),
    ] {
        let html = read(&page);
        for raw in ["<script>alert", "<img src=x", "onerror=alert(1)>"] {
            assert!(
                !html.contains(raw),
                "{} contains {raw:?} unescaped",
                page.display()
            );
        }
        assert!(
            html.contains("&lt;script&gt;alert("),
            "{} shows the text escaped",
            page.display()
        );
    }
    let card = read(&out.join(format!("candidates/{id}.html")));
    assert!(
        card.contains("{{ config }}"),
        "template syntax in a transcript renders as text"
    );
}

#[test]
fn a_panel_is_read_with_everyone_but_the_candidate_on_the_interviewer_side() {
    let panel = fixture("cases/panel.txt");
    for declared in [false, true] {
        let extra: &[&str] = if declared {
            &["--interviewer", "Dana Reyes"]
        } else {
            &[]
        };
        let (_dir, out, output) = grade_into(&[&panel], extra);
        assert_eq!(output.status.code(), Some(0), "{}", crate::stderr(&output));
        let card = scorecard(&out, "panel");
        assert_eq!(card["roles"]["candidate"], "Ifeoma Chukwu");
        assert_eq!(
            card["roles"]["interviewers"],
            serde_json::json!(["Dana Reyes", "Tom Harris", "Li Wei"])
        );
        // With the interviewer declared, the candidate is still a guess (who says
        // the most), so the roles are inferred either way, never presented as declared.
        assert_eq!(card["roles"]["method"], "inferred");
        assert!(card["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w.as_str().unwrap().starts_with("roles_inferred")));
        assert_eq!(card["candidate_name"], "Ifeoma Chukwu");
        // Li Wei's follow-up questions are interviewer words: no credit, and they are not the candidate's.
        let turns = card["transcript"].as_array().unwrap();
        assert!(turns
            .iter()
            .filter(|t| t["speaker"] == "Li Wei")
            .all(|t| t["role"] == "interviewer"));
        assert!(dimension(&card, "delivery_semantics")["score"].as_u64() >= Some(3));
    }
}

#[test]
fn a_red_flag_costs_a_level_even_under_a_hint_cap() {
    let (_dir, out, _) = grade_into(&[&fixture("cases/flag-after-hint.txt")], &[]);
    let card = scorecard(&out, "CASE-FLAG");
    let ordering = dimension(&card, "ordering");
    assert_eq!(ordering["hint_level"], 2);
    assert_eq!(ordering["capped_by_hint"], 2, "{ordering}");
    assert_eq!(
        ordering["red_flags"],
        serde_json::json!(["global_ordering_myth"])
    );
    assert_eq!(
        ordering["score"], 1,
        "capped at 2, then lowered by the flag: {ordering}"
    );
}

#[test]
fn sessions_of_one_candidate_make_one_scorecard_and_the_later_wins() {
    let first = "---\ncandidate_id: C-77\ncandidate_name: Ana Lima\ndate: 2026-03-01\n---\n\
        Interviewer: In Kafka, how do we guarantee that all events for a specific user_id are processed in the exact order they were generated?\n\
        Candidate: I am not sure, I never worked with that and I do not know what to say.\n\
        Interviewer: Okay, we stop here for today.\n";
    let second = "---\ncandidate_id: C-77\ndate: 2026-03-08\n---\n\
        Interviewer: Welcome back. In Kafka, how do we guarantee that all events for a specific user_id are processed in the exact order they were generated?\n\
        Candidate: Kafka only keeps order within a partition, so the producer uses the user_id as the message key; the key is hashed modulo the partition count, and one consumer in the group reads that partition in sequence.\n\
        Interviewer: Our worker reads a message, charges the user's credit card, and then crashes before acknowledging the message. What happens next?\n\
        Candidate: The broker redelivers it to another worker and the card is charged twice, so the worker checks an idempotency key before charging and acks only after the charge.\n";
    // File names sort the second session first: dates, not names, order sessions.
    let (_dir, out, output) = grade_written(&[("a-second.txt", second), ("b-first.txt", first)]);
    assert_eq!(output.status.code(), Some(0), "{}", crate::stderr(&output));
    let rows = csv_rows(&out.join("cohort.csv"));
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0]["source"], "b-first.txt;a-second.txt",
        "every file, in date order"
    );
    assert_eq!(rows[0]["candidate_name"], "Ana Lima");
    let card = scorecard(&out, "C-77");
    assert_eq!(card["sessions"].as_array().unwrap().len(), 2);
    let ordering = dimension(&card, "ordering");
    assert!(
        ordering["score"].as_u64() >= Some(3),
        "the later session wins: {ordering}"
    );
    assert!(ordering["justification"]
        .as_str()
        .unwrap()
        .starts_with("From session 2 (a-second.txt)"));
    assert!(dimension(&card, "delivery_semantics")["score"].as_u64() >= Some(3));
    let html = read(&out.join("candidates/C-77.html"));
    assert!(
        html.contains("id=\"S1-L8\"") && html.contains("href=\"#S1-L8\""),
        "evidence links into the right session"
    );
}

#[test]
fn role_labels_that_turn_into_the_declared_names_halfway_are_one_candidate() {
    let switching = "---\ncandidate_id: C-88\ncandidate_name: Stefan Jovanović\ninterviewer: Magdalena Nowak\n---\n\
        Interviewer: We are building an order processing system. Should we use Kafka or RabbitMQ?\n\
        Candidate: Kafka, because the log keeps the orders after they are read, so billing and shipping each replay them.\n\
        Magdalena Nowak: Our worker reads a message, charges the user's credit card, and then crashes before acknowledging the message. What happens next?\n\
        Stefan Jovanović: The broker redelivers it and the card is charged twice, so the worker checks an idempotency key before charging and acks after.\n";
    // Two people who both say they are the candidate are still refused.
    let two = "Participants: Ana (candidate), Ben (candidate), Eva (interviewer)\n\
        Eva: We are building an order processing system. Should we use Kafka or RabbitMQ?\n\
        Ana: Kafka.\n\
        Ben: RabbitMQ.\n";
    let (_dir, out, output) = grade_written(&[("switching.txt", switching), ("two.txt", two)]);
    assert_eq!(output.status.code(), Some(1), "{}", crate::stderr(&output));
    let card = scorecard(&out, "C-88");
    assert_eq!(card["roles"]["candidate"], "Stefan Jovanović");
    assert_eq!(
        card["roles"]["interviewers"],
        serde_json::json!(["Interviewer", "Magdalena Nowak"])
    );
    // Both halves are the candidate's answers.
    assert!(dimension(&card, "tool_choice")["score"].as_u64() >= Some(2));
    assert!(dimension(&card, "delivery_semantics")["score"].as_u64() >= Some(3));
    let dead = read(&out.join("dead-letter.csv"));
    assert!(
        dead.contains("two.txt")
            && dead.contains("more than one speaker is labelled as the candidate (Ana, Ben)"),
        "{dead}"
    );
}

#[test]
fn a_possible_red_flag_of_one_session_stays_for_review_in_the_merged_scorecard() {
    let first = "---\ncandidate_id: C-91\ndate: 2026-03-01\n---\n\
        Interviewer: We are building an order processing system. Should we use Kafka or RabbitMQ?\n\
        Candidate: Kafka, because billing and shipping both read the orders. Kafka keeps the whole topic in order, so nothing can overtake.\n";
    let second = "---\ncandidate_id: C-91\ndate: 2026-03-08\n---\n\
        Interviewer: Our worker reads a message, charges the user's credit card, and then crashes before acknowledging the message. What happens next?\n\
        Candidate: The broker redelivers it and the card is charged twice, so the worker checks an idempotency key before charging and acks after.\n";
    let (_dir, out, output) = grade_written(&[("first.txt", first), ("second.txt", second)]);
    assert_eq!(output.status.code(), Some(0), "{}", crate::stderr(&output));
    let card = scorecard(&out, "C-91");
    assert_eq!(card["red_flags"], serde_json::json!([]));
    let review: Vec<&str> = card["review"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r.as_str())
        .collect();
    assert!(
        review
            .iter()
            .any(|r| r.starts_with("possible red flag global_ordering_myth")
                && r.ends_with("(session 1)")),
        "{review:?}"
    );
}
