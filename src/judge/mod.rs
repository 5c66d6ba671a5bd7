//! Stage 3, judge: a segmented transcript → a [`Scorecard`].
//!
//! A [`Judge`] scores one dimension at a time from the candidate's turns in
//! that dimension's phases. Whatever the judge, `grade` then applies the
//! rubric's rules itself: hint caps, red-flag penalties, the overall mean, the
//! recommendation, and the choice of strengths, improvements and resources.
//! Dimensions are judged in parallel.

mod analysis;
pub mod llm;
pub mod rules;

use rayon::prelude::*;

use crate::model::{
    Confidence, DimensionScore, Evidence, PhaseCoverage, Recommendation, RedFlagHit, RubricRef,
    Scorecard, Segmentation, Session, StudyResource, Transcript, TurnView,
};
use crate::rubric::{Dimension, Rubric};
pub use analysis::Analysis;

/// A judge's verdict on one dimension, before `grade` applies caps and flags.
#[derive(Debug, Clone, PartialEq)]
pub struct Judgement {
    /// 1 to 4, or `None` when the dimension cannot be assessed.
    pub score: Option<u8>,
    pub justification: String,
    pub evidence: Vec<Evidence>,
    /// What the candidate did well here, best first.
    pub strengths: Vec<String>,
    /// What the candidate should work on here, most important first.
    pub improvements: Vec<String>,
    pub confidence: Confidence,
    pub confidence_reason: String,
    /// The judge that produced it (`rules`, or `llm`), which may differ from
    /// the judge asked when it fell back.
    pub judge: &'static str,
    /// Misconceptions the judge found beyond those `grade` detects itself,
    /// each with a verified quote.
    pub red_flags: Vec<RedFlagHit>,
}

/// Something that scores rubric dimensions.
pub trait Judge: Sync {
    /// The judge's name as reports show it (`rules`, `llm`).
    fn name(&self) -> &str;
    fn judge(&self, analysis: &Analysis<'_>, rubric: &Rubric, dimension: &Dimension) -> Judgement;
}

/// Level names of scores 1 to 4.
pub fn level_name(score: Option<u8>) -> &'static str {
    match score {
        Some(4) => "exceptional",
        Some(3) => "solid",
        Some(2) => "partial",
        Some(_) => "weak",
        None => "not_assessed",
    }
}

/// Grades one transcript: every dimension in parallel, then the rubric's rules.
pub fn grade(
    transcript: &Transcript,
    segmentation: &Segmentation,
    rubric: &Rubric,
    judge: &dyn Judge,
) -> Scorecard {
    let analysis = Analysis::new(transcript, segmentation, rubric);
    let judgements: Vec<Judgement> = rubric
        .dimensions
        .par_iter()
        .map(|d| judge.judge(&analysis, rubric, d))
        .collect();
    // grade's own detections, then any further flag a judge quoted.
    let mut red_flags = analysis.red_flags.clone();
    for flag in judgements.iter().flat_map(|j| &j.red_flags) {
        if !red_flags.iter().any(|f| f.id == flag.id) {
            red_flags.push(flag.clone());
        }
    }
    red_flags.sort_by_key(|f| f.line);
    let mut dimensions: Vec<DimensionScore> = rubric
        .dimensions
        .iter()
        .zip(judgements)
        .map(|(d, j)| apply_rules(d, j, &analysis, &red_flags, rubric))
        .collect();
    score_from_others(&mut dimensions, rubric);
    let judge_name = judges_used(&dimensions, judge.name());

    let (overall, assessed) = overall(&dimensions);
    let recommendation = recommend(overall, assessed.len(), !red_flags.is_empty(), rubric);
    let max_hint_level = segmentation
        .phases
        .iter()
        .map(|p| p.max_hint_level)
        .max()
        .unwrap_or(0);

    let mut warnings = Vec::new();
    if transcript.roles.method == crate::model::RoleMethod::Inferred {
        warnings.push(format!(
            "roles_inferred: {} taken as the candidate (confidence {:.2})",
            transcript.roles.candidate, transcript.roles.confidence
        ));
    }
    warnings.extend(not_covered(&segmentation.phases));
    for d in &dimensions {
        if d.confidence == Confidence::Low && d.score.is_some() {
            warnings.push(format!("low_confidence: {}", d.id));
        }
    }
    let injected = crate::llm::guard::injection_lines(transcript);
    if !injected.is_empty() {
        warnings.push(format!(
            "prompt_injection: line{} {} address{} the grader; such text earns no credit and is never sent to a model",
            if injected.len() == 1 { "" } else { "s" },
            injected
                .iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            if injected.len() == 1 { "es" } else { "" },
        ));
    }
    let mut review = review_reasons(overall, assessed.len(), &dimensions, rubric);
    review.extend(
        analysis
            .out_of_phase
            .iter()
            .map(|hit| out_of_phase_reason(hit, rubric)),
    );
    if !review.is_empty() {
        warnings.push("needs_review".to_string());
    }

    let transcript_view = transcript
        .turns
        .iter()
        .enumerate()
        .map(|(i, t)| TurnView {
            line: t.line,
            line_map: t.line_map.clone(),
            timestamp: t.timestamp,
            speaker: t.speaker.clone(),
            role: t.role,
            phase: segmentation
                .turn_phase
                .get(i)
                .copied()
                .flatten()
                .map(|p| segmentation.phases[p].id.clone()),
            text: t.text.clone(),
            session: None,
        })
        .collect();

    Scorecard {
        candidate_id: transcript.candidate_id.clone(),
        candidate_name: transcript.meta.candidate_name.clone(),
        source: transcript.source.clone(),
        format: transcript.format.clone(),
        sessions: Vec::new(),
        metadata: transcript.meta.clone(),
        rubric: RubricRef {
            id: rubric.rubric.id.clone(),
            name: rubric.rubric.name.clone(),
            version: rubric.rubric.version.clone(),
            sha256: rubric.content_hash.clone(),
        },
        judge: judge_name,
        roles: transcript.roles.clone(),
        strengths: strengths(&dimensions),
        improvements: improvements(&dimensions, &red_flags, rubric),
        resources: resources(&dimensions, rubric),
        dimensions,
        red_flags,
        overall,
        recommendation,
        review,
        phases: segmentation.phases.clone(),
        max_hint_level,
        warnings,
        transcript: transcript_view,
    }
}

/// One scorecard from several sessions of the same candidate (same explicit
/// candidate id). Sessions are ordered by date, then source; every session's
/// turns are evidence; where several sessions assessed a dimension, the later
/// one wins; red flags from every session count; the overall score, the
/// recommendation and the takeaways are worked out again on the merged
/// dimensions.
pub fn merge_sessions(mut cards: Vec<Scorecard>, rubric: &Rubric) -> Option<Scorecard> {
    cards.sort_by(|a, b| {
        (a.metadata.date.as_deref().unwrap_or(""), a.source.as_str())
            .cmp(&(b.metadata.date.as_deref().unwrap_or(""), b.source.as_str()))
    });
    let sessions: Vec<Session> = cards
        .iter()
        .map(|c| Session {
            source: c.source.clone(),
            format: c.format.clone(),
            date: c.metadata.date.clone(),
        })
        .collect();
    for (k, card) in cards.iter_mut().enumerate() {
        for d in &mut card.dimensions {
            for e in &mut d.evidence {
                e.session = Some(k);
            }
        }
        for f in &mut card.red_flags {
            f.session = Some(k);
        }
        for t in &mut card.transcript {
            t.session = Some(k);
        }
    }
    let mut merged = cards.last().cloned()?;
    merged.dimensions = (0..merged.dimensions.len())
        .map(|i| {
            let (k, card) = cards
                .iter()
                .enumerate()
                .rev()
                .find(|(_, c)| c.dimensions[i].score.is_some())
                .unwrap_or((cards.len() - 1, &cards[cards.len() - 1]));
            let mut d = card.dimensions[i].clone();
            if d.score.is_some() {
                d.justification = format!(
                    "From session {} ({}): {}",
                    k + 1,
                    card.source,
                    d.justification
                );
            }
            d
        })
        .collect();
    merged.red_flags = cards.iter().flat_map(|c| c.red_flags.clone()).collect();
    merged.transcript = cards.iter().flat_map(|c| c.transcript.clone()).collect();
    merged.phases = (0..merged.phases.len())
        .map(|p| {
            cards
                .iter()
                .rev()
                .find(|c| c.phases[p].covered)
                .unwrap_or(&merged)
                .phases[p]
                .clone()
        })
        .collect();
    merged.max_hint_level = cards.iter().map(|c| c.max_hint_level).max().unwrap_or(0);
    merged.source = sessions
        .iter()
        .map(|s| s.source.as_str())
        .collect::<Vec<_>>()
        .join(";");
    let mut formats: Vec<&str> = sessions.iter().map(|s| s.format.as_str()).collect();
    formats.dedup();
    merged.format = formats.join(";");
    merged.candidate_name = cards.iter().rev().find_map(|c| c.candidate_name.clone());
    let (overall, assessed) = overall(&merged.dimensions);
    merged.overall = overall;
    merged.recommendation = recommend(
        merged.overall,
        assessed.len(),
        !merged.red_flags.is_empty(),
        rubric,
    );
    merged.review = review_reasons(merged.overall, assessed.len(), &merged.dimensions, rubric);
    // A possible red flag of one session stays for the reviewer, unless
    // another session raised that flag.
    for (i, card) in cards.iter().enumerate() {
        for reason in card.review.iter().filter(|r| r.starts_with(POSSIBLE_FLAG)) {
            let id = reason[POSSIBLE_FLAG.len()..]
                .split(' ')
                .next()
                .unwrap_or_default();
            if !merged.red_flags.iter().any(|f| f.id == id) {
                merged.review.push(format!("{reason} (session {})", i + 1));
            }
        }
    }
    merged.strengths = strengths(&merged.dimensions);
    merged.improvements = improvements(&merged.dimensions, &merged.red_flags, rubric);
    merged.resources = resources(&merged.dimensions, rubric);
    let mut warnings: Vec<String> = cards.iter().flat_map(|c| c.warnings.clone()).collect();
    warnings.retain(|w| !w.starts_with("phases_not_covered") && w != "needs_review");
    warnings.extend(not_covered(&merged.phases));
    if !merged.review.is_empty() {
        warnings.push("needs_review".to_string());
    }
    warnings.push(format!("sessions: {}", sessions.len()));
    warnings.dedup();
    merged.warnings = warnings;
    merged.sessions = sessions;
    Some(merged)
}

/// SPEC §2: the mean of the assessed dimensions to 2 decimals, and the
/// assessed scores.
fn overall(dimensions: &[DimensionScore]) -> (Option<f64>, Vec<u8>) {
    let assessed: Vec<u8> = dimensions.iter().filter_map(|d| d.score).collect();
    let overall = (!assessed.is_empty()).then(|| {
        let mean = assessed.iter().map(|&s| f64::from(s)).sum::<f64>() / assessed.len() as f64;
        (mean * 100.0).round() / 100.0
    });
    (overall, assessed)
}

/// The `phases_not_covered` warning, when some phase was not reached.
fn not_covered(phases: &[PhaseCoverage]) -> Option<String> {
    let missing: Vec<&str> = phases
        .iter()
        .filter(|p| !p.covered)
        .map(|p| p.id.as_str())
        .collect();
    (!missing.is_empty()).then(|| format!("phases_not_covered: {}", missing.join(", ")))
}

/// A mean of the other dimensions is rounded up only from this fraction on:
/// expert graders give reasoning the next level only when the answers are
/// clearly there. On the first 84 labelled calibration interviews rounding at
/// .75 agreed with them on 52, at .5 on 45. On all 1,524, rounding at .8 (so
/// four answers averaging 1.75 stay at 1, five averaging 1.8 go up) agrees on
/// 67% against 66% at .75 and lifts recommendation agreement from 81% to 84%:
/// from 82% to 85% on the older 1,236 and from 77% to 80% on the newest 288.
const ROUND_UP_FROM: f64 = 0.8;

/// The reasoning level that a mean of the other dimensions stands for. The
/// fraction is compared with a margin: 9 / 5 is a hair under 1.8 in floating
/// point, and must still round up.
fn reasoning_level(mean: f64) -> u8 {
    let whole = mean.floor();
    let up = mean - whole >= ROUND_UP_FROM - 1e-9;
    (whole as u8 + u8::from(up)).clamp(1, 4)
}

/// Dimensions the rubric scores from the rest of the interview (data-flow
/// reasoning shows in every answer): the mean of the other assessed
/// dimensions, once those are final. The dimension's own signals stay as its
/// evidence; it is still not assessed when the candidate said nothing.
fn score_from_others(dimensions: &mut [DimensionScore], rubric: &Rubric) {
    for (i, d) in rubric.dimensions.iter().enumerate() {
        // A model reads the reasoning itself; the proxy is for the rules.
        if !d.score_from_others || dimensions[i].score.is_none() || dimensions[i].judge != "rules" {
            continue;
        }
        let others: Vec<u8> = dimensions
            .iter()
            .enumerate()
            .filter(|(j, o)| {
                *j != i && !rubric.dimensions[*j].score_from_others && o.score.is_some()
            })
            .filter_map(|(_, o)| o.score)
            .collect();
        if others.is_empty() {
            continue;
        }
        let mean = others.iter().map(|&s| f64::from(s)).sum::<f64>() / others.len() as f64;
        let score = reasoning_level(mean);
        // Quotes: its own, else the first of each other dimension it draws on.
        let borrowed: Vec<Evidence> = dimensions
            .iter()
            .enumerate()
            .filter(|(j, o)| *j != i && o.score.is_some())
            .filter_map(|(_, o)| o.evidence.first().cloned())
            .take(3)
            .collect();
        let target = &mut dimensions[i];
        if target.evidence.is_empty() {
            target.evidence = borrowed;
            target.confidence = Confidence::Medium;
            target.confidence_reason =
                "scored from the other dimensions; no answer shows this quality on its own"
                    .to_string();
        }
        let own = target.score.unwrap_or(1);
        target.justification = format!(
            "Scored from the reasoning across the interview: the other {} assessed dimensions average {mean:.2}, so {score} (the answers' own signals alone gave {own}). {}",
            others.len(),
            target.justification
        );
        // The rubric's rules still hold: a hint caps it, a red flag lowers it.
        let capped = score.min(rubric.scoring.hint_cap(target.hint_level));
        let score = rubric.scoring.after_flags(capped, target.red_flags.len());
        target.score = Some(score);
        target.level = level_name(Some(score)).to_string();
    }
}

/// The scorecard's judge: the one asked, or `llm+rules` when some
/// dimensions fell back to the rules.
fn judges_used(dimensions: &[DimensionScore], asked: &str) -> String {
    let mut used: Vec<&str> = dimensions.iter().map(|d| d.judge.as_str()).collect();
    used.sort_unstable();
    used.dedup();
    match used.as_slice() {
        [one] => one.to_string(),
        [] => asked.to_string(),
        _ => {
            // The judge asked first: `llm+rules`.
            used.sort_by_key(|j| *j != asked);
            used.join("+")
        }
    }
}

/// Hint caps and red-flag penalties, applied to a judge's score.
fn apply_rules(
    dimension: &Dimension,
    judgement: Judgement,
    analysis: &Analysis<'_>,
    red_flags: &[RedFlagHit],
    rubric: &Rubric,
) -> DimensionScore {
    let hint_level = analysis
        .segmentation
        .phases
        .iter()
        .flat_map(|p| &p.hints)
        .filter(|h| {
            rubric
                .problems
                .iter()
                .any(|p| p.id == h.problem && p.dimensions.contains(&dimension.id))
        })
        .map(|h| h.level)
        .max()
        .unwrap_or(0);
    let flags: Vec<String> = red_flags
        .iter()
        .filter(|f| f.dimension == dimension.id)
        .map(|f| f.id.clone())
        .collect();
    let mut justification = judgement.justification;
    let mut score = judgement.score;
    // The hint cap first, then the red-flag penalty, so that a flag always
    // costs a level (SPEC §2), down to 1.
    let cap = rubric.scoring.hint_cap(hint_level);
    let mut capped_by_hint = None;
    if let Some(s) = score.as_mut() {
        if *s > cap {
            justification.push_str(&format!(
                " A level-{hint_level} hint caps the score at {cap} (it was {s} on the evidence)."
            ));
            *s = cap;
            capped_by_hint = Some(cap);
        }
    }
    if let Some(s) = score.as_mut() {
        if !flags.is_empty() {
            let lowered = rubric.scoring.after_flags(*s, flags.len());
            justification.push_str(&format!(
                " Red flag {} lowers the score from {} to {}.",
                flags.join(", "),
                s,
                lowered
            ));
            *s = lowered;
        }
    }
    DimensionScore {
        id: dimension.id.clone(),
        name: dimension.name.clone(),
        score,
        level: level_name(score).to_string(),
        justification,
        evidence: judgement.evidence,
        hint_level,
        capped_by_hint,
        red_flags: flags,
        confidence: judgement.confidence,
        confidence_reason: judgement.confidence_reason,
        judge: judgement.judge.to_string(),
        strengths: judgement.strengths,
        improvements: judgement.improvements,
    }
}

/// How a review reason about a possible red flag starts.
const POSSIBLE_FLAG: &str = "possible red flag ";

/// A sentence that reads like a red flag outside the phases where it is
/// raised: not raised, since such sentences were mostly correct ones misread,
/// but named so that a person can read it.
fn out_of_phase_reason(hit: &RedFlagHit, rubric: &Rubric) -> String {
    let phases: Vec<&str> = rubric
        .red_flag(&hit.id)
        .map_or(&[][..], |f| rubric.flag_phases(f))
        .iter()
        .filter_map(|id| rubric.phase(id))
        .map(|p| p.name.as_str())
        .collect();
    format!(
        "{POSSIBLE_FLAG}{} ({}) at line {}, not raised because it was said outside {}: \"{}\"",
        hit.id,
        hit.name,
        hit.line,
        phases.join(", "),
        hit.quote
    )
}

/// How close to a recommendation threshold an overall score may sit before a
/// person should decide which side it falls on.
pub const REVIEW_MARGIN: f64 = 0.15;

/// Reasons to have a person review a scorecard before relying on it.
fn review_reasons(
    overall: Option<f64>,
    assessed: usize,
    dimensions: &[DimensionScore],
    rubric: &Rubric,
) -> Vec<String> {
    let s = &rubric.scoring;
    let mut reasons = Vec::new();
    if let (Some(o), true) = (overall, assessed >= s.min_assessed) {
        for (name, threshold) in [
            ("strong_hire", s.strong_hire),
            ("hire", s.hire),
            ("no_hire", s.no_hire),
        ] {
            if (o - threshold).abs() < REVIEW_MARGIN {
                reasons.push(format!(
                    "the overall score {o:.2} is within {REVIEW_MARGIN:.2} of the {name} threshold {threshold:.2}"
                ));
            }
        }
    }
    for d in dimensions
        .iter()
        .filter(|d| d.score.is_some() && d.confidence == Confidence::Low)
    {
        reasons.push(format!(
            "{} is scored with low confidence: {}",
            d.name, d.confidence_reason
        ));
    }
    reasons
}

/// SPEC §2: the recommendation from the overall score.
pub fn recommend(
    overall: Option<f64>,
    assessed: usize,
    red_flag: bool,
    rubric: &Rubric,
) -> Recommendation {
    let s = &rubric.scoring;
    match overall {
        _ if assessed < s.min_assessed => Recommendation::InsufficientEvidence,
        None => Recommendation::InsufficientEvidence,
        Some(o) if o >= s.strong_hire && !red_flag => Recommendation::StrongHire,
        Some(o) if o >= s.hire => Recommendation::Hire,
        Some(o) if o >= s.no_hire => Recommendation::NoHire,
        Some(_) => Recommendation::StrongNoHire,
    }
}

/// How many strengths and improvements a scorecard lists.
pub const TAKEAWAYS: usize = 3;

/// Takes items from each list in turn (the first of every list, then the
/// second…), so that three takeaways come from three dimensions when they can.
fn round_robin(lists: &[(String, &[String])], limit: usize, out: &mut Vec<String>) {
    let longest = lists.iter().map(|(_, l)| l.len()).max().unwrap_or(0);
    for i in 0..longest {
        for (name, list) in lists {
            if out.len() == limit {
                return;
            }
            if let Some(item) = list.get(i) {
                out.push(format!("{name}: {item}"));
            }
        }
    }
}

/// A takeaway's label: the dimension, and which judge wrote the line when
/// not every line comes from the rules.
fn source_label(d: &DimensionScore, all: &[DimensionScore]) -> String {
    if all.iter().all(|x| x.judge == "rules") {
        d.name.clone()
    } else {
        format!("{} ({} judge)", d.name, d.judge)
    }
}

/// Three strengths from the evidence, from the best-scored dimensions first;
/// fewer only when the evidence shows fewer (never a generic filler).
fn strengths(dimensions: &[DimensionScore]) -> Vec<String> {
    let mut ranked: Vec<&DimensionScore> = dimensions
        .iter()
        .filter(|d| d.score.is_some_and(|s| s >= 2))
        .collect();
    ranked.sort_by_key(|d| std::cmp::Reverse(d.score));
    let lists: Vec<(String, &[String])> = ranked
        .iter()
        .map(|d| (source_label(d, dimensions), d.strengths.as_slice()))
        .collect();
    let mut out = Vec::new();
    round_robin(&lists, TAKEAWAYS, &mut out);
    out
}

/// Three improvements: red flags first, then the weakest dimensions' missing
/// points, then what could not be assessed, then the nuance missing from the
/// strongest dimensions; for a candidate who showed every point of a
/// dimension, the reading that takes it further.
fn improvements(
    dimensions: &[DimensionScore],
    flags: &[crate::model::RedFlagHit],
    rubric: &Rubric,
) -> Vec<String> {
    let mut out: Vec<String> = flags
        .iter()
        .map(|f| {
            format!(
                "Correct the misconception \"{}\" (line {}): {}",
                f.name, f.line, f.correct_answer
            )
        })
        .take(TAKEAWAYS)
        .collect();
    let mut weak: Vec<&DimensionScore> = dimensions
        .iter()
        .filter(|d| d.score.is_some_and(|s| s < 4))
        .collect();
    weak.sort_by_key(|d| d.score);
    let lists: Vec<(String, &[String])> = weak
        .iter()
        .map(|d| (source_label(d, dimensions), d.improvements.as_slice()))
        .collect();
    round_robin(&lists, TAKEAWAYS, &mut out);
    for d in dimensions.iter().filter(|d| d.score.is_none()) {
        if out.len() < TAKEAWAYS {
            out.push(format!(
                "{}: not assessed in this interview; probe it in a follow-up before deciding.",
                d.name
            ));
        }
    }
    let strong: Vec<(String, &[String])> = dimensions
        .iter()
        .filter(|d| d.score == Some(4))
        .map(|d| (source_label(d, dimensions), d.improvements.as_slice()))
        .collect();
    round_robin(&strong, TAKEAWAYS, &mut out);
    let further = dimensions
        .iter()
        .filter(|d| d.score == Some(4) && d.improvements.is_empty())
        .filter_map(|d| Some((d, rubric.dimension(&d.id)?.resources.last()?)));
    for (d, r) in further.take(TAKEAWAYS.saturating_sub(out.len())) {
        out.push(format!(
            "{}: showed every point the rubric lists; to go further, read {} ({})",
            source_label(d, dimensions),
            r.title,
            r.why.trim_end_matches('.')
        ));
    }
    out
}

/// Two or three study resources, chosen by the gaps: the lowest-scored
/// dimensions first, then those not assessed.
fn resources(dimensions: &[DimensionScore], rubric: &Rubric) -> Vec<StudyResource> {
    let mut order: Vec<&DimensionScore> = dimensions.iter().collect();
    // Lowest score first; flagged before unflagged; not assessed after every score below 4.
    order.sort_by_key(|d| {
        (
            d.score.unwrap_or(4) * 2 + u8::from(d.red_flags.is_empty()),
            d.score.is_none(),
        )
    });
    let mut picked = Vec::new();
    for round in 0..2 {
        for d in &order {
            if picked.len() == 3 {
                return picked;
            }
            if round == 0 && d.score == Some(4) && picked.len() >= 2 {
                continue;
            }
            if let Some(r) = rubric
                .dimension(&d.id)
                .and_then(|dim| dim.resources.get(round))
            {
                picked.push(StudyResource {
                    dimension: d.id.clone(),
                    title: r.title.clone(),
                    url: r.url.clone(),
                    why: r.why.clone(),
                });
            }
        }
    }
    picked
}

#[cfg(test)]
mod tests {
    use super::reasoning_level;

    #[test]
    fn reasoning_takes_the_next_level_only_when_the_answers_are_clearly_there() {
        assert_eq!(reasoning_level(1.0), 1);
        // Four answers at 2, 2, 1 and 2.
        assert_eq!(reasoning_level(1.75), 1);
        // Five at 2, 2, 2, 1 and 2, however the division rounds.
        assert_eq!(reasoning_level(9.0 / 5.0), 2);
        assert_eq!(reasoning_level(14.0 / 5.0), 3);
        assert_eq!(reasoning_level(2.75), 2);
        assert_eq!(reasoning_level(3.8), 4);
        assert_eq!(reasoning_level(4.0), 4);
    }
}
