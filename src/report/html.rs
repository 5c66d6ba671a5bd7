//! The HTML reports, rendered with tera from `templates/`. The built-in
//! templates are embedded; `--templates DIR` replaces any of them by a file of
//! the same name. Everything a transcript contributes is escaped by tera's
//! autoescaping (all templates end in `.html`); charts are inline SVG built
//! from numbers only.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{bail, Context, Result};
use serde::Serialize;
use tera::{Context as TeraContext, Tera};

use super::RunInfo;
use crate::model::{CohortRow, DeadLetter, Recommendation, Role, Scorecard};
use crate::rubric::Rubric;

/// Built-in templates: name and content.
pub const BUILT_IN: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    (
        "scorecard.html",
        include_str!("../../templates/scorecard.html"),
    ),
    ("index.html", include_str!("../../templates/index.html")),
    (
        "index_row.html",
        include_str!("../../templates/index_row.html"),
    ),
    (
        "calibration.html",
        include_str!("../../templates/calibration.html"),
    ),
    ("compare.html", include_str!("../../templates/compare.html")),
];

pub struct Templates {
    tera: Tera,
}

impl Templates {
    pub fn load(dir: Option<&Path>) -> Result<Templates> {
        if let Some(dir) = dir {
            if !dir.is_dir() {
                bail!("the templates folder {} does not exist", dir.display());
            }
        }
        let mut sources = Vec::new();
        for (name, built_in) in BUILT_IN {
            let text = match dir.map(|d| d.join(name)).filter(|p| p.is_file()) {
                Some(path) => std::fs::read_to_string(&path)
                    .with_context(|| format!("could not read the template {}", path.display()))?,
                None => built_in.to_string(),
            };
            sources.push((*name, text));
        }
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html"]);
        tera.add_raw_templates(sources)
            .map_err(|e| anyhow::anyhow!(tera_message(&e)))
            .context("a report template is invalid")?;
        Ok(Templates { tera })
    }

    fn render(&self, name: &str, context: &TeraContext) -> Result<String> {
        self.tera
            .render(name, context)
            .map_err(|e| anyhow::anyhow!(tera_message(&e)))
            .with_context(|| format!("could not render the template {name}"))
    }

    pub fn scorecard(&self, card: &Scorecard, rubric: &Rubric) -> Result<String> {
        let mut context = TeraContext::new();
        context.insert("card", card);
        context.insert(
            "display_name",
            card.candidate_name.as_deref().unwrap_or(&card.candidate_id),
        );
        context.insert(
            "recommendation_label",
            recommendation_label(card.recommendation),
        );
        context.insert("chart", &dimension_chart(card));
        context.insert("timeline", &timeline(card));
        context.insert("sections", &sections(card));
        // The rubric's descriptor of the level each dimension reached.
        let level_text: BTreeMap<&str, &str> = card
            .dimensions
            .iter()
            .filter_map(|d| {
                let levels = &rubric.dimension(&d.id)?.levels;
                let text = match d.score? {
                    4 => &levels.exceptional,
                    3 => &levels.solid,
                    2 => &levels.partial,
                    _ => &levels.weak,
                };
                Some((d.id.as_str(), text.as_str()))
            })
            .collect();
        context.insert("level_text", &level_text);
        context.insert("version", env!("CARGO_PKG_VERSION"));
        self.render("scorecard.html", &context)
    }

    pub fn index(
        &self,
        rows: &[CohortRow],
        dead: &[DeadLetter],
        rubric: &Rubric,
        run: &RunInfo,
    ) -> Result<String> {
        let mut context = TeraContext::new();
        let dims: Vec<(&str, &str)> = rubric
            .dimensions
            .iter()
            .map(|d| (d.id.as_str(), d.name.as_str()))
            .collect();
        context.insert("dimensions", &dims);
        // Row by row: a cohort of 20,000 as one template value took 170 MB.
        let mut rows_html = String::new();
        let mut row_context = TeraContext::new();
        for row in rows {
            row_context.insert("r", &IndexRow::from(row));
            rows_html.push_str(&self.render("index_row.html", &row_context)?);
        }
        context.insert("rows_html", &rows_html);
        context.insert("dead", dead);
        context.insert("run", run);
        context.insert("counts", &recommendation_counts(rows));
        context.insert("distributions", &distributions(rows, rubric));
        context.insert("version", env!("CARGO_PKG_VERSION"));
        self.render("index.html", &context)
    }
}

impl Templates {
    /// The cohort comparison page.
    pub fn compare(&self, comparison: &crate::compare::Comparison) -> Result<String> {
        let mut context = TeraContext::new();
        context.insert("c", comparison);
        context.insert("version", env!("CARGO_PKG_VERSION"));
        self.render("compare.html", &context)
    }

    /// The calibration report page.
    pub fn calibration(&self, calibration: &crate::calibrate::Calibration) -> Result<String> {
        let mut context = TeraContext::new();
        context.insert("c", calibration);
        context.insert("version", env!("CARGO_PKG_VERSION"));
        self.render("calibration.html", &context)
    }
}

/// Tera's errors nest the useful part (template, line, column) in sources.
fn tera_message(error: &tera::Error) -> String {
    let mut parts = vec![error.to_string()];
    let mut source = std::error::Error::source(error);
    while let Some(e) = source {
        parts.push(e.to_string());
        source = e.source();
    }
    parts.join(": ")
}

fn recommendation_label(r: Recommendation) -> &'static str {
    match r {
        Recommendation::StrongHire => "Strong hire",
        Recommendation::Hire => "Hire",
        Recommendation::NoHire => "No hire",
        Recommendation::StrongNoHire => "Strong no hire",
        Recommendation::InsufficientEvidence => "Insufficient evidence",
    }
}

#[derive(Serialize)]
struct Bar {
    label: String,
    value: String,
    y: u32,
    width: u32,
    class: String,
}

/// One horizontal bar per dimension, 0 to 4.
fn dimension_chart(card: &Scorecard) -> Vec<Bar> {
    card.dimensions
        .iter()
        .enumerate()
        .map(|(i, d)| Bar {
            label: d.name.clone(),
            value: d
                .score
                .map_or("not assessed".to_string(), |s| format!("{s}/4")),
            y: i as u32 * 28,
            width: u32::from(d.score.unwrap_or(0)) * 60,
            class: d.score.map_or("na".to_string(), |s| format!("s{s}")),
        })
        .collect()
}

#[derive(Serialize)]
struct Span {
    name: String,
    x: f64,
    width: f64,
    covered: bool,
    hints: u8,
    duration: Option<String>,
}

/// Phase coverage along the interview, by transcript lines.
fn timeline(card: &Scorecard) -> Vec<Span> {
    let first = card.transcript.first().map_or(1, |t| t.line) as f64;
    let last = card.transcript.last().map_or(1, |t| t.line) as f64;
    let total = (last - first).max(1.0);
    card.phases
        .iter()
        .map(|p| {
            let (x, width) = match (p.first_line, p.last_line) {
                (Some(a), Some(b)) if p.covered => {
                    let x = (a as f64 - first) / total * 600.0;
                    let w = ((b as f64 - a as f64) / total * 600.0).max(6.0);
                    ((x * 10.0).round() / 10.0, (w * 10.0).round() / 10.0)
                }
                _ => (0.0, 0.0),
            };
            let duration = match (p.started_at, p.ended_at) {
                (Some(a), Some(b)) if b.0 >= a.0 => {
                    Some(format!("{} min", (b.0 - a.0).div_ceil(60)))
                }
                _ => None,
            };
            Span {
                name: format!("{}. {}", p.number, p.name),
                x,
                width,
                covered: p.covered,
                hints: p.max_hint_level,
                duration,
            }
        })
        .collect()
}

#[derive(Serialize)]
struct Line {
    n: usize,
    /// The anchor of the file line (`L12`, or `S2-L12` for the third session),
    /// on its first text line only: JSON puts several text lines on one.
    anchor: Option<String>,
    href: String,
    text: String,
}

#[derive(Serialize)]
struct TurnLines {
    speaker: String,
    candidate: bool,
    timestamp: Option<String>,
    lines: Vec<Line>,
}

#[derive(Serialize)]
struct Section {
    title: String,
    turns: Vec<TurnLines>,
}

/// The anchor of a file line of a session: `L12`, or `S2-L12`.
fn line_anchor(session: Option<usize>, line: usize) -> String {
    match session {
        Some(k) => format!("S{k}-L{line}"),
        None => format!("L{line}"),
    }
}

/// The transcript in runs of turns of the same session and phase, one anchor per line.
fn sections(card: &Scorecard) -> Vec<Section> {
    // Sections run while the session and the phase stay the same.
    type Key = (Option<usize>, Option<String>);
    let mut out: Vec<(Key, Section)> = Vec::new();
    let mut anchored = std::collections::BTreeSet::new();
    for turn in &card.transcript {
        let phase_title = match &turn.phase {
            Some(id) => card
                .phases
                .iter()
                .find(|p| &p.id == id)
                .map_or(id.clone(), |p| format!("Phase {}: {}", p.number, p.name)),
            None if out.last().is_none_or(|((s, _), _)| *s != turn.session) => {
                "Opening".to_string()
            }
            None => "Outside the rubric's phases".to_string(),
        };
        let title = match turn
            .session
            .and_then(|k| card.sessions.get(k).map(|s| (k, s)))
        {
            Some((k, s)) => format!("Session {} ({}) · {phase_title}", k + 1, s.source),
            None => phase_title,
        };
        let key = (turn.session, turn.phase.clone());
        if out.last().is_none_or(|(k, _)| *k != key) {
            out.push((
                key,
                Section {
                    title,
                    turns: Vec::new(),
                },
            ));
        }
        let lines = turn
            .text
            .split('\n')
            .enumerate()
            .map(|(i, text)| {
                let n = crate::model::line_of(turn.line, &turn.line_map, i);
                let id = line_anchor(turn.session, n);
                Line {
                    anchor: anchored.insert(id.clone()).then(|| id.clone()),
                    href: format!("#{id}"),
                    n,
                    text: text.to_string(),
                }
            })
            .collect();
        if let Some((_, section)) = out.last_mut() {
            section.turns.push(TurnLines {
                speaker: turn.speaker.clone(),
                candidate: turn.role == Role::Candidate,
                timestamp: turn.timestamp.map(|t| t.to_string()),
                lines,
            });
        }
    }
    out.into_iter().map(|(_, s)| s).collect()
}

#[derive(Serialize)]
struct Cell {
    value: String,
    class: String,
}

#[derive(Serialize)]
struct IndexRow<'a> {
    row: &'a CohortRow,
    /// The candidate's name, or the id when the transcript gives no name.
    name: &'a str,
    link: String,
    cells: Vec<Cell>,
    overall: String,
    recommendation_label: &'static str,
}

impl<'a> From<&'a CohortRow> for IndexRow<'a> {
    fn from(row: &'a CohortRow) -> Self {
        IndexRow {
            row,
            name: if row.candidate_name.is_empty() {
                &row.candidate_id
            } else {
                &row.candidate_name
            },
            link: format!("candidates/{}.html", row.candidate_id),
            cells: row
                .scores
                .iter()
                .map(|s| Cell {
                    value: s.map_or("–".to_string(), |s| s.to_string()),
                    class: s.map_or("na".to_string(), |s| format!("s{s}")),
                })
                .collect(),
            overall: row.overall.map_or(String::new(), |o| format!("{o:.2}")),
            recommendation_label: recommendation_label(row.recommendation),
        }
    }
}

#[derive(Serialize)]
struct Count {
    id: &'static str,
    label: &'static str,
    count: usize,
    width: u32,
}

fn recommendation_counts(rows: &[CohortRow]) -> Vec<Count> {
    let max = rows.len().max(1);
    Recommendation::ALL
        .iter()
        .map(|r| {
            let count = rows.iter().filter(|row| row.recommendation == *r).count();
            Count {
                id: r.as_str(),
                label: recommendation_label(*r),
                count,
                width: (count * 300 / max) as u32,
            }
        })
        .collect()
}

#[derive(Serialize)]
struct Distribution {
    name: String,
    mean: String,
    /// Width of the mean's bar in the means chart (60 per point, 0 when none).
    mean_width: u32,
    /// Counts of scores 1..4 then not assessed, with bar heights.
    bars: Vec<(String, usize, u32)>,
}

fn distributions(rows: &[CohortRow], rubric: &Rubric) -> Vec<Distribution> {
    rubric
        .dimensions
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let scores: Vec<Option<u8>> = rows
                .iter()
                .map(|r| r.scores.get(i).copied().flatten())
                .collect();
            let assessed: Vec<u8> = scores.iter().flatten().copied().collect();
            let mean = if assessed.is_empty() {
                "–".to_string()
            } else {
                format!(
                    "{:.2}",
                    assessed.iter().map(|&s| f64::from(s)).sum::<f64>() / assessed.len() as f64
                )
            };
            let max = rows.len().max(1);
            let bars = [Some(1u8), Some(2), Some(3), Some(4), None]
                .iter()
                .map(|v| {
                    let count = scores.iter().filter(|s| *s == v).count();
                    let label = v.map_or("n/a".to_string(), |v| v.to_string());
                    (label, count, (count * 60 / max) as u32)
                })
                .collect();
            let mean_width = mean.parse::<f64>().map_or(0, |m| (m * 60.0).round() as u32);
            Distribution {
                name: d.name.clone(),
                mean_width,
                mean,
                bars,
            }
        })
        .collect()
}
