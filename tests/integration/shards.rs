//! `--shard K/N` and `grade merge`: the merged report of the shards is the
//! report of one run over every input.

use std::path::Path;

use crate::{fixture, grade, read, stderr};

fn run_json(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&read(&dir.join("run.json"))).expect("run.json is JSON")
}

#[test]
fn merged_shards_equal_a_single_run() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = fixture("transcripts");
    let single = tmp.path().join("single");
    let out = grade([
        inputs.as_os_str(),
        "-q".as_ref(),
        "-o".as_ref(),
        single.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));

    let mut shard_dirs = Vec::new();
    let mut graded = 0;
    for k in 1..=3 {
        let dir = tmp.path().join(format!("shard{k}"));
        let spec = format!("{k}/3");
        let out = grade([
            inputs.as_os_str(),
            "-q".as_ref(),
            "--shard".as_ref(),
            spec.as_ref(),
            "-o".as_ref(),
            dir.as_os_str(),
        ]);
        assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
        let run = run_json(&dir);
        assert_eq!(run["shard"], spec.as_str());
        let n = run["graded"].as_u64().unwrap();
        assert!(
            n > 0,
            "shard {spec} graded nothing: the fixtures should spread"
        );
        graded += n;
        shard_dirs.push(dir);
    }
    assert_eq!(graded, run_json(&single)["graded"].as_u64().unwrap());

    let merged = tmp.path().join("merged");
    let mut args: Vec<std::ffi::OsString> = vec!["merge".into()];
    args.extend(shard_dirs.iter().map(|d| d.as_os_str().to_owned()));
    args.extend(["-o".into(), merged.as_os_str().to_owned()]);
    let out = grade(&args);
    assert_eq!(
        out.status.code(),
        Some(1),
        "dead letters are reported: {}",
        stderr(&out)
    );

    crate::assert_same_reports(&single, &merged, "the single run against the merged shards");
    let (a, b) = (run_json(&single), run_json(&merged));
    for key in [
        "inputs",
        "graded",
        "dead_lettered",
        "judge",
        "rubric",
        "status",
    ] {
        assert_eq!(a[key], b[key], "{key}");
    }
    assert!(b.get("shard").is_none());
}

#[test]
fn merge_refuses_what_cannot_be_combined() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("shard1");
    let out = grade([
        fixture("transcripts/01-strong-hire.md").as_os_str(),
        "-q".as_ref(),
        "--shard".as_ref(),
        "1/1".as_ref(),
        "-o".as_ref(),
        dir.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let merged = tmp.path().join("merged");
    let twice = grade([
        "merge".as_ref(),
        dir.as_os_str(),
        dir.as_os_str(),
        "-o".as_ref(),
        merged.as_os_str(),
    ]);
    assert_eq!(twice.status.code(), Some(2));
    assert!(
        stderr(&twice).contains("shard 1/1 is given twice"),
        "{}",
        stderr(&twice)
    );
    assert!(!merged.exists(), "nothing is written");

    let empty = tmp.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let not_a_report = grade([
        "merge".as_ref(),
        empty.as_os_str(),
        "-o".as_ref(),
        merged.as_os_str(),
    ]);
    assert_eq!(not_a_report.status.code(), Some(2));
    assert!(
        stderr(&not_a_report).contains("is not a report folder"),
        "{}",
        stderr(&not_a_report)
    );

    let bad_shard = grade([
        fixture("transcripts").as_os_str(),
        "--shard".as_ref(),
        "4/3".as_ref(),
    ]);
    assert_eq!(bad_shard.status.code(), Some(2));
    assert!(stderr(&bad_shard).contains("write K/N"));
}
