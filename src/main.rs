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
    match cli.command {
        Some(Command::Calibrate(args)) => match grade::calibrate::run(args) {
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
