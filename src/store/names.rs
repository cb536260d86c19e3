//! Interned texts: question ids, survey ids and versions, recorders' names and reasons are
//! stored once in the `names` table and referred to by a small number everywhere else, so the
//! 4 million answers and audit entries of a national database do not repeat them.
//!
//! Ids are dense (0, 1, 2, …) and never reused. The store keeps every name in memory; a write
//! adds new names to that copy before it commits (a reader never sees a row whose names it
//! lacks) and takes them out again if the commit fails.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use redb::{ReadableTable, TableDefinition, WriteTransaction};

use super::error::Fault;

/// name id → text
pub const NAMES: TableDefinition<u32, &str> = TableDefinition::new("names_v2");

/// Every interned text, by id and by text.
#[derive(Debug, Default, Clone)]
pub struct Names {
    texts: Vec<Box<str>>,
    ids: HashMap<Box<str>, u32>,
}

impl Names {
    /// Every name of the table; the ids must be 0, 1, 2, … as this module writes them.
    pub fn load(table: &impl ReadableTable<u32, &'static str>) -> Result<Names, Fault> {
        let mut names = Names::default();
        for row in table.iter()? {
            let (id, text) = row?;
            let (id, text) = (id.value(), text.value());
            if id as usize != names.texts.len() {
                return Err(Fault::bad(
                    "name",
                    names.texts.len(),
                    "missing from the names table",
                ));
            }
            names.push(text);
        }
        Ok(names)
    }

    pub fn text(&self, id: u32) -> Result<&str, String> {
        self.texts
            .get(id as usize)
            .map(|t| &**t)
            .ok_or_else(|| format!("unknown name number {id}"))
    }

    pub fn id(&self, text: &str) -> Option<u32> {
        self.ids.get(text).copied()
    }

    pub fn len(&self) -> usize {
        self.texts.len()
    }

    fn push(&mut self, text: &str) -> u32 {
        let id = self.texts.len() as u32;
        self.texts.push(text.into());
        self.ids.insert(text.into(), id);
        id
    }

    #[cfg(test)]
    pub fn push_for_test(&mut self, text: &str) -> u32 {
        self.push(text)
    }

    fn truncate(&mut self, len: usize) {
        for text in self.texts.drain(len..) {
            self.ids.remove(&text);
        }
    }
}

/// The names of one write transaction: looks up the store's names, adds new ones to the table
/// and to the store's copy, and takes them out of the copy again unless [`Interner::keep`] is
/// called after the commit.
pub struct Interner<'s> {
    cache: &'s RwLock<Arc<Names>>,
    snapshot: Arc<Names>,
    committed_len: usize,
    kept: bool,
}

impl<'s> Interner<'s> {
    pub fn new(cache: &'s RwLock<Arc<Names>>) -> Interner<'s> {
        let snapshot = read(cache);
        let committed_len = snapshot.len();
        Interner {
            cache,
            snapshot,
            committed_len,
            kept: false,
        }
    }

    /// The names as they stand in this transaction.
    pub fn names(&self) -> &Names {
        &self.snapshot
    }

    /// The id of `text`, adding it to the names table of `tx` if it is new.
    pub fn id(&mut self, tx: &WriteTransaction, text: &str) -> Result<u32, Fault> {
        if let Some(id) = self.snapshot.id(text) {
            return Ok(id);
        }
        let mut cache = self.cache.write().unwrap_or_else(|p| p.into_inner());
        // Our own snapshot let go first: while it is held, make_mut copies every name for each
        // new one (10,000 references imported, each with its own reason, took 9 s).
        self.snapshot = Arc::default();
        let id = Arc::make_mut(&mut cache).push(text);
        self.snapshot = Arc::clone(&cache);
        drop(cache);
        tx.open_table(NAMES)?.insert(id, text)?;
        Ok(id)
    }

    /// The transaction committed: its names stay.
    pub fn keep(mut self) {
        self.kept = true;
    }
}

impl Drop for Interner<'_> {
    fn drop(&mut self) {
        if !self.kept && self.snapshot.len() > self.committed_len {
            let mut cache = self.cache.write().unwrap_or_else(|p| p.into_inner());
            Arc::make_mut(&mut cache).truncate(self.committed_len);
        }
    }
}

/// The store's names as they stand now.
pub fn read(cache: &RwLock<Arc<Names>>) -> Arc<Names> {
    Arc::clone(&cache.read().unwrap_or_else(|p| p.into_inner()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use redb::ReadableDatabase;
    use redb::backends::InMemoryBackend;

    #[test]
    fn names_added_by_a_failed_write_are_forgotten_and_committed_ones_kept() {
        let db = redb::Database::builder()
            .create_with_backend(InMemoryBackend::new())
            .unwrap();
        let cache = RwLock::new(Arc::new(Names::default()));
        let tx = db.begin_write().unwrap();
        {
            let mut names = Interner::new(&cache);
            assert_eq!(names.id(&tx, "A1").unwrap(), 0);
            assert_eq!(names.id(&tx, "Lan").unwrap(), 1);
            assert_eq!(names.id(&tx, "A1").unwrap(), 0);
            assert_eq!(read(&cache).text(1).unwrap(), "Lan");
        }
        tx.abort().unwrap();
        assert_eq!(read(&cache).len(), 0);

        let tx = db.begin_write().unwrap();
        let mut names = Interner::new(&cache);
        assert_eq!(names.id(&tx, "Hà").unwrap(), 0);
        tx.commit().unwrap();
        names.keep();
        let tx = db.begin_read().unwrap();
        let loaded = Names::load(&tx.open_table(NAMES).unwrap()).unwrap();
        assert_eq!(loaded.id("Hà"), Some(0));
        assert_eq!(read(&cache).id("Hà"), Some(0));
        assert!(loaded.text(1).is_err());
    }
}
