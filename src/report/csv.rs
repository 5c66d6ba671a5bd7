//! `cohort.csv` and `dead-letter.csv`, in the column order of SPEC §3.
//! RFC 4180 quoting, UTF-8, rows in the order given (the pipeline sorts them
//! by source), and every cell a spreadsheet could read as a formula
//! neutralised.

use anyhow::Result;

use crate::model::{CohortRow, DeadLetter};
use crate::rubric::Rubric;

/// The fixed columns before the dimension columns.
pub const LEADING_COLUMNS: [&str; 5] = [
    "candidate_id",
    "candidate_name",
    "source",
    "format",
    "judge",
];
/// The fixed columns after the dimension columns.
pub const TRAILING_COLUMNS: [&str; 6] = [
    "overall",
    "recommendation",
    "red_flags",
    "max_hint_level",
    "phases_covered",
    "warnings",
];

/// A cell that a spreadsheet would run as a formula gets a leading `'`.
/// A plain number ("-0.52") is data, not a formula, and stays as it is.
pub fn neutralise(cell: &str) -> String {
    let number = cell.parse::<f64>().is_ok_and(f64::is_finite) && !cell.starts_with(['\t', '\r']);
    if !number && cell.starts_with(FORMULA_STARTS) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// What a spreadsheet reads as the start of a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Undoes [`neutralise`]: takes off the `'` put before a cell a spreadsheet
/// would run, for reading a `cohort.csv` that `grade` wrote.
pub fn unneutralise(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => cell,
    }
}

/// The header of `cohort.csv` for a rubric.
pub fn cohort_header(rubric: &Rubric) -> Vec<String> {
    LEADING_COLUMNS
        .iter()
        .map(|c| c.to_string())
        .chain(rubric.dimensions.iter().map(|d| d.id.clone()))
        .chain(TRAILING_COLUMNS.iter().map(|c| c.to_string()))
        .collect()
}

pub fn cohort_csv(rows: &[CohortRow], rubric: &Rubric) -> Result<Vec<u8>> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(cohort_header(rubric))?;
    for row in rows {
        let mut record: Vec<String> = vec![
            row.candidate_id.clone(),
            row.candidate_name.clone(),
            row.source.clone(),
            row.format.clone(),
            row.judge.clone(),
        ];
        record.extend(
            row.scores
                .iter()
                .map(|s| s.map(|s| s.to_string()).unwrap_or_default()),
        );
        record.push(row.overall.map(|o| format!("{o:.2}")).unwrap_or_default());
        record.push(row.recommendation.as_str().to_string());
        record.push(row.red_flags.join(";"));
        record.push(row.max_hint_level.to_string());
        record.push(row.phases_covered.join(";"));
        record.push(row.warnings.join(";"));
        writer.write_record(record.iter().map(|c| neutralise(c)))?;
    }
    Ok(writer.into_inner()?)
}

pub fn dead_letter_csv(dead: &[DeadLetter]) -> Result<Vec<u8>> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(["source", "stage", "error"])?;
    for d in dead {
        writer.write_record([
            neutralise(&d.source),
            neutralise(&d.stage),
            neutralise(&d.error),
        ])?;
    }
    Ok(writer.into_inner()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("-2+3"), "'-2+3");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("\tx"), "'\tx");
        assert_eq!(neutralise("Sam"), "Sam");
        assert_eq!(neutralise("-0.52"), "-0.52", "a negative number is data");
        assert_eq!(neutralise("-1+2"), "'-1+2");
        assert_eq!(neutralise("+inf"), "'+inf");
    }

    #[test]
    fn dead_letters_are_quoted_and_neutralised() {
        let bytes = dead_letter_csv(&[DeadLetter {
            source: "=evil.txt".into(),
            stage: "ingest".into(),
            error: "the file is empty, \"really\"".into(),
        }])
        .unwrap();
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "source,stage,error\n'=evil.txt,ingest,\"the file is empty, \"\"really\"\"\"\n"
        );
    }
}
