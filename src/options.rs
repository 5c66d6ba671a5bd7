//! Arguments and environment checked into one [`Options`] before any work
//! starts, so that a configuration mistake stops the run with nothing written.

use std::path::PathBuf;

use anyhow::Result;

use crate::cli::{JudgeKind, RunArgs};
use crate::ingest::IngestOptions;
use crate::rubric::Rubric;

/// A mistake in how `grade` was called or configured: exit status 2.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{0} does not exist")]
    MissingPath(String),
    #[error("the LLM judge is not available in this version of grade; use --judge rules (the default judge when no model is configured)")]
    LlmUnavailable,
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
        let llm_configured = ["OPENAI_API_KEY", "OPENAI_BASE_URL"]
            .iter()
            .any(|v| std::env::var_os(v).is_some_and(|s| !s.is_empty()));
        let (judge, judge_note) = match cli.judge {
            JudgeKind::Llm => return Err(ConfigError::LlmUnavailable),
            JudgeKind::Auto if llm_configured => (
                JudgeKind::Rules,
                Some("a model is configured, but this version of grade has no LLM judge yet: using the rules judge".to_string()),
            ),
            JudgeKind::Auto | JudgeKind::Rules => (JudgeKind::Rules, None),
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
        })
    }
}
