//! What every judge needs to know about a transcript, computed once: the
//! candidate's and the interviewer's sentences as tokens, by phase, and the
//! red flags the candidate raised. Red flags and hint caps are applied by
//! `grade` itself, whichever judge scored the dimension.

use crate::model::{RedFlagHit, Role, Segmentation, Transcript};
use crate::rubric::{Pattern, Rubric, Scope};
use crate::text::{clauses, clip_verbatim, sentences, tokens, Span, Token};

/// Phrases of strong uncertainty. "I think" is not one: it is how people talk.
const HEDGES: &[&str] = &[
    "maybe",
    "perhaps",
    "not sure",
    "no idea",
    "i guess",
    "might be",
    "dont know",
    "not certain",
    "no clue",
    "probably not",
];

/// Longest interviewer turn that still counts as a neutral acknowledgement.
const NEUTRAL_WORDS: usize = 4;

/// Longest quote kept as evidence, in bytes.
pub const MAX_QUOTE: usize = 320;

/// One sentence of a turn.
#[derive(Debug)]
pub struct Sentence {
    pub span: Span,
    /// Token range in the turn's tokens.
    pub tokens: std::ops::Range<usize>,
    /// Token ranges of its clauses.
    pub clauses: Vec<std::ops::Range<usize>>,
    pub question: bool,
}

/// One turn, tokenised.
#[derive(Debug)]
pub struct TurnText {
    pub index: usize,
    pub role: Role,
    pub phase: Option<usize>,
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
}

/// Where a pattern was found: a turn and a sentence of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub turn: usize,
    pub sentence: usize,
}

pub struct Analysis<'a> {
    pub transcript: &'a Transcript,
    pub segmentation: &'a Segmentation,
    pub turns: Vec<TurnText>,
    pub red_flags: Vec<RedFlagHit>,
    /// Sentences that state a red flag: they never count as evidence for a signal.
    flagged: Vec<Hit>,
}

impl<'a> Analysis<'a> {
    pub fn new(
        transcript: &'a Transcript,
        segmentation: &'a Segmentation,
        rubric: &Rubric,
    ) -> Self {
        let turns = transcript
            .turns
            .iter()
            .enumerate()
            .map(|(index, turn)| {
                let toks = tokens(&turn.text);
                let sentences = sentences(&turn.text)
                    .into_iter()
                    .map(|span| Sentence {
                        tokens: token_range(&toks, span),
                        clauses: clauses(&turn.text, span)
                            .into_iter()
                            .map(|c| token_range(&toks, c))
                            .collect(),
                        question: turn.text[..span.end].ends_with('?'),
                        span,
                    })
                    .collect();
                TurnText {
                    index,
                    role: turn.role,
                    phase: segmentation.turn_phase.get(index).copied().flatten(),
                    tokens: toks,
                    sentences,
                }
            })
            .collect();
        let mut analysis = Analysis {
            transcript,
            segmentation,
            turns,
            red_flags: Vec::new(),
            flagged: Vec::new(),
        };
        let (red_flags, flagged) = analysis.find_red_flags(rubric);
        analysis.red_flags = red_flags;
        analysis.flagged = flagged;
        analysis
    }

    /// Candidate turns in the given phases.
    pub fn candidate_turns<'s>(
        &'s self,
        phases: &'s [usize],
    ) -> impl Iterator<Item = &'s TurnText> + 's {
        self.turns.iter().filter(move |t| {
            t.role == Role::Candidate && t.phase.is_some_and(|p| phases.contains(&p))
        })
    }

    /// The first place in `turns` where any of `patterns` is stated.
    pub fn find<'s>(
        &self,
        turns: impl Iterator<Item = &'s TurnText>,
        patterns: &[Pattern],
        scope: Scope,
    ) -> Option<Hit> {
        for turn in turns {
            match scope {
                Scope::Sentence => {
                    for (i, s) in turn.sentences.iter().enumerate() {
                        let toks = &turn.tokens[s.tokens.clone()];
                        let hit = Hit {
                            turn: turn.index,
                            sentence: i,
                        };
                        if !self.flagged.contains(&hit) && patterns.iter().any(|p| p.is_match(toks))
                        {
                            return Some(hit);
                        }
                    }
                }
                Scope::Turn => {
                    if let Some(at) = patterns.iter().filter_map(|p| p.find(&turn.tokens)).min() {
                        let sentence = turn
                            .sentences
                            .iter()
                            .position(|s| s.tokens.contains(&at))
                            .unwrap_or(0);
                        return Some(Hit {
                            turn: turn.index,
                            sentence,
                        });
                    }
                }
            }
        }
        None
    }

    /// Whether the sentence of a hit is hedged with strong uncertainty
    /// ("maybe", "I'm not sure", "I guess"): the point counts half.
    pub fn hedged(&self, hit: Hit) -> bool {
        let turn = &self.turns[hit.turn];
        let words: Vec<&str> = turn.tokens[turn.sentences[hit.sentence].tokens.clone()]
            .iter()
            .map(|t| t.word.as_str())
            .collect();
        HEDGES.iter().any(|hedge| {
            let h: Vec<&str> = hedge.split(' ').collect();
            words.windows(h.len()).any(|w| w == h.as_slice())
        })
    }

    /// The verbatim quote of a hit and its file line.
    pub fn quote(&self, hit: Hit) -> (String, usize) {
        let turn = &self.transcript.turns[hit.turn];
        let span = self.turns[hit.turn].sentences[hit.sentence].span;
        let quote = clip_verbatim(&turn.text[span.start..span.end], MAX_QUOTE);
        (quote.to_string(), turn.line_at(span.start))
    }

    /// Red flags: a misconception stated in a clause of a candidate's
    /// statement (not a question), and not taken back unprompted: in the same
    /// turn, or in a later one with nothing but neutral acknowledgements from
    /// the interviewer in between.
    fn find_red_flags(&self, rubric: &Rubric) -> (Vec<RedFlagHit>, Vec<Hit>) {
        let mut hits = Vec::new();
        let mut flagged = Vec::new();
        for flag in &rubric.red_flags {
            'turns: for turn in self.turns.iter().filter(|t| t.role == Role::Candidate) {
                for (i, sentence) in turn.sentences.iter().enumerate() {
                    if sentence.question {
                        continue;
                    }
                    let stated = sentence.clauses.iter().any(|c| {
                        flag.compiled
                            .iter()
                            .any(|p| p.is_match(&turn.tokens[c.clone()]))
                    });
                    if !stated {
                        continue;
                    }
                    if self.corrected(turn.index, &flag.compiled_corrections) {
                        break;
                    }
                    let hit = Hit {
                        turn: turn.index,
                        sentence: i,
                    };
                    flagged.push(hit);
                    let (quote, line) = self.quote(hit);
                    hits.push(RedFlagHit {
                        id: flag.id.clone(),
                        name: flag.name.clone(),
                        dimension: flag.dimension.clone(),
                        line,
                        timestamp: self.transcript.turns[turn.index].timestamp,
                        quote,
                        correct_answer: flag.correct_answer.clone(),
                    });
                    break 'turns;
                }
            }
        }
        (hits, flagged)
    }

    /// Whether the candidate takes a statement in `turn` back unprompted.
    fn corrected(&self, turn: usize, corrections: &[Pattern]) -> bool {
        let states = |t: &TurnText| {
            t.sentences.iter().any(|s| {
                !s.question
                    && corrections
                        .iter()
                        .any(|p| p.is_match(&t.tokens[s.tokens.clone()]))
            })
        };
        for t in &self.turns[turn..] {
            match t.role {
                Role::Candidate if states(t) => return true,
                Role::Candidate => {}
                Role::Interviewer => {
                    // Anything but a short neutral acknowledgement ("Go on.",
                    // "Mm-hm.") is a question, a hint or a challenge: what the
                    // candidate says after it is prompted.
                    let said = &self.transcript.turns[t.index].text;
                    if said.contains('?') || t.tokens.len() > NEUTRAL_WORDS {
                        return false;
                    }
                }
            }
        }
        false
    }
}

fn token_range(tokens: &[Token], span: Span) -> std::ops::Range<usize> {
    let start = tokens.partition_point(|t| t.start < span.start);
    let end = tokens.partition_point(|t| t.start < span.end);
    start..end
}
