//! The JSON scorecard: the [`Scorecard`] type serialised, nothing added, so
//! the same inputs always give the same bytes.

use anyhow::{Context, Result};
use serde::Serialize;

use crate::model::Scorecard;

pub fn scorecard(card: &Scorecard) -> Result<String> {
    pretty(card)
        .with_context(|| format!("could not serialise the scorecard of {}", card.candidate_id))
}

pub fn pretty<T: Serialize>(value: &T) -> Result<String> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    Ok(text)
}
