//! The bundled example transcripts graded against their expert labels.

use std::collections::BTreeMap;

use crate::{csv_rows, fixture, grade_into, read, stderr};

const DIMENSIONS: [&str; 6] = [
    "tool_choice",
    "delivery_semantics",
    "ordering",
    "failure_handling",
    "consumption_scaling",
    "communication",
];

/// The rules judge against `fixtures/labels.csv`. Tolerance: each dimension
/// within one level of the label, "not assessed" exactly where the label has
/// it, overall within 0.5; recommendation, red flags, highest hint level,
/// phases covered, ids, names and formats exact.
#[test]
fn rules_judge_agrees_with_the_expert_labels() {
    let (_dir, out, output) = grade_into(&[&fixture("transcripts")], &["--judge", "rules"]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "dead letters expected: {}",
        stderr(&output)
    );
    let labels = csv_rows(&fixture("labels.csv"));
    let got: BTreeMap<String, BTreeMap<String, String>> = csv_rows(&out.join("cohort.csv"))
        .into_iter()
        .map(|r| (r["source"].clone(), r))
        .collect();
    assert_eq!(
        labels.len(),
        got.len(),
        "every labelled transcript is graded, nothing else"
    );
    let mut problems = Vec::new();
    let mut exact = 0;
    let mut total = 0;
    for label in &labels {
        let source = &label["source"];
        let Some(row) = got.get(source) else {
            problems.push(format!("{source}: not graded"));
            continue;
        };
        for key in [
            "candidate_id",
            "candidate_name",
            "format",
            "judge",
            "recommendation",
            "red_flags",
            "max_hint_level",
            "phases_covered",
        ] {
            if label[key] != row[key] {
                problems.push(format!(
                    "{source}: {key} is {:?}, label {:?}",
                    row[key], label[key]
                ));
            }
        }
        for d in DIMENSIONS {
            total += 1;
            let (want, have) = (&label[d], &row[d]);
            match (want.parse::<i32>(), have.parse::<i32>()) {
                (Ok(w), Ok(h)) if (w - h).abs() <= 1 => exact += usize::from(w == h),
                (Err(_), Err(_)) if want.is_empty() && have.is_empty() => exact += 1,
                _ => problems.push(format!("{source}: {d} is {have:?}, label {want:?}")),
            }
        }
        let (w, h) = (
            label["overall"].parse::<f64>(),
            row["overall"].parse::<f64>(),
        );
        match (w, h) {
            (Ok(w), Ok(h)) if (w - h).abs() <= 0.5 => {}
            _ => problems.push(format!(
                "{source}: overall {:?}, label {:?}",
                row["overall"], label["overall"]
            )),
        }
    }
    assert!(
        problems.is_empty(),
        "disagreements with the labels:\n{}",
        problems.join("\n")
    );
    // Not a tolerance: a floor that catches a judge drifting off by one everywhere.
    assert!(
        exact * 100 >= total * 75,
        "only {exact} of {total} dimension scores match the labels exactly"
    );
}

#[test]
fn bad_files_are_dead_lettered_with_reasons_and_the_rest_graded() {
    let (_dir, out, output) = grade_into(&[&fixture("transcripts")], &[]);
    assert_eq!(output.status.code(), Some(1));
    let dead: BTreeMap<String, (String, String)> = csv_rows(&out.join("dead-letter.csv"))
        .into_iter()
        .map(|r| {
            (
                r["source"].clone(),
                (r["stage"].clone(), r["error"].clone()),
            )
        })
        .collect();
    assert_eq!(dead.len(), 3, "{dead:?}");
    assert_eq!(
        dead["empty.txt"],
        ("ingest".into(), "the file is empty".into())
    );
    assert_eq!(
        dead["call-recording.wav"].1,
        "the file is binary, not a text transcript (byte 6 is a NUL)"
    );
    assert!(
        dead["no-candidate-turns.txt"]
            .1
            .starts_with("the candidate never speaks"),
        "{:?}",
        dead["no-candidate-turns.txt"]
    );
    // Every other file still has its scorecard.
    let rows = csv_rows(&out.join("cohort.csv"));
    let labelled = csv_rows(&fixture("labels.csv")).len();
    assert_eq!(rows.len(), labelled);
    for row in &rows {
        let id = &row["candidate_id"];
        assert!(
            out.join(format!("candidates/{id}.json")).is_file(),
            "{id}.json"
        );
        assert!(
            out.join(format!("candidates/{id}.html")).is_file(),
            "{id}.html"
        );
    }
    let summary = String::from_utf8_lossy(&output.stdout);
    assert!(
        summary.contains(&format!(
            "Graded {labelled} transcripts, 3 could not be graded"
        )),
        "{summary}"
    );
    let index = read(&out.join("index.html"));
    assert!(
        index.contains("call-recording.wav"),
        "the index lists dead-lettered files"
    );
}

#[test]
fn same_inputs_give_byte_identical_csv_and_json() {
    let (_a, first, _) = grade_into(&[&fixture("transcripts")], &["--jobs", "2"]);
    let (_b, second, _) = grade_into(&[&fixture("transcripts")], &["--jobs", "1"]);
    let mut compared = 0;
    for dir in ["", "candidates"] {
        for entry in std::fs::read_dir(first.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name == "run.json" || !(name.ends_with(".csv") || name.ends_with(".json")) {
                continue;
            }
            let other = second.join(dir).join(&name);
            assert!(
                std::fs::read(&path).unwrap() == std::fs::read(&other).unwrap(),
                "{name} differs between runs"
            );
            compared += 1;
        }
    }
    let labelled = csv_rows(&fixture("labels.csv")).len();
    assert_eq!(
        compared,
        2 + labelled,
        "cohort.csv, dead-letter.csv and one JSON scorecard per graded transcript"
    );
}
