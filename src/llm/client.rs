//! Sends a batch of requests through async-openai with bounded, adaptive
//! concurrency: answers already in the cache are not asked again; a 429 halves
//! the number of requests in flight (it grows back by one after as many
//! successes); 429, 5xx, timeouts, resets and truncated bodies are retried
//! with exponential backoff and jitter, honouring `Retry-After`, within a
//! per-request limit and a budget for the whole run. A request that still
//! fails is reported as failed: the judge falls back to the rules for it.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context, Result};
use async_openai::config::OpenAIConfig;
use async_openai::error::OpenAIError;
use async_openai::middleware::HttpRequestFactory;
use serde::Serialize;
use serde_json::Value;
use tokio::sync::Notify;

use super::cache::{Cache, CachedAnswer};
use super::config::{LlmConfig, MAX_BACKOFF};
use super::prompt::LlmRequest;

/// The answer to one request, or why there is none.
#[derive(Debug, Clone)]
pub struct Fetched {
    pub answer: Result<CachedAnswer, String>,
    pub from_cache: bool,
}

/// What the transport did, for `run.json`.
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize, PartialEq)]
#[serde(default)]
pub struct Stats {
    /// HTTP requests sent, retries included.
    pub requests_sent: u64,
    /// Answers received from the server.
    pub calls_made: u64,
    pub served_from_cache: u64,
    pub retried: u64,
    pub rate_limited: u64,
    /// Requests that got no answer after their last retry.
    pub failed: u64,
    /// Tokens of the answers received in this run (cached answers cost nothing).
    pub prompt_tokens: u64,
    pub completion_tokens: u64,
    /// The lowest number of requests in flight the adaptive limit came down to.
    pub lowest_concurrency: usize,
}

/// A non-2xx answer, with what a retry needs to know.
#[derive(Debug)]
struct HttpStatus {
    status: u16,
    retry_after: Option<Duration>,
    body: String,
}

impl std::fmt::Display for HttpStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let body: String = self.body.chars().take(200).collect();
        let body = body.split_whitespace().collect::<Vec<_>>().join(" ");
        if body.is_empty() {
            write!(f, "the server answered HTTP {}", self.status)
        } else {
            write!(f, "the server answered HTTP {}: {body}", self.status)
        }
    }
}

impl std::error::Error for HttpStatus {}

/// How one attempt went.
enum Attempt {
    Answer(CachedAnswer),
    /// Worth another try; `throttled` when the server asked us to slow down.
    Retry {
        reason: String,
        retry_after: Option<Duration>,
        throttled: bool,
    },
    Fail(String),
}

/// Answers every request, from the cache or the server. Blocks until done.
pub fn fetch_all(config: &LlmConfig, requests: &[LlmRequest]) -> Result<(Vec<Fetched>, Stats)> {
    // One process-wide TLS provider; a second install is a harmless no-op.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("could not start the network runtime")?;
    runtime.block_on(fetch_async(config, requests))
}

async fn fetch_async(config: &LlmConfig, requests: &[LlmRequest]) -> Result<(Vec<Fetched>, Stats)> {
    let cache = config.cache_dir.as_deref().map(Cache::new);
    let mut stats = Stats {
        lowest_concurrency: config.concurrency,
        ..Stats::default()
    };
    let mut results: Vec<Option<Fetched>> = vec![None; requests.len()];
    // Identical requests (two copies of one transcript) are asked once.
    let mut first_of: HashMap<&str, usize> = HashMap::new();
    let mut to_send: Vec<usize> = Vec::new();
    for (i, request) in requests.iter().enumerate() {
        if first_of.contains_key(request.key.as_str()) {
            continue;
        }
        first_of.insert(&request.key, i);
        match cache.as_ref().and_then(|c| c.get(&request.key)) {
            Some(answer) => {
                stats.served_from_cache += 1;
                results[i] = Some(Fetched {
                    answer: Ok(answer),
                    from_cache: true,
                });
            }
            None => to_send.push(i),
        }
    }

    if !to_send.is_empty() {
        let client = Arc::new(client(config)?);
        let shared = Arc::new(Shared {
            gate: Gate::new(config.concurrency),
            budget: AtomicU64::new(config.retry_budget),
            sent: AtomicU64::new(0),
            retried: AtomicU64::new(0),
            rate_limited: AtomicU64::new(0),
        });
        let mut tasks = tokio::task::JoinSet::new();
        for &i in &to_send {
            let client = Arc::clone(&client);
            let shared = Arc::clone(&shared);
            let body = requests[i].body.clone();
            let key = requests[i].key.clone();
            let config = config.clone();
            tasks.spawn(async move {
                let answer = send_with_retries(&client, &shared, &config, body, &key).await;
                (i, answer)
            });
        }
        loop {
            let joined = tokio::select! {
                joined = tasks.join_next() => joined,
                () = tokio::time::sleep(Duration::from_millis(50)) => {
                    if crate::interrupt::interrupted() {
                        // Abandon what is in flight; what arrived is cached.
                        tasks.abort_all();
                        break;
                    }
                    continue;
                }
            };
            let Some(joined) = joined else { break };
            let (i, answer) = joined.context("a request task failed")?;
            match &answer {
                Ok(a) => {
                    stats.calls_made += 1;
                    stats.prompt_tokens += a.prompt_tokens;
                    stats.completion_tokens += a.completion_tokens;
                    if let Some(cache) = &cache {
                        // A cache that cannot be written costs a rerun, not this run.
                        if let Err(e) = cache.put(&requests[i].key, a) {
                            eprintln!("grade: warning: {e:#}");
                        }
                    }
                }
                Err(_) => stats.failed += 1,
            }
            results[i] = Some(Fetched {
                answer,
                from_cache: false,
            });
        }
        stats.requests_sent = shared.sent.load(Ordering::Relaxed);
        stats.retried = shared.retried.load(Ordering::Relaxed);
        stats.rate_limited = shared.rate_limited.load(Ordering::Relaxed);
        stats.lowest_concurrency = shared.gate.lowest();
    }

    let fetched = requests
        .iter()
        .enumerate()
        .map(|(i, request)| {
            results[i].clone().unwrap_or_else(|| {
                let first = first_of.get(request.key.as_str()).copied().unwrap_or(i);
                results[first].clone().unwrap_or(Fetched {
                    answer: Err("the run was interrupted before the answer came".into()),
                    from_cache: false,
                })
            })
        })
        .collect();
    Ok((fetched, stats))
}

struct Shared {
    gate: Gate,
    budget: AtomicU64,
    sent: AtomicU64,
    retried: AtomicU64,
    rate_limited: AtomicU64,
}

type Client = async_openai::Client<OpenAIConfig>;

/// An async-openai client whose transport reads the status and `Retry-After`
/// of every failed answer (the default transport keeps neither).
fn client(config: &LlmConfig) -> Result<Client> {
    let http = reqwest::Client::builder()
        .timeout(config.timeout)
        .connect_timeout(config.timeout.min(Duration::from_secs(30)))
        .build()
        .context("could not set up the HTTP client")?;
    let service = tower::service_fn(move |factory: HttpRequestFactory| {
        let http = http.clone();
        async move {
            let request = factory.build().await.map_err(boxed)?;
            let response = http.execute(request).await.map_err(boxed)?;
            let status = response.status();
            if status.is_success() {
                return Ok(response);
            }
            let retry_after = response
                .headers()
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(parse_retry_after);
            let body = response.text().await.unwrap_or_default();
            Err(boxed(HttpStatus {
                status: status.as_u16(),
                retry_after,
                body,
            }))
        }
    });
    let mut openai = OpenAIConfig::new().with_api_base(&config.base_url);
    openai = openai.with_api_key(config.api_key.as_ref().map_or("", |k| k.expose()));
    Ok(async_openai::Client::with_config(openai).with_http_service(service))
}

fn boxed<E: std::error::Error + Send + Sync + 'static>(e: E) -> tower::BoxError {
    Box::new(e)
}

/// `Retry-After` in seconds (the HTTP-date form is rare from APIs; it falls
/// back to our own backoff).
fn parse_retry_after(value: &str) -> Option<Duration> {
    let secs: f64 = value.trim().parse().ok()?;
    (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs).min(MAX_BACKOFF))
}

async fn send_with_retries(
    client: &Client,
    shared: &Shared,
    config: &LlmConfig,
    body: Value,
    key: &str,
) -> Result<CachedAnswer, String> {
    let mut attempt: u32 = 0;
    loop {
        shared.gate.acquire().await;
        shared.sent.fetch_add(1, Ordering::Relaxed);
        let outcome = match tokio::time::timeout(
            config.timeout,
            client.chat().create_byot::<&Value, Value>(&body),
        )
        .await
        {
            Err(_) => Attempt::Retry {
                reason: format!("no answer within {:.0} s", config.timeout.as_secs_f64()),
                retry_after: None,
                throttled: false,
            },
            Ok(Ok(response)) => read_answer(&response),
            Ok(Err(e)) => classify(e),
        };
        let throttled = matches!(
            outcome,
            Attempt::Retry {
                throttled: true,
                ..
            }
        );
        shared.gate.release(throttled);
        let (reason, retry_after) = match outcome {
            Attempt::Answer(a) => return Ok(a),
            Attempt::Fail(reason) => return Err(scrub(&reason, config)),
            Attempt::Retry {
                reason,
                retry_after,
                throttled,
            } => {
                if throttled {
                    shared.rate_limited.fetch_add(1, Ordering::Relaxed);
                }
                (reason, retry_after)
            }
        };
        let budget_left = shared
            .budget
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |b| b.checked_sub(1))
            .is_ok();
        if attempt >= config.retries || !budget_left {
            let why = if budget_left {
                format!("after {} attempts", attempt + 1)
            } else {
                "and the run's retry budget is spent".to_string()
            };
            return Err(scrub(&format!("{reason}, {why}"), config));
        }
        shared.retried.fetch_add(1, Ordering::Relaxed);
        let delay = retry_after.unwrap_or_else(|| backoff(config.backoff, attempt, key));
        tokio::time::sleep(delay).await;
        attempt += 1;
    }
}

/// A server's message with the API key taken out: some services quote the
/// key they refused ("Incorrect API key provided: sk-…").
fn scrub(message: &str, config: &LlmConfig) -> String {
    match &config.api_key {
        Some(key) if !key.expose().is_empty() => message.replace(key.expose(), "***"),
        _ => message.to_string(),
    }
}

/// Exponential backoff with full jitter, drawn from the request's key and the
/// attempt so that requests spread out without a random-number generator.
fn backoff(base: Duration, attempt: u32, key: &str) -> Duration {
    let ceiling = base
        .saturating_mul(1u32 << attempt.min(16))
        .min(MAX_BACKOFF);
    let mut x = key
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325u64 ^ u64::from(attempt), |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
    x ^= x >> 33;
    let fraction = (x % 1000) as f64 / 1000.0;
    // Half fixed, half jitter: never zero, never above the ceiling.
    ceiling.mul_f64(0.5 + 0.5 * fraction)
}

fn classify(error: OpenAIError) -> Attempt {
    let retry = |reason: String| Attempt::Retry {
        reason,
        retry_after: None,
        throttled: false,
    };
    match error {
        OpenAIError::Boxed(inner) => {
            if let Some(http) = inner.downcast_ref::<HttpStatus>() {
                return match http.status {
                    429 => Attempt::Retry {
                        reason: http.to_string(),
                        retry_after: http.retry_after,
                        throttled: true,
                    },
                    408 | 409 | 500..=599 => Attempt::Retry {
                        reason: http.to_string(),
                        retry_after: http.retry_after,
                        throttled: false,
                    },
                    _ => Attempt::Fail(http.to_string()),
                };
            }
            if let Some(e) = inner.downcast_ref::<reqwest::Error>() {
                return retry(describe_reqwest(e));
            }
            Attempt::Fail(format!("the request could not be sent: {inner}"))
        }
        OpenAIError::Reqwest(e) => retry(describe_reqwest(&e)),
        OpenAIError::JSONDeserialize(e, _) => retry(format!(
            "the server's answer was cut short or is not JSON ({e})"
        )),
        OpenAIError::ApiError(e) => {
            let status = e.status_code.as_u16();
            let reason = format!("the server answered HTTP {status}: {}", e.api_error.message);
            if status == 429 || status >= 500 {
                Attempt::Retry {
                    reason,
                    retry_after: None,
                    throttled: status == 429,
                }
            } else {
                Attempt::Fail(reason)
            }
        }
        other => Attempt::Fail(format!("the request failed: {other}")),
    }
}

fn describe_reqwest(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "no answer within the timeout".into()
    } else if e.is_connect() {
        "could not connect to the model server".into()
    } else if e.is_body() || e.is_decode() {
        "the server's answer was cut short".into()
    } else {
        format!("the connection failed ({e})")
    }
}

/// The content, finish reason and token counts of a chat completion. A cut
/// answer (`finish_reason: length`) or an empty one is still an answer: the
/// judge finds it invalid and falls back, and the cache keeps it so that a
/// rerun does not pay for it again.
fn read_answer(response: &Value) -> Attempt {
    let Some(choice) = response.get("choices").and_then(|c| c.get(0)) else {
        return Attempt::Retry {
            reason: "the server's answer has no choices".into(),
            retry_after: None,
            throttled: false,
        };
    };
    let content = choice
        .get("message")
        .and_then(|m| m.get("content"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let usage = response.get("usage");
    let tokens = |name: &str| {
        usage
            .and_then(|u| u.get(name))
            .and_then(Value::as_u64)
            .unwrap_or(0)
    };
    Attempt::Answer(CachedAnswer {
        content,
        finish_reason: choice
            .get("finish_reason")
            .and_then(Value::as_str)
            .map(str::to_string),
        prompt_tokens: tokens("prompt_tokens"),
        completion_tokens: tokens("completion_tokens"),
    })
}

/// A limit on requests in flight that halves when the server says 429 and
/// grows back by one after as many successes as the limit.
struct Gate {
    state: Mutex<GateState>,
    notify: Notify,
}

struct GateState {
    limit: usize,
    max: usize,
    lowest: usize,
    in_flight: usize,
    streak: usize,
}

impl Gate {
    fn new(max: usize) -> Gate {
        Gate {
            state: Mutex::new(GateState {
                limit: max,
                max,
                lowest: max,
                in_flight: 0,
                streak: 0,
            }),
            notify: Notify::new(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, GateState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    async fn acquire(&self) {
        loop {
            let notified = self.notify.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            {
                let mut s = self.lock();
                if s.in_flight < s.limit {
                    s.in_flight += 1;
                    return;
                }
            }
            notified.await;
        }
    }

    fn release(&self, throttled: bool) {
        {
            let mut s = self.lock();
            s.in_flight = s.in_flight.saturating_sub(1);
            if throttled {
                s.limit = (s.limit / 2).max(1);
                s.lowest = s.lowest.min(s.limit);
                s.streak = 0;
            } else {
                s.streak += 1;
                if s.streak >= s.limit && s.limit < s.max {
                    s.limit += 1;
                    s.streak = 0;
                }
            }
        }
        self.notify.notify_waiters();
    }

    fn lowest(&self) -> usize {
        self.lock().lowest
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_with_jitter_and_a_ceiling() {
        let base = Duration::from_millis(100);
        let first = backoff(base, 0, "k");
        assert!(
            first >= Duration::from_millis(50) && first <= base,
            "{first:?}"
        );
        let third = backoff(base, 2, "k");
        assert!(third >= Duration::from_millis(200) && third <= Duration::from_millis(400));
        assert!(backoff(base, 30, "k") <= MAX_BACKOFF);
        assert_ne!(backoff(base, 3, "a"), backoff(base, 3, "b"));
    }

    #[test]
    fn retry_after_is_read_in_seconds_and_bounded() {
        assert_eq!(parse_retry_after("2"), Some(Duration::from_secs(2)));
        assert_eq!(parse_retry_after(" 0.5 "), Some(Duration::from_millis(500)));
        assert_eq!(parse_retry_after("86400"), Some(MAX_BACKOFF));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
    }

    #[test]
    fn the_gate_halves_on_429_and_grows_back() {
        let gate = Gate::new(8);
        gate.lock().in_flight = 1;
        gate.release(true);
        assert_eq!(gate.lock().limit, 4);
        for _ in 0..4 {
            gate.lock().in_flight = 1;
            gate.release(false);
        }
        assert_eq!(gate.lock().limit, 5);
        assert_eq!(gate.lowest(), 4);
    }
}
