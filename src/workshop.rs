//! Stored responses seen through the survey definitions they were recorded against: what
//! `score`, the exports and the TUI need on top of the store and the survey core.

use std::collections::{BTreeMap, HashMap};

use crate::store::{AnswerRecord, Response, ResponseFilter, Store, StoreError};
use crate::survey::{Answers, Scorecard, Survey, load_survey, score};

/// Why stored responses could not be read or scored.
#[derive(Debug, thiserror::Error)]
pub enum WorkshopError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A pinned definition is missing or no longer loads.
    #[error("{0}")]
    Definition(String),
}

/// The survey definitions pinned in a store, parsed once each.
#[derive(Default)]
pub struct PinnedSurveys {
    surveys: HashMap<(String, String), Survey>,
}

impl PinnedSurveys {
    /// Every definition pinned in the store.
    pub fn load(store: &Store) -> Result<PinnedSurveys, WorkshopError> {
        let mut surveys = HashMap::new();
        for (id, version) in store.pinned_surveys()? {
            let survey = pinned_survey(store, &id, &version)?;
            surveys.insert((id, version), survey);
        }
        Ok(PinnedSurveys { surveys })
    }

    pub fn get(&self, id: &str, version: &str) -> Option<&Survey> {
        self.surveys.get(&(id.to_string(), version.to_string()))
    }

    /// The definition a response was recorded against.
    pub fn of<'s>(
        &'s self,
        store: &Store,
        response: &Response,
    ) -> Result<&'s Survey, WorkshopError> {
        self.get(&response.survey_id, &response.survey_version)
            .ok_or_else(|| {
                WorkshopError::Definition(format!(
                    "{}: response {} uses survey {} {}, whose definition is missing from the database",
                    store.path().display(),
                    response.id,
                    response.survey_id,
                    response.survey_version
                ))
            })
    }
}

/// The definition of `id` at `version` as stored in the database.
pub fn pinned_survey(store: &Store, id: &str, version: &str) -> Result<Survey, WorkshopError> {
    let origin = format!(
        "{} (survey {id} {version} as stored)",
        store.path().display()
    );
    let source = store.survey_source(id, version)?.ok_or_else(|| {
        WorkshopError::Definition(format!(
            "{origin}: the definition is missing from the database"
        ))
    })?;
    load_survey(&origin, source.as_bytes())
        .map(|loaded| loaded.survey)
        .map_err(|problems| {
            WorkshopError::Definition(format!(
                "{problems}\n{origin}: the stored definition cannot be read"
            ))
        })
}

/// Stored answers as the core's answers. The store keeps what the survey accepted when each
/// was saved; `rejected` hears of any answer the definition does not accept, which is left out.
pub fn to_answers(
    survey: &Survey,
    records: &BTreeMap<String, AnswerRecord>,
    mut rejected: impl FnMut(&str, String),
) -> Answers {
    let mut answers = Answers::new();
    for (id, record) in records {
        match survey.question(id).map(|q| q.parse_answer(&record.value)) {
            Some(Ok(answer)) => {
                answers.insert(id.clone(), answer);
            }
            Some(Err(e)) => rejected(id, e),
            None => rejected(
                id,
                format!(
                    "survey {} {} has no question {id}",
                    survey.id, survey.version
                ),
            ),
        }
    }
    answers
}

/// Scores every stored response matching `filter` with its pinned definition, streaming:
/// `visit` sees one response at a time and nothing is collected.
pub fn visit_scored<'p, E: From<WorkshopError> + From<StoreError>>(
    store: &Store,
    pinned: &'p PinnedSurveys,
    filter: &ResponseFilter,
    mut visit: impl FnMut(Response, &'p Survey, Scorecard) -> Result<(), E>,
) -> Result<(), E> {
    let mut warn =
        |q: &str, e: String| eprintln!("warning: a stored answer to {q} was left out: {e}");
    store.visit_responses(filter, |response, records| {
        let survey = pinned.of(store, &response).map_err(E::from)?;
        let card = score(survey, &to_answers(survey, &records, &mut warn));
        visit(response, survey, card)
    })
}
