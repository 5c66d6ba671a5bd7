//! The phrase patterns that rubric signals and red flags are written in.
//!
//! A pattern names the parts of an idea that must all be said in one sentence,
//! in any order: `queue|broker + delet*|remov* + ack*`. Parts are separated by
//! `+`, or by `>` when the part must come after the one before it; each part
//! lists alternatives separated by `|`; an alternative is one or more words that
//! must follow each other; a word ending in `*` matches any word it starts
//! (`partition*` matches "partitions" and "partitioned").
//!
//! A part whose matched words follow a negation ("not", "never", "doesn't" …)
//! within three words does not count, so "Kafka doesn't delete on read" does
//! not state that Kafka deletes on read. A pattern read as a claim (a red
//! flag's, [`Pattern::as_claim`]) also gives up a part that a negated wide
//! verb governs further back: "Kafka won't give you per-message ack or
//! deletion".

use crate::text::Token;

#[derive(Debug, Clone, PartialEq, Eq)]
struct Word {
    text: String,
    prefix: bool,
}

impl Word {
    fn matches(&self, token: &str) -> bool {
        if self.prefix {
            token.starts_with(&self.text)
        } else {
            token == self.text
        }
    }
}

/// A compiled pattern; see the module documentation for the syntax.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    source: String,
    parts: Vec<Part>,
    /// Read as a claim: a negated wide verb denies its whole object (see
    /// [`Pattern::as_claim`]).
    claim: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Part {
    /// Must be said after the previous part.
    after: bool,
    alternatives: Vec<Vec<Word>>,
    /// The buckets of the alternatives' first words: a stretch of text whose
    /// [`Sig`] has none of them cannot match this part.
    need: Sig,
}

/// A 256-bit summary of the words in a stretch of text (their first one and
/// two bytes, hashed), so that a pattern can be ruled out without reading
/// the words: most patterns do not match most sentences.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sig([u64; 4]);

impl Sig {
    pub fn of(tokens: &[Token]) -> Sig {
        let mut sig = Sig::default();
        for t in tokens {
            let b = t.word.as_bytes();
            if let Some(&first) = b.first() {
                sig.set(bucket(&[first]));
                if let Some(&second) = b.get(1) {
                    sig.set(bucket(&[first, second]));
                }
            }
        }
        sig
    }

    fn set(&mut self, bit: u8) {
        self.0[usize::from(bit >> 6)] |= 1 << (bit & 63);
    }

    fn meets(&self, other: &Sig) -> bool {
        self.0.iter().zip(other.0).any(|(a, b)| a & b != 0)
    }
}

fn bucket(bytes: &[u8]) -> u8 {
    let h = bytes.iter().fold(0x811c_9dc5u32, |h, &b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    (h ^ (h >> 8) ^ (h >> 16) ^ (h >> 24)) as u8
}

/// Words that turn the statement after them around.
const NEGATIONS: &[&str] = &[
    "not", "no", "never", "dont", "doesnt", "isnt", "arent", "wont", "cant", "cannot", "shouldnt",
    "wouldnt", "didnt", "wasnt", "werent", "hasnt", "havent", "neither", "nor", "nobody",
    "nobodys", "nothing", "none", "couldnt",
];

/// Negations that deny a noun, not a verb: "four get no partition so idle"
/// denies the partition, not the idling, so they stop at a word that starts
/// another statement.
const NOUN_NEGATIONS: &[&str] = &["no", "nothing", "none", "nobody", "nobodys"];

/// Words that start another statement after a noun's negation; not "or" or
/// "and", which also join nouns it denies ("no audit or replay need", "no
/// dedup and idempotency keys").
const JOINS: &[&str] = &["but", "so", "then"];

/// How many words before a matched part a negation still applies to.
const NEGATION_REACH: usize = 3;

/// Words that lead to a verb through "and": "go back and reread", "try and
/// replay", "come and read".
const SERIAL_VERBS: &[&str] = &["back", "go", "try", "come"];

/// Verbs whose whole object a negation before them denies: "Kafka won't give
/// you per-message ack or deletion", "I wouldn't build anything that relies
/// on RabbitMQ replaying".
///
/// Not "let" or "allow": "Kafka won't let the card be charged twice" is a
/// claim that it prevents something.
const WIDE_VERBS: &[&str] = &[
    "give",
    "offer",
    "provide",
    "support",
    "build",
    "try",
    "expect",
    "rely",
    "count",
    "recommend",
    "want",
];

/// Verbs that deny the object before them only when negated at the end of
/// the statement ("That replay ability is something a queue simply doesn't
/// have"), never what follows them ("you don't have to worry, Kafka …").
const CLOSING_VERBS: &[&str] = &["have", "has"];

/// Words that may end a statement after its verb: "…doesn't give you".
const PRONOUNS: &[&str] = &["you", "us", "me", "them", "anyone", "anybody", "either"];

/// Words that may stand between a negation and the wide verb it denies:
/// "jobs that nobody will want to re-read".
const MODALS: &[&str] = &["will", "would", "ever", "really", "even"];

/// How far the object of a negated wide verb reaches, in words.
const WIDE_REACH: usize = 10;

/// Words that end a negated verb's object and start a new statement.
const OBJECT_ENDS: &[&str] = &[
    "because", "so", "since", "but", "then", "while", "whereas", "instead", "and", "which",
];

impl Pattern {
    /// Compiles a pattern, saying what is wrong with it when it cannot.
    pub fn parse(source: &str) -> Result<Self, String> {
        let mut parts = Vec::new();
        let mut after = false;
        for piece in split_keeping(source) {
            let (part, next_after) = piece;
            let mut alternatives = Vec::new();
            for alternative in part.split('|') {
                let mut words = Vec::new();
                for raw in alternative.split_whitespace() {
                    let (text, prefix) = match raw.strip_suffix('*') {
                        Some(stem) => (stem, true),
                        None => (raw, false),
                    };
                    let text = text.to_lowercase().replace(['\'', '’'], "");
                    if text.is_empty() || !text.chars().all(|c| c.is_alphanumeric() || c == '_') {
                        return Err(format!(
                            "`{raw}` is not a word: use letters, digits and `_`, optionally ending in `*`"
                        ));
                    }
                    words.push(Word { text, prefix });
                }
                if words.is_empty() {
                    return Err(
                        "it has an empty alternative (look for `||`, or `|` at an end)".into(),
                    );
                }
                alternatives.push(words);
            }
            let mut need = Sig::default();
            for words in &alternatives {
                let b = words[0].text.as_bytes();
                need.set(bucket(&b[..b.len().min(2)]));
            }
            parts.push(Part {
                after,
                alternatives,
                need,
            });
            after = next_after;
        }
        Ok(Pattern {
            source: source.to_string(),
            parts,
            claim: false,
        })
    }

    /// The pattern read as a claim the candidate makes (a red flag's), where
    /// a negated wide verb denies everything it governs: "Kafka won't give
    /// you per-message ack or deletion" claims no deletion. A rubric point
    /// is not read so, because its patterns may carry the negation
    /// themselves ("I wouldn't rely on exactly-once" shows the point).
    pub fn as_claim(mut self) -> Self {
        self.claim = true;
        self
    }

    /// The pattern as written in the rubric.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Where the pattern is stated, affirmatively, in `tokens`: the index of the
    /// earliest matched word, or `None` when some part is missing or negated.
    pub fn find(&self, tokens: &[Token]) -> Option<usize> {
        let mut first = usize::MAX;
        let mut previous = 0;
        for part in &self.parts {
            let from = if part.after { previous + 1 } else { 0 };
            let (at, len) = (from..tokens.len()).find_map(|i| {
                let words = part
                    .alternatives
                    .iter()
                    .find(|words| phrase_at(words, tokens, i))?;
                (!negated(tokens, i, from, self.claim)).then_some((i, words.len()))
            })?;
            first = first.min(at);
            // A part after this one comes after its last word.
            previous = at + len - 1;
        }
        Some(first)
    }

    /// Where the first part is last said in `tokens`, negated or not: for a
    /// one-part pattern, the last mention of any of its words.
    pub fn last(&self, tokens: &[Token]) -> Option<usize> {
        let part = self.parts.first()?;
        (0..tokens.len())
            .rev()
            .find(|&i| part.alternatives.iter().any(|w| phrase_at(w, tokens, i)))
    }

    /// How many parts must be said together: 1 for a term, more for a mechanism.
    pub fn parts(&self) -> usize {
        self.parts.len()
    }

    /// Whether the pattern is stated affirmatively in `tokens`.
    pub fn is_match(&self, tokens: &[Token]) -> bool {
        self.find(tokens).is_some()
    }

    /// Whether the pattern can match text whose words have the signature
    /// `sig` (false rules a match out; true says nothing).
    pub fn may_match(&self, sig: &Sig) -> bool {
        self.parts.iter().all(|p| p.need.meets(sig))
    }
}

/// Splits a pattern at `+` and `>`, telling for each piece whether the next
/// one must come after it.
fn split_keeping(source: &str) -> Vec<(&str, bool)> {
    let mut pieces = Vec::new();
    let mut start = 0;
    for (i, c) in source.char_indices() {
        if c == '+' || c == '>' {
            pieces.push((&source[start..i], c == '>'));
            start = i + 1;
        }
    }
    pieces.push((&source[start..], false));
    pieces
}

fn phrase_at(words: &[Word], tokens: &[Token], at: usize) -> bool {
    words.len() <= tokens.len() - at
        && words
            .iter()
            .zip(&tokens[at..])
            .all(|(w, t)| w.matches(&t.word))
}

/// Where "something" (or "anything") stands in "something (that) you can …"
/// just before the word at `at`.
fn thing_before(tokens: &[Token], at: usize) -> Option<usize> {
    let word = |k: usize| tokens[k].word.as_str();
    let modal = at
        .checked_sub(1)
        .filter(|&k| THING_MODALS.contains(&word(k)))?;
    let subject = modal
        .checked_sub(1)
        .filter(|&k| THING_SUBJECTS.contains(&word(k)))?;
    let mut thing = subject.checked_sub(1)?;
    if word(thing) == "that" {
        thing = thing.checked_sub(1)?;
    }
    let said = (thing..at).all(|k| !tokens[k].pause);
    (said && matches!(word(thing), "something" | "anything")).then_some(thing)
}

/// Who can do something, in "something you can …".
const THING_SUBJECTS: &[&str] = &["you", "we", "i", "they", "one", "anyone", "anybody"];

/// What they can do it with, in "something you can …".
const THING_MODALS: &[&str] = &["can", "could", "would", "will", "should", "may", "might"];

/// Whether the part matched at `at` is negated. The negation is looked for
/// back to `floor` at most: a part that must come after another is not
/// negated by the words of that one ("doesn't keep > already consumed").
fn negated(tokens: &[Token], at: usize, floor: usize, wide: bool) -> bool {
    // Back from the matched word, never across a pause: "No, once they're
    // committed they're cleaned" says they are cleaned.
    let mut from = at;
    while from > at.saturating_sub(NEGATION_REACH).max(floor) && !tokens[from].pause {
        from -= 1;
    }
    let denies = |k: usize| {
        let word = tokens[k].word.as_str();
        NEGATIONS.contains(&word)
            && !(NOUN_NEGATIONS.contains(&word)
                && tokens[k + 1..at]
                    .iter()
                    .any(|t| JOINS.contains(&t.word.as_str())))
    };
    if (from..at).any(denies) {
        return true;
    }
    // "you can't go back and reread it": a negation before "go back and",
    // "try and", "come and" denies the verb they lead to.
    let serial = at >= 2
        && tokens[at - 1].word == "and"
        && !tokens[at].pause
        && !tokens[at - 1].pause
        && SERIAL_VERBS.contains(&tokens[at - 2].word.as_str());
    if serial && at - 2 >= floor && negated(tokens, at - 2, floor, false) {
        return true;
    }
    // "A Rabbit queue isn't something you can rewind": a negation before
    // "something (that) you can" denies the verb it leads to.
    if let Some(thing) = thing_before(tokens, at) {
        if thing >= floor && negated(tokens, thing, floor, false) {
            return true;
        }
    }
    if !wide {
        return false;
    }
    // "That replay is the thing RabbitMQ simply doesn't give you": the object
    // comes first and a negated wide verb closes the statement.
    let closes = |k: usize| {
        tokens[k + 1..]
            .iter()
            .take_while(|t| !t.pause)
            .all(|t| PRONOUNS.contains(&t.word.as_str()))
    };
    for k in at + 1..tokens.len().min(at + WIDE_REACH) {
        let word = tokens[k].word.as_str();
        if tokens[k].pause || OBJECT_ENDS.contains(&word) {
            break;
        }
        if (WIDE_VERBS.contains(&word) || CLOSING_VERBS.contains(&word))
            && NEGATIONS.contains(&tokens[k - 1].word.as_str())
            && closes(k)
        {
            return true;
        }
    }
    // A negated wide verb further back denies its whole object.
    let mut k = at;
    while k > at.saturating_sub(WIDE_REACH) && !tokens[k].pause {
        k -= 1;
        let word = tokens[k].word.as_str();
        if OBJECT_ENDS.contains(&word) {
            return false;
        }
        if WIDE_VERBS.contains(&word) {
            let before = tokens[..k].iter().rev().map(|t| t.word.as_str());
            let mut before = before.skip_while(|w| MODALS.contains(w));
            if before.next().is_some_and(|w| NEGATIONS.contains(&w)) {
                return true;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokens;

    fn matches(pattern: &str, text: &str) -> bool {
        Pattern::parse(pattern).unwrap().is_match(&tokens(text))
    }

    #[test]
    fn a_negation_does_not_reach_across_a_pause() {
        let p = "commit* > clean*";
        assert!(!matches(p, "once they're committed they're never cleaned"));
        assert!(!matches(p, "no, not once committed are they cleaned"));
        assert!(matches(
            p,
            "Not from Kafka, no, once they're committed they're cleaned."
        ));
    }

    #[test]
    fn a_noun_negation_stops_at_the_next_statement() {
        let p = "of them > idle";
        assert!(matches(p, "four of them have no partition so idle"));
        assert!(matches(p, "two of them have nothing but idle"));
        // "Or" and "and" join nouns the negation denies too.
        assert!(!matches(
            "rabbit* + replay*",
            "no audit or replay need, so RabbitMQ"
        ));
        assert!(!matches(
            "kafka + idempot*",
            "Kafka needs no dedup and idempotency keys"
        ));
        // Right before the part, a noun's negation still denies it.
        assert!(!matches(p, "of them no idle ones"));
        // A verb's negation reaches across "and": both verbs are denied.
        assert!(!matches(
            "queue + reread*",
            "the queue won't keep and reread it"
        ));
    }

    #[test]
    fn a_negation_carries_through_go_back_and() {
        let p = "queue + reread*";
        assert!(!matches(
            p,
            "once it's acked it leaves the queue and you can't go back and reread it"
        ));
        assert!(!matches(p, "the queue won't let you try and reread it"));
        assert!(matches(p, "with the queue you go back and reread it"));
        // Only through the serial verb: "and" alone joins two statements.
        assert!(matches(
            p,
            "the queue can't keep it forever and rereads happen"
        ));
    }

    #[test]
    fn a_negated_have_closes_the_object_before_it() {
        let p = Pattern::parse("queue + replay*").unwrap().as_claim();
        let said = |text: &str| p.is_match(&tokens(text));
        assert!(!said(
            "That replay ability is something a queue simply doesn't have."
        ));
        assert!(said("That replay ability is something a queue simply has."));
        // Only at the end: "don't have to" denies nothing after it.
        assert!(said(
            "You don't have to pick Kafka for replay as a RabbitMQ queue can replay too."
        ));
    }

    #[test]
    fn a_negation_carries_through_something_you_can() {
        let p = "rabbit* + rewind*";
        assert!(!matches(p, "a Rabbit queue isn't something you can rewind"));
        assert!(!matches(
            p,
            "Rabbit is not really something that we could rewind"
        ));
        assert!(!matches(
            p,
            "Rabbit: not anything you would rewind, in my experience"
        ));
        // Said, not denied: the thing is named without a negation, or the
        // negation belongs to another statement across a pause.
        assert!(matches(p, "with Rabbit that's something you can rewind"));
        assert!(matches(
            p,
            "Not Kafka. Rabbit, that's something you can rewind"
        ));
    }

    #[test]
    fn a_later_part_is_not_negated_by_the_words_of_the_part_before_it() {
        let p = "doesnt keep > already consumed";
        assert!(matches(p, "Kafka doesn't keep already consumed messages"));
        // A negation between the parts still counts.
        assert!(!matches("kafka > keep*", "Kafka, sadly, doesn't keep them"));
    }

    #[test]
    fn all_parts_in_any_order() {
        let p = "queue|rabbit* + delet*|remov* + ack*";
        assert!(matches(
            p,
            "Once it's acked, RabbitMQ removes it from the queue."
        ));
        assert!(matches(p, "the queue deletes messages after the ack"));
        assert!(!matches(p, "the queue deletes messages"));
    }

    #[test]
    fn the_signature_never_rules_out_a_match() {
        let text = "Once it's acked, RabbitMQ removes it from the queue; a DLQ and 4 partitions.";
        let toks = tokens(text);
        let sig = Sig::of(&toks);
        for p in [
            "queue|rabbit* + delet*|remov* + ack*",
            "dlq*",
            "4 > partition*",
            "a + q*",
            "o*",
        ] {
            let p = Pattern::parse(p).unwrap();
            assert!(p.is_match(&toks) && p.may_match(&sig), "{}", p.source());
        }
        let kafka = Pattern::parse("kafka + offset*").unwrap();
        assert!(!kafka.may_match(&sig));
    }

    #[test]
    fn phrases_must_be_contiguous() {
        assert!(matches("dead letter*", "send it to a dead letter queue"));
        assert!(!matches("dead letter*", "the letter is dead"));
    }

    #[test]
    fn negation_within_reach_cancels_a_part() {
        let p = "kafka + delet*";
        assert!(matches(p, "Kafka deletes the message once it is read"));
        assert!(!matches(
            p,
            "Kafka does not delete the message once it is read"
        ));
        assert!(!matches(p, "Kafka doesn't delete anything on read"));
        // A negation far before the part does not reach it.
        assert!(matches(
            p,
            "no, I think that in Kafka the broker deletes it"
        ));
    }

    #[test]
    fn a_negated_wide_verb_denies_its_whole_object_in_a_claim() {
        let claim = |text: &str| {
            Pattern::parse("kafka + delet*")
                .unwrap()
                .as_claim()
                .is_match(&tokens(text))
        };
        assert!(!claim("Kafka won't give you per-message ack or deletion"));
        assert!(!claim(
            "I wouldn't build anything that relies on Kafka deleting messages"
        ));
        // Up to a word that starts a new statement.
        assert!(claim(
            "Kafka won't give you priorities because it deletes each message on read"
        ));
        // Or a pause.
        assert!(claim("Kafka won't give you priorities; it deletes on read"));
        // Or the object comes first and the negated verb closes the clause.
        assert!(!claim(
            "Deleting on read is the thing Kafka simply doesn't give you"
        ));
        assert!(claim(
            "Kafka deletes each message on read, it doesn't give you history"
        ));
        // A modal may stand between the negation and the verb.
        assert!(!claim(
            "keep Kafka for work that nobody will want deleted after it is read"
        ));
        assert!(claim(
            "nobody said so, but we want Kafka to delete it on read"
        ));
        // A rubric point keeps its own negations: it is not read as a claim.
        let said = "I wouldn't rely on any exactly once promise from the broker";
        assert!(matches("wouldnt rely + exactly once", said));
        assert!(!Pattern::parse("wouldnt rely + exactly once")
            .unwrap()
            .as_claim()
            .is_match(&tokens(said)));
    }

    #[test]
    fn ordered_parts_must_follow() {
        let p = "ack* > before";
        assert!(matches(p, "we ack before charging"));
        assert!(!matches(p, "it crashes before acknowledging"));
    }

    #[test]
    fn bad_patterns_are_explained() {
        assert!(Pattern::parse("a || b")
            .unwrap_err()
            .contains("empty alternative"));
        assert!(Pattern::parse("hash(key)")
            .unwrap_err()
            .contains("not a word"));
    }
}
