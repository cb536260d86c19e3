//! What every export reads besides the responses: sessions, establishments and
//! the survey definitions the responses were recorded against, and how a
//! stored response is scored.

use std::collections::{BTreeMap, HashMap};

use uuid::Uuid;

use super::ExportError;
use crate::store::{AnswerRecord, Establishment, Response, Session, Store, StoreError};
use serde_json::Value;

use crate::survey::model::Kind;
use crate::survey::{Answer, Answers, Question, Scorecard, Survey, load_survey, score};
use crate::workshop::QuestionIndex;

impl From<StoreError> for ExportError {
    fn from(e: StoreError) -> ExportError {
        ExportError::Store(e)
    }
}

/// Sessions, establishments and pinned surveys, read once per export.
pub struct Context {
    pub sessions: HashMap<Uuid, Session>,
    pub establishments: HashMap<Uuid, Establishment>,
    /// (survey id, version) → the pinned definition, sorted.
    pub surveys: BTreeMap<(String, String), Survey>,
    /// Pinned definitions that no longer load, with why; their responses are refused.
    pub broken: BTreeMap<(String, String), String>,
    /// Per survey, its question ids sorted with their positions: stored answers
    /// come sorted by id, so they are matched to questions in one pass.
    sorted_ids: BTreeMap<(String, String), QuestionIndex>,
}

impl Context {
    pub fn load(store: &Store) -> Result<Context, ExportError> {
        let sessions = store.sessions()?.into_iter().map(|s| (s.id, s)).collect();
        let establishments = store
            .establishments(None)?
            .into_iter()
            .map(|e| (e.id, e))
            .collect();
        let mut surveys = BTreeMap::new();
        let mut broken = BTreeMap::new();
        for (id, version) in store.pinned_surveys()? {
            let Some(source) = store.survey_source(&id, &version)? else {
                continue;
            };
            let name = format!("pinned survey {id} {version}");
            match load_survey(&name, source.as_bytes()) {
                Ok(loaded) => {
                    surveys.insert((id, version), loaded.survey);
                }
                Err(problems) => {
                    broken.insert((id, version), problems.to_string());
                }
            }
        }
        let sorted_ids = surveys
            .iter()
            .map(|(key, survey)| (key.clone(), QuestionIndex::new(survey)))
            .collect();
        Ok(Context {
            sessions,
            establishments,
            surveys,
            broken,
            sorted_ids,
        })
    }

    /// The definition `response` was recorded against, with its sorted question ids.
    pub fn pinned(&self, response: &Response) -> Result<(&Survey, &QuestionIndex), ExportError> {
        let found =
            self.surveys
                .iter()
                .zip(self.sorted_ids.values())
                .find(|(((id, version), _), _)| {
                    *id == response.survey_id && *version == response.survey_version
                });
        if let Some(((_, survey), ids)) = found {
            return Ok((survey, ids));
        }
        let key = (response.survey_id.clone(), response.survey_version.clone());
        Err({
            let why = self.broken.get(&key).map_or_else(
                || "it is not pinned in the database".to_owned(),
                |p| format!("its pinned definition does not load:\n{p}"),
            );
            ExportError::Refused(format!(
                "response {}: survey {} version {} cannot be read: {why}; nothing was exported. Import that survey definition again or leave the response out with --survey",
                response.id, response.survey_id, response.survey_version
            ))
        })
    }

    /// The definition `response` was recorded against.
    pub fn survey_of(&self, response: &Response) -> Result<&Survey, ExportError> {
        self.pinned(response).map(|(survey, _)| survey)
    }

    /// The surveys whose responses are exported: one id, or all, in id order.
    pub fn surveys_for(&self, only: Option<&str>) -> Vec<&Survey> {
        self.surveys
            .values()
            .filter(|s| only.is_none_or(|id| s.id == id))
            .collect()
    }
}

/// A stored response's answers checked against its survey and scored. A
/// stored value the survey does not take is kept out of scoring and
/// reported in `unreadable` as (question, why).
pub struct Checked {
    pub answers: Answers,
    pub card: Scorecard,
    pub shown: Vec<bool>,
    pub unreadable: Vec<(String, String)>,
    /// The stored values of unreadable answers, when `check_owned` took them.
    pub raw: BTreeMap<String, Value>,
}

pub fn check(survey: &Survey, stored: &BTreeMap<String, AnswerRecord>) -> Checked {
    let mut answers = Answers::new();
    let mut unreadable = Vec::new();
    for (qid, record) in stored {
        let Some(question) = survey.question(qid) else {
            continue;
        };
        match question.parse_answer(&record.value) {
            Ok(a) => {
                answers.insert(qid.clone(), a);
            }
            Err(why) => unreadable.push((qid.clone(), why)),
        }
    }
    finish(survey, answers, unreadable, BTreeMap::new())
}

fn finish(
    survey: &Survey,
    answers: Answers,
    unreadable: Vec<(String, String)>,
    raw: BTreeMap<String, Value>,
) -> Checked {
    let card = score(survey, &answers);
    let shown = card.questions.iter().map(|q| q.shown).collect();
    Checked {
        answers,
        card,
        shown,
        unreadable,
        raw,
    }
}

/// Like `check`, taking the stored answers apart instead of copying them:
/// for the large exports, where every allocation counts. `sorted_ids` comes
/// from `Context::pinned`.
pub fn check_owned(
    survey: &Survey,
    sorted_ids: &QuestionIndex,
    mut stored: crate::store::AnswerList,
) -> Checked {
    // The store hands answers over sorted by question id; make sure, since the
    // one-pass match below relies on it.
    if !stored.is_sorted_by(|a, b| a.0 <= b.0) {
        stored.sort_by(|a, b| a.0.cmp(&b.0));
    }
    let mut answers = Vec::with_capacity(stored.len());
    let mut unreadable = Vec::new();
    let mut raw = BTreeMap::new();
    let mut ids = sorted_ids.sorted().iter().peekable();
    for (qid, record) in stored {
        while ids.next_if(|(id, _)| *id < qid).is_some() {}
        let Some((_, i)) = ids.next_if(|(id, _)| *id == qid) else {
            continue;
        };
        match take_answer(&survey.questions[*i], record.value) {
            Ok(a) => answers.push((qid, a)),
            Err((why, value)) => {
                unreadable.push((qid.clone(), why));
                raw.insert(qid, value);
            }
        }
    }
    // Sorted already, so the map is built in one pass.
    finish(survey, answers.into_iter().collect(), unreadable, raw)
}

/// The answer a stored value gives, moving its text instead of copying it in
/// the common case of a plain option value (ASCII, so already NFC); the same
/// result as `Question::parse_answer`.
fn take_answer(question: &Question, value: Value) -> Result<Answer, (String, Value)> {
    match (&question.kind, value) {
        (Kind::Single { .. }, Value::String(s))
            if s.is_ascii() && question.option(&s).is_some() =>
        {
            Ok(Answer::Choice(s))
        }
        (Kind::YesNo { .. }, Value::String(s)) if s == "yes" || s == "no" => Ok(Answer::Choice(s)),
        (_, value) => question.parse_answer(&value).map_err(|why| (why, value)),
    }
}

/// A stable stand-in for an establishment in anonymized exports: the same
/// establishment gets the same pseudonym in every export, and it says nothing
/// about the name. FNV-1a over the id, written out in hex.
pub fn pseudonym(id: Uuid) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in id.as_bytes() {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("CS-{:08X}", hash >> 32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::Catalog;

    #[test]
    fn taking_answers_apart_scores_the_same_as_checking_them() {
        let catalog = Catalog::bundled();
        for entry in catalog.entries() {
            let survey = &entry.survey;
            let mut stored = BTreeMap::new();
            for (n, q) in survey.questions.iter().enumerate() {
                let value = match &q.kind {
                    Kind::Single { options } => serde_json::json!(options[n % options.len()].value),
                    Kind::Multi { options, .. } => serde_json::json!([options[0].value]),
                    Kind::YesNo { .. } => serde_json::json!(if n % 2 == 0 { "yes" } else { "no" }),
                    _ => continue,
                };
                stored.insert(
                    q.id.clone(),
                    AnswerRecord {
                        value,
                        updated_at: chrono::Utc::now(),
                    },
                );
            }
            stored.insert(
                "ZZ".into(),
                AnswerRecord {
                    value: serde_json::json!(1),
                    updated_at: chrono::Utc::now(),
                },
            );
            let first = survey.questions[0].id.clone();
            stored.insert(
                first.clone(),
                AnswerRecord {
                    value: serde_json::json!("no such option"),
                    updated_at: chrono::Utc::now(),
                },
            );
            let ids = QuestionIndex::new(survey);
            let borrowed = check(survey, &stored);
            let mut list: crate::store::AnswerList = stored.into_iter().collect();
            list.reverse();
            let owned = check_owned(survey, &ids, list);
            assert_eq!(borrowed.answers, owned.answers);
            assert_eq!(borrowed.card, owned.card);
            assert_eq!(borrowed.unreadable, owned.unreadable);
            assert_eq!(
                owned.raw.get(&first),
                Some(&serde_json::json!("no such option"))
            );
        }
    }

    #[test]
    fn pseudonyms_are_stable_and_distinct() {
        let a = Uuid::from_u128(1);
        let b = Uuid::from_u128(2);
        assert_eq!(pseudonym(a), pseudonym(a));
        assert_ne!(pseudonym(a), pseudonym(b));
        assert_eq!(pseudonym(a).len(), 11);
    }
}
