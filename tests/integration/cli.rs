//! Usage and configuration errors: exit status 2, a sentence saying what is
//! wrong, and nothing written.

use crate::{fixture, grade, grade_into, stderr};

#[test]
fn a_missing_path_is_a_usage_error_and_writes_nothing() {
    let (dir, out, output) = grade_into(&[&fixture("no-such-folder")], &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("no-such-folder does not exist"),
        "{}",
        stderr(&output)
    );
    assert!(!out.exists(), "nothing is written");
    drop(dir);
}

#[test]
fn an_unknown_rubric_names_the_built_in_ones() {
    let (_dir, out, output) = grade_into(&[&fixture("transcripts")], &["--rubric", "nope"]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains("no built-in rubric named `nope`") && err.contains("async-messaging"),
        "{err}"
    );
    assert!(!out.exists());
}

#[test]
fn an_invalid_rubric_file_lists_its_problems() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(crate::root().join("rubrics/async-messaging.toml"))
        .unwrap()
        .replace("dimension = \"ordering\"", "dimension = \"orderng\"");
    let path = dir.path().join("broken.toml");
    std::fs::write(&path, text).unwrap();
    let (_d, out, output) = grade_into(
        &[&fixture("transcripts")],
        &["--rubric", path.to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains("broken.toml") && err.contains("names dimension `orderng`"),
        "{err}"
    );
    assert!(!out.exists());
}

#[test]
fn the_llm_judge_without_a_server_says_what_to_set() {
    let (_dir, out, output) = grade_into(&[&fixture("transcripts")], &["--judge", "llm"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("--judge llm needs a model server: set OPENAI_API_KEY")
            && stderr(&output).contains("OPENAI_BASE_URL"),
        "{}",
        stderr(&output)
    );
    assert!(!out.exists());
}

#[test]
fn a_broken_template_override_names_the_template_and_line() {
    let templates = tempfile::tempdir().unwrap();
    std::fs::write(
        templates.path().join("index.html"),
        "<h1>Cohort</h1>\n{% for r in rows %}\n{{ r.row.candidate_id }\n",
    )
    .unwrap();
    let (_dir, out, output) = grade_into(
        &[&fixture("transcripts")],
        &["--templates", templates.path().to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.contains("index.html") && err.contains("3:"), "{err}");
    assert!(!out.exists());
}

#[test]
fn a_template_override_replaces_the_built_in_one() {
    let templates = tempfile::tempdir().unwrap();
    std::fs::write(
        templates.path().join("index.html"),
        "<p>{{ run.graded }} candidates graded by {{ run.judge }}</p>\n",
    )
    .unwrap();
    let (_dir, out, output) = grade_into(
        &[&fixture("cases/level4-hint-then-perfect.txt")],
        &["--templates", templates.path().to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        crate::read(&out.join("index.html")),
        "<p>1 candidates graded by rules</p>\n"
    );
    assert!(
        crate::read(&out.join("candidates/CASE-L4.html")).contains("<!DOCTYPE html>"),
        "other templates stay built-in"
    );
}

#[test]
fn help_shows_examples_and_version_prints() {
    let help = grade(["--help"]);
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(
        text.contains("Examples:") && text.contains("--judge"),
        "{text}"
    );
    let version = grade(["--version"]);
    assert_eq!(
        String::from_utf8_lossy(&version.stdout).trim(),
        format!("grade {}", env!("CARGO_PKG_VERSION"))
    );
    let usage = grade(["--jobs", "0", "x"]);
    assert_eq!(usage.status.code(), Some(2));
}

#[test]
fn hidden_files_and_the_output_folder_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir_all(inputs.join("nested")).unwrap();
    std::fs::copy(
        fixture("cases/level4-hint-then-perfect.txt"),
        inputs.join("nested/a.txt"),
    )
    .unwrap();
    std::fs::write(inputs.join(".notes.txt"), "not a transcript").unwrap();
    std::fs::create_dir_all(inputs.join(".git")).unwrap();
    std::fs::write(inputs.join(".git/HEAD"), "ref: main").unwrap();
    let out = inputs.join("report");
    // A previous run's report inside the input folder is not read back as input.
    for _ in 0..2 {
        let output = grade([inputs.as_os_str(), "--out".as_ref(), out.as_os_str()]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    }
    let rows = crate::csv_rows(&out.join("cohort.csv"));
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["source"], "nested/a.txt");
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_dead_lettered_and_the_rest_graded() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir_all(inputs.join("sub")).unwrap();
    std::fs::copy(
        fixture("cases/level4-hint-then-perfect.txt"),
        inputs.join("a.txt"),
    )
    .unwrap();
    std::os::unix::fs::symlink(&inputs, inputs.join("sub/loop")).unwrap();
    let out = dir.path().join("report");
    let output = grade([inputs.as_os_str(), "--out".as_ref(), out.as_os_str()]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let dead = crate::csv_rows(&out.join("dead-letter.csv"));
    assert_eq!(dead.len(), 1);
    assert_eq!(dead[0]["source"], "sub/loop");
    assert!(
        dead[0]["error"].starts_with("symlink loop"),
        "{:?}",
        dead[0]
    );
    assert_eq!(crate::csv_rows(&out.join("cohort.csv")).len(), 1);
}

#[test]
fn no_progress_bar_is_drawn_when_stderr_is_not_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    // Without CI set: stderr is a pipe here, so the bar must still stay hidden.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_grade"))
        .arg(fixture("transcripts"))
        .arg("--out")
        .arg(&out)
        .env_remove("CI")
        .env_remove("OPENAI_API_KEY")
        .env_remove("OPENAI_BASE_URL")
        .output()
        .unwrap();
    let err = stderr(&output);
    assert!(
        !err.contains('\r') && !err.contains('\u{1b}'),
        "terminal control characters on stderr: {err:?}"
    );
    // Line-oriented: one line per file that could not be graded, nothing else.
    assert_eq!(err.lines().count(), 3, "{err}");
    assert!(
        err.lines()
            .all(|l| l.starts_with("grade: could not grade ")),
        "{err}"
    );
}
