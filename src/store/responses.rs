//! Responses, their answers (one row per question), the audit trail and pinned survey
//! definitions.

use std::collections::BTreeMap;

use chrono::Utc;
use redb::{ReadTransaction, ReadableTable, TableDefinition};
use serde_json::Value;
use uuid::Uuid;

use super::records::{AnswerRecord, AuditEntry, Response, ResponseStatus};
use super::scan::StoredAnswers;
use super::schema::{
    self, ANSWERS, AUDIT, ESTABLISHMENT_RESPONSES, RESPONSES, SESSION_RESPONSES, SURVEYS,
};
use super::{Store, StoreError};
use crate::survey::text::nfc;

type Result<T> = std::result::Result<T, StoreError>;

/// The answers of one response sorted by question id, as [`Store::visit_responses`] gives
/// them (a list is cheaper than a map when 100,000 responses stream by).
pub type AnswerList = Vec<(String, AnswerRecord)>;

/// Which responses [`Store::visit_responses`] visits.
#[derive(Debug, Clone, Default)]
pub struct ResponseFilter {
    pub session: Option<Uuid>,
    pub survey: Option<String>,
}

/// What [`Store::pin_survey`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinOutcome {
    /// The definition was stored.
    Added,
    /// The same text was already stored.
    Same,
    /// Another text is stored under this id and version; it was kept, since responses were
    /// recorded against it.
    KeptDifferent,
}

impl Store {
    /// Records a new response. Its session and establishment must exist and its survey version
    /// must be pinned (see [`Store::pin_survey`]); the establishment joins the session.
    pub fn create_response(&self, response: &Response) -> Result<()> {
        if self.session(response.session_id)?.is_none() {
            return Err(self.not_found("session", response.session_id));
        }
        if self.establishment(response.establishment_id)?.is_none() {
            return Err(self.not_found("establishment", response.establishment_id));
        }
        if self
            .survey_source(&response.survey_id, &response.survey_version)?
            .is_none()
        {
            return Err(self.not_found(
                "pinned survey definition",
                format!("{} version {}", response.survey_id, response.survey_version),
            ));
        }
        self.write_batch(|batch| batch.insert_response(response, &BTreeMap::new()))
    }

    pub fn response(&self, id: Uuid) -> Result<Option<Response>> {
        self.get(RESPONSES, "response", id)
    }

    /// The response, or a NotFound error naming its id.
    pub fn find_response(&self, id: Uuid) -> Result<Response> {
        self.response(id)?
            .ok_or_else(|| self.not_found("response", id))
    }

    /// The responses recorded at a session, oldest first, read through the session index.
    pub fn session_responses(&self, session: Uuid) -> Result<Vec<Response>> {
        self.indexed_responses(SESSION_RESPONSES, session)
    }

    /// The responses of one establishment across sessions, oldest first.
    pub fn establishment_responses(&self, establishment: Uuid) -> Result<Vec<Response>> {
        self.indexed_responses(ESTABLISHMENT_RESPONSES, establishment)
    }

    fn indexed_responses(
        &self,
        index: TableDefinition<(Uuid, Uuid), ()>,
        owner: Uuid,
    ) -> Result<Vec<Response>> {
        let tx = self.read()?;
        let ids = self.index_ids(&tx, index, owner, Uuid::nil(), usize::MAX)?;
        let table = tx.open_table(RESPONSES).map_err(|e| self.err(e))?;
        ids.into_iter()
            .map(|id| self.response_in(&table, id))
            .collect()
    }

    /// Every response, oldest first.
    pub fn all_responses(&self) -> Result<Vec<Response>> {
        let tx = self.read()?;
        let table = tx.open_table(RESPONSES).map_err(|e| self.err(e))?;
        let rows = table.iter().map_err(|e| self.err(e))?;
        rows.map(|row| {
            let (k, v) = row.map_err(|e| self.err(e))?;
            self.decode("response", k.value(), v.value())
        })
        .collect()
    }

    /// The answers of a response as stored, decoded on demand (see [`StoredAnswers`]).
    pub fn stored_answers(&self, response: Uuid) -> Result<StoredAnswers> {
        let tx = self.read()?;
        let table = tx.open_table(ANSWERS).map_err(|e| self.err(e))?;
        self.stored_answers_in(&table, response)
    }

    /// The answers of a response by question id.
    pub fn answers(&self, response: Uuid) -> Result<BTreeMap<String, AnswerRecord>> {
        let tx = self.read()?;
        let table = tx.open_table(ANSWERS).map_err(|e| self.err(e))?;
        Ok(self.answers_in(&table, response)?.into_iter().collect())
    }

    /// Saves one answer (`None` clears it) in one durable transaction that also updates the
    /// response's `updated_at` and appends an audit entry. Returns the audit entry, or `None`
    /// when the answer was already this value and nothing was written. Strings inside the value
    /// are NFC-normalized. The value is not checked against the survey: that is the caller's job.
    pub fn set_answer(
        &self,
        response: Uuid,
        question: &str,
        value: Option<Value>,
        reason: Option<&str>,
    ) -> Result<Option<AuditEntry>> {
        let value = value.map(nfc_value);
        let now = Utc::now();
        let tx = self.write()?;
        let entry = {
            let mut responses = tx.open_table(RESPONSES).map_err(|e| self.err(e))?;
            let mut record = self.response_in(&responses, response)?;
            let mut answers = tx.open_table(ANSWERS).map_err(|e| self.err(e))?;
            let old = match answers.get((response, question)).map_err(|e| self.err(e))? {
                Some(g) => Some(
                    schema::decode_answer(g.value())
                        .map_err(|d| self.bad("answer", format!("{response}/{question}"), d))?
                        .value,
                ),
                None => None,
            };
            if old == value {
                return Ok(None);
            }
            match &value {
                Some(v) => {
                    let stored = schema::encode_answer(&AnswerRecord {
                        value: v.clone(),
                        updated_at: now,
                    });
                    answers
                        .insert((response, question), stored.as_slice())
                        .map_err(|e| self.err(e))?;
                }
                None => {
                    answers
                        .remove((response, question))
                        .map_err(|e| self.err(e))?;
                }
            }
            record.updated_at = now;
            responses
                .insert(response, schema::encode(&record).as_slice())
                .map_err(|e| self.err(e))?;
            let entry = AuditEntry::new(
                response,
                question,
                old,
                value,
                reason,
                &self.recorded_by,
                now,
            );
            tx.open_table(AUDIT)
                .map_err(|e| self.err(e))?
                .insert((response, entry.id), schema::encode(&entry).as_slice())
                .map_err(|e| self.err(e))?;
            entry
        };
        self.commit(tx)?;
        Ok(Some(entry))
    }

    /// Marks a response draft or complete (one durable transaction).
    pub fn set_status(&self, response: Uuid, status: ResponseStatus) -> Result<Response> {
        let tx = self.write()?;
        let record = {
            let mut responses = tx.open_table(RESPONSES).map_err(|e| self.err(e))?;
            let mut record = self.response_in(&responses, response)?;
            record.status = status;
            record.updated_at = Utc::now();
            responses
                .insert(response, schema::encode(&record).as_slice())
                .map_err(|e| self.err(e))?;
            record
        };
        self.commit(tx)?;
        Ok(record)
    }

    /// The audit trail of a response, oldest first.
    pub fn audit(&self, response: Uuid) -> Result<Vec<AuditEntry>> {
        let tx = self.read()?;
        let table = tx.open_table(AUDIT).map_err(|e| self.err(e))?;
        let range = table
            .range((response, Uuid::nil())..=(response, Uuid::max()))
            .map_err(|e| self.err(e))?;
        range
            .map(|row| {
                let (k, v) = row.map_err(|e| self.err(e))?;
                let (response_id, id) = k.value();
                let mut entry: AuditEntry = self.decode("audit entry", id, v.value())?;
                entry.id = id;
                entry.response_id = response_id;
                Ok(entry)
            })
            .collect()
    }

    /// Keeps the exact text of a survey definition under its id and version. A text already
    /// stored under them is never replaced.
    pub fn pin_survey(&self, id: &str, version: &str, source: &str) -> Result<PinOutcome> {
        let mut outcome = PinOutcome::Same;
        self.write_batch(|batch| {
            outcome = batch.pin_survey(id, version, source)?;
            Ok::<_, StoreError>(())
        })?;
        Ok(outcome)
    }

    /// The stored text of a survey definition.
    pub fn survey_source(&self, id: &str, version: &str) -> Result<Option<String>> {
        let tx = self.read()?;
        let table = tx.open_table(SURVEYS).map_err(|e| self.err(e))?;
        let guard = table.get((id, version)).map_err(|e| self.err(e))?;
        Ok(guard.map(|g| g.value().to_string()))
    }

    /// Every pinned (survey id, version).
    pub fn pinned_surveys(&self) -> Result<Vec<(String, String)>> {
        let tx = self.read()?;
        let table = tx.open_table(SURVEYS).map_err(|e| self.err(e))?;
        table
            .iter()
            .map_err(|e| self.err(e))?
            .map(|row| {
                let (k, _) = row.map_err(|e| self.err(e))?;
                let (id, version) = k.value();
                Ok((id.to_string(), version.to_string()))
            })
            .collect()
    }

    pub(super) fn index_ids(
        &self,
        tx: &ReadTransaction,
        index: TableDefinition<(Uuid, Uuid), ()>,
        owner: Uuid,
        start: Uuid,
        limit: usize,
    ) -> Result<Vec<Uuid>> {
        let table = tx.open_table(index).map_err(|e| self.err(e))?;
        let range = table
            .range((owner, start)..=(owner, Uuid::max()))
            .map_err(|e| self.err(e))?;
        range
            .take(limit)
            .map(|row| row.map(|(k, _)| k.value().1).map_err(|e| self.err(e)))
            .collect()
    }

    pub(super) fn response_in(
        &self,
        table: &impl ReadableTable<Uuid, &'static [u8]>,
        id: Uuid,
    ) -> Result<Response> {
        let guard = table.get(id).map_err(|e| self.err(e))?;
        let guard = guard.ok_or_else(|| self.not_found("response", id))?;
        self.decode("response", id, guard.value())
    }

    fn answers_in(
        &self,
        table: &impl ReadableTable<(Uuid, &'static str), &'static [u8]>,
        response: Uuid,
    ) -> Result<AnswerList> {
        let stored = self.stored_answers_in(table, response)?;
        self.decode_answers(response, &stored)
    }
}

/// The smallest id after `id`, to resume a scan.
pub(super) fn next_id(id: Uuid) -> Uuid {
    Uuid::from_u128(id.as_u128().saturating_add(1))
}

/// The value with every string in it NFC-normalized.
pub(super) fn nfc_value(value: Value) -> Value {
    match value {
        Value::String(s) => Value::String(nfc(&s)),
        Value::Array(items) => Value::Array(items.into_iter().map(nfc_value).collect()),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (nfc(&k), nfc_value(v)))
                .collect(),
        ),
        other => other,
    }
}
