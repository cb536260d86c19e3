//! `sansang establishment import FILE.csv`: the centre's list of establishments.

use std::path::Path;

use super::{Failure, Outcome};
use crate::import::establishments::import_establishments;
use crate::import::read::{LIST_LIMIT, read_all};
use crate::store::Store;

pub fn run(store: &Store, file: &Path) -> Outcome {
    let name = file.display().to_string();
    let bytes = read_all(file, LIST_LIMIT, "an establishment list")?;
    let summary = import_establishments(store, &name, &bytes)?;
    for note in &summary.notes {
        super::output::warn(&format!("note: {note}"));
    }
    super::output::print_text(&summary.to_string())?;
    if summary.refused.is_empty() {
        return Ok(());
    }
    let lines: Vec<String> = summary
        .refused
        .iter()
        .map(|(line, why)| format!("{name}: line {line}: refused: {why}"))
        .collect();
    Err(Failure::Refused(format!(
        "{}\n{name}: {} refused and not stored (the rows listed above as added were stored); fix them and import the file again: rows already stored will be matched, not added twice",
        lines.join("\n"),
        crate::survey::problem::counted(summary.refused.len(), "row")
    )))
}
