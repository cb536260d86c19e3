//! Merging another laptop's JSON export into this database: records with the
//! same id are not duplicated, per answer the later change wins, both audit
//! trails are kept, and importing the same file twice changes nothing.

use std::collections::{BTreeSet, HashMap};
use std::fmt;

use uuid::Uuid;

use super::ImportError;
use crate::export::json::ExportDoc;
use crate::store::{AuditAction, AuditEntry, Batch, PinOutcome, Store};
use crate::survey::{Survey, load_survey};

/// One answer both laptops changed since they last met; `kept_incoming`
/// tells which side's later change won.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub response: Uuid,
    pub establishment: String,
    pub question: String,
    pub here: String,
    pub incoming: String,
    pub kept_incoming: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct MergeSummary {
    pub surveys_added: usize,
    pub sessions_added: usize,
    pub establishments_added: usize,
    pub responses_added: usize,
    pub responses_updated: usize,
    pub answers_updated: usize,
    pub audit_entries_added: usize,
    /// Sessions and establishments whose details the file changed later: taken from it.
    pub details_updated: usize,
    pub conflicts: Vec<Conflict>,
    /// Sessions, establishments or survey texts that differ: this laptop's were kept.
    pub kept_here: Vec<String>,
}

impl MergeSummary {
    pub fn changed_nothing(&self) -> bool {
        self.surveys_added
            + self.sessions_added
            + self.establishments_added
            + self.responses_added
            + self.responses_updated
            + self.audit_entries_added
            + self.details_updated
            == 0
    }
}

impl fmt::Display for MergeSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "added: {} responses, {} establishments, {} sessions, {} survey definitions",
            self.responses_added,
            self.establishments_added,
            self.sessions_added,
            self.surveys_added
        )?;
        writeln!(
            f,
            "updated: {} responses ({} answers taken from the file), {} audit entries added, {} establishment or session details taken from the file (changed there later)",
            self.responses_updated,
            self.answers_updated,
            self.audit_entries_added,
            self.details_updated
        )?;
        write!(
            f,
            "in conflict: {} answers changed on both laptops (the later change was kept)",
            self.conflicts.len()
        )?;
        for c in &self.conflicts {
            write!(
                f,
                "\n  response {} ({}) question {}: here {}, in the file {}; kept {}",
                c.response,
                c.establishment,
                c.question,
                c.here,
                c.incoming,
                if c.kept_incoming {
                    "the file's"
                } else {
                    "this laptop's"
                }
            )?;
        }
        for k in &self.kept_here {
            write!(f, "\n  {k}")?;
        }
        if self.changed_nothing() {
            write!(
                f,
                "\nnothing changed: everything in the file was already here"
            )?;
        }
        Ok(())
    }
}

/// Read an export file; `file` names it in messages.
pub fn read_export(file: &str, bytes: &[u8]) -> Result<ExportDoc, ImportError> {
    let de = &mut serde_json::Deserializer::from_slice(crate::platform::without_bom(bytes));
    let doc: ExportDoc = serde_path_to_error::deserialize(de).map_err(|e| {
        ImportError::Refused(format!(
            "{file}: at {}: {}; the file is not a complete sansang export. Export it again from the other laptop",
            e.path(),
            e.inner()
        ))
    })?;
    if doc.format != 1 {
        return Err(ImportError::Refused(format!(
            "{file}: export format {} is not known to this program (it reads format 1); update sansang",
            doc.format
        )));
    }
    if doc.anonymized {
        return Err(ImportError::Refused(format!(
            "{file}: this export is anonymized (names, contact people and phones were removed) and cannot be merged; export again without --anonymize"
        )));
    }
    Ok(doc)
}

/// Check every definition and answer in `doc` before anything is written. A
/// response is checked against the definition it will be scored with here: this
/// database's copy where it has one, else the file's, which the merge pins.
fn check_answers(file: &str, doc: &ExportDoc, store: &Store) -> Result<(), ImportError> {
    let mut problems = check_definitions(file, doc, store)?;
    // Each definition is read once, however many responses use it.
    let mut surveys: HashMap<(String, String), Option<Option<Survey>>> = HashMap::new();
    for r in &doc.responses {
        let (id, version) = (&r.response.survey_id, &r.response.survey_version);
        let key = (id.clone(), version.clone());
        if !surveys.contains_key(&key) {
            let source = match store.survey_source(id, version)? {
                Some(here) => Some(here),
                None => doc
                    .surveys
                    .iter()
                    .find(|s| &s.id == id && &s.version == version)
                    .map(|s| s.source.clone()),
            };
            // A definition that cannot be read was reported by check_definitions.
            let loaded = source.map(|source| {
                load_survey(&format!("survey {id} {version}"), source.as_bytes())
                    .ok()
                    .map(|l| l.survey)
            });
            surveys.insert(key.clone(), loaded);
        }
        let survey = match &surveys[&key] {
            None => {
                problems.push(format!(
                    "{file}: response {}: survey {id} version {version} is neither in the file nor in this database",
                    r.response.id
                ));
                continue;
            }
            Some(None) => continue,
            Some(Some(survey)) => survey,
        };
        for (q, record) in &r.answers {
            let Some(question) = survey.question(q) else {
                problems.push(format!(
                    "{file}: response {} answers {q}, which survey {id} {version} does not have",
                    r.response.id
                ));
                continue;
            };
            if let Err(why) = question.parse_answer(&record.value) {
                problems.push(format!(
                    "{file}: response {} question {q}: {why}",
                    r.response.id
                ));
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(ImportError::Refused(format!(
            "{}\n{file}: nothing was imported; fix the problems above or export again from the other laptop",
            problems.join("\n")
        )))
    }
}

/// Every definition in the file must load, and must be the same text as this
/// database's definition of that id and version (else its answers would be
/// scored against a different survey here than where they were recorded).
fn check_definitions(
    file: &str,
    doc: &ExportDoc,
    store: &Store,
) -> Result<Vec<String>, ImportError> {
    let mut problems = Vec::new();
    for s in &doc.surveys {
        let name = format!("{file}: survey {} version {}", s.id, s.version);
        if let Err(found) = load_survey(&name, s.source.as_bytes()) {
            problems.push(format!(
                "{found}\n{name}: the definition in the file cannot be read"
            ));
        }
        if store
            .survey_source(&s.id, &s.version)?
            .is_some_and(|here| here != s.source)
        {
            problems.push(format!(
                "{name}: this database holds a different definition under the same version; give one of them a new version before merging"
            ));
        }
    }
    Ok(problems)
}

/// Merge `doc` into `store` in one transaction: all of it or, on any error, nothing.
pub fn merge(store: &Store, file: &str, doc: &ExportDoc) -> Result<MergeSummary, ImportError> {
    check_answers(file, doc, store)?;
    let mut audits = Vec::with_capacity(doc.responses.len());
    for r in &doc.responses {
        audits.push(store.audit(r.response.id)?);
    }
    let reason = format!("merge {file}");
    store.write_batch_with_reason(Some(&reason), |batch| {
        let mut summary = MergeSummary::default();
        merge_directory(batch, doc, &mut summary)?;
        for (r, here_audit) in doc.responses.iter().zip(&audits) {
            merge_response(batch, doc, r, here_audit, &mut summary)?;
        }
        Ok::<_, ImportError>(summary)
    })
}

fn merge_directory(
    batch: &mut Batch,
    doc: &ExportDoc,
    summary: &mut MergeSummary,
) -> Result<(), ImportError> {
    for s in &doc.surveys {
        match batch.pin_survey(&s.id, &s.version, &s.source)? {
            PinOutcome::Added => summary.surveys_added += 1,
            PinOutcome::Same => {}
            PinOutcome::KeptDifferent => summary.kept_here.push(format!(
                "survey {} version {} has a different text here; this laptop's was kept",
                s.id, s.version
            )),
        }
    }
    for s in &doc.sessions {
        match batch.session(s.id)? {
            None => {
                batch.put_session(s)?;
                summary.sessions_added += 1;
            }
            Some(here) if here != s.clone().normalized() => {
                if s.updated_at > here.updated_at {
                    batch.replace_session(s)?;
                    summary.details_updated += 1;
                } else {
                    summary.kept_here.push(format!(
                        "session {} ({}) differs here and was changed here later; this laptop's details were kept",
                        s.id, here.name
                    ));
                }
            }
            Some(_) => {}
        }
    }
    for e in &doc.establishments {
        match batch.establishment(e.id)? {
            None => {
                batch.put_establishment(e)?;
                summary.establishments_added += 1;
            }
            Some(here) if here != e.clone().normalized() => {
                if e.updated_at > here.updated_at {
                    batch.replace_establishment(e)?;
                    summary.details_updated += 1;
                } else {
                    summary.kept_here.push(format!(
                        "establishment {} ({}) differs here and was changed here later; this laptop's details were kept",
                        e.id, here.name
                    ));
                }
            }
            Some(_) => {}
        }
    }
    for p in &doc.participants {
        batch.join_session(p.session, p.establishment)?;
    }
    Ok(())
}

fn merge_response(
    batch: &mut Batch,
    doc: &ExportDoc,
    r: &crate::export::json::ResponseDoc,
    here_audit: &[AuditEntry],
    summary: &mut MergeSummary,
) -> Result<(), ImportError> {
    let id = r.response.id;
    let Some(here) = batch.response(id)? else {
        batch.put_response_record(&r.response)?;
        for (q, record) in &r.answers {
            batch.put_answer_record(id, q, record)?;
        }
        for a in &r.audit_entries() {
            batch.put_audit_entry(a)?;
        }
        summary.responses_added += 1;
        return Ok(());
    };
    let there_audit = r.audit_entries();
    let here_answers = batch.answer_records(id)?;
    let known: BTreeSet<Uuid> = r.audit.iter().map(|a| a.id).collect();
    let seen: BTreeSet<Uuid> = here_audit.iter().map(|a| a.id).collect();
    let changed_here = |q: &str| {
        here_audit
            .iter()
            .any(|a| a.question_id == q && !known.contains(&a.id))
    };
    let changed_there = |q: &str| {
        there_audit
            .iter()
            .any(|a| a.question_id == q && !seen.contains(&a.id))
    };
    let establishment = doc
        .establishments
        .iter()
        .find(|e| e.id == r.response.establishment_id)
        .map_or_else(
            || r.response.establishment_id.to_string(),
            |e| e.name.clone(),
        );
    let mut updated = 0;
    let mut questions: BTreeSet<&String> = r.answers.keys().collect();
    questions.extend(here_answers.keys());
    for q in questions {
        let (mine, theirs) = (here_answers.get(q), r.answers.get(q));
        let mine_at = mine
            .map(|a| a.updated_at)
            .or_else(|| last_cleared(here_audit, q));
        let theirs_at = theirs
            .map(|a| a.updated_at)
            .or_else(|| last_cleared(&there_audit, q));
        if mine.map(|a| &a.value) == theirs.map(|a| &a.value) {
            continue;
        }
        let take_theirs = match (mine_at, theirs_at) {
            (Some(m), Some(t)) => t > m,
            (None, Some(_)) => true,
            _ => false,
        };
        if changed_here(q) && changed_there(q) {
            let show = |a: Option<&crate::store::AnswerRecord>| {
                a.map_or_else(|| "(no answer)".to_owned(), |a| a.value.to_string())
            };
            summary.conflicts.push(Conflict {
                response: id,
                establishment: establishment.clone(),
                question: q.clone(),
                here: show(mine),
                incoming: show(theirs),
                kept_incoming: take_theirs,
            });
        }
        if take_theirs {
            match theirs {
                Some(record) => batch.put_answer_record(id, q, record)?,
                None => batch.remove_answer_record(id, q)?,
            }
            updated += 1;
        }
    }
    let mut audit_added = 0;
    for a in &there_audit {
        if batch.put_audit_entry(a)? {
            audit_added += 1;
        }
    }
    if r.response.updated_at > here.updated_at {
        batch.put_response_record(&r.response)?;
    }
    summary.answers_updated += updated;
    summary.audit_entries_added += audit_added;
    if updated > 0 || audit_added > 0 {
        summary.responses_updated += 1;
    }
    Ok(())
}

/// When an answer was last cleared, per the audit trail.
fn last_cleared(audit: &[AuditEntry], question: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    audit
        .iter()
        .filter(|a| a.question_id == question && a.action == AuditAction::Cleared)
        .map(|a| a.at)
        .max()
}
