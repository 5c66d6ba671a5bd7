//! Drives the stages over a batch: discover the inputs, then for each file
//! ingest → segment → judge in parallel, then write the reports. A failure in
//! one file is recorded as a dead letter and the batch goes on; only the
//! pipeline touches the progress bar.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use crate::ingest::{ingest_file, IngestOptions};
use crate::judge::llm::{Answers, LlmJudge};
use crate::judge::{grade, rules::RulesJudge, Judge};
use crate::llm::{build_request, LlmConfig, LlmRequest, Target};
use crate::model::{CohortRow, DeadLetter, RubricRef, Scorecard, Segmentation, Transcript};
use crate::options::Options;
use crate::report::{LlmCounts, Reporter, RunInfo, Timings};
use crate::rubric::Rubric;
use crate::segment::Segmenter;

/// One file to grade.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub path: PathBuf,
    /// The path shown in reports: relative to the folder given, `/`-separated.
    pub source: String,
}

/// What a run did.
#[derive(Debug)]
pub struct Outcome {
    pub graded: usize,
    pub dead: Vec<DeadLetter>,
    pub out: PathBuf,
}

impl Outcome {
    /// SPEC §3: 0 when every input was graded, 1 when some were dead-lettered.
    pub fn exit_code(&self) -> i32 {
        if self.dead.is_empty() {
            0
        } else {
            1
        }
    }
}

/// Runs `grade` with checked options.
pub fn run(options: &Options) -> Result<Outcome> {
    let started = Instant::now();
    // Templates are checked before anything is written.
    let reporter = Reporter::new(&options.out, options.templates.as_deref())?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs)
        .build()
        .context("could not start the worker threads")?;

    let (inputs, mut dead) = discover(&options.paths, &options.out);
    let discovered = started.elapsed();
    if inputs.is_empty() && dead.is_empty() {
        anyhow::bail!(
            "no transcript files found under {}",
            options
                .paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    reporter.prepare()?;

    let progress = progress_bar(inputs.len() as u64, options.quiet);
    let segmenter = Segmenter::new(&options.rubric);
    let report_dead = |results: &[Result<Scorecard, DeadLetter>]| {
        for d in results.iter().filter_map(|r| r.as_ref().err()) {
            progress.suspend(|| {
                if !options.quiet {
                    eprintln!("grade: could not grade {}: {}", d.source, d.error);
                }
            });
        }
    };
    let (results, llm, judge_name) = match &options.llm {
        None => {
            let results: Vec<Result<Scorecard, DeadLetter>> = pool.install(|| {
                inputs
                    .par_iter()
                    .flat_map_iter(|input| {
                        let results = grade_one(
                            input,
                            &options.rubric,
                            &segmenter,
                            &RulesJudge,
                            &options.ingest,
                        );
                        progress.inc(1);
                        report_dead(&results);
                        results
                    })
                    .collect()
            });
            (results, LlmCounts::default(), RulesJudge.name().to_string())
        }
        Some(config) => {
            let prepared: Vec<Prepared> = pool.install(|| {
                inputs
                    .par_iter()
                    .flat_map_iter(|input| {
                        let prepared =
                            prepare_one(input, &options.rubric, &segmenter, &options.ingest);
                        progress.inc(1);
                        for d in prepared.iter().filter_map(|r| r.as_ref().err()) {
                            progress.suspend(|| {
                                if !options.quiet {
                                    eprintln!("grade: could not grade {}: {}", d.source, d.error);
                                }
                            });
                        }
                        prepared
                    })
                    .collect()
            });
            progress.finish_and_clear();
            let (judge, counts) = ask_the_model(config, &prepared, &options.rubric, options.quiet)?;
            let results = pool.install(|| {
                prepared
                    .into_par_iter()
                    .map(|p| p.map(|(t, s)| grade(&t, &s, &options.rubric, &judge)))
                    .collect()
            });
            let mut counts = counts;
            counts.judge = judge.counts();
            (results, counts, judge.name().to_string())
        }
    };
    progress.finish_and_clear();

    let mut cards = Vec::new();
    for result in results {
        match result {
            Ok(card) => cards.push(card),
            Err(d) => dead.push(d),
        }
    }
    let mut cards = merge_sessions_by_id(cards, &options.rubric);
    make_ids_unique(&mut cards);
    let graded_at = started.elapsed();

    let write_results: Vec<Result<CohortRow, DeadLetter>> = pool.install(|| {
        cards
            .par_iter()
            .map(|card| {
                reporter
                    .write_scorecard(card, &options.rubric)
                    .map(|()| CohortRow::from_scorecard(card))
                    .map_err(|e| DeadLetter {
                        source: card.source.clone(),
                        stage: "report".into(),
                        error: format!("{e:#}"),
                    })
            })
            .collect()
    });
    let mut rows = Vec::new();
    for r in write_results {
        match r {
            Ok(row) => rows.push(row),
            Err(d) => dead.push(d),
        }
    }
    rows.sort_by(|a, b| a.source.cmp(&b.source));
    dead.sort_by(|a, b| a.source.cmp(&b.source));

    let run = RunInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        status: "complete".into(),
        rubric: rubric_ref(&options.rubric),
        judge: judge_name,
        model: options.llm.as_ref().map(|l| l.model.clone()),
        inputs: inputs.len() + dead.iter().filter(|d| d.stage == "discover").count(),
        graded: rows.len(),
        dead_lettered: dead.len(),
        jobs: options.jobs,
        timings_ms: Timings {
            discover: millis(discovered),
            grade: millis(graded_at - discovered),
            summary: 0,
            total: 0,
        },
        llm,
    };
    let mut run = run;
    run.timings_ms.total = millis(started.elapsed());
    run.timings_ms.summary = run.timings_ms.total.saturating_sub(millis(graded_at));
    reporter.write_summary(&rows, &dead, &options.rubric, &run)?;
    Ok(Outcome {
        graded: rows.len(),
        dead,
        out: options.out.clone(),
    })
}

fn millis(d: std::time::Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

fn rubric_ref(rubric: &Rubric) -> RubricRef {
    RubricRef {
        id: rubric.rubric.id.clone(),
        name: rubric.rubric.name.clone(),
        version: rubric.rubric.version.clone(),
        sha256: rubric.content_hash.clone(),
    }
}

/// A transcript ready to judge, or why it is not.
pub type Prepared = Result<(Transcript, Segmentation), DeadLetter>;

/// Ingest, segment and judge one file (one scorecard per conversation it
/// holds); any failure becomes a dead letter.
pub fn grade_one(
    input: &Input,
    rubric: &Rubric,
    segmenter: &Segmenter,
    judge: &dyn Judge,
    ingest: &IngestOptions,
) -> Vec<Result<Scorecard, DeadLetter>> {
    prepare_one(input, rubric, segmenter, ingest)
        .into_iter()
        .map(|p| p.map(|(t, s)| grade(&t, &s, rubric, judge)))
        .collect()
}

/// Fetches the model's answers for every dimension of every prepared
/// transcript (from the cache where it has them) and returns the judge that
/// reads them, with what it cost.
fn ask_the_model(
    config: &LlmConfig,
    prepared: &[Prepared],
    rubric: &Rubric,
    quiet: bool,
) -> Result<(LlmJudge, LlmCounts)> {
    let host = config.host();
    let target = Target {
        model: &config.model,
        host: &host,
        max_tokens: config.max_tokens,
    };
    let requests: Vec<LlmRequest> = prepared
        .iter()
        .filter_map(|p| p.as_ref().ok())
        .flat_map(|(t, s)| {
            rubric.dimensions.iter().flat_map(move |d| {
                (0..config.samples).filter_map(move |k| build_request(t, s, rubric, d, target, k))
            })
        })
        .collect();
    if !quiet {
        eprintln!(
            "grade: asking {} at {} for {} answers ({} per dimension, {} at a time)",
            config.model,
            host,
            requests.len(),
            config.samples,
            config.concurrency
        );
    }
    let (fetched, stats) = crate::llm::fetch_all(config, &requests)?;
    if let (false, Some(error)) = (quiet, fetched.iter().find_map(|f| f.answer.as_ref().err())) {
        eprintln!(
            "grade: {} of {} requests got no answer; the rules judge scored those dimensions (first error: {error})",
            stats.failed,
            requests.len()
        );
    }
    let mut answers: HashMap<(String, String), Answers> = HashMap::new();
    for (request, f) in requests.iter().zip(fetched) {
        answers
            .entry((request.source.clone(), request.dimension.clone()))
            .or_default()
            .push(f.answer);
    }
    let judge = LlmJudge::new(answers);
    let cost = match (config.price_in, config.price_out) {
        (None, None) => None,
        // Dollars, rounded to the micro-dollar.
        (pin, pout) => Some(
            (stats.prompt_tokens as f64 * pin.unwrap_or(0.0)
                + stats.completion_tokens as f64 * pout.unwrap_or(0.0))
            .round()
                / 1e6,
        ),
    };
    let counts = LlmCounts {
        base_url_host: Some(host.clone()),
        samples: config.samples,
        concurrency: config.concurrency,
        transport: stats,
        judge: Default::default(),
        estimated_cost_usd: cost,
    };
    Ok((judge, counts))
}

/// Ingest and segment one file: one transcript per conversation it holds.
pub fn prepare_one(
    input: &Input,
    rubric: &Rubric,
    segmenter: &Segmenter,
    ingest: &IngestOptions,
) -> Vec<Prepared> {
    ingest_file(&input.path, &input.source, rubric, ingest)
        .into_iter()
        .map(|ingested| {
            let dead = |stage: &str, error: String| DeadLetter {
                source: ingested.source.clone(),
                stage: stage.to_string(),
                error,
            };
            let transcript = ingested.result.map_err(|e| {
                let stage = if matches!(e, crate::ingest::IngestError::Unreadable(_)) {
                    "read"
                } else {
                    "ingest"
                };
                dead(stage, e.to_string())
            })?;
            let segmentation = segmenter
                .segment(&transcript, rubric)
                .map_err(|e| dead("segment", e.to_string()))?;
            Ok((transcript, segmentation))
        })
        .collect()
}

/// Transcripts that name the same candidate id explicitly (front matter or
/// JSON) are sessions of one candidate: one scorecard for all of them.
/// Ids taken from file names are not merged: two `chat` files are two people.
fn merge_sessions_by_id(cards: Vec<Scorecard>, rubric: &Rubric) -> Vec<Scorecard> {
    let mut groups: BTreeMap<String, Vec<Scorecard>> = BTreeMap::new();
    let mut out = Vec::new();
    for card in cards {
        if card.metadata.candidate_id.is_some() {
            groups
                .entry(card.candidate_id.to_lowercase())
                .or_default()
                .push(card);
        } else {
            out.push(card);
        }
    }
    for (_, group) in groups {
        if group.len() == 1 {
            out.extend(group);
        } else {
            out.extend(crate::judge::merge_sessions(group, rubric));
        }
    }
    out
}

/// Two transcripts with the same candidate id would overwrite each other's
/// scorecard: later ones (by source) get a numbered suffix and a warning.
fn make_ids_unique(cards: &mut [Scorecard]) {
    cards.sort_by(|a, b| a.source.cmp(&b.source));
    let mut first_source: BTreeMap<String, String> = BTreeMap::new();
    let mut taken: BTreeSet<String> = cards
        .iter()
        .map(|c| c.candidate_id.to_lowercase())
        .collect();
    for card in cards.iter_mut() {
        let key = card.candidate_id.to_lowercase();
        match first_source.get(&key) {
            None => {
                first_source.insert(key, card.source.clone());
            }
            Some(first) => {
                let first = first.clone();
                let mut n = 2;
                while taken.contains(&format!("{key}-{n}")) {
                    n += 1;
                }
                let new_id = format!("{}-{n}", card.candidate_id);
                taken.insert(new_id.to_lowercase());
                card.warnings.push(format!(
                    "duplicate_candidate_id: {} is also the id of {first}; this scorecard is {new_id}",
                    card.candidate_id
                ));
                card.candidate_id = new_id;
            }
        }
    }
}

/// Lists the files to grade, in a stable order: files given directly, and
/// every non-hidden file under the folders given, skipping the output folder.
/// Folders that cannot be read and symlink loops become dead letters.
pub fn discover(paths: &[PathBuf], out: &Path) -> (Vec<Input>, Vec<DeadLetter>) {
    let out = out.canonicalize().ok();
    let mut inputs = Vec::new();
    let mut dead = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut visited = BTreeSet::new();
            walk(
                path,
                path,
                out.as_deref(),
                &mut visited,
                &mut inputs,
                &mut dead,
            );
        } else {
            let source = path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            inputs.push(Input {
                path: path.clone(),
                source,
            });
        }
    }
    inputs.sort_by(|a, b| a.source.cmp(&b.source));
    inputs.dedup_by(|a, b| a.path == b.path);
    (inputs, dead)
}

fn walk(
    root: &Path,
    dir: &Path,
    out: Option<&Path>,
    visited: &mut BTreeSet<PathBuf>,
    inputs: &mut Vec<Input>,
    dead: &mut Vec<DeadLetter>,
) {
    let relative = |p: &Path| {
        p.strip_prefix(root)
            .unwrap_or(p)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/")
    };
    let unreadable = |path: &Path, error: String| DeadLetter {
        source: relative(path),
        stage: "discover".into(),
        error,
    };
    let canonical = match dir.canonicalize() {
        Ok(c) => c,
        Err(e) => return dead.push(unreadable(dir, format!("could not open the folder: {e}"))),
    };
    if Some(canonical.as_path()) == out {
        return;
    }
    if !visited.insert(canonical.clone()) {
        let error = format!(
            "symlink loop: this folder leads back to {}, which is already being read",
            canonical.display()
        );
        return dead.push(unreadable(dir, error));
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => return dead.push(unreadable(dir, format!("could not read the folder: {e}"))),
    };
    let mut children: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    children.sort();
    for child in children {
        let hidden = child
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        if child.is_dir() {
            walk(root, &child, out, visited, inputs, dead);
        } else if child.is_file() {
            inputs.push(Input {
                source: relative(&child),
                path: child,
            });
        } else if std::fs::symlink_metadata(&child).is_ok_and(|m| m.file_type().is_symlink()) {
            dead.push(unreadable(
                &child,
                "broken symlink: its target does not exist".into(),
            ));
        }
    }
    visited.remove(&canonical);
}

/// The progress bar: drawn on a terminal, hidden under `--quiet`, when stderr
/// is not a terminal, or when `CI` is set.
fn progress_bar(len: u64, quiet: bool) -> ProgressBar {
    let hidden = quiet || std::env::var_os("CI").is_some() || !std::io::stderr().is_terminal();
    if hidden {
        return ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::hidden());
    }
    let bar = ProgressBar::new(len);
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} grading [{bar:30}] {pos}/{len} transcripts ({eta})")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}
