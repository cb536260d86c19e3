//! What a merge checks before it takes anything: a file that does not add up is refused whole,
//! with every problem named (the first few hundred listed).
//!
//! - times more than a day ahead of this laptop's clock (unless `--accept-future`);
//! - an id given twice in the file;
//! - an id already here for another establishment, survey or session, or an establishment id
//!   here with another identity (folded name and commune): a conflict naming both sides;
//! - a response whose establishment or session is neither in the file nor here;
//! - answers their definition does not take, and definitions that cannot be read or differ
//!   from this laptop's under the same version;
//! - a response marked complete with required questions unanswered, by the rule a response is
//!   marked complete by here (`fieldwork::recording::allowed_status`). A database written
//!   before the rule may hold one: it is marked draft (or answered) there and exported again.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::incoming::{Head, Incoming};
use super::{ImportError, clip, future};
use crate::export::json::KIND;
use crate::fieldwork::recording::{Unanswered, allowed_status};
use crate::fieldwork::same::SameKey;
use crate::store::{Batch, Response, ResponseStatus, Store};
use crate::survey::{Answers, Survey, load_survey};

/// Problems kept to be listed; the rest are counted.
const LISTED: usize = 200;

pub struct Checks {
    file: String,
    accept_future: bool,
    now: DateTime<Utc>,
    problems: Vec<String>,
    count: usize,
    responses: HashSet<Uuid>,
    sessions: HashSet<Uuid>,
    establishments: HashSet<Uuid>,
    /// Establishments and sessions found here for a reference, so each is read once.
    found_here: HashSet<Uuid>,
    /// The file's definitions, and each definition a response is checked against, read once:
    /// this laptop's where it has the version, else the file's (None: it cannot be read,
    /// already reported).
    sources: HashMap<(String, String), String>,
    surveys: HashMap<(String, String), Option<Survey>>,
    /// Establishment names: the file's, and this laptop's.
    names: HashMap<Uuid, String>,
}

impl Checks {
    pub fn new(file: &str, accept_future: bool) -> Checks {
        Checks {
            file: file.to_owned(),
            accept_future,
            now: Utc::now(),
            problems: Vec::new(),
            count: 0,
            responses: HashSet::new(),
            sessions: HashSet::new(),
            establishments: HashSet::new(),
            found_here: HashSet::new(),
            sources: HashMap::new(),
            surveys: HashMap::new(),
            names: HashMap::new(),
        }
    }

    pub fn is_clean(&self) -> bool {
        self.count == 0
    }

    fn problem(&mut self, message: String) {
        let message = format!("{}: {message}", self.file);
        self.problem_as_is(message);
    }

    /// A problem whose message already names the file.
    fn problem_as_is(&mut self, message: String) {
        self.count += 1;
        if self.problems.len() < LISTED {
            self.problems.push(message);
        }
    }

    /// A time of the record `what` names (a label made only for a problem).
    fn time(&mut self, what: impl FnOnce() -> String, t: DateTime<Utc>) {
        if let Some(why) = future(t, self.now, self.accept_future) {
            self.problem(format!("{}: {why}", what()));
        }
    }

    /// Nothing, or every problem found and what to do.
    pub fn finish(self) -> Result<(), ImportError> {
        if self.count == 0 {
            return Ok(());
        }
        let more = match self.count - self.problems.len() {
            0 => String::new(),
            n => format!("\n{}: … and {n} more problems", self.file),
        };
        Err(ImportError::Refused(format!(
            "{}{more}\n{}: nothing was imported; {} found. Fix the file or export again from the other laptop",
            self.problems.join("\n"),
            self.file,
            if self.count == 1 {
                "1 problem".to_owned()
            } else {
                format!("{} problems", self.count)
            }
        )))
    }

    /// The file's kind, format, definitions, sessions and establishments. A file that is not
    /// a mergeable export stops here.
    pub fn head(&mut self, store: &Store, batch: &Batch, head: &Head) -> Result<(), ImportError> {
        let file = self.file.clone();
        if head.kind.as_deref() != Some(KIND) {
            return Err(ImportError::Refused(format!(
                "{file}: not a sansang export (no \"kind\": \"{KIND}\" before its responses); export it again from the other laptop"
            )));
        }
        if head.format != Some(1) {
            return Err(ImportError::Refused(format!(
                "{file}: export format {} is not known to this program (it reads format 1); update sansang",
                head.format
                    .map_or_else(|| "(none)".to_owned(), |f| f.to_string())
            )));
        }
        if head.anonymized {
            return Err(ImportError::Refused(format!(
                "{file}: this export is anonymized (names, contact people and phones were removed) and cannot be merged; export again without --anonymize"
            )));
        }
        for s in &head.surveys {
            let name = format!("{file}: survey {} version {}", s.id, s.version);
            if let Err(found) = load_survey(&name, s.source.as_bytes()) {
                self.problem_as_is(format!(
                    "{found}\n{name}: the definition in the file cannot be read"
                ));
            }
            if store
                .survey_source(&s.id, &s.version)?
                .is_some_and(|here| here != s.source)
            {
                self.problem(format!(
                    "survey {} version {}: this database holds a different definition under the same version; give one of them a new version before merging",
                    s.id, s.version
                ));
            }
            let key = (s.id.clone(), s.version.clone());
            self.sources.insert(key, s.source.clone());
        }
        for s in &head.sessions {
            if !self.sessions.insert(s.id) {
                self.problem(format!("session {} appears twice in the file", s.id));
            }
            if let Some(t) = s.updated_at {
                self.time(
                    || format!("session {} ({}) updated_at", s.id, clip(&s.name)),
                    t,
                );
            }
        }
        for e in &head.establishments {
            let what = format!("establishment {} ({})", e.id, clip(&e.name));
            if !self.establishments.insert(e.id) {
                self.problem(format!("{what} appears twice in the file"));
            }
            if let Some(t) = e.updated_at {
                self.time(|| format!("{what} updated_at"), t);
            }
            if let Some(here) = batch.establishment(e.id)?
                && SameKey::of(&here) != SameKey::of(e)
            {
                self.problem(format!(
                    "establishment {} is \"{}\" in {} here but \"{}\" in {} in the file: in conflict (an id is one establishment); correct the name on one laptop, or export again",
                    e.id,
                    clip(&here.name),
                    commune(&here.commune),
                    clip(&e.name),
                    commune(&e.commune)
                ));
            }
            self.names.insert(e.id, e.name.clone());
        }
        Ok(())
    }

    /// The name of an establishment, for messages.
    pub fn name(&self, id: Uuid) -> String {
        self.names
            .get(&id)
            .map_or_else(|| id.to_string(), |n| format!("\"{}\"", clip(n)))
    }

    /// One response of the file, against the file so far and this database.
    pub fn response(
        &mut self,
        store: &Store,
        batch: &Batch,
        r: &Incoming,
        here: Option<&Response>,
    ) -> Result<(), ImportError> {
        let what = format!("response {}", r.id);
        if !self.responses.insert(r.id) {
            self.problem(format!("{what} appears twice in the file"));
            return Ok(());
        }
        self.times(r, &what);
        if !self.establishments.contains(&r.establishment_id)
            && !self.here(
                r.establishment_id,
                batch.establishment(r.establishment_id)?.is_some(),
            )
        {
            self.problem(format!(
                "{what}: its establishment {} is neither in the file nor in this database; export again from the other laptop",
                r.establishment_id
            ));
        }
        if !self.sessions.contains(&r.session_id)
            && !self.here(r.session_id, batch.session(r.session_id)?.is_some())
        {
            self.problem(format!(
                "{what}: its session {} is neither in the file nor in this database; export again from the other laptop",
                r.session_id
            ));
        }
        if let Some(here) = here {
            self.same_response(batch, r, here)?;
        }
        self.answers(store, r, &what)
    }

    /// Whether a reference was found here (remembered, so each is read once).
    fn here(&mut self, id: Uuid, found: bool) -> bool {
        if found {
            self.found_here.insert(id);
        }
        found || self.found_here.contains(&id)
    }

    fn times(&mut self, r: &Incoming, what: &str) {
        self.time(|| format!("{what} created_at"), r.created_at);
        self.time(|| format!("{what} updated_at"), r.updated_at);
        if r.updated_at < r.created_at {
            self.problem(format!(
                "{what}: updated_at {} is before created_at {}",
                r.updated_at, r.created_at
            ));
        }
        for (q, a) in &r.answers {
            self.time(|| format!("{what} question {q}"), a.updated_at);
        }
        for a in &r.audit {
            self.time(|| format!("{what} audit entry {}", a.id), a.at);
        }
    }

    /// A response id already here must be the same response: establishment, survey, session.
    fn same_response(
        &mut self,
        batch: &Batch,
        r: &Incoming,
        here: &Response,
    ) -> Result<(), ImportError> {
        let mut differ = Vec::new();
        if here.establishment_id != r.establishment_id {
            let mine = batch.establishment(here.establishment_id)?.map_or_else(
                || here.establishment_id.to_string(),
                |e| format!("\"{}\"", clip(&e.name)),
            );
            differ.push(format!(
                "establishment {mine} here, {} in the file",
                self.name(r.establishment_id)
            ));
        }
        if (&here.survey_id, &here.survey_version) != (&r.survey_id, &r.survey_version) {
            differ.push(format!(
                "survey {} {} here, {} {} in the file",
                here.survey_id, here.survey_version, r.survey_id, r.survey_version
            ));
        }
        if here.session_id != r.session_id {
            differ.push(format!(
                "session {} here, {} in the file",
                here.session_id, r.session_id
            ));
        }
        if !differ.is_empty() {
            self.problem(format!(
                "response {} is another response here: {}; in conflict, an id is one response. Check which laptop is right and export again",
                r.id,
                differ.join("; ")
            ));
        }
        Ok(())
    }

    /// Each answer against the definition it will be scored with, and the status against the
    /// answers.
    fn answers(&mut self, store: &Store, r: &Incoming, what: &str) -> Result<(), ImportError> {
        let key = (r.survey_id.clone(), r.survey_version.clone());
        if !self.surveys.contains_key(&key) {
            let source = match store.survey_source(&key.0, &key.1)? {
                Some(here) => Some(here),
                None => self.sources.get(&key).cloned(),
            };
            let Some(source) = source else {
                self.problem(format!(
                    "{what}: survey {} version {} is neither in the file nor in this database",
                    key.0, key.1
                ));
                return Ok(());
            };
            // A definition that cannot be read was reported with the file's surveys.
            let loaded = load_survey(&format!("survey {} {}", key.0, key.1), source.as_bytes())
                .ok()
                .map(|l| l.survey);
            self.surveys.insert(key.clone(), loaded);
        }
        let Some(survey) = self.surveys[&key].as_ref() else {
            return Ok(());
        };
        let mut answers = Answers::new();
        let mut problems = Vec::new();
        for (q, record) in &r.answers {
            let Some(question) = survey.question(q) else {
                problems.push(format!(
                    "{what} answers {q}, which survey {} {} does not have",
                    key.0, key.1
                ));
                continue;
            };
            match question.parse_answer(&record.value) {
                Ok(answer) => {
                    answers.insert(q.clone(), answer);
                }
                Err(why) => problems.push(format!("{what} question {q}: {}", clip(&why))),
            }
        }
        // Checked against answers that all read; scored only when it matters (a draft may lack
        // anything), as a merge scores nothing else.
        let status = (problems.is_empty() && r.status == ResponseStatus::Complete)
            .then(|| allowed_status(r.status, &crate::survey::score(survey, &answers)));
        for p in problems {
            self.problem(p);
        }
        if let Some(Err(Unanswered(missing))) = status {
            self.problem(format!(
                "{what} ({}, survey {} {}) is marked complete, but required questions are unanswered: {}; nothing was merged. On the other laptop mark it draft (or answer them) and export again",
                self.name(r.establishment_id),
                key.0,
                key.1,
                missing.join(", ")
            ));
        }
        Ok(())
    }
}

fn commune(c: &str) -> String {
    if c.is_empty() {
        "no commune".to_owned()
    } else {
        c.to_owned()
    }
}
