//! Stored responses seen through the survey definitions they were recorded against: what
//! `score`, the exports and the TUI need on top of the store and the survey core.

use std::collections::HashMap;

use serde_json::Value;

use crate::store::{Response, ResponseFilter, Store, StoreError};
use crate::survey::{Answers, Question, Scorecard, Survey, load_survey, score};

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
    surveys: HashMap<(String, String), (Survey, QuestionIndex)>,
}

/// A survey's questions by id: a hash lookup instead of a scan for each of millions of answers.
pub struct QuestionIndex(HashMap<String, usize>);

impl QuestionIndex {
    pub fn new(survey: &Survey) -> QuestionIndex {
        QuestionIndex(
            survey
                .questions
                .iter()
                .enumerate()
                .map(|(i, q)| (q.id.clone(), i))
                .collect(),
        )
    }

    pub fn get<'s>(&self, survey: &'s Survey, id: &str) -> Option<&'s Question> {
        self.0.get(id).map(|&i| &survey.questions[i])
    }
}

impl PinnedSurveys {
    /// Every definition pinned in the store.
    pub fn load(store: &Store) -> Result<PinnedSurveys, WorkshopError> {
        let mut surveys = HashMap::new();
        for (id, version) in store.pinned_surveys()? {
            let survey = pinned_survey(store, &id, &version)?;
            let index = QuestionIndex::new(&survey);
            surveys.insert((id, version), (survey, index));
        }
        Ok(PinnedSurveys { surveys })
    }

    pub fn get(&self, id: &str, version: &str) -> Option<&Survey> {
        self.entry(id, version).map(|(s, _)| s)
    }

    fn entry(&self, id: &str, version: &str) -> Option<&(Survey, QuestionIndex)> {
        self.surveys.get(&(id.to_string(), version.to_string()))
    }

    /// The definition a response was recorded against, with its question index.
    pub fn of<'s>(
        &'s self,
        store: &Store,
        response: &Response,
    ) -> Result<&'s (Survey, QuestionIndex), WorkshopError> {
        self.entry(&response.survey_id, &response.survey_version)
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
pub fn to_answers<'r>(
    survey: &Survey,
    index: &QuestionIndex,
    records: impl IntoIterator<Item = (&'r String, &'r Value)>,
    mut rejected: impl FnMut(&str, String),
) -> Answers {
    let mut answers = Answers::new();
    for (id, value) in records {
        match index.get(survey, id).map(|q| q.parse_answer(value)) {
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
        let (survey, index) = pinned.of(store, &response).map_err(E::from)?;
        let records = records.iter().map(|(q, r)| (q, &r.value));
        let card = score(survey, &to_answers(survey, index, records, &mut warn));
        visit(response, survey, card)
    })
}
