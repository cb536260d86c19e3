//! Streaming over many responses with their answers: a few hundred per short read
//! transaction, so memory stays flat and writers are not held up however large the file.

use redb::ReadableTable;
use uuid::Uuid;

use super::records::{AnswerRecord, Response};
use super::responses::{AnswerList, ResponseFilter, next_id};
use super::schema::{self, ANSWERS, RESPONSES, SESSION_RESPONSES};
use super::{Store, StoreError};

type Result<T> = std::result::Result<T, StoreError>;

/// Responses read per read transaction.
const VISIT_CHUNK: usize = 256;

/// The answers of one response as stored, decoded on demand: two allocations per response
/// instead of several per answer, and cheap to hand to another thread.
#[derive(Debug, Clone, Default)]
pub struct StoredAnswers {
    bytes: Vec<u8>,
    /// (question id length, stored value length), in question id order.
    spans: Vec<(u32, u32)>,
}

impl StoredAnswers {
    fn push(&mut self, question: &str, value: &[u8]) {
        self.bytes.extend_from_slice(question.as_bytes());
        self.bytes.extend_from_slice(value);
        // Question ids and answers are far below 4 GiB (redb caps values at 3 GiB).
        self.spans.push((question.len() as u32, value.len() as u32));
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Each question id with its value only (no time), the quickest read for scoring.
    pub fn values(
        &self,
    ) -> impl Iterator<Item = (&str, std::result::Result<StoredValue<'_>, String>)> {
        self.raw().map(|(key, bytes)| {
            let value =
                schema::split_answer(bytes).map(|(_, json)| match schema::plain_string(json) {
                    Some(s) => StoredValue::Plain(s),
                    None => StoredValue::Json(json),
                });
            (key, value)
        })
    }

    /// Each question id with its decoded answer, or what is wrong with the stored bytes.
    pub fn iter(&self) -> impl Iterator<Item = (&str, std::result::Result<AnswerRecord, String>)> {
        self.raw()
            .map(|(key, bytes)| (key, schema::decode_answer(bytes)))
    }

    fn raw(&self) -> impl Iterator<Item = (&str, &[u8])> {
        let mut at = 0;
        self.spans.iter().map(move |&(k, v)| {
            let (k, v) = (k as usize, v as usize);
            let key = &self.bytes[at..at + k];
            let value = &self.bytes[at + k..at + k + v];
            at += k + v;
            // The bytes came from a `&str` in `push`.
            let key = std::str::from_utf8(key).unwrap_or_default();
            (key, value)
        })
    }
}

/// A stored answer value, read without building a JSON value when it is plain text.
#[derive(Debug, Clone, Copy)]
pub enum StoredValue<'a> {
    /// A JSON string without escapes: its text (most answers, e.g. an option value).
    Plain(&'a str),
    /// Any other JSON value.
    Json(&'a [u8]),
}

impl StoredValue<'_> {
    pub fn to_value(self) -> std::result::Result<serde_json::Value, String> {
        match self {
            StoredValue::Plain(s) => Ok(serde_json::Value::String(s.to_string())),
            StoredValue::Json(json) => serde_json::from_slice(json).map_err(|e| e.to_string()),
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
    /// decode them on another thread (see `workshop::visit_scored`).
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

    pub(super) fn stored_answers_in(
        &self,
        table: &impl ReadableTable<(Uuid, &'static str), &'static [u8]>,
        response: Uuid,
    ) -> Result<StoredAnswers> {
        let mut out = StoredAnswers::default();
        for row in table.range((response, "")..).map_err(|e| self.err(e))? {
            let (k, v) = row.map_err(|e| self.err(e))?;
            let (rid, question) = k.value();
            if rid != response {
                break;
            }
            out.push(question, v.value());
        }
        Ok(out)
    }

    /// The next matching responses after `after`, from one short read transaction.
    fn read_chunk(&self, filter: &ResponseFilter, after: Option<Uuid>) -> Result<Chunk> {
        let tx = self.read()?;
        let responses = tx.open_table(RESPONSES).map_err(|e| self.err(e))?;
        let answers = tx.open_table(ANSWERS).map_err(|e| self.err(e))?;
        let start = after.map_or(Uuid::nil(), next_id);
        let mut chunk = Chunk {
            responses: Vec::new(),
            last_scanned: after,
            exhausted: true,
        };
        let wanted = |r: &Response| filter.survey.as_ref().is_none_or(|s| *s == r.survey_id);
        let mut scanned = 0;
        match filter.session {
            Some(session) => {
                for id in self.index_ids(&tx, SESSION_RESPONSES, session, start, VISIT_CHUNK)? {
                    scanned += 1;
                    chunk.last_scanned = Some(id);
                    let response = self.response_in(&responses, id)?;
                    if wanted(&response) {
                        let stored = self.stored_answers_in(&answers, id)?;
                        chunk.responses.push((response, stored));
                    }
                }
            }
            None => {
                // Both tables are ordered by response id: walk them side by side instead of
                // seeking the answers of each response.
                let mut all = answers.range((start, "")..).map_err(|e| self.err(e))?;
                let mut pending = all.next();
                let rows = responses.range(start..).map_err(|e| self.err(e))?;
                for row in rows.take(VISIT_CHUNK) {
                    let (k, v) = row.map_err(|e| self.err(e))?;
                    let response: Response = self.decode("response", k.value(), v.value())?;
                    scanned += 1;
                    chunk.last_scanned = Some(response.id);
                    let keep = wanted(&response);
                    let mut stored = StoredAnswers::default();
                    if keep {
                        stored.bytes.reserve(1024);
                        stored.spans.reserve(48);
                    }
                    while let Some(row) = pending.take() {
                        let (ak, av) = row.map_err(|e| self.err(e))?;
                        let (rid, question) = ak.value();
                        if rid > response.id {
                            pending = Some(Ok((ak, av)));
                            break;
                        }
                        if rid == response.id && keep {
                            stored.push(question, av.value());
                        }
                        pending = all.next();
                    }
                    if keep {
                        chunk.responses.push((response, stored));
                    }
                }
            }
        }
        chunk.exhausted = scanned < VISIT_CHUNK;
        Ok(chunk)
    }
}
