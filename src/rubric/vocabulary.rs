//! Plain words for the rubric's terms.
//!
//! Candidates who understand a system often describe it in their own words:
//! "sub-streams" for partitions, "a bookmark" for an offset, "a quarantine
//! topic" for a dead-letter topic. The rubric's `[vocabulary]` maps such
//! phrases to the term its patterns are written in; the rules judge reads each
//! turn with the phrases replaced, so a paraphrase earns what the term earns.
//! Quotes are always taken from the original text.

use std::collections::{BTreeMap, HashMap};

use crate::text::{tokens, Token};

/// Compiled `[vocabulary]`: phrases by their first word, longest first.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    by_first: HashMap<String, Vec<Entry>>,
}

#[derive(Debug, Clone)]
struct Entry {
    phrase: Vec<String>,
    term: Vec<String>,
}

impl Vocabulary {
    /// Compiles `term = [phrases]`; problems are named for the rubric's error.
    pub fn compile(source: &BTreeMap<String, Vec<String>>, problems: &mut Vec<String>) -> Self {
        let words =
            |text: &str| -> Vec<String> { tokens(text).into_iter().map(|t| t.word).collect() };
        let mut by_first: HashMap<String, Vec<Entry>> = HashMap::new();
        for (term, phrases) in source {
            let term_words = words(term);
            if term_words.is_empty() {
                problems.push(format!("vocabulary term `{term}` has no words"));
                continue;
            }
            for phrase in phrases {
                let phrase_words = words(phrase);
                let Some(first) = phrase_words.first().cloned() else {
                    problems.push(format!(
                        "vocabulary `{term}`: phrase `{phrase}` has no words"
                    ));
                    continue;
                };
                by_first.entry(first).or_default().push(Entry {
                    phrase: phrase_words,
                    term: term_words.clone(),
                });
            }
        }
        for entries in by_first.values_mut() {
            entries.sort_by_key(|e| std::cmp::Reverse(e.phrase.len()));
        }
        Vocabulary { by_first }
    }

    /// The tokens with every phrase replaced by its term; a term's words
    /// keep the span of the whole phrase.
    pub fn apply(&self, mut toks: Vec<Token>) -> Vec<Token> {
        let starts = |t: &Token| self.by_first.contains_key(&t.word);
        if !toks.iter().any(starts) {
            return toks;
        }
        let mut out = Vec::with_capacity(toks.len());
        let mut i = 0;
        while i < toks.len() {
            let found = self.by_first.get(&toks[i].word).and_then(|entries| {
                entries.iter().find(|e| {
                    toks.len() - i >= e.phrase.len()
                        && e.phrase.iter().zip(&toks[i..]).all(|(w, t)| *w == t.word)
                })
            });
            match found {
                Some(entry) => {
                    let (start, end) = (toks[i].start, toks[i + entry.phrase.len() - 1].end);
                    let pause = toks[i].pause;
                    out.extend(entry.term.iter().enumerate().map(|(k, w)| Token {
                        word: w.clone(),
                        start,
                        end,
                        pause: pause && k == 0,
                    }));
                    i += entry.phrase.len();
                }
                None => {
                    // Moved, not cloned: most words stay as they are.
                    out.push(Token {
                        word: std::mem::take(&mut toks[i].word),
                        start: toks[i].start,
                        end: toks[i].end,
                        pause: toks[i].pause,
                    });
                    i += 1;
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_become_terms_and_keep_their_spans() {
        let source = BTreeMap::from([
            (
                "partitions".to_string(),
                vec!["sub-streams".to_string(), "lanes".to_string()],
            ),
            (
                "dead letter queue".to_string(),
                vec!["quarantine queue".to_string()],
            ),
        ]);
        let mut problems = Vec::new();
        let v = Vocabulary::compile(&source, &mut problems);
        assert!(problems.is_empty());
        let text = "Order holds inside sub-streams; bad ones go to a quarantine queue.";
        let words: Vec<String> = v.apply(tokens(text)).into_iter().map(|t| t.word).collect();
        assert_eq!(
            words.join(" "),
            "order holds inside partitions bad ones go to a dead letter queue"
        );
        let replaced = v.apply(tokens(text));
        let p = replaced.iter().find(|t| t.word == "partitions").unwrap();
        assert_eq!(&text[p.start..p.end], "sub-streams");
        // A phrase cut short by the end of the text is not replaced.
        let words: Vec<String> = v
            .apply(tokens("a quarantine"))
            .into_iter()
            .map(|t| t.word)
            .collect();
        assert_eq!(words, ["a", "quarantine"]);
    }
}
