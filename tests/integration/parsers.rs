//! Property tests: no input, however malformed, makes a parser or the stages
//! after it panic. Inputs are built from fragments of every format so that the
//! generator reaches deep into each parser, plus arbitrary bytes and strings.

use std::path::Path;

use grade::ingest::{decode, ingest_text, readers, IngestOptions};
use grade::judge::{grade, rules::RulesJudge};
use grade::rubric::Rubric;
use grade::segment::Segmenter;
use proptest::prelude::*;

const FRAGMENTS: &[&str] = &[
    "WEBVTT\n",
    "WEBVTT - x\n",
    "\n",
    "\n\n",
    "\r\n",
    "NOTE x\n",
    "STYLE\n",
    "00:01.000 --> 00:02.000",
    "00:00:01,000 --> 00:00:02,500\n",
    " align:start",
    "ab/3-0\n",
    "ab/3-1\n",
    "<v Dana>",
    "<v.loud Ana María>",
    "</v>",
    "<i>",
    "<c.yellow>",
    "&#237;",
    "&amp;",
    "&#xFFFFFFFF;",
    "&",
    "1\n",
    "Interviewer: ",
    "Candidate: ",
    "**Dana (interviewer):** ",
    "[00:01:02] ",
    "Speaker 1 (00:00):",
    "Dana Reyes  0:05\n",
    "Unknown Speaker  62:05\n",
    "Transcribed by https://otter.ai",
    "00:00:05\tSpeaker 1\t",
    "---\n",
    "candidate_id: x\n",
    "## Phase 3\n",
    "Participants: A (interviewer), B (candidate)\n",
    "{",
    "}",
    "[",
    "]",
    "\"role\": \"user\"",
    "\"role\": \"assistant\"",
    "\"content\": ",
    "\"messages\": [",
    "\"utterances\": [",
    "\"segments\": [",
    "\"speaker\": 0",
    "\"start\": 1e308",
    "\"results\": {\"channels\": [{\"alternatives\": [{",
    "\"monologues\": [",
    "\"elements\": [",
    ",",
    ":",
    "\"",
    "We are building an order processing system. Should we use Kafka or RabbitMQ?",
    "Kafka only guarantees ordering within a single partition.",
    "é",
    "日本",
    "🙂",
    "\u{feff}",
    "\t",
    "?",
    ".",
];

fn assembled() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..60).prop_map(|parts| parts.concat())
}

fn any_input() -> impl Strategy<Value = String> {
    prop_oneof![assembled(), any::<String>(), "[ -~\n]{0,400}"]
}

fn run_everything(text: &str) {
    let rubric = Rubric::default_rubric().expect("the default rubric loads");
    for reader in readers() {
        let _ = reader.sniff(Path::new("x.txt"), text);
        let _ = reader.parse(Path::new("x.txt"), text);
    }
    let segmenter = Segmenter::new(&rubric);
    for name in ["x.txt", "x.md", "x.vtt", "x.json", "x.jsonl"] {
        for ingested in ingest_text(
            Path::new(name),
            name,
            text,
            &rubric,
            &IngestOptions::default(),
        ) {
            if let Ok(transcript) = ingested.result {
                if let Ok(segmentation) = segmenter.segment(&transcript, &rubric) {
                    let card = grade(&transcript, &segmentation, &rubric, &RulesJudge);
                    assert_eq!(card.dimensions.len(), rubric.dimensions.len());
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn no_text_makes_a_parser_or_a_stage_panic(text in any_input()) {
        run_everything(&text);
    }

    #[test]
    fn no_bytes_make_decoding_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        if let Ok(text) = decode(&bytes) {
            run_everything(&text);
        }
    }
}
