//! The responses of a batch: new ones with their answers (import, the demo), and records,
//! answers and audit entries written one by one as given (merging another laptop's export,
//! the import module's merge, so importing the same file twice changes nothing).
//!
//! The response being written is held decoded in the batch and written once another response
//! is touched or the batch ends.

use std::collections::{BTreeMap, HashSet};

use chrono::Utc;
use redb::ReadableTable;
use uuid::Uuid;

use super::batch::Batch;
use super::directory::get;
use super::error::Fault;
use super::records::{AnswerRecord, AuditEntry, Establishment, Response, Session};
use super::responses::nfc_value;
use super::{StoreError, rows, trail};

type Result<T> = std::result::Result<T, StoreError>;
type Answers = BTreeMap<String, AnswerRecord>;

/// The response a batch is writing.
pub(super) struct Working {
    id: Uuid,
    /// None: not stored.
    row: Option<(Response, Answers)>,
    dirty: bool,
    trail: Option<Trail>,
}

/// The audit trail of the working response: the ids it holds and its last chunk.
struct Trail {
    ids: HashSet<Uuid>,
    appender: trail::Appender,
}

impl Batch<'_, '_> {
    /// Whether a response with this id exists.
    pub fn response_exists(&self, id: Uuid) -> Result<bool> {
        Ok(self.response(id)?.is_some())
    }

    /// A response as it stands in this transaction.
    pub fn response(&self, id: Uuid) -> Result<Option<Response>> {
        self.guard_ref(|b| Ok(b.row(id)?.map(|(r, _)| r)))
    }

    /// The answers of a response as they stand in this transaction.
    pub fn answer_records(&self, response: Uuid) -> Result<BTreeMap<String, AnswerRecord>> {
        self.guard_ref(|b| Ok(b.row(response)?.map(|(_, a)| a).unwrap_or_default()))
    }

    /// Stores a new response with its answers, its index rows and one audit entry per answer;
    /// the establishment joins the session. Refuses an id already used, and a session,
    /// establishment or survey version not stored (in this transaction or before).
    pub fn insert_response(&mut self, response: &Response, answers: &Answers) -> Result<()> {
        let id = response.id;
        self.guard(|b| {
            b.focus(id)?;
            if b.working_row().is_some() {
                return Err(b.store.exists("response", id).into());
            }
            if get::<Session>(&b.sessions, "session", response.session_id)?.is_none() {
                return Err(b.store.not_found("session", response.session_id).into());
            }
            let establishment = response.establishment_id;
            if get::<Establishment>(&b.establishments, "establishment", establishment)?.is_none() {
                return Err(b.store.not_found("establishment", establishment).into());
            }
            let (survey, version) = (response.survey_id.as_str(), &response.survey_version);
            if b.surveys.get((survey, version.as_str()))?.is_none() {
                return Err(b
                    .store
                    .not_found(
                        "pinned survey definition",
                        format!("{survey} version {version}"),
                    )
                    .into());
            }
            b.index(response)?;
            let answers: Answers = answers
                .iter()
                .map(|(q, r)| {
                    let record = AnswerRecord {
                        value: nfc_value(r.value.clone()),
                        updated_at: r.updated_at,
                    };
                    (q.clone(), record)
                })
                .collect();
            let now = Utc::now();
            let reason = b.reason.clone();
            for (question, record) in &answers {
                let entry = AuditEntry::new(
                    id,
                    question,
                    None,
                    Some(record.value.clone()),
                    reason.as_deref(),
                    &response.recorded_by,
                    now,
                );
                b.append(&entry)?;
            }
            b.set_row(response.clone(), answers);
            Ok(())
        })
    }

    /// Stores a response record as given (new, or replacing the one with its id) with its index
    /// rows; the establishment joins the session. Its answers are kept; answers and audit are
    /// written separately.
    pub fn put_response_record(&mut self, response: &Response) -> Result<()> {
        self.guard(|b| {
            b.focus(response.id)?;
            b.index(response)?;
            let answers = b.working_row().map(|(_, a)| a.clone()).unwrap_or_default();
            b.set_row(response.clone(), answers);
            Ok(())
        })
    }

    /// Stores one answer with its own time, without an audit entry (the entry comes with it).
    /// The response must be stored.
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
        self.edit_answers(response, |answers| {
            answers.insert(question.to_string(), record);
        })
    }

    /// Removes one answer, without an audit entry (the entry comes with the change).
    pub fn remove_answer_record(&mut self, response: Uuid, question: &str) -> Result<()> {
        self.edit_answers(response, |answers| {
            answers.remove(question);
        })
    }

    /// Stores an audit entry unless one with its id exists. Returns whether it was added.
    pub fn put_audit_entry(&mut self, entry: &AuditEntry) -> Result<bool> {
        self.guard(|b| {
            b.focus(entry.response_id)?;
            if b.trail()?.ids.contains(&entry.id) {
                return Ok(false);
            }
            b.append(entry)?;
            Ok(true)
        })
    }

    fn edit_answers(&mut self, response: Uuid, edit: impl FnOnce(&mut Answers)) -> Result<()> {
        self.guard(|b| {
            b.focus(response)?;
            let store = b.store;
            let working = b
                .working
                .as_mut()
                .ok_or_else(|| Fault::bad("batch", response, "no working response"))?;
            let (_, answers) = working
                .row
                .as_mut()
                .ok_or_else(|| Fault::from(store.not_found("response", response)))?;
            edit(answers);
            working.dirty = true;
            Ok(())
        })
    }

    /// The index rows of a response; its establishment joins its session.
    fn index(&mut self, response: &Response) -> std::result::Result<(), Fault> {
        let (id, s, e) = (response.id, response.session_id, response.establishment_id);
        self.session_responses.insert((s, id), ())?;
        self.establishment_responses.insert((e, id), ())?;
        self.session_establishments.insert((s, e), ())?;
        Ok(())
    }

    /// A response with its answers as they stand in this transaction.
    fn row(&self, id: Uuid) -> std::result::Result<Option<(Response, Answers)>, Fault> {
        if let Some(w) = self.working.as_ref().filter(|w| w.id == id) {
            return Ok(w.row.clone());
        }
        self.stored_row(id)
    }

    fn stored_row(&self, id: Uuid) -> std::result::Result<Option<(Response, Answers)>, Fault> {
        let Some(guard) = self.responses.get(id)? else {
            return Ok(None);
        };
        let (response, answers) = rows::decode(id, guard.value(), self.names.names())
            .map_err(|d| Fault::bad("response", id, d))?;
        Ok(Some((response, answers.into_iter().collect())))
    }

    /// Makes `id` the working response, writing the one before.
    fn focus(&mut self, id: Uuid) -> std::result::Result<(), Fault> {
        if self.working.as_ref().is_some_and(|w| w.id == id) {
            return Ok(());
        }
        self.flush()?;
        let row = self.stored_row(id)?;
        self.working = Some(Working {
            id,
            row,
            dirty: false,
            trail: None,
        });
        Ok(())
    }

    fn working_row(&self) -> Option<&(Response, Answers)> {
        self.working.as_ref().and_then(|w| w.row.as_ref())
    }

    fn set_row(&mut self, response: Response, answers: Answers) {
        if let Some(w) = self.working.as_mut() {
            w.row = Some((response, answers));
            w.dirty = true;
        }
    }

    fn trail(&mut self) -> std::result::Result<&mut Trail, Fault> {
        let working = self
            .working
            .as_mut()
            .ok_or_else(|| Fault::bad("batch", "audit", "no working response"))?;
        if working.trail.is_none() {
            let entries = trail::read(&self.audit, working.id, self.names.names())?;
            working.trail = Some(Trail {
                ids: entries.iter().map(|e| e.id).collect(),
                appender: trail::Appender::open(&self.audit, working.id)?,
            });
        }
        working
            .trail
            .as_mut()
            .ok_or_else(|| Fault::bad("batch", "audit", "no trail"))
    }

    /// Appends an entry to the working response's trail.
    fn append(&mut self, entry: &AuditEntry) -> std::result::Result<(), Fault> {
        let entry_names = trail::entry_names(&mut self.names, self.tx, entry)?;
        self.trail()?;
        let Batch { working, audit, .. } = self;
        if let Some(trail) = working.as_mut().and_then(|w| w.trail.as_mut()) {
            trail.appender.push(audit, entry, entry_names)?;
            trail.ids.insert(entry.id);
        }
        Ok(())
    }

    /// Writes the working response and its new audit entries.
    pub(super) fn flush(&mut self) -> std::result::Result<(), Fault> {
        let Some(mut working) = self.working.take() else {
            return Ok(());
        };
        if let (true, Some((response, answers))) = (working.dirty, &working.row) {
            let answers = answers.iter().map(|(q, r)| (q.as_str(), r));
            let row = rows::encode(&mut self.names, self.tx, response, answers)?;
            self.responses.insert(working.id, row.as_slice())?;
        }
        if let Some(trail) = working.trail.as_mut() {
            trail.appender.write(&mut self.audit)?;
        }
        Ok(())
    }
}
