//! What every export reads besides the responses: sessions, establishments and
//! the survey definitions the responses were recorded against, and how a
//! stored response is scored.

use std::collections::{BTreeMap, HashMap};

use uuid::Uuid;

use super::ExportError;
use crate::store::{AnswerRecord, Establishment, Response, Session, Store, StoreError};
use crate::survey::{Answers, Scorecard, Survey, load_survey, score};

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
        Ok(Context {
            sessions,
            establishments,
            surveys,
            broken,
        })
    }

    /// The definition `response` was recorded against.
    pub fn survey_of(&self, response: &Response) -> Result<&Survey, ExportError> {
        let key = (response.survey_id.clone(), response.survey_version.clone());
        self.surveys.get(&key).ok_or_else(|| {
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
    let card = score(survey, &answers);
    let shown = card.questions.iter().map(|q| q.shown).collect();
    Checked {
        answers,
        card,
        shown,
        unreadable,
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

    #[test]
    fn pseudonyms_are_stable_and_distinct() {
        let a = Uuid::from_u128(1);
        let b = Uuid::from_u128(2);
        assert_eq!(pseudonym(a), pseudonym(a));
        assert_ne!(pseudonym(a), pseudonym(b));
        assert_eq!(pseudonym(a).len(), 11);
    }
}
