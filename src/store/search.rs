//! The search index of establishments, kept in the same transaction as every write of an
//! establishment: (folded name, id) → the other searched fields folded, one per line. A search
//! walks it in name order without reading or folding the records themselves, with exactly the
//! rule of [`Establishment::matches`]: a query word (which holds no line break) is found in
//! the folded lines if and only if it is found in one of the fields.

use redb::{ReadableTable, Table};
use uuid::Uuid;

use super::error::Fault;
use super::records::Establishment;
use crate::survey::text::fold;

type Index<'t> = Table<'t, (&'static str, Uuid), &'static str>;

/// The folded name and the other folded fields of an establishment.
fn keys(e: &Establishment) -> (String, String) {
    let [name, rest @ ..] = e.search_fields();
    let rest: Vec<String> = rest.iter().map(|f| fold(f)).collect();
    (fold(name), rest.join("\n"))
}

pub fn insert(index: &mut Index<'_>, e: &Establishment) -> Result<(), Fault> {
    let (name, rest) = keys(e);
    index.insert((name.as_str(), e.id), rest.as_str())?;
    Ok(())
}

/// Replaces the keys of `old` (if it was stored) by those of `new`.
pub fn update(
    index: &mut Index<'_>,
    old: Option<&Establishment>,
    new: &Establishment,
) -> Result<(), Fault> {
    if let Some(old) = old {
        index.remove((fold(&old.name).as_str(), old.id))?;
    }
    insert(index, new)
}

/// The ids of the establishments matching `query` (every establishment without one), in the
/// order of their folded names: at most `limit` of them, and how many match in all.
pub fn find(
    index: &impl ReadableTable<(&'static str, Uuid), &'static str>,
    query: Option<&str>,
    limit: usize,
) -> Result<(Vec<Uuid>, usize), Fault> {
    let query = query.map(fold).unwrap_or_default();
    let words: Vec<&str> = query.split_whitespace().collect();
    let mut ids = Vec::new();
    let mut total = 0;
    for row in index.iter()? {
        let (k, v) = row?;
        let (name, id) = k.value();
        let rest = v.value();
        if words.iter().all(|w| name.contains(w) || rest.contains(w)) {
            total += 1;
            if ids.len() < limit {
                ids.push(id);
            }
        }
    }
    Ok((ids, total))
}
