//! The `grade` command: parse arguments, run the pipeline, report errors as
//! sentences (a headline, then each cause on its own line) and exit with the
//! documented status.

use std::process::ExitCode;

use clap::Parser;

use grade::cli::{Cli, Command};
use grade::options::Options;
use grade::pipeline;

fn main() -> ExitCode {
    let cli = Cli::parse();
    grade::interrupt::install();
    match cli.command {
        Some(Command::Calibrate(args)) => match grade::calibrate::run(*args) {
            Ok(code) => ExitCode::from(code as u8),
            Err(e) => fail(&e),
        },
        Some(Command::Compare(args)) => {
            match grade::compare::run(
                &args.a,
                &args.b,
                &args.out,
                args.templates.as_deref(),
                args.quiet,
            ) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(&e),
            }
        }
        Some(Command::Cache(args)) => match cache(&args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => fail(&e),
        },
        Some(Command::Merge(args)) => merge(&args),
        None => grade_paths(cli.paths, cli.run),
    }
}

fn grade_paths(paths: Vec<std::path::PathBuf>, run: grade::cli::RunArgs) -> ExitCode {
    let options = match Options::new(paths, run) {
        Ok(options) => options,
        Err(e) => return fail(&anyhow::Error::new(e)),
    };
    if let (Some(note), false) = (&options.judge_note, options.quiet) {
        eprintln!("grade: {note}");
    }
    match pipeline::run(&options) {
        Ok(outcome) => {
            if outcome.interrupted {
                eprintln!(
                    "grade: interrupted after {} transcripts; {} is a partial report (run.json says so). Run the same command again to finish: answers already received come from the cache.",
                    outcome.graded,
                    outcome.out.display()
                );
                return ExitCode::from(grade::interrupt::EXIT_INTERRUPTED);
            }
            if !options.quiet {
                let index = outcome.out.join("index.html");
                let dead = if outcome.dead.is_empty() {
                    String::new()
                } else {
                    format!(
                        ", {} could not be graded (see dead-letter.csv)",
                        outcome.dead.len()
                    )
                };
                println!(
                    "Graded {} transcript{}{dead}. Report: {}",
                    outcome.graded,
                    if outcome.graded == 1 { "" } else { "s" },
                    index.display()
                );
            }
            ExitCode::from(outcome.exit_code() as u8)
        }
        Err(e) => fail(&e),
    }
}

/// `grade merge DIR... --out OUT`.
fn merge(args: &grade::cli::MergeArgs) -> ExitCode {
    let rubric = match grade::rubric::Rubric::load(&args.rubric) {
        Ok(rubric) => rubric,
        Err(e) => return fail(&anyhow::Error::new(e).context("the rubric could not be loaded")),
    };
    match grade::merge::run(&args.dirs, &args.out, &rubric, args.templates.as_deref()) {
        Ok(merged) => {
            if !args.quiet {
                println!(
                    "Merged {} report folders: {} graded, {} could not be graded. Report: {}",
                    args.dirs.len(),
                    merged.graded,
                    merged.dead.len(),
                    args.out.join("index.html").display()
                );
            }
            ExitCode::from(u8::from(!merged.dead.is_empty()))
        }
        Err(e) => fail(&e),
    }
}

/// `grade cache stats|clear`.
fn cache(args: &grade::cli::CacheArgs) -> anyhow::Result<()> {
    let flags = grade::cli::LlmArgs {
        cache: args.cache.clone(),
        config: args.config.clone(),
        ..Default::default()
    };
    let settings = grade::options::llm_settings(&flags)?;
    let dir = match settings.cache_dir {
        Some(dir) => dir,
        None => grade::llm::config::default_cache_dir().ok_or_else(|| {
            anyhow::anyhow!(
                "there is no cache folder for this user (no HOME); name one with --cache DIR"
            )
        })?,
    };
    let cache = grade::llm::Cache::new(&dir);
    match args.action {
        grade::cli::CacheAction::Stats => {
            let stats = cache.stats()?;
            println!(
                "{}: {} cached answer{}, {:.1} KB",
                dir.display(),
                stats.entries,
                if stats.entries == 1 { "" } else { "s" },
                stats.bytes as f64 / 1024.0
            );
        }
        grade::cli::CacheAction::Clear => {
            let removed = cache.clear()?;
            println!(
                "{}: removed {removed} cached answer{}",
                dir.display(),
                if removed == 1 { "" } else { "s" }
            );
        }
    }
    Ok(())
}

/// Prints an error chain and returns exit status 2.
fn fail(error: &anyhow::Error) -> ExitCode {
    eprintln!("error: {error}");
    for cause in error.chain().skip(1) {
        for line in cause.to_string().lines() {
            eprintln!("  {line}");
        }
    }
    ExitCode::from(2)
}
