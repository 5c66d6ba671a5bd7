//! What every judge needs to know about a transcript, computed once: the
//! candidate's and the interviewer's sentences as tokens, by phase, and the
//! red flags the candidate raised. Red flags and hint caps are applied by
//! `grade` itself, whichever judge scored the dimension.

use crate::model::{RedFlagHit, Role, Segmentation, Transcript};
use crate::rubric::pattern::Sig;
use crate::rubric::{Pattern, RedFlag, Rubric, Scope};
use std::collections::BTreeSet;

use crate::text::{clauses_of, clip_verbatim, content_stems, sentences, stem, tokens, Span, Token};

/// Phrases of strong uncertainty. "I think" is not one: it is how people talk.
const HEDGES: &[&str] = &[
    "maybe",
    "perhaps",
    "not sure",
    "no idea",
    "i guess",
    "dont know",
    "not certain",
    "no clue",
    "probably not",
];

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
    /// Says something with strong uncertainty ("maybe", "I'm not sure").
    pub hedged: bool,
    /// Describes what goes wrong rather than a plan ("Otherwise you commit
    /// and crash"): it claims nothing.
    pub hazard: bool,
    /// What words it has, to rule patterns out quickly.
    pub sig: Sig,
}

/// One turn, tokenised.
#[derive(Debug)]
pub struct TurnText {
    pub index: usize,
    pub role: Role,
    pub phase: Option<usize>,
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
    pub sig: Sig,
}

/// Where a red flag's claim was made: a turn, a sentence, a clause (the
/// clause count when the whole sentence makes it).
#[derive(Debug, Clone, Copy)]
struct Claim {
    turn: usize,
    sentence: usize,
    clause: usize,
}

/// What [`Analysis::find_red_flags`] finds.
struct FoundFlags {
    hits: Vec<RedFlagHit>,
    out_of_phase: Vec<RedFlagHit>,
    flagged: Vec<Hit>,
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
    /// Sentences that read like a red flag outside the phases of its
    /// dimension: not flagged, but named for a reviewer to check.
    pub out_of_phase: Vec<RedFlagHit>,
    /// Sentences that state a red flag: they never count as evidence for a signal.
    flagged: Vec<Hit>,
}

impl<'a> Analysis<'a> {
    pub fn new(
        transcript: &'a Transcript,
        segmentation: &'a Segmentation,
        rubric: &Rubric,
    ) -> Self {
        let mut all: Vec<Vec<Token>> = transcript
            .turns
            .iter()
            .map(|turn| rubric.vocabulary.apply(tokens(&turn.text)))
            .collect();
        let roles: Vec<Role> = transcript.turns.iter().map(|t| t.role).collect();
        // Parts first: "the notebook has four sections" names them before
        // "the notebook" is read as Kafka.
        name_parts(&roles, &mut all);
        name_metaphors(&roles, &mut all);
        let turns = transcript
            .turns
            .iter()
            .zip(all)
            .enumerate()
            .map(|(index, (turn, toks))| {
                let sentences = sentences(&turn.text)
                    .into_iter()
                    .map(|span| {
                        let range = token_range(&toks, span);
                        Sentence {
                            hedged: says_any(&toks[range.clone()], HEDGES),
                            hazard: hazard(&toks[range.clone()]),
                            sig: Sig::of(&toks[range.clone()]),
                            tokens: range,
                            clauses: clauses_of(&turn.text, span, &toks)
                                .into_iter()
                                .map(|c| token_range(&toks, c))
                                .collect(),
                            question: turn.text[..span.end].ends_with('?'),
                            span,
                        }
                    })
                    .collect();
                TurnText {
                    sig: Sig::of(&toks),
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
            out_of_phase: Vec::new(),
            flagged: Vec::new(),
        };
        let found = analysis.find_red_flags(rubric);
        analysis.red_flags = found.hits;
        analysis.out_of_phase = found.out_of_phase;
        analysis.flagged = found.flagged;
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
        self.find_where(turns, patterns, scope, |_| true)
    }

    /// The first statement (not a question) in `turns` with a clause that
    /// says one of `patterns`: a claim, read clause by clause like a red flag.
    pub fn find_claim<'s>(
        &self,
        turns: impl Iterator<Item = &'s TurnText>,
        patterns: &[Pattern],
    ) -> Option<Hit> {
        if patterns.is_empty() {
            return None;
        }
        for turn in turns {
            for (i, s) in turn.sentences.iter().enumerate() {
                if !s.question && s.clauses.iter().any(|c| claims(turn, s, c, patterns)) {
                    return Some(Hit {
                        turn: turn.index,
                        sentence: i,
                    });
                }
            }
        }
        None
    }

    /// Like [`Analysis::find`], for the first place that `accept` also takes.
    pub fn find_where<'s>(
        &self,
        turns: impl Iterator<Item = &'s TurnText>,
        patterns: &[Pattern],
        scope: Scope,
        accept: impl Fn(Hit) -> bool,
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
                        if patterns
                            .iter()
                            .any(|p| p.may_match(&s.sig) && p.is_match(toks))
                            && !self.flagged.contains(&hit)
                            && accept(hit)
                        {
                            return Some(hit);
                        }
                    }
                }
                Scope::Turn => {
                    if let Some(at) = patterns
                        .iter()
                        .filter(|p| p.may_match(&turn.sig))
                        .filter_map(|p| p.find(&turn.tokens))
                        .min()
                    {
                        let sentence = turn
                            .sentences
                            .iter()
                            .position(|s| s.tokens.contains(&at))
                            .unwrap_or(0);
                        let hit = Hit {
                            turn: turn.index,
                            sentence,
                        };
                        // A red flag's sentence is never evidence, in any scope.
                        if !self.flagged.contains(&hit) && accept(hit) {
                            return Some(hit);
                        }
                    }
                }
            }
        }
        None
    }

    /// Whether `signal` is explained as a mechanism somewhere in `turns`: a
    /// pattern of several parts, said in a sentence that is not a bare list
    /// of terms ("DLQ, retry topics, backoff, circuit breakers, and alerting").
    pub fn explains<'s>(
        &self,
        turns: impl Iterator<Item = &'s TurnText>,
        signal: &crate::rubric::Signal,
    ) -> bool {
        let mechanisms: Vec<&Pattern> = signal.compiled.iter().filter(|p| p.parts() > 1).collect();
        turns.into_iter().any(|turn| match signal.scope {
            Scope::Turn => mechanisms
                .iter()
                .any(|p| p.may_match(&turn.sig) && p.is_match(&turn.tokens)),
            Scope::Sentence => turn.sentences.iter().any(|s| {
                let lengths: Vec<usize> = s.clauses.iter().map(|c| c.len()).collect();
                let list = lengths.len() >= 4 && lengths.iter().sum::<usize>() <= lengths.len() * 4;
                !list
                    && mechanisms
                        .iter()
                        .any(|p| p.may_match(&s.sig) && p.is_match(&turn.tokens[s.tokens.clone()]))
            }),
        })
    }

    /// Whether the sentence of a hit is a question.
    pub fn asks(&self, hit: Hit) -> bool {
        self.turns[hit.turn].sentences[hit.sentence].question
    }

    /// Whether the sentence of a hit is hedged with strong uncertainty
    /// ("maybe", "I'm not sure", "I guess"): the point counts half.
    pub fn hedged(&self, hit: Hit) -> bool {
        self.turns[hit.turn].sentences[hit.sentence].hedged
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
    ///
    /// Only where its topic is discussed, in the phases of its dimension (or
    /// a turn no phase claims): on the first grading of the 1,152 unseen
    /// interviews of sixteen registered batches, 11 of the 17 claims read
    /// outside those phases were correct sentences misread ("the ack is
    /// exactly the moment the broker deletes it" during the choice of tool),
    /// against 63 of 701 inside them. What reads like one elsewhere is kept
    /// for a reviewer instead.
    fn find_red_flags(&self, rubric: &Rubric) -> FoundFlags {
        let mut hits = Vec::new();
        let mut out_of_phase: Vec<RedFlagHit> = Vec::new();
        let mut flagged = Vec::new();
        for flag in &rubric.red_flags {
            'turns: for turn in self.turns.iter().filter(|t| t.role == Role::Candidate) {
                for (i, sentence) in turn.sentences.iter().enumerate() {
                    if sentence.question || sentence.hazard {
                        continue;
                    }
                    let toks = &turn.tokens[sentence.tokens.clone()];
                    // The sentence before: "Duplicate arrives, worker sees the
                    // order id already charged. Acks straight away."
                    let before = i
                        .checked_sub(1)
                        .map(|j| &turn.tokens[turn.sentences[j].tokens.clone()]);
                    let clause = sentence.clauses.iter().position(|c| {
                        claims(turn, sentence, c, &flag.compiled)
                            && !hazard(&turn.tokens[c.clone()])
                    });
                    let exceeded = flag
                        .exceeds
                        .as_ref()
                        .is_some_and(|e| self.exceeds(turn, toks, before, e));
                    // A count over the limit is read for the whole sentence: its
                    // later clauses may take it back ("…, 6 sit idle").
                    let about = || {
                        let s = flag.subject.as_ref()?;
                        let at = about_subject(turn, sentence, s)?;
                        sentence.clauses.iter().position(|c| c.contains(&at))
                    };
                    // "Does Kafka guarantee ordering across the entire topic?"
                    // "Yes. That is the point of a log."
                    let agreed = i == 0 && self.agrees_with_myth(turn, flag, rubric);
                    let Some(clause) = clause
                        .or(exceeded.then_some(0))
                        .or_else(about)
                        .or(agreed.then_some(0))
                    else {
                        continue;
                    };
                    // In this sentence or the one before it.
                    if flag
                        .compiled_unless
                        .iter()
                        .any(|p| p.is_match(toks) || before.is_some_and(|b| p.is_match(b)))
                    {
                        continue;
                    }
                    let claim: BTreeSet<String> =
                        turn.tokens.iter().map(|t| stem(&t.word)).collect();
                    let at = Claim {
                        turn: turn.index,
                        sentence: i,
                        clause,
                    };
                    // "we don't need to do dedup ourselves" dismisses it; a claim
                    // of the whole scope is not excused by it.
                    let outright = flag.compiled_outright.iter().any(|p| p.is_match(toks));
                    let aware = !outright
                        && turn.sentences.iter().any(|s| {
                            let tokens = &turn.tokens[s.tokens.clone()];
                            flag.compiled_awareness.iter().any(|p| p.is_match(tokens))
                                && !says_any(tokens, DISMISSALS)
                                && !flag.means_otherwise(tokens)
                        });
                    // Aware of it, or took it back: this claim is cleared, and the
                    // turn's later sentences may still state it anew.
                    if aware {
                        break;
                    }
                    if self.corrected(at, &claim, flag, &rubric.red_flags) {
                        continue;
                    }
                    let hit = Hit {
                        turn: turn.index,
                        sentence: i,
                    };
                    let (quote, line) = self.quote(hit);
                    let found = RedFlagHit {
                        id: flag.id.clone(),
                        name: flag.name.clone(),
                        dimension: flag.dimension.clone(),
                        line,
                        timestamp: self.transcript.turns[turn.index].timestamp,
                        quote,
                        correct_answer: flag.correct_answer.clone(),
                        session: None,
                    };
                    if self.in_its_phases(turn, flag, rubric) == Some(false) {
                        if !out_of_phase.iter().any(|f| f.id == flag.id) {
                            out_of_phase.push(found);
                        }
                        continue 'turns;
                    }
                    flagged.push(hit);
                    hits.push(found);
                    break 'turns;
                }
            }
        }
        // A flag raised in its phases needs no second look elsewhere.
        out_of_phase.retain(|o| !hits.iter().any(|h: &RedFlagHit| h.id == o.id));
        FoundFlags {
            hits,
            out_of_phase,
            flagged,
        }
    }

    /// Whether the candidate takes a statement in `turn` back unprompted:
    /// in the same turn, or later with no prompt from the interviewer in
    /// between. A prompt is a hint, a challenge ("are you sure?"), a turn
    /// about the claim itself (two content words in common with it), or a
    /// short question or stated fact on the claim's clause or on what the
    /// right answer turns on ("Does Kafka know that Stripe charged the card?",
    /// "The topic has 12 partitions."); an unrelated next question is not one.
    fn corrected(
        &self,
        at: Claim,
        claim: &BTreeSet<String>,
        flag: &RedFlag,
        flags: &[RedFlag],
    ) -> bool {
        let corrections = &flag.compiled_corrections;
        // Another myth is no correction: "With Kafka, once payouts reads the
        // order, it's removed" does not take back "we just rewind the RabbitMQ
        // queue to Saturday", though both speak of removal.
        let another_myth = |tokens: &[Token]| {
            flags
                .iter()
                .filter(|f| f.id != flag.id)
                .any(|f| f.compiled.iter().any(|p| p.is_match(tokens)))
        };
        // The flag's own corrections, or any plain retraction ("no, wait,
        // that's wrong", "sorry, I'm mixing it up").
        let means = |tokens: &[Token]| {
            corrections.iter().any(|p| p.is_match(tokens))
                && !says_any(tokens, DISMISSALS)
                && !flag.means_otherwise(tokens)
                && !another_myth(tokens)
        };
        let says = |t: &TurnText, range: std::ops::Range<usize>| {
            let tokens = &t.tokens[range];
            means(tokens) || retracts(tokens)
        };
        let first = &self.turns[at.turn];
        // The claim's own clause and the ones after it ("history is gone after the
        // ack", "…, but only Kafka-to-Kafka"), then the rest of the turn; never
        // what came before it.
        let sentence = &first.sentences[at.sentence];
        let clauses = &sentence.clauses[at.clause.min(sentence.clauses.len())..];
        let own = |c: &std::ops::Range<usize>| means(&first.tokens[c.clone()]);
        // A retraction counts only after the claim's clause, never inside it;
        // it may span clauses ("…removed from the — no, wait, sorry").
        let rest = clauses.get(1).map(|c| c.start..sentence.tokens.end);
        if clauses.iter().any(own) || rest.is_some_and(|r| says(first, r)) {
            return true;
        }
        // "Kafka guarantees ordering across the entire... no? I'm not sure.":
        // a claim that trails off and is met with a no, or with doubt after
        // the question echoed ("…across the entire topic? I am not sure."),
        // was never asserted.
        let said = &self.transcript.turns[at.turn].text[sentence.span.start..sentence.span.end];
        let trails_off = said.ends_with("...") || said.ends_with('…');
        let then_no = first.sentences[at.sentence + 1..]
            .iter()
            .find(|s| !s.question)
            .is_some_and(|s| {
                let tokens = &first.tokens[s.tokens.clone()];
                tokens.first().is_some_and(|t| t.word == "no") || says_any(tokens, DOUBTS)
            });
        if trails_off && then_no {
            return true;
        }
        if first.sentences[at.sentence + 1..]
            .iter()
            .any(|s| !s.question && says(first, s.tokens.clone()))
        {
            return true;
        }
        let hint_turns = self.hint_turns();
        // The words of the claim's own clause, which a probe asks about, and
        // those of what the right answer turns on ("Does Kafka know that
        // Stripe charged the card?").
        let clause_stems: BTreeSet<String> = sentence
            .clauses
            .get(at.clause)
            .into_iter()
            .flat_map(|c| first.tokens[c.clone()].iter().map(|t| stem(&t.word)))
            .chain(content_stems(&flag.correct_answer))
            .map(one_ack)
            .collect();
        // Later turns of the same phase, until the interviewer prompts.
        for t in self.turns[at.turn + 1..]
            .iter()
            .take_while(|t| t.phase == first.phase)
        {
            match t.role {
                Role::Candidate => {
                    // "You're right, I conflated that": the candidate says
                    // themself that the interviewer prompted it.
                    let after_a_question = || {
                        t.index.checked_sub(1).is_some_and(|k| {
                            let before = &self.turns[k];
                            before.role == Role::Interviewer
                                && before.sentences.last().is_some_and(|s| s.question)
                        })
                    };
                    if says_any(&t.tokens, CONCEDED)
                        || says_any(&t.tokens, CONCEDED_TO_A_QUESTION) && after_a_question()
                    {
                        return false;
                    }
                    if t.sentences
                        .iter()
                        .any(|s| !s.question && says(t, s.tokens.clone()))
                    {
                        return true;
                    }
                }
                Role::Interviewer => {
                    let challenge = says_any(&t.tokens, CHALLENGES);
                    let asked: BTreeSet<String> =
                        content_stems(&self.transcript.turns[t.index].text)
                            .into_iter()
                            .filter(|s| !STOP_STEMS.contains(&s.as_str()))
                            .collect();
                    let shared = asked.intersection(claim).count();
                    // A short turn on the claim's subject probes it: a question
                    // ("What happens to a RabbitMQ message once a consumer has
                    // acknowledged it?") or a fact put to it ("The topic has 12
                    // partitions, and we run 6 consumers in parallel."), not an
                    // acknowledgement ("Okay, noted, the order matters to us");
                    // a long one is the next question.
                    let asks = t.sentences.last().is_some_and(|s| s.question);
                    let puts_a_fact = t.tokens.iter().any(|w| number(&w.word).is_some());
                    let probe = t.tokens.len() <= PROBE_WORDS && (asks || puts_a_fact);
                    // "Which part of that transaction includes the call to the
                    // payment provider?" points back at the claim's own words.
                    // "…part of that Kafka transaction?" too: the noun may
                    // come a word later.
                    let points_back = || {
                        t.tokens.iter().enumerate().any(|(k, w)| {
                            matches!(w.word.as_str(), "that" | "this")
                                && t.tokens[k + 1..].iter().take(2).any(|n| {
                                    content_stems(&n.word).iter().any(|s| {
                                        claim.contains(s) && !STOP_STEMS.contains(&s.as_str())
                                    })
                                })
                        })
                    };
                    // "What happens to the other orders while that's going
                    // on?" asks about what the candidate just described.
                    let meanwhile = || says_any(&t.tokens, MEANWHILE);
                    let probed = probe
                        && (points_back()
                            || meanwhile()
                            || asked
                                .iter()
                                .any(|s| clause_stems.contains(&one_ack(s.clone()))));
                    let about_claim = shared >= 2 || probed;
                    if challenge || about_claim || hint_turns.contains(&t.index) {
                        return false;
                    }
                }
            }
        }
        false
    }

    /// Indexes of the interviewer turns that gave a hint.
    pub fn hint_turns(&self) -> BTreeSet<usize> {
        self.segmentation
            .phases
            .iter()
            .flat_map(|p| p.hints.iter().map(|h| h.turn))
            .collect()
    }

    /// Whether `turn` falls in a phase where `flag` is raised; `None` for a
    /// turn that no phase claims.
    fn in_its_phases(&self, turn: &TurnText, flag: &RedFlag, rubric: &Rubric) -> Option<bool> {
        let id = &self.segmentation.phases[turn.phase?].id;
        Some(rubric.flag_phases(flag).contains(id))
    }

    /// Whether the candidate's turn opens by saying yes to the interviewer's
    /// question just before it, and that question states the myth (or
    /// proposes a count over its limit), in a phase of the myth's dimension.
    fn agrees_with_myth(&self, turn: &TurnText, flag: &RedFlag, rubric: &Rubric) -> bool {
        if self.in_its_phases(turn, flag, rubric) != Some(true) {
            return false;
        }
        let opens_with_yes = starts_with_any(&turn.tokens, AGREEING)
            || says_any(&turn.tokens[..turn.tokens.len().min(6)], HEDGED_YES);
        let Some(asked) = turn.index.checked_sub(1).map(|i| &self.turns[i]) else {
            return false;
        };
        opens_with_yes
            && asked.role == Role::Interviewer
            && asked.sentences.last().is_some_and(|s| {
                // "With 12 partitions, all 40 pods would be consuming?", or
                // "Twenty consumers on eight partitions. Do all twenty get work?"
                let over = || {
                    flag.exceeds
                        .as_ref()
                        .is_some_and(|e| self.exceeds(asked, &asked.tokens, None, e))
                };
                // Clause by clause: "Kafka clears it out once read, so
                // replaying isn't a thing there either, right?" proposes that
                // Kafka deletes on read, not that a queue replays.
                let states = || {
                    s.clauses.iter().any(|c| {
                        let clause = &asked.tokens[c.clone()];
                        flag.compiled.iter().any(|p| p.is_match(clause))
                    })
                };
                s.question && (states() || over())
            })
    }

    /// A count proposed for `e.count` ("10 consumers") above a limit stated in
    /// the same phase for `e.limit` ("4 partitions"), by anyone, up to this turn
    /// or in the interviewer's next two turns. `before` is the sentence before
    /// `sentence` in the turn, if any.
    fn exceeds(
        &self,
        turn: &TurnText,
        sentence: &[Token],
        before: Option<&[Token]>,
        e: &crate::rubric::Exceeds,
    ) -> bool {
        // Most sentences name no number: nothing to count, no phase to read.
        if !sentence.iter().any(|t| number(&t.word).is_some()) {
            return false;
        }
        // "the consumer deployment … 50 pods": the phase so far, by anyone,
        // is about consumers ("the consumers are falling behind").
        let singular = e.count.trim_end_matches('s');
        let about = self.turns[..=turn.index]
            .iter()
            .filter(|t| t.phase == turn.phase)
            .any(|t| t.tokens.iter().any(|w| w.word.starts_with(singular)));
        // "Add consumers. Twenty, thirty.": a short sentence naming the members,
        // then a range of bare numbers, counts them ("4." opening a list item
        // does not).
        let bare = || {
            // "Add consumers.", "More consumers.", "Scale the consumers.", not
            // "Consumer lag, mostly." or "Separate consumer groups.".
            let named_before = before.is_some_and(|b| {
                b.len() <= 6
                    && b.iter().any(|w| w.word == e.count)
                    && b.iter().any(|w| {
                        STARTS.contains(&w.word.as_str()) || ADDS.contains(&w.word.as_str())
                    })
                    && !b
                        .iter()
                        .any(|w| matches!(w.word.as_str(), "group" | "groups" | "lag"))
            });
            let numbers: Vec<u32> = sentence.iter().filter_map(|t| number(&t.word)).collect();
            let only_numbers = numbers.len() >= 2
                && sentence
                    .iter()
                    .all(|t| number(&t.word).is_some() || BARE_FILLERS.contains(&t.word.as_str()));
            if named_before && only_numbers {
                return numbers.into_iter().max();
            }
            // "I'd add more consumers to the consumer group. Say twelve instead
            // of four — …": a new count for the members just added, before the
            // first pause.
            let added_before = before.is_some_and(|b| {
                b.len() <= 10
                    && b.windows(2)
                        .any(|w| ADDS.contains(&w[0].word.as_str()) && w[1].word == e.count)
                    && !b.iter().any(|w| w.word == "lag")
            });
            let lead = sentence
                .iter()
                .skip(1)
                .position(|t| t.pause)
                .map_or(sentence.len(), |k| k + 1);
            let lead = &sentence[..lead];
            let instead = lead.windows(4).find_map(|w| {
                (w[1].word == "instead" && w[2].word == "of")
                    .then(|| number(&w[0].word).zip(number(&w[3].word)))
                    .flatten()
            });
            let bare_lead = lead.iter().all(|t| {
                number(&t.word).is_some()
                    || BARE_FILLERS.contains(&t.word.as_str())
                    || matches!(t.word.as_str(), "instead" | "of")
            });
            instead
                .filter(|&(new, old)| added_before && bare_lead && new > old)
                .map(|(new, _)| new)
        };
        let counted = counts_of(sentence, &e.count, about).into_iter().max();
        let from_bare = counted.is_none();
        let Some(proposed) = counted.or_else(bare) else {
            return false;
        };
        // "12 consumers once we repartition to 12": the limit is raised first.
        // A bare count is read with the sentence that named its members ("My
        // colleague wanted more consumers. Twenty, thirty.").
        if e.compiled_unless
            .iter()
            .any(|p| p.is_match(sentence) || from_bare && before.is_some_and(|b| p.is_match(b)))
        {
            return false;
        }
        // The limit may also come in the interviewer's reply ("The topic has
        // twelve partitions. What are replicas thirteen to forty doing?"), or
        // one exchange later ("How many partitions?" "Twelve." "So with twelve
        // partitions, what were the other forty-eight pods doing?").
        let reply = self.turns[turn.index + 1..]
            .iter()
            .enumerate()
            .filter(|(_, t)| t.role == Role::Interviewer)
            .take(2)
            .last()
            .map_or(turn.index, |(i, _)| turn.index + 1 + i);
        // "How many partitions does that topic have?" "Twelve, I believe.":
        // the first number of the answer counts them.
        let limit_singular = e.limit.trim_end_matches('s');
        let answered = |k: usize| {
            let t = &self.turns[k];
            let asked = &self.turns[k.checked_sub(1)?];
            let how_many = asked
                .tokens
                .windows(2)
                .any(|w| w[0].word == "many" && w[1].word.starts_with(limit_singular));
            (t.role == Role::Candidate && asked.role == Role::Interviewer && how_many)
                .then(|| t.tokens.iter().find_map(|w| number(&w.word)))
                .flatten()
        };
        // "If the topic has six partitions and I put eight consumers in…": a
        // limit stated with the count is the one it is measured against.
        let own = counts_of(sentence, &e.limit, false)
            .into_iter()
            .filter(|&n| n > 1)
            .min();
        let Some(limit) = own.or_else(|| {
            // After the interviewer speaks again, only the interviewer's words
            // and the answer to "how many partitions" state it: "Each of the 6
            // has two partitions now" is no limit on the six.
            let asked_again = self.turns[turn.index + 1..]
                .iter()
                .position(|t| t.role == Role::Interviewer)
                .map_or(usize::MAX, |p| turn.index + 1 + p);
            (0..=reply)
                .filter(|&k| self.turns[k].phase == turn.phase)
                .flat_map(|k| {
                    let stated = k < asked_again || self.turns[k].role == Role::Interviewer;
                    let counts = if stated {
                        counts_of(&self.turns[k].tokens, &e.limit, false)
                    } else {
                        Vec::new()
                    };
                    counts.into_iter().chain(answered(k))
                })
                // "one partition goes to one consumer" states the rule, not a
                // topic's size.
                .filter(|&n| n > 1)
                .min()
        }) else {
            return false;
        };
        // "If we start twelve, four of them have nothing", "16 consumers, 4 of
        // them get no assignment", "four are left over": the answer counts the
        // extras over the limit idle, which is the rule, not the myth.
        let extras = proposed.saturating_sub(limit);
        let idle = |w: &Token| {
            matches!(
                w.word.as_str(),
                "idle"
                    | "nothing"
                    | "unused"
                    | "spare"
                    | "useless"
                    | "wasted"
                    | "waiting"
                    | "wait"
                    | "sat"
                    | "sit"
                    | "without"
                    | "bored"
                    | "benched"
                    | "no"
                    | "left"
                    | "leftover"
                    | "unassigned"
                    | "spectators"
            )
        };
        let counted_idle = turn.tokens.iter().enumerate().any(|(i, t)| {
            number(&t.word) == Some(extras) && turn.tokens[i + 1..].iter().take(4).any(idle)
        });
        proposed > limit && !counted_idle
    }
}

/// Systems a candidate may liken to something ("RabbitMQ is like the boarding
/// gate list"), and the word each is then read as.
const LIKENED: &[(&str, &str)] = &[
    ("rabbitmq", "rabbitmq"),
    ("rabbit", "rabbitmq"),
    ("kafka", "kafka"),
    ("sqs", "sqs"),
    ("activemq", "activemq"),
];

/// Words a likeness cannot take over: they name systems or parts of them
/// already, or say too little.
const NOT_LIKENESS: &[&str] = &[
    "queue",
    "queues",
    "log",
    "logs",
    "topic",
    "topics",
    "broker",
    "stream",
    "streams",
    "partition",
    "offset",
    "database",
    "table",
    "system",
    "tool",
    "thing",
    "things",
    "way",
    "one",
    "bit",
    "kind",
    "sort",
    "lot",
    // "Kafka is the right choice": a verdict, not a picture.
    "choice",
    "option",
    "answer",
    "solution",
    "pick",
    "winner",
    "fit",
    "default",
    "standard",
    "approach",
    "right",
    "better",
    "best",
    "easiest",
    "simplest",
    "safest",
    "fastest",
    "cheapest",
    "obvious",
    "natural",
    "safer",
    "simpler",
    "easier",
    "faster",
    "bigger",
    "same",
    "different",
    "good",
    "great",
    "industry",
];

/// Words too general to stand alone for the picture they end ("the ring
/// buffer" is not every "buffer" after it).
const GENERIC_PARTS: &[&str] = &[
    "buffer", "buffers", "list", "lists", "files", "cache", "store", "server", "array", "stack",
    "channel", "bucket", "memory", "storage", "service", "machine", "system", "thing",
];

/// Reads a candidate's own metaphor as the system it stands for: after
/// "RabbitMQ is like the boarding gate list", "with the gate list I cannot
/// go back in time" is said of RabbitMQ. The metaphor's last two words (or
/// its one word) are rewritten as the system's name in the candidate's later
/// words (the token count is kept, so sentence ranges hold).
fn name_metaphors(roles: &[Role], turns: &mut [Vec<Token>]) {
    let mut aliases: Vec<(Vec<String>, &str)> = Vec::new();
    for (role, toks) in roles.iter().zip(turns.iter_mut()) {
        if *role != Role::Candidate {
            continue;
        }
        let mut i = 0;
        while i < toks.len() {
            if let Some(system) = likened_at(toks, i) {
                let words = likeness(toks, i);
                // "the ring buffer": "ring buffer", never "buffer" alone.
                let alias = &words[words.len().saturating_sub(2)..];
                if alias.len() == 2 || alias.first().is_some_and(|w| w.len() >= 4) {
                    aliases.push((alias.to_vec(), system));
                }
                // "the lab notebook" is later "the notebook"; a word any
                // system has ("buffer", "list") is not its name alone.
                if alias.len() == 2
                    && alias[1].len() >= 5
                    && !GENERIC_PARTS.contains(&alias[1].as_str())
                {
                    aliases.push((alias[1..].to_vec(), system));
                }
                i += 1;
                continue;
            }
            let found = aliases.iter().find(|(alias, _)| {
                toks.len() - i >= alias.len()
                    && alias.iter().zip(&toks[i..]).all(|(a, t)| *a == t.word)
            });
            match found {
                Some((alias, system)) => {
                    for t in &mut toks[i..i + alias.len()] {
                        t.word = (*system).to_string();
                    }
                    i += alias.len();
                }
                None => i += 1,
            }
        }
    }
}

/// Words that cut a log into parts ("the book is cut into several volumes").
const CUTS: &[&str] = &[
    "cut", "cuts", "split", "splits", "divided", "divides", "broken", "chopped", "sliced",
];

/// Words that name a log, or a candidate's own picture of one.
const LOGS: &[&str] = &[
    "kafka", "topic", "log", "book", "ledger", "register", "stream", "notebook", "journal",
    "logbook",
];

/// A candidate's own pictures of a log, whose parts may be named by what it
/// has.
const PICTURES: &[&str] = &[
    "book", "notebook", "ledger", "journal", "logbook", "register", "diary",
];

/// Parts a log may be cut into that already mean something else.
const NOT_PARTS: &[&str] = &[
    "messages",
    "events",
    "records",
    "orders",
    "batches",
    "chunks",
    "bytes",
    "segments",
    "files",
    "services",
    "teams",
    "steps",
    "phases",
    "consumers",
    "workers",
    "groups",
    "partitions",
    "topics",
    "queues",
    "pieces",
    "pages",
    "entries",
    "lines",
    "rows",
    "columns",
    "readers",
    "bookmarks",
    "copies",
    "users",
    "owners",
];

/// Reads a candidate's own name for partitions as the word: after "the
/// register book of Kafka is cut into several volumes", "inside one volume
/// the lines keep their order" is said of a partition. From there on, the
/// candidate's plural and its singular are rewritten (the token count is
/// kept, so sentence ranges hold).
fn name_parts(roles: &[Role], turns: &mut [Vec<Token>]) {
    let mut plural: Option<String> = None;
    for (role, toks) in roles.iter().zip(turns.iter_mut()) {
        if *role != Role::Candidate {
            continue;
        }
        for i in 0..toks.len() {
            if let Some(named) = parts_named_at(toks, i) {
                plural = Some(named);
            }
            let Some(p) = &plural else { continue };
            if toks[i].word == *p {
                toks[i].word = "partitions".to_string();
            } else if p.strip_suffix('s') == Some(toks[i].word.as_str()) {
                toks[i].word = "partition".to_string();
            }
        }
    }
}

/// The plural a log is cut into at `i` ("split into 4 lanes", "divided in
/// several parts"), when a log was named just before, or that a candidate's
/// own picture of a log has ("the notebook has four sections").
fn parts_named_at(toks: &[Token], i: usize) -> Option<String> {
    let word = toks[i].word.as_str();
    let next = toks.get(i + 1)?.word.as_str();
    let cut = CUTS.contains(&word)
        && matches!(next, "into" | "in")
        && toks[i.saturating_sub(12)..i]
            .iter()
            .any(|t| LOGS.contains(&t.word.as_str()));
    let has = matches!(word, "has" | "have")
        && i >= 1
        && PICTURES.contains(&toks[i - 1].word.as_str())
        && (number(next).is_some() || matches!(next, "several" | "many" | "multiple"));
    if !cut && !has {
        return None;
    }
    // The part follows "into"/"in" after a cut, or the count after "has".
    let from = if cut { i + 2 } else { i + 1 };
    let part = toks[from..].iter().find(|t| {
        number(&t.word).is_none()
            && !matches!(
                t.word.as_str(),
                "several"
                    | "many"
                    | "multiple"
                    | "some"
                    | "a"
                    | "few"
                    | "smaller"
                    | "separate"
                    | "different"
                    | "parallel"
            )
    })?;
    let word = &part.word;
    (word.len() >= 5 && word.ends_with('s') && !NOT_PARTS.contains(&word.as_str()))
        .then(|| word.clone())
}

/// The system likened at `i` ("Kafka is like …", "RabbitMQ is more like …").
fn likened_at(toks: &[Token], i: usize) -> Option<&'static str> {
    let system = LIKENED
        .iter()
        .find(|(word, _)| toks[i].word == *word)
        .map(|(_, as_word)| *as_word)?;
    let rest: Vec<&str> = toks[i + 1..]
        .iter()
        .take(4)
        .map(|t| t.word.as_str())
        .collect();
    // "Kafka is the lab notebook" names a picture as "is like" does.
    let opens = [
        &["is", "like"][..],
        &["is", "more", "like"],
        &["is", "kind", "of", "like"],
        &["is", "a", "bit", "like"],
        &["works", "like"],
        &["is", "the"],
        &["is", "a"],
        &["is", "an"],
    ];
    opens
        .iter()
        .any(|o| rest.len() >= o.len() && rest[..o.len()] == **o)
        .then_some(system)
}

/// The likeness after "… is like" (or "… is the"): its words up to a pause,
/// a preposition or a new clause, without the article ("the boarding gate
/// list").
fn likeness(toks: &[Token], i: usize) -> Vec<String> {
    const STOPS: &[&str] = &[
        "of", "in", "at", "for", "with", "that", "where", "which", "when", "and", "but", "so",
        "on", "to", "you", "because", "like", "too", "here", "now", "then", "as", "also",
    ];
    // After the opener's "like", or after "is" when there is none.
    let start = toks[i + 1..]
        .iter()
        .take(4)
        .position(|t| t.word == "like")
        .map_or(i + 2, |p| i + 2 + p);
    let mut words = Vec::new();
    for (k, t) in toks.iter().enumerate().skip(start).take(5) {
        if (k > start && t.pause) || STOPS.contains(&t.word.as_str()) {
            break;
        }
        if words.is_empty()
            && matches!(
                t.word.as_str(),
                "a" | "an" | "the" | "our" | "my" | "this" | "that"
            )
        {
            continue;
        }
        words.push(t.word.clone());
    }
    if words.iter().any(|w| NOT_LIKENESS.contains(&w.as_str())) {
        return Vec::new();
    }
    words
}

/// Whether a clause of `sentence` says one of `patterns` as the candidate's
/// own claim: not denied, not someone else's view ("I wouldn't say the whole
/// topic is ordered", "people think Kafka deletes on read").
fn claims(
    turn: &TurnText,
    sentence: &Sentence,
    clause: &std::ops::Range<usize>,
    patterns: &[Pattern],
) -> bool {
    let tokens = &turn.tokens[clause.clone()];
    patterns
        .iter()
        .any(|p| p.may_match(&sentence.sig) && p.is_match(tokens))
        && !says_any(tokens, DENIALS)
        && !says_any(&turn.tokens[sentence.tokens.start..clause.end], VOICES)
}

/// Where a sentence says one of the subject's patterns (as an index into the
/// turn's words) when it is about the subject's system: it names no other
/// system, and the last system named in the turn up to its end is this one.
fn about_subject(
    turn: &TurnText,
    sentence: &Sentence,
    subject: &crate::rubric::Subject,
) -> Option<usize> {
    let tokens = &turn.tokens[sentence.tokens.clone()];
    // The patterns first: most sentences say none of them.
    let at = subject
        .compiled
        .iter()
        .filter(|p| p.may_match(&sentence.sig))
        .filter_map(|p| p.find(tokens))
        .min()?;
    let names =
        |ps: &[Pattern], end: usize| ps.iter().filter_map(|p| p.last(&turn.tokens[..end])).max();
    // "…the records are cleaned up, same as an acked message in RabbitMQ":
    // a system named after the claim only to compare it with this one.
    let claim_at = sentence.tokens.start + at;
    let compared = |i: usize| {
        turn.tokens[claim_at..i]
            .iter()
            .rev()
            .take(6)
            .any(|t| COMPARING.contains(&t.word.as_str()))
    };
    let other = match names(&subject.compiled_not, sentence.tokens.end) {
        Some(i) if i >= claim_at && compared(i) => names(&subject.compiled_not, claim_at),
        named => named,
    };
    if other.is_some_and(|i| i >= sentence.tokens.start)
        || names(&subject.compiled_is, sentence.tokens.end) <= other
        || says_any(tokens, DENIALS)
        || says_any(tokens, VOICES)
    {
        return None;
    }
    Some(sentence.tokens.start + at)
}

/// Words that name a system only to compare another with it.
const COMPARING: &[&str] = &["like", "unlike", "same", "similar", "than", "compared"];

/// Longest interviewer turn read as a probe of the claim before it.
const PROBE_WORDS: usize = 24;

/// One stem for "ack", "acks", "acked" and "acknowledged": "What happens to
/// a message in RabbitMQ after the consumer acks it?" asks about a queue that
/// deletes a message "once it is acknowledged".
fn one_ack(stem: String) -> String {
    if stem.starts_with("ack") {
        "ack".to_string()
    } else {
        stem
    }
}

/// Words of a question that ask about what was just described, while it
/// goes on: "What happens to the other orders while that's going on?" (not
/// a bare "meanwhile", which may open any next question).
const MEANWHILE: &[&str] = &[
    "while thats going on",
    "while that is going on",
    "while thats happening",
    "while that is happening",
    "while this is going on",
    "while this is happening",
];

/// Content words too general to tie an interviewer's question to a claim.
const STOP_STEMS: &[&str] = &[
    "kafka", "messa", "rabbi", "would", "happe", "think", "alice", "alici", "updat",
];

/// A yes hedged at the start of an answer: "I mean... I'd think so?"
const HEDGED_YES: &[&str] = &[
    "i think so",
    "id think so",
    "i believe so",
    "i guess so",
    "id say yes",
    "id say yeah",
];

/// Words that open an answer agreeing with the question ("Yes.", "Right,
/// yeah.").
const AGREEING: &[&str] = &[
    "yes",
    "yeah",
    "yep",
    "yup",
    "absolutely",
    "definitely",
    "correct",
    "exactly",
    "precisely",
    "right yeah",
    "right yes",
    "thats right",
    "thats correct",
    "thats true",
];

/// Words that take back what was just said, whatever it was about.
const RETRACTIONS: &[&str] = &[
    "no wait",
    "wait no",
    "actually no",
    "no actually",
    "no sorry",
    "sorry no",
    "no hang on",
    "hm no",
    "hmm no",
    "hang on no",
    "thats wrong",
    "that is wrong",
    "thats not right",
    "that is not right",
    "thats not true",
    "that isnt right",
    "thats incorrect",
    "i was wrong",
    "im wrong",
    "scratch that",
    "strike that",
    "take that back",
    "i misspoke",
    "mixing it up",
    "mixing them up",
    "mixed them up",
    "mixed it up",
    "correct myself",
    "what i said is wrong",
    "what i just said is wrong",
    "ignore what i said",
    "forget what i said",
    "i had that backwards",
    "got that backwards",
    "this is wrong",
    "this is not right",
    "this isnt right",
    "i know now",
    "was not great",
    "wasnt great",
    "was a bad idea",
    "was not a good idea",
    "wasnt a good idea",
];

/// Words of doubt that leave a trailing-off claim unasserted.
const DOUBTS: &[&str] = &["not sure", "dont know", "maybe not", "no idea", "i doubt"];

/// Phrases that deny or attribute to others what the clause goes on to say.
const DENIALS: &[&str] = &[
    "wouldnt say",
    "would not say",
    "should not say",
    "shouldnt say",
    "cant say",
    "cannot say",
    "wouldnt claim",
    "wouldnt want to claim",
    "wouldnt want to say",
    "dont think",
    "do not think",
    "dont believe",
    "do not believe",
    "not true that",
    "isnt true",
    "is a myth",
    "its a myth",
    "a misconception",
    "would not tell",
    "wouldnt tell",
    "never tell",
    "would not promise",
    "wouldnt promise",
    "never promise",
    "not sure how",
    "not fully sure how",
    "not sure whether",
    "not sure if",
    "not sure id",
    "not sure i would",
    "not confident",
    "not be confident",
    "wouldnt be confident",
    "dont know how",
    "dont know whether",
    "dont know if",
    "wonder how",
    "wonder whether",
    "either i",
    "either we",
    "either you",
    "dont fix it by",
    "dont solve it by",
    "not by",
];

/// Words that set aside what the sentence names ("we don't need to do dedup
/// ourselves", "so we removed it").
const DISMISSALS: &[&str] = &[
    "dont need",
    "do not need",
    "no need",
    "dont have to",
    "dont bother",
    "removed it",
    "got rid of",
    "no longer need",
    "buzzword",
    "felt like a",
    "like a shredder",
    "go to die",
    "nobody looks",
    "cemetery",
    "nobody ever opened",
    "nobody opened",
    "nobody ever looks",
    "nobody should",
    "no one should",
    "hand rolling",
    "hand roll",
    "legacy",
    "old school",
    "outdated",
    "from before kafka",
    "forgotten",
];

/// Openings that give someone else's view, not the candidate's, for the rest
/// of the sentence: "Folks'll tell you \"Kafka has exactly-once, turn it on\"".
const VOICES: &[&str] = &[
    "people think",
    "people assume",
    "people believe",
    "some people say",
    "a lot of people think",
    "people will tell you",
    "peoplell tell you",
    "people tell you",
    "folks will tell you",
    "folksll tell you",
    "folks tell you",
    "folks think",
    "theyll tell you",
    "youll hear",
    "you will hear",
    "you hear people",
    "everyone says",
    "everybody says",
    "vendors say",
    "somebody always says",
    "someone always says",
    "whoever says",
    "somebody says",
    "someone says",
    "ask me to",
    "asks me to",
    "asked me to",
    "people ask",
    "what i would not do",
    "what i wouldnt do",
    "believed",
    "people discover",
    "get hurt",
    "get burned",
    "get bitten",
    "they assume",
    "and assume",
    "that claims",
    "which claims",
    "claims to",
    "i heard",
    "ive heard",
    "people find out",
    "people learn",
    "used to think",
    "used to believe",
    "someone assumed",
    "someone tells me",
    "somebody tells me",
    "anyone tells me",
    "someone told me",
    "somebody told me",
    "somebody assumed",
    "anyone assumed",
    "assumed they could",
    "assumed we could",
    "assumed you could",
    "they wanted to",
    "people wanted to",
    "someone wanted to",
    "somebody wanted to",
    "they tried to",
    "people tried to",
    "people say",
    "people will say",
    "people would say",
    "someone will say",
    "somebody will say",
];

/// Words saying that nothing goes wrong after all.
const REASSURANCES: &[&str] = &[
    "exactly once",
    "only once",
    "one time",
    "just once",
    "nothing bad",
    "no problem",
    "no double",
    "no duplicate",
    "never twice",
];

/// Openings of a sentence that describes a hazard rather than a plan.
const HAZARDS: &[&str] = &[
    "otherwise",
    "else",
    "or else",
    "the risk is",
    "the danger is",
    "the problem is",
    "the issue is",
    "what can go wrong is",
];

/// Whether a sentence describes what goes wrong rather than a plan:
/// "Otherwise you commit and crash", "If you ack first and then crash, …".
fn hazard(tokens: &[Token]) -> bool {
    // What goes wrong: a crash, a loss, a message that comes back forever.
    let crash = |t: &Token| {
        t.word.starts_with("crash")
            || t.word.starts_with("infinit")
            || matches!(
                t.word.as_str(),
                "dies"
                    | "die"
                    | "died"
                    | "fails"
                    | "fail"
                    | "falls"
                    | "fell"
                    | "killed"
                    | "down"
                    | "lost"
                    | "lose"
                    | "forever"
                    | "loop"
            )
    };
    // "If …" or "Because if …" / "Since if …".
    let opens_with_if = tokens
        .iter()
        .take(2)
        .position(|t| t.word == "if")
        .is_some_and(|i| {
            i == 0
                || matches!(
                    tokens[0].word.as_str(),
                    "because" | "since" | "cause" | "cos" | "and" | "but" | "so"
                )
        });
    // "Ack first and crash and you've given someone a free flight", or
    // "Ack first, crash, message gone."
    // Not ", forever if need be" or ", forever until the fix ships": that
    // is the plan, not the danger described.
    let and_crash = (1..tokens.len()).any(|k| {
        let plan = tokens[k].word == "forever"
            && tokens
                .get(k + 1)
                .is_some_and(|t| matches!(t.word.as_str(), "if" | "until" | "till"));
        crash(&tokens[k])
            && (matches!(tokens[k - 1].word.as_str(), "and" | "then") || tokens[k].pause && !plan)
    });
    // "If the worker dies, the transaction aborts and the charge is processed
    // exactly once" reassures; it is a claim, not a hazard.
    let reassures = says_any(tokens, REASSURANCES);
    // "If billing goes down for an afternoon you just rewind the queue" is a
    // plan to recover, which may itself be a claim.
    let recovers = tokens.iter().any(|t| {
        t.word.starts_with("rewind") || t.word.starts_with("replay") || t.word == "rewound"
    });
    starts_with_any(tokens, HAZARDS)
        || opens_with_if && tokens.iter().any(crash) && !reassures && !recovers
        || and_crash
}

/// Whether the words open with one of the phrases.
fn starts_with_any(tokens: &[Token], phrases: &[&str]) -> bool {
    phrases.iter().any(|p| says_at(tokens, p))
}

/// Whether `tokens` begin with `phrase`, word for word.
fn says_at(tokens: &[Token], phrase: &str) -> bool {
    phrase.split(' ').count() <= tokens.len()
        && phrase.split(' ').zip(tokens).all(|(w, t)| t.word == w)
}

/// Whether the words take something back ("no, wait, that's not right").
fn retracts(tokens: &[Token]) -> bool {
    says_any_where(tokens, RETRACTIONS, |i| {
        !(matches!(tokens[i].word.as_str(), "that" | "thats" | "this") && cleft(tokens, i))
    })
}

/// Whether the "that" at `i` closes a cleft sentence ("it's our code that's
/// wrong", "it is the data that is wrong"), which blames something rather
/// than taking anything back: "it's" a few words before, with no pause.
fn cleft(tokens: &[Token], i: usize) -> bool {
    (i.saturating_sub(4)..i).any(|k| {
        let it_is = tokens[k].word == "its"
            || tokens[k].word == "it"
                && tokens
                    .get(k + 1)
                    .is_some_and(|t| t.word == "is" || t.word == "was");
        it_is && !tokens[k + 1..=i].iter().any(|t| t.pause)
    })
}

/// Whether the words contain one of the phrases, word for word.
fn says_any(tokens: &[Token], phrases: &[&str]) -> bool {
    says_any_where(tokens, phrases, |_| true)
}

/// Whether the words contain one of the phrases, word for word, starting at
/// a word index that `keep` accepts.
fn says_any_where(tokens: &[Token], phrases: &[&str], keep: impl Fn(usize) -> bool) -> bool {
    phrases.iter().any(|phrase| {
        let first = phrase.split(' ').next().unwrap_or_default();
        (0..tokens.len())
            .any(|i| tokens[i].word == first && says_at(&tokens[i..], phrase) && keep(i))
    })
}

/// What a candidate says when the interviewer has just caught a mistake.
const CONCEDED: &[&str] = &[
    "youre right",
    "you are right",
    "good catch",
    "you got me",
    "fair point",
    "i stand corrected",
    "now that you ask",
    "now that you mention",
    "when you put it like that",
    "you caught me",
    "i agree",
    "now that you say it",
    "now that you put it",
    "good point",
];

/// Concessions that answer a question: "Exactly like the first one. Yeah,
/// fair." after "What does the hundredth attempt look like?", but not "Fair
/// enough" after "Take a minute, no rush".
const CONCEDED_TO_A_QUESTION: &[&str] = &[
    "yeah fair",
    "okay fair",
    "ok fair",
    "fair enough",
    "thats fair",
];

/// Short challenges that make whatever the candidate says next prompted.
const CHALLENGES: &[&str] = &[
    "are you sure",
    "let me stop you",
    "stop you there",
    "really",
    "is that right",
    "is that true",
    "is that correct",
    "sure about",
    "think again",
    "hmm",
    "double check",
    "does that change",
    "are you certain",
    "would that still",
    "is that still",
    "walk me through",
    "what changes",
    "what would change",
    "does anything change",
    "isnt that",
    "wouldnt that",
    "doesnt that",
    "how does that",
    "how would that",
];

/// Numbers counting a word starting with `prefix` within the next three
/// words: "10 consumers", "twelve more consumers", or "20 of them" when the
/// turn is `about` that word.
fn counts_of(tokens: &[Token], prefix: &str, about: bool) -> Vec<u32> {
    let singular = prefix.trim_end_matches('s');
    tokens
        .iter()
        .enumerate()
        .filter_map(|(i, t)| {
            // "2,400": groups of a thousand read as one number, at its first
            // group.
            let group = |a: &Token, b: &Token| {
                b.start == a.end + 1
                    && b.word.len() == 3
                    && a.word.bytes().all(|c| c.is_ascii_digit())
                    && b.word.bytes().all(|c| c.is_ascii_digit())
            };
            if i > 0 && group(&tokens[i - 1], t) {
                return None;
            }
            let mut n = number(&t.word)?;
            // "twenty four" is read at "twenty" (below), not again at "four".
            if (1..10).contains(&n) && i > 0 && number(&tokens[i - 1].word).is_some_and(tens) {
                return None;
            }
            // The number's last word: what follows it is read from there.
            let mut last = i;
            while let Some(next) = tokens.get(last + 1).filter(|b| group(&tokens[last], b)) {
                n = n.saturating_mul(1000).saturating_add(number(&next.word)?);
                last += 1;
            }
            // "twenty four": tens and units read as one number.
            if tens(n) {
                if let Some(units) = tokens.get(last + 1).and_then(|u| number(&u.word)) {
                    if (1..10).contains(&units) {
                        n += units;
                        last += 1;
                    }
                }
            }
            let unit = |w: &Token| {
                w.word.starts_with(prefix)
                    || about
                        && matches!(w.word.as_str(), "them" | "instances" | "replicas" | "pods")
            };
            // "from eight pods to twenty-four": the unit was named before "to";
            // "the pods from 4 up to 40" too.
            // "bump the consumer group to twelve": the singular names it too.
            // "from 12 pods up to, say, 48": a hedge may stand before it.
            let to = (0..i)
                .rev()
                .take(3)
                .find(|&j| !HEDGES_BEFORE_NUMBER.contains(&tokens[j].word.as_str()));
            let raised = to.is_some_and(|j| {
                j >= 1
                    && tokens[j].word == "to"
                    && tokens[j.saturating_sub(4)..j]
                        .iter()
                        .any(|w| unit(w) || w.word.starts_with(singular))
            });
            // "we have concurrency twenty": consumer threads, counted before.
            let threads = about && i >= 1 && tokens[i - 1].word == "concurrency";
            // "a 4-partition topic": the singular joined to the number.
            let hyphened = tokens.get(last + 1).is_some_and(|w| {
                w.start == tokens[last].end + 1 && singular != prefix && w.word == singular
            });
            // "All twenty get work?": all of them at work, when the turn is
            // about them ("for all three options" counts nothing).
            let all = about
                && i >= 1
                && tokens[i - 1].word == "all"
                && tokens[last + 1..]
                    .iter()
                    .take(4)
                    .any(|w| AT_WORK.contains(&w.word.as_str()));
            // "More consumers. Run twelve.": a bare number closing a sentence
            // after a verb that starts members, when the turn is about them.
            let started = about
                && i >= 1
                && last + 1 == tokens.len()
                && STARTS.contains(&tokens[i - 1].word.as_str());
            let counted = raised
                || threads
                || hyphened
                || all
                || started
                || tokens[last + 1..].iter().take(3).any(unit);
            // "each consumer gets two partitions", "each of the 6 has two
            // partitions", "two partitions each": a share per member, not how
            // many there are.
            let each = |w: &Token| matches!(w.word.as_str(), "each" | "every" | "apiece");
            // Back to the start of the phrase: "Every user matters. The topic
            // has four partitions." shares nothing.
            let phrase = (i.saturating_sub(6)..i)
                .rev()
                .find(|&k| tokens[k].pause)
                .unwrap_or(i.saturating_sub(6));
            let share = i >= 1
                && SHARES.contains(&tokens[i - 1].word.as_str())
                && tokens[phrase..i - 1].iter().any(each)
                || tokens.get(last + 2).is_some_and(|w| each(w) && !w.pause);
            (counted && !share).then_some(n)
        })
        .collect()
}

/// Whether `n` is a whole ten that units may follow ("twenty", "ninety").
fn tens(n: u32) -> bool {
    (20..100).contains(&n) && n % 10 == 0
}

/// What a member does when it has a share of the work: "all twenty get work".
const AT_WORK: &[&str] = &[
    "work",
    "working",
    "busy",
    "consuming",
    "active",
    "processing",
];

/// Words that ask for more members, besides the verbs that start them
/// ([`STARTS`]): "Add consumers.", "Scale the consumers."
const ADDS: &[&str] = &["add", "more", "scale", "spin", "bump", "increase"];

/// Words a sentence of bare numbers may hold: "Twenty, or maybe thirty."
const BARE_FILLERS: &[&str] = &[
    "or", "and", "maybe", "say", "even", "perhaps", "about", "around",
];

/// Verbs that start members: "run twelve", "start twenty".
const STARTS: &[&str] = &["run", "start", "launch", "deploy"];

/// Words that may hedge a number: "up to, say, 48".
const HEDGES_BEFORE_NUMBER: &[&str] = &["say", "maybe", "about", "around", "roughly", "perhaps"];

/// Verbs that hand a member its share: "each consumer gets two partitions".
const SHARES: &[&str] = &[
    "gets", "get", "takes", "take", "owns", "own", "reads", "read", "handles", "handle", "has",
    "have",
];

fn number(word: &str) -> Option<u32> {
    const WORDS: [&str; 21] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    word.parse()
        .ok()
        .or_else(|| WORDS.iter().position(|w| *w == word).map(|n| n as u32))
        .or(match word {
            "thirty" => Some(30),
            "forty" => Some(40),
            "fifty" => Some(50),
            "sixty" => Some(60),
            "seventy" => Some(70),
            "eighty" => Some(80),
            "ninety" => Some(90),
            "hundred" => Some(100),
            _ => None,
        })
}

fn token_range(tokens: &[Token], span: Span) -> std::ops::Range<usize> {
    let start = tokens.partition_point(|t| t.start < span.start);
    let end = tokens.partition_point(|t| t.start < span.end);
    start..end
}
