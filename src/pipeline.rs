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
    /// Stopped by Ctrl-C: the report is partial.
    pub interrupted: bool,
}

impl Outcome {
    /// SPEC §3: 0 when every input was graded, 1 when some were dead-lettered.
    pub fn exit_code(&self) -> i32 {
        if self.interrupted {
            i32::from(crate::interrupt::EXIT_INTERRUPTED)
        } else if self.dead.is_empty() {
            0
        } else {
            1
        }
    }
}

/// How many files are read, graded and written before the next ones are
/// read: memory holds one batch of transcripts and scorecards and the
/// cohort's summary rows, never the whole cohort.
const BATCH: usize = 256;
/// Files per batch with the LLM judge.
const LLM_BATCH: usize = 2048;

/// Runs `grade` with checked options.
pub fn run(options: &Options) -> Result<Outcome> {
    let started = Instant::now();
    // Templates are checked before anything is written.
    let reporter = Reporter::new(&options.out, options.templates.as_deref())?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs)
        .build()
        .context("could not start the worker threads")?;

    let (mut inputs, mut dead) = discover(&options.paths, &options.out);
    if !options.skip.is_empty() {
        let skip: Vec<PathBuf> = options
            .skip
            .iter()
            .filter_map(|p| p.canonicalize().ok())
            .collect();
        inputs.retain(|i| i.path.canonicalize().map_or(true, |c| !skip.contains(&c)));
    }
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
    if let Some(shard) = options.shard {
        inputs.retain(|i| shard.takes(&i.source));
        dead.retain(|d| shard.takes(&d.source));
    }
    // Files found, readable or not (every dead letter so far is from discovery).
    let found = inputs.len() + dead.len();
    let discovered = started.elapsed();
    reporter.prepare()?;

    let progress = progress_bar(inputs.len() as u64, options.quiet);
    let segmenter = Segmenter::new(&options.rubric);
    let mut llm = LlmCounts::default();
    let mut collector = Collector::default();
    let ctx = BatchContext {
        options,
        segmenter: &segmenter,
        pool: &pool,
        progress: &progress,
    };
    let mut interrupted = false;
    // The LLM path holds a batch while the network works: bigger batches keep
    // the requests in flight and the connections warm across more files.
    let batch_size = if options.llm.is_some() {
        LLM_BATCH
    } else {
        BATCH
    };
    for batch in inputs.chunks(batch_size) {
        if crate::interrupt::interrupted() {
            interrupted = true;
            break;
        }
        let results = ctx.grade_batch(batch, &mut llm)?;
        // A batch cut short by Ctrl-C is not written: its answers are in the
        // cache, and the rerun grades it whole.
        if crate::interrupt::interrupted() {
            interrupted = true;
            break;
        }
        collector.absorb(results, &reporter, options, &pool, &mut dead);
    }
    progress.finish_and_clear();
    if !interrupted {
        collector.merge_sessions(&ctx, &inputs, &reporter, &mut llm, &mut dead)?;
    }
    if let Some(config) = &options.llm {
        llm.price(config);
        if !options.quiet {
            eprintln!("grade: {}", llm.summary(config));
        }
    }
    let graded_at = started.elapsed();

    let injections_detected = collector
        .rows
        .iter()
        .filter(|r| r.warnings.iter().any(|w| w.starts_with("prompt_injection")))
        .count();
    let mut rows = collector.rows;
    rows.sort_by(|a, b| a.source.cmp(&b.source));
    dead.sort_by(|a, b| a.source.cmp(&b.source));
    let judge_name = match &options.llm {
        Some(_) => "llm",
        None => RulesJudge.name(),
    };
    let mut run = RunInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        status: if interrupted {
            "interrupted"
        } else {
            "complete"
        }
        .into(),
        rubric: rubric_ref(&options.rubric),
        judge: judge_name.to_string(),
        model: options.llm.as_ref().map(|l| l.model.clone()),
        shard: options.shard.map(|s| s.to_string()),
        inputs: found,
        graded: rows.len(),
        dead_lettered: dead.len(),
        injections_detected,
        jobs: options.jobs,
        timings_ms: Timings {
            discover: millis(discovered),
            grade: millis(graded_at - discovered),
            summary: 0,
            total: 0,
        },
        llm,
    };
    reporter.write_tables(&rows, &dead, &options.rubric, &run)?;
    run.timings_ms.total = millis(started.elapsed());
    run.timings_ms.summary = run.timings_ms.total.saturating_sub(millis(graded_at));
    reporter.write_run(&run)?;
    Ok(Outcome {
        graded: rows.len(),
        dead,
        out: options.out.clone(),
        interrupted,
    })
}

/// What grading a batch needs.
struct BatchContext<'a> {
    options: &'a Options,
    segmenter: &'a Segmenter,
    pool: &'a rayon::ThreadPool,
    progress: &'a ProgressBar,
}

impl BatchContext<'_> {
    /// Ingests, segments and judges a batch of files, in input order.
    fn grade_batch(
        &self,
        batch: &[Input],
        llm: &mut LlmCounts,
    ) -> Result<Vec<Result<Scorecard, DeadLetter>>> {
        let options = self.options;
        let rubric = &options.rubric;
        let prepared: Vec<Prepared> = self.pool.install(|| {
            batch
                .par_iter()
                .flat_map_iter(|input| {
                    let prepared = prepare_one(input, rubric, self.segmenter, &options.ingest);
                    self.progress.inc(1);
                    for d in prepared.iter().filter_map(|r| r.as_ref().err()) {
                        self.progress.suspend(|| {
                            if !options.quiet {
                                eprintln!("grade: could not grade {}: {}", d.source, d.error);
                            }
                        });
                    }
                    prepared
                })
                .collect()
        });
        let grade_all = |judge: &dyn Judge| -> Vec<Result<Scorecard, DeadLetter>> {
            self.pool.install(|| {
                prepared
                    .par_iter()
                    .map(|p| match p {
                        Ok((t, s)) => Ok(grade(t, s, rubric, judge)),
                        Err(d) => Err(d.clone()),
                    })
                    .collect()
            })
        };
        match &options.llm {
            None => Ok(grade_all(&RulesJudge)),
            Some(config) => {
                let (judge, counts) = self
                    .progress
                    .suspend(|| ask_the_model(config, &prepared, rubric))?;
                let results = grade_all(&judge);
                llm.add(counts, judge.counts());
                Ok(results)
            }
        }
    }
}

/// Collects the summary rows while scorecards are written batch by batch,
/// and gives every scorecard a unique id, deterministically: batches are
/// absorbed in source order.
#[derive(Default)]
struct Collector {
    rows: Vec<CohortRow>,
    /// Ids given out (lower case) and the source that took each.
    taken: HashMap<String, String>,
    /// Explicit candidate ids (lower case) → the id their first session was
    /// written under, and the sources of every session.
    sessions: BTreeMap<String, (String, Vec<String>)>,
}

impl Collector {
    fn absorb(
        &mut self,
        results: Vec<Result<Scorecard, DeadLetter>>,
        reporter: &Reporter,
        options: &Options,
        pool: &rayon::ThreadPool,
        dead: &mut Vec<DeadLetter>,
    ) {
        let mut cards = Vec::new();
        for result in results {
            let mut card = match result {
                Ok(card) => card,
                Err(d) => {
                    dead.push(d);
                    continue;
                }
            };
            // Transcripts that name the same candidate id explicitly are
            // sessions of one candidate: the later ones are merged at the end.
            let explicit = card
                .metadata
                .candidate_id
                .is_some()
                .then(|| card.candidate_id.to_lowercase());
            if let Some(key) = &explicit {
                if let Some((_, sources)) = self.sessions.get_mut(key) {
                    sources.push(card.source.clone());
                    continue;
                }
            }
            self.claim(&mut card);
            if let Some(key) = explicit {
                self.sessions
                    .insert(key, (card.candidate_id.clone(), vec![card.source.clone()]));
            }
            cards.push(card);
        }
        self.write(cards, false, reporter, options, pool, dead);
    }

    /// Writes scorecards and keeps their rows; `replace` says they take the
    /// place of rows with the same id (merged sessions).
    fn write(
        &mut self,
        cards: Vec<Scorecard>,
        replace: bool,
        reporter: &Reporter,
        options: &Options,
        pool: &rayon::ThreadPool,
        dead: &mut Vec<DeadLetter>,
    ) {
        let written: Vec<Result<CohortRow, DeadLetter>> = pool.install(|| {
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
        for r in written {
            match r {
                Ok(row) => {
                    if replace {
                        self.rows.retain(|old| old.candidate_id != row.candidate_id);
                    }
                    self.rows.push(row);
                }
                Err(d) => dead.push(d),
            }
        }
    }

    /// Two transcripts with the same candidate id would overwrite each
    /// other's scorecard: later ones (by source) get a numbered suffix and a
    /// warning.
    fn claim(&mut self, card: &mut Scorecard) {
        let key = card.candidate_id.to_lowercase();
        let Some(first) = self.taken.get(&key).cloned() else {
            self.taken.insert(key, card.source.clone());
            return;
        };
        let mut n = 2;
        while self.taken.contains_key(&format!("{key}-{n}")) {
            n += 1;
        }
        let new_id = format!("{}-{n}", card.candidate_id);
        self.taken
            .insert(new_id.to_lowercase(), card.source.clone());
        card.warnings.push(format!(
            "duplicate_candidate_id: {} is also the id of {first}; this scorecard is {new_id}",
            card.candidate_id
        ));
        card.candidate_id = new_id;
    }

    /// Grades every session of candidates seen more than once again (from
    /// the answer cache with the LLM judge) and writes one scorecard for all
    /// of them, in place of the first session's.
    fn merge_sessions(
        &mut self,
        ctx: &BatchContext<'_>,
        inputs: &[Input],
        reporter: &Reporter,
        llm: &mut LlmCounts,
        dead: &mut Vec<DeadLetter>,
    ) -> Result<()> {
        let groups: Vec<(String, Vec<String>)> = self
            .sessions
            .values()
            .filter(|(_, sources)| sources.len() > 1)
            .cloned()
            .collect();
        if groups.is_empty() {
            return Ok(());
        }
        let by_source: HashMap<&str, &Input> =
            inputs.iter().map(|i| (i.source.as_str(), i)).collect();
        let input_of = |source: &str| {
            by_source.get(source).copied().or_else(|| {
                // One conversation of a JSON Lines file: `file#line`.
                source
                    .rsplit_once('#')
                    .and_then(|(file, _)| by_source.get(file).copied())
            })
        };
        let mut wanted: Vec<Input> = groups
            .iter()
            .flat_map(|(_, sources)| sources.iter().filter_map(|s| input_of(s)).cloned())
            .collect();
        wanted.sort_by(|a, b| a.source.cmp(&b.source));
        wanted.dedup_by(|a, b| a.path == b.path);
        let mut cards: HashMap<String, Scorecard> = HashMap::new();
        for batch in wanted.chunks(BATCH) {
            for card in ctx.grade_batch(batch, llm)?.into_iter().flatten() {
                cards.insert(card.source.clone(), card);
            }
        }
        let mut merged = Vec::new();
        for (id, sources) in groups {
            let sessions: Vec<Scorecard> = sources.iter().filter_map(|s| cards.remove(s)).collect();
            if let Some(mut card) = crate::judge::merge_sessions(sessions, &ctx.options.rubric) {
                card.candidate_id = id;
                merged.push(card);
            }
        }
        self.write(merged, true, reporter, ctx.options, ctx.pool, dead);
        Ok(())
    }
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

/// Fetches the model's answers for every dimension of every prepared
/// transcript (from the cache where it has them) and returns the judge that
/// reads them, with what it cost.
fn ask_the_model(
    config: &LlmConfig,
    prepared: &[Prepared],
    rubric: &Rubric,
) -> Result<(LlmJudge, LlmCounts)> {
    let host = config.host();
    let target = Target {
        model: &config.model,
        host: &host,
        max_tokens: config.max_tokens,
        redact: config.redact,
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
    let (fetched, stats) = crate::llm::fetch_all(config, &requests)?;
    let first_error = fetched
        .iter()
        .find_map(|f| f.answer.as_ref().err().cloned());
    let mut answers: HashMap<(String, String), Answers> = HashMap::new();
    for (request, f) in requests.iter().zip(fetched) {
        answers
            .entry((request.source.clone(), request.dimension.clone()))
            .or_default()
            .push(f.answer);
    }
    let counts = LlmCounts {
        base_url_host: Some(host.clone()),
        samples: config.samples,
        concurrency: config.concurrency,
        transport: stats,
        first_error,
        ..LlmCounts::default()
    };
    Ok((LlmJudge::new(answers), counts))
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
