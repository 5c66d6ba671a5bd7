//! The deterministic rules judge: offline, fast, repeatable.
//!
//! For each dimension it looks, in the candidate's sentences of the
//! dimension's phases, for the rubric's signals (phrase patterns). Each signal
//! found adds its weight; a signal the interviewer stated first and the
//! candidate only repeated counts half. The points reach the levels of the
//! dimension's thresholds; level 4 also needs a nuance signal. Interviewer
//! words never earn credit: only candidate turns are searched.

use std::fmt::Write;

use super::analysis::{Analysis, Hit};
use super::{Judge, Judgement};
use crate::model::{Confidence, Evidence, Role};
use crate::rubric::{Dimension, Rubric};

pub struct RulesJudge;

struct Found<'r> {
    signal: &'r crate::rubric::Signal,
    hit: Hit,
    /// The interviewer gave this point away in a hint first.
    echo: bool,
    /// Said with strong uncertainty ("maybe", "I'm not sure").
    hedged: bool,
    /// Matched by a pattern of several parts: a mechanism, not a bare term.
    mechanism: bool,
}

impl Found<'_> {
    /// A point's weight: half for an echo of a hint or a hedged statement.
    fn points(&self) -> f64 {
        if self.echo || self.hedged {
            self.signal.weight / 2.0
        } else {
            self.signal.weight
        }
    }
}

impl Judge for RulesJudge {
    fn name(&self) -> &str {
        "rules"
    }

    fn judge(&self, analysis: &Analysis<'_>, rubric: &Rubric, dimension: &Dimension) -> Judgement {
        let phases: Vec<usize> = dimension
            .phases
            .iter()
            .filter_map(|id| rubric.phases.iter().position(|p| &p.id == id))
            .collect();
        let covered: Vec<usize> = phases
            .iter()
            .copied()
            .filter(|&p| analysis.segmentation.phases[p].covered)
            .collect();
        if covered.is_empty() {
            let names: Vec<&str> = phases
                .iter()
                .map(|&p| rubric.phases[p].name.as_str())
                .collect();
            return not_assessed(format!(
                "Not assessed: the interview did not reach {}.",
                names.join(" or ")
            ));
        }
        // A concrete wrong statement ("Kafka pushes to the consumers") is
        // substance too: never evidence, and it lowers the score.
        let wrong = analysis.find_claim(
            analysis.candidate_turns(&covered),
            &dimension.wrong_patterns,
        );
        let flagged = wrong.is_some()
            || analysis
                .red_flags
                .iter()
                .any(|f| f.dimension == dimension.id);
        let longest = analysis
            .candidate_turns(&covered)
            .map(|t| t.tokens.len())
            .max()
            .unwrap_or(0);
        // A short answer that states a point is still an answer ("The next
        // consumer crashes again."); one that states none, asks ("Dead letter
        // queue?") or doubts is silence.
        let states_a_point = || {
            dimension.signals.iter().any(|signal| {
                analysis
                    .find_where(
                        analysis.candidate_turns(&covered),
                        &signal.compiled,
                        signal.scope,
                        |h| !analysis.asks(h) && !analysis.hedged(h),
                    )
                    .is_some()
            })
        };
        if longest < dimension.min_words && !flagged && !states_a_point() {
            return not_assessed(format!(
                "Not assessed: the candidate said nothing of substance on {} (no answer longer than {} words).",
                dimension.name.to_lowercase(),
                longest
            ));
        }
        if !dimension.topic_patterns.is_empty() && !flagged {
            let touched = analysis
                .find(
                    analysis.candidate_turns(&covered),
                    &dimension.topic_patterns,
                    crate::rubric::Scope::Sentence,
                )
                .is_some();
            if !touched {
                return not_assessed(format!(
                    "Not assessed: the candidate did not discuss {} in the phases covered.",
                    dimension.name.to_lowercase()
                ));
            }
        }

        let mut found = Vec::new();
        for signal in &dimension.signals {
            let turns = || analysis.candidate_turns(&covered);
            // The first confident statement of the point, else the first at all.
            let hit = analysis
                .find_where(turns(), &signal.compiled, signal.scope, |h| {
                    !analysis.hedged(h) && Some(h) != wrong
                })
                .or_else(|| {
                    analysis.find_where(turns(), &signal.compiled, signal.scope, |h| {
                        Some(h) != wrong
                    })
                });
            if let Some(hit) = hit {
                // A mechanism: some pattern of several parts of this signal is said
                // somewhere, not only a bare term.
                found.push(Found {
                    signal,
                    hit,
                    echo: interviewer_said_first(analysis, &covered, signal, hit),
                    hedged: analysis.hedged(hit),
                    mechanism: analysis.explains(turns(), signal),
                });
            }
        }
        // A dimension judged from anywhere needs something said on it: a
        // bare mention of the topic ("we'd scale it") is not evidence of a level.
        let claimed = || {
            analysis
                .find(
                    analysis.candidate_turns(&covered),
                    &dimension.claim_patterns,
                    crate::rubric::Scope::Sentence,
                )
                .is_some()
        };
        // Bare terms ("consumer groups, backpressure, all of that") are not
        // substance either, on a dimension judged from anywhere.
        let bare = found.iter().all(|f| !f.mechanism || f.echo);
        if bare && !flagged && !dimension.topic_patterns.is_empty() && !claimed() {
            return not_assessed(format!(
                "Not assessed: the candidate touched on {} but stated none of its points.",
                dimension.name.to_lowercase()
            ));
        }
        let points: f64 = found.iter().map(Found::points).sum();
        // Level 4 needs the rubric's required signals said unprompted, or else
        // any nuance signal, or (where the rubric says so) enough signals.
        let unprompted = |f: &&Found| !f.echo && !f.hedged;
        let broad = dimension
            .exceptional_breadth
            .is_some_and(|n| found.iter().filter(unprompted).count() >= n);
        let nuance = broad
            || if dimension.exceptional_requires.is_empty() {
                found.iter().filter(unprompted).any(|f| f.signal.nuance)
            } else {
                dimension
                    .exceptional_requires
                    .iter()
                    .all(|id| found.iter().filter(unprompted).any(|f| &f.signal.id == id))
            };
        let t = dimension.thresholds;
        let mut score = if points >= t.exceptional && nuance {
            4
        } else if points >= t.solid {
            3
        } else if points >= t.partial {
            2
        } else {
            1
        };
        // Terms listed without a mechanism ("idempotency, DLQ, partitions")
        // show vocabulary, not understanding: no higher than partial.
        let stuffed = score > 2 && !found.iter().any(|f| f.mechanism && !f.echo);
        if stuffed {
            score = 2;
        }
        if wrong.is_some() {
            score = rubric.scoring.after_flags(score, 1);
        }

        let quotes: Vec<(String, usize)> = found.iter().map(|f| analysis.quote(f.hit)).collect();
        let lines: Vec<usize> = quotes.iter().map(|q| q.1).collect();
        // One evidence entry per quoted sentence, listing every signal it shows.
        let mut evidence: Vec<Evidence> = Vec::new();
        for (f, (quote, line)) in found.iter().zip(&quotes) {
            match evidence
                .iter_mut()
                .find(|e| e.line == *line && &e.quote == quote)
            {
                Some(e) => e.signals.push(f.signal.id.clone()),
                None => evidence.push(Evidence {
                    line: *line,
                    timestamp: analysis.transcript.turns[f.hit.turn].timestamp,
                    quote: quote.clone(),
                    signals: vec![f.signal.id.clone()],
                    session: None,
                }),
            }
        }

        let mut justification = String::new();
        if found.is_empty() {
            let _ = write!(
                justification,
                "The candidate's answers show none of the {} points the rubric looks for.",
                dimension.signals.len()
            );
        } else {
            let shown: Vec<String> = found
                .iter()
                .zip(&lines)
                .map(|(f, line)| {
                    let echo = match (f.echo, f.hedged) {
                        (true, _) => ", after the interviewer said it",
                        (false, true) => ", hedged",
                        (false, false) => "",
                    };
                    format!("{} (line {line}{echo})", f.signal.text)
                })
                .collect();
            let _ = write!(
                justification,
                "Showed {} of {} points: {}.",
                found.len(),
                dimension.signals.len(),
                shown.join("; ")
            );
        }
        let missing: Vec<&str> = dimension
            .signals
            .iter()
            .filter(|s| !found.iter().any(|f| f.signal.id == s.id))
            .map(|s| s.text.as_str())
            .collect();
        if !missing.is_empty() && score < 4 {
            let _ = write!(justification, " Not shown: {}.", missing.join("; "));
        }
        if stuffed {
            justification.push_str(" The points are named as terms without explaining any mechanism, which caps the score at 2.");
        }
        if let Some(hit) = wrong {
            let (quote, line) = analysis.quote(hit);
            let _ = write!(
                justification,
                " Said something wrong about it (line {line}): \"{quote}\", which lowers the score as a red flag would."
            );
        }
        let hedges = found.iter().filter(|f| f.hedged).count();
        if hedges > 0 {
            let _ = write!(
                justification,
                " {hedges} point(s) were said with strong uncertainty and count half."
            );
        }

        // Strengths: what the candidate explained unprompted, nuance and weight first.
        let mut shown: Vec<(&Found, usize)> = found
            .iter()
            .zip(lines.iter().copied())
            .filter(|(f, _)| !f.echo)
            .collect();
        shown.sort_by(|(a, la), (b, lb)| {
            (b.signal.nuance, b.signal.weight)
                .partial_cmp(&(a.signal.nuance, a.signal.weight))
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(la.cmp(lb))
        });
        let strengths = shown
            .iter()
            .map(|(f, line)| format!("explained that {} (line {line}).", f.signal.text))
            .collect();
        // Improvements: the points not shown (or only echoed), core before nuance.
        let mut missing_signals: Vec<&crate::rubric::Signal> = dimension
            .signals
            .iter()
            .filter(|s| !found.iter().any(|f| f.signal.id == s.id && !f.echo))
            .collect();
        missing_signals.sort_by(|a, b| {
            (a.nuance, b.weight)
                .partial_cmp(&(b.nuance, a.weight))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        let improvements = missing_signals
            .iter()
            .map(|s| format!("be ready to explain, unprompted, that {}.", s.text))
            .collect();

        let echoes = found.iter().filter(|f| f.echo).count();
        let near = [t.partial, t.solid, t.exceptional]
            .iter()
            .any(|&threshold| (points - threshold).abs() < 0.5);
        let (confidence, confidence_reason) = if score >= 2 && evidence.is_empty() {
            (
                Confidence::Low,
                "no candidate quote supports the score".to_string(),
            )
        } else if flagged && found.len() >= 2 {
            (
                Confidence::Medium,
                "the signals disagree: correct points next to a red flag".to_string(),
            )
        } else if stuffed {
            (
                Confidence::Medium,
                "terms named without a mechanism".to_string(),
            )
        } else if near && found.len() < 4 {
            (
                Confidence::Medium,
                format!("{points} points, within half a point of a level threshold"),
            )
        } else if echoes > 0 {
            (
                Confidence::Medium,
                format!("{echoes} point(s) only repeat what the interviewer said first"),
            )
        } else if found.len() >= 3 {
            (
                Confidence::High,
                format!("{} supporting quotes", found.len()),
            )
        } else if found.is_empty() {
            (
                Confidence::Medium,
                "judged on the absence of the expected points".to_string(),
            )
        } else {
            (
                Confidence::Medium,
                format!("only {} supporting quote(s)", found.len()),
            )
        };

        Judgement {
            score: Some(score),
            justification,
            evidence,
            strengths,
            improvements,
            confidence,
            confidence_reason,
            judge: "rules",
            red_flags: Vec::new(),
        }
    }
}

fn not_assessed(reason: String) -> Judgement {
    Judgement {
        score: None,
        justification: reason,
        evidence: Vec::new(),
        strengths: Vec::new(),
        improvements: Vec::new(),
        confidence: Confidence::High,
        confidence_reason: "nothing to judge".to_string(),
        judge: "rules",
        red_flags: Vec::new(),
    }
}

/// Whether the interviewer gave this point away in a hint before the
/// candidate stated it. Questions do not count: answering the question asked
/// is not echoing it.
fn interviewer_said_first(
    analysis: &Analysis<'_>,
    phases: &[usize],
    signal: &crate::rubric::Signal,
    hit: Hit,
) -> bool {
    let hint_turns: Vec<usize> = phases
        .iter()
        .flat_map(|&p| analysis.segmentation.phases[p].hints.iter().map(|h| h.turn))
        .collect();
    let earlier = analysis.turns[..hit.turn]
        .iter()
        .filter(|t| t.role == Role::Interviewer && hint_turns.contains(&t.index));
    analysis
        .find(earlier, &signal.compiled, signal.scope)
        .is_some()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::ingest::ingest_text;
    use crate::judge::grade;
    use crate::rubric::Rubric;
    use crate::segment::Segmenter;

    const EXPLANATION: &str = "The message was never acknowledged, so the broker redelivers it to another worker and the card is charged twice. That is at-least-once delivery, so the worker needs an idempotency key checked before the charge, and it should ack only after the charge succeeds.";

    fn delivery_score(transcript: &str) -> (Option<u8>, usize) {
        let rubric = Rubric::default_rubric().unwrap();
        let options = crate::ingest::IngestOptions::default();
        let t = ingest_text(Path::new("t.txt"), "t.txt", transcript, &rubric, &options)
            .remove(0)
            .result
            .unwrap();
        let s = Segmenter::new(&rubric).segment(&t, &rubric).unwrap();
        let card = grade(&t, &s, &rubric, &super::RulesJudge);
        let d = card
            .dimensions
            .iter()
            .find(|d| d.id == "delivery_semantics")
            .unwrap();
        (d.score, d.evidence.iter().map(|e| e.signals.len()).sum())
    }

    fn interview(interviewer_explains: bool) -> String {
        let (first, second) = if interviewer_explains {
            ("Interviewer", "Candidate")
        } else {
            ("Candidate", "Interviewer")
        };
        format!(
            "Interviewer: Our worker reads a message, charges the user's credit card, and then crashes before acknowledging the message. What happens next?\n\
             Candidate: Let me think about it for a moment, it is an interesting situation to reason about.\n\
             {first}: {EXPLANATION}\n\
             {second}: Okay, I understand what you mean and I agree with that overall.\n"
        )
    }

    #[test]
    fn the_same_words_earn_credit_only_from_the_candidate() {
        let (by_candidate, signals) = delivery_score(&interview(false));
        assert!(by_candidate >= Some(3), "{by_candidate:?}");
        assert!(signals >= 3, "{signals} signals quoted");
        let (by_interviewer, signals) = delivery_score(&interview(true));
        assert_eq!((by_interviewer, signals), (Some(1), 0));
    }
}
