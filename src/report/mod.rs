//! Stage 4, report: scorecards and the cohort → files in the output folder.
//!
//! Every file is written atomically (a temporary file in the same folder, then
//! a rename), so a reader never sees half a report, and a crash leaves the
//! previous version in place. One file per output format beside this one.

mod csv;
mod html;
mod json;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::model::{CohortRow, DeadLetter, RubricRef, Scorecard};
use crate::rubric::Rubric;
pub use csv::{cohort_csv, dead_letter_csv, neutralise, unneutralise};
pub use html::Templates;
pub use json::pretty as pretty_json;

/// What `run.json` records about a run.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RunInfo {
    pub version: String,
    /// `complete`, or `interrupted` when the run was stopped part-way.
    pub status: String,
    pub rubric: RubricRef,
    pub judge: String,
    pub model: Option<String>,
    /// `K/N` when this run graded one shard of the inputs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shard: Option<String>,
    pub inputs: usize,
    pub graded: usize,
    pub dead_lettered: usize,
    /// Transcripts with text addressed to the grader (kept out of prompts).
    #[serde(default)]
    pub injections_detected: usize,
    pub jobs: usize,
    pub timings_ms: Timings,
    pub llm: LlmCounts,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Timings {
    pub discover: u64,
    pub grade: u64,
    pub summary: u64,
    pub total: u64,
}

/// What the LLM judge did in a run (all zero for the rules judge).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LlmCounts {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_url_host: Option<String>,
    pub samples: u32,
    pub concurrency: usize,
    #[serde(flatten)]
    pub transport: crate::llm::Stats,
    #[serde(flatten)]
    pub judge: crate::judge::llm::JudgeCounts,
    /// Dollars, from `--price-in` / `--price-out` (per million tokens).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub estimated_cost_usd: Option<f64>,
    /// The first request that got no answer, for the message at the end.
    #[serde(skip)]
    pub first_error: Option<String>,
}

impl LlmCounts {
    /// Adds one batch's figures (`batch` from the transport, `judge` from the
    /// judge that read its answers).
    pub fn add(&mut self, batch: LlmCounts, judge: crate::judge::llm::JudgeCounts) {
        self.base_url_host = batch.base_url_host.or(self.base_url_host.take());
        self.samples = batch.samples;
        self.concurrency = batch.concurrency;
        self.first_error = self.first_error.take().or(batch.first_error);
        let (t, b) = (&mut self.transport, batch.transport);
        t.requests_sent += b.requests_sent;
        t.calls_made += b.calls_made;
        t.served_from_cache += b.served_from_cache;
        t.retried += b.retried;
        t.rate_limited += b.rate_limited;
        t.failed += b.failed;
        t.prompt_tokens += b.prompt_tokens;
        t.completion_tokens += b.completion_tokens;
        // 0 until a batch reports one (a limit is never below 1).
        t.lowest_concurrency = match t.lowest_concurrency {
            0 => b.lowest_concurrency,
            lowest => lowest.min(b.lowest_concurrency),
        };
        let j = &mut self.judge;
        j.fallbacks += judge.fallbacks;
        j.invalid_answers += judge.invalid_answers;
        j.dropped_quotes += judge.dropped_quotes;
        j.dropped_red_flags += judge.dropped_red_flags;
        j.samples_disagreed += judge.samples_disagreed;
    }

    /// Works out the estimated cost from the prices configured, if any.
    pub fn price(&mut self, config: &crate::llm::LlmConfig) {
        self.estimated_cost_usd = match (config.price_in, config.price_out) {
            (None, None) => None,
            // Dollars, rounded to the micro-dollar.
            (pin, pout) => Some(
                (self.transport.prompt_tokens as f64 * pin.unwrap_or(0.0)
                    + self.transport.completion_tokens as f64 * pout.unwrap_or(0.0))
                .round()
                    / 1e6,
            ),
        };
    }

    /// One line for the end of a run.
    pub fn summary(&self, config: &crate::llm::LlmConfig) -> String {
        let t = &self.transport;
        let mut line = format!(
            "{} at {}: {} answers received, {} from the cache, {} retries",
            config.model,
            config.host(),
            t.calls_made,
            t.served_from_cache,
            t.retried
        );
        if let Some(cost) = self.estimated_cost_usd {
            line.push_str(&format!(", about ${cost:.4}"));
        }
        if let Some(error) = &self.first_error {
            line.push_str(&format!(
                "; {} requests got no answer and the rules judge scored those dimensions (first error: {error})",
                t.failed
            ));
        }
        line
    }
}

/// Writes the report files of one run.
pub struct Reporter {
    out: PathBuf,
    templates: Templates,
}

impl Reporter {
    /// Prepares the output folder and the templates (built-in, or overridden
    /// from `templates_dir`).
    pub fn new(out: &Path, templates_dir: Option<&Path>) -> Result<Reporter> {
        let templates = Templates::load(templates_dir)?;
        Ok(Reporter {
            out: out.to_path_buf(),
            templates,
        })
    }

    /// Creates the output folders; called once before the first file is written.
    pub fn prepare(&self) -> Result<()> {
        let candidates = self.out.join("candidates");
        fs::create_dir_all(&candidates).with_context(|| {
            format!(
                "could not create the output folder {}",
                candidates.display()
            )
        })
    }

    /// Writes `candidates/<id>.json` and `candidates/<id>.html`.
    pub fn write_scorecard(&self, card: &Scorecard, rubric: &Rubric) -> Result<()> {
        let dir = self.out.join("candidates");
        let json = json::scorecard(card)?;
        write_atomic(
            &dir.join(format!("{}.json", card.candidate_id)),
            json.as_bytes(),
        )?;
        let html = self.templates.scorecard(card, rubric)?;
        write_atomic(
            &dir.join(format!("{}.html", card.candidate_id)),
            html.as_bytes(),
        )
    }

    /// Writes `cohort.csv`, `dead-letter.csv`, `index.html` and `run.json`.
    pub fn write_summary(
        &self,
        rows: &[CohortRow],
        dead: &[DeadLetter],
        rubric: &Rubric,
        run: &RunInfo,
    ) -> Result<()> {
        self.write_tables(rows, dead, rubric, run)?;
        self.write_run(run)
    }

    /// Writes `cohort.csv`, `dead-letter.csv` and `index.html`.
    pub fn write_tables(
        &self,
        rows: &[CohortRow],
        dead: &[DeadLetter],
        rubric: &Rubric,
        run: &RunInfo,
    ) -> Result<()> {
        write_atomic(&self.out.join("cohort.csv"), &cohort_csv(rows, rubric)?)?;
        write_atomic(&self.out.join("dead-letter.csv"), &dead_letter_csv(dead)?)?;
        let index = self.templates.index(rows, dead, rubric, run)?;
        write_atomic(&self.out.join("index.html"), index.as_bytes())
    }

    /// Writes `run.json`, last, so that its presence means the run ended.
    pub fn write_run(&self, run: &RunInfo) -> Result<()> {
        write_atomic(&self.out.join("run.json"), json::pretty(run)?.as_bytes())
    }
}

/// Writes a file so that readers see the old or the new content, never a mix:
/// the bytes go to a temporary file in the same folder, which is then renamed
/// over the target. A killed process leaves either file whole. There is no
/// fsync per file: that doubled the time of a run on a disk, and after a
/// power cut the rerun rewrites every report and treats a damaged cache
/// entry as missing.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    // Unique per process and per call: several threads (or processes sharing
    // a cache) may write the same path at once; the last rename wins whole.
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = dir.join(format!(".{name}.{}.{n}.tmp", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut file = fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        drop(file);
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.with_context(|| format!("could not write {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["a.csv"]);
    }

    #[test]
    fn atomic_write_names_the_file_on_failure() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing").join("a.csv");
        let err = write_atomic(&path, b"x").unwrap_err();
        assert!(err.to_string().contains("a.csv"), "{err}");
    }
}
