//! `grade compare`: two cohorts side by side.

use crate::{csv_rows, fixture, grade, grade_into, read, stderr};

#[test]
fn compare_two_report_folders() {
    let (_a, a, _) = grade_into(&[&fixture("transcripts")], &[]);
    let (_b, b, _) = grade_into(&[&fixture("cases")], &[]);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cmp");
    let output = grade([
        "compare".as_ref(),
        a.as_os_str(),
        b.join("cohort.csv").as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let table = String::from_utf8_lossy(&output.stdout);
    assert!(
        table.contains("tool_choice") && table.contains("strong_hire") && table.contains("B-A"),
        "{table}"
    );
    let rows = csv_rows(&out.join("compare.csv"));
    assert_eq!(
        rows.len(),
        6 + 5,
        "one row per dimension and per recommendation"
    );
    let tool = rows.iter().find(|r| r["name"] == "tool_choice").unwrap();
    let (ma, mb): (f64, f64) = (tool["a"].parse().unwrap(), tool["b"].parse().unwrap());
    let diff: f64 = tool["difference"].parse().unwrap();
    assert!((mb - ma - diff).abs() < 0.011, "{tool:?}");
    // The means agree with the cohort they come from.
    let cohort = csv_rows(&a.join("cohort.csv"));
    let scores: Vec<f64> = cohort
        .iter()
        .filter_map(|r| r["tool_choice"].parse().ok())
        .collect();
    let mean = scores.iter().sum::<f64>() / scores.len() as f64;
    assert!((mean - ma).abs() < 0.006, "{mean} vs {ma}");
    assert!(read(&out.join("compare.html")).contains("Cohort comparison"));
}

#[test]
fn compare_says_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let output = grade([
        "compare".as_ref(),
        dir.path().as_os_str(),
        dir.path().as_os_str(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("has no cohort.csv"),
        "{}",
        stderr(&output)
    );
}
