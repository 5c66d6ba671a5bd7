//! `grade calibrate`: agreement with human labels, as committees use it.

use crate::{fixture, grade, read, stderr};

#[test]
fn calibrate_grades_compares_and_writes_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    let labels = fixture("labels.csv");
    let output = grade([
        "calibrate".as_ref(),
        labels.as_os_str(),
        fixture("transcripts").as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--min-qwk".as_ref(),
        "0.78".as_ref(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let table = String::from_utf8_lossy(&output.stdout);
    for expected in [
        "split all (28 candidates)",
        "pooled",
        "red flags: precision",
        "recommendation agreement",
    ] {
        assert!(
            table.contains(expected),
            "{expected:?} missing from:\n{table}"
        );
    }
    let json: serde_json::Value =
        serde_json::from_str(&read(&out.join("calibration.json"))).unwrap();
    let all = &json["splits"][0];
    assert_eq!(all["split"], "all");
    assert!(
        all["pooled"]["qwk"].as_f64().unwrap() >= 0.8,
        "{}",
        all["pooled"]
    );
    assert_eq!(all["dimensions"].as_array().unwrap().len(), 6);
    assert_eq!(all["pooled"]["confusion"].as_array().unwrap().len(), 5);
    assert!(read(&out.join("calibration.html")).contains("Pooled confusion matrix"));

    // The same grades read back from the report folder, with a threshold they miss.
    let again = grade([
        "calibrate".as_ref(),
        labels.as_os_str(),
        "--report".as_ref(),
        out.as_os_str(),
        "--min-qwk".as_ref(),
        "0.99".as_ref(),
        "--quiet".as_ref(),
    ]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("pooled QWK below --min-qwk 0.99 in: all ("),
        "{}",
        stderr(&again)
    );
}

#[test]
fn labels_without_a_grade_fail_the_calibration() {
    let dir = tempfile::tempdir().unwrap();
    let labels = dir.path().join("labels.csv");
    let mut text = read(&fixture("labels.csv"));
    text.push_str(
        "ghost,,ghost.txt,text,rules,3,3,3,3,3,3,3.00,hire,,0,choosing-the-right-tool,\n",
    );
    std::fs::write(&labels, text).unwrap();
    let out = dir.path().join("report");
    let output = grade([
        "calibrate".as_ref(),
        labels.as_os_str(),
        fixture("transcripts").as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stdout)
        .contains("Not graded (see dead-letter.csv): ghost.txt"));
}

/// A floor under the judge's agreement on the splits it has seen (pooled QWK
/// 0.78 each): tune, and each held-out split once it had been graded for its
/// round. A fresh split is measured once by hand and reported in the README
/// before it joins here.
#[test]
fn the_seen_splits_keep_their_agreement() {
    // Every split: each was graded once for its round before it was tuned on.
    let tuned: Vec<String> = ["tune".to_string(), "heldout".to_string()]
        .into_iter()
        .chain((2..=215).map(|n| format!("heldout{n}")))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let labels = dir.path().join("tuned-labels.csv");
    let text = read(&fixture("calibration/labels.csv"));
    let mut lines = text.lines();
    let mut kept = vec![lines.next().unwrap().to_string()];
    kept.extend(
        lines
            .filter(|l| tuned.iter().any(|s| l.ends_with(&format!(",{s}"))))
            .map(String::from),
    );
    assert!(kept.len() > 40, "the tuned splits have their rows");
    std::fs::write(&labels, kept.join("\n") + "\n").unwrap();
    // Grade those folders alone, with sources as the labels name them.
    let inputs = dir.path().join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    for split in &tuned {
        let copy = std::process::Command::new("cp")
            .arg("-r")
            .arg(fixture(&format!("calibration/{split}")))
            .arg(&inputs)
            .status()
            .unwrap();
        assert!(copy.success());
    }
    let out = dir.path().join("report");
    let output = grade([
        "calibrate".as_ref(),
        labels.as_os_str(),
        inputs.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--min-qwk".as_ref(),
        "0.78".as_ref(),
        "--quiet".as_ref(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let json: serde_json::Value =
        serde_json::from_str(&read(&out.join("calibration.json"))).unwrap();
    let splits = json["splits"].as_array().unwrap();
    assert_eq!(splits.len(), tuned.len() + 1, "all, and each seen split");
    for split in splits {
        // 0.9 over all of them; a split of 12 may miss one flag of its seven.
        let floor = if split["split"] == "all" { 0.9 } else { 0.8 };
        assert!(
            split["red_flags"]["f1"].as_f64().unwrap() >= floor,
            "{}: {}",
            split["split"],
            split["red_flags"]
        );
        // Nobody is flagged against the label, except where the label
        // itself departs from the labelling conventions (see DISPUTED).
        let mut disputed: Vec<&str> = DISPUTED
            .iter()
            .map(|(source, _)| *source)
            .filter(|source| {
                split["split"] == "all" || source.split('/').next() == split["split"].as_str()
            })
            .collect();
        disputed.sort_unstable();
        let mut flagged: Vec<&str> = split["flagged_without_labelled_flag"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|s| s.as_str())
            .collect();
        flagged.sort_unstable();
        assert_eq!(flagged, disputed, "{}", split["split"]);
    }
}

/// Seen interviews whose label has no red flag where the labelling
/// conventions call for one, each with the reason; the judge's flag is kept
/// and the label is left as its writer wrote it.
const DISPUTED: &[(&str, &str)] = &[(
    "heldout144/04-h144-echo.md",
    "\"Kafka is ordered\", taken back only after the interviewer asks whether \
     Kafka orders the entire topic (\"I am not sure. Maybe not.\"): a myth \
     retracted after pushback is flagged",
)];

#[test]
fn bad_labels_stop_calibration_before_anything_is_graded() {
    let dir = tempfile::tempdir().unwrap();
    let labels = dir.path().join("labels.csv");
    std::fs::write(&labels, "source,recommendation\n").unwrap();
    let out = dir.path().join("report");
    let output = grade([
        "calibrate".as_ref(),
        labels.as_os_str(),
        fixture("cases").as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("lacks the column(s)"),
        "{}",
        stderr(&output)
    );
    assert!(!out.exists(), "nothing is graded or written");
}

#[test]
fn sources_that_do_not_match_are_explained() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    // The labels name `tune/x`; grading the tune folder itself names `x`.
    let output = grade([
        "calibrate".as_ref(),
        fixture("calibration/labels.csv").as_os_str(),
        fixture("calibration/tune").as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--quiet".as_ref(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let again = grade([
        "calibrate".as_ref(),
        fixture("calibration/labels.csv").as_os_str(),
        "--report".as_ref(),
        out.as_os_str(),
    ]);
    assert!(
        String::from_utf8_lossy(&again.stdout)
            .contains("No labelled source matches a graded source"),
        "{}",
        String::from_utf8_lossy(&again.stdout)
    );
}
