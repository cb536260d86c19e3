//! Merging another laptop's JSON export into this database: records with the same id are not
//! duplicated, per answer the later change wins, both audit trails are kept, and importing the
//! same file twice changes nothing.
//!
//! The file is read once, as a stream, inside one write transaction: each record is checked
//! (merge_check.rs) and written as it is read, and the transaction is committed only when the
//! whole file has passed, so a refused file (or `--dry-run`) leaves nothing behind.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::ImportError;
use super::incoming::{self, Head, Incoming, Reopen, Sink};
use super::merge_check::Checks;
use super::responses::Options;
use crate::store::{AnswerRecord, AuditAction, AuditEntry, Batch, PinOutcome, Store, StoreError};

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
    pub dry_run: bool,
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
    /// Answers in the file that no audit entry of the file gives: taken or kept by the same
    /// rule, and when taken, an audit entry here says so.
    pub unaudited: Vec<String>,
    /// Sessions, establishments or survey texts that differ: this laptop's were kept.
    pub kept_here: Vec<String>,
}

/// Lines listed per kind of conflict; the count is always given.
const LISTED: usize = 20;

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

fn list(f: &mut fmt::Formatter<'_>, lines: &[String]) -> fmt::Result {
    for line in lines.iter().take(LISTED) {
        write!(f, "\n  {line}")?;
    }
    if lines.len() > LISTED {
        write!(f, "\n  … and {} more", lines.len() - LISTED)?;
    }
    Ok(())
}

impl fmt::Display for MergeSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.dry_run {
            writeln!(f, "dry run, nothing was written; the merge would give:")?;
        }
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
            "in conflict: {} answers changed on both laptops (the later change was kept), {} answers in the file without an audit entry, {} records whose details differ (this laptop's kept)",
            self.conflicts.len(),
            self.unaudited.len(),
            self.kept_here.len()
        )?;
        let conflicts: Vec<String> = self
            .conflicts
            .iter()
            .map(|c| {
                format!(
                    "response {} ({}) question {}: here {}, in the file {}; kept {}",
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
                )
            })
            .collect();
        list(f, &conflicts)?;
        list(f, &self.unaudited)?;
        list(f, &self.kept_here)?;
        if self.changed_nothing() {
            write!(
                f,
                "\nnothing changed: everything in the file was already here"
            )?;
        }
        Ok(())
    }
}

/// Why a merge's transaction was not committed.
enum Abort {
    Failed(ImportError),
    DryRun(Box<MergeSummary>),
}

impl From<StoreError> for Abort {
    fn from(e: StoreError) -> Abort {
        Abort::Failed(e.into())
    }
}

impl From<ImportError> for Abort {
    fn from(e: ImportError) -> Abort {
        Abort::Failed(e)
    }
}

/// Merges the export that `open` reads (named `file` in messages) into `store`: all of it or,
/// on any problem, nothing.
pub fn merge(
    store: &Store,
    file: &str,
    open: &Reopen<'_>,
    options: &Options,
) -> Result<MergeSummary, ImportError> {
    let reason = format!("merge {file}");
    let merged = store.write_batch_with_reason(Some(&reason), |batch| {
        let mut merger = Merger {
            store,
            file,
            batch,
            checks: Checks::new(file, options.accept_future),
            summary: MergeSummary::default(),
            now: Utc::now(),
        };
        incoming::read(file, open, &mut merger)?;
        let Merger {
            checks,
            mut summary,
            ..
        } = merger;
        checks.finish()?;
        if options.dry_run {
            summary.dry_run = true;
            return Err(Abort::DryRun(Box::new(summary)));
        }
        Ok(summary)
    });
    match merged {
        Ok(summary) => Ok(summary),
        Err(Abort::DryRun(summary)) => Ok(*summary),
        Err(Abort::Failed(e)) => Err(e),
    }
}

struct Merger<'a, 'b, 's, 't> {
    store: &'a Store,
    file: &'a str,
    batch: &'b mut Batch<'s, 't>,
    checks: Checks,
    summary: MergeSummary,
    now: DateTime<Utc>,
}

impl Sink for Merger<'_, '_, '_, '_> {
    fn directory(&mut self, head: &Head) -> Result<(), ImportError> {
        self.checks.head(self.store, self.batch, head)?;
        if !self.checks.is_clean() {
            return Ok(());
        }
        merge_directory(self.batch, head, &mut self.summary)
    }

    fn response(&mut self, r: Incoming) -> Result<(), ImportError> {
        let here = self.batch.response(r.id)?;
        self.checks
            .response(self.store, self.batch, &r, here.as_ref())?;
        if !self.checks.is_clean() {
            // Refused in the end: only the checks go on, to list every problem.
            return Ok(());
        }
        match here {
            None => self.add(&r),
            Some(here) => self.update(&r, &here),
        }
    }
}

impl Merger<'_, '_, '_, '_> {
    fn add(&mut self, r: &Incoming) -> Result<(), ImportError> {
        let batch = &mut *self.batch;
        batch.put_response_record(&r.record())?;
        for (q, record) in &r.answers {
            batch.put_answer_record(r.id, q, record)?;
        }
        for a in &r.audit {
            batch.put_audit_entry(&a.entry(r.id))?;
        }
        self.summary.responses_added += 1;
        self.unaudited(r, &r.answers.keys().collect(), None)
    }

    fn update(&mut self, r: &Incoming, here: &crate::store::Response) -> Result<(), ImportError> {
        let id = r.id;
        let here_audit = self.store.audit(id)?;
        let there_audit = r.audit_entries();
        let here_answers = self.batch.answer_records(id)?;
        let known: BTreeSet<Uuid> = there_audit.iter().map(|a| a.id).collect();
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
        let establishment = self.checks.name(r.establishment_id);
        let mut taken = HashSet::new();
        let mut questions: BTreeSet<&String> = r.answers.keys().collect();
        questions.extend(here_answers.keys());
        for q in questions {
            let (mine, theirs) = (here_answers.get(q), r.answers.get(q));
            if mine.map(|a| &a.value) == theirs.map(|a| &a.value) {
                continue;
            }
            let mine_at = mine
                .map(|a| a.updated_at)
                .or_else(|| last_cleared(&here_audit, q));
            let theirs_at = theirs
                .map(|a| a.updated_at)
                .or_else(|| last_cleared(&there_audit, q));
            let take_theirs = match (mine_at, theirs_at) {
                (Some(m), Some(t)) => t > m,
                (None, Some(_)) => true,
                _ => false,
            };
            if changed_here(q) && changed_there(q) {
                let show = |a: Option<&AnswerRecord>| {
                    a.map_or_else(
                        || "(no answer)".to_owned(),
                        |a| super::clip(&a.value.to_string()),
                    )
                };
                self.summary.conflicts.push(Conflict {
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
                    Some(record) => self.batch.put_answer_record(id, q, record)?,
                    None => self.batch.remove_answer_record(id, q)?,
                }
                taken.insert(q);
            }
        }
        let mut audit_added = 0;
        for a in &there_audit {
            if self.batch.put_audit_entry(a)? {
                audit_added += 1;
            }
        }
        if r.updated_at > here.updated_at {
            self.batch.put_response_record(&r.record())?;
        }
        let updated = taken.len();
        self.summary.answers_updated += updated;
        self.summary.audit_entries_added += audit_added;
        if updated > 0 || audit_added > 0 {
            self.summary.responses_updated += 1;
        }
        let here_values: HashMap<&String, &AnswerRecord> = here_answers.iter().collect();
        self.unaudited(r, &taken, Some(&here_values))
    }

    /// Lists the answers of the file that its own audit trail does not give; one taken over
    /// an answer here gets an audit entry here, so the trail shows the change.
    fn unaudited(
        &mut self,
        r: &Incoming,
        written: &HashSet<&String>,
        here: Option<&HashMap<&String, &AnswerRecord>>,
    ) -> Result<(), ImportError> {
        let given = r.audited();
        for (q, record) in &r.answers {
            let audited = given
                .get(q.as_str())
                .is_some_and(|values| values.contains(&&record.value));
            let old = here.and_then(|h| h.get(q)).map(|a| a.value.clone());
            if audited || old.as_ref() == Some(&record.value) {
                continue;
            }
            let taken = written.contains(q);
            self.summary.unaudited.push(format!(
                "response {} question {}: {} in the file has no audit entry there; {}",
                r.id,
                q,
                super::clip(&record.value.to_string()),
                match (taken, &old) {
                    (true, Some(_)) => "taken (later), with an audit entry here saying so",
                    (true, None) | (false, None) => "taken",
                    (false, Some(_)) => "this laptop's later answer kept",
                }
            ));
            if taken || here.is_none() {
                let reason = format!("merge {}: no audit entry in the file", self.file);
                let entry = AuditEntry::new(
                    r.id,
                    q,
                    old,
                    Some(record.value.clone()),
                    Some(&reason),
                    self.store.recorded_by(),
                    self.now,
                );
                self.batch.put_audit_entry(&entry)?;
            }
        }
        Ok(())
    }
}

fn merge_directory(
    batch: &mut Batch,
    head: &Head,
    summary: &mut MergeSummary,
) -> Result<(), ImportError> {
    for s in &head.surveys {
        match batch.pin_survey(&s.id, &s.version, &s.source)? {
            PinOutcome::Added => summary.surveys_added += 1,
            PinOutcome::Same => {}
            PinOutcome::KeptDifferent => summary.kept_here.push(format!(
                "survey {} version {} has a different text here; this laptop's was kept",
                s.id, s.version
            )),
        }
    }
    for s in &head.sessions {
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
    for e in &head.establishments {
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
    for p in &head.participants {
        batch.join_session(p.session, p.establishment)?;
    }
    Ok(())
}

/// When an answer was last cleared, per the audit trail.
fn last_cleared(audit: &[AuditEntry], question: &str) -> Option<DateTime<Utc>> {
    audit
        .iter()
        .filter(|a| a.question_id == question && a.action == AuditAction::Cleared)
        .map(|a| a.at)
        .max()
}
