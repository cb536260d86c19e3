//! Stored responses seen through the survey definitions they were recorded against: what
//! `score`, the exports and the TUI need on top of the store and the survey core.

mod scoring;

use serde_json::Value;

pub use scoring::visit_scored;

use crate::store::{Response, Store, StoreError, StoredAnswers, StoredValue};
use crate::survey::model::Kind;
use crate::survey::{Answer, Answers, Question, Scorecard, Survey, load_survey};

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
    /// A handful of survey versions: a list is quicker to search than a map keyed by strings.
    surveys: Vec<(Survey, QuestionIndex)>,
}

/// A survey's questions sorted by id, for looking up millions of stored answers (which come
/// sorted by question id) without a scan of the survey for each.
pub struct QuestionIndex(Vec<(String, usize)>);

impl QuestionIndex {
    pub fn new(survey: &Survey) -> QuestionIndex {
        let mut ids: Vec<(String, usize)> = survey
            .questions
            .iter()
            .enumerate()
            .map(|(i, q)| (q.id.clone(), i))
            .collect();
        ids.sort();
        QuestionIndex(ids)
    }

    /// (question id, position in the survey), sorted by id.
    pub fn sorted(&self) -> &[(String, usize)] {
        &self.0
    }

    pub fn get<'s>(&self, survey: &'s Survey, id: &str) -> Option<&'s Question> {
        Some(&survey.questions[self.position(id)?])
    }

    fn position(&self, id: &str) -> Option<usize> {
        let at = self.0.binary_search_by(|(q, _)| q.as_str().cmp(id)).ok()?;
        Some(self.0[at].1)
    }

    /// A lookup for ids asked in ascending order, as stored answers come: each step moves on
    /// from the previous one instead of searching again. Gives the question's position.
    fn cursor(&self) -> impl FnMut(&str) -> Option<usize> + '_ {
        let mut at = 0;
        move |id| {
            while self.0.get(at).is_some_and(|(q, _)| q.as_str() < id) {
                at += 1;
            }
            match self.0.get(at) {
                Some((q, i)) if q == id => Some(*i),
                Some(_) | None => self.position(id),
            }
        }
    }
}

impl PinnedSurveys {
    /// Every definition pinned in the store.
    pub fn load(store: &Store) -> Result<PinnedSurveys, WorkshopError> {
        let mut surveys = Vec::new();
        for (id, version) in store.pinned_surveys()? {
            let survey = pinned_survey(store, &id, &version)?;
            let index = QuestionIndex::new(&survey);
            surveys.push((survey, index));
        }
        Ok(PinnedSurveys { surveys })
    }

    /// Every pinned definition, in the order they were pinned.
    pub fn surveys(&self) -> impl Iterator<Item = &Survey> {
        self.surveys.iter().map(|(s, _)| s)
    }

    pub fn get(&self, id: &str, version: &str) -> Option<&Survey> {
        self.entry(id, version).map(|(s, _)| s)
    }

    fn entry(&self, id: &str, version: &str) -> Option<&(Survey, QuestionIndex)> {
        self.surveys
            .iter()
            .find(|(s, _)| s.id == id && s.version == version)
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

/// One stored response scored with the definition it was recorded against; a stored
/// answer the definition does not accept is left out with a warning.
pub fn score_stored(store: &Store, response: &Response) -> Result<Scorecard, WorkshopError> {
    let survey = pinned_survey(store, &response.survey_id, &response.survey_version)?;
    let index = QuestionIndex::new(&survey);
    let records = store
        .answers(response.id)?
        .into_iter()
        .map(|(q, r)| (q, r.value));
    let answers = to_answers(&survey, &index, records, |q, why| {
        eprintln!("warning: the stored answer to {q} was left out: {why}")
    });
    Ok(crate::survey::score(&survey, &answers))
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
    index: &QuestionIndex,
    records: impl IntoIterator<Item = (String, Value)>,
    mut rejected: impl FnMut(&str, String),
) -> Answers {
    let mut position = index.cursor();
    let mut answers = Vec::new();
    for (id, value) in records {
        match position(&id).map(|i| parse(&survey.questions[i], value)) {
            Some(Ok(answer)) => answers.push((id, answer)),
            Some(Err(e)) => rejected(&id, e),
            None => rejected(
                &id,
                format!(
                    "survey {} {} has no question {id}",
                    survey.id, survey.version
                ),
            ),
        }
    }
    // Building the map from a (sorted) list costs far fewer comparisons than inserting one by one.
    Answers::from_iter(answers)
}

/// `Question::parse_answer`, with a shortcut for the commonest stored answer, an option of a
/// single-choice question, that skips re-normalizing text the store already normalized.
fn parse(question: &Question, value: Value) -> Result<Answer, String> {
    match value {
        Value::String(s)
            if matches!(question.kind, Kind::Single { .. }) && question.option(&s).is_some() =>
        {
            Ok(Answer::Choice(s))
        }
        value => question.parse_answer(&value),
    }
}

/// The core's answers from stored ones, by question position (see `survey::score_with`);
/// a record that cannot be read, or that the definition does not accept, is reported and left
/// out. The commonest answer, an option of a single-choice question stored as plain text, takes
/// a short cut (no JSON value, no re-normalizing of text the store already normalized): this
/// runs millions of times when a whole database is scored.
pub fn stored_answers(
    survey: &Survey,
    index: &QuestionIndex,
    stored: &StoredAnswers,
) -> Vec<Option<Answer>> {
    let mut position = index.cursor();
    let mut answers = vec![None; survey.questions.len()];
    for (id, value) in stored.values() {
        let Some(i) = position(id) else {
            eprintln!(
                "warning: survey {} {} has no question {id}; its stored answer was left out",
                survey.id, survey.version
            );
            continue;
        };
        let q = &survey.questions[i];
        let answer = value.and_then(|value| match value {
            StoredValue::Plain(s)
                if matches!(q.kind, Kind::Single { .. }) && q.option(s).is_some() =>
            {
                Ok(Answer::Choice(s.to_string()))
            }
            value => value.to_value().and_then(|v| q.parse_answer(&v)),
        });
        match answer {
            Ok(answer) => answers[i] = Some(answer),
            Err(e) => eprintln!("warning: a stored answer to {id} was left out: {e}"),
        }
    }
    answers
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{Options, generate};
    use crate::store::ResponseFilter;
    use crate::survey::{Catalog, score};

    #[test]
    fn scoring_on_several_threads_gives_every_response_in_file_order() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("demo.redb")).unwrap();
        let options = Options {
            establishments: 150,
            ..Options::default()
        };
        generate(&store, &Catalog::bundled(), &options).unwrap();
        let pinned = PinnedSurveys::load(&store).unwrap();
        let mut expected = Vec::new();
        store
            .visit_responses(&ResponseFilter::default(), |response, records| {
                let (survey, index) = pinned.of(&store, &response).unwrap();
                let values = records.into_iter().map(|(q, r)| (q, r.value));
                let answers = to_answers(survey, index, values, |q, e| panic!("{q}: {e}"));
                expected.push((response.id, score(survey, &answers)));
                Ok::<_, StoreError>(())
            })
            .unwrap();
        assert!(expected.len() > 300, "several batches");
        let mut got = Vec::new();
        visit_scored(
            &store,
            &pinned,
            &ResponseFilter::default(),
            |response, _, card| {
                got.push((response.id, card));
                Ok::<_, WorkshopError>(())
            },
        )
        .unwrap();
        assert_eq!(got, expected);
    }

    #[test]
    fn a_visitor_that_stops_stops_the_threads() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("demo.redb")).unwrap();
        let options = Options {
            establishments: 150,
            ..Options::default()
        };
        generate(&store, &Catalog::bundled(), &options).unwrap();
        let pinned = PinnedSurveys::load(&store).unwrap();
        let mut seen = 0;
        let result = visit_scored(&store, &pinned, &ResponseFilter::default(), |_, _, _| {
            seen += 1;
            if seen == 200 {
                return Err(WorkshopError::Definition("stop".into()));
            }
            Ok(())
        });
        assert!(matches!(result, Err(WorkshopError::Definition(_))));
        assert_eq!(seen, 200);
    }
}
