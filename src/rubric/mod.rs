//! The rubric: what an interview covers and how each dimension is scored.
//!
//! Rubrics are data. The default one (`rubrics/async-messaging.toml`) is
//! embedded in the binary; `--rubric` takes the name of a built-in rubric or a
//! path to a TOML file of the same shape. Loading validates the whole file and
//! names every problem it finds, so a typo never silently weakens grading.

pub mod pattern;
pub mod vocabulary;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub use pattern::Pattern;
pub use vocabulary::Vocabulary;

/// Built-in rubrics, by name.
pub const BUILT_IN: &[(&str, &str)] = &[(
    "async-messaging",
    include_str!("../../rubrics/async-messaging.toml"),
)];

/// The name of the rubric used when `--rubric` is not given.
pub const DEFAULT_RUBRIC: &str = "async-messaging";

/// A loaded, validated rubric.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rubric {
    pub rubric: RubricInfo,
    #[serde(default)]
    pub scoring: Scoring,
    pub phases: Vec<Phase>,
    pub problems: Vec<Problem>,
    pub dimensions: Vec<Dimension>,
    #[serde(default)]
    pub red_flags: Vec<RedFlag>,
    /// Plain phrases for the terms the patterns use: `term = [phrases]`.
    #[serde(default, rename = "vocabulary")]
    pub vocabulary_source: BTreeMap<String, Vec<String>>,
    #[serde(skip)]
    pub vocabulary: Vocabulary,
    /// Hex SHA-256 of the rubric file, so a report says exactly which rubric graded it.
    #[serde(skip)]
    pub content_hash: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RubricInfo {
    pub id: String,
    pub name: String,
    pub version: String,
    #[serde(default)]
    pub description: String,
}

/// Fixed rules of SPEC §2, kept in the rubric so that another interview can tune them.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Scoring {
    /// Highest score allowed after a hint of level 0 (none) to 4.
    pub hint_caps: [u8; 5],
    /// Levels a dimension loses per red flag that belongs to it.
    pub red_flag_penalty: u8,
    pub strong_hire: f64,
    pub hire: f64,
    pub no_hire: f64,
    /// Fewer assessed dimensions than this ⇒ `insufficient_evidence`.
    pub min_assessed: usize,
}

impl Scoring {
    /// The highest score allowed after a hint of `level` (0 for none).
    pub fn hint_cap(&self, level: u8) -> u8 {
        self.hint_caps[usize::from(level.min(4))]
    }

    /// `score` lowered for `flags` red flags, never below 1. A dimension with
    /// a misconception was not "correct, unprompted", so it is never
    /// exceptional: the penalty applies from at most level 3.
    pub fn after_flags(&self, score: u8, flags: usize) -> u8 {
        if flags == 0 {
            return score;
        }
        let penalty = self
            .red_flag_penalty
            .saturating_mul(u8::try_from(flags).unwrap_or(u8::MAX));
        score.min(3).saturating_sub(penalty).max(1)
    }
}

impl Default for Scoring {
    fn default() -> Self {
        Scoring {
            hint_caps: [4, 3, 2, 2, 1],
            red_flag_penalty: 1,
            strong_hire: 3.5,
            hire: 2.75,
            no_hire: 1.75,
            min_assessed: 3,
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    pub id: String,
    pub number: u32,
    pub name: String,
    /// Phrases that, in a heading or an interviewer's turn, announce the phase.
    #[serde(default)]
    pub markers: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Problem {
    pub id: String,
    pub phase: String,
    pub name: String,
    pub question: String,
    /// Where the problem comes from: `brief` (the interviewer's brief) or `rubric`.
    #[serde(default)]
    pub source: String,
    /// Dimensions whose score the hints of this problem cap.
    pub dimensions: Vec<String>,
    #[serde(default)]
    pub hints: Vec<Hint>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Hint {
    pub level: u8,
    pub text: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Dimension {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Phases whose candidate turns are the evidence for this dimension.
    pub phases: Vec<String>,
    /// When set, the dimension is assessed only if the candidate touches one of
    /// these topics; used for dimensions that no phase asks about directly.
    #[serde(default)]
    pub topics: Vec<String>,
    /// Proposals on a `topics` dimension ("add more workers") that a grader
    /// scores even when they show none of the signals; without a signal or
    /// one of these, touching a topic leaves the dimension not assessed.
    #[serde(default)]
    pub claims: Vec<String>,
    /// Concrete wrong statements on the dimension ("Kafka pushes to the
    /// consumers"): never evidence; one makes the dimension assessed and
    /// lowers it like a red flag, without being one.
    #[serde(default)]
    pub wrong: Vec<String>,
    /// Words the candidate's longest answer in these phases must have for the
    /// candidate to have said something on the dimension; below it, the
    /// dimension is not assessed (a bare "yes" or "right" shows nothing).
    #[serde(default = "default_min_words")]
    pub min_words: usize,
    /// Score this dimension as the rounded mean of the other assessed
    /// dimensions (its own signals are its evidence): for a quality that
    /// shows across every answer rather than in one phase.
    #[serde(default)]
    pub score_from_others: bool,
    pub levels: Levels,
    /// Signal points needed for levels 2, 3 and 4.
    pub thresholds: Thresholds,
    /// Signals level 4 requires, said unprompted; when empty, level 4 needs
    /// any nuance signal instead.
    #[serde(default)]
    pub exceptional_requires: Vec<String>,
    /// Level 4 also for this many signals said unprompted, nuance or not: a
    /// complete answer nobody had to draw out is exceptional too.
    #[serde(default)]
    pub exceptional_breadth: Option<usize>,
    pub signals: Vec<Signal>,
    #[serde(default)]
    pub resources: Vec<Resource>,
    #[serde(skip)]
    pub topic_patterns: Vec<Pattern>,
    #[serde(skip)]
    pub claim_patterns: Vec<Pattern>,
    #[serde(skip)]
    pub wrong_patterns: Vec<Pattern>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Levels {
    pub exceptional: String,
    pub solid: String,
    pub partial: String,
    pub weak: String,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    pub partial: f64,
    pub solid: f64,
    pub exceptional: f64,
}

/// How a signal must be said.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// All parts in one sentence (the default).
    #[default]
    Sentence,
    /// All parts in one turn, across its sentences.
    Turn,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Signal {
    pub id: String,
    /// What the candidate showed, finishing "Explained that …".
    pub text: String,
    #[serde(default = "one")]
    pub weight: f64,
    /// Nuance beyond the question; level 4 needs at least one.
    #[serde(default)]
    pub nuance: bool,
    #[serde(default)]
    pub scope: Scope,
    pub patterns: Vec<String>,
    #[serde(skip)]
    pub compiled: Vec<Pattern>,
}

fn default_min_words() -> usize {
    6
}

fn one() -> f64 {
    1.0
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Resource {
    pub title: String,
    #[serde(default)]
    pub url: String,
    pub why: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RedFlag {
    pub id: String,
    pub name: String,
    pub dimension: String,
    /// Phases where the misconception is raised; empty means the phases of
    /// its dimension. "Kafka gives you exactly-once" is a myth wherever it is
    /// said, and "ack it first" is also a plan for a poison message.
    #[serde(default)]
    pub phases: Vec<String>,
    pub description: String,
    /// What a correct answer would have said, shown beside the flag.
    pub correct_answer: String,
    pub patterns: Vec<String>,
    /// Statements that take the misconception back.
    #[serde(default)]
    pub corrections: Vec<String>,
    /// For a misconception of unawareness ("exactly-once without
    /// idempotency"): statements that show the candidate is aware, which
    /// clear the claim anywhere in its turn, even before it.
    #[serde(default)]
    pub awareness: Vec<String>,
    /// Sentences whose awareness or correction words mean something else:
    /// "so the timesheet is never processed two times" is about duplicates,
    /// not about a lost message.
    #[serde(default)]
    pub other_meaning: Vec<String>,
    /// Claims that state the misconception's scope outright ("Kafka keeps
    /// the whole topic in the order it was written"), which awareness said
    /// elsewhere in the answer does not clear.
    #[serde(default)]
    pub outright: Vec<String>,
    /// Said in the same sentence, these make the claim something else: "On
    /// redelivery the worker sees the row and acks immediately" skips a
    /// duplicate; it does not ack before processing.
    #[serde(default)]
    pub unless: Vec<String>,
    /// Also flagged when a number proposed for one thing exceeds the number
    /// stated for another in the same phase ("10 consumers" on "4 partitions").
    #[serde(default)]
    pub exceeds: Option<Exceeds>,
    /// Also flagged for patterns said anywhere in a sentence about one
    /// system, when the sentence leaves it unnamed ("Kafka is like a sushi
    /// belt. Once a consumer takes a plate off, it's gone.").
    #[serde(default)]
    pub subject: Option<Subject>,
    #[serde(skip)]
    pub compiled: Vec<Pattern>,
    #[serde(skip)]
    pub compiled_corrections: Vec<Pattern>,
    #[serde(skip)]
    pub compiled_awareness: Vec<Pattern>,
    #[serde(skip)]
    pub compiled_other_meaning: Vec<Pattern>,
    #[serde(skip)]
    pub compiled_outright: Vec<Pattern>,
    #[serde(skip)]
    pub compiled_unless: Vec<Pattern>,
}

impl RedFlag {
    /// Whether `tokens` say an awareness or correction phrase in another
    /// sense ("never processed two times" is about duplicates, not loss).
    pub fn means_otherwise(&self, tokens: &[crate::text::Token]) -> bool {
        self.compiled_other_meaning
            .iter()
            .any(|p| p.is_match(tokens))
    }
}

/// Words (prefixes) of a count and of the limit it must not exceed.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Exceeds {
    pub count: String,
    pub limit: String,
    /// Sentences saying this raise the limit first, so the count is fine.
    #[serde(default)]
    pub unless: Vec<String>,
    #[serde(skip)]
    pub compiled_unless: Vec<Pattern>,
}

/// Patterns that state a misconception only about one system, and the words
/// that tell which system a sentence is about.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Subject {
    /// Words naming the system the misconception is about (`kafka|topic*`).
    pub is: String,
    /// Words naming any other system (`rabbit*|queue`).
    pub not: String,
    /// Read in the whole sentence when the last system named in the answer,
    /// up to the end of the sentence, is this one and the sentence names no other.
    pub patterns: Vec<String>,
    #[serde(skip)]
    pub compiled_is: Vec<Pattern>,
    #[serde(skip)]
    pub compiled_not: Vec<Pattern>,
    #[serde(skip)]
    pub compiled: Vec<Pattern>,
}

/// Why a rubric could not be used.
#[derive(Debug, thiserror::Error)]
pub enum RubricError {
    #[error(
        "there is no built-in rubric named `{name}` and no file at that path (built-in: {known})"
    )]
    Unknown { name: String, known: String },
    #[error("could not read the rubric file {path}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("the rubric {origin} is not valid TOML for a rubric: {message}")]
    Syntax { origin: String, message: String },
    #[error("the rubric {origin} has {} problem(s):\n  - {}", .problems.len(), .problems.join("\n  - "))]
    Invalid {
        origin: String,
        problems: Vec<String>,
    },
}

impl Rubric {
    /// Loads a built-in rubric by name, or a rubric file by path.
    pub fn load(name_or_path: &str) -> Result<Rubric, RubricError> {
        if let Some((name, text)) = BUILT_IN.iter().find(|(n, _)| *n == name_or_path) {
            return Rubric::from_toml(text, &format!("built-in `{name}`"));
        }
        let path = Path::new(name_or_path);
        if !path.exists() {
            return Err(RubricError::Unknown {
                name: name_or_path.to_string(),
                known: BUILT_IN
                    .iter()
                    .map(|(n, _)| *n)
                    .collect::<Vec<_>>()
                    .join(", "),
            });
        }
        let text = std::fs::read_to_string(path).map_err(|source| RubricError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Rubric::from_toml(&text, &path.display().to_string())
    }

    /// The default rubric. It is validated by the test suite, so failing here is a bug.
    pub fn default_rubric() -> Result<Rubric, RubricError> {
        Rubric::load(DEFAULT_RUBRIC)
    }

    /// Parses and validates a rubric; `origin` names it in errors.
    pub fn from_toml(text: &str, origin: &str) -> Result<Rubric, RubricError> {
        let mut rubric: Rubric = toml::from_str(text).map_err(|e| RubricError::Syntax {
            origin: origin.to_string(),
            message: e.to_string().trim().replace('\n', " "),
        })?;
        rubric.content_hash = hex(&Sha256::digest(text.as_bytes()));
        let problems = rubric.validate_and_compile();
        if problems.is_empty() {
            Ok(rubric)
        } else {
            Err(RubricError::Invalid {
                origin: origin.to_string(),
                problems,
            })
        }
    }

    /// Checks every cross-reference and compiles every pattern; returns what is wrong.
    fn validate_and_compile(&mut self) -> Vec<String> {
        let mut problems = Vec::new();
        let phase_ids: BTreeSet<String> = self.phases.iter().map(|p| p.id.clone()).collect();
        let dimension_ids: BTreeSet<String> =
            self.dimensions.iter().map(|d| d.id.clone()).collect();
        check_unique("phase", self.phases.iter().map(|p| &p.id), &mut problems);
        check_unique(
            "problem",
            self.problems.iter().map(|p| &p.id),
            &mut problems,
        );
        check_unique(
            "dimension",
            self.dimensions.iter().map(|d| &d.id),
            &mut problems,
        );
        check_unique(
            "red flag",
            self.red_flags.iter().map(|r| &r.id),
            &mut problems,
        );
        if self.phases.is_empty() {
            problems.push("it defines no phases".into());
        }
        if self.dimensions.is_empty() {
            problems.push("it defines no dimensions".into());
        }
        for id in self
            .phases
            .iter()
            .map(|p| &p.id)
            .chain(self.dimensions.iter().map(|d| &d.id))
        {
            if id.is_empty()
                || !id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            {
                problems.push(format!(
                    "id `{id}` must be ASCII letters, digits, `_` or `-`"
                ));
            }
        }
        for problem in &self.problems {
            let at = format!("problem `{}`", problem.id);
            if !phase_ids.contains(&problem.phase) {
                problems.push(format!(
                    "{at} names phase `{}`, which is not defined",
                    problem.phase
                ));
            }
            for d in &problem.dimensions {
                if !dimension_ids.contains(d) {
                    problems.push(format!("{at} names dimension `{d}`, which is not defined"));
                }
            }
            for hint in &problem.hints {
                if !(1..=4).contains(&hint.level) {
                    problems.push(format!(
                        "{at} has a hint of level {}; levels are 1 to 4",
                        hint.level
                    ));
                }
            }
        }
        for dimension in &mut self.dimensions {
            let at = format!("dimension `{}`", dimension.id);
            for p in &dimension.phases {
                if !phase_ids.contains(p) {
                    problems.push(format!("{at} names phase `{p}`, which is not defined"));
                }
            }
            let t = dimension.thresholds;
            if !(t.partial <= t.solid && t.solid <= t.exceptional) {
                problems.push(format!(
                    "{at} has thresholds that do not rise (partial {} ≤ solid {} ≤ exceptional {})",
                    t.partial, t.solid, t.exceptional
                ));
            }
            if dimension.signals.is_empty() {
                problems.push(format!(
                    "{at} has no signals, so it could never score above 1"
                ));
            }
            dimension.topic_patterns =
                compile(&dimension.topics, &format!("{at} topic"), &mut problems);
            dimension.claim_patterns =
                compile(&dimension.claims, &format!("{at} claim"), &mut problems);
            dimension.wrong_patterns = compile(
                &dimension.wrong,
                &format!("{at} wrong statement"),
                &mut problems,
            );
            for signal in &mut dimension.signals {
                let where_ = format!("{at} signal `{}`", signal.id);
                signal.compiled = compile(&signal.patterns, &where_, &mut problems);
                if signal.patterns.is_empty() {
                    problems.push(format!("{where_} has no patterns"));
                }
            }
            for required in &dimension.exceptional_requires {
                if !dimension.signals.iter().any(|s| &s.id == required) {
                    problems.push(format!(
                        "{at} requires signal `{required}` for level 4, which it does not define"
                    ));
                }
            }
            check_unique(
                &format!("signal in {at}"),
                dimension.signals.iter().map(|s| &s.id),
                &mut problems,
            );
        }
        for flag in &mut self.red_flags {
            let at = format!("red flag `{}`", flag.id);
            if !dimension_ids.contains(&flag.dimension) {
                problems.push(format!(
                    "{at} names dimension `{}`, which is not defined",
                    flag.dimension
                ));
            }
            for p in &flag.phases {
                if !phase_ids.contains(p) {
                    problems.push(format!("{at} names phase `{p}`, which is not defined"));
                }
            }
            if flag.patterns.is_empty() {
                problems.push(format!("{at} has no patterns"));
            }
            flag.compiled = compile_claims(&flag.patterns, &at, &mut problems);
            flag.compiled_corrections = compile(
                &flag.corrections,
                &format!("{at} correction"),
                &mut problems,
            );
            flag.compiled_awareness =
                compile(&flag.awareness, &format!("{at} awareness"), &mut problems);
            flag.compiled_outright =
                compile(&flag.outright, &format!("{at} outright"), &mut problems);
            flag.compiled_other_meaning = compile(
                &flag.other_meaning,
                &format!("{at} other_meaning"),
                &mut problems,
            );
            flag.compiled_unless = compile(&flag.unless, &format!("{at} unless"), &mut problems);
            if let Some(e) = flag.exceeds.as_mut() {
                e.compiled_unless =
                    compile(&e.unless, &format!("{at} exceeds.unless"), &mut problems);
            }
            if let Some(s) = flag.subject.as_mut() {
                let at = format!("{at} subject");
                s.compiled_is = compile(std::slice::from_ref(&s.is), &at, &mut problems);
                s.compiled_not = compile(std::slice::from_ref(&s.not), &at, &mut problems);
                s.compiled = compile_claims(&s.patterns, &at, &mut problems);
                if s.compiled_is
                    .iter()
                    .chain(&s.compiled_not)
                    .any(|p| p.parts() != 1)
                {
                    problems.push(format!(
                        "{at}: `is` and `not` are lists of words, without `+` or `>`"
                    ));
                }
            }
        }
        self.vocabulary = Vocabulary::compile(&self.vocabulary_source, &mut problems);
        let caps = self.scoring.hint_caps;
        if caps.iter().any(|c| !(1..=4).contains(c)) || caps.windows(2).any(|w| w[1] > w[0]) {
            problems.push(format!(
                "scoring.hint_caps {caps:?} must be scores 1 to 4 that never rise with the hint level"
            ));
        }
        problems
    }

    pub fn phase(&self, id: &str) -> Option<&Phase> {
        self.phases.iter().find(|p| p.id == id)
    }

    pub fn dimension(&self, id: &str) -> Option<&Dimension> {
        self.dimensions.iter().find(|d| d.id == id)
    }

    pub fn red_flag(&self, id: &str) -> Option<&RedFlag> {
        self.red_flags.iter().find(|r| r.id == id)
    }

    /// The ids of the phases where `flag` is raised: its own list, or else
    /// the phases of its dimension.
    pub fn flag_phases<'a>(&'a self, flag: &'a RedFlag) -> &'a [String] {
        if !flag.phases.is_empty() {
            return &flag.phases;
        }
        self.dimension(&flag.dimension)
            .map_or(&[], |d| d.phases.as_slice())
    }
}

fn compile(sources: &[String], at: &str, problems: &mut Vec<String>) -> Vec<Pattern> {
    sources
        .iter()
        .filter_map(|s| match Pattern::parse(s) {
            Ok(p) => Some(p),
            Err(why) => {
                problems.push(format!("{at}: pattern `{s}` is invalid: {why}"));
                None
            }
        })
        .collect()
}

/// [`compile`], each pattern read as a claim the candidate makes (a red
/// flag's patterns and its subject's).
fn compile_claims(sources: &[String], at: &str, problems: &mut Vec<String>) -> Vec<Pattern> {
    compile(sources, at, problems)
        .into_iter()
        .map(Pattern::as_claim)
        .collect()
}

fn check_unique<'a>(what: &str, ids: impl Iterator<Item = &'a String>, problems: &mut Vec<String>) {
    let mut seen = BTreeSet::new();
    for id in ids {
        if !seen.insert(id) {
            problems.push(format!("{what} id `{id}` is defined twice"));
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_rubric_loads_and_has_the_contract_ids() {
        let rubric = Rubric::default_rubric().expect("the default rubric is valid");
        let ids: Vec<_> = rubric.dimensions.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "tool_choice",
                "delivery_semantics",
                "ordering",
                "failure_handling",
                "consumption_scaling",
                "communication"
            ]
        );
        let flags: BTreeSet<_> = rubric.red_flags.iter().map(|r| r.id.as_str()).collect();
        for id in [
            "exactly_once_myth",
            "global_ordering_myth",
            "consumers_exceed_partitions",
            "infinite_requeue",
            "ack_before_processing",
            "log_deletes_on_read",
            "queue_replays",
        ] {
            assert!(flags.contains(id), "missing red flag {id}");
        }
        assert_eq!(rubric.phases.len(), 4);
        assert_eq!(rubric.content_hash.len(), 64);
        for d in &rubric.dimensions {
            assert!(!d.resources.is_empty(), "{} has no study resources", d.id);
        }
    }

    #[test]
    fn validation_names_every_problem() {
        let text = BUILT_IN[0]
            .1
            .replace(
                "phases = [\"delivery-guarantees\"]",
                "phases = [\"delivery\"]",
            )
            .replace("dimension = \"ordering\"", "dimension = \"orderin\"")
            .replace(
                "exceptional_requires = [\"replay\"]",
                "exceptional_requires = [\"replays\"]",
            )
            .replace(
                "subject = { is = \"rabbit*|",
                "subject = { is = \"rabbit* + ",
            );
        let err = Rubric::from_toml(&text, "test.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("test.toml"), "{err}");
        assert!(err.contains("names phase `delivery`"), "{err}");
        assert!(err.contains("names dimension `orderin`"), "{err}");
        assert!(
            err.contains("requires signal `replays` for level 4"),
            "{err}"
        );
        assert!(
            err.contains("`is` and `not` are lists of words, without `+` or `>`"),
            "{err}"
        );
    }

    #[test]
    fn syntax_errors_name_the_file() {
        let err = Rubric::from_toml("[rubric\nid=", "broken.toml")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("the rubric broken.toml is not valid TOML"),
            "{err}"
        );
    }

    #[test]
    fn unknown_names_list_the_built_ins() {
        let err = Rubric::load("no-such-rubric").unwrap_err().to_string();
        assert!(err.contains("async-messaging"), "{err}");
    }
}
