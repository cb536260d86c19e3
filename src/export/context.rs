//! What every export reads besides the responses: sessions, establishments and the pinned
//! definitions of the surveys exported. Scoring is the workshop's rules' (`fieldwork`).

use std::collections::HashMap;
use std::sync::Arc;

use uuid::Uuid;

use super::ExportError;
use crate::fieldwork::{Fieldwork, FieldworkError, Pinned};
use crate::store::{Session, StoreError};
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

/// Sessions and pinned surveys, read once per export. The establishments come with each
/// response from the scan (`Scanned::establishment`), so a CSV or JSON export holds none of
/// them; the workbook, which orders its rows by them, reads them itself
/// (`xlsx::Establishments`).
pub struct Context {
    pub sessions: HashMap<Uuid, Session>,
    /// The definitions of the surveys exported that load, by (id, version).
    pub surveys: Vec<Arc<Pinned>>,
    /// (id, version) of every pinned definition, loading or not: what a refusal names.
    pub pinned: Vec<(String, String)>,
    pub ids: Pseudonyms,
}

impl Context {
    /// Everything an export of `only` (one survey id, or all) needs besides the responses.
    pub fn load(fieldwork: &Fieldwork, only: Option<&str>) -> Result<Context, ExportError> {
        let store = fieldwork.store();
        let sessions = store.sessions()?.into_iter().map(|s| (s.id, s)).collect();
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
            ids: Pseudonyms::new(store.pseudonym_key()?),
            sessions,
            surveys,
            pinned,
        })
    }

    /// The surveys exported, in id and version order.
    pub fn survey_list(&self) -> Vec<&Survey> {
        self.surveys.iter().map(|p| p.survey.as_ref()).collect()
    }

    /// The language an export speaks when none is asked for: the first survey's.
    pub fn default_lang(&self) -> super::Lang {
        self.surveys
            .first()
            .and_then(|p| p.survey.languages.first())
            .and_then(|l| l.parse().ok())
            .unwrap_or_default()
    }
}

/// The stand-ins for ids in anonymized exports: an HMAC-SHA-256 of the id keyed with this
/// database's secret (`Store::pseudonym_key`), so the same record gets the same pseudonym in
/// every export of one database, and nobody holding the ids can compute it without the key.
pub struct Pseudonyms {
    key: [u8; 32],
}

impl Pseudonyms {
    pub fn new(key: [u8; 32]) -> Pseudonyms {
        Pseudonyms { key }
    }

    fn mac(&self, kind: &[u8], id: Uuid) -> [u8; 32] {
        use sha2::{Digest, Sha256};
        let pad = |byte: u8| {
            let mut block = [byte; 64];
            for (b, k) in block.iter_mut().zip(self.key) {
                *b ^= k;
            }
            block
        };
        let inner = Sha256::new()
            .chain_update(pad(0x36))
            .chain_update(kind)
            .chain_update(id.as_bytes())
            .finalize();
        Sha256::new()
            .chain_update(pad(0x5c))
            .chain_update(inner)
            .finalize()
            .into()
    }

    fn text(&self, prefix: &str, id: Uuid) -> String {
        let mac = self.mac(prefix.as_bytes(), id);
        let hex: String = mac[..5].iter().map(|b| format!("{b:02X}")).collect();
        format!("{prefix}-{hex}")
    }

    /// "CS-1A2B3C4D5E" for an establishment.
    pub fn establishment(&self, id: Uuid) -> String {
        self.text("CS", id)
    }

    /// "PH-…" for a response (phiếu).
    pub fn response(&self, id: Uuid) -> String {
        self.text("PH", id)
    }

    /// A stand-in id of the same shape (a UUID, version 8), for the JSON export that another
    /// laptop merges: the links between records are kept, the ids are not.
    pub fn uuid(&self, id: Uuid) -> Uuid {
        let mac = self.mac(b"id", id);
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&mac[..16]);
        uuid::Builder::from_custom_bytes(bytes).into_uuid()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pseudonyms_are_stable_distinct_and_keyed() {
        let a = Uuid::from_u128(1);
        let b = Uuid::from_u128(2);
        let ids = Pseudonyms::new([7; 32]);
        let other = Pseudonyms::new([8; 32]);
        assert_eq!(ids.establishment(a), ids.establishment(a));
        assert_ne!(ids.establishment(a), ids.establishment(b));
        assert_ne!(ids.establishment(a), other.establishment(a), "keyed");
        assert_eq!(ids.establishment(a).len(), 13);
        assert!(ids.response(a).starts_with("PH-"));
        assert_eq!(ids.uuid(a), ids.uuid(a));
        assert_ne!(ids.uuid(a), a);
        assert_ne!(ids.uuid(a), other.uuid(a));
    }
}
