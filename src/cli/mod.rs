//! The command line: each command a thin layer over the library.

mod answer;
mod config;
mod db;
mod demo;
mod establishment;
mod establishment_import;
mod export;
mod form;
mod import;
mod output;
mod report;
mod response;
mod score;
mod session;
mod stored_score;
mod table;
mod validate;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

pub use output::terminal_text;

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

    /// The workshop database (default: the platform's data folder, e.g.
    /// ~/.local/share/sansang/sansang.redb).
    #[arg(long, global = true, env = "SANSANG_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check survey definition files and report every problem found.
    Validate(validate::Args),
    /// Score responses: stored ones (filtered by --session, --survey) or a responses file
    /// (--answers).
    Score(score::Args),
    /// Print a blank questionnaire (HTML for A4) for paper forms keyed in later.
    Form(form::Args),
    /// Export responses to CSV, XLSX or JSON for Excel, reports or another laptop.
    Export(export::Args),
    /// Write a printable result sheet for an establishment or a whole session.
    Report(report::Args),
    /// Workshops: create, list and show sessions.
    #[command(subcommand)]
    Session(session::Command),
    /// Establishments: add, list (with --search), show and edit.
    #[command(subcommand)]
    Establishment(establishment::Command),
    /// Responses: start one for an establishment at a session, show, list, mark complete.
    #[command(subcommand)]
    Response(response::Command),
    /// Record answers, each saved durably before it is acknowledged.
    Answer(answer::Args),
    /// Take in a responses file, or merge another laptop's JSON export: all of it, or nothing if any problem is found.
    Import(import::Args),
    /// Settings kept in the database: the centre's name printed on every sheet.
    #[command(subcommand)]
    Config(config::Command),
    /// Fill the database with a realistic workshop in Phú Lương, Thái Nguyên.
    Demo(demo::Args),
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
    /// Whoever read the output left (`sansang score | head`): a quiet, successful end, as
    /// for any command cut short by its reader.
    OutputClosed,
}

impl Failure {
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Failure::Refused(_) => ExitCode::from(1),
            Failure::Io(_) => ExitCode::from(2),
            Failure::OutputClosed => ExitCode::SUCCESS,
        }
    }

    pub fn message(&self) -> &str {
        match self {
            Failure::Refused(m) | Failure::Io(m) => m,
            Failure::OutputClosed => "",
        }
    }
}

pub type Outcome = Result<(), Failure>;

impl From<crate::export::ExportError> for Failure {
    fn from(e: crate::export::ExportError) -> Failure {
        match e {
            crate::export::ExportError::Refused(_) => Failure::Refused(e.to_string()),
            crate::export::ExportError::Store(e) => db::failure(e),
            _ => Failure::Io(e.to_string()),
        }
    }
}

pub fn run(cli: Cli) -> Outcome {
    match cli.command {
        Some(Command::Validate(args)) => validate::run(args),
        Some(Command::Form(args)) => form::run(args, &cli.surveys),
        Some(Command::Export(args)) => export::run(args, &cli.surveys, &cli.db),
        Some(Command::Report(args)) => report::run(args, &cli.surveys, &cli.db),
        Some(Command::Score(args)) => score::run(args, &cli.surveys, &cli.db),
        Some(Command::Session(command)) => session::run(command, &cli.db),
        Some(Command::Establishment(command)) => establishment::run(command, &cli.db),
        Some(Command::Response(command)) => response::run(command, &cli.surveys, &cli.db),
        Some(Command::Answer(args)) => answer::run(args, &cli.surveys, &cli.db),
        Some(Command::Import(args)) => import::run(args, &cli.surveys, &cli.db),
        Some(Command::Demo(args)) => demo::run(args, &cli.db),
        Some(Command::Config(command)) => config::run(command, &cli.db),
        None => open_screens(&cli),
    }
}

/// No command: the workshop screens over the database.
fn open_screens(cli: &Cli) -> Outcome {
    let fieldwork = db::open_fieldwork(&cli.surveys, &cli.db)?;
    crate::tui::open(fieldwork).map_err(Failure::Io)
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
        output::warn(&p.to_string());
    }
}

/// An optional command-line value replacing a stored field (`edit` commands: only the
/// fields given change).
pub fn replace(field: &mut String, value: Option<String>) {
    if let Some(v) = value {
        *field = v;
    }
}
