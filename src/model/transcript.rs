use std::fmt;

use serde::{Deserialize, Serialize, Serializer};

/// Which side of the table a speaker is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Interviewer,
    Candidate,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Interviewer => "interviewer",
            Role::Candidate => "candidate",
        }
    }
}

/// A time offset into the recording, in whole seconds; shown as `hh:mm:ss`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
pub struct Timestamp(pub u32);

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0;
        write!(f, "{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// One speaker's uninterrupted contribution.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Turn {
    pub speaker: String,
    pub role: Role,
    /// The words as written in the file, continuation lines joined with `\n`
    /// so that the n-th line of `text` is file line `line + n`.
    pub text: String,
    /// 1-based line of the file where the turn starts.
    pub line: usize,
    /// The file line of each line of `text`, for formats where they are not
    /// consecutive (subtitle cues, JSON); empty when line `n` of `text` is
    /// file line `line + n`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub line_map: Vec<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<Timestamp>,
}

impl Turn {
    /// The file line of a byte offset into `text`.
    pub fn line_at(&self, offset: usize) -> usize {
        let n = self.text[..offset.min(self.text.len())]
            .matches('\n')
            .count();
        line_of(self.line, &self.line_map, n)
    }
}

/// File line of line `n` of a turn's text.
pub fn line_of(first: usize, line_map: &[usize], n: usize) -> usize {
    if line_map.is_empty() {
        first + n
    } else {
        line_map
            .get(n)
            .or(line_map.last())
            .copied()
            .unwrap_or(first)
    }
}

/// A heading or section line that is not speech, e.g. `## Phase 3: Partitioning`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Marker {
    pub line: usize,
    pub text: String,
}

/// Metadata read from front matter or JSON fields.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Metadata {
    pub candidate_id: Option<String>,
    pub candidate_name: Option<String>,
    pub interviewer: Option<String>,
    pub date: Option<String>,
}

/// How the interviewer and candidate were told apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RoleMethod {
    /// Every speaker label says its role (`Interviewer:`, `**Sam (candidate):**`).
    Labels,
    /// A header line or front matter names who is who.
    Declared,
    /// Inferred from who asks the rubric's questions and gives its hints.
    Inferred,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoleResolution {
    pub method: RoleMethod,
    /// 0 to 1; 1 when the file says so explicitly.
    pub confidence: f64,
    pub interviewers: Vec<String>,
    pub candidate: String,
    pub note: String,
}

/// A parsed transcript, ready to be segmented.
#[derive(Debug, Clone, Serialize)]
pub struct Transcript {
    /// Path relative to the directory given on the command line.
    pub source: String,
    /// The format's name, e.g. `text`, `markdown`.
    pub format: String,
    pub candidate_id: String,
    pub meta: Metadata,
    pub turns: Vec<Turn>,
    pub markers: Vec<Marker>,
    pub roles: RoleResolution,
}
