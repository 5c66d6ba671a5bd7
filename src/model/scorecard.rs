use serde::Serialize;

use super::{Metadata, Role, RoleResolution, Timestamp};

/// Coverage of one phase of the rubric.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PhaseCoverage {
    pub id: String,
    pub number: u32,
    pub name: String,
    /// The candidate spoke in this phase after it was opened.
    pub covered: bool,
    /// Problem ids asked in this phase, in the order they were asked.
    pub problems: Vec<String>,
    pub hints: Vec<HintGiven>,
    /// Highest hint level given (0 for none).
    pub max_hint_level: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub started_at: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ended_at: Option<Timestamp>,
    pub candidate_words: usize,
}

/// A hint the interviewer gave, recognised against a problem's hint ladder.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HintGiven {
    pub problem: String,
    pub level: u8,
    pub line: usize,
    /// Index of the interviewer turn that gave it.
    pub turn: usize,
    /// How much of the rubric's hint text the turn contains (0 to 1).
    pub similarity: f64,
}

/// Turns assigned to phases. `turn_phase[i]` is the index into `phases` of
/// turn `i`, or `None` for the warm-up and close.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Segmentation {
    pub phases: Vec<PhaseCoverage>,
    pub turn_phase: Vec<Option<usize>>,
}

/// A verbatim candidate quote supporting a judgement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    pub line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<Timestamp>,
    pub quote: String,
    /// The rubric signals this quote shows.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub signals: Vec<String>,
    /// For a candidate seen in several sessions: which one (index into `sessions`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    High,
    Medium,
    Low,
}

/// The judgement on one rubric dimension.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DimensionScore {
    pub id: String,
    pub name: String,
    /// 1 to 4, or `None` when not assessed.
    pub score: Option<u8>,
    /// `exceptional`, `solid`, `partial`, `weak` or `not_assessed`.
    pub level: String,
    pub justification: String,
    pub evidence: Vec<Evidence>,
    /// Highest hint given on a problem that tests this dimension.
    pub hint_level: u8,
    /// The cap that hint put on the score, when it lowered it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capped_by_hint: Option<u8>,
    pub red_flags: Vec<String>,
    pub confidence: Confidence,
    pub confidence_reason: String,
    /// Which judge produced this judgement (`rules` or `llm`).
    pub judge: String,
    /// What the candidate did well here, best first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub strengths: Vec<String>,
    /// What the candidate should work on here, most important first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub improvements: Vec<String>,
}

/// A misconception the candidate stated.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RedFlagHit {
    pub id: String,
    pub name: String,
    pub dimension: String,
    pub line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<Timestamp>,
    pub quote: String,
    pub correct_answer: String,
    /// For a candidate seen in several sessions: which one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Recommendation {
    StrongHire,
    Hire,
    NoHire,
    StrongNoHire,
    InsufficientEvidence,
}

impl Recommendation {
    pub fn as_str(self) -> &'static str {
        match self {
            Recommendation::StrongHire => "strong_hire",
            Recommendation::Hire => "hire",
            Recommendation::NoHire => "no_hire",
            Recommendation::StrongNoHire => "strong_no_hire",
            Recommendation::InsufficientEvidence => "insufficient_evidence",
        }
    }

    pub const ALL: [Recommendation; 5] = [
        Recommendation::StrongHire,
        Recommendation::Hire,
        Recommendation::NoHire,
        Recommendation::StrongNoHire,
        Recommendation::InsufficientEvidence,
    ];
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StudyResource {
    pub dimension: String,
    pub title: String,
    pub url: String,
    pub why: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct RubricRef {
    pub id: String,
    pub name: String,
    pub version: String,
    pub sha256: String,
}

/// A turn as shown in the scorecard, with its phase.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TurnView {
    pub line: usize,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub line_map: Vec<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<Timestamp>,
    pub speaker: String,
    pub role: Role,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
    pub text: String,
    /// For a candidate seen in several sessions: which one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<usize>,
}

/// One interview of a candidate seen in several sessions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Session {
    pub source: String,
    pub format: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// Everything `grade` concluded about one candidate. The JSON scorecard is
/// this struct serialised; the HTML scorecard renders it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scorecard {
    pub candidate_id: String,
    pub candidate_name: Option<String>,
    /// The source file; for several sessions, every file `;`-joined in date order.
    pub source: String,
    pub format: String,
    /// The interviews this scorecard draws on, when there is more than one:
    /// the later session wins where both assessed a dimension.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sessions: Vec<Session>,
    pub metadata: Metadata,
    pub rubric: RubricRef,
    pub judge: String,
    pub roles: RoleResolution,
    pub dimensions: Vec<DimensionScore>,
    pub red_flags: Vec<RedFlagHit>,
    /// Mean of the assessed dimensions, to 2 decimals.
    pub overall: Option<f64>,
    pub recommendation: Recommendation,
    /// Why a person should look at this scorecard before anyone relies on
    /// it (a recommendation near a threshold, a low-confidence score); empty
    /// when nothing calls for it.
    pub review: Vec<String>,
    pub strengths: Vec<String>,
    pub improvements: Vec<String>,
    pub resources: Vec<StudyResource>,
    pub phases: Vec<PhaseCoverage>,
    pub max_hint_level: u8,
    pub warnings: Vec<String>,
    pub transcript: Vec<TurnView>,
}

/// An input that could not be graded, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeadLetter {
    pub source: String,
    /// The stage that gave up: `read`, `ingest`, `segment`, `judge` or `report`.
    pub stage: String,
    pub error: String,
}

/// One row of the cohort summary: what `cohort.csv` and `index.html` show.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CohortRow {
    pub candidate_id: String,
    pub candidate_name: String,
    pub source: String,
    pub format: String,
    pub judge: String,
    /// Scores in rubric dimension order.
    pub scores: Vec<Option<u8>>,
    pub overall: Option<f64>,
    pub recommendation: Recommendation,
    pub red_flags: Vec<String>,
    pub max_hint_level: u8,
    pub phases_covered: Vec<String>,
    pub warnings: Vec<String>,
}

impl CohortRow {
    pub fn from_scorecard(card: &Scorecard) -> CohortRow {
        let mut red_flags: Vec<String> = card.red_flags.iter().map(|f| f.id.clone()).collect();
        red_flags.sort();
        red_flags.dedup();
        CohortRow {
            candidate_id: card.candidate_id.clone(),
            candidate_name: card.candidate_name.clone().unwrap_or_default(),
            source: card.source.clone(),
            format: card.format.clone(),
            judge: card.judge.clone(),
            scores: card.dimensions.iter().map(|d| d.score).collect(),
            overall: card.overall,
            recommendation: card.recommendation,
            red_flags,
            max_hint_level: card.max_hint_level,
            phases_covered: card
                .phases
                .iter()
                .filter(|p| p.covered)
                .map(|p| p.id.clone())
                .collect(),
            warnings: card.warnings.clone(),
        }
    }
}
