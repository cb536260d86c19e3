//! Sessions, establishments (with their search index) and who takes part in which session.

use std::ops::Bound;

use redb::{ReadTransaction, ReadableTable, Table, TableDefinition};
use serde::de::DeserializeOwned;
use uuid::Uuid;

use super::error::Fault;
use super::records::{Establishment, Session};
use super::schema::{self, ESTABLISHMENTS, SEARCH, SESSION_ESTABLISHMENTS, SESSIONS};
use super::{Store, StoreError, search};
use crate::survey::text::fold;

type Result<T> = std::result::Result<T, StoreError>;

/// A page of a search: the first establishments by name and how many match in all.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EstablishmentPage {
    pub establishments: Vec<Establishment>,
    pub total: usize,
}

impl Store {
    /// Records a new session (its texts NFC-normalized). Refuses an id already used.
    pub fn create_session(&self, session: Session) -> Result<Session> {
        let session = session.normalized();
        self.writing(|tx, _| {
            let mut table = tx.open_table(SESSIONS)?;
            if table.get(session.id)?.is_some() {
                return Err(self.exists("session", session.id).into());
            }
            table.insert(session.id, schema::encode(&session).as_slice())?;
            Ok(())
        })?;
        Ok(session)
    }

    /// Replaces a stored session's fields.
    pub fn update_session(&self, session: Session) -> Result<Session> {
        let mut session = session.normalized();
        session.updated_at = Some(chrono::Utc::now());
        self.writing(|tx, _| {
            let mut table = tx.open_table(SESSIONS)?;
            if table.get(session.id)?.is_none() {
                return Err(self.not_found("session", session.id).into());
            }
            table.insert(session.id, schema::encode(&session).as_slice())?;
            Ok(())
        })?;
        Ok(session)
    }

    /// Every session, newest date first.
    pub fn sessions(&self) -> Result<Vec<Session>> {
        let mut all: Vec<Session> = self.reading(|tx| all(tx, SESSIONS, "session"))?;
        all.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.name.cmp(&b.name)));
        Ok(all)
    }

    pub fn session(&self, id: Uuid) -> Result<Option<Session>> {
        self.reading(|tx| get(&tx.open_table(SESSIONS)?, "session", id))
    }

    /// The session, or a NotFound error naming its id.
    pub fn find_session(&self, id: Uuid) -> Result<Session> {
        self.session(id)?
            .ok_or_else(|| self.not_found("session", id))
    }

    /// The establishment, or a NotFound error naming its id.
    pub fn find_establishment(&self, id: Uuid) -> Result<Establishment> {
        self.establishment(id)?
            .ok_or_else(|| self.not_found("establishment", id))
    }

    /// Records a new establishment (its texts NFC-normalized). Refuses an id already used.
    pub fn add_establishment(&self, establishment: Establishment) -> Result<Establishment> {
        let establishment = establishment.normalized();
        self.writing(|tx, _| {
            let mut table = tx.open_table(ESTABLISHMENTS)?;
            if get::<Establishment>(&table, "establishment", establishment.id)?.is_some() {
                return Err(self.exists("establishment", establishment.id).into());
            }
            put_establishment(
                &mut table,
                &mut tx.open_table(SEARCH)?,
                None,
                &establishment,
            )
        })?;
        Ok(establishment)
    }

    /// Replaces a stored establishment's fields.
    pub fn update_establishment(&self, establishment: Establishment) -> Result<Establishment> {
        let mut establishment = establishment.normalized();
        establishment.updated_at = Some(chrono::Utc::now());
        self.writing(|tx, _| {
            let mut table = tx.open_table(ESTABLISHMENTS)?;
            let Some(old) = get(&table, "establishment", establishment.id)? else {
                return Err(self.not_found("establishment", establishment.id).into());
            };
            let mut index = tx.open_table(SEARCH)?;
            put_establishment(&mut table, &mut index, Some(&old), &establishment)
        })?;
        Ok(establishment)
    }

    pub fn establishment(&self, id: Uuid) -> Result<Option<Establishment>> {
        self.reading(|tx| get(&tx.open_table(ESTABLISHMENTS)?, "establishment", id))
    }

    /// The establishments of `ids` (none for one not stored), in the order asked, from one
    /// read transaction: a scan's worker asks once for each chunk of responses.
    pub fn establishments_by_id(&self, ids: &[Uuid]) -> Result<Vec<Option<Establishment>>> {
        self.reading(|tx| {
            let table = tx.open_table(ESTABLISHMENTS)?;
            ids.iter()
                .map(|&id| get(&table, "establishment", id))
                .collect()
        })
    }

    /// Calls `visit` with every establishment in id order, a few hundred per short read
    /// transaction: a whole export's list without holding a province's establishments.
    pub fn visit_establishments<E: From<StoreError>>(
        &self,
        mut visit: impl FnMut(Establishment) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        const CHUNK: usize = 256;
        let mut after: Option<Uuid> = None;
        loop {
            let (chunk, last) = self.reading(|tx| {
                let table = tx.open_table(ESTABLISHMENTS)?;
                let rows = match after {
                    Some(id) => table.range((Bound::Excluded(id), Bound::Unbounded))?,
                    None => table.range::<Uuid>(..)?,
                };
                let (mut chunk, mut last) = (Vec::with_capacity(CHUNK), None);
                for row in rows.take(CHUNK) {
                    let (k, v) = row?;
                    let e: Establishment = schema::decode(v.value())
                        .map_err(|d| Fault::bad("establishment", k.value(), d))?;
                    chunk.push(e);
                    last = Some(k.value());
                }
                Ok((chunk, last))
            })?;
            let done = chunk.len() < CHUNK;
            after = last;
            for e in chunk {
                visit(e)?;
            }
            if done {
                return Ok(());
            }
        }
    }

    /// Every establishment in id order, read straight from its table: for a whole export,
    /// which wants no name order and no search.
    pub fn all_establishments(&self) -> Result<Vec<Establishment>> {
        self.reading(|tx| all(tx, ESTABLISHMENTS, "establishment"))
    }

    /// Establishments sorted by name; with a search text, only those whose name, sector, place,
    /// contact or phone contain every word of it, ignoring case and Vietnamese diacritics.
    pub fn establishments(&self, search: Option<&str>) -> Result<Vec<Establishment>> {
        Ok(self.establishment_page(search, usize::MAX)?.establishments)
    }

    /// Like [`Store::establishments`], the first `limit` only, with how many match in all:
    /// what a pick list shows. Answered from the search index, without reading the others.
    pub fn establishment_page(
        &self,
        search: Option<&str>,
        limit: usize,
    ) -> Result<EstablishmentPage> {
        self.reading(|tx| {
            let (ids, total) = search::find(&tx.open_table(SEARCH)?, search, limit)?;
            let table = tx.open_table(ESTABLISHMENTS)?;
            let establishments = ids
                .into_iter()
                .map(|id| {
                    get(&table, "establishment", id)?.ok_or_else(|| {
                        Fault::bad("establishment", id, "in the search index but missing")
                    })
                })
                .collect::<std::result::Result<_, Fault>>()?;
            Ok(EstablishmentPage {
                establishments,
                total,
            })
        })
    }

    /// Records that an establishment takes part in a session (nothing happens if it already
    /// does). Both must exist.
    pub fn join_session(&self, session: Uuid, establishment: Uuid) -> Result<()> {
        self.writing(|tx, _| {
            if tx.open_table(SESSIONS)?.get(session)?.is_none() {
                return Err(self.not_found("session", session).into());
            }
            let table = tx.open_table(ESTABLISHMENTS)?;
            if get::<Establishment>(&table, "establishment", establishment)?.is_none() {
                return Err(self.not_found("establishment", establishment).into());
            }
            tx.open_table(SESSION_ESTABLISHMENTS)?
                .insert((session, establishment), ())?;
            Ok(())
        })
    }

    /// Records that an establishment no longer takes part in a session (nothing happens if it
    /// did not). Its records and responses stay.
    pub fn leave_session(&self, session: Uuid, establishment: Uuid) -> Result<()> {
        self.writing(|tx, _| {
            tx.open_table(SESSION_ESTABLISHMENTS)?
                .remove((session, establishment))?;
            Ok(())
        })
    }

    /// The ids of the establishments taking part in `session`, in id order: who took part,
    /// without decoding their records (each is checked to be there, as
    /// [`Store::session_establishments`] does).
    pub fn session_members(&self, session: Uuid) -> Result<Vec<Uuid>> {
        self.reading(|tx| {
            let index = tx.open_table(SESSION_ESTABLISHMENTS)?;
            let table = tx.open_table(ESTABLISHMENTS)?;
            let mut ids = Vec::new();
            for row in index.range((session, Uuid::nil())..=(session, Uuid::max()))? {
                let id = row?.0.value().1;
                if table.get(id)?.is_none() {
                    return Err(Fault::bad("establishment", id, MISSING_MEMBER));
                }
                ids.push(id);
            }
            Ok(ids)
        })
    }

    /// The establishments taking part in a session, sorted by name.
    pub fn session_establishments(&self, session: Uuid) -> Result<Vec<Establishment>> {
        let mut list = self.reading(|tx| {
            let index = tx.open_table(SESSION_ESTABLISHMENTS)?;
            let table = tx.open_table(ESTABLISHMENTS)?;
            let mut list = Vec::new();
            for row in index.range((session, Uuid::nil())..=(session, Uuid::max()))? {
                let id = row?.0.value().1;
                let found = get(&table, "establishment", id)?
                    .ok_or_else(|| Fault::bad("establishment", id, MISSING_MEMBER))?;
                list.push(found);
            }
            Ok(list)
        })?;
        list.sort_by_cached_key(|e: &Establishment| (fold(&e.name), e.id));
        Ok(list)
    }
}

/// Writes an establishment and its search keys (replacing those of `old`, as stored).
pub(super) fn put_establishment(
    table: &mut Table<'_, Uuid, &'static [u8]>,
    index: &mut Table<'_, (&'static str, Uuid), &'static str>,
    old: Option<&Establishment>,
    establishment: &Establishment,
) -> std::result::Result<(), Fault> {
    table.insert(establishment.id, schema::encode(establishment).as_slice())?;
    search::update(index, old, establishment)
}

/// What a session's list of establishments holds that the establishments' table does not.
const MISSING_MEMBER: &str = "listed in a session but missing";

pub(super) fn get<T: DeserializeOwned>(
    table: &impl ReadableTable<Uuid, &'static [u8]>,
    kind: &'static str,
    id: Uuid,
) -> std::result::Result<Option<T>, Fault> {
    let Some(guard) = table.get(id)? else {
        return Ok(None);
    };
    schema::decode(guard.value())
        .map(Some)
        .map_err(|d| Fault::bad(kind, id, d))
}

fn all<T: DeserializeOwned>(
    tx: &ReadTransaction,
    table: TableDefinition<Uuid, &[u8]>,
    kind: &'static str,
) -> std::result::Result<Vec<T>, Fault> {
    let table = tx.open_table(table)?;
    let mut out = Vec::new();
    for row in table.iter()? {
        let (k, v) = row?;
        out.push(schema::decode(v.value()).map_err(|d| Fault::bad(kind, k.value(), d))?);
    }
    Ok(out)
}
