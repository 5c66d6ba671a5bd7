//! Plain data passed between the stages: a parsed [`Transcript`] out of ingest,
//! a [`Segmentation`] out of segment, a [`Scorecard`] out of judge. The JSON
//! scorecard is the serialisation of [`Scorecard`], nothing more.

mod scorecard;
mod transcript;

pub use scorecard::*;
pub use transcript::*;
