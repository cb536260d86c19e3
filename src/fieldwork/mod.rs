//! The workshop's rules, once: the only layer between the store and the shells (the TUI, the
//! CLI, the exports). Each rule below lives in one function here and nowhere else.
//!
//! Glossary (one name per idea in code, JSON, CLI and screens):
//! - **session** = workshop = *hội thảo*: one day in one commune with one trainer.
//! - **establishment** = *cơ sở*: a household business, cooperative group, cooperative or
//!   enterprise; it exists once and takes part in many sessions.
//! - **survey** = *khảo sát*: a definition (`sxsh`, `dx`) at a version; a response is always
//!   scored with the **pinned** definition it was recorded against.
//! - **response** = *phiếu*: one establishment's answers to one survey at one session.
//! - **draft** = *nháp*: a response not yet marked complete; **complete** = *xong*.
//! - **visit**: a response seen in time, ordered by its session's date, then by when it was
//!   last changed; the **latest** visit and the **visit before** it.
//! - **scorecard**: the scores of a response (index, level, dimensions, advice).
//! - **weakest dimensions**, **levers**: what the result card and sheets advise first.
//!
//! Rules and where they live:
//! - stored answers → answers → scorecard: [`Pinned::read`], [`Pinned::score`];
//! - the pinned definition of a response, parsed once per process: [`Fieldwork::pinned`];
//! - typed text → a value: [`answers::typed`];
//! - recording an answer, completing a response: [`recording`];
//! - mending mistakes (edit, delete, restore, reset, leave a session): [`changes`];
//! - the establishment's profile asked once (prefilled, updated by answers): [`profile`];
//! - the latest response, the visit before: [`visits`];
//! - how a draft is counted: [`state`];
//! - weakest dimensions and levers: [`results`];
//! - when two establishments are the same: [`same`];
//! - what a name and a session date may be: [`names`];
//! - rows for every screen and sheet: [`summaries`], [`followup`];
//! - reading a whole database: [`stream::scan`].

pub mod answers;
pub mod changes;
mod definitions;
mod error;
pub mod followup;
pub mod names;
pub mod profile;
pub mod recording;
pub mod results;
pub mod same;
pub mod state;
pub mod stream;
pub mod summaries;
pub mod visits;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub use answers::{Read, Unreadable};
pub use definitions::{Pinned, QuestionIndex};
pub use error::FieldworkError;

use crate::store::{Response, Store};
use crate::survey::{Catalog, Scorecard};

type Result<T> = std::result::Result<T, FieldworkError>;

/// A pinned definition, or why it cannot be used.
type Loaded = std::result::Result<Arc<Pinned>, String>;

/// The workshop database with the surveys the program knows: what every shell works on.
pub struct Fieldwork {
    store: Store,
    catalog: Catalog,
    /// (survey id, version) → its pinned definition, or why it cannot be read.
    pinned: Mutex<HashMap<(String, String), Loaded>>,
}

/// One stored response read and scored with the definition it was recorded against.
#[derive(Debug, Clone)]
pub struct Scored {
    pub response: Response,
    pub pinned: Arc<Pinned>,
    pub answers: crate::survey::Answers,
    pub unreadable: Vec<Unreadable>,
    pub card: Scorecard,
}

impl Fieldwork {
    pub fn new(store: Store, catalog: Catalog) -> Fieldwork {
        Fieldwork {
            store,
            catalog,
            pinned: Mutex::new(HashMap::new()),
        }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// Closes the database, reporting any error redb meets while doing so.
    pub fn close(self) -> std::result::Result<(), crate::store::StoreError> {
        self.store.close()
    }

    /// The definition `response` was recorded against.
    pub fn pinned(&self, response: &Response) -> Result<Arc<Pinned>> {
        self.pinned_version(&response.survey_id, &response.survey_version)
    }

    /// The definition of `survey` at `version` as pinned in the database, parsed once per
    /// process (the shipped text is reused when the pinned one is the same).
    pub fn pinned_version(&self, survey: &str, version: &str) -> Result<Arc<Pinned>> {
        let key = (survey.to_owned(), version.to_owned());
        let mut cache = self.pinned.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(found) = cache.get(&key) {
            return found.clone().map_err(FieldworkError::Definition);
        }
        let loaded = definitions::load(&self.store, &self.catalog, survey, version)?;
        cache.insert(key, loaded.clone());
        loaded.map_err(FieldworkError::Definition)
    }

    /// Reads and scores one stored response.
    pub fn score(&self, response: &Response) -> Result<Scored> {
        let pinned = self.pinned(response)?;
        let stored = self.store.stored_answers(response.id)?;
        let read = pinned.read(&stored);
        let card = pinned.score(&read);
        let answers = read.to_map(&pinned.survey);
        let unreadable = read.unreadable;
        Ok(Scored {
            response: response.clone(),
            pinned,
            answers,
            unreadable,
            card,
        })
    }
}
