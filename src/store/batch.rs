//! All-or-nothing writes of many records in one transaction, for import, merge and the demo.

use std::cell::Cell;
use std::panic::AssertUnwindSafe;

use redb::{ReadableTable, Table, WriteTransaction};
use uuid::Uuid;

use super::directory::{get, put_establishment};
use super::error::Fault;
use super::guard::{damaged, panic_text, quietly};
use super::names::Interner;
use super::records::{Establishment, Session};
use super::responses::PinOutcome;
use super::schema::{
    self, AUDIT, ESTABLISHMENT_RESPONSES, ESTABLISHMENTS, RESPONSES, SEARCH,
    SESSION_ESTABLISHMENTS, SESSION_RESPONSES, SESSIONS, SURVEYS,
};
use super::{Store, StoreError, batch_responses::Working};

type Result<T> = std::result::Result<T, StoreError>;

/// The open tables of one write transaction. Everything written through it is committed
/// together when the closure given to [`Store::write_batch`] returns `Ok`, and nothing is
/// written if it returns `Err`.
pub struct Batch<'s, 't> {
    pub(super) store: &'s Store,
    pub(super) tx: &'t WriteTransaction,
    pub(super) names: Interner<'s>,
    pub(super) reason: Option<String>,
    pub(super) sessions: Table<'t, Uuid, &'static [u8]>,
    pub(super) establishments: Table<'t, Uuid, &'static [u8]>,
    pub(super) search: Table<'t, (&'static str, Uuid), &'static str>,
    pub(super) session_establishments: Table<'t, (Uuid, Uuid), ()>,
    pub(super) responses: Table<'t, Uuid, &'static [u8]>,
    pub(super) session_responses: Table<'t, (Uuid, Uuid), ()>,
    pub(super) establishment_responses: Table<'t, (Uuid, Uuid), ()>,
    pub(super) audit: Table<'t, (Uuid, u32), &'static [u8]>,
    pub(super) surveys: Table<'t, (&'static str, &'static str), &'static str>,
    /// The response being written, kept decoded until another is touched or the batch ends,
    /// so that a merge writing its answers one by one encodes the row once.
    pub(super) working: Option<Working>,
    /// redb panicked inside this transaction: it must not be committed.
    poisoned: Cell<bool>,
}

impl Store {
    /// Runs `fill` over one write transaction and commits it durably if it returns `Ok`; if it
    /// returns `Err`, nothing it wrote is kept.
    pub fn write_batch<T, E: From<StoreError>>(
        &self,
        fill: impl FnOnce(&mut Batch<'_, '_>) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        self.write_batch_with_reason(None, fill)
    }

    /// Like [`Store::write_batch`], with `reason` (e.g. "import file.json") in every audit entry.
    pub fn write_batch_with_reason<T, E: From<StoreError>>(
        &self,
        reason: Option<&str>,
        fill: impl FnOnce(&mut Batch<'_, '_>) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        let _one_writer = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        let tx = super::guard::guarded(&self.path, || self.write())?;
        let mut batch = Batch::open(self, &tx, reason)?;
        let value = fill(&mut batch)?;
        let names = batch.finish()?;
        super::guard::guarded(&self.path, || self.commit(tx))?;
        names.keep();
        Ok(value)
    }
}

impl<'s, 't> Batch<'s, 't> {
    fn open(store: &'s Store, tx: &'t WriteTransaction, reason: Option<&str>) -> Result<Self> {
        super::guard::guarded(&store.path, || {
            let open = |e: redb::TableError| store.err(e);
            Ok(Batch {
                store,
                tx,
                names: Interner::new(&store.names),
                reason: reason.map(str::to_string),
                sessions: tx.open_table(SESSIONS).map_err(open)?,
                establishments: tx.open_table(ESTABLISHMENTS).map_err(open)?,
                search: tx.open_table(SEARCH).map_err(open)?,
                session_establishments: tx.open_table(SESSION_ESTABLISHMENTS).map_err(open)?,
                responses: tx.open_table(RESPONSES).map_err(open)?,
                session_responses: tx.open_table(SESSION_RESPONSES).map_err(open)?,
                establishment_responses: tx.open_table(ESTABLISHMENT_RESPONSES).map_err(open)?,
                audit: tx.open_table(AUDIT).map_err(open)?,
                surveys: tx.open_table(SURVEYS).map_err(open)?,
                working: None,
                poisoned: Cell::new(false),
            })
        })
    }

    /// Writes what is still held, closes the tables and hands back the names to keep once the
    /// transaction commits.
    fn finish(mut self) -> Result<Interner<'s>> {
        self.guard(|b| b.flush())?;
        if self.poisoned.get() {
            return Err(damaged(
                &self.store.path,
                "redb failed inside this write, which was not saved".into(),
            ));
        }
        Ok(self.names)
    }

    /// Runs a step of the batch; a redb panic marks the whole batch as not to be committed.
    pub(super) fn guard<T>(
        &mut self,
        f: impl FnOnce(&mut Self) -> std::result::Result<T, Fault>,
    ) -> Result<T> {
        let store = self.store;
        match quietly(AssertUnwindSafe(|| f(self))) {
            Ok(result) => result.map_err(|e| e.at(&store.path)),
            Err(panic) => {
                self.poisoned.set(true);
                Err(damaged(&store.path, panic_text(panic)))
            }
        }
    }

    /// [`Batch::guard`] for the steps that only read.
    pub(super) fn guard_ref<T>(
        &self,
        f: impl FnOnce(&Self) -> std::result::Result<T, Fault>,
    ) -> Result<T> {
        match quietly(AssertUnwindSafe(|| f(self))) {
            Ok(result) => result.map_err(|e| e.at(&self.store.path)),
            Err(panic) => {
                self.poisoned.set(true);
                Err(damaged(&self.store.path, panic_text(panic)))
            }
        }
    }

    /// Stores a session unless one with its id exists. Returns whether it was added.
    pub fn put_session(&mut self, session: &Session) -> Result<bool> {
        if self.session(session.id)?.is_some() {
            return Ok(false);
        }
        self.replace_session(session)?;
        Ok(true)
    }

    /// Stores a session as given, over one with the same id (a merge taking the
    /// details changed later on another laptop).
    pub fn replace_session(&mut self, session: &Session) -> Result<()> {
        let session = session.clone().normalized();
        self.guard(|b| {
            b.sessions
                .insert(session.id, schema::encode(&session).as_slice())?;
            Ok(())
        })
    }

    /// A session as it stands in this transaction.
    pub fn session(&self, id: Uuid) -> Result<Option<Session>> {
        self.guard_ref(|b| get(&b.sessions, "session", id))
    }

    /// Stores an establishment unless one with its id exists. Returns whether it was added.
    pub fn put_establishment(&mut self, establishment: &Establishment) -> Result<bool> {
        let establishment = establishment.clone().normalized();
        self.guard(|b| {
            if get::<Establishment>(&b.establishments, "establishment", establishment.id)?.is_some()
            {
                return Ok(false);
            }
            put_establishment(&mut b.establishments, &mut b.search, None, &establishment)?;
            Ok(true)
        })
    }

    /// Stores an establishment as given, over one with the same id.
    pub fn replace_establishment(&mut self, establishment: &Establishment) -> Result<()> {
        let establishment = establishment.clone().normalized();
        self.guard(|b| {
            let old = get(&b.establishments, "establishment", establishment.id)?;
            put_establishment(
                &mut b.establishments,
                &mut b.search,
                old.as_ref(),
                &establishment,
            )
        })
    }

    /// An establishment as it stands in this transaction.
    pub fn establishment(&self, id: Uuid) -> Result<Option<Establishment>> {
        self.guard_ref(|b| get(&b.establishments, "establishment", id))
    }

    /// Records that an establishment takes part in a session.
    pub fn join_session(&mut self, session: Uuid, establishment: Uuid) -> Result<()> {
        self.guard(|b| {
            b.session_establishments
                .insert((session, establishment), ())?;
            Ok(())
        })
    }

    /// Keeps the exact text of a survey definition; an existing text is never replaced.
    pub fn pin_survey(&mut self, id: &str, version: &str, source: &str) -> Result<PinOutcome> {
        self.guard(|b| {
            let existing = b.surveys.get((id, version))?.map(|g| g.value() == source);
            Ok(match existing {
                Some(true) => PinOutcome::Same,
                Some(false) => PinOutcome::KeptDifferent,
                None => {
                    b.surveys.insert((id, version), source)?;
                    PinOutcome::Added
                }
            })
        })
    }

    /// Whether a survey version is pinned in this transaction.
    pub fn survey_pinned(&self, id: &str, version: &str) -> Result<bool> {
        self.guard_ref(|b| Ok(b.surveys.get((id, version))?.is_some()))
    }
}
