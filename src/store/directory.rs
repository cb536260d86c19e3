//! Sessions, establishments and who takes part in which session.

use redb::{ReadableTable, TableDefinition};
use uuid::Uuid;

use super::records::{Establishment, Session};
use super::schema::{self, ESTABLISHMENTS, SESSION_ESTABLISHMENTS, SESSIONS};
use super::{Store, StoreError};
use crate::survey::text::fold;

type Result<T> = std::result::Result<T, StoreError>;

impl Store {
    /// Records a new session (its texts NFC-normalized). Refuses an id already used.
    pub fn create_session(&self, session: Session) -> Result<Session> {
        let session = session.normalized();
        self.insert_new(SESSIONS, "session", session.id, &session)?;
        Ok(session)
    }

    /// Replaces a stored session's fields.
    pub fn update_session(&self, session: Session) -> Result<Session> {
        let mut session = session.normalized();
        session.updated_at = Some(chrono::Utc::now());
        self.replace(SESSIONS, "session", session.id, &session)?;
        Ok(session)
    }

    /// Every session, newest date first.
    pub fn sessions(&self) -> Result<Vec<Session>> {
        let mut all: Vec<Session> = self.all(SESSIONS, "session")?;
        all.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.name.cmp(&b.name)));
        Ok(all)
    }

    pub fn session(&self, id: Uuid) -> Result<Option<Session>> {
        self.get(SESSIONS, "session", id)
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
        self.insert_new(
            ESTABLISHMENTS,
            "establishment",
            establishment.id,
            &establishment,
        )?;
        Ok(establishment)
    }

    /// Replaces a stored establishment's fields.
    pub fn update_establishment(&self, establishment: Establishment) -> Result<Establishment> {
        let mut establishment = establishment.normalized();
        establishment.updated_at = Some(chrono::Utc::now());
        self.replace(
            ESTABLISHMENTS,
            "establishment",
            establishment.id,
            &establishment,
        )?;
        Ok(establishment)
    }

    pub fn establishment(&self, id: Uuid) -> Result<Option<Establishment>> {
        self.get(ESTABLISHMENTS, "establishment", id)
    }

    /// Establishments sorted by name; with a search text, only those whose name, sector, place,
    /// contact or phone contain every word of it, ignoring case and Vietnamese diacritics.
    pub fn establishments(&self, search: Option<&str>) -> Result<Vec<Establishment>> {
        let mut all: Vec<Establishment> = self.all(ESTABLISHMENTS, "establishment")?;
        if let Some(query) = search.map(fold) {
            all.retain(|e| e.matches(&query));
        }
        all.sort_by_cached_key(|e| (fold(&e.name), e.id));
        Ok(all)
    }

    /// Records that an establishment takes part in a session (nothing happens if it already
    /// does). Both must exist.
    pub fn join_session(&self, session: Uuid, establishment: Uuid) -> Result<()> {
        if self.session(session)?.is_none() {
            return Err(self.not_found("session", session));
        }
        if self.establishment(establishment)?.is_none() {
            return Err(self.not_found("establishment", establishment));
        }
        let tx = self.write()?;
        tx.open_table(SESSION_ESTABLISHMENTS)
            .and_then(|mut t| {
                t.insert((session, establishment), ())
                    .map(|_| ())
                    .map_err(Into::into)
            })
            .map_err(|e| self.err(e))?;
        self.commit(tx)
    }

    /// The establishments taking part in a session, sorted by name.
    pub fn session_establishments(&self, session: Uuid) -> Result<Vec<Establishment>> {
        let tx = self.read()?;
        let ids: Vec<Uuid> = {
            let table = tx
                .open_table(SESSION_ESTABLISHMENTS)
                .map_err(|e| self.err(e))?;
            let range = table
                .range((session, Uuid::nil())..=(session, Uuid::max()))
                .map_err(|e| self.err(e))?;
            range
                .map(|row| row.map(|(k, _)| k.value().1).map_err(|e| self.err(e)))
                .collect::<Result<_>>()?
        };
        let table = tx.open_table(ESTABLISHMENTS).map_err(|e| self.err(e))?;
        let mut list = Vec::with_capacity(ids.len());
        for id in ids {
            let guard = table.get(id).map_err(|e| self.err(e))?;
            let guard = guard.ok_or_else(|| {
                self.bad(
                    "establishment",
                    id,
                    "listed in a session but missing".into(),
                )
            })?;
            list.push(self.decode("establishment", id, guard.value())?);
        }
        list.sort_by_cached_key(|e: &Establishment| (fold(&e.name), e.id));
        Ok(list)
    }

    pub(super) fn get<T: serde::de::DeserializeOwned>(
        &self,
        table: TableDefinition<Uuid, &[u8]>,
        kind: &'static str,
        id: Uuid,
    ) -> Result<Option<T>> {
        let tx = self.read()?;
        let table = tx.open_table(table).map_err(|e| self.err(e))?;
        let guard = table.get(id).map_err(|e| self.err(e))?;
        guard.map(|g| self.decode(kind, id, g.value())).transpose()
    }

    fn all<T: serde::de::DeserializeOwned>(
        &self,
        table: TableDefinition<Uuid, &[u8]>,
        kind: &'static str,
    ) -> Result<Vec<T>> {
        let tx = self.read()?;
        let table = tx.open_table(table).map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for row in table.iter().map_err(|e| self.err(e))? {
            let (k, v) = row.map_err(|e| self.err(e))?;
            out.push(self.decode(kind, k.value(), v.value())?);
        }
        Ok(out)
    }

    fn insert_new<T: serde::Serialize>(
        &self,
        table: TableDefinition<Uuid, &[u8]>,
        kind: &'static str,
        id: Uuid,
        record: &T,
    ) -> Result<()> {
        let tx = self.write()?;
        {
            let mut table = tx.open_table(table).map_err(|e| self.err(e))?;
            if table.get(id).map_err(|e| self.err(e))?.is_some() {
                return Err(self.exists(kind, id));
            }
            table
                .insert(id, schema::encode(record).as_slice())
                .map_err(|e| self.err(e))?;
        }
        self.commit(tx)
    }

    fn replace<T: serde::Serialize>(
        &self,
        table: TableDefinition<Uuid, &[u8]>,
        kind: &'static str,
        id: Uuid,
        record: &T,
    ) -> Result<()> {
        let tx = self.write()?;
        {
            let mut table = tx.open_table(table).map_err(|e| self.err(e))?;
            if table.get(id).map_err(|e| self.err(e))?.is_none() {
                return Err(self.not_found(kind, id));
            }
            table
                .insert(id, schema::encode(record).as_slice())
                .map_err(|e| self.err(e))?;
        }
        self.commit(tx)
    }
}
