//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const EXAMPLES: &str = "\
Examples:
  grade ./transcripts                      grade every file under ./transcripts
  grade a.txt b.md --out report            grade two files into ./report
  grade ./transcripts --judge rules -j 2   deterministic offline judge on 2 threads
  grade ./transcripts --rubric my.toml     grade against your own rubric
  grade calibrate labels.csv ./transcripts compare the judge with human labels
  grade compare report-march report-april  compare two cohorts side by side
  OPENAI_API_KEY=… grade ./transcripts     grade with an OpenAI model (the LLM judge)
  OPENAI_BASE_URL=http://127.0.0.1:11434/v1 grade ./t --model llama3.1
                                           grade with a local Ollama model
  grade cache stats                        where the LLM answer cache is and its size
  grade ./t --shard 1/2 -o r1; grade ./t --shard 2/2 -o r2; grade merge r1 r2 -o report
                                           grade an archive in shards, then combine them

Exit status: 0 every input graded; 1 some inputs could not be graded (listed in
dead-letter.csv, the rest still reported); 2 usage or configuration error (nothing written);
130 stopped by Ctrl-C (a partial report, marked so in run.json and index.html).";

/// Batch-grades recorded technical interviews against a rubric, writing a
/// scorecard per candidate (HTML + JSON) and a cohort summary (HTML + CSV).
#[derive(Debug, Parser)]
#[command(
    name = "grade",
    version,
    about,
    after_help = EXAMPLES,
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Transcript files or folders (folders are read recursively; hidden files are skipped).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    #[command(flatten)]
    pub run: RunArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compare the judge's grades with human labels: QWK, agreement, confusion
    /// matrices, red-flag precision and recall, recommendation agreement.
    Calibrate(Box<CalibrateArgs>),
    /// Compare two cohorts (report folders or their cohort.csv): per-dimension
    /// means and distributions, recommendation rates, and the differences.
    Compare(CompareArgs),
    /// Inspect or empty the LLM judge's answer cache.
    Cache(CacheArgs),
    /// Combine the report folders of `--shard K/N` runs into one report, as
    /// one run over every input would have written it.
    Merge(MergeArgs),
}

#[derive(Debug, Args)]
#[command(
    after_help = "Exit status: 0 every input graded; 1 some inputs could not be graded (dead-letter.csv); 2 the folders cannot be merged (nothing is written)."
)]
pub struct MergeArgs {
    /// Report folders written with --shard (all shards of one run).
    #[arg(value_name = "DIR", required = true)]
    pub dirs: Vec<PathBuf>,
    /// Folder to write the combined report into.
    #[arg(short, long, value_name = "DIR", default_value = "grade-report")]
    pub out: PathBuf,
    /// The rubric the shards were graded with.
    #[arg(short, long, value_name = "NAME|PATH", default_value = crate::rubric::DEFAULT_RUBRIC)]
    pub rubric: String,
    /// Folder of templates overriding the built-in ones.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Print nothing but errors.
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The first cohort: a report folder or its cohort.csv.
    #[arg(value_name = "A")]
    pub a: PathBuf,
    /// The second cohort, compared with the first (differences are B − A).
    #[arg(value_name = "B")]
    pub b: PathBuf,
    /// Folder to write compare.csv and compare.html into.
    #[arg(short, long, value_name = "DIR", default_value = "grade-compare")]
    pub out: PathBuf,
    /// Folder of templates overriding the built-in ones.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Print nothing but errors.
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Exit status: 0 agreement at or above --min-qwk (or no threshold); 1 below it, or labelled transcripts missing from the grades; 2 usage or configuration error."
)]
pub struct CalibrateArgs {
    /// Human labels, in the column layout of cohort.csv (an optional `split`
    /// column reports each split on its own, e.g. tune and heldout).
    #[arg(value_name = "LABELS.csv")]
    pub labels: PathBuf,

    /// Transcripts to grade (sources must match the labels' `source` column).
    #[arg(value_name = "PATH", required_unless_present = "report")]
    pub paths: Vec<PathBuf>,

    /// Read the grades of an existing report folder instead of grading.
    #[arg(long, value_name = "DIR", conflicts_with = "paths")]
    pub report: Option<PathBuf>,

    /// Fail (exit status 1) when the pooled quadratic weighted kappa of any split is below this.
    #[arg(long, value_name = "KAPPA")]
    pub min_qwk: Option<f64>,

    #[command(flatten)]
    pub run: RunArgs,
}

/// Options shared by grading and calibration.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Folder to write the report into.
    #[arg(short, long, value_name = "DIR", default_value = "grade-report")]
    pub out: PathBuf,

    /// Rubric: the name of a built-in rubric or the path of a rubric TOML file.
    #[arg(short, long, value_name = "NAME|PATH", default_value = crate::rubric::DEFAULT_RUBRIC)]
    pub rubric: String,

    /// Which judge scores the dimensions.
    #[arg(long, value_enum, default_value_t = JudgeKind::Auto)]
    pub judge: JudgeKind,

    /// Worker threads [default: the number of CPUs].
    #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,

    /// Folder of templates overriding the built-in ones (base.html, index.html, index_row.html, scorecard.html).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,

    /// Read every input as this format instead of detecting it from the content
    /// (text, webvtt, srt, otter, rev, json, jsonl).
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<String>,

    /// A speaker on the interviewer side, by the name the transcript uses
    /// (repeat for a panel); everyone else is the candidate.
    #[arg(long, value_name = "NAME")]
    pub interviewer: Vec<String>,

    /// Largest transcript file read, in bytes (suffixes K, M and G accepted).
    #[arg(long, value_name = "SIZE", default_value = "20M", value_parser = parse_size)]
    pub max_file_size: u64,

    /// Print nothing but errors: no progress bar, no summary.
    #[arg(short, long)]
    pub quiet: bool,

    /// Grade only the K-th of N stable shares of the inputs (by file name);
    /// combine the N report folders with `grade merge`.
    #[arg(long, value_name = "K/N", value_parser = crate::options::Shard::parse)]
    pub shard: Option<crate::options::Shard>,

    #[command(flatten)]
    pub llm: LlmArgs,
}

/// The LLM judge's options (also settable in the `[llm]` table of grade.toml).
#[derive(Debug, Args, Default)]
#[command(
    next_help_heading = "LLM judge (OPENAI_API_KEY, OPENAI_BASE_URL, GRADE_MODEL, grade.toml)"
)]
pub struct LlmArgs {
    /// Model name [env: GRADE_MODEL] [default: gpt-4o-mini].
    #[arg(long, value_name = "NAME")]
    pub model: Option<String>,

    /// Answers per dimension, reduced by their median; a spread of more than
    /// one level asks for human review [default: 1].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=15))]
    pub samples: Option<u32>,

    /// Requests in flight at once [default: 8].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub concurrency: Option<u32>,

    /// Seconds to wait for one answer [default: 120].
    #[arg(long, value_name = "SECS")]
    pub timeout: Option<f64>,

    /// Retries of a request on 429, 5xx, timeouts and broken connections [default: 4].
    #[arg(long, value_name = "N")]
    pub retries: Option<u32>,

    /// Answer cache folder [default: the platform cache folder, e.g. ~/.cache/grade/llm].
    #[arg(long, value_name = "DIR")]
    pub cache: Option<PathBuf>,

    /// Neither read nor write the answer cache.
    #[arg(long, conflicts_with = "cache")]
    pub no_cache: bool,

    /// Price of a million prompt tokens, in dollars, for the cost estimate in run.json.
    #[arg(long, value_name = "USD")]
    pub price_in: Option<f64>,

    /// Price of a million completion tokens, in dollars.
    #[arg(long, value_name = "USD")]
    pub price_out: Option<f64>,

    /// Send names, e-mail addresses and phone numbers to the model as they
    /// are written (by default they are replaced before anything is sent).
    #[arg(long)]
    pub no_redact: bool,

    /// Config file [default: ./grade.toml when it exists].
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,
}

impl LlmArgs {
    pub fn settings(&self) -> crate::llm::LlmSettings {
        crate::llm::LlmSettings {
            model: self.model.clone(),
            samples: self.samples,
            concurrency: self.concurrency.map(|c| c as usize),
            timeout_secs: self.timeout,
            retries: self.retries,
            cache_dir: self.cache.clone(),
            no_cache: self.no_cache.then_some(true),
            price_in: self.price_in,
            price_out: self.price_out,
            no_redact: self.no_redact.then_some(true),
            ..crate::llm::LlmSettings::default()
        }
    }
}

#[derive(Debug, Args)]
pub struct CacheArgs {
    #[command(subcommand)]
    pub action: CacheAction,
    /// Cache folder [default: as configured, else the platform cache folder].
    #[arg(long, value_name = "DIR", global = true)]
    pub cache: Option<PathBuf>,
    /// Config file [default: ./grade.toml when it exists].
    #[arg(long, value_name = "PATH", global = true)]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum CacheAction {
    /// Print where the cache is, how many answers it holds and their size.
    Stats,
    /// Delete every cached answer.
    Clear,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum JudgeKind {
    /// `llm` when an API key or base URL is configured, otherwise `rules`.
    Auto,
    /// Deterministic, offline rules from the rubric's signals.
    Rules,
    /// An OpenAI-compatible model.
    Llm,
}

/// Parses `1048576`, `512K`, `20M` or `1G`.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let (digits, factor) = match t.char_indices().last() {
        Some((i, 'k' | 'K')) => (&t[..i], 1u64 << 10),
        Some((i, 'm' | 'M')) => (&t[..i], 1 << 20),
        Some((i, 'g' | 'G')) => (&t[..i], 1 << 30),
        _ => (t, 1),
    };
    digits
        .trim()
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(factor))
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("`{text}` is not a size; write bytes, or a number with K, M or G"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_with_suffixes() {
        assert_eq!(parse_size("20M"), Ok(20 << 20));
        assert_eq!(parse_size("512k"), Ok(512 << 10));
        assert_eq!(parse_size("100"), Ok(100));
        assert!(parse_size("0").is_err());
        assert!(parse_size("lots").unwrap_err().contains("not a size"));
    }

    #[test]
    fn cli_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
