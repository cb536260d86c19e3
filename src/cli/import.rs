//! `sansang import FILE`: take in a responses file, or merge another laptop's JSON export.

use std::io::BufRead;
use std::path::PathBuf;

use super::db::{open_store, print_text};
use super::{Failure, Outcome, catalog};
use crate::import::merge::merge;
use crate::import::read::{Input, RESPONSES_LIMIT, open, read_all};
use crate::import::responses::{Options, import_responses};
use crate::import::{ImportError, is_export};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A responses file ({"format": 1, "responses": [...]}), or another laptop's
    /// `sansang export --format json`, which is merged (of any size); - reads stdin.
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
    let options = Options {
        session: args.session,
        dry_run: args.dry_run,
        accept_future: args.accept_future,
    };
    // An export is merged as it is read, whatever its size; a responses file is read whole.
    if let Input::File(file) = open(&args.file)? {
        let mut reader = std::io::BufReader::with_capacity(1 << 16, file);
        let head = reader
            .fill_buf()
            .map_err(|e| Failure::Io(format!("{name}: cannot read: {e}")))?;
        if is_export(head) {
            let reopen = || -> Result<Box<dyn BufRead>, ImportError> {
                match open(&args.file)? {
                    Input::File(file) => {
                        Ok(Box::new(std::io::BufReader::with_capacity(1 << 16, file)))
                    }
                    Input::Stdin => Err(ImportError::Unreadable(format!(
                        "{name}: the file is no longer there"
                    ))),
                }
            };
            let summary = merge(&open_store(db)?, &name, &reopen, &options)?;
            return print_text(&summary.to_string());
        }
    }
    let bytes = read_all(&args.file, RESPONSES_LIMIT, "a responses file")?;
    if is_export(&bytes) {
        let reopen =
            || -> Result<Box<dyn BufRead + '_>, ImportError> { Ok(Box::new(bytes.as_slice())) };
        let summary = merge(&open_store(db)?, &name, &reopen, &options)?;
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
