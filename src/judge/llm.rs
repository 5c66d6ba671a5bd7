//! The LLM judge: turns the answers fetched for a batch (see
//! [`crate::llm::fetch_all`]) into judgements. Every answer is validated
//! first; quotes that cannot be found are dropped and counted; several
//! samples are reduced by their median; a dimension with no usable answer is
//! scored by the rules judge and says why.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::Serialize;

use super::{rules::RulesJudge, Analysis, Judge, Judgement};
use crate::llm::{answer, cache::CachedAnswer};
use crate::model::Confidence;
use crate::rubric::{Dimension, Rubric};

/// The answers of one (transcript, dimension): one per sample.
pub type Answers = Vec<Result<CachedAnswer, String>>;

/// What the judge did with the answers, for `run.json`.
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize, PartialEq)]
#[serde(default)]
pub struct JudgeCounts {
    /// Dimensions scored by the rules because no answer was usable.
    pub fallbacks: u64,
    /// Answers that were cut off, not JSON, or broke the schema.
    pub invalid_answers: u64,
    /// Quotes not found verbatim near the line they cite.
    pub dropped_quotes: u64,
    /// Red-flag ids not in the rubric, or with no verified quote.
    pub dropped_red_flags: u64,
    /// Dimensions whose samples were more than one level apart.
    pub samples_disagreed: u64,
}

pub struct LlmJudge {
    answers: HashMap<(String, String), Answers>,
    rules: RulesJudge,
    fallbacks: AtomicU64,
    invalid_answers: AtomicU64,
    dropped_quotes: AtomicU64,
    dropped_red_flags: AtomicU64,
    samples_disagreed: AtomicU64,
}

impl LlmJudge {
    /// `answers` is keyed by (transcript source, dimension id).
    pub fn new(answers: HashMap<(String, String), Answers>) -> LlmJudge {
        LlmJudge {
            answers,
            rules: RulesJudge,
            fallbacks: AtomicU64::new(0),
            invalid_answers: AtomicU64::new(0),
            dropped_quotes: AtomicU64::new(0),
            dropped_red_flags: AtomicU64::new(0),
            samples_disagreed: AtomicU64::new(0),
        }
    }

    pub fn counts(&self) -> JudgeCounts {
        JudgeCounts {
            fallbacks: self.fallbacks.load(Ordering::Relaxed),
            invalid_answers: self.invalid_answers.load(Ordering::Relaxed),
            dropped_quotes: self.dropped_quotes.load(Ordering::Relaxed),
            dropped_red_flags: self.dropped_red_flags.load(Ordering::Relaxed),
            samples_disagreed: self.samples_disagreed.load(Ordering::Relaxed),
        }
    }

    fn fall_back(
        &self,
        why: &str,
        analysis: &Analysis<'_>,
        rubric: &Rubric,
        dimension: &Dimension,
    ) -> Judgement {
        self.fallbacks.fetch_add(1, Ordering::Relaxed);
        let mut j = self.rules.judge(analysis, rubric, dimension);
        j.justification = format!(
            "The LLM judge's answer could not be used ({why}); the rules judge scored this dimension. {}",
            j.justification
        );
        j
    }
}

impl Judge for LlmJudge {
    fn name(&self) -> &str {
        "llm"
    }

    fn judge(&self, analysis: &Analysis<'_>, rubric: &Rubric, dimension: &Dimension) -> Judgement {
        let key = (analysis.transcript.source.clone(), dimension.id.clone());
        let Some(samples) = self.answers.get(&key) else {
            // No request was made: the candidate said nothing in these phases.
            return Judgement {
                score: None,
                justification: "The candidate said nothing in the phases of this dimension.".into(),
                evidence: Vec::new(),
                strengths: Vec::new(),
                improvements: Vec::new(),
                confidence: Confidence::High,
                confidence_reason: "nothing to judge".into(),
                judge: "llm",
                red_flags: Vec::new(),
            };
        };
        let mut valid = Vec::new();
        let mut first_problem = None;
        for sample in samples {
            let parsed = match sample {
                Err(e) => Err(e.clone()),
                Ok(a) if a.finish_reason.as_deref() == Some("length") => {
                    Err("the answer was cut off at the token limit".to_string())
                }
                Ok(a) => answer::parse(&a.content),
            };
            match parsed {
                Ok(answer) => {
                    let v = answer::validate(answer, analysis.transcript, rubric, dimension);
                    self.dropped_quotes
                        .fetch_add(v.dropped_quotes as u64, Ordering::Relaxed);
                    self.dropped_red_flags
                        .fetch_add(v.dropped_flags as u64, Ordering::Relaxed);
                    valid.push(v);
                }
                Err(e) => {
                    if sample.is_ok() {
                        self.invalid_answers.fetch_add(1, Ordering::Relaxed);
                    }
                    first_problem.get_or_insert(e);
                }
            }
        }
        if valid.is_empty() {
            let why = first_problem.unwrap_or_else(|| "no answer".into());
            return self.fall_back(&why, analysis, rubric, dimension);
        }

        // The median of the samples that scored; not assessed when most did not.
        let mut scores: Vec<u8> = valid.iter().filter_map(|v| v.score).collect();
        scores.sort_unstable();
        let score = if scores.len() * 2 < valid.len() || scores.is_empty() {
            None
        } else {
            Some(scores[(scores.len() - 1) / 2])
        };
        let spread = scores
            .last()
            .zip(scores.first())
            .map_or(0, |(hi, lo)| hi - lo);
        let Some(chosen) = valid.iter().find(|v| v.score == score) else {
            return self.fall_back("no sample matches the median", analysis, rubric, dimension);
        };

        let (confidence, confidence_reason) = if spread > 1 {
            self.samples_disagreed.fetch_add(1, Ordering::Relaxed);
            (
                Confidence::Low,
                format!(
                    "the {} samples disagree: scores from {} to {}",
                    valid.len(),
                    scores.first().copied().unwrap_or(0),
                    scores.last().copied().unwrap_or(0)
                ),
            )
        } else if score.is_some_and(|s| s >= 2) && chosen.evidence.is_empty() {
            (
                Confidence::Low,
                if chosen.quotes_cited == 0 {
                    "the model cited no quote for this score".to_string()
                } else {
                    format!(
                        "none of the {} quotes the model cited is in the candidate's words near the line it names",
                        chosen.quotes_cited
                    )
                },
            )
        } else if chosen.dropped_quotes > 0 {
            (
                Confidence::Medium,
                format!(
                    "{} of {} quotes the model cited could not be found verbatim and were dropped",
                    chosen.dropped_quotes, chosen.quotes_cited
                ),
            )
        } else if score.is_none() {
            (
                Confidence::Medium,
                "the model found nothing to assess".into(),
            )
        } else if chosen.evidence.len() >= 2 {
            (
                Confidence::High,
                format!("{} verified quotes", chosen.evidence.len()),
            )
        } else {
            (Confidence::Medium, "one verified quote".into())
        };
        let justification = if valid.len() > 1 {
            format!(
                "{} (Median of {} samples: {}.)",
                chosen.justification,
                valid.len(),
                scores
                    .iter()
                    .map(u8::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        } else {
            chosen.justification.clone()
        };
        let nonempty = |s: &str| (!s.is_empty()).then(|| s.to_string()).into_iter().collect();
        Judgement {
            score,
            justification,
            evidence: chosen.evidence.clone(),
            strengths: nonempty(&chosen.strength),
            improvements: nonempty(&chosen.improvement),
            confidence,
            confidence_reason,
            judge: "llm",
            red_flags: chosen.red_flags.clone(),
        }
    }
}
