//! `sansang establishment import FILE.csv`: the centre's list of establishments.

use std::path::Path;

use super::{Failure, Outcome};
use crate::import::establishments::import_establishments;
use crate::store::Store;
use crate::survey::catalog::read_limited;

pub fn run(store: &Store, file: &Path) -> Outcome {
    let name = file.display().to_string();
    let bytes = read_limited(file).map_err(|m| Failure::Io(format!("{name}: {m}")))?;
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
        "{}\n{name}: {} rows were refused and not stored (the rows listed above as added were stored); fix them and import the file again: rows already stored will be matched, not added twice",
        lines.join("\n"),
        summary.refused.len()
    )))
}
