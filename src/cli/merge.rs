//! `sansang import FILE` given another laptop's JSON export: merge it.

use std::path::Path;

use super::db::open_store;
use super::{Failure, Outcome};
use crate::export::json::KIND;
use crate::export::merge::{merge, read_export};

/// Largest export file taken in: far above a year of workshops.
const MAX_EXPORT_BYTES: u64 = 1 << 30;

/// `Some` when `file` is a sansang export (and was merged, or refused);
/// `None` when it is something else, such as a responses file.
pub fn run_if_export(file: &Path, db: &Option<std::path::PathBuf>) -> Option<Outcome> {
    let name = file.display().to_string();
    let size = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
    if size > MAX_EXPORT_BYTES {
        return None;
    }
    let bytes = std::fs::read(file).ok()?;
    #[derive(serde::Deserialize)]
    struct Peek {
        kind: Option<String>,
    }
    let is_export = match serde_json::from_slice::<Peek>(&bytes) {
        Ok(peek) => peek.kind.as_deref() == Some(KIND),
        // A damaged export still says what it is near its start; the merge
        // then reports where the damage is.
        Err(_) => {
            let head = &bytes[..bytes.len().min(4096)];
            let marker = format!("\"{KIND}\"");
            head.windows(marker.len()).any(|w| w == marker.as_bytes())
        }
    };
    if !is_export {
        return None;
    }
    Some(merge_file(&name, &bytes, db))
}

fn merge_file(name: &str, bytes: &[u8], db: &Option<std::path::PathBuf>) -> Outcome {
    let doc = read_export(name, bytes)?;
    let store = open_store(db)?;
    let summary = merge(&store, name, &doc).map_err(Failure::from)?;
    println!("{summary}");
    Ok(())
}
