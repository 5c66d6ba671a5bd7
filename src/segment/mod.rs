//! Stage 2, segment: a [`Transcript`] → a [`Segmentation`] that puts every turn
//! in a phase of the rubric, lists the problems asked and the hints given.
//!
//! A phase opens at an explicit marker (a heading such as `## Phase 3`, or the
//! interviewer saying "phase 3" or the phase's name), or when the interviewer
//! asks one of the phase's questions; it lasts until the next one opens. Hints
//! are recognised against the hint ladders of the problems of the open phase,
//! by how much of the ladder's wording the interviewer's turn contains.

use std::collections::BTreeSet;

use crate::model::{HintGiven, PhaseCoverage, Role, Segmentation, Transcript};
use crate::rubric::Rubric;
use crate::text::{containment, content_stems, tokens, word_count};

/// Share of a question's content words an interviewer turn must contain to ask it.
pub const QUESTION_MATCH: f64 = 0.55;
/// Share of a hint's content words an interviewer turn must contain to give it.
pub const HINT_MATCH: f64 = 0.5;
/// Similarity a level-3 or level-4 hint needs when no lower hint of its
/// problem came before it.
pub const HIGH_RUNG_MATCH: f64 = 0.75;

#[derive(Debug, thiserror::Error)]
pub enum SegmentError {
    #[error("no phase of the `{rubric}` rubric was found: the interviewer never asks one of its questions and there are no phase headings (e.g. `## Phase 1`); is this an interview for this rubric?")]
    NoPhases { rubric: String },
    #[error("the candidate says nothing after the first question: no phase of the rubric has a candidate answer")]
    NoAnswers,
}

struct ProblemIndex {
    id: String,
    phase: usize,
    question: BTreeSet<String>,
    hints: Vec<(u8, BTreeSet<String>)>,
}

/// The rubric's questions, hints and markers, prepared once for a whole batch.
pub struct Segmenter {
    rubric_id: String,
    problems: Vec<ProblemIndex>,
    /// Per phase: marker phrases as word lists.
    markers: Vec<Vec<Vec<String>>>,
}

impl Segmenter {
    pub fn new(rubric: &Rubric) -> Segmenter {
        let phase_index = |id: &str| rubric.phases.iter().position(|p| p.id == id).unwrap_or(0);
        let problems = rubric
            .problems
            .iter()
            .map(|p| ProblemIndex {
                id: p.id.clone(),
                phase: phase_index(&p.phase),
                question: content_stems(&p.question),
                hints: p
                    .hints
                    .iter()
                    .map(|h| (h.level, content_stems(&h.text)))
                    .collect(),
            })
            .collect();
        let markers = rubric
            .phases
            .iter()
            .map(|phase| {
                phase
                    .markers
                    .iter()
                    .chain(std::iter::once(&phase.name))
                    .map(|m| tokens(m).into_iter().map(|t| t.word).collect())
                    .collect()
            })
            .collect();
        Segmenter {
            rubric_id: rubric.rubric.id.clone(),
            problems,
            markers,
        }
    }

    /// The phase a heading names (any of its markers or its name), or, in
    /// speech, that the interviewer announces explicitly ("phase 3"): a phase's
    /// name said in passing ("is a DLQ the right tool?") moves nothing.
    fn named_phase(&self, text: &str, heading: bool) -> Option<usize> {
        let words: Vec<String> = tokens(text).into_iter().map(|t| t.word).collect();
        self.markers.iter().position(|phrases| {
            phrases.iter().any(|p| {
                !p.is_empty()
                    && (heading || p[0] == "phase")
                    && words.windows(p.len()).any(|w| w == p.as_slice())
            })
        })
    }

    pub fn segment(
        &self,
        transcript: &Transcript,
        rubric: &Rubric,
    ) -> Result<Segmentation, SegmentError> {
        let mut phases: Vec<PhaseCoverage> = rubric
            .phases
            .iter()
            .map(|p| PhaseCoverage {
                id: p.id.clone(),
                number: p.number,
                name: p.name.clone(),
                covered: false,
                problems: Vec::new(),
                hints: Vec::new(),
                max_hint_level: 0,
                first_line: None,
                last_line: None,
                started_at: None,
                ended_at: None,
                candidate_words: 0,
            })
            .collect();
        let mut turn_phase = Vec::with_capacity(transcript.turns.len());
        // The candidate's turns in each phase so far, read only when a hint
        // may be a summing-up.
        let mut answered: Vec<Vec<usize>> = vec![Vec::new(); phases.len()];
        let mut current: Option<usize> = None;
        let mut markers = transcript.markers.iter().peekable();
        let mut opened_any = false;

        for (turn_index, turn) in transcript.turns.iter().enumerate() {
            while let Some(marker) = markers.next_if(|m| m.line < turn.line) {
                if let Some(p) = self.named_phase(&marker.text, true) {
                    current = Some(p);
                    opened_any = true;
                }
            }
            if turn.role == Role::Interviewer {
                let said = content_stems(&turn.text);
                let question = self
                    .problems
                    .iter()
                    .map(|p| (p, containment(&p.question, &said)))
                    .max_by(|a, b| a.1.total_cmp(&b.1));
                let said = &said;
                let hint = current.and_then(|phase| {
                    self.problems
                        .iter()
                        .filter(|p| p.phase == phase)
                        .flat_map(|p| {
                            p.hints
                                .iter()
                                .map(move |(level, h)| (p, *level, containment(h, said), h))
                        })
                        .max_by(|a, b| a.2.total_cmp(&b.2).then(a.1.cmp(&b.1)))
                });
                let hint_score = hint.map_or(0.0, |h| h.2);
                match question {
                    Some((problem, score)) if score >= QUESTION_MATCH && score >= hint_score => {
                        current = Some(problem.phase);
                        opened_any = true;
                        let asked = &mut phases[problem.phase].problems;
                        if !asked.contains(&problem.id) {
                            asked.push(problem.id.clone());
                        }
                    }
                    _ => {
                        if let Some(p) = self.named_phase(&turn.text, false) {
                            current = Some(p);
                            opened_any = true;
                        } else if let (Some(phase), Some((problem, level, score, words))) =
                            (current, hint)
                        {
                            // Interviewers climb a ladder: a loose match to a high
                            // rung with no lower rung given yet is a follow-up
                            // question ("And if you also need to tell other
                            // services it was charged?"), not that hint.
                            let climbed = phases[phase]
                                .hints
                                .iter()
                                .any(|h| h.problem == problem.id && h.level < level);
                            let plausible = level < 3 || climbed || score >= HIGH_RUNG_MATCH;
                            let summary = || {
                                let said_before: BTreeSet<String> = answered[phase]
                                    .iter()
                                    .flat_map(|&k| content_stems(&transcript.turns[k].text))
                                    .collect();
                                restates(&turn.text, words, said, &said_before)
                            };
                            if score >= HINT_MATCH && plausible && !summary() {
                                let coverage = &mut phases[phase];
                                coverage.hints.push(HintGiven {
                                    problem: problem.id.clone(),
                                    level,
                                    line: turn.line,
                                    turn: turn_index,
                                    similarity: (score * 100.0).round() / 100.0,
                                });
                                coverage.max_hint_level = coverage.max_hint_level.max(level);
                            }
                        }
                    }
                }
            }
            if let Some(p) = current {
                let coverage = &mut phases[p];
                coverage.first_line.get_or_insert(turn.line);
                coverage.last_line = Some(turn.line);
                if turn.timestamp.is_some() {
                    coverage.started_at = coverage.started_at.or(turn.timestamp);
                    coverage.ended_at = turn.timestamp;
                }
                if turn.role == Role::Candidate {
                    coverage.covered = true;
                    coverage.candidate_words += word_count(&turn.text);
                    answered[p].push(turn_index);
                }
            }
            turn_phase.push(current);
        }
        if !opened_any {
            return Err(SegmentError::NoPhases {
                rubric: self.rubric_id.clone(),
            });
        }
        if !phases.iter().any(|p| p.covered) {
            return Err(SegmentError::NoAnswers);
        }
        Ok(Segmentation { phases, turn_phase })
    }
}

/// Words a summing-up may add without adding a point ("… within the partition
/// only").
const QUALIFIERS: &[&str] = &["only", "just", "also", "then", "still", "always"];

/// Words an interviewer opens a summing-up with, before its "so".
const SUMMARY_LEAD_INS: &[&str] = &[
    "okay", "ok", "right", "alright", "good", "great", "fine", "sure", "yeah", "yes", "got", "it",
    "mm", "mhm", "thanks",
];

/// Whether an interviewer's statement that reads like a hint only sums up the
/// candidate's answer ("So: key by user ID, same partition, order within the
/// partition only. Fine."): it opens with "so" (or "in other words"), asks
/// nothing, and the candidate said first, in the phase, every word of the hint
/// it says, three or more, but for qualifiers such as "only". "So RabbitMQ
/// requeues it … Infinite loop." after "maybe crashes too" adds the loop the
/// candidate had not drawn, and still gives the hint.
fn restates(
    text: &str,
    hint: &BTreeSet<String>,
    said: &BTreeSet<String>,
    answered: &BTreeSet<String>,
) -> bool {
    // "So: …", "Okay, so you'd …", "Right. In other words, …".
    let words: Vec<String> = tokens(text).into_iter().map(|t| t.word).collect();
    let opening = words
        .iter()
        .position(|w| !SUMMARY_LEAD_INS.contains(&w.as_str()))
        .unwrap_or(words.len());
    let sums_up = words.get(opening).is_some_and(|w| w == "so")
        || words[opening..]
            .iter()
            .take(3)
            .map(String::as_str)
            .eq(["in", "other", "words"]);
    let shared: Vec<&String> = hint
        .intersection(said)
        .filter(|s| !QUALIFIERS.contains(&s.as_str()))
        .collect();
    !text.contains('?')
        && sums_up
        && shared.len() >= 3
        && shared.iter().all(|s| answered.contains(*s))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::ingest::{ingest_text, IngestOptions};

    fn segment(text: &str) -> (Transcript, Segmentation) {
        let rubric = Rubric::default_rubric().unwrap();
        let t = ingest_text(
            Path::new("t.md"),
            "t.md",
            text,
            &rubric,
            &IngestOptions::default(),
        )
        .remove(0)
        .result
        .unwrap();
        let s = Segmenter::new(&rubric).segment(&t, &rubric).unwrap();
        (t, s)
    }

    fn phase_ids(s: &Segmentation) -> Vec<Option<&str>> {
        s.turn_phase
            .iter()
            .map(|p| p.map(|p| s.phases[p].id.as_str()))
            .collect()
    }

    #[test]
    fn questions_open_phases_and_hints_are_levelled() {
        let (_, s) = segment(
            "Interviewer: Hi, welcome.\n\
             Candidate: Hi.\n\
             Interviewer: In Kafka, how do we guarantee that all events for a specific user_id are processed in the exact order they were generated?\n\
             Candidate: Not sure.\n\
             Interviewer: Does Kafka guarantee ordering across the entire topic?\n\
             Candidate: I think so?\n\
             Interviewer: No, Kafka only guarantees ordering within a single partition.\n\
             Candidate: Then we key by user id.\n\
             Interviewer: Is a dead letter queue the right tool for failure handling here?\n\
             Candidate: It is.\n",
        );
        let ordering = Some("partitioning-and-ordering");
        assert_eq!(
            phase_ids(&s),
            [
                None, None, ordering, ordering, ordering, ordering, ordering, ordering, ordering,
                ordering
            ],
            "a phase's name said in passing does not switch phase"
        );
        let p = &s.phases[2];
        assert!(p.covered);
        assert_eq!(p.problems, ["guaranteed-ordering"]);
        let levels: Vec<u8> = p.hints.iter().map(|h| h.level).collect();
        assert_eq!(levels, [1, 2]);
        assert_eq!(p.max_hint_level, 2);
        assert!(!s.phases[0].covered && !s.phases[3].covered);
    }

    #[test]
    fn summing_up_the_candidate_is_no_hint_but_adding_to_it_is() {
        let ask = "Interviewer: In Kafka, how do we guarantee that all events for a specific user_id are processed in the exact order they were generated?\n\
                   Candidate: Key by user id, so every update goes to the same partition; Kafka keeps order within a partition, not across the topic.\n";
        let (_, summed) = segment(&format!(
            "{ask}Interviewer: So: key by user ID, same partition, order within the partition only. Fine.\n"
        ));
        assert_eq!(summed.phases[2].max_hint_level, 0);
        // The same words as the candidate's, put as a correction, still hint.
        let (_, corrected) = segment(&format!(
            "{ask}Interviewer: No, Kafka only guarantees ordering within a single partition.\n"
        ));
        assert_eq!(corrected.phases[2].max_hint_level, 2);
        // A summing-up of words the candidate never said gives the hint.
        let (_, told) = segment(
            "Interviewer: In Kafka, how do we guarantee that all events for a specific user_id are processed in the exact order they were generated?\n\
             Candidate: Use timestamps and take the latest.\n\
             Interviewer: So: Kafka only guarantees ordering within a single partition.\n",
        );
        assert_eq!(told.phases[2].max_hint_level, 2);
    }

    #[test]
    fn headings_and_announced_phases_switch_phase() {
        let (_, s) = segment(
            "## Phase 2\n\
             **Dana (interviewer):** Tell me about delivery.\n\
             **Sam (candidate):** At least once, mostly.\n\
             **Dana (interviewer):** Let's move on to phase 4 now. Tell me about bad messages.\n\
             **Sam (candidate):** They go to a DLQ.\n",
        );
        assert_eq!(
            phase_ids(&s),
            [
                Some("delivery-guarantees"),
                Some("delivery-guarantees"),
                Some("failure-handling"),
                Some("failure-handling")
            ]
        );
    }
}
