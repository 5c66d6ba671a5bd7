//! How the LLM judge is configured: command-line flags win over the
//! environment, which wins over `grade.toml`, which wins over the defaults.
//! The API key comes only from the environment and is never printed.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

/// OpenAI's endpoint, used when only an API key is configured.
pub const OPENAI_BASE_URL: &str = "https://api.openai.com/v1";
/// The model asked for when none is configured.
pub const DEFAULT_MODEL: &str = "gpt-4o-mini";

/// Settings as given (flags or the `[llm]` table of `grade.toml`); every field
/// is optional, and the first source that sets one wins.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LlmSettings {
    pub base_url: Option<String>,
    pub model: Option<String>,
    pub concurrency: Option<usize>,
    pub samples: Option<u32>,
    pub timeout_secs: Option<f64>,
    pub retries: Option<u32>,
    pub retry_budget: Option<u64>,
    pub backoff_ms: Option<u64>,
    pub max_tokens: Option<u32>,
    pub cache_dir: Option<PathBuf>,
    pub no_cache: Option<bool>,
    pub price_in: Option<f64>,
    pub price_out: Option<f64>,
    pub no_redact: Option<bool>,
}

impl LlmSettings {
    /// Fields of `self` that are unset are taken from `other`.
    pub fn or(self, other: LlmSettings) -> LlmSettings {
        LlmSettings {
            base_url: self.base_url.or(other.base_url),
            model: self.model.or(other.model),
            concurrency: self.concurrency.or(other.concurrency),
            samples: self.samples.or(other.samples),
            timeout_secs: self.timeout_secs.or(other.timeout_secs),
            retries: self.retries.or(other.retries),
            retry_budget: self.retry_budget.or(other.retry_budget),
            backoff_ms: self.backoff_ms.or(other.backoff_ms),
            max_tokens: self.max_tokens.or(other.max_tokens),
            cache_dir: self.cache_dir.or(other.cache_dir),
            no_cache: self.no_cache.or(other.no_cache),
            price_in: self.price_in.or(other.price_in),
            price_out: self.price_out.or(other.price_out),
            no_redact: self.no_redact.or(other.no_redact),
        }
    }

    /// Settings from the environment: `OPENAI_BASE_URL` and `GRADE_MODEL`.
    pub fn from_env() -> LlmSettings {
        LlmSettings {
            base_url: non_empty_env("OPENAI_BASE_URL"),
            model: non_empty_env("GRADE_MODEL"),
            ..LlmSettings::default()
        }
    }
}

/// The `grade.toml` file: an `[llm]` table for now.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    llm: LlmSettings,
}

/// Reads the `[llm]` settings of a config file. `explicit` says the user
/// named the file, so a missing file is an error rather than "no settings".
pub fn read_config_file(path: &Path, explicit: bool) -> Result<LlmSettings, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if !explicit && e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(LlmSettings::default())
        }
        Err(e) => {
            return Err(format!(
                "could not read the config file {}: {e}",
                path.display()
            ))
        }
    };
    toml::from_str::<ConfigFile>(&text)
        .map(|c| c.llm)
        .map_err(|e| {
            format!(
                "the config file {} is not valid: {}",
                path.display(),
                e.message()
            )
        })
}

/// An API key: shown as `***` in every `Debug` or `Display`.
#[derive(Clone)]
pub struct ApiKey(String);

impl ApiKey {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// Everything the LLM judge needs, checked.
#[derive(Debug, Clone)]
pub struct LlmConfig {
    /// The API base, e.g. `https://api.openai.com/v1`, without a trailing `/`.
    pub base_url: String,
    pub api_key: Option<ApiKey>,
    pub model: String,
    pub concurrency: usize,
    pub samples: u32,
    pub timeout: Duration,
    /// Retries of one request after its first attempt.
    pub retries: u32,
    /// Retries allowed across the whole run.
    pub retry_budget: u64,
    /// First backoff delay; doubled each retry, with jitter, up to [`MAX_BACKOFF`].
    pub backoff: Duration,
    pub max_tokens: u32,
    /// `None` when the cache is off.
    pub cache_dir: Option<PathBuf>,
    pub price_in: Option<f64>,
    pub price_out: Option<f64>,
    /// Replace names, e-mail addresses and phone numbers before sending.
    pub redact: bool,
}

/// Longest wait between two attempts, whatever the server asks for.
pub const MAX_BACKOFF: Duration = Duration::from_secs(60);

impl LlmConfig {
    /// `None` when neither a base URL nor an API key is configured.
    pub fn resolve(settings: LlmSettings) -> Result<Option<LlmConfig>, String> {
        let api_key = non_empty_env("OPENAI_API_KEY").map(|k| ApiKey(k.trim().to_string()));
        if api_key
            .as_ref()
            .is_some_and(|k| !k.0.bytes().all(|b| b.is_ascii_graphic()))
        {
            return Err("OPENAI_API_KEY holds spaces or characters that cannot be sent in an HTTP header; check how it was set".into());
        }
        let base_url = match (settings.base_url, &api_key) {
            (Some(url), _) => url,
            (None, Some(_)) => OPENAI_BASE_URL.to_string(),
            (None, None) => return Ok(None),
        };
        let base_url = base_url.trim().trim_end_matches('/').to_string();
        if !(base_url.starts_with("http://") || base_url.starts_with("https://")) {
            return Err(format!(
                "the model server's base URL `{base_url}` must start with http:// or https:// (for example http://127.0.0.1:11434/v1)"
            ));
        }
        let concurrency = settings.concurrency.unwrap_or(8);
        if concurrency == 0 {
            return Err("the concurrency must be at least 1".into());
        }
        let samples = settings.samples.unwrap_or(1);
        if samples == 0 {
            return Err("the number of samples must be at least 1".into());
        }
        let timeout = settings.timeout_secs.unwrap_or(120.0);
        if !(timeout.is_finite() && timeout > 0.0) {
            return Err("the request timeout must be a positive number of seconds".into());
        }
        for (name, price) in [
            ("--price-in", settings.price_in),
            ("--price-out", settings.price_out),
        ] {
            if price.is_some_and(|p| !(p.is_finite() && p >= 0.0)) {
                return Err(format!(
                    "{name} must be a price in dollars per million tokens, 0 or more"
                ));
            }
        }
        let cache_dir = if settings.no_cache.unwrap_or(false) {
            None
        } else {
            Some(match settings.cache_dir {
                Some(dir) => dir,
                None => default_cache_dir().ok_or(
                    "there is no cache folder for this user (no HOME); give one with --cache DIR or turn the cache off with --no-cache",
                )?,
            })
        };
        Ok(Some(LlmConfig {
            base_url,
            api_key,
            model: settings.model.unwrap_or_else(|| DEFAULT_MODEL.to_string()),
            concurrency,
            samples,
            timeout: Duration::from_secs_f64(timeout),
            retries: settings.retries.unwrap_or(4),
            retry_budget: settings.retry_budget.unwrap_or(200),
            backoff: Duration::from_millis(settings.backoff_ms.unwrap_or(500)),
            max_tokens: settings.max_tokens.unwrap_or(1024),
            cache_dir,
            price_in: settings.price_in,
            price_out: settings.price_out,
            redact: !settings.no_redact.unwrap_or(false),
        }))
    }

    /// The server's host and port, as the cache key records it (never the
    /// path or query, which some gateways use to carry keys).
    pub fn host(&self) -> String {
        let rest = self
            .base_url
            .split_once("://")
            .map_or(self.base_url.as_str(), |(_, r)| r);
        let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
        // Drop any `user:password@`.
        authority
            .rsplit_once('@')
            .map_or(authority, |(_, h)| h)
            .to_ascii_lowercase()
    }
}

fn non_empty_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// The platform's per-user cache folder, with `grade/llm` below it.
pub fn default_cache_dir() -> Option<PathBuf> {
    let base = if cfg!(windows) {
        std::env::var_os("LOCALAPPDATA").map(PathBuf::from)
    } else if cfg!(target_os = "macos") {
        std::env::var_os("HOME").map(|h| PathBuf::from(h).join("Library/Caches"))
    } else {
        std::env::var_os("XDG_CACHE_HOME")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
    };
    base.map(|b| b.join("grade").join("llm"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(base_url: &str) -> LlmConfig {
        LlmConfig::resolve(LlmSettings {
            base_url: Some(base_url.into()),
            no_cache: Some(true),
            ..LlmSettings::default()
        })
        .unwrap()
        .unwrap()
    }

    #[test]
    fn the_host_keeps_neither_credentials_nor_path() {
        assert_eq!(
            config("https://user:secret@Gateway.example:8443/openai/v1?key=abc").host(),
            "gateway.example:8443"
        );
        assert_eq!(
            config("http://127.0.0.1:8080/v1/").base_url,
            "http://127.0.0.1:8080/v1"
        );
    }

    #[test]
    fn flags_win_over_the_config_file() {
        let flags = LlmSettings {
            model: Some("flag-model".into()),
            ..LlmSettings::default()
        };
        let file = LlmSettings {
            model: Some("file-model".into()),
            concurrency: Some(3),
            ..LlmSettings::default()
        };
        let merged = flags.or(file);
        assert_eq!(merged.model.as_deref(), Some("flag-model"));
        assert_eq!(merged.concurrency, Some(3));
    }

    #[test]
    fn bad_settings_are_explained() {
        let err = LlmConfig::resolve(LlmSettings {
            base_url: Some("localhost:11434".into()),
            ..LlmSettings::default()
        })
        .unwrap_err();
        assert!(err.contains("must start with http://"), "{err}");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("grade.toml");
        std::fs::write(&path, "[llm]\nmodle = \"x\"\n").unwrap();
        let err = read_config_file(&path, true).unwrap_err();
        assert!(err.contains("grade.toml is not valid"), "{err}");
        assert!(err.contains("modle"), "{err}");
        assert!(read_config_file(&dir.path().join("none.toml"), false).is_ok());
        assert!(read_config_file(&dir.path().join("none.toml"), true).is_err());
    }

    #[test]
    fn the_key_never_shows_in_debug_output() {
        let key = ApiKey("sk-very-secret".into());
        assert_eq!(format!("{key:?}"), "***");
    }
}
