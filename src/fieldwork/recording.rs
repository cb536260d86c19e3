//! Recording: starting a response, saving one answer, marking a response complete. The rules:
//! an answer is checked against the definition the response was recorded against; a change to
//! a complete response needs a reason, kept in the audit trail; a change that leaves it
//! incomplete sends it back to draft; a response is complete only when nothing required is
//! missing.

use std::sync::Arc;

use serde_json::Value;
use uuid::Uuid;

use super::{Fieldwork, FieldworkError, Pinned};
use crate::store::{AuditEntry, PinOutcome, Response, ResponseStatus};
use crate::survey::{Question, Scorecard};

type Result<T> = std::result::Result<T, FieldworkError>;

/// The reason kept in the audit trail of answers taken from the establishment's profile.
pub const PROFILE_REASON: &str = "from the establishment's profile";

/// A response just started, with the definition it is recorded against.
#[derive(Debug, Clone)]
pub struct Started {
    pub response: Response,
    pub pinned: Arc<Pinned>,
    /// The database already held another text under this survey version: that one is used.
    pub kept_stored_text: bool,
}

/// What saving one answer did.
#[derive(Debug, Clone, PartialEq)]
pub struct Recorded {
    /// The audit entry written; `None` when the answer was already this value.
    pub entry: Option<AuditEntry>,
    /// The response was complete and this change left a required question unanswered.
    pub back_to_draft: bool,
}

/// The required questions shown and unanswered that keep a response from being complete.
#[derive(Debug, Clone, PartialEq)]
pub struct Unanswered(pub Vec<String>);

/// Whether a response scored `card` may have `status`: complete only when every required
/// question shown is answered. The one rule for every way a response becomes complete: marked
/// on this laptop, taken in from a responses file, merged from another laptop's export.
pub fn allowed_status(
    status: ResponseStatus,
    card: &Scorecard,
) -> std::result::Result<(), Unanswered> {
    if status == ResponseStatus::Complete && !card.missing.is_empty() {
        return Err(Unanswered(card.missing.clone()));
    }
    Ok(())
}

impl Fieldwork {
    /// Starts a draft response of `establishment` at `session` to `survey` (its newest known
    /// version unless one is named), pinning the definition in the database.
    pub fn start_response(
        &self,
        session: Uuid,
        establishment: Uuid,
        survey: &str,
        version: Option<&str>,
    ) -> Result<Started> {
        let entry =
            self.catalog
                .entry(survey, version)
                .ok_or_else(|| FieldworkError::UnknownSurvey {
                    survey: survey.to_owned(),
                    version: version.map(str::to_owned),
                    known: self.catalog.describe(),
                })?;
        let at = self.store.find_session(session)?;
        let known = self.store.find_establishment(establishment)?;
        let (id, version) = (&entry.survey.id, &entry.survey.version);
        let kept = self.store.pin_survey(id, version, &entry.source)? == PinOutcome::KeptDifferent;
        // Recorded by the workshop's trainer; by whoever is logged in when it names none.
        let by = Some(at.trainer.as_str())
            .filter(|t| !t.is_empty())
            .unwrap_or(self.store.recorded_by());
        let response = Response::new(id, version, establishment, session, by);
        let pinned = self.pinned(&response)?;
        // What the establishment's record already knows is not asked again.
        let answers = super::profile::prefilled(&pinned.survey, &known, response.created_at);
        self.store
            .write_batch_with_reason(Some(PROFILE_REASON), |batch| {
                batch.insert_response(&response, &answers.into_iter().collect())
            })?;
        Ok(Started {
            response,
            pinned,
            kept_stored_text: kept,
        })
    }

    /// Saves one answer (`None` clears it) durably, after checking it against the response's
    /// definition and the rules above. `reason` goes into the audit trail.
    pub fn record_answer(
        &self,
        response: Uuid,
        question: &str,
        value: Option<Value>,
        reason: Option<&str>,
    ) -> Result<Recorded> {
        let response = self.store.find_response(response)?;
        let pinned = self.pinned(&response)?;
        let q = question_of(&pinned, question)?;
        let answer = value
            .map(|v| q.parse_answer(&v))
            .transpose()
            .map_err(|why| FieldworkError::AnswerRefused {
                question: q.id.clone(),
                why,
            })?;
        let value = answer.as_ref().map(|a| a.to_json());
        let reason = reason.map(str::trim).filter(|r| !r.is_empty());
        let complete = response.status == ResponseStatus::Complete;
        if complete && reason.is_none() && self.stored_value(&response, question)? != value {
            return Err(FieldworkError::ReasonNeeded {
                response: response.id,
            });
        }
        let learnt = super::profile::learnt(q, answer.as_ref());
        let entry = self
            .store
            .set_answer(response.id, question, value, reason)?;
        if let (Some(value), Some(field)) = (learnt, q.profile) {
            self.learn(response.establishment_id, field, &value)?;
        }
        let mut back_to_draft = false;
        if complete
            && entry.is_some()
            && allowed_status(ResponseStatus::Complete, &self.score(&response)?.card).is_err()
        {
            self.store.set_status(response.id, ResponseStatus::Draft)?;
            back_to_draft = true;
        }
        Ok(Recorded {
            entry,
            back_to_draft,
        })
    }

    /// Marks a response complete, or draft again. Complete only when nothing required is
    /// missing.
    pub fn mark(&self, response: Uuid, status: ResponseStatus) -> Result<Response> {
        let found = self.store.find_response(response)?;
        if found.status == ResponseStatus::Deleted || status == ResponseStatus::Deleted {
            return Err(FieldworkError::Refused(format!(
                "response {response}: delete and restore a response with `response delete` and `response restore`, saying why"
            )));
        }
        // Scored only when it matters: a draft needs no definition that loads.
        if status == ResponseStatus::Complete {
            allowed_status(status, &self.score(&found)?.card)
                .map_err(|Unanswered(missing)| FieldworkError::Incomplete { response, missing })?;
        }
        if found.status == status {
            return Ok(found);
        }
        Ok(self.store.set_status(response, status)?)
    }

    /// An answer to a profile question updates the establishment's record.
    fn learn(
        &self,
        establishment: Uuid,
        field: crate::survey::profile::ProfileField,
        value: &Value,
    ) -> Result<()> {
        let mut e = self.store.find_establishment(establishment)?;
        if e.profile.get(field).as_ref() == Some(value) {
            return Ok(());
        }
        e.profile
            .set(field, Some(value))
            .map_err(FieldworkError::Refused)?;
        self.store.update_establishment(e)?;
        Ok(())
    }

    fn stored_value(&self, response: &Response, question: &str) -> Result<Option<Value>> {
        Ok(self
            .store
            .answers(response.id)?
            .remove(question)
            .map(|r| r.value))
    }
}

/// The question `id` of a pinned definition.
pub fn question_of<'p>(pinned: &'p Pinned, id: &str) -> Result<&'p Question> {
    pinned
        .survey
        .question(id)
        .ok_or_else(|| FieldworkError::UnknownQuestion {
            survey: pinned.survey.id.clone(),
            version: pinned.survey.version.clone(),
            question: id.to_owned(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Establishment, EstablishmentKind, Session, Store};
    use crate::survey::Catalog;
    use serde_json::json;

    fn fieldwork(dir: &std::path::Path) -> (Fieldwork, Uuid, Uuid) {
        let store = Store::open(dir.join("t.redb")).unwrap();
        let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let s = store
            .create_session(Session::new("Hội thảo", date))
            .unwrap();
        let e = store
            .add_establishment(Establishment::new("HTX chè", EstablishmentKind::HopTacXa))
            .unwrap();
        (Fieldwork::new(store, Catalog::bundled()), s.id, e.id)
    }

    #[test]
    fn a_complete_response_changes_only_with_a_reason_and_goes_back_to_draft() {
        let dir = tempfile::tempdir().unwrap();
        let (fw, s, e) = fieldwork(dir.path());
        let started = fw.start_response(s, e, "dx", None).unwrap();
        let id = started.response.id;
        let survey = started.pinned.survey.clone();
        let err = fw.mark(id, ResponseStatus::Complete).unwrap_err();
        assert!(matches!(err, FieldworkError::Incomplete { .. }));
        // Answer every shown required question with its first option until none is missing.
        loop {
            let missing = fw
                .score(&fw.store().find_response(id).unwrap())
                .unwrap()
                .card
                .missing;
            let Some(q) = missing.first() else { break };
            let q = survey.question(q).unwrap();
            let value = match q.kind.options().first() {
                Some(o) if matches!(q.kind, crate::survey::Kind::Multi { .. }) => json!([o.value]),
                Some(o) => json!(o.value),
                None => json!("yes"),
            };
            fw.record_answer(id, &q.id, Some(value), None).unwrap();
        }
        fw.mark(id, ResponseStatus::Complete).unwrap();
        let required = survey
            .questions
            .iter()
            .find(|q| q.required && q.show_if.is_none() && !q.kind.options().is_empty())
            .unwrap();
        let err = fw.record_answer(id, &required.id, None, None).unwrap_err();
        assert!(matches!(err, FieldworkError::ReasonNeeded { .. }));
        let done = fw
            .record_answer(id, &required.id, None, Some("nhập nhầm"))
            .unwrap();
        assert!(done.back_to_draft);
        let after = fw.store().find_response(id).unwrap();
        assert_eq!(after.status, ResponseStatus::Draft);
        let audit = fw.store().audit(id).unwrap();
        assert_eq!(audit.last().unwrap().reason.as_deref(), Some("nhập nhầm"));
    }

    #[test]
    fn an_answer_the_survey_does_not_take_is_refused_with_its_question() {
        let dir = tempfile::tempdir().unwrap();
        let (fw, s, e) = fieldwork(dir.path());
        let id = fw.start_response(s, e, "sxsh", None).unwrap().response.id;
        let err = fw
            .record_answer(id, "A1", Some(json!("no such")), None)
            .unwrap_err();
        assert!(
            matches!(err, FieldworkError::AnswerRefused { ref question, .. } if question == "A1")
        );
        let err = fw
            .record_answer(id, "ZZ", Some(json!("x")), None)
            .unwrap_err();
        assert!(matches!(err, FieldworkError::UnknownQuestion { .. }));
        let err = fw.start_response(s, e, "nope", None).unwrap_err();
        assert!(matches!(err, FieldworkError::UnknownSurvey { .. }));
    }
}
