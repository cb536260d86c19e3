//! The full records as JSON, which `sansang import` takes back without loss:
//! the pinned survey definitions, sessions, establishments, who took part in
//! which session, and each response with its answers (with their times), its
//! audit trail and, for reading only, its scores.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use chrono::Utc;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use super::context::{Context, Pseudonyms};
use super::rows::free_text;
use super::{ExportError, ExportOptions, Exported};
use crate::fieldwork::Fieldwork;
use crate::fieldwork::stream::{Scanned, scan_everything};
use crate::store::{AnswerRecord, AuditEntry, Establishment, Response, Session};
use crate::survey::summary::ScoredResponse;

/// What marks a file as a sansang export.
pub const KIND: &str = "sansang-export";

/// A whole export file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExportDoc {
    pub format: u32,
    pub kind: String,
    pub exported_at: chrono::DateTime<Utc>,
    #[serde(default)]
    pub anonymized: bool,
    pub surveys: Vec<PinnedSurvey>,
    pub sessions: Vec<Session>,
    pub establishments: Vec<Establishment>,
    #[serde(default)]
    pub participants: Vec<Participation>,
    pub responses: Vec<ResponseDoc>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PinnedSurvey {
    pub id: String,
    pub version: String,
    /// The exact definition text.
    pub source: String,
}

/// An establishment taking part in a session.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Participation {
    pub session: Uuid,
    pub establishment: Uuid,
}

/// One response; `S` is the score: as read back, a `Value`; as written, the scorecard itself.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ResponseDoc<S = Value> {
    #[serde(flatten)]
    pub response: Response,
    pub answers: BTreeMap<String, AnswerRecord>,
    #[serde(default)]
    pub audit: Vec<AuditDoc>,
    /// As `sansang score --format json` prints it; ignored on import.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<S>,
}

/// An audit entry with its id, which the store keeps in the key.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AuditDoc {
    pub id: Uuid,
    #[serde(flatten)]
    pub entry: AuditEntry,
}

impl<S> ResponseDoc<S> {
    /// The audit trail as the store holds it.
    pub fn audit_entries(&self) -> Vec<AuditEntry> {
        self.audit
            .iter()
            .map(|a| AuditEntry {
                id: a.id,
                response_id: self.response.id,
                ..a.entry.clone()
            })
            .collect()
    }
}

pub fn write(
    fieldwork: &Fieldwork,
    ctx: &Context,
    opts: &ExportOptions,
    out: &mut dyn Write,
) -> Result<Exported, ExportError> {
    let store = fieldwork.store();
    let path = opts.out.as_path();
    let io = |e: std::io::Error| ExportError::io(path, e);
    let json = |e: serde_json::Error| ExportError::io(path, std::io::Error::other(e));
    let filter = opts.filter();
    // First pass: which sessions, establishments and surveys the responses use.
    let mut used_sessions = BTreeSet::new();
    let mut used_establishments = BTreeSet::new();
    let mut used_surveys = BTreeSet::new();
    store.visit_stored(&filter, |r, _| {
        used_sessions.insert(r.session_id);
        used_establishments.insert(r.establishment_id);
        used_surveys.insert((r.survey_id, r.survey_version));
        Ok::<(), ExportError>(())
    })?;
    let whole = opts.session.is_none() && opts.survey.is_none();
    let mut sessions: Vec<Session> = ctx
        .sessions
        .values()
        .filter(|s| whole || used_sessions.contains(&s.id) || opts.session == Some(s.id))
        .cloned()
        .collect();
    sessions.sort_by_key(|s| s.id);
    let mut participants = Vec::new();
    for s in &sessions {
        for e in store.session_members(s.id)? {
            if whole || opts.survey.is_none() || used_establishments.contains(&e) {
                used_establishments.insert(e);
                participants.push(Participation {
                    session: s.id,
                    establishment: e,
                });
            }
        }
    }
    let mut surveys = Vec::new();
    for (id, version) in &ctx.pinned {
        if (whole || used_surveys.contains(&(id.clone(), version.clone())))
            && let Some(source) = store.survey_source(id, version)?
        {
            surveys.push(PinnedSurvey {
                id: id.clone(),
                version: version.clone(),
                source,
            });
        }
    }
    if opts.anonymize {
        let ids = &ctx.ids;
        for s in &mut sessions {
            s.id = ids.uuid(s.id);
            s.trainer.clear();
            s.notes.clear();
        }
        for p in &mut participants {
            p.session = ids.uuid(p.session);
            p.establishment = ids.uuid(p.establishment);
        }
    }
    // The head is written field by field, each record straight to the file: a province's
    // establishments are never held as one JSON tree or one string.
    write!(
        out,
        "{{\n  \"format\": 1,\n  \"kind\": {},\n  \"exported_at\": {},\n  \"anonymized\": {},\n",
        serde_json::to_string(KIND).map_err(json)?,
        serde_json::to_string(&Utc::now()).map_err(json)?,
        opts.anonymize
    )
    .map_err(io)?;
    array(out, "surveys", &surveys).map_err(json)?;
    array(out, "sessions", &sessions).map_err(json)?;
    // Straight from the store, a few hundred at a time and in id order: a province's
    // establishments are never all held.
    let mut list = Array::open(out, "establishments").map_err(json)?;
    store.visit_establishments(|e| {
        if !(whole || used_establishments.contains(&e.id)) {
            return Ok(());
        }
        let e = match opts.anonymize {
            true => anonymized(&e, &ctx.ids),
            false => e,
        };
        list.push(out, &e).map_err(json)
    })?;
    list.close(out).map_err(json)?;
    array(out, "participants", &participants).map_err(json)?;
    out.write_all(b"  \"responses\": [").map_err(io)?;
    let mut exported = Exported::new(opts);
    scan_everything(
        fieldwork,
        &filter,
        |s| {
            let unreadable = s.read.unreadable.clone();
            let response = s.response.id;
            let ids = opts.anonymize.then_some(&ctx.ids);
            let doc = response_doc(fieldwork, s, ids)
                .and_then(|doc| serde_json::to_vec(&doc).map_err(json));
            (response, unreadable, doc)
        },
        |(response, unreadable, doc)| {
            exported.note(response, &unreadable);
            if exported.responses > 1 {
                out.write_all(b",").map_err(io)?;
            }
            out.write_all(b"\n    ").map_err(io)?;
            out.write_all(&doc?).map_err(io)
        },
    )?;
    out.write_all(b"\n  ]\n}\n").map_err(io)?;
    Ok(exported)
}

/// `"name": [ … ],` with one record per line, each serialized straight into `out`.
fn array<T: Serialize>(
    out: &mut dyn Write,
    name: &str,
    items: impl IntoIterator<Item = T>,
) -> Result<(), serde_json::Error> {
    let mut list = Array::open(out, name)?;
    for item in items {
        list.push(out, &item)?;
    }
    list.close(out)
}

/// A top-level list being written, one record per line.
struct Array {
    empty: bool,
}

impl Array {
    fn open(out: &mut dyn Write, name: &str) -> Result<Array, serde_json::Error> {
        write!(out, "  \"{name}\": [").map_err(serde_json::Error::io)?;
        Ok(Array { empty: true })
    }

    fn push<T: Serialize>(
        &mut self,
        out: &mut dyn Write,
        item: &T,
    ) -> Result<(), serde_json::Error> {
        let separator: &[u8] = if self.empty { b"\n    " } else { b",\n    " };
        out.write_all(separator).map_err(serde_json::Error::io)?;
        serde_json::to_writer(&mut *out, item)?;
        self.empty = false;
        Ok(())
    }

    fn close(self, out: &mut dyn Write) -> Result<(), serde_json::Error> {
        let end: &[u8] = if self.empty { b"],\n" } else { b"\n  ],\n" };
        out.write_all(end).map_err(serde_json::Error::io)
    }
}

/// An establishment as an anonymized export holds it: a pseudonym for its name and id, no
/// contact person, phone or notes.
fn anonymized(e: &Establishment, ids: &Pseudonyms) -> Establishment {
    Establishment {
        name: ids.establishment(e.id),
        id: ids.uuid(e.id),
        contact_person: String::new(),
        phone: String::new(),
        notes: String::new(),
        ..e.clone()
    }
}

/// One response as the export holds it: the record, its answers with their times, its audit
/// trail and, for reading only, its scores.
fn response_doc<'s>(
    fieldwork: &Fieldwork,
    s: Scanned<'s>,
    anonymize: Option<&Pseudonyms>,
) -> Result<ResponseDoc<ScoredResponse<'s>>, ExportError> {
    let store = fieldwork.store();
    let survey = s.pinned.survey.as_ref();
    let mut answers: BTreeMap<String, AnswerRecord> = store
        .decode_answers(s.response.id, s.stored)?
        .into_iter()
        .collect();
    let mut audit = store.audit(s.response.id)?;
    let mut response = s.response;
    if let Some(ids) = anonymize {
        response.id = ids.uuid(response.id);
        response.establishment_id = ids.uuid(response.establishment_id);
        response.session_id = ids.uuid(response.session_id);
        answers.retain(|q, _| !free_text(survey, q));
        audit.retain(|a| !free_text(survey, &a.question_id));
        for a in &mut audit {
            a.id = ids.uuid(a.id);
            a.recorded_by.clear();
            a.reason = None;
        }
        response.recorded_by.clear();
    }
    let score = ScoredResponse {
        id: Some(response.id.to_string()),
        survey,
        establishment: None,
        card: s.card,
    };
    Ok(ResponseDoc {
        response,
        answers,
        audit: audit
            .into_iter()
            .map(|entry| AuditDoc {
                id: entry.id,
                entry,
            })
            .collect(),
        score: Some(score),
    })
}
