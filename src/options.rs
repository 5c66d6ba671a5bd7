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
        })
    }
}
