//! Single-purpose transcripts that pin one behaviour each.

use crate::{csv_rows, fixture, grade_into, read};

fn dimension(card: &serde_json::Value, id: &str) -> serde_json::Value {
    card["dimensions"]
        .as_array()
        .and_then(|d| d.iter().find(|d| d["id"] == id))
        .cloned()
        .unwrap_or_else(|| panic!("no dimension {id}"))
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
