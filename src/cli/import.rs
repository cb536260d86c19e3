//! `sansang import FILE`: take in a responses file, or merge another laptop's JSON export.

use std::path::PathBuf;

use super::db::{open_store, print_text};
use super::{Failure, Outcome, catalog};
use crate::import::merge::{merge, read_export};
use crate::import::read::{RESPONSES_LIMIT, read_all};
use crate::import::responses::{Options, import_responses};
use crate::import::{ImportError, is_export};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A responses file ({"format": 1, "responses": [...]}), or another laptop's
    /// `sansang export --format json`, which is merged; - reads a responses file from stdin.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// The session (its id or its name) of the responses that name none; without it they go
    /// into a new session named after the file, dated today.
    #[arg(long, value_name = "ID or NAME")]
    session: Option<String>,
    /// Check everything and say what would be done, without writing anything.
    #[arg(long)]
    dry_run: bool,
    /// Take times more than a day ahead of this laptop's clock.
    #[arg(long)]
    accept_future: bool,
}

pub fn run(args: Args, surveys: &Option<PathBuf>, db: &Option<PathBuf>) -> Outcome {
    let name = args.file.display().to_string();
    let bytes = read_all(&args.file, RESPONSES_LIMIT, "a responses file")?;
    let options = Options {
        session: args.session,
        dry_run: args.dry_run,
        accept_future: args.accept_future,
    };
    if is_export(&bytes) {
        let doc = read_export(&name, &bytes)?;
        let summary = merge(&open_store(db)?, &name, &doc)?;
        return print_text(&summary.to_string());
    }
    let catalog = catalog(surveys)?;
    let imported = import_responses(&open_store(db)?, &catalog, &name, &bytes, &options)?;
    for w in &imported.warnings {
        eprintln!("warning: {w}");
    }
    print_text(&imported.to_string())
}

impl From<ImportError> for Failure {
    fn from(e: ImportError) -> Failure {
        match e {
            ImportError::Refused(m) => Failure::Refused(m),
            ImportError::Unreadable(m) => Failure::Io(m),
            ImportError::Store(e) => super::db::failure(e),
            ImportError::Rules(e) => super::db::fieldwork_failure(e),
        }
    }
}
