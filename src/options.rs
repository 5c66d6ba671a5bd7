//! Arguments and environment checked into one [`Options`] before any work
//! starts, so that a configuration mistake stops the run with nothing written.

use std::path::PathBuf;

use anyhow::Result;

use crate::cli::{JudgeKind, RunArgs};
use crate::ingest::IngestOptions;
use crate::llm::config::read_config_file;
use crate::llm::{LlmConfig, LlmSettings};
use crate::rubric::Rubric;

/// A mistake in how `grade` was called or configured: exit status 2.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{0} does not exist")]
    MissingPath(String),
    #[error("--judge llm needs a model server: set OPENAI_API_KEY (for OpenAI) or OPENAI_BASE_URL (for a gateway or a self-hosted server such as Ollama, vLLM or llama.cpp, e.g. http://127.0.0.1:11434/v1), or base_url in the [llm] table of grade.toml")]
    LlmNotConfigured,
    #[error("{0}")]
    Llm(String),
    #[error("--format {0} is not a format grade reads; use one of: {1}")]
    UnknownFormat(String, String),
    #[error("the rubric could not be loaded")]
    Rubric(#[source] crate::rubric::RubricError),
}

/// Everything a run needs, checked.
pub struct Options {
    pub paths: Vec<PathBuf>,
    pub out: PathBuf,
    pub rubric: Rubric,
    pub judge: JudgeKind,
    pub jobs: usize,
    pub templates: Option<PathBuf>,
    pub ingest: IngestOptions,
    pub quiet: bool,
    /// A note for the user about how the judge was chosen.
    pub judge_note: Option<String>,
    /// The model server, when the LLM judge is used.
    pub llm: Option<LlmConfig>,
    /// Grade only this share of the inputs.
    pub shard: Option<Shard>,
    /// Files under `paths` that are not transcripts and are passed over
    /// (`grade calibrate`'s own labels file).
    pub skip: Vec<PathBuf>,
}

/// `--shard K/N`: the K-th of N stable shares of the inputs. A file's share
/// is decided by a hash of its name without folder or extension, so files
/// with the same name (two `chat.json` in different folders, whose ids would
/// clash) are always graded together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub k: u32,
    pub n: u32,
}

impl Shard {
    pub fn parse(text: &str) -> Result<Shard, String> {
        let bad = || format!("--shard {text}: write K/N with 1 ≤ K ≤ N, e.g. 2/8");
        let (k, n) = text.split_once('/').ok_or_else(bad)?;
        let k: u32 = k.trim().parse().map_err(|_| bad())?;
        let n: u32 = n.trim().parse().map_err(|_| bad())?;
        if k == 0 || n == 0 || k > n {
            return Err(bad());
        }
        Ok(Shard { k, n })
    }

    /// Whether the input at `source` belongs to this shard.
    pub fn takes(&self, source: &str) -> bool {
        let name = source.rsplit('/').next().unwrap_or(source);
        let stem = match name.rsplit_once('.') {
            Some((stem, _)) if !stem.is_empty() => stem,
            _ => name,
        };
        // FNV-1a: stable across versions and platforms, unlike std's hasher.
        let hash = stem
            .to_lowercase()
            .bytes()
            .fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
            });
        hash % u64::from(self.n) == u64::from(self.k - 1)
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.k, self.n)
    }
}

/// The LLM settings from flags, the environment and the config file, in that
/// order of precedence.
pub fn llm_settings(args: &crate::cli::LlmArgs) -> Result<LlmSettings, ConfigError> {
    let file = match &args.config {
        Some(path) => read_config_file(path, true),
        None => read_config_file(std::path::Path::new("grade.toml"), false),
    }
    .map_err(ConfigError::Llm)?;
    Ok(args.settings().or(LlmSettings::from_env()).or(file))
}

impl Options {
    pub fn new(paths: Vec<PathBuf>, cli: RunArgs) -> Result<Options, ConfigError> {
        for path in &paths {
            if std::fs::symlink_metadata(path).is_err() {
                return Err(ConfigError::MissingPath(path.display().to_string()));
            }
        }
        if let Some(format) = &cli.format {
            let names = crate::ingest::format_names();
            if !names.contains(&format.as_str()) {
                return Err(ConfigError::UnknownFormat(format.clone(), names.join(", ")));
            }
        }
        let rubric = Rubric::load(&cli.rubric).map_err(ConfigError::Rubric)?;
        let llm = LlmConfig::resolve(llm_settings(&cli.llm)?).map_err(ConfigError::Llm)?;
        let (judge, llm, judge_note) = match (cli.judge, llm) {
            (JudgeKind::Llm, None) => return Err(ConfigError::LlmNotConfigured),
            (JudgeKind::Llm | JudgeKind::Auto, Some(llm)) => {
                let note = format!("judging with {} at {}", llm.model, llm.host());
                (JudgeKind::Llm, Some(llm), Some(note))
            }
            (JudgeKind::Auto | JudgeKind::Rules, _) => (JudgeKind::Rules, None, None),
        };
        let jobs = cli
            .jobs
            .map(usize::from)
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
        Ok(Options {
            paths,
            out: cli.out,
            rubric,
            judge,
            jobs,
            templates: cli.templates,
            ingest: IngestOptions {
                max_file_size: cli.max_file_size,
                format: cli.format,
                interviewers: cli.interviewer,
            },
            quiet: cli.quiet,
            judge_note,
            llm,
            shard: cli.shard,
            skip: Vec::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_split_every_input_once_and_keep_names_together() {
        let shards: Vec<Shard> = (1..=4).map(|k| Shard { k, n: 4 }).collect();
        for i in 0..200 {
            let source = format!("day{}/interview-{i}.vtt", i % 3);
            let takers = shards.iter().filter(|s| s.takes(&source)).count();
            assert_eq!(takers, 1, "{source}");
        }
        let a = shards.iter().position(|s| s.takes("a/chat.json"));
        assert_eq!(a, shards.iter().position(|s| s.takes("b/chat.JSON")));
        assert_eq!(Shard::parse("2/8"), Ok(Shard { k: 2, n: 8 }));
        for bad in ["0/4", "5/4", "x", "1/0", "1-4"] {
            assert!(Shard::parse(bad).unwrap_err().contains("K/N"), "{bad}");
        }
    }
}
