//! All-or-nothing writes of many records in one transaction, for import and the demo.

use std::collections::BTreeMap;

use chrono::Utc;
use redb::{ReadableTable, Table};
use uuid::Uuid;

use super::records::{AnswerRecord, AuditEntry, Establishment, Response, Session};
use super::responses::{PinOutcome, nfc_value};
use super::schema::{
    self, ANSWERS, AUDIT, ESTABLISHMENT_RESPONSES, ESTABLISHMENTS, RESPONSES,
    SESSION_ESTABLISHMENTS, SESSION_RESPONSES, SESSIONS, SURVEYS,
};
use super::{Store, StoreError};

type Result<T> = std::result::Result<T, StoreError>;

/// The open tables of one write transaction. Everything written through it is committed
/// together when the closure given to [`Store::write_batch`] returns `Ok`, and nothing is
/// written if it returns `Err`.
pub struct Batch<'s, 't> {
    store: &'s Store,
    reason: Option<String>,
    sessions: Table<'t, Uuid, &'static [u8]>,
    establishments: Table<'t, Uuid, &'static [u8]>,
    session_establishments: Table<'t, (Uuid, Uuid), ()>,
    responses: Table<'t, Uuid, &'static [u8]>,
    session_responses: Table<'t, (Uuid, Uuid), ()>,
    establishment_responses: Table<'t, (Uuid, Uuid), ()>,
    answers: Table<'t, (Uuid, &'static str), &'static [u8]>,
    audit: Table<'t, (Uuid, Uuid), &'static [u8]>,
    surveys: Table<'t, (&'static str, &'static str), &'static str>,
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
        let tx = self.write()?;
        let result = {
            let open = |e: redb::TableError| self.err(e);
            let mut batch = Batch {
                store: self,
                reason: reason.map(str::to_string),
                sessions: tx.open_table(SESSIONS).map_err(open)?,
                establishments: tx.open_table(ESTABLISHMENTS).map_err(open)?,
                session_establishments: tx.open_table(SESSION_ESTABLISHMENTS).map_err(open)?,
                responses: tx.open_table(RESPONSES).map_err(open)?,
                session_responses: tx.open_table(SESSION_RESPONSES).map_err(open)?,
                establishment_responses: tx.open_table(ESTABLISHMENT_RESPONSES).map_err(open)?,
                answers: tx.open_table(ANSWERS).map_err(open)?,
                audit: tx.open_table(AUDIT).map_err(open)?,
                surveys: tx.open_table(SURVEYS).map_err(open)?,
            };
            fill(&mut batch)?
        };
        self.commit(tx)?;
        Ok(result)
    }
}

impl Batch<'_, '_> {
    fn err(&self, e: impl Into<redb::Error>) -> StoreError {
        self.store.err(e)
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
        write_record(self.store, &mut self.sessions, session.id, &session)
    }

    /// A session as it stands in this transaction.
    pub fn session(&self, id: Uuid) -> Result<Option<Session>> {
        let guard = self.sessions.get(id).map_err(|e| self.err(e))?;
        guard
            .map(|g| self.store.decode("session", id, g.value()))
            .transpose()
    }

    /// Stores an establishment unless one with its id exists. Returns whether it was added.
    pub fn put_establishment(&mut self, establishment: &Establishment) -> Result<bool> {
        if self.establishment(establishment.id)?.is_some() {
            return Ok(false);
        }
        self.replace_establishment(establishment)?;
        Ok(true)
    }

    /// Stores an establishment as given, over one with the same id.
    pub fn replace_establishment(&mut self, establishment: &Establishment) -> Result<()> {
        let establishment = establishment.clone().normalized();
        write_record(
            self.store,
            &mut self.establishments,
            establishment.id,
            &establishment,
        )
    }

    /// An establishment as it stands in this transaction.
    pub fn establishment(&self, id: Uuid) -> Result<Option<Establishment>> {
        let guard = self.establishments.get(id).map_err(|e| self.err(e))?;
        guard
            .map(|g| self.store.decode("establishment", id, g.value()))
            .transpose()
    }

    /// Records that an establishment takes part in a session.
    pub fn join_session(&mut self, session: Uuid, establishment: Uuid) -> Result<()> {
        self.session_establishments
            .insert((session, establishment), ())
            .map_err(|e| self.store.err(e))?;
        Ok(())
    }

    /// Keeps the exact text of a survey definition; an existing text is never replaced.
    pub fn pin_survey(&mut self, id: &str, version: &str, source: &str) -> Result<PinOutcome> {
        let existing = self
            .surveys
            .get((id, version))
            .map_err(|e| self.err(e))?
            .map(|g| g.value() == source);
        match existing {
            Some(true) => Ok(PinOutcome::Same),
            Some(false) => Ok(PinOutcome::KeptDifferent),
            None => {
                self.surveys
                    .insert((id, version), source)
                    .map_err(|e| self.store.err(e))?;
                Ok(PinOutcome::Added)
            }
        }
    }

    /// Whether a survey version is pinned in this transaction.
    pub fn survey_pinned(&self, id: &str, version: &str) -> Result<bool> {
        Ok(self
            .surveys
            .get((id, version))
            .map_err(|e| self.err(e))?
            .is_some())
    }

    /// Whether a response with this id exists.
    pub fn response_exists(&self, id: Uuid) -> Result<bool> {
        Ok(self.responses.get(id).map_err(|e| self.err(e))?.is_some())
    }

    /// Stores a new response with its answers, its index rows and one audit entry per answer;
    /// the establishment joins the session. Refuses an id already used, and a session,
    /// establishment or survey version not stored (in this transaction or before).
    pub fn insert_response(
        &mut self,
        response: &Response,
        answers: &BTreeMap<String, AnswerRecord>,
    ) -> Result<()> {
        let id = response.id;
        if self.response_exists(id)? {
            return Err(self.store.exists("response", id));
        }
        if self.session(response.session_id)?.is_none() {
            return Err(self.store.not_found("session", response.session_id));
        }
        if self.establishment(response.establishment_id)?.is_none() {
            return Err(self
                .store
                .not_found("establishment", response.establishment_id));
        }
        if !self.survey_pinned(&response.survey_id, &response.survey_version)? {
            return Err(self.store.not_found(
                "pinned survey definition",
                format!("{} version {}", response.survey_id, response.survey_version),
            ));
        }
        let (s, e) = (response.session_id, response.establishment_id);
        let map = |e: redb::StorageError| self.store.err(e);
        self.responses
            .insert(id, schema::encode(response).as_slice())
            .map_err(map)?;
        self.session_responses.insert((s, id), ()).map_err(map)?;
        self.establishment_responses
            .insert((e, id), ())
            .map_err(map)?;
        self.session_establishments
            .insert((s, e), ())
            .map_err(map)?;
        let now = Utc::now();
        for (question, record) in answers {
            let record = AnswerRecord {
                value: nfc_value(record.value.clone()),
                updated_at: record.updated_at,
            };
            self.answers
                .insert(
                    (id, question.as_str()),
                    schema::encode_answer(&record).as_slice(),
                )
                .map_err(map)?;
            let entry = AuditEntry::new(
                id,
                question,
                None,
                Some(record.value),
                self.reason.as_deref(),
                &response.recorded_by,
                now,
            );
            self.audit
                .insert((id, entry.id), schema::encode(&entry).as_slice())
                .map_err(map)?;
        }
        Ok(())
    }
}

/// Merging another laptop's export (the import module's merge): records are kept exactly as given,
/// with their own times and audit entries, so importing the same file twice changes nothing.
impl Batch<'_, '_> {
    /// A response as it stands in this transaction.
    pub fn response(&self, id: Uuid) -> Result<Option<Response>> {
        let guard = self.responses.get(id).map_err(|e| self.err(e))?;
        guard
            .map(|g| self.store.decode("response", id, g.value()))
            .transpose()
    }

    /// Stores a response record as given (new, or replacing the one with its id) with its index
    /// rows; the establishment joins the session. Answers and audit are written separately.
    pub fn put_response_record(&mut self, response: &Response) -> Result<()> {
        let (id, s, e) = (response.id, response.session_id, response.establishment_id);
        let map = |e: redb::StorageError| self.store.err(e);
        self.responses
            .insert(id, schema::encode(response).as_slice())
            .map_err(map)?;
        self.session_responses.insert((s, id), ()).map_err(map)?;
        self.establishment_responses
            .insert((e, id), ())
            .map_err(map)?;
        self.session_establishments
            .insert((s, e), ())
            .map_err(map)?;
        Ok(())
    }

    /// The answers of a response as they stand in this transaction.
    pub fn answer_records(&self, response: Uuid) -> Result<BTreeMap<String, AnswerRecord>> {
        let mut out = BTreeMap::new();
        for row in self
            .answers
            .range((response, "")..)
            .map_err(|e| self.err(e))?
        {
            let (k, v) = row.map_err(|e| self.err(e))?;
            let (rid, question) = k.value();
            if rid != response {
                break;
            }
            let record = schema::decode_answer(v.value()).map_err(|d| {
                self.store
                    .bad("answer", format!("{response}/{question}"), d)
            })?;
            out.insert(question.to_string(), record);
        }
        Ok(out)
    }

    /// Stores one answer with its own time, without an audit entry (the entry comes with it).
    pub fn put_answer_record(
        &mut self,
        response: Uuid,
        question: &str,
        record: &AnswerRecord,
    ) -> Result<()> {
        let record = AnswerRecord {
            value: nfc_value(record.value.clone()),
            updated_at: record.updated_at,
        };
        self.answers
            .insert(
                (response, question),
                schema::encode_answer(&record).as_slice(),
            )
            .map_err(|e| self.store.err(e))?;
        Ok(())
    }

    /// Removes one answer, without an audit entry (the entry comes with the change).
    pub fn remove_answer_record(&mut self, response: Uuid, question: &str) -> Result<()> {
        self.answers
            .remove((response, question))
            .map_err(|e| self.store.err(e))?;
        Ok(())
    }

    /// Stores an audit entry unless one with its id exists. Returns whether it was added.
    pub fn put_audit_entry(&mut self, entry: &AuditEntry) -> Result<bool> {
        let key = (entry.response_id, entry.id);
        if self.audit.get(key).map_err(|e| self.err(e))?.is_some() {
            return Ok(false);
        }
        self.audit
            .insert(key, schema::encode(entry).as_slice())
            .map_err(|e| self.store.err(e))?;
        Ok(true)
    }
}

/// Writes `record` under `id` in one of the batch's record tables.
fn write_record<T: serde::Serialize>(
    store: &Store,
    table: &mut Table<'_, Uuid, &'static [u8]>,
    id: Uuid,
    record: &T,
) -> Result<()> {
    table
        .insert(id, schema::encode(record).as_slice())
        .map_err(|e| store.err(e))?;
    Ok(())
}
