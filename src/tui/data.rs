//! What the workshop screens need from storage, as one trait. The real
//! implementation is the store (`store_records.rs`); tests and benches also use
//! the in-memory one here. Errors arrive as text ready to show the trainer.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value;
use uuid::Uuid;

use super::strings::Lang;
use crate::survey::Catalog;
use crate::survey::text::{fold, nfc};

pub type Outcome<T> = Result<T, String>;

#[derive(Debug, Clone, PartialEq)]
pub struct SessionRow {
    pub id: Uuid,
    pub name: String,
    pub date: NaiveDate,
    pub commune: String,
    pub province: String,
}

/// A session as the sessions screen lists it; the counts come after the first frame.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionSummary {
    pub session: SessionRow,
    pub counts: Option<Counts>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub establishments: usize,
    /// Complete responses.
    pub complete: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EstablishmentRow {
    pub id: Uuid,
    pub name: String,
    /// Index into `strings::KINDS`.
    pub kind: usize,
    pub sector: String,
    pub commune: String,
    pub province: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ResponseRow {
    pub id: Uuid,
    pub survey_id: String,
    pub survey_version: String,
    pub establishment_id: Uuid,
    pub session_id: Uuid,
    pub complete: bool,
    pub created_at: DateTime<Utc>,
}

pub trait Records {
    /// Every session, newest first.
    fn sessions(&self) -> Outcome<Vec<SessionRow>>;
    /// Reads every response of the session: slower, so it runs after the first frame.
    fn session_counts(&self, session: Uuid) -> Outcome<Counts>;
    fn create_session(&mut self, session: SessionRow) -> Outcome<SessionRow>;
    fn session_establishments(&self, session: Uuid) -> Outcome<Vec<EstablishmentRow>>;
    /// Every establishment whose fields contain each word of `query`, ignoring diacritics.
    fn search_establishments(&self, query: &str) -> Outcome<Vec<EstablishmentRow>>;
    fn add_establishment(&mut self, establishment: EstablishmentRow) -> Outcome<EstablishmentRow>;
    fn join_session(&mut self, session: Uuid, establishment: Uuid) -> Outcome<()>;
    fn session_responses(&self, session: Uuid) -> Outcome<Vec<ResponseRow>>;
    fn establishment_responses(&self, establishment: Uuid) -> Outcome<Vec<ResponseRow>>;
    /// A new draft response; `source` is the survey definition, pinned beside it.
    fn start_response(&mut self, response: ResponseRow, source: &str) -> Outcome<ResponseRow>;
    /// The stored answers of a response, by question id, as canonical JSON.
    fn answers(&self, response: Uuid) -> Outcome<BTreeMap<String, Value>>;
    /// One durable write; `None` clears the answer. `reason` goes into the audit trail.
    fn set_answer(
        &mut self,
        response: Uuid,
        question: &str,
        value: Option<Value>,
        reason: Option<&str>,
    ) -> Outcome<()>;
    fn set_complete(&mut self, response: Uuid, complete: bool) -> Outcome<()>;
    /// The pinned definition a response was recorded against.
    fn survey_source(&self, id: &str, version: &str) -> Outcome<Option<String>>;
    /// Adds the demo workshop; returns its (latest) session.
    fn load_demo(&mut self, catalog: &Catalog, today: NaiveDate) -> Outcome<SessionRow> {
        super::demo::load(self, catalog, today)
    }
    /// Writes the session's spreadsheet (every sheet of `sansang export --format xlsx`)
    /// into `folder`; the path written.
    fn export_session(&self, _session: Uuid, _folder: &Path, _lang: Lang) -> Outcome<PathBuf> {
        Err("exporting needs the workshop database".into())
    }
    /// The database file, which places the exports when the system has no Documents folder.
    fn database(&self) -> Option<&Path> {
        None
    }
}

/// Records kept in memory: for tests, benches and the snapshot fixtures.
#[derive(Debug, Default, Clone)]
pub struct MemoryRecords {
    pub sessions: Vec<SessionRow>,
    pub establishments: Vec<EstablishmentRow>,
    pub joined: Vec<(Uuid, Uuid)>,
    pub responses: Vec<ResponseRow>,
    pub answers: BTreeMap<Uuid, BTreeMap<String, Value>>,
    pub sources: BTreeMap<(String, String), String>,
    /// (response, question, reason) of every write, in order.
    pub audit: Vec<(Uuid, String, Option<String>)>,
    /// When set, every write fails with this message (a full disk, say). Shared,
    /// so a test can fill the disk while the app holds the records.
    pub fail_writes: std::rc::Rc<std::cell::RefCell<Option<String>>>,
}

impl MemoryRecords {
    fn check_write(&self) -> Outcome<()> {
        match self.fail_writes.borrow().as_ref() {
            Some(m) => Err(m.clone()),
            None => Ok(()),
        }
    }
}

impl Records for MemoryRecords {
    fn sessions(&self) -> Outcome<Vec<SessionRow>> {
        let mut all = self.sessions.clone();
        all.sort_by_key(|s| std::cmp::Reverse(s.date));
        Ok(all)
    }

    fn session_counts(&self, session: Uuid) -> Outcome<Counts> {
        Ok(Counts {
            establishments: self.joined.iter().filter(|(id, _)| *id == session).count(),
            complete: self
                .responses
                .iter()
                .filter(|r| r.session_id == session && r.complete)
                .count(),
        })
    }

    fn create_session(&mut self, session: SessionRow) -> Outcome<SessionRow> {
        self.check_write()?;
        self.sessions.push(session.clone());
        Ok(session)
    }

    fn session_establishments(&self, session: Uuid) -> Outcome<Vec<EstablishmentRow>> {
        let mut list: Vec<EstablishmentRow> = self
            .establishments
            .iter()
            .filter(|e| self.joined.contains(&(session, e.id)))
            .cloned()
            .collect();
        list.sort_by_cached_key(|e| fold(&e.name));
        Ok(list)
    }

    fn search_establishments(&self, query: &str) -> Outcome<Vec<EstablishmentRow>> {
        let query = fold(query);
        let mut list: Vec<EstablishmentRow> = self
            .establishments
            .iter()
            .filter(|e| {
                let hay = fold(&format!(
                    "{} {} {} {}",
                    e.name, e.sector, e.commune, e.province
                ));
                query.split_whitespace().all(|w| hay.contains(w))
            })
            .cloned()
            .collect();
        list.sort_by_cached_key(|e| fold(&e.name));
        Ok(list)
    }

    fn add_establishment(&mut self, mut e: EstablishmentRow) -> Outcome<EstablishmentRow> {
        self.check_write()?;
        e.name = nfc(e.name.trim());
        self.establishments.push(e.clone());
        Ok(e)
    }

    fn join_session(&mut self, session: Uuid, establishment: Uuid) -> Outcome<()> {
        self.check_write()?;
        if !self.joined.contains(&(session, establishment)) {
            self.joined.push((session, establishment));
        }
        Ok(())
    }

    fn session_responses(&self, session: Uuid) -> Outcome<Vec<ResponseRow>> {
        Ok(self
            .responses
            .iter()
            .filter(|r| r.session_id == session)
            .cloned()
            .collect())
    }

    fn establishment_responses(&self, establishment: Uuid) -> Outcome<Vec<ResponseRow>> {
        Ok(self
            .responses
            .iter()
            .filter(|r| r.establishment_id == establishment)
            .cloned()
            .collect())
    }

    fn start_response(&mut self, response: ResponseRow, source: &str) -> Outcome<ResponseRow> {
        self.check_write()?;
        self.sources
            .entry((response.survey_id.clone(), response.survey_version.clone()))
            .or_insert_with(|| source.to_owned());
        self.join_session(response.session_id, response.establishment_id)?;
        self.responses.push(response.clone());
        Ok(response)
    }

    fn answers(&self, response: Uuid) -> Outcome<BTreeMap<String, Value>> {
        Ok(self.answers.get(&response).cloned().unwrap_or_default())
    }

    fn set_answer(
        &mut self,
        response: Uuid,
        question: &str,
        value: Option<Value>,
        reason: Option<&str>,
    ) -> Outcome<()> {
        self.check_write()?;
        let answers = self.answers.entry(response).or_default();
        match value {
            Some(v) => answers.insert(question.to_owned(), v),
            None => answers.remove(question),
        };
        self.audit
            .push((response, question.to_owned(), reason.map(str::to_owned)));
        Ok(())
    }

    fn set_complete(&mut self, response: Uuid, complete: bool) -> Outcome<()> {
        self.check_write()?;
        if let Some(r) = self.responses.iter_mut().find(|r| r.id == response) {
            r.complete = complete;
        }
        Ok(())
    }

    fn survey_source(&self, id: &str, version: &str) -> Outcome<Option<String>> {
        Ok(self.sources.get(&(id.into(), version.into())).cloned())
    }
}
