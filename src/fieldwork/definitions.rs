//! The survey definitions pinned in the database, as the rules read them: each parsed once,
//! with what reading millions of stored answers needs prepared beside it.

use std::sync::Arc;

use super::FieldworkError;
use crate::store::Store;
use crate::survey::model::Kind;
use crate::survey::{Answer, Catalog, Question, Survey, load_survey};

/// A pinned definition with its question index and its ready-made answers.
#[derive(Debug)]
pub struct Pinned {
    pub survey: Arc<Survey>,
    pub index: QuestionIndex,
    /// Per question, in survey order: the answer each of its options gives (single choice,
    /// yes/no), built once so that reading a stored option costs no allocation.
    choices: Vec<Vec<Answer>>,
}

impl Pinned {
    pub fn new(survey: Survey) -> Pinned {
        let index = QuestionIndex::new(&survey);
        let choices = survey.questions.iter().map(ready_answers).collect();
        Pinned {
            survey: Arc::new(survey),
            index,
            choices,
        }
    }

    /// The ready-made answer of question `i` whose option value is `value`, if it has one.
    pub(super) fn choice(&self, i: usize, value: &str) -> Option<&Answer> {
        self.choices[i]
            .iter()
            .find(|a| matches!(a, Answer::Choice(v) if v == value))
    }
}

fn ready_answers(q: &Question) -> Vec<Answer> {
    match &q.kind {
        Kind::Single { options } => options
            .iter()
            .map(|o| Answer::Choice(o.value.clone()))
            .collect(),
        Kind::YesNo { .. } => vec![Answer::Choice("yes".into()), Answer::Choice("no".into())],
        _ => Vec::new(),
    }
}

/// Loads the definition of `survey` at `version` pinned in `store`. The outer error is the
/// store's; the inner one says why the definition cannot be used (kept, so it is said again
/// without reading it again).
pub(super) fn load(
    store: &Store,
    catalog: &Catalog,
    survey: &str,
    version: &str,
) -> Result<super::Loaded, FieldworkError> {
    let origin = format!(
        "{} (survey {survey} {version} as stored)",
        store.path().display()
    );
    let Some(source) = store.survey_source(survey, version)? else {
        return Ok(Err(format!(
            "{origin}: the definition is missing from the database; import that survey definition again"
        )));
    };
    // The usual case: the shipped text itself, already parsed.
    if let Some(entry) = catalog
        .entry(survey, Some(version))
        .filter(|e| e.source == source)
    {
        return Ok(Ok(Arc::new(Pinned::new(entry.survey.clone()))));
    }
    Ok(load_survey(&origin, source.as_bytes())
        .map(|loaded| Arc::new(Pinned::new(loaded.survey)))
        .map_err(|problems| format!("{problems}\n{origin}: the stored definition cannot be read")))
}

/// A survey's questions by the numbers one database gives their ids
/// ([`Store::question_number`]): how a scan of that database finds the question of each
/// stored answer. Made for one store and used only with its answers.
#[derive(Debug, Default)]
pub struct QuestionNumbers(Vec<Option<usize>>);

impl QuestionNumbers {
    pub fn new(store: &Store, survey: &Survey) -> QuestionNumbers {
        let mut positions = Vec::new();
        for (i, q) in survey.questions.iter().enumerate() {
            if let Some(n) = store.question_number(&q.id) {
                let n = n as usize;
                if positions.len() <= n {
                    positions.resize(n + 1, None);
                }
                positions[n] = Some(i);
            }
        }
        QuestionNumbers(positions)
    }

    /// The position in the survey of the question numbered `n`; none for a number given
    /// after this was made, or to another text (whose question is then looked up by id).
    pub fn position(&self, n: u32) -> Option<usize> {
        self.0.get(n as usize).copied().flatten()
    }
}

/// A survey's questions sorted by id, for looking up millions of stored answers (which come
/// sorted by question id) without a scan of the survey for each.
#[derive(Debug)]
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

    /// The position in the survey of question `id`.
    pub fn position(&self, id: &str) -> Option<usize> {
        let at = self.0.binary_search_by(|(q, _)| q.as_str().cmp(id)).ok()?;
        Some(self.0[at].1)
    }

    /// A lookup for ids asked in ascending order, as stored answers come: each step moves on
    /// from the previous one instead of searching again. Gives the question's position.
    pub fn cursor(&self) -> impl FnMut(&str) -> Option<usize> + '_ {
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
