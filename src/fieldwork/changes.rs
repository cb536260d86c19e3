//! Mending mistakes: editing a session or an establishment, deleting, restoring or resetting
//! a response, taking an establishment out of a session. Every change to a response is in its
//! audit trail; nothing is ever removed from the database for good.

use uuid::Uuid;

use super::names::{check_establishment, check_session};
use super::same::{Likeness, likely_duplicate};
use super::{Fieldwork, FieldworkError};
use crate::store::{Establishment, Response, ResponseStatus, Session};

type Result<T> = std::result::Result<T, FieldworkError>;

/// An establishment that may be the one being added, and the sessions it took part in.
#[derive(Debug, Clone, PartialEq)]
pub struct Duplicate {
    pub establishment: Establishment,
    /// Same name and commune, or one name inside the other.
    pub same: bool,
    pub sessions: Vec<Session>,
}

impl Fieldwork {
    /// Records a new session once its name and date are checked.
    pub fn create_session(&self, session: Session) -> Result<Session> {
        check_session(&session)?;
        Ok(self.store.create_session(session)?)
    }

    /// Adds an establishment once its name is checked, taking part in `session` if given.
    pub fn add_establishment(
        &self,
        establishment: Establishment,
        session: Option<Uuid>,
    ) -> Result<Establishment> {
        check_establishment(&establishment)?;
        let e = self.store.add_establishment(establishment)?;
        if let Some(s) = session {
            self.store.join_session(s, e.id)?;
        }
        Ok(e)
    }

    /// Replaces a session's details (a name and a plausible date are needed).
    pub fn edit_session(&self, session: Session) -> Result<Session> {
        check_session(&session)?;
        Ok(self.store.update_session(session)?)
    }

    /// Replaces an establishment's details and profile (a name is needed).
    pub fn edit_establishment(&self, establishment: Establishment) -> Result<Establishment> {
        check_establishment(&establishment)?;
        Ok(self.store.update_establishment(establishment)?)
    }

    /// The establishments already known that may be `name` in `commune`, each with the
    /// sessions it took part in.
    pub fn likely_duplicates(&self, name: &str, commune: &str) -> Result<Vec<Duplicate>> {
        let known = self.store.establishments(None)?;
        let mut found = Vec::new();
        let mut rest: &[Establishment] = &known;
        while let Some(likeness) = likely_duplicate(rest, name, commune) {
            let (e, same) = match likeness {
                Likeness::Same(e) => (e, true),
                Likeness::Near(e) => (e, false),
            };
            let at = rest
                .iter()
                .position(|x| x.id == e.id)
                .unwrap_or(rest.len() - 1);
            found.push(Duplicate {
                establishment: e.clone(),
                same,
                sessions: self.sessions_of(e.id)?,
            });
            rest = &rest[at + 1..];
        }
        found.sort_by_key(|d| !d.same);
        Ok(found)
    }

    /// The sessions an establishment answered a survey at, newest first.
    fn sessions_of(&self, establishment: Uuid) -> Result<Vec<Session>> {
        let mut ids: Vec<Uuid> = self
            .store
            .establishment_responses(establishment)?
            .iter()
            .map(|r| r.session_id)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let mut sessions = Vec::new();
        for id in ids {
            sessions.extend(self.store.session(id)?);
        }
        sessions.sort_by_key(|s| std::cmp::Reverse(s.date));
        Ok(sessions)
    }

    /// Takes a response back (a mistaken one): it stays, audited with `reason`, restorable,
    /// and is left out of every score, sheet and spreadsheet.
    pub fn delete_response(&self, response: Uuid, reason: &str) -> Result<Response> {
        let reason = needed(reason)?;
        Ok(self
            .store
            .set_status_because(response, ResponseStatus::Deleted, reason)?)
    }

    /// Brings a deleted response back as a draft (mark it complete again when it is).
    pub fn restore_response(&self, response: Uuid, reason: &str) -> Result<Response> {
        let reason = needed(reason)?;
        let found = self.store.find_response(response)?;
        if found.status != ResponseStatus::Deleted {
            return Err(FieldworkError::Refused(format!(
                "response {response} is not deleted; nothing to restore"
            )));
        }
        Ok(self
            .store
            .set_status_because(response, ResponseStatus::Draft, reason)?)
    }

    /// Clears every answer of a response (each change audited with `reason`) and makes it a
    /// draft: to start it again from nothing.
    pub fn reset_response(&self, response: Uuid, reason: &str) -> Result<Response> {
        let reason = needed(reason)?;
        let found = self.store.find_response(response)?;
        for question in self.store.answers(response)?.into_keys() {
            self.store
                .set_answer(response, &question, None, Some(reason))?;
        }
        if found.status == ResponseStatus::Draft {
            return Ok(self.store.find_response(response)?);
        }
        Ok(self
            .store
            .set_status_because(response, ResponseStatus::Draft, reason)?)
    }

    /// Takes an establishment out of a session: its live responses there are deleted
    /// (audited, restorable); the establishment and everything else of it stay.
    pub fn leave_session(&self, session: Uuid, establishment: Uuid, reason: &str) -> Result<()> {
        let reason = needed(reason)?;
        for r in self.store.session_responses(session)? {
            if r.establishment_id == establishment && r.status != ResponseStatus::Deleted {
                self.store
                    .set_status_because(r.id, ResponseStatus::Deleted, reason)?;
            }
        }
        Ok(self.store.leave_session(session, establishment)?)
    }
}

/// A reason is kept with every such change.
fn needed(reason: &str) -> Result<&str> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(FieldworkError::Refused(
            "say why (the reason is kept in the audit trail)".to_owned(),
        ));
    }
    Ok(reason)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{EstablishmentKind, Store};
    use crate::survey::Catalog;
    use serde_json::json;

    fn fieldwork() -> (Fieldwork, Uuid, Uuid) {
        let store = Store::with_backend(
            redb::backends::InMemoryBackend::new(),
            std::path::Path::new("mem"),
        )
        .unwrap();
        let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let mut s = Session::new("Hội thảo", date);
        s.trainer = "Hoàng Ngọc Lan".into();
        let s = store.create_session(s).unwrap();
        let mut e = Establishment::new(
            "Cơ sở mật ong Phạm Xuân Dũng",
            EstablishmentKind::HoKinhDoanh,
        );
        e.commune = "Vô Tranh".into();
        let e = store.add_establishment(e).unwrap();
        store.join_session(s.id, e.id).unwrap();
        (Fieldwork::new(store, Catalog::bundled()), s.id, e.id)
    }

    #[test]
    fn a_deleted_response_counts_nowhere_and_comes_back_when_restored() {
        let (fw, s, e) = fieldwork();
        let r = fw
            .start_response(s, e, "sxsh", Some("1.0"))
            .unwrap()
            .response;
        assert_eq!(r.recorded_by, "Hoàng Ngọc Lan", "the session's trainer");
        fw.record_answer(r.id, "A1", Some(json!("knows")), None)
            .unwrap();
        assert!(fw.delete_response(r.id, " ").is_err(), "a reason is needed");
        fw.delete_response(r.id, "nhập nhầm cơ sở").unwrap();
        assert!(fw.board(s, "sxsh").unwrap().is_none());
        assert!(fw.visits(e).unwrap().is_empty());
        let lines = fw.session_lines(s, &["sxsh"]).unwrap();
        assert!(lines[0].standings[0].scored.is_none());
        let audit = fw.store().audit(r.id).unwrap();
        let last = audit.last().unwrap();
        assert_eq!(last.question_id, crate::store::STATUS_ENTRY);
        assert_eq!(last.new, Some(json!("deleted")));
        assert_eq!(last.reason.as_deref(), Some("nhập nhầm cơ sở"));
        let back = fw.restore_response(r.id, "không nhầm").unwrap();
        assert_eq!(back.status, ResponseStatus::Draft);
        assert_eq!(fw.visits(e).unwrap().len(), 1);
        assert!(
            fw.store().answers(r.id).unwrap().contains_key("A1"),
            "answers kept"
        );
    }

    #[test]
    fn a_reset_clears_every_answer_audited_and_leaving_deletes_what_was_answered_there() {
        let (fw, s, e) = fieldwork();
        let r = fw
            .start_response(s, e, "sxsh", Some("1.0"))
            .unwrap()
            .response;
        fw.record_answer(r.id, "A1", Some(json!("knows")), None)
            .unwrap();
        fw.reset_response(r.id, "làm lại").unwrap();
        assert!(fw.store().answers(r.id).unwrap().is_empty());
        assert!(
            fw.store()
                .audit(r.id)
                .unwrap()
                .iter()
                .any(|a| a.reason.as_deref() == Some("làm lại"))
        );
        fw.leave_session(s, e, "không dự hội thảo này").unwrap();
        assert!(fw.store().session_establishments(s).unwrap().is_empty());
        assert_eq!(
            fw.store().find_response(r.id).unwrap().status,
            ResponseStatus::Deleted
        );
        assert!(
            fw.store().find_establishment(e).is_ok(),
            "the establishment stays"
        );
    }

    #[test]
    fn a_likely_duplicate_names_where_the_other_one_was() {
        let (fw, s, e) = fieldwork();
        fw.start_response(s, e, "dx", None).unwrap();
        let found = fw
            .likely_duplicates("Mật ong Phạm Xuân Dũng", "Vô Tranh")
            .unwrap();
        assert_eq!(found.len(), 1);
        assert!(!found[0].same);
        assert_eq!(found[0].sessions[0].name, "Hội thảo");
        assert!(
            fw.likely_duplicates("Xưởng mộc", "Vô Tranh")
                .unwrap()
                .is_empty()
        );
    }
}
