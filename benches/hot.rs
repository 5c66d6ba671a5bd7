//! Criterion benchmarks of the rules path's hot functions, through the
//! library's public API, on two bundled interviews: a typical one
//! (`01-strong-hire.md`) and the longest (`14-rambling-strong.txt`).
//!
//! ```sh
//! cargo bench --bench hot                 # every benchmark, well under a minute
//! cargo bench --bench hot -- judge        # those whose name contains "judge"
//! ```
//!
//! Each stage is measured on its own (ingest, segment, judge, rendering the
//! scorecard), plus the whole per-transcript path, so the stage that dominates
//! a run is visible; `scripts/bench` times whole runs against a grep floor.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

use grade::ingest::{ingest_text, IngestOptions};
use grade::judge::rules::RulesJudge;
use grade::model::{CohortRow, Scorecard, Segmentation, Transcript};
use grade::report::{cohort_csv, pretty_json, Templates};
use grade::rubric::{Pattern, Rubric};
use grade::segment::Segmenter;
use grade::text::{sentences, tokens, Token};

const FIXTURES: &[&str] = &["01-strong-hire.md", "14-rambling-strong.txt"];

struct Fixture {
    name: &'static str,
    path: &'static Path,
    text: String,
    transcript: Transcript,
    segmentation: Segmentation,
    card: Scorecard,
}

struct Setup {
    rubric: Rubric,
    segmenter: Segmenter,
    options: IngestOptions,
    templates: Templates,
    fixtures: Vec<Fixture>,
}

fn setup() -> Setup {
    let rubric = Rubric::default_rubric().expect("the built-in rubric loads");
    let segmenter = Segmenter::new(&rubric);
    let options = IngestOptions::default();
    let templates = Templates::load(None).expect("the built-in templates load");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/transcripts");
    let fixtures = FIXTURES
        .iter()
        .map(|&name| {
            let path: &'static Path = Box::leak(root.join(name).into_boxed_path());
            let text = std::fs::read_to_string(path).expect("the fixture is readable");
            let transcript = ingest_one(path, name, &text, &rubric, &options);
            let segmentation = segmenter
                .segment(&transcript, &rubric)
                .expect("the fixture segments");
            let card = grade::judge::grade(&transcript, &segmentation, &rubric, &RulesJudge);
            Fixture {
                name,
                path,
                text,
                transcript,
                segmentation,
                card,
            }
        })
        .collect();
    Setup {
        rubric,
        segmenter,
        options,
        templates,
        fixtures,
    }
}

fn ingest_one(
    path: &Path,
    source: &str,
    text: &str,
    rubric: &Rubric,
    options: &IngestOptions,
) -> Transcript {
    ingest_text(path, source, text, rubric, options)
        .into_iter()
        .next()
        .expect("one conversation")
        .result
        .expect("the fixture ingests")
}

/// Every phrase pattern of the rubric: signals, topics, red flags and their
/// corrections.
fn all_patterns(rubric: &Rubric) -> Vec<&Pattern> {
    let mut out: Vec<&Pattern> = Vec::new();
    for d in &rubric.dimensions {
        out.extend(&d.topic_patterns);
        for s in &d.signals {
            out.extend(&s.compiled);
        }
    }
    for f in &rubric.red_flags {
        out.extend(&f.compiled);
        out.extend(&f.compiled_corrections);
    }
    out
}

/// The token lists of every sentence of every turn.
fn sentence_tokens(transcript: &Transcript) -> Vec<Vec<Token>> {
    transcript
        .turns
        .iter()
        .flat_map(|turn| {
            sentences(&turn.text)
                .into_iter()
                .map(|s| tokens(&turn.text[s.start..s.end]))
                .collect::<Vec<_>>()
        })
        .collect()
}

fn benches(c: &mut Criterion) {
    let s = setup();
    let rubric = &s.rubric;
    let patterns = all_patterns(rubric);

    let mut group = c.benchmark_group("stage");
    for f in &s.fixtures {
        group.throughput(Throughput::Bytes(f.text.len() as u64));
        group.bench_with_input(BenchmarkId::new("ingest_text", f.name), f, |b, f| {
            b.iter(|| ingest_text(f.path, f.name, black_box(&f.text), rubric, &s.options))
        });
        group.bench_with_input(BenchmarkId::new("segment", f.name), f, |b, f| {
            b.iter(|| s.segmenter.segment(black_box(&f.transcript), rubric))
        });
        group.bench_with_input(BenchmarkId::new("judge_rules", f.name), f, |b, f| {
            b.iter(|| {
                grade::judge::grade(
                    black_box(&f.transcript),
                    &f.segmentation,
                    rubric,
                    &RulesJudge,
                )
            })
        });
        group.bench_with_input(BenchmarkId::new("scorecard_html", f.name), f, |b, f| {
            b.iter(|| s.templates.scorecard(black_box(&f.card), rubric).unwrap())
        });
        group.bench_with_input(BenchmarkId::new("scorecard_json", f.name), f, |b, f| {
            b.iter(|| pretty_json(black_box(&f.card)).unwrap())
        });
        // What one transcript costs in a run, less the file system.
        group.bench_with_input(BenchmarkId::new("whole_transcript", f.name), f, |b, f| {
            b.iter(|| {
                let t = ingest_one(f.path, f.name, black_box(&f.text), rubric, &s.options);
                let seg = s.segmenter.segment(&t, rubric).unwrap();
                let card = grade::judge::grade(&t, &seg, rubric, &RulesJudge);
                let html = s.templates.scorecard(&card, rubric).unwrap();
                let json = pretty_json(&card).unwrap();
                html.len() + json.len()
            })
        });
    }
    group.finish();

    let mut group = c.benchmark_group("text");
    for f in &s.fixtures {
        group.throughput(Throughput::Bytes(f.text.len() as u64));
        group.bench_with_input(BenchmarkId::new("tokens", f.name), f, |b, f| {
            b.iter(|| tokens(black_box(&f.text)))
        });
        // Every rubric pattern against every sentence, no prefilter: the cost
        // the pattern engine would have without `Pattern::may_match`.
        let sentences = sentence_tokens(&f.transcript);
        let checks = (sentences.len() * patterns.len()) as u64;
        group.throughput(Throughput::Elements(checks));
        group.bench_with_input(
            BenchmarkId::new("pattern_is_match_all", f.name),
            &sentences,
            |b, sentences| {
                b.iter(|| {
                    let mut hits = 0usize;
                    for words in sentences {
                        for p in &patterns {
                            hits += usize::from(p.is_match(black_box(words)));
                        }
                    }
                    hits
                })
            },
        );
    }
    group.finish();

    let mut group = c.benchmark_group("cohort");
    let rows: Vec<CohortRow> = (0..1000)
        .map(|i| {
            let mut row = CohortRow::from_scorecard(&s.fixtures[i % s.fixtures.len()].card);
            row.candidate_id = format!("C-{i:05}");
            row
        })
        .collect();
    group.throughput(Throughput::Elements(rows.len() as u64));
    group.bench_function("cohort_csv_1000_rows", |b| {
        b.iter(|| cohort_csv(black_box(&rows), rubric).unwrap())
    });
    group.finish();
}

criterion_group! {
    name = hot;
    // Short runs: the whole file finishes in well under a minute.
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_millis(1500));
    targets = benches
}
criterion_main!(hot);
