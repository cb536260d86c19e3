//! Responses with their answers (one row each, rows.rs), the audit trail and pinned survey
//! definitions.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use chrono::Utc;
use redb::{ReadTransaction, ReadableTable, TableDefinition};
use serde_json::Value;
use uuid::Uuid;

use super::error::Fault;
use super::names::Names;
use super::records::{AnswerRecord, AuditEntry, Response, ResponseStatus};
use super::rows::{self, Header, Place};
use super::schema::{AUDIT, ESTABLISHMENT_RESPONSES, RESPONSES, SESSION_RESPONSES, SURVEYS};
use super::{Store, StoreError, trail};
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

/// The audit trail's name for a change of status: not a question id (those never hold
/// parentheses), so it can be told apart from every answer.
pub const STATUS_ENTRY: &str = "(status)";

impl Store {
    /// Records a new response. Its session and establishment must exist and its survey version
    /// must be pinned (see [`Store::pin_survey`]); the establishment joins the session.
    pub fn create_response(&self, response: &Response) -> Result<()> {
        self.write_batch(|batch| batch.insert_response(response, &BTreeMap::new()))
    }

    pub fn response(&self, id: Uuid) -> Result<Option<Response>> {
        self.reading(|tx| {
            let table = tx.open_table(RESPONSES)?;
            let guard = table.get(id)?;
            guard
                .map(|g| response_from(id, g.value(), &self.names()))
                .transpose()
        })
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
        self.reading(|tx| {
            let ids = index_ids(tx, index, owner, Uuid::nil(), usize::MAX)?;
            let table = tx.open_table(RESPONSES)?;
            let names = self.names();
            ids.into_iter()
                .map(|id| {
                    let guard = table.get(id)?.ok_or_else(|| {
                        Fault::bad("response", id, "listed in an index but missing")
                    })?;
                    response_from(id, guard.value(), &names)
                })
                .collect()
        })
    }

    /// The answers of a response by question id (none for a response not stored).
    pub fn answers(&self, response: Uuid) -> Result<BTreeMap<String, AnswerRecord>> {
        self.reading(|tx| {
            let table = tx.open_table(RESPONSES)?;
            let Some(guard) = table.get(response)? else {
                return Ok(BTreeMap::new());
            };
            let (_, answers) = rows::decode(response, guard.value(), &self.names())
                .map_err(|d| Fault::bad("response", response, d))?;
            Ok(answers.into_iter().collect())
        })
    }

    /// Saves one answer (`None` clears it) in one durable transaction that also moves the
    /// response's `updated_at` and appends an audit entry. Returns the audit entry, or `None`
    /// when the answer was already this value and nothing was written. Strings inside the value
    /// are NFC-normalized. The value is not checked against the survey: that is the caller's job.
    ///
    /// The transaction reads the response's row and the last chunk of its trail, and writes
    /// both back: every other answer's bytes are copied as they are, not encoded again.
    pub fn set_answer(
        &self,
        response: Uuid,
        question: &str,
        value: Option<Value>,
        reason: Option<&str>,
    ) -> Result<Option<AuditEntry>> {
        let value = value.map(nfc_value);
        let now = Utc::now();
        self.transact(|tx, names| {
            let mut table = tx.open_table(RESPONSES)?;
            let (row, header, start) = self.row_to_edit(&table, response)?;
            let bad = |d: String| Fault::bad("response", response, d);
            let (place, old) = find_answer(&row[start..], question, names.names()).map_err(bad)?;
            if old == value {
                return Ok((None, false));
            }
            let new = match &value {
                Some(v) => Some((names.id(tx, question)?, v)),
                None => None,
            };
            let edited = rows::edit(&row, &header, start, place, new, now);
            table.insert(response, edited.as_slice())?;
            let entry = AuditEntry::new(
                response,
                question,
                old,
                value,
                reason,
                &self.recorded_by,
                now,
            );
            let entry_names = trail::entry_names(names, tx, &entry)?;
            let mut chunks = tx.open_table(AUDIT)?;
            let mut appender = trail::Appender::open(&chunks, response)?;
            appender.push(&mut chunks, &entry, entry_names)?;
            appender.write(&mut chunks)?;
            Ok((Some(entry), true))
        })
    }

    /// Marks a response draft or complete (one durable transaction).
    pub fn set_status(&self, response: Uuid, status: ResponseStatus) -> Result<Response> {
        let now = Utc::now();
        self.writing(|tx, names| {
            let mut table = tx.open_table(RESPONSES)?;
            let (row, header, start) = self.row_to_edit(&table, response)?;
            let header = Header {
                status,
                updated_at: now,
                ..header
            };
            table.insert(response, rows::rehead(&row, start, &header).as_slice())?;
            header
                .to_response(response, names.names())
                .map_err(|d| Fault::bad("response", response, d))
        })
    }

    /// Changes a response's status with an entry in its audit trail (question
    /// [`STATUS_ENTRY`], the old and the new status, why), in one durable transaction: for the
    /// changes a trainer must account for (deleting, restoring).
    pub fn set_status_because(
        &self,
        response: Uuid,
        status: ResponseStatus,
        reason: &str,
    ) -> Result<Response> {
        let now = Utc::now();
        self.transact(|tx, names| {
            let mut table = tx.open_table(RESPONSES)?;
            let (row, header, start) = self.row_to_edit(&table, response)?;
            let old = header.status;
            let header = Header {
                status,
                updated_at: now,
                ..header
            };
            table.insert(response, rows::rehead(&row, start, &header).as_slice())?;
            let entry = AuditEntry::new(
                response,
                STATUS_ENTRY,
                Some(Value::String(old.code().into())),
                Some(Value::String(status.code().into())),
                Some(reason),
                &self.recorded_by,
                now,
            );
            let entry_names = trail::entry_names(names, tx, &entry)?;
            let mut chunks = tx.open_table(AUDIT)?;
            let mut appender = trail::Appender::open(&chunks, response)?;
            appender.push(&mut chunks, &entry, entry_names)?;
            appender.write(&mut chunks)?;
            let changed = header
                .to_response(response, names.names())
                .map_err(|d| Fault::bad("response", response, d))?;
            Ok((changed, true))
        })
    }

    /// The audit trail of a response, oldest first.
    pub fn audit(&self, response: Uuid) -> Result<Vec<AuditEntry>> {
        self.reading(|tx| trail::read(&tx.open_table(AUDIT)?, response, &self.names()))
    }

    /// Keeps the exact text of a survey definition under its id and version. A text already
    /// stored under them is never replaced.
    pub fn pin_survey(&self, id: &str, version: &str, source: &str) -> Result<PinOutcome> {
        self.write_batch(|batch| batch.pin_survey(id, version, source))
    }

    /// The stored text of a survey definition.
    pub fn survey_source(&self, id: &str, version: &str) -> Result<Option<String>> {
        self.reading(|tx| {
            let table = tx.open_table(SURVEYS)?;
            let guard = table.get((id, version))?;
            Ok(guard.map(|g| g.value().to_string()))
        })
    }

    /// Every pinned (survey id, version).
    pub fn pinned_surveys(&self) -> Result<Vec<(String, String)>> {
        self.reading(|tx| {
            let table = tx.open_table(SURVEYS)?;
            let mut out = Vec::new();
            for row in table.iter()? {
                let (k, _) = row?;
                let (id, version) = k.value();
                out.push((id.to_string(), version.to_string()));
            }
            Ok(out)
        })
    }
}

impl Store {
    /// A stored response's row (copied: it is written back in the same table), its header and
    /// where its answers start; NotFound when there is no such response.
    fn row_to_edit(
        &self,
        table: &impl ReadableTable<Uuid, &'static [u8]>,
        response: Uuid,
    ) -> std::result::Result<(Vec<u8>, Header, usize), Fault> {
        let Some(guard) = table.get(response)? else {
            return Err(self.not_found("response", response).into());
        };
        let row = guard.value().to_vec();
        let (header, start) =
            Header::decode(&row).map_err(|d| Fault::bad("response", response, d))?;
        Ok((row, header, start))
    }
}

/// Where the answer to `question` is in a row's answers, and its value if it has one.
fn find_answer(
    answers: &[u8],
    question: &str,
    names: &Names,
) -> std::result::Result<(Place, Option<Value>), String> {
    for a in rows::answers(answers) {
        let a = a?;
        match names.text(a.question)?.cmp(question) {
            Ordering::Less => {}
            Ordering::Equal => {
                let place = Place::Replace {
                    start: a.start,
                    end: a.end,
                };
                return Ok((place, Some(a.value.to_value()?)));
            }
            Ordering::Greater => return Ok((Place::Insert { at: a.start }, None)),
        }
    }
    Ok((Place::Insert { at: answers.len() }, None))
}

/// The response of a stored row.
pub(super) fn response_from(
    id: Uuid,
    row: &[u8],
    names: &Names,
) -> std::result::Result<Response, Fault> {
    Header::decode(row)
        .and_then(|(h, _)| h.to_response(id, names))
        .map_err(|d| Fault::bad("response", id, d))
}

/// The ids listed under `owner` in an index, from `start` on.
pub(super) fn index_ids(
    tx: &ReadTransaction,
    index: TableDefinition<(Uuid, Uuid), ()>,
    owner: Uuid,
    start: Uuid,
    limit: usize,
) -> std::result::Result<Vec<Uuid>, Fault> {
    let table = tx.open_table(index)?;
    let mut ids = Vec::new();
    for row in table
        .range((owner, start)..=(owner, Uuid::max()))?
        .take(limit)
    {
        ids.push(row?.0.value().1);
    }
    Ok(ids)
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
