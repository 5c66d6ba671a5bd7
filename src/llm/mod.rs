//! The LLM judge's machinery: configuration, prompts, the on-disk cache, the
//! HTTP client with retries and adaptive concurrency, and the validation of
//! every answer. [`crate::judge::llm`] turns validated answers into
//! judgements; the pipeline fetches every answer of a batch before grading.

pub mod answer;
pub mod cache;
pub mod client;
pub mod config;
pub mod guard;
pub mod prompt;

pub use answer::{validate, Answer, Validated};
pub use cache::Cache;
pub use client::{fetch_all, Fetched, Stats};
pub use config::{LlmConfig, LlmSettings};
pub use prompt::{build_request, LlmRequest, Target};
