//! Every report format, compared byte for byte with a reviewed snapshot in
//! `tests/snapshots/`, on a fixed small interview. A change to a report shows
//! up here as a diff to review like code; to accept it, rerun with
//! `GRADE_UPDATE_SNAPSHOTS=1` and review the files before committing.

use crate::{fixture, grade_into, root};

#[test]
fn reports_match_their_reviewed_snapshots() {
    let (_dir, out, output) = grade_into(&[&fixture("cases/level4-hint-then-perfect.txt")], &[]);
    assert_eq!(output.status.code(), Some(0));
    let update = std::env::var_os("GRADE_UPDATE_SNAPSHOTS").is_some();
    let mut differ = Vec::new();
    for (produced, snapshot) in [
        ("candidates/CASE-L4.json", "scorecard.json"),
        ("candidates/CASE-L4.html", "scorecard.html"),
        ("cohort.csv", "cohort.csv"),
        ("dead-letter.csv", "dead-letter.csv"),
        ("index.html", "index.html"),
    ] {
        let got = std::fs::read_to_string(out.join(produced)).unwrap();
        let path = root().join("tests/snapshots").join(snapshot);
        if update {
            std::fs::write(&path, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_default();
        if got != want {
            let line = got
                .lines()
                .zip(want.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            differ.push(format!(
                "{snapshot} differs from line {}:\n  got:  {}\n  want: {}",
                line + 1,
                got.lines().nth(line).unwrap_or(""),
                want.lines().nth(line).unwrap_or("")
            ));
        }
    }
    assert!(
        differ.is_empty(),
        "{}\n(review, then GRADE_UPDATE_SNAPSHOTS=1 to accept)",
        differ.join("\n")
    );
}
