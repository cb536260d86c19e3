//! Streaming over many responses with their answers: a few hundred per short read
//! transaction, so memory stays flat and writers are not held up however large the file.

use std::sync::Arc;

use redb::ReadableTable;
use uuid::Uuid;

use super::codec::RawValue;
use super::error::Fault;
use super::names::Names;
use super::records::{AnswerRecord, Response};
use super::responses::{AnswerList, ResponseFilter, index_ids, next_id};
use super::rows::{self, AnswerRef, Header};
use super::schema::{RESPONSES, SESSION_RESPONSES};
use super::{Store, StoreError};

type Result<T> = std::result::Result<T, StoreError>;

/// Responses read per read transaction.
const VISIT_CHUNK: usize = 256;

/// The answers of one response as stored, decoded on demand: one allocation per response,
/// and cheap to hand to another thread.
#[derive(Debug, Clone, Default)]
pub struct StoredAnswers {
    names: Arc<Names>,
    /// Microseconds since 1970 of the response's creation, the base of the answers' times.
    base: i64,
    /// The answers part of the response's row.
    bytes: Vec<u8>,
}

impl StoredAnswers {
    pub fn len(&self) -> usize {
        rows::answers(&self.bytes).count()
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// Each question id with its value only (no time), the quickest read for scoring, and the
    /// number this database gives the id (see [`Store::question_number`]): a scan finds the
    /// question by number, without comparing texts.
    pub fn numbered_values(
        &self,
    ) -> impl Iterator<
        Item = (
            Option<u32>,
            &str,
            std::result::Result<StoredValue<'_>, String>,
        ),
    > {
        rows::answers(&self.bytes).map(|entry| {
            let read = entry.and_then(|a| Ok((a.question, self.names.text(a.question)?, a)));
            match read {
                Ok((number, question, a)) => (Some(number), question, Ok(stored_value(a.value))),
                Err(e) => (None, "?", Err(e)),
            }
        })
    }

    /// Each question id with its decoded answer, or what is wrong with the stored bytes.
    pub fn iter(&self) -> impl Iterator<Item = (&str, std::result::Result<AnswerRecord, String>)> {
        self.entries().map(|entry| match entry {
            Ok((question, a)) => {
                let record = a.value.to_value().and_then(|value| {
                    Ok(AnswerRecord {
                        value,
                        updated_at: a.updated_at(self.base)?,
                    })
                });
                (question, record)
            }
            Err(e) => ("?", Err(e)),
        })
    }

    fn entries(&self) -> impl Iterator<Item = std::result::Result<(&str, AnswerRef<'_>), String>> {
        rows::answers(&self.bytes).map(|a| {
            let a = a?;
            Ok((self.names.text(a.question)?, a))
        })
    }
}

fn stored_value(value: RawValue<'_>) -> StoredValue<'_> {
    match value {
        RawValue::Text(s) => StoredValue::Plain(s),
        RawValue::Json(json) => StoredValue::Json(json),
    }
}

/// A stored answer value, read without building a JSON value when it is text.
#[derive(Debug, Clone, Copy)]
pub enum StoredValue<'a> {
    /// A string: its text (most answers, e.g. an option value).
    Plain(&'a str),
    /// Any other JSON value.
    Json(&'a [u8]),
}

impl StoredValue<'_> {
    pub fn to_value(self) -> std::result::Result<serde_json::Value, String> {
        match self {
            StoredValue::Plain(s) => RawValue::Text(s).to_value(),
            StoredValue::Json(json) => RawValue::Json(json).to_value(),
        }
    }
}

/// One read transaction's worth of a visit.
struct Chunk {
    responses: Vec<(Response, StoredAnswers)>,
    /// Where the next chunk starts (after this id).
    last_scanned: Option<Uuid>,
    exhausted: bool,
}

impl Store {
    /// Calls `visit` with every response matching `filter` and its answers (sorted by question
    /// id), oldest first, a few hundred responses per short read transaction.
    pub fn visit_responses<E: From<StoreError>>(
        &self,
        filter: &ResponseFilter,
        mut visit: impl FnMut(Response, AnswerList) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        self.visit_stored(filter, |response, stored| {
            let answers = self.decode_answers(response.id, &stored)?;
            visit(response, answers)
        })
    }

    /// Like [`Store::visit_responses`] with the answers still encoded, for callers that
    /// decode them on another thread (see `fieldwork::stream::scan`).
    pub fn visit_stored<E: From<StoreError>>(
        &self,
        filter: &ResponseFilter,
        mut visit: impl FnMut(Response, StoredAnswers) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let mut after: Option<Uuid> = None;
        loop {
            let chunk = self.read_chunk(filter, after)?;
            after = chunk.last_scanned;
            for (response, answers) in chunk.responses {
                visit(response, answers)?;
            }
            if chunk.exhausted {
                return Ok(());
            }
        }
    }

    /// The number this database gives the question id `id` in every stored answer to it
    /// (none while no answer uses it). Numbers never change meaning within one database.
    pub fn question_number(&self, id: &str) -> Option<u32> {
        self.names().id(id)
    }

    /// Every response, oldest first (without their answers).
    pub fn all_responses(&self) -> Result<Vec<Response>> {
        self.reading(|tx| {
            let names = self.names();
            let table = tx.open_table(RESPONSES)?;
            let mut all = Vec::new();
            for row in table.iter()? {
                let (k, v) = row?;
                all.push(super::responses::response_from(
                    k.value(),
                    v.value(),
                    &names,
                )?);
            }
            Ok(all)
        })
    }

    /// The answers of one response as stored, decoded on demand (none for a response not
    /// stored).
    pub fn stored_answers(&self, response: Uuid) -> Result<StoredAnswers> {
        self.reading(|tx| {
            let table = tx.open_table(RESPONSES)?;
            let Some(row) = table.get(response)? else {
                return Ok(StoredAnswers::default());
            };
            let found = stored(
                response,
                row.value(),
                &self.names(),
                &ResponseFilter::default(),
            )?;
            Ok(found.map(|(_, answers)| answers).unwrap_or_default())
        })
    }

    /// Decoded answers, or an error naming the response and question of a bad record.
    pub fn decode_answers(&self, response: Uuid, stored: &StoredAnswers) -> Result<AnswerList> {
        stored
            .iter()
            .map(|(question, record)| {
                record
                    .map(|r| (question.to_string(), r))
                    .map_err(|d| self.bad("answer", format!("{response}/{question}"), d))
            })
            .collect()
    }

    /// The next matching responses after `after`, from one short read transaction.
    fn read_chunk(&self, filter: &ResponseFilter, after: Option<Uuid>) -> Result<Chunk> {
        self.reading(|tx| {
            let names = self.names();
            let table = tx.open_table(RESPONSES)?;
            let start = after.map_or(Uuid::nil(), next_id);
            let mut chunk = Chunk {
                responses: Vec::new(),
                last_scanned: after,
                exhausted: true,
            };
            let mut take = |id: Uuid, row: &[u8]| -> std::result::Result<(), Fault> {
                chunk.last_scanned = Some(id);
                if let Some(found) = stored(id, row, &names, filter)? {
                    chunk.responses.push(found);
                }
                Ok(())
            };
            let mut scanned = 0;
            match filter.session {
                Some(session) => {
                    for id in index_ids(tx, SESSION_RESPONSES, session, start, VISIT_CHUNK)? {
                        scanned += 1;
                        let row = table.get(id)?.ok_or_else(|| {
                            Fault::bad("response", id, "listed in a session but missing")
                        })?;
                        take(id, row.value())?;
                    }
                }
                None => {
                    for row in table.range(start..)?.take(VISIT_CHUNK) {
                        scanned += 1;
                        let (k, v) = row?;
                        take(k.value(), v.value())?;
                    }
                }
            }
            chunk.exhausted = scanned < VISIT_CHUNK;
            Ok(chunk)
        })
    }
}

/// A row as a response with its stored answers, or None when the filter's survey is another.
fn stored(
    id: Uuid,
    row: &[u8],
    names: &Arc<Names>,
    filter: &ResponseFilter,
) -> std::result::Result<Option<(Response, StoredAnswers)>, Fault> {
    let bad = |d: String| Fault::bad("response", id, d);
    let (header, start) = Header::decode(row).map_err(bad)?;
    if let Some(survey) = &filter.survey
        && names.text(header.survey).map_err(bad)? != survey
    {
        return Ok(None);
    }
    let response = header.to_response(id, names).map_err(bad)?;
    let answers = StoredAnswers {
        names: Arc::clone(names),
        base: header.base_micros(),
        bytes: row[start..].to_vec(),
    };
    Ok(Some((response, answers)))
}
