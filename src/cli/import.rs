//! `sansang import FILE`: take in a responses file, or merge another laptop's JSON export.

use std::path::PathBuf;

use super::db::{open_store, print_text};
use super::{Failure, Outcome, catalog};
use crate::import::merge::{merge, read_export};
use crate::import::responses::import_responses;
use crate::import::{ImportError, is_export};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A responses file ({"format": 1, "responses": [...]}), or another laptop's
    /// `sansang export --format json`, which is merged.
    #[arg(value_name = "FILE")]
    file: PathBuf,
}

/// Largest file taken in: an export far above a year of workshops.
const MAX_BYTES: u64 = 1 << 30;

pub fn run(args: Args, surveys: &Option<PathBuf>, db: &Option<PathBuf>) -> Outcome {
    let name = args.file.display().to_string();
    let size = std::fs::metadata(&args.file)
        .map_err(|e| Failure::Io(format!("{name}: cannot open: {e}")))?
        .len();
    if size > MAX_BYTES {
        return Err(Failure::Refused(format!(
            "{name}: the file is {} MiB; at most {} MiB is read. Is this the right file?",
            size >> 20,
            MAX_BYTES >> 20
        )));
    }
    let bytes =
        std::fs::read(&args.file).map_err(|e| Failure::Io(format!("{name}: cannot read: {e}")))?;
    if is_export(&bytes) {
        let doc = read_export(&name, &bytes)?;
        let summary = merge(&open_store(db)?, &name, &doc)?;
        return print_text(&summary.to_string());
    }
    if bytes.len() > crate::survey::problem::MAX_FILE_BYTES {
        return Err(Failure::Refused(format!(
            "{name}: file is {:.1} MiB; a responses file is read up to 5 MiB. Is this the right file?",
            bytes.len() as f64 / (1024.0 * 1024.0)
        )));
    }
    let catalog = catalog(surveys)?;
    let imported = import_responses(&open_store(db)?, &catalog, &name, &bytes)?;
    for w in &imported.warnings {
        eprintln!("warning: {w}");
    }
    print_text(&imported.to_string())
}

impl From<ImportError> for Failure {
    fn from(e: ImportError) -> Failure {
        match e {
            ImportError::Refused(m) => Failure::Refused(m),
            ImportError::Store(e) => super::db::failure(e),
            ImportError::Rules(e) => super::db::fieldwork_failure(e),
        }
    }
}
