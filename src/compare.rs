//! `grade compare A B`: two cohorts side by side, as recruiters compare them
//! in spreadsheets today. Each side is a report folder or its `cohort.csv`.
//! Per dimension: the mean and the distribution of scores; per
//! recommendation: the share of candidates; with the differences B − A.
//! Printed as a table, written as `compare.csv` and `compare.html`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde::Serialize;

use crate::calibrate::{read_rows, Row};
use crate::model::Recommendation;
use crate::report::{neutralise, write_atomic, Templates};

/// One cohort, read from a `cohort.csv`.
#[derive(Debug, Clone)]
pub struct Cohort {
    pub name: String,
    pub dimensions: Vec<String>,
    pub rows: Vec<Row>,
}

/// The dimension columns of a `cohort.csv`: those between `judge` and `overall`.
fn dimension_columns(path: &Path) -> Result<Vec<String>> {
    let mut reader = csv::Reader::from_path(path)
        .with_context(|| format!("could not read {}", path.display()))?;
    let headers: Vec<String> = reader.headers()?.iter().map(String::from).collect();
    let start = headers.iter().position(|h| h == "judge");
    let end = headers.iter().position(|h| h == "overall");
    match (start, end) {
        (Some(s), Some(e)) if s < e => Ok(headers[s + 1..e].to_vec()),
        _ => bail!(
            "{} is not a cohort.csv: it lacks the `judge` … `overall` columns",
            path.display()
        ),
    }
}

impl Cohort {
    /// Reads a report folder (its `cohort.csv`) or a `cohort.csv` file.
    pub fn read(path: &Path) -> Result<Cohort> {
        let csv: PathBuf = if path.is_dir() {
            path.join("cohort.csv")
        } else {
            path.to_path_buf()
        };
        if !csv.is_file() {
            bail!(
                "{} has no cohort.csv: give a report folder written by grade, or its cohort.csv",
                path.display()
            );
        }
        let dimensions = dimension_columns(&csv)?;
        let rows = read_rows(&csv, &dimensions)?;
        Ok(Cohort {
            name: path.display().to_string(),
            dimensions,
            rows,
        })
    }
}

/// One dimension compared.
#[derive(Debug, Clone, Serialize)]
pub struct DimensionComparison {
    pub dimension: String,
    pub mean_a: Option<f64>,
    pub mean_b: Option<f64>,
    pub difference: Option<f64>,
    /// Counts of scores 1, 2, 3, 4 and not assessed.
    pub counts_a: [usize; 5],
    pub counts_b: [usize; 5],
}

/// One recommendation compared, as shares of each cohort.
#[derive(Debug, Clone, Serialize)]
pub struct RecommendationComparison {
    pub recommendation: String,
    pub count_a: usize,
    pub count_b: usize,
    pub share_a: Option<f64>,
    pub share_b: Option<f64>,
    pub difference: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub a: String,
    pub b: String,
    pub candidates_a: usize,
    pub candidates_b: usize,
    pub dimensions: Vec<DimensionComparison>,
    pub recommendations: Vec<RecommendationComparison>,
}

fn round(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn stats(rows: &[Row], index: Option<usize>) -> (Option<f64>, [usize; 5]) {
    let mut counts = [0; 5];
    let mut sum = 0.0;
    let mut n = 0;
    for row in rows {
        match index.and_then(|i| row.scores.get(i).copied().flatten()) {
            Some(s) => {
                counts[usize::from(s.clamp(1, 4)) - 1] += 1;
                sum += f64::from(s);
                n += 1;
            }
            None => counts[4] += 1,
        }
    }
    ((n > 0).then(|| round(sum / n as f64)), counts)
}

/// Compares cohort B with cohort A. Dimensions are those of either side, in
/// A's order then B's.
pub fn compare(a: &Cohort, b: &Cohort) -> Comparison {
    let mut dims = a.dimensions.clone();
    dims.extend(
        b.dimensions
            .iter()
            .filter(|d| !a.dimensions.contains(d))
            .cloned(),
    );
    let dimensions = dims
        .iter()
        .map(|d| {
            let (mean_a, counts_a) = stats(&a.rows, a.dimensions.iter().position(|x| x == d));
            let (mean_b, counts_b) = stats(&b.rows, b.dimensions.iter().position(|x| x == d));
            DimensionComparison {
                dimension: d.clone(),
                mean_a,
                mean_b,
                difference: mean_a.zip(mean_b).map(|(x, y)| round(y - x)),
                counts_a,
                counts_b,
            }
        })
        .collect();
    let share = |n: usize, of: usize| (of > 0).then(|| round(n as f64 / of as f64 * 100.0));
    let recommendations = Recommendation::ALL
        .iter()
        .map(|r| {
            let count_a = a
                .rows
                .iter()
                .filter(|row| row.recommendation == r.as_str())
                .count();
            let count_b = b
                .rows
                .iter()
                .filter(|row| row.recommendation == r.as_str())
                .count();
            let (share_a, share_b) = (share(count_a, a.rows.len()), share(count_b, b.rows.len()));
            RecommendationComparison {
                recommendation: r.as_str().to_string(),
                count_a,
                count_b,
                share_a,
                share_b,
                difference: share_a.zip(share_b).map(|(x, y)| round(y - x)),
            }
        })
        .collect();
    Comparison {
        a: a.name.clone(),
        b: b.name.clone(),
        candidates_a: a.rows.len(),
        candidates_b: b.rows.len(),
        dimensions,
        recommendations,
    }
}

fn num(x: Option<f64>) -> String {
    x.map_or("–".into(), |x| format!("{x:.2}"))
}

fn signed(x: Option<f64>) -> String {
    x.map_or("–".into(), |x| format!("{x:+.2}"))
}

/// The terminal table.
pub fn table(c: &Comparison) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "A: {} ({} candidates)\nB: {} ({} candidates)\n",
        c.a, c.candidates_a, c.b, c.candidates_b
    );
    let _ = writeln!(
        out,
        "{:<22} {:>7} {:>7} {:>7}   {:<17} {:<17}",
        "dimension", "mean A", "mean B", "B-A", "A 1/2/3/4/n.a.", "B 1/2/3/4/n.a."
    );
    for d in &c.dimensions {
        let dist = |c: &[usize; 5]| {
            c.iter()
                .map(|n| n.to_string())
                .collect::<Vec<_>>()
                .join("/")
        };
        let _ = writeln!(
            out,
            "{:<22} {:>7} {:>7} {:>7}   {:<17} {:<17}",
            d.dimension,
            num(d.mean_a),
            num(d.mean_b),
            signed(d.difference),
            dist(&d.counts_a),
            dist(&d.counts_b)
        );
    }
    let _ = writeln!(
        out,
        "\n{:<22} {:>9} {:>9} {:>9}",
        "recommendation", "A %", "B %", "B-A"
    );
    for r in &c.recommendations {
        let _ = writeln!(
            out,
            "{:<22} {:>9} {:>9} {:>9}",
            r.recommendation,
            num(r.share_a),
            num(r.share_b),
            signed(r.difference)
        );
    }
    out
}

/// `compare.csv`: one row per dimension, then one per recommendation.
pub fn csv(c: &Comparison) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "kind",
        "name",
        "a",
        "b",
        "difference",
        "a_counts_1_2_3_4_na",
        "b_counts_1_2_3_4_na",
    ])?;
    let join = |c: &[usize; 5]| {
        c.iter()
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join(";")
    };
    let opt = |x: Option<f64>| x.map_or(String::new(), |x| format!("{x:.2}"));
    for d in &c.dimensions {
        let record = [
            "mean_score".to_string(),
            d.dimension.clone(),
            opt(d.mean_a),
            opt(d.mean_b),
            opt(d.difference),
            join(&d.counts_a),
            join(&d.counts_b),
        ];
        w.write_record(record.iter().map(|c| neutralise(c)))?;
    }
    for r in &c.recommendations {
        let record = [
            "recommendation_percent".to_string(),
            r.recommendation.clone(),
            opt(r.share_a),
            opt(r.share_b),
            opt(r.difference),
            r.count_a.to_string(),
            r.count_b.to_string(),
        ];
        w.write_record(record.iter().map(|c| neutralise(c)))?;
    }
    Ok(w.into_inner()?)
}

/// Runs `grade compare`.
pub fn run(a: &Path, b: &Path, out: &Path, templates: Option<&Path>, quiet: bool) -> Result<()> {
    let (a, b) = (Cohort::read(a)?, Cohort::read(b)?);
    let comparison = compare(&a, &b);
    let templates = Templates::load(templates)?;
    std::fs::create_dir_all(out)
        .with_context(|| format!("could not create the output folder {}", out.display()))?;
    write_atomic(&out.join("compare.csv"), &csv(&comparison)?)?;
    write_atomic(
        &out.join("compare.html"),
        templates.compare(&comparison)?.as_bytes(),
    )?;
    if !quiet {
        print!("{}", table(&comparison));
        println!(
            "\nWritten: {} and {}",
            out.join("compare.csv").display(),
            out.join("compare.html").display()
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(scores: [Option<u8>; 2], rec: &str) -> Row {
        Row {
            source: String::new(),
            scores: scores.to_vec(),
            recommendation: rec.into(),
            red_flags: Default::default(),
            split: None,
        }
    }

    #[test]
    fn means_distributions_and_shares() {
        let dims = vec!["x".to_string(), "y".to_string()];
        let a = Cohort {
            name: "A".into(),
            dimensions: dims.clone(),
            rows: vec![
                row([Some(2), None], "no_hire"),
                row([Some(4), Some(3)], "hire"),
            ],
        };
        let b = Cohort {
            name: "B".into(),
            dimensions: dims,
            rows: vec![row([Some(4), Some(4)], "strong_hire")],
        };
        let c = compare(&a, &b);
        assert_eq!(c.dimensions[0].mean_a, Some(3.0));
        assert_eq!(c.dimensions[0].difference, Some(1.0));
        assert_eq!(c.dimensions[1].counts_a, [0, 0, 1, 0, 1]);
        let hire = c
            .recommendations
            .iter()
            .find(|r| r.recommendation == "hire")
            .unwrap();
        assert_eq!(
            (hire.share_a, hire.share_b, hire.difference),
            (Some(50.0), Some(0.0), Some(-50.0))
        );
        let text = String::from_utf8(csv(&c).unwrap()).unwrap();
        assert!(text.starts_with("kind,name,a,b,difference"));
        assert!(
            text.contains("mean_score,x,3.00,4.00,1.00,0;1;0;1;0,0;0;0;1;0"),
            "{text}"
        );
    }
}
