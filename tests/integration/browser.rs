//! The HTML reports in a real browser: headless Chromium (installed by
//! `scripts/with-test-services` from Debian's packages). The page must load with no console
//! errors, show the scores and recommendations, and sort; a screenshot of each
//! page is written under `target/browser/`. Without Chromium this test fails:
//! run the README's test command, which installs it.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{fixture, grade_into, root};

fn chromium() -> PathBuf {
    if let Some(path) = std::env::var_os("GRADE_CHROMIUM").filter(|p| !p.is_empty()) {
        return PathBuf::from(path);
    }
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        if let Some(found) = std::env::var_os("PATH").and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|d| d.join(name))
                .find(|p| p.is_file())
        }) {
            return found;
        }
    }
    panic!("no Chromium found: run the tests with scripts/with-test-services (the README's test command), which installs Debian's chromium");
}

/// Loads `url` headless; returns the DOM after scripts ran, and the console errors.
fn load(url: &str, screenshot: &Path, profile: &Path) -> (String, Vec<String>) {
    let common = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--enable-logging=stderr",
        "--v=0",
    ];
    let dump = Command::new(chromium())
        .args(common)
        .arg(format!(
            "--user-data-dir={}",
            profile.join("dump").display()
        ))
        .args(["--dump-dom", url])
        .output()
        .expect("chromium runs");
    assert!(
        dump.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&dump.stderr)
    );
    let errors = String::from_utf8_lossy(&dump.stderr)
        .lines()
        .filter(|l| l.contains(":CONSOLE") || l.contains("Uncaught"))
        .map(String::from)
        .collect();
    let shot = Command::new(chromium())
        .args(common)
        .arg(format!(
            "--user-data-dir={}",
            profile.join("shot").display()
        ))
        .arg("--window-size=1280,1600")
        .arg(format!("--screenshot={}", screenshot.display()))
        .arg(url)
        .output()
        .expect("chromium runs");
    assert!(
        shot.status.success() && screenshot.is_file(),
        "no screenshot: {}",
        String::from_utf8_lossy(&shot.stderr)
    );
    (String::from_utf8_lossy(&dump.stdout).into_owned(), errors)
}

#[test]
fn reports_render_sort_and_show_no_console_errors() {
    let (dir, out, _) = grade_into(&[&fixture("transcripts")], &[]);
    let shots = root().join("target").join("browser");
    std::fs::create_dir_all(&shots).unwrap();
    let profile = dir.path().join("profile");

    // The cohort page, sorted by overall score, highest first.
    let index = format!("file://{}#sort=-overall", out.join("index.html").display());
    let (dom, errors) = load(&index, &shots.join("index.png"), &profile);
    assert!(errors.is_empty(), "console errors: {errors:?}");
    let overall: Vec<f64> = dom
        .split("data-key-overall=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next()?.parse().ok())
        .collect();
    assert!(overall.len() >= 20, "overall cells in the DOM: {overall:?}");
    assert!(
        overall.windows(2).all(|w| w[0] >= w[1]),
        "not sorted by overall, descending: {overall:?}"
    );
    for label in ["Strong hire", "Hire", "No hire", "Insufficient evidence"] {
        assert!(dom.contains(label), "{label} missing from the cohort page");
    }

    // A scorecard: scores, recommendation and evidence links.
    let card = format!("file://{}", out.join("candidates/C-2031.html").display());
    let (dom, errors) = load(&card, &shots.join("scorecard.png"), &profile);
    assert!(errors.is_empty(), "console errors: {errors:?}");
    assert!(dom.contains("Strong hire") && dom.contains("Priya Raghunathan"));
    assert!(
        dom.contains("4 <small>exceptional</small>"),
        "scores shown with their level"
    );
    assert!(
        dom.contains("href=\"#L"),
        "evidence links to transcript lines"
    );
}
