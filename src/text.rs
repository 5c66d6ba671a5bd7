//! Text helpers shared by the stages: word tokens with byte offsets, sentence
//! splitting that keeps quotes verbatim, crude stems for fuzzy matching of an
//! interviewer's paraphrase against the rubric's wording, and the phrase
//! patterns the rubric's signals and red flags are written in.

use std::collections::BTreeSet;

/// One word of a text: lower-cased, apostrophes removed (`doesn't` → `doesnt`),
/// with its byte span in the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub word: String,
    pub start: usize,
    pub end: usize,
    /// Punctuation that pauses the sentence (a comma, colon, dash, bracket or
    /// full stop) comes between this word and the one before it: "No, once
    /// they're committed" answers no, and the "no" does not negate what follows.
    pub pause: bool,
}

/// Splits `text` into word tokens. Letters, digits and `_` make words;
/// apostrophes inside a word are dropped so that negations read as one token.
pub fn tokens(text: &str) -> Vec<Token> {
    // A finished word, and whether punctuation since the last one pauses.
    let push = |out: &mut Vec<Token>, word: String, start: usize, end: usize| {
        let before = out.last().map_or(0, |t| t.end);
        out.push(Token {
            word,
            start,
            end,
            pause: pauses(&text[before..start]),
        });
    };
    let mut out = Vec::new();
    let mut current = String::new();
    let mut start = 0;
    let mut end = 0;
    for (i, c) in text.char_indices() {
        if c.is_ascii_alphanumeric() || c == '_' {
            if current.is_empty() {
                start = i;
            }
            current.push(c.to_ascii_lowercase());
            end = i + 1;
        } else if c.is_alphanumeric() {
            if current.is_empty() {
                start = i;
            }
            current.extend(c.to_lowercase());
            end = i + c.len_utf8();
        } else if (c == '\'' || c == '’') && !current.is_empty() {
            // Part of a word (doesn't, user's): skip the mark, keep the word going.
            end = i + c.len_utf8();
        } else if !current.is_empty() {
            push(&mut out, std::mem::take(&mut current), start, end);
        }
    }
    if !current.is_empty() {
        push(&mut out, current, start, end);
    }
    out
}

/// Whether the text between two words pauses the sentence.
fn pauses(between: &str) -> bool {
    between.contains([',', ';', ':', '.', '!', '?', '(', ')', '—', '–']) || between.contains(" - ")
}

/// A sentence of a turn, as a byte span of the turn's text (trimmed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// Splits text into sentences at `.`, `!`, `?` or `;` followed by white space,
/// and at blank lines. The spans index the original text, so a quote taken
/// from a span is always verbatim.
pub fn sentences(text: &str) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let boundary = match b {
            b'.' | b'!' | b'?' | b';' => {
                let next = bytes.get(i + 1).copied();
                // Not a decimal point or a dotted name (e.g. "0.5", "Node.js").
                next.is_none_or(|n| n.is_ascii_whitespace())
            }
            b'\n' => bytes.get(i + 1) == Some(&b'\n'),
            _ => false,
        };
        if boundary {
            push_trimmed(text, start, i + 1, &mut spans);
            start = i + 1;
        }
        i += 1;
    }
    push_trimmed(text, start, text.len(), &mut spans);
    spans
}

fn push_trimmed(text: &str, start: usize, end: usize, spans: &mut Vec<Span>) {
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if lead + trail < piece.len() {
        spans.push(Span {
            start: start + lead,
            end: end - trail,
        });
    }
}

/// Words that start a new clause: what follows them may say the opposite of
/// what came before ("RabbitMQ deletes it, while Kafka keeps it").
const CLAUSE_WORDS: &[&str] = &[
    "while",
    "whereas",
    "but",
    "unlike",
    "however",
    "although",
    "though",
    "except",
    "instead",
    "otherwise",
];

/// Splits a sentence into clauses at commas, colons, dashes, brackets and
/// contrasting conjunctions. Red flags are looked for one clause at a time, so
/// a contrast never reads as a misconception.
pub fn clauses(text: &str, sentence: Span) -> Vec<Span> {
    let piece = &text[sentence.start..sentence.end];
    let words: Vec<Token> = tokens(piece)
        .into_iter()
        .map(|t| Token {
            start: t.start + sentence.start,
            end: t.end + sentence.start,
            ..t
        })
        .collect();
    clauses_of(text, sentence, &words)
}

/// [`clauses`] for a sentence whose words are already known: `words` are
/// tokens of `text` (those outside the sentence are ignored).
pub fn clauses_of(text: &str, sentence: Span, words: &[Token]) -> Vec<Span> {
    let piece = &text[sentence.start..sentence.end];
    let either = words
        .iter()
        .find(|t| t.start >= sentence.start && t.end <= sentence.end && t.word == "either")
        .map(|t| t.start);
    let mut cuts: Vec<usize> = piece
        .char_indices()
        .filter(|(_, c)| matches!(c, ',' | ':' | '(' | ')' | '—' | '–' | '"' | '“' | '”'))
        .map(|(i, _)| i)
        .collect();
    cuts.extend(piece.match_indices(" - ").map(|(i, _)| i));
    cuts.extend(
        words
            .iter()
            .filter(|t| t.start >= sentence.start && t.end <= sentence.end)
            .filter(|t| {
                CLAUSE_WORDS.contains(&t.word.as_str())
                    // "either when … in Rabbit or when … in Kafka": two
                    // alternatives, each its own statement.
                    || t.word == "or" && either.is_some_and(|e| t.start > e)
            })
            .map(|t| t.start - sentence.start),
    );
    cuts.sort_unstable();
    let mut spans = Vec::new();
    let mut start = 0;
    // The clause whose leading subordinate part has already been joined to
    // the clause it qualifies.
    let mut joined = None;
    for cut in cuts.into_iter().chain([piece.len()]) {
        // "Line one: ack msg": a step's label belongs to the step it names.
        if piece[cut..].starts_with(':') {
            let label: Vec<&str> = piece[start..cut].split_whitespace().collect();
            if let [first, _] = label.as_slice() {
                if STEP_LABELS.iter().any(|l| l.eq_ignore_ascii_case(first)) {
                    continue;
                }
            }
        }
        // "When a consumer has read it, Kafka deletes it" is one statement:
        // a leading subordinate clause stays with the clause it qualifies
        // (once: "When it drops, in Rabbit …, in Kafka …" is still two), and
        // so does a phrase that only places it ("…comes off first, for the
        // whole topic"); but "…puts it back, or in Kafka…", a new clause
        // joined by a conjunction, is its own statement.
        if let Some(after) = piece[cut..].strip_prefix(',') {
            let is = |word: Option<&str>, list: &[&str]| {
                word.is_some_and(|w| list.iter().any(|x| x.eq_ignore_ascii_case(w)))
            };
            let next = first_word(after);
            let opening = piece.get(start..cut).map(|c| {
                let mut words = words_of(c);
                (words.next(), words.next())
            });
            // "If …," or, after a conjunction, "so if …," / "and when …,".
            let subordinate = opening.is_some_and(|(first, second)| {
                is(first, SUBORDINATORS) || is(first, JOINING) && is(second, SUBORDINATORS)
            });
            let leading = joined != Some(start) && subordinate;
            if leading && !is(next, JOINING) {
                joined = Some(start);
                continue;
            }
            if is(next, PLACING) && !is(next, JOINING) {
                continue;
            }
        }
        if cut >= start {
            push_trimmed(
                text,
                sentence.start + start,
                sentence.start + cut,
                &mut spans,
            );
            // Skip the separator itself (one character, or the conjunction's
            // first letter, harmlessly kept in the next clause otherwise).
            start = piece[cut..]
                .chars()
                .next()
                .filter(|c| !c.is_alphanumeric())
                .map_or(cut, |c| cut + c.len_utf8());
        }
    }
    spans
}

/// The words of `text`, as runs of letters and digits.
fn words_of(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// The first word of `text`.
fn first_word(text: &str) -> Option<&str> {
    words_of(text).next()
}

/// Words that open a clause qualifying the one after it.
const SUBORDINATORS: &[&str] = &[
    "when", "whenever", "once", "after", "if", "before", "until", "unless", "as", "since",
];

/// Words that label a step of code or of a procedure ("Line one:", "Step 2:").
const STEP_LABELS: &[&str] = &["line", "step"];

/// Conjunctions that open a clause of its own.
const JOINING: &[&str] = &["or", "and", "but", "so", "while", "whereas", "then"];

/// Prepositions that open a phrase placing the clause before it (in place or
/// in time: "…comes again next round, until the problem is fixed"), and words
/// that only insist on it ("charged one time, guaranteed").
const PLACING: &[&str] = &[
    "for",
    "across",
    "within",
    "inside",
    "per",
    "over",
    "throughout",
    "even",
    "end",
    "until",
    "till",
    "guaranteed",
    "period",
    "always",
    "every",
];

/// Words too common to tell one question or hint from another.
const STOP_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "for", "with", "is",
    "are", "was", "were", "be", "been", "it", "its", "this", "that", "these", "those", "we", "you",
    "i", "they", "he", "she", "our", "your", "their", "do", "does", "did", "so", "what", "how",
    "why", "when", "which", "who", "there", "then", "than", "can", "could", "would", "should",
    "will", "just", "about", "into", "from", "by", "as", "me", "my", "us", "them", "have", "has",
    "had", "not", "no", "yes", "okay", "ok", "right", "let", "lets", "s", "t", "ll", "re", "ve",
    "d", "m", "all", "some", "any", "one", "up", "out", "also",
];

/// A crude stem: the first five letters of a word, enough to tell that
/// "partitions" and "partitioning" name the same idea.
pub fn stem(word: &str) -> String {
    // A plural reads as its singular ("acks" as "ack"), then the first five letters.
    let singular = match word.strip_suffix('s') {
        Some(w) if w.len() >= 3 && !w.ends_with('s') => w,
        _ => word,
    };
    singular.chars().take(5).collect()
}

/// The set of stems of the content words in `text`.
pub fn content_stems(text: &str) -> BTreeSet<String> {
    tokens(text)
        .into_iter()
        .filter(|t| !STOP_WORDS.contains(&t.word.as_str()))
        .map(|t| stem(&t.word))
        .collect()
}

/// How much of `reference` (a question or hint of the rubric) shows up in
/// `said` (a turn): the share of the reference's content stems present.
pub fn containment(reference: &BTreeSet<String>, said: &BTreeSet<String>) -> f64 {
    if reference.is_empty() {
        return 0.0;
    }
    let hits = reference.iter().filter(|s| said.contains(*s)).count();
    hits as f64 / reference.len() as f64
}

/// Number of words in a text.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

/// Shortens a quote to at most `max` bytes at a word boundary. The result is
/// still a verbatim prefix of the input (no ellipsis is added), so it can be
/// checked against the transcript.
pub fn clip_verbatim(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut cut = max;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    match text[..cut].rfind(char::is_whitespace) {
        Some(ws) if ws > max / 2 => text[..ws].trim_end(),
        _ => &text[..cut],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The clauses of `text` read as one sentence.
    fn split(text: &str) -> Vec<String> {
        let all = Span {
            start: 0,
            end: text.len(),
        };
        clauses(text, all)
            .iter()
            .map(|s| text[s.start..s.end].to_string())
            .collect()
    }

    #[test]
    fn tokens_fold_case_and_apostrophes() {
        let t = tokens("Kafka doesn't DELETE on-read");
        let words: Vec<_> = t.iter().map(|t| t.word.as_str()).collect();
        assert_eq!(words, ["kafka", "doesnt", "delete", "on", "read"]);
        assert_eq!(
            &"Kafka doesn't DELETE on-read"[t[1].start..t[1].end],
            "doesn't"
        );
    }

    #[test]
    fn sentences_keep_verbatim_spans_and_decimals() {
        let text = "It retries 0.5 s later. Then?  It goes to the DLQ\n\nNew para";
        let parts: Vec<_> = sentences(text)
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect();
        assert_eq!(
            parts,
            [
                "It retries 0.5 s later.",
                "Then?",
                "It goes to the DLQ",
                "New para"
            ]
        );
    }

    #[test]
    fn clauses_split_at_contrasts() {
        assert_eq!(
            split("RabbitMQ deletes it after the ack, while Kafka keeps it (for a week)"),
            [
                "RabbitMQ deletes it after the ack",
                "while Kafka keeps it",
                "for a week"
            ]
        );
    }

    #[test]
    fn a_step_label_stays_with_its_step() {
        assert_eq!(split("Line one: ack msg"), ["Line one: ack msg"]);
        assert_eq!(
            split("Step 2: charge the card, or retry"),
            ["Step 2: charge the card", "or retry"]
        );
        // Any other label is a clause of its own.
        assert_eq!(
            split("Short answer: Kafka keeps it"),
            ["Short answer", "Kafka keeps it"]
        );
    }

    #[test]
    fn either_or_splits_into_alternatives_but_a_lone_or_does_not() {
        assert_eq!(
            split("either when it drops in Rabbit or when Kafka rebalances"),
            ["either when it drops in Rabbit", "or when Kafka rebalances"]
        );
        assert_eq!(
            split("retry three or four times"),
            ["retry three or four times"]
        );
    }

    #[test]
    fn containment_counts_reference_stems() {
        let reference = content_stems("Does Kafka guarantee ordering across the entire topic?");
        let said = content_stems("does kafka guarantee the order across a whole topic");
        let score = containment(&reference, &said);
        assert!(score > 0.6, "{score}");
        assert_eq!(containment(&reference, &content_stems("hello there")), 0.0);
    }

    #[test]
    fn clip_keeps_a_verbatim_prefix() {
        let text = "one two three four five six";
        assert_eq!(clip_verbatim(text, 12), "one two");
        assert_eq!(clip_verbatim(text, 100), text);
    }
}
