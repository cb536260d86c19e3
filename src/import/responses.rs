//! A responses file taken in: its establishments and sessions are created, or matched (an
//! establishment by id or by the same-establishment rule, a session by id, or by name and
//! date); everything is checked first and written in one transaction, so one bad response
//! means nothing is written, and every problem is listed with its place.
//!
//! A response is recognised when the file comes again: by its id when it is a UUID (taken
//! once, refused the second time, as always), by its reference when the id is any other text
//! (`"vt-01"`: the same survey and reference are the same response, its differing answers
//! updated), and without an id by its survey, establishment and session.

use std::collections::BTreeMap;
use std::fmt;

use chrono::Utc;
use serde_json::Value;

use super::ImportError;
use super::plan::{Plan, Planner};
use crate::store::{AnswerRecord, AuditEntry, PinOutcome, Store};
use crate::survey::Catalog;
use crate::survey::responses::read_responses_up_to;

/// How a responses file is taken in.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--session`: the session (its id or its name) of the responses that name none.
    pub session: Option<String>,
    /// `--dry-run`: check and say what would be done, write nothing.
    pub dry_run: bool,
    /// `--accept-future`: take times more than a day ahead of this laptop's clock.
    pub accept_future: bool,
}

/// What a responses file brought in (or, in a dry run, would bring in).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Imported {
    pub file: String,
    pub dry_run: bool,
    pub responses_added: usize,
    pub responses_updated: usize,
    pub answers_updated: usize,
    pub responses_unchanged: usize,
    pub establishments_added: usize,
    pub establishments_matched: usize,
    pub sessions_added: usize,
    pub sessions_matched: usize,
    /// The session made for the responses that name none: its name, date and id.
    pub import_session: Option<String>,
    /// Each answer updated, and what was kept as it is here.
    pub details: Vec<String>,
    /// Problems that did not stop the import (unknown keys, a definition kept as stored).
    pub warnings: Vec<String>,
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl fmt::Display for Imported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.dry_run {
            write!(f, "dry run, nothing was written: would have ")?;
        }
        let total = self.responses_added + self.responses_updated + self.responses_unchanged;
        write!(
            f,
            "imported {} from {} ({} new, {} updated, {} already here): {} ({} matched), {} ({} matched)",
            count(total, "response", "responses"),
            self.file,
            self.responses_added,
            self.responses_updated,
            self.responses_unchanged,
            count(
                self.establishments_added,
                "new establishment",
                "new establishments"
            ),
            self.establishments_matched,
            count(self.sessions_added, "new session", "new sessions"),
            self.sessions_matched
        )?;
        if self.answers_updated > 0 {
            write!(
                f,
                "\n{} taken from the file:",
                count(self.answers_updated, "answer", "answers")
            )?;
        }
        for d in &self.details {
            write!(f, "\n  {d}")?;
        }
        if let Some(s) = &self.import_session {
            write!(
                f,
                "\nthe responses that name no session went into the new session {s} (choose one with --session)"
            )?;
        }
        if self.responses_added + self.responses_updated + self.establishments_added == 0 {
            write!(
                f,
                "\nnothing changed: everything in the file was already here"
            )?;
        }
        Ok(())
    }
}

/// Takes in the responses file `bytes` (named `file` in messages).
pub fn import_responses(
    store: &Store,
    catalog: &Catalog,
    file: &str,
    bytes: &[u8],
    options: &Options,
) -> Result<Imported, ImportError> {
    let limit = super::read::RESPONSES_LIMIT as usize;
    let (responses, warnings) =
        read_responses_up_to(file, bytes, catalog, limit).map_err(|problems| {
            ImportError::Refused(format!(
                "{problems}\n{file}: nothing was imported; fix the problems above"
            ))
        })?;
    let doc: Value = serde_json::from_slice(crate::platform::without_bom(bytes))
        .map_err(|e| ImportError::Refused(format!("{file}: {e}")))?;
    let raw = doc
        .get("responses")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let mut planner = Planner::new(store, file, options)?;
    for (response, raw) in responses.iter().zip(raw) {
        planner.response(response, raw)?;
    }
    let plan = planner.finish(catalog, &responses)?;
    let mut imported = Imported {
        file: file.to_owned(),
        dry_run: options.dry_run,
        responses_added: plan.responses.len(),
        responses_updated: plan.updates.len(),
        answers_updated: plan.updates.iter().map(|u| u.changes.len()).sum(),
        responses_unchanged: plan.unchanged,
        establishments_added: plan.establishments.len(),
        establishments_matched: plan.matched_establishments,
        sessions_added: plan.sessions.len(),
        sessions_matched: plan.matched_sessions,
        import_session: plan.import_session.clone(),
        details: plan.details.clone(),
        warnings: warnings.iter().map(|w| w.to_string()).collect(),
    };
    if !options.dry_run {
        imported.warnings.extend(write(store, &plan, file)?);
    }
    Ok(imported)
}

/// Writes the plan in one transaction; the warnings of what it kept as it was.
fn write(store: &Store, plan: &Plan, file: &str) -> Result<Vec<String>, ImportError> {
    let now = Utc::now();
    let reason = |reference: &Option<String>| match reference {
        Some(r) => format!("import {file} (ref {r})"),
        None => format!("import {file}"),
    };
    store.write_batch(|batch| {
        let mut warnings = Vec::new();
        for (id, version, source) in &plan.surveys {
            if batch.pin_survey(id, version, source)? == PinOutcome::KeptDifferent {
                warnings.push(format!(
                    "survey {id} {version} is already stored with a different definition; the stored one is kept"
                ));
            }
        }
        for s in &plan.sessions {
            batch.put_session(s)?;
        }
        for e in &plan.establishments {
            batch.put_establishment(e)?;
        }
        for new in &plan.responses {
            let (response, reason) = (&new.response, reason(&new.reference));
            batch.put_response_record(response)?;
            for (q, record) in &new.answers {
                batch.put_answer_record(response.id, q, record)?;
                let entry = AuditEntry::new(
                    response.id,
                    q,
                    None,
                    Some(record.value.clone()),
                    Some(&reason),
                    &response.recorded_by,
                    now,
                );
                batch.put_audit_entry(&entry)?;
            }
        }
        for update in &plan.updates {
            let Some(mut response) = batch.response(update.response)? else {
                continue;
            };
            let reason = reason(&update.reference);
            for (q, old, new) in &update.changes {
                let record = AnswerRecord {
                    value: new.clone(),
                    updated_at: now,
                };
                batch.put_answer_record(update.response, q, &record)?;
                let entry = AuditEntry::new(
                    update.response,
                    q,
                    old.clone(),
                    Some(new.clone()),
                    Some(&reason),
                    store.recorded_by(),
                    now,
                );
                batch.put_audit_entry(&entry)?;
            }
            response.updated_at = now;
            batch.put_response_record(&response)?;
        }
        Ok::<_, ImportError>(warnings)
    })
}

/// The answers of a new response as stored, each with the response's time.
pub(super) fn records(
    answers: &crate::survey::Answers,
    at: chrono::DateTime<Utc>,
) -> BTreeMap<String, AnswerRecord> {
    answers
        .iter()
        .map(|(q, a)| {
            let record = AnswerRecord {
                value: a.to_json(),
                updated_at: at,
            };
            (q.clone(), record)
        })
        .collect()
}
