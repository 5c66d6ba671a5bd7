//! Who is the interviewer and who is the candidate, decided the same way for
//! every format: a role the label states wins; then a roster the file declares
//! (front matter, roles header); then inference from who asks the rubric's
//! questions and gives its hints. A guess is never presented as fact: the
//! method and a confidence are recorded, and a file where no speaker can be
//! told apart is rejected with a reason saying how to fix it.

use std::collections::BTreeMap;

use super::text::names_match;
use super::{IngestError, Parsed};
use crate::model::{Role, RoleMethod, RoleResolution, Turn};
use crate::rubric::Rubric;
use crate::text::{containment, content_stems};

/// How much of a rubric question or hint a turn must contain to count as asking it.
const RUBRIC_MATCH: f64 = 0.5;

struct SpeakerStats {
    turns: usize,
    words: usize,
    questions: usize,
    rubric_matches: usize,
}

/// Gives every turn a role, or says why that cannot be done.
pub fn resolve(
    parsed: &Parsed,
    rubric: &Rubric,
) -> Result<(Vec<Turn>, RoleResolution), IngestError> {
    // Speakers in order of first appearance.
    let mut speakers: Vec<String> = Vec::new();
    let mut known: BTreeMap<String, Role> = BTreeMap::new();
    let mut from_labels = true;
    for turn in &parsed.turns {
        if !speakers.contains(&turn.speaker) {
            speakers.push(turn.speaker.clone());
        }
        if let Some(role) = turn.role {
            known.insert(turn.speaker.clone(), role);
        }
    }
    for speaker in &speakers {
        if known.contains_key(speaker) {
            continue;
        }
        if let Some((_, role)) = parsed.roster.iter().find(|(n, _)| names_match(n, speaker)) {
            known.insert(speaker.clone(), *role);
            from_labels = false;
        }
    }

    let candidates: Vec<&String> = speakers
        .iter()
        .filter(|s| known.get(*s) == Some(&Role::Candidate))
        .collect();
    // A transcript that switches from role labels to names halfway
    // ("Candidate:", then "Stefan Jovanović:", the name its front matter
    // gives the candidate) has one candidate under two labels.
    let by_label = |s: &String| {
        parsed
            .turns
            .iter()
            .any(|t| &t.speaker == s && t.role.is_some())
    };
    let labelled = candidates.iter().filter(|s| by_label(s)).count();
    let one_person = labelled == 1 && candidates.len() == 2;
    if candidates.len() > 1 && !one_person {
        return Err(IngestError::SeveralCandidates {
            speakers: join(candidates.iter().map(|s| s.as_str())),
        });
    }
    let unknown: Vec<&String> = speakers
        .iter()
        .filter(|s| !known.contains_key(*s))
        .collect();

    let (method, confidence, note) = if unknown.is_empty() {
        if from_labels {
            (
                RoleMethod::Labels,
                1.0,
                "every speaker label states its role".to_string(),
            )
        } else {
            (
                RoleMethod::Declared,
                1.0,
                "the file declares each speaker's role".to_string(),
            )
        }
    } else if candidates.len() == 1 {
        // The candidate is known: everyone else sits on the interviewer side (a panel, a note-taker).
        for s in &unknown {
            known.insert((*s).clone(), Role::Interviewer);
        }
        (
            RoleMethod::Declared,
            0.9,
            format!(
                "the candidate is declared; {} taken as interviewer side",
                join(unknown.iter().map(|s| s.as_str()))
            ),
        )
    } else if unknown.len() == 1 && !known.is_empty() {
        known.insert(unknown[0].clone(), Role::Candidate);
        (
            RoleMethod::Declared,
            0.9,
            format!(
                "the interviewer is declared; {} is the only other speaker",
                unknown[0]
            ),
        )
    } else if !known.is_empty() {
        // The interviewer side is declared, the candidate is not: the candidate is
        // whoever else says the most (the others are a panel or a note-taker).
        let words = |s: &str| -> usize {
            parsed
                .turns
                .iter()
                .filter(|t| t.speaker == s)
                .map(|t| t.text.split_whitespace().count())
                .sum()
        };
        let mut by_words: Vec<(&String, usize)> = unknown.iter().map(|s| (*s, words(s))).collect();
        by_words.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let (candidate, most) = by_words[0];
        let runner_up = by_words.get(1).map_or(0, |b| b.1);
        for (s, _) in &by_words {
            let role = if *s == candidate {
                Role::Candidate
            } else {
                Role::Interviewer
            };
            known.insert((*s).clone(), role);
        }
        // The interviewer side is declared, but the candidate is a guess.
        (
            RoleMethod::Inferred,
            if most >= runner_up * 3 { 0.8 } else { 0.6 },
            format!(
                "the interviewer side is declared; {candidate} says the most of the others ({most} words, next {runner_up})"
            ),
        )
    } else {
        infer(parsed, rubric, &speakers, &unknown, &mut known)?
    };

    let turns: Vec<Turn> = parsed
        .turns
        .iter()
        .map(|t| Turn {
            speaker: t.speaker.clone(),
            role: known.get(&t.speaker).copied().unwrap_or(Role::Interviewer),
            text: t.text.clone(),
            line: t.line,
            line_map: t.line_map.clone(),
            timestamp: t.timestamp,
        })
        .collect();
    // The candidate's name rather than the role label, when both are used.
    let candidate = speakers
        .iter()
        .filter(|s| known.get(*s) == Some(&Role::Candidate))
        .min_by_key(|s| by_label(s))
        .cloned();
    let Some(candidate) = candidate else {
        return Err(IngestError::NoCandidateTurns {
            turns: turns.len(),
            speakers: join(speakers.iter().map(|s| s.as_str())),
        });
    };
    let interviewers = speakers
        .iter()
        .filter(|s| known.get(*s) != Some(&Role::Candidate))
        .cloned()
        .collect();
    Ok((
        turns,
        RoleResolution {
            method,
            confidence,
            interviewers,
            candidate,
            note,
        },
    ))
}

/// Picks the interviewer among speakers with no stated role: the one whose
/// turns ask the rubric's questions and hints, and who asks questions at all.
fn infer(
    parsed: &Parsed,
    rubric: &Rubric,
    speakers: &[String],
    unknown: &[&String],
    known: &mut BTreeMap<String, Role>,
) -> Result<(RoleMethod, f64, String), IngestError> {
    let references: Vec<_> = rubric
        .problems
        .iter()
        // Questions only (the problems' and the hints that ask one): hints that
        // state the answer are what a good candidate says too.
        .flat_map(|p| {
            std::iter::once(p.question.as_str()).chain(
                p.hints
                    .iter()
                    .map(|h| h.text.as_str())
                    .filter(|h| h.contains('?')),
            )
        })
        .map(content_stems)
        .collect();
    let mut stats: BTreeMap<&str, SpeakerStats> = BTreeMap::new();
    for turn in &parsed.turns {
        let entry = stats.entry(turn.speaker.as_str()).or_insert(SpeakerStats {
            turns: 0,
            words: 0,
            questions: 0,
            rubric_matches: 0,
        });
        entry.turns += 1;
        entry.words += turn.text.split_whitespace().count();
        entry.questions += usize::from(turn.text.trim_end().ends_with('?'));
        // Asking a question or giving a hint: the turn contains most of the
        // rubric's wording and is a question, or is not much longer than the
        // wording (a long answer contains many of the same words).
        let said = content_stems(&turn.text);
        let asks = turn.text.contains('?');
        if references.iter().any(|r| {
            containment(r, &said) >= RUBRIC_MATCH && (asks || said.len() * 2 <= r.len() * 5)
        }) {
            entry.rubric_matches += 1;
        }
    }
    let unresolved = || IngestError::RolesUnresolved {
        speakers: join(speakers.iter().map(|s| s.as_str())),
        example: speakers
            .iter()
            .zip(["interviewer", "candidate"])
            .map(|(s, r)| format!("{s} ({r})"))
            .collect::<Vec<_>>()
            .join(", "),
    };
    // Score: rubric questions and hints weigh most; plain questions break ties.
    let score = |s: &str| {
        stats.get(s).map_or(0.0, |st| {
            st.rubric_matches as f64 * 2.0 + st.questions as f64 / st.turns.max(1) as f64
        })
    };
    let mut ranked: Vec<&String> = unknown.to_vec();
    ranked.sort_by(|a, b| score(b).total_cmp(&score(a)).then(a.cmp(b)));
    if unknown.len() == 1 {
        // A lone speaker: an interviewer talking to nobody, or something we cannot read.
        let only = unknown[0];
        let matches = stats.get(only.as_str()).map_or(0, |s| s.rubric_matches);
        if matches == 0 {
            return Err(unresolved());
        }
        known.insert(only.clone(), Role::Interviewer);
        return Ok((
            RoleMethod::Inferred,
            0.9,
            format!("{only} asks {matches} of the rubric's questions or hints"),
        ));
    }
    // The interviewer is the speaker who asks most of the rubric's questions and
    // hints; the candidate is whoever else says the most (a note-taker or a
    // "can you hear me?" says little). The interviewer must clearly act like one.
    let words_of = |s: &str| stats.get(s).map_or(0, |st| st.words);
    let Some(candidate) = ranked[1..]
        .iter()
        .copied()
        .max_by(|a, b| words_of(a).cmp(&words_of(b)).then(b.cmp(a)))
    else {
        return Err(unresolved());
    };
    let top = ranked[0];
    let top_stats = stats.get(top.as_str());
    let top_matches = top_stats.map_or(0, |s| s.rubric_matches);
    let low_matches = stats
        .get(candidate.as_str())
        .map_or(0, |s| s.rubric_matches);
    if top_matches == 0 || score(top) <= score(candidate) {
        return Err(unresolved());
    }
    let confidence = if low_matches == 0 && top_matches >= 2 {
        0.9
    } else if top_matches > low_matches * 2 {
        0.75
    } else {
        0.6
    };
    for s in unknown {
        let role = if *s == candidate {
            Role::Candidate
        } else {
            Role::Interviewer
        };
        known.insert((*s).clone(), role);
    }
    Ok((
        RoleMethod::Inferred,
        confidence,
        format!(
            "{top} asks {top_matches} of the rubric's questions or hints; {candidate} asks {low_matches}"
        ),
    ))
}

/// The candidate's display name: declared, else the label when it is a name.
pub fn candidate_name(roles: &RoleResolution, roster: &[(String, Role)]) -> Option<String> {
    roster
        .iter()
        .find(|(n, r)| *r == Role::Candidate && names_match(n, &roles.candidate))
        .map(|(n, _)| n.clone())
        .or_else(|| person_name(&roles.candidate))
}

/// The interviewer's display name, when one is known.
pub fn interviewer_name(roles: &RoleResolution, roster: &[(String, Role)]) -> Option<String> {
    let names: Vec<String> = roles
        .interviewers
        .iter()
        .filter_map(|i| {
            roster
                .iter()
                .find(|(n, r)| *r == Role::Interviewer && names_match(n, i))
                .map(|(n, _)| n.clone())
                .or_else(|| person_name(i))
        })
        .collect();
    (!names.is_empty()).then(|| names.join(", "))
}

fn person_name(label: &str) -> Option<String> {
    let lower = label.trim().to_lowercase();
    let generic = [
        "interviewer",
        "candidate",
        "interviewee",
        "applicant",
        "panelist",
        "hiring manager",
        "the interviewer",
        "the candidate",
        "q",
        "a",
        "assistant",
        "user",
        "ai",
        "bot",
        "human",
        "unknown speaker",
        "unknown",
        "speaker",
    ];
    let numbered = lower.starts_with("speaker") || lower.starts_with("spk");
    let letter = lower.chars().count() == 1;
    (!generic.contains(&lower.as_str()) && !numbered && !letter).then(|| label.trim().to_string())
}

fn join<'a>(names: impl Iterator<Item = &'a str>) -> String {
    names.collect::<Vec<_>>().join(", ")
}
