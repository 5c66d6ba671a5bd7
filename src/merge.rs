//! `grade merge DIR... --out OUT`: combines the report folders of runs with
//! `--shard K/N` into the report one run over every input would have written.
//! Scorecards are copied as they are; the cohort's rows are read back from
//! the scorecards' JSON, so `cohort.csv` and `index.html` are written by the
//! same code as a single run's.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde_json::Value;

use crate::model::{CohortRow, DeadLetter, Recommendation};
use crate::report::{unneutralise, write_atomic, Reporter, RunInfo};
use crate::rubric::Rubric;

/// What a merge produced.
pub struct Merged {
    pub graded: usize,
    pub dead: Vec<DeadLetter>,
}

pub fn run(
    dirs: &[PathBuf],
    out: &Path,
    rubric: &Rubric,
    templates: Option<&Path>,
) -> Result<Merged> {
    let reporter = Reporter::new(out, templates)?;
    let mut runs: Vec<(PathBuf, RunInfo)> = Vec::new();
    for dir in dirs {
        let path = dir.join("run.json");
        let text = fs::read_to_string(&path).with_context(|| {
            format!(
                "{} is not a report folder: could not read {}",
                dir.display(),
                path.display()
            )
        })?;
        let info: RunInfo = serde_json::from_str(&text)
            .with_context(|| format!("{} is not a run.json that grade wrote", path.display()))?;
        if info.status != "complete" {
            bail!(
                "{} is from a run that did not finish ({}); run that shard again first",
                dir.display(),
                info.status
            );
        }
        if info.rubric.sha256 != rubric.content_hash {
            bail!(
                "{} was graded with another rubric ({} v{}, SHA-256 {}…) than the one given ({} v{}); merge reports of the same rubric",
                dir.display(),
                info.rubric.name,
                info.rubric.version,
                &info.rubric.sha256.get(..12).unwrap_or(""),
                rubric.rubric.name,
                rubric.rubric.version
            );
        }
        if let Some((first_dir, first)) = runs.first() {
            if (&first.judge, &first.model) != (&info.judge, &info.model) {
                bail!(
                    "{} was graded by the {} judge{} but {} by the {} judge{}; merge reports of the same judge",
                    dir.display(),
                    info.judge,
                    info.model.as_deref().map(|m| format!(" ({m})")).unwrap_or_default(),
                    first_dir.display(),
                    first.judge,
                    first.model.as_deref().map(|m| format!(" ({m})")).unwrap_or_default(),
                );
            }
        }
        runs.push((dir.clone(), info));
    }
    let Some((_, first)) = runs.first() else {
        bail!("give at least one report folder to merge");
    };
    let mut shards: Vec<&str> = runs
        .iter()
        .filter_map(|(_, r)| r.shard.as_deref())
        .collect();
    shards.sort_unstable();
    if let Some(duplicate) = shards.windows(2).find(|w| w[0] == w[1]) {
        bail!("shard {} is given twice", duplicate[0]);
    }

    // Everything is read and checked before anything is written.
    let mut rows: Vec<CohortRow> = Vec::new();
    let mut owner: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut copies: Vec<(PathBuf, String)> = Vec::new();
    let mut dead: Vec<DeadLetter> = Vec::new();
    for (dir, _) in &runs {
        for id in cohort_ids(&dir.join("cohort.csv"))? {
            if let Some(other) = owner.insert(id.to_lowercase(), dir.clone()) {
                bail!(
                    "candidate {id} is in both {} and {}: sessions of one candidate were graded in different shards; grade those files in one run",
                    other.display(),
                    dir.display()
                );
            }
            let json_path = dir.join("candidates").join(format!("{id}.json"));
            let text = fs::read_to_string(&json_path)
                .with_context(|| format!("could not read {}", json_path.display()))?;
            let card: Value = serde_json::from_str(&text).with_context(|| {
                format!("{} is not a scorecard grade wrote", json_path.display())
            })?;
            rows.push(row_of(&card).with_context(|| {
                format!("{} is not a scorecard grade wrote", json_path.display())
            })?);
            copies.push((dir.clone(), id));
        }
        dead.extend(dead_letters(&dir.join("dead-letter.csv"))?);
    }
    reporter.prepare()?;
    for (dir, id) in &copies {
        for ext in ["json", "html"] {
            let from = dir.join("candidates").join(format!("{id}.{ext}"));
            let bytes =
                fs::read(&from).with_context(|| format!("could not read {}", from.display()))?;
            write_atomic(&out.join("candidates").join(format!("{id}.{ext}")), &bytes)?;
        }
    }
    rows.sort_by(|a, b| a.source.cmp(&b.source));
    dead.sort_by(|a, b| a.source.cmp(&b.source));

    let mut run = first.clone();
    run.shard = None;
    run.inputs = runs.iter().map(|(_, r)| r.inputs).sum();
    run.graded = rows.len();
    run.dead_lettered = dead.len();
    run.injections_detected = runs.iter().map(|(_, r)| r.injections_detected).sum();
    run.jobs = runs.iter().map(|(_, r)| r.jobs).max().unwrap_or(1);
    let t = &mut run.timings_ms;
    t.discover = runs
        .iter()
        .map(|(_, r)| r.timings_ms.discover)
        .max()
        .unwrap_or(0);
    t.grade = runs.iter().map(|(_, r)| r.timings_ms.grade).sum();
    t.summary = runs.iter().map(|(_, r)| r.timings_ms.summary).sum();
    t.total = runs.iter().map(|(_, r)| r.timings_ms.total).sum();
    let mut llm = crate::report::LlmCounts::default();
    for (_, r) in &runs {
        llm.add(r.llm.clone(), r.llm.judge.clone());
    }
    llm.estimated_cost_usd = runs
        .iter()
        .map(|(_, r)| r.llm.estimated_cost_usd)
        .sum::<Option<f64>>()
        .map(|c| (c * 1e6).round() / 1e6);
    run.llm = llm;
    reporter.write_summary(&rows, &dead, rubric, &run)?;
    Ok(Merged {
        graded: rows.len(),
        dead,
    })
}

/// The `candidate_id` column of a cohort.csv.
fn cohort_ids(path: &Path) -> Result<Vec<String>> {
    Ok(records(path)?
        .into_iter()
        .map(|mut cells| cells.swap_remove(0))
        .collect())
}

fn dead_letters(path: &Path) -> Result<Vec<DeadLetter>> {
    Ok(records(path)?
        .into_iter()
        .map(|cells| {
            let mut cells = cells.into_iter();
            let mut next = || cells.next().unwrap_or_default();
            DeadLetter {
                source: next(),
                stage: next(),
                error: next(),
            }
        })
        .collect())
}

/// The rows of a CSV file `grade` wrote (header skipped), with the
/// spreadsheet guard taken off every cell; a row has at least one cell.
fn records(path: &Path) -> Result<Vec<Vec<String>>> {
    let mut reader = csv::Reader::from_path(path)
        .with_context(|| format!("could not read {}", path.display()))?;
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.with_context(|| format!("{} is not valid CSV", path.display()))?;
        let mut cells: Vec<String> = record.iter().map(|c| unneutralise(c).to_string()).collect();
        if cells.is_empty() {
            cells.push(String::new());
        }
        rows.push(cells);
    }
    Ok(rows)
}

/// A cohort row from a scorecard's JSON: the same fields
/// [`CohortRow::from_scorecard`] takes from the scorecard itself.
fn row_of(card: &Value) -> Result<CohortRow> {
    let text = |key: &str| -> Result<String> {
        card[key]
            .as_str()
            .map(str::to_string)
            .with_context(|| format!("`{key}` is missing"))
    };
    let strings = |v: &Value| -> Vec<String> {
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let recommendation: Recommendation = serde_json::from_value(card["recommendation"].clone())
        .context("`recommendation` is not one grade writes")?;
    let mut red_flags: Vec<String> = card["red_flags"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|f| f["id"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    red_flags.sort();
    red_flags.dedup();
    Ok(CohortRow {
        candidate_id: text("candidate_id")?,
        candidate_name: card["candidate_name"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
        source: text("source")?,
        format: text("format")?,
        judge: text("judge")?,
        scores: card["dimensions"]
            .as_array()
            .context("`dimensions` is missing")?
            .iter()
            .map(|d| d["score"].as_u64().and_then(|s| u8::try_from(s).ok()))
            .collect(),
        overall: card["overall"].as_f64(),
        recommendation,
        red_flags,
        max_hint_level: card["max_hint_level"]
            .as_u64()
            .and_then(|h| u8::try_from(h).ok())
            .unwrap_or(0),
        phases_covered: card["phases"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter(|p| p["covered"].as_bool() == Some(true))
                    .filter_map(|p| p["id"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default(),
        warnings: strings(&card["warnings"]),
    })
}
