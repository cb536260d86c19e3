//! What every export reads besides the responses: sessions, establishments and the pinned
//! definitions of the surveys exported. Scoring is the workshop's rules' (`fieldwork`).

use std::collections::HashMap;
use std::sync::Arc;

use uuid::Uuid;

use super::ExportError;
use crate::fieldwork::{Fieldwork, FieldworkError, Pinned};
use crate::store::{Establishment, Session, StoreError};
use crate::survey::Survey;

impl From<StoreError> for ExportError {
    fn from(e: StoreError) -> ExportError {
        ExportError::Store(e)
    }
}

impl From<FieldworkError> for ExportError {
    fn from(e: FieldworkError) -> ExportError {
        match e {
            FieldworkError::Store(e) => ExportError::Store(e),
            FieldworkError::Definition(why) => ExportError::Refused(format!(
                "{why}; nothing was exported. Import that survey definition again or leave its responses out with --survey"
            )),
            other => ExportError::Refused(other.to_string()),
        }
    }
}

/// Sessions, establishments and pinned surveys, read once per export.
pub struct Context {
    pub sessions: HashMap<Uuid, Session>,
    pub establishments: HashMap<Uuid, Establishment>,
    /// The definitions of the surveys exported that load, by (id, version).
    pub surveys: Vec<Arc<Pinned>>,
    /// (id, version) of every pinned definition, loading or not: what a refusal names.
    pub pinned: Vec<(String, String)>,
}

impl Context {
    /// Everything an export of `only` (one survey id, or all) needs besides the responses.
    pub fn load(fieldwork: &Fieldwork, only: Option<&str>) -> Result<Context, ExportError> {
        let store = fieldwork.store();
        let sessions = store.sessions()?.into_iter().map(|s| (s.id, s)).collect();
        let establishments = store
            .establishments(None)?
            .into_iter()
            .map(|e| (e.id, e))
            .collect();
        let pinned = store.pinned_surveys()?;
        let mut surveys = Vec::new();
        for (id, version) in &pinned {
            if only.is_some_and(|o| o != id) {
                continue;
            }
            match fieldwork.pinned_version(id, version) {
                Ok(p) => surveys.push(p),
                // Refused when a response to it comes up: the scan says which.
                Err(FieldworkError::Definition(_)) => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(Context {
            sessions,
            establishments,
            surveys,
            pinned,
        })
    }

    /// The surveys exported, in id and version order.
    pub fn survey_list(&self) -> Vec<&Survey> {
        self.surveys.iter().map(|p| p.survey.as_ref()).collect()
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
