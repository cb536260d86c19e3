//! What comes into the laptop: a responses file (answers recorded elsewhere or by hand),
//! another laptop's JSON export (merged), and the centre's list of establishments (CSV).
//! Each is checked whole before anything is written, and written in one transaction.

pub mod establishments;
pub mod incoming;
pub mod merge;
mod merge_check;
mod places;
mod plan;
pub mod read;
pub mod responses;
mod sheet;
mod split;

pub use plan::reference_id;

use crate::fieldwork::FieldworkError;
use crate::store::StoreError;

/// Why a file was not taken in. Nothing of it was written.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file's content: every problem, with where it is and what to do.
    #[error("{0}")]
    Refused(String),
    /// The file could not be opened or read (exit 2).
    #[error("{0}")]
    Unreadable(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Rules(FieldworkError),
}

impl From<FieldworkError> for ImportError {
    fn from(e: FieldworkError) -> ImportError {
        match e {
            FieldworkError::Store(e) => ImportError::Store(e),
            other => ImportError::Rules(other),
        }
    }
}

/// Whether `bytes`, a whole file or its first few KiB, are a sansang export (to be merged)
/// rather than a responses file. A damaged export still says what it is near its start; the
/// merge then reports where the damage is.
pub fn is_export(bytes: &[u8]) -> bool {
    #[derive(serde::Deserialize)]
    struct Peek {
        kind: Option<String>,
    }
    let bytes = crate::platform::without_bom(bytes);
    match serde_json::from_slice::<Peek>(bytes) {
        Ok(peek) => peek.kind.as_deref() == Some(crate::export::json::KIND),
        Err(_) => {
            let head = &bytes[..bytes.len().min(4096)];
            let marker = format!("\"{}\"", crate::export::json::KIND);
            head.windows(marker.len()).any(|w| w == marker.as_bytes())
        }
    }
}

/// The establishments already known (in the database, and earlier in the file being read),
/// found by id or by the same-establishment rule through an index, not a scan: a list of
/// 10,000 rows is matched in one pass.
pub struct Known {
    list: Vec<crate::store::Establishment>,
    by_id: std::collections::HashMap<uuid::Uuid, usize>,
    by_key: std::collections::HashMap<crate::fieldwork::same::SameKey, usize>,
}

impl Known {
    pub fn load(store: &crate::store::Store) -> Result<Known, StoreError> {
        let mut known = Known {
            list: Vec::new(),
            by_id: std::collections::HashMap::new(),
            by_key: std::collections::HashMap::new(),
        };
        for e in store.establishments(None)? {
            known.add(e);
        }
        Ok(known)
    }

    /// The establishment with this id.
    pub fn by_id(&self, id: uuid::Uuid) -> Option<&crate::store::Establishment> {
        self.by_id.get(&id).map(|&at| &self.list[at])
    }

    /// The establishment with this id, or else the same one by name and commune.
    pub fn find(
        &self,
        id: Option<uuid::Uuid>,
        name: &str,
        commune: &str,
    ) -> Option<&crate::store::Establishment> {
        let key = crate::fieldwork::same::SameKey::new(name, commune);
        let at = id
            .and_then(|id| self.by_id.get(&id))
            .or_else(|| self.by_key.get(&key))?;
        Some(&self.list[*at])
    }

    pub fn add(&mut self, e: crate::store::Establishment) {
        let at = self.list.len();
        self.by_id.insert(e.id, at);
        self.by_key
            .entry(crate::fieldwork::same::SameKey::of(&e))
            .or_insert(at);
        self.list.push(e);
    }
}

/// A value echoed in a message, cut to 80 characters with "…".
pub fn clip(text: &str) -> String {
    const MAX: usize = 80;
    match text.char_indices().nth(MAX) {
        None => text.to_owned(),
        Some((at, _)) => format!("{}…", &text[..at]),
    }
}

/// Why a time from a file is refused: more than a day ahead of this laptop's clock (a wrong
/// clock there, or a forged file), unless `--accept-future`.
pub fn future(
    t: chrono::DateTime<chrono::Utc>,
    now: chrono::DateTime<chrono::Utc>,
    accept_future: bool,
) -> Option<String> {
    (!accept_future && t > now + chrono::Duration::days(1)).then(|| {
        format!(
            "{} is more than a day ahead of this laptop's clock ({}); check the clock of the laptop that wrote it, or add --accept-future to take it",
            t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_echoed_value_is_cut_to_80_characters() {
        assert_eq!(clip("vt-01"), "vt-01");
        let long = "ệ".repeat(200);
        let cut = clip(&long);
        assert_eq!(cut.chars().count(), 81);
        assert!(cut.ends_with('…'));
        assert_eq!(clip(&"a".repeat(80)), "a".repeat(80));
    }

    #[test]
    fn a_time_more_than_a_day_ahead_is_refused_unless_accepted() {
        let now = chrono::Utc::now();
        assert!(future(now + chrono::Duration::hours(23), now, false).is_none());
        assert!(future(now + chrono::Duration::hours(25), now, false).is_some());
        assert!(future(now + chrono::Duration::hours(25), now, true).is_none());
    }
}
