//! The command line: each command a thin layer over the library.

mod score;
mod table;
mod validate;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::survey::{Catalog, Problem};

#[derive(Debug, Parser)]
#[command(
    name = "sansang",
    version,
    about = "Readiness surveys (cleaner production, digital transformation) for khuyến công workshops"
)]
pub struct Cli {
    /// A folder of extra survey definitions (*.json), added beside the shipped ones.
    #[arg(long, global = true, env = "SANSANG_SURVEYS", value_name = "DIR")]
    pub surveys: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check survey definition files and report every problem found.
    Validate(validate::Args),
    /// Score responses: from a responses file (--answers).
    Score(score::Args),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

/// Why a command stopped; decides the exit code.
#[derive(Debug)]
pub enum Failure {
    /// The input was refused (invalid file, bad value): exit 1.
    Refused(String),
    /// Usage or I/O: a file that cannot be read or written: exit 2.
    Io(String),
}

impl Failure {
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Failure::Refused(_) => ExitCode::from(1),
            Failure::Io(_) => ExitCode::from(2),
        }
    }

    pub fn message(&self) -> &str {
        match self {
            Failure::Refused(m) | Failure::Io(m) => m,
        }
    }
}

pub type Outcome = Result<(), Failure>;

pub fn run(cli: Cli) -> Outcome {
    match cli.command {
        Some(Command::Validate(args)) => validate::run(args),
        Some(Command::Score(args)) => score::run(args, &cli.surveys),
        None => Err(Failure::Io(
            "the workshop screen is not built yet; see `sansang --help` for the commands".into(),
        )),
    }
}

/// The shipped surveys plus the `--surveys` folder; warnings go to stderr.
pub fn catalog(dir: &Option<PathBuf>) -> Result<Catalog, Failure> {
    match Catalog::load(dir.as_deref()) {
        Ok((catalog, warnings)) => {
            print_problems(&warnings);
            Ok(catalog)
        }
        Err(problems) => Err(Failure::Refused(format!(
            "{problems}\nthe surveys folder has invalid definitions; fix them or leave out --surveys"
        ))),
    }
}

pub fn print_problems(problems: &[Problem]) {
    for p in problems {
        eprintln!("{p}");
    }
}
