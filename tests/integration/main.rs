//! End-to-end tests: the built `grade` binary run on the fixtures into a
//! temporary folder, as a user would run it.

mod bad_input;
mod behaviours;
mod browser;
mod calibrate;
mod cases;
mod cli;
mod compare;
mod fixtures;
mod formats;
mod llm;
mod llm_hostile;
mod llm_mock;
mod llm_real;
mod parsers;
mod reports;
mod shards;
mod snapshots;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(path: &str) -> PathBuf {
    root().join("fixtures").join(path)
}

/// Runs `grade` with `args`, with `CI` set so no progress bar is drawn.
pub fn grade<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    Command::new(env!("CARGO_BIN_EXE_grade"))
        .args(args)
        .env("CI", "true")
        .env_remove("OPENAI_API_KEY")
        .env_remove("OPENAI_BASE_URL")
        .env_remove("GRADE_MODEL")
        .output()
        .expect("the grade binary runs")
}

/// Grades `inputs` into a fresh temporary folder; returns the folder and the output.
pub fn grade_into(inputs: &[&Path], extra: &[&str]) -> (tempfile::TempDir, PathBuf, Output) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let out = dir.path().join("report");
    let mut args: Vec<std::ffi::OsString> =
        inputs.iter().map(|p| p.as_os_str().to_owned()).collect();
    args.push("--out".into());
    args.push(out.as_os_str().to_owned());
    args.extend(extra.iter().map(|a| a.into()));
    let output = grade(&args);
    (dir, out, output)
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("could not read {}: {e}", path.display()))
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Rows of a CSV file as header → value maps.
pub fn csv_rows(path: &Path) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).expect("a CSV file");
    let headers = reader.headers().expect("a header").clone();
    reader
        .records()
        .map(|r| {
            let r = r.expect("a CSV record");
            headers
                .iter()
                .map(String::from)
                .zip(r.iter().map(String::from))
                .collect()
        })
        .collect()
}

/// Every file under `dir`, as paths relative to it, sorted.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path.strip_prefix(dir).unwrap_or(&path).to_path_buf());
            }
        }
    }
    files.sort();
    files
}

/// Two report folders hold the same files with the same bytes, `run.json`
/// aside (it records timings and cache hits); `what` names the comparison.
pub fn assert_same_reports(expected: &Path, actual: &Path, what: &str) {
    assert_eq!(
        files_under(expected),
        files_under(actual),
        "{what}: different files"
    );
    for file in files_under(expected) {
        if file == Path::new("run.json") {
            continue;
        }
        assert!(
            std::fs::read(expected.join(&file)).unwrap()
                == std::fs::read(actual.join(&file)).unwrap(),
            "{} differs: {what}",
            file.display()
        );
    }
}
