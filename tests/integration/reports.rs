//! The output contract of SPEC §3.

use crate::{fixture, grade_into, read};

#[test]
fn every_report_file_is_written_with_the_contract_header() {
    let (_dir, out, _) = grade_into(&[&fixture("transcripts")], &[]);
    for file in ["index.html", "cohort.csv", "dead-letter.csv", "run.json"] {
        assert!(out.join(file).is_file(), "{file} is written");
    }
    let csv = read(&out.join("cohort.csv"));
    assert_eq!(
        csv.lines().next().unwrap(),
        "candidate_id,candidate_name,source,format,judge,tool_choice,delivery_semantics,ordering,\
failure_handling,consumption_scaling,communication,overall,recommendation,red_flags,max_hint_level,\
phases_covered,warnings"
    );
    assert_eq!(
        read(&out.join("dead-letter.csv")).lines().next().unwrap(),
        "source,stage,error"
    );
    let run: serde_json::Value = serde_json::from_str(&read(&out.join("run.json"))).unwrap();
    assert_eq!(run["status"], "complete");
    assert_eq!(run["judge"], "rules");
    assert_eq!(run["graded"], crate::csv_rows(&fixture("labels.csv")).len());
    assert_eq!(run["dead_lettered"], 3);
    assert_eq!(run["rubric"]["id"], "async-messaging");
    assert_eq!(run["rubric"]["sha256"].as_str().map(str::len), Some(64));
    assert_eq!(run["llm"]["calls_made"], 0);
    // No temporary files are left behind by the atomic writes.
    for dir in [out.clone(), out.join("candidates")] {
        for entry in std::fs::read_dir(dir).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            assert!(!name.ends_with(".tmp"), "{name} left behind");
        }
    }
}

#[test]
fn the_json_scorecard_carries_scores_evidence_and_coverage() {
    let (_dir, out, _) = grade_into(&[&fixture("transcripts/04-weak-misconceptions.md")], &[]);
    let card: serde_json::Value =
        serde_json::from_str(&read(&out.join("candidates/C-2050.json"))).unwrap();
    assert_eq!(card["recommendation"], "strong_no_hire");
    assert_eq!(card["rubric"]["id"], "async-messaging");
    assert_eq!(card["dimensions"].as_array().unwrap().len(), 6);
    let flags = card["red_flags"].as_array().unwrap();
    assert!(!flags.is_empty());
    let transcript = read(&fixture("transcripts/04-weak-misconceptions.md"));
    let lines: Vec<&str> = transcript.lines().collect();
    for flag in flags {
        // The quote is verbatim on the line it cites (or starts there).
        let line = flag["line"].as_u64().unwrap() as usize;
        let quote = flag["quote"].as_str().unwrap();
        let first = quote.lines().next().unwrap();
        assert!(
            lines[line - 1].contains(first),
            "{quote:?} is not on line {line}"
        );
        assert!(!flag["correct_answer"].as_str().unwrap().is_empty());
    }
    assert_eq!(card["phases"].as_array().unwrap().len(), 4);
    assert_eq!(card["max_hint_level"], 4);
    let improvements = card["improvements"].as_array().unwrap();
    assert_eq!(improvements.len(), 3);
    let resources = card["resources"].as_array().unwrap();
    assert!((2..=3).contains(&resources.len()), "{resources:?}");
}

#[test]
fn the_scorecard_page_links_evidence_to_transcript_lines() {
    let (_dir, out, _) = grade_into(&[&fixture("transcripts/01-strong-hire.md")], &[]);
    let html = read(&out.join("candidates/C-2031.html"));
    let card: serde_json::Value =
        serde_json::from_str(&read(&out.join("candidates/C-2031.json"))).unwrap();
    let evidence_line = card["dimensions"][0]["evidence"][0]["line"]
        .as_u64()
        .unwrap();
    assert!(html.contains(&format!("href=\"#L{evidence_line}\"")));
    assert!(html.contains(&format!("id=\"L{evidence_line}\"")));
    assert!(html.contains("Draft for human review"));
    assert!(html.contains("Strong hire"));
    // No red flag, so nothing to confirm.
    assert!(!html.contains("confirm each against its quote"));
    for external in ["<link", "src=\"http", "@import", "url(http", "<script src"] {
        assert!(
            !html.contains(external),
            "the page loads nothing from the network ({external})"
        );
    }
}

#[test]
fn every_scorecard_lists_three_improvements_and_three_strengths_when_the_evidence_has_them() {
    let (_dir, out, _) = grade_into(&[&fixture("transcripts")], &[]);
    let mut cards = 0;
    for entry in std::fs::read_dir(out.join("candidates")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let card: serde_json::Value = serde_json::from_str(&read(&path)).unwrap();
        let improvements = card["improvements"].as_array().unwrap();
        assert_eq!(improvements.len(), 3, "{}", path.display());
        let available: usize = card["dimensions"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["score"].as_u64().is_some_and(|s| s >= 2))
            .map(|d| d["strengths"].as_array().map_or(0, Vec::len))
            .sum();
        let strengths = card["strengths"].as_array().unwrap();
        assert_eq!(strengths.len(), available.min(3), "{}", path.display());
        // Each strength cites the line of its evidence.
        assert!(
            strengths
                .iter()
                .all(|s| s.as_str().unwrap().contains("(line ")),
            "{strengths:?}"
        );
        cards += 1;
    }
    assert_eq!(cards, crate::csv_rows(&fixture("labels.csv")).len());
}

#[test]
fn a_rules_judge_red_flag_asks_to_be_confirmed_against_its_quote() {
    let (_dir, out, _) = grade_into(&[&fixture("transcripts/10-exactly-once-myth.txt")], &[]);
    let page = std::fs::read_dir(out.join("candidates"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "html"))
        .expect("a scorecard page");
    let html = read(&page);
    assert!(
        html.contains("exactly_once_myth"),
        "the fixture has the myth"
    );
    assert!(html.contains("confirm each against its quote"));
}
