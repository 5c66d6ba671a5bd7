//! `grade calibrate`: how well a judge agrees with human graders.
//!
//! Labels come in the column layout of `cohort.csv` (plus an optional
//! `split` column). The judge's grades come from grading the transcripts now
//! or from an existing report folder. Rows are matched by `source`. The
//! report — per dimension and pooled quadratic weighted kappa, exact and
//! within-one agreement, confusion matrices, not-assessed agreement, red-flag
//! precision and recall, recommendation agreement — is printed as a table and
//! written as `calibration.json` and `calibration.html` in the report folder.

pub mod metrics;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde::Serialize;

use crate::cli::CalibrateArgs;
use crate::options::Options;
use crate::report::{unneutralise, write_atomic, Templates};
use crate::rubric::Rubric;
use metrics::{Agreement, Detection};

/// One row of a labels file or of `cohort.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub source: String,
    pub scores: Vec<Option<u8>>,
    pub recommendation: String,
    pub red_flags: BTreeSet<String>,
    pub split: Option<String>,
}

/// Reads rows in the `cohort.csv` layout; `dimensions` are the rubric's ids,
/// which must all be columns.
pub fn read_rows(path: &Path, dimensions: &[String]) -> Result<Vec<Row>> {
    let mut reader = csv::Reader::from_path(path)
        .with_context(|| format!("could not read {}", path.display()))?;
    let headers = reader
        .headers()
        .with_context(|| format!("could not read the header of {}", path.display()))?
        .clone();
    let column = |name: &str| headers.iter().position(|h| h == name);
    let required: Vec<&str> = ["source", "recommendation", "red_flags"]
        .into_iter()
        .chain(dimensions.iter().map(String::as_str))
        .collect();
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|c| column(c).is_none())
        .collect();
    if !missing.is_empty() {
        bail!(
            "{} lacks the column(s) {} of the cohort.csv layout",
            path.display(),
            missing.join(", ")
        );
    }
    let at = |name: &str| column(name).unwrap_or(0);
    let split = column("split");
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record
            .with_context(|| format!("{}: row {} is not valid CSV", path.display(), i + 2))?;
        let cell = |c: usize| unneutralise(record.get(c).unwrap_or("")).to_string();
        let mut scores = Vec::new();
        for d in dimensions {
            let text = cell(at(d));
            let score = match text.trim() {
                "" => None,
                t => match t.parse::<u8>() {
                    Ok(s @ 1..=4) => Some(s),
                    _ => bail!("{}: row {}, column {d}: `{t}` is not a score from 1 to 4 (or empty for not assessed)", path.display(), i + 2),
                },
            };
            scores.push(score);
        }
        rows.push(Row {
            source: cell(at("source")),
            scores,
            recommendation: cell(at("recommendation")),
            red_flags: cell(at("red_flags"))
                .split(';')
                .map(str::trim)
                .filter(|f| !f.is_empty())
                .map(String::from)
                .collect(),
            split: split.map(cell).filter(|s| !s.is_empty()),
        });
    }
    Ok(rows)
}

/// Agreement on one split of the labels (or all of them).
#[derive(Debug, Clone, Serialize)]
pub struct SplitReport {
    pub split: String,
    pub candidates: usize,
    pub dimensions: Vec<(String, Agreement)>,
    pub pooled: Agreement,
    pub red_flags: Detection,
    pub red_flags_by_id: Vec<(String, Detection)>,
    /// Candidates the judge flagged whose label has no red flag at all.
    pub flagged_without_labelled_flag: Vec<String>,
    pub recommendation_agreement: Option<f64>,
    /// `(label, judge, count)` for every recommendation pair seen.
    pub recommendation_pairs: Vec<(String, String, usize)>,
}

/// The whole calibration report.
#[derive(Debug, Clone, Serialize)]
pub struct Calibration {
    pub labels: String,
    pub report: String,
    pub labelled: usize,
    pub matched: usize,
    /// Labelled sources the judge did not grade (dead-lettered or absent).
    pub missing: Vec<String>,
    pub min_qwk: Option<f64>,
    pub splits: Vec<SplitReport>,
}

/// Compares `judged` rows with `labels` over the rubric's dimensions.
pub fn compare(
    labels: &[Row],
    judged: &[Row],
    dimensions: &[String],
) -> (Vec<SplitReport>, Vec<String>) {
    let by_source: BTreeMap<&str, &Row> = judged.iter().map(|r| (r.source.as_str(), r)).collect();
    let mut missing = Vec::new();
    let mut pairs: Vec<(&Row, &Row)> = Vec::new();
    for label in labels {
        match by_source.get(label.source.as_str()) {
            Some(j) => pairs.push((label, j)),
            None => missing.push(label.source.clone()),
        }
    }
    let mut splits: Vec<String> = pairs.iter().filter_map(|(l, _)| l.split.clone()).collect();
    splits.sort();
    splits.dedup();
    let mut reports = vec![split_report("all", &pairs, dimensions)];
    for s in splits {
        let subset: Vec<(&Row, &Row)> = pairs
            .iter()
            .copied()
            .filter(|(l, _)| l.split.as_deref() == Some(&s))
            .collect();
        reports.push(split_report(&s, &subset, dimensions));
    }
    (reports, missing)
}

fn split_report(name: &str, pairs: &[(&Row, &Row)], dimensions: &[String]) -> SplitReport {
    let mut pooled_items = Vec::new();
    let dims = dimensions
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let items: Vec<(Option<u8>, Option<u8>)> = pairs
                .iter()
                .map(|(l, j)| (l.scores[i], j.scores[i]))
                .collect();
            pooled_items.extend(items.iter().copied());
            (d.clone(), Agreement::of(&items))
        })
        .collect();
    let mut ids: BTreeSet<&String> = BTreeSet::new();
    for (l, j) in pairs {
        ids.extend(l.red_flags.iter().chain(&j.red_flags));
    }
    let detect = |flag: Option<&String>| {
        let (mut tp, mut fp, mut fn_) = (0, 0, 0);
        for (l, j) in pairs {
            for id in ids.iter().filter(|id| flag.is_none_or(|f| f == **id)) {
                match (l.red_flags.contains(*id), j.red_flags.contains(*id)) {
                    (true, true) => tp += 1,
                    (false, true) => fp += 1,
                    (true, false) => fn_ += 1,
                    (false, false) => {}
                }
            }
        }
        Detection::of(tp, fp, fn_)
    };
    let mut recommendation_pairs: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (l, j) in pairs {
        *recommendation_pairs
            .entry((l.recommendation.clone(), j.recommendation.clone()))
            .or_default() += 1;
    }
    let agreeing = pairs
        .iter()
        .filter(|(l, j)| l.recommendation == j.recommendation)
        .count();
    SplitReport {
        split: name.to_string(),
        candidates: pairs.len(),
        dimensions: dims,
        pooled: Agreement::of(&pooled_items),
        red_flags: detect(None),
        red_flags_by_id: ids
            .iter()
            .map(|id| ((*id).clone(), detect(Some(id))))
            .collect(),
        flagged_without_labelled_flag: pairs
            .iter()
            .filter(|(l, j)| l.red_flags.is_empty() && !j.red_flags.is_empty())
            .map(|(l, _)| l.source.clone())
            .collect(),
        recommendation_agreement: (!pairs.is_empty())
            .then(|| metrics::round(agreeing as f64 / pairs.len() as f64)),
        recommendation_pairs: recommendation_pairs
            .into_iter()
            .map(|((a, b), n)| (a, b, n))
            .collect(),
    }
}

/// The table printed on the terminal.
pub fn table(c: &Calibration) -> String {
    let pct = |x: Option<f64>| x.map_or("–".to_string(), |x| format!("{:.0}%", x * 100.0));
    let num = |x: Option<f64>| x.map_or("–".to_string(), |x| format!("{x:.3}"));
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Calibration of {} against {}: {} labelled, {} graded and matched",
        c.report, c.labels, c.labelled, c.matched
    );
    if c.matched == 0 && c.labelled > 0 {
        let _ = writeln!(
            out,
            "No labelled source matches a graded source (the labels name e.g. {}): grade the folder the labels' sources are relative to.",
            c.missing.first().map_or("", String::as_str)
        );
    } else if !c.missing.is_empty() {
        let _ = writeln!(
            out,
            "Not graded (see dead-letter.csv): {}",
            c.missing.join(", ")
        );
    }
    for s in &c.splits {
        let _ = writeln!(out, "\nsplit {} ({} candidates)", s.split, s.candidates);
        let _ = writeln!(
            out,
            "  {:<22} {:>4} {:>7} {:>6} {:>9} {:>13}",
            "dimension", "n", "QWK", "exact", "within-1", "assessed-agree"
        );
        for (d, a) in s
            .dimensions
            .iter()
            .chain(std::iter::once(&("pooled".to_string(), s.pooled.clone())))
        {
            let _ = writeln!(
                out,
                "  {:<22} {:>4} {:>7} {:>6} {:>9} {:>13}",
                d,
                a.scored,
                num(a.qwk),
                pct(a.exact),
                pct(a.within_one),
                pct(a.not_assessed_agreement)
            );
        }
        let f = &s.red_flags;
        let _ = writeln!(
            out,
            "  red flags: precision {} recall {} F1 {} ({} found, {} false, {} missed); candidates flagged with no labelled flag: {}",
            num(f.precision),
            num(f.recall),
            num(f.f1),
            f.true_positives,
            f.false_positives,
            f.false_negatives,
            s.flagged_without_labelled_flag.len()
        );
        let _ = writeln!(
            out,
            "  recommendation agreement: {}",
            pct(s.recommendation_agreement)
        );
    }
    out
}

/// Runs `grade calibrate`; returns the exit status.
pub fn run(args: CalibrateArgs) -> Result<i32> {
    let templates_dir = args.run.templates.clone();
    let quiet = args.run.quiet;
    // The labels are checked before anything is graded or written.
    let rubric = Rubric::load(&args.run.rubric).context("the rubric could not be loaded")?;
    let dimensions: Vec<String> = rubric.dimensions.iter().map(|d| d.id.clone()).collect();
    let labels = read_rows(&args.labels, &dimensions)?;
    let mut seen = BTreeSet::new();
    if let Some(twice) = labels.iter().find(|r| !seen.insert(r.source.as_str())) {
        bail!(
            "{} labels the source {} twice",
            args.labels.display(),
            twice.source
        );
    }
    let dir: PathBuf = match &args.report {
        Some(dir) => dir.clone(),
        None => {
            let mut options = Options::new(args.paths.clone(), args.run)?;
            // The labels often sit beside the transcripts: they are not one.
            options.skip.push(args.labels.clone());
            crate::pipeline::run(&options)?;
            options.out
        }
    };
    let judged = read_rows(&dir.join("cohort.csv"), &dimensions)?;
    let (splits, missing) = compare(&labels, &judged, &dimensions);
    let calibration = Calibration {
        labels: args.labels.display().to_string(),
        report: dir.display().to_string(),
        labelled: labels.len(),
        matched: labels.len() - missing.len(),
        missing,
        min_qwk: args.min_qwk,
        splits,
    };
    if !quiet {
        print!("{}", table(&calibration));
    }
    write_atomic(
        &dir.join("calibration.json"),
        crate::report::pretty_json(&calibration)?.as_bytes(),
    )?;
    let templates = Templates::load(templates_dir.as_deref())?;
    write_atomic(
        &dir.join("calibration.html"),
        templates.calibration(&calibration)?.as_bytes(),
    )?;
    let below: Vec<String> = match args.min_qwk {
        Some(min) => calibration
            .splits
            .iter()
            .filter(|s| s.pooled.qwk.is_none_or(|q| q < min))
            .map(|s| {
                format!(
                    "{} ({})",
                    s.split,
                    s.pooled
                        .qwk
                        .map_or("no scores".into(), |q| format!("{q:.3}"))
                )
            })
            .collect(),
        None => Vec::new(),
    };
    if !below.is_empty() {
        eprintln!(
            "grade: pooled QWK below --min-qwk {} in: {}",
            args.min_qwk.unwrap_or_default(),
            below.join(", ")
        );
    }
    Ok(i32::from(
        !below.is_empty() || !calibration.missing.is_empty(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(
        source: &str,
        scores: [Option<u8>; 2],
        rec: &str,
        flags: &[&str],
        split: Option<&str>,
    ) -> Row {
        Row {
            source: source.into(),
            scores: scores.to_vec(),
            recommendation: rec.into(),
            red_flags: flags.iter().map(|f| f.to_string()).collect(),
            split: split.map(String::from),
        }
    }

    #[test]
    fn splits_flags_and_missing_rows() {
        let dims = vec!["a".to_string(), "b".to_string()];
        let labels = [
            row("x", [Some(3), None], "hire", &["f1"], Some("tune")),
            row("y", [Some(2), Some(2)], "no_hire", &[], Some("heldout")),
            row("z", [Some(4), Some(4)], "strong_hire", &[], Some("heldout")),
        ];
        let judged = [
            row("x", [Some(3), None], "hire", &["f1"], None),
            row("y", [Some(3), Some(2)], "no_hire", &["f2"], None),
        ];
        let (reports, missing) = compare(&labels, &judged, &dims);
        assert_eq!(missing, ["z"]);
        let names: Vec<&str> = reports.iter().map(|r| r.split.as_str()).collect();
        assert_eq!(names, ["all", "heldout", "tune"]);
        let all = &reports[0];
        assert_eq!(all.candidates, 2);
        assert_eq!(
            (all.red_flags.true_positives, all.red_flags.false_positives),
            (1, 1)
        );
        assert_eq!(all.flagged_without_labelled_flag, ["y"]);
        assert_eq!(all.recommendation_agreement, Some(1.0));
        assert_eq!(all.pooled.scored, 3);
        assert_eq!(all.pooled.not_assessed_agreement, Some(1.0));
    }

    #[test]
    fn labels_are_checked_for_columns_and_scores() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("labels.csv");
        std::fs::write(&path, "source,recommendation,red_flags,a\nx,hire,,5\n").unwrap();
        let err = read_rows(&path, &["a".into(), "b".into()])
            .unwrap_err()
            .to_string();
        assert!(err.contains("lacks the column(s) b"), "{err}");
        let err = read_rows(&path, &["a".into()]).unwrap_err().to_string();
        assert!(err.contains("row 2, column a: `5` is not a score"), "{err}");
        std::fs::write(&path, "source,recommendation,red_flags,a\n'-x,hire,,\n").unwrap();
        assert_eq!(read_rows(&path, &["a".into()]).unwrap()[0].source, "-x");
    }
}
