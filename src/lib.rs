//! `grade` grades recorded technical interviews against a rubric.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! ingest ──> segment ──> judge (per dimension, in parallel) ──> report
//!  files      phases      rules | llm (+cache)                   html, json, csv
//! ```
//!
//! [`pipeline`] drives the stages over a batch; each stage is usable on its own,
//! which is how the tests and benchmarks call them.

pub mod calibrate;
pub mod cli;
pub mod compare;
pub mod ingest;
pub mod interrupt;
pub mod judge;
pub mod llm;
pub mod merge;
pub mod model;
pub mod options;
pub mod pipeline;
pub mod report;
pub mod rubric;
pub mod segment;
pub mod text;
