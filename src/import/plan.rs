//! Checking a responses file against the database, response by response, into a plan of
//! what to write: every problem is collected, and nothing is written while there is one.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};
use uuid::Uuid;

use super::places::Places;
use super::responses::{Options, records};
use super::{ImportError, clip};
use crate::fieldwork::recording::{Unanswered, allowed_status};
use crate::store::{AnswerRecord, Establishment, Response, ResponseStatus, Session, Store};
use crate::survey::Catalog;
use crate::survey::problem::{Place, Problem, Severity};
use crate::survey::responses::Response as FileResponse;
use crate::survey::text::nfc;

/// The ids that references map to: the same survey and reference give the same id on every
/// laptop, so a file imported on two laptops merges without duplicates.
const REFERENCE_IDS: Uuid = Uuid::from_u128(0x5a45_5a41_4e47_5245_4600_0000_0000_0001);

/// The stored id of the response with reference `reference` to survey `survey`.
pub fn reference_id(survey: &str, reference: &str) -> Uuid {
    Uuid::new_v5(&REFERENCE_IDS, format!("{survey}\n{reference}").as_bytes())
}

/// A new response with its answers, and its reference when the file gave one.
pub struct NewResponse {
    pub response: Response,
    pub answers: BTreeMap<String, AnswerRecord>,
    pub reference: Option<String>,
}

/// A response already here whose answers differ in the file: (question, here, file).
pub struct Update {
    pub response: Uuid,
    pub reference: Option<String>,
    pub changes: Vec<(String, Option<Value>, Value)>,
}

/// What will be written, once every check has passed.
#[derive(Default)]
pub struct Plan {
    pub sessions: Vec<Session>,
    pub establishments: Vec<Establishment>,
    pub responses: Vec<NewResponse>,
    pub updates: Vec<Update>,
    pub surveys: Vec<(String, String, String)>,
    pub matched_sessions: usize,
    pub matched_establishments: usize,
    pub unchanged: usize,
    pub import_session: Option<String>,
    pub details: Vec<String>,
}

/// How the file names a response.
enum Identity {
    /// A UUID: taken once.
    Id(Uuid),
    /// Any other text, and the id it maps to.
    Reference(String, Uuid),
    /// No id: recognised by survey, establishment and session.
    Unnamed,
}

/// Checks one file against the store, collecting every problem.
pub struct Planner<'a> {
    pub(super) file: String,
    pub(super) store: &'a Store,
    pub(super) options: &'a Options,
    pub(super) problems: Vec<Problem>,
    pub(super) plan: Plan,
    pub(super) now: DateTime<Utc>,
    places: Places,
    /// Response ids of the file so far, and (survey, establishment, session) of its unnamed ones.
    ids: HashSet<Uuid>,
    unnamed: HashSet<(String, Uuid, Uuid)>,
    /// The stored responses of an establishment, read once.
    stored: HashMap<Uuid, Vec<Response>>,
}

impl<'a> Planner<'a> {
    pub fn new(
        store: &'a Store,
        file: &str,
        options: &'a Options,
    ) -> Result<Planner<'a>, ImportError> {
        Ok(Planner {
            file: file.to_owned(),
            store,
            options,
            problems: Vec::new(),
            plan: Plan::default(),
            now: Utc::now(),
            places: Places::load(store, file, options)?,
            ids: HashSet::new(),
            unnamed: HashSet::new(),
            stored: HashMap::new(),
        })
    }

    pub(super) fn problem(&mut self, path: &str, message: impl Into<String>) {
        self.problems.push(Problem {
            file: self.file.clone(),
            place: Place::Path(path.to_owned()),
            severity: Severity::Error,
            message: message.into(),
        });
    }

    /// The plan, or every problem found.
    pub fn finish(
        mut self,
        catalog: &Catalog,
        responses: &[FileResponse<'_>],
    ) -> Result<Plan, ImportError> {
        let used: HashSet<(String, String)> = responses
            .iter()
            .map(|r| (r.survey.id.clone(), r.survey.version.clone()))
            .collect();
        for (id, version) in used {
            if let Some(entry) = catalog.entry(&id, Some(&version)) {
                let source = entry.source.clone();
                self.plan.surveys.push((id, version, source));
            }
        }
        if !self.problems.is_empty() {
            let list: Vec<String> = self.problems.iter().map(|p| p.to_string()).collect();
            let n = self.problems.len();
            return Err(ImportError::Refused(format!(
                "{}\n{}: nothing was imported; fix the {n} problem{} above",
                list.join("\n"),
                self.file,
                if n == 1 { "" } else { "s" }
            )));
        }
        let mut plan = self.plan;
        self.places.into_plan(&mut plan);
        Ok(plan)
    }

    pub fn response(&mut self, r: &FileResponse<'_>, raw: &Value) -> Result<(), ImportError> {
        let path = r.path.as_str();
        let empty = Map::new();
        let raw = raw.as_object().unwrap_or(&empty);
        let identity = self.identity(r, path);
        let establishment = self.places.establishment(
            &mut self.problems,
            &self.file,
            r.establishment.as_ref(),
            &format!("{path}.establishment"),
        )?;
        let session = match &r.session {
            Some(map) => self.places.session(
                &mut self.problems,
                &self.file,
                map,
                &format!("{path}.session"),
            )?,
            None => Some(self.places.placement()),
        };
        let (created_at, updated_at) = self.times(raw, path);
        let status = self.status(r, raw, path);
        let recorded_by = match raw.get("recorded_by") {
            None => Some(self.store.recorded_by().to_string()),
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => {
                self.problem(
                    &format!("{path}.recorded_by"),
                    "expected the recorder's name as text",
                );
                None
            }
        };
        let (Some(identity), Some(establishment), Some(session), Some(status), Some(recorded_by)) =
            (identity, establishment, session, status, recorded_by)
        else {
            return Ok(());
        };
        let (id, reference) = match identity {
            Identity::Id(id) => (id, None),
            Identity::Reference(text, id) => {
                if let Some(here) = self.store.response(id)? {
                    return self.matched(r, here, Some(text), establishment, path);
                }
                (id, Some(text))
            }
            Identity::Unnamed => {
                let key = (r.survey.id.clone(), establishment, session.id);
                if !self.unnamed.insert(key) {
                    self.problem(
                        path,
                        format!(
                            "a second {} response for the same establishment at the same session; give each an id (a reference such as \"vt-02\") to keep both",
                            r.survey.id
                        ),
                    );
                    return Ok(());
                }
                if let Some(here) = self.stored_at(r, establishment, session.id)? {
                    return self.matched(r, here, None, establishment, path);
                }
                (Uuid::now_v7(), None)
            }
        };
        let session = self.places.use_session(session);
        let response = Response {
            id,
            survey_id: r.survey.id.clone(),
            survey_version: r.survey.version.clone(),
            establishment_id: establishment,
            session_id: session,
            status,
            created_at,
            updated_at,
            recorded_by,
        };
        let answers = records(&r.answers, updated_at);
        self.plan.responses.push(NewResponse {
            response,
            answers,
            reference,
        });
        Ok(())
    }

    /// The file's id of a response: a UUID, a reference, or none.
    fn identity(&mut self, r: &FileResponse<'_>, path: &str) -> Option<Identity> {
        let Some(text) = &r.id else {
            return Some(Identity::Unnamed);
        };
        let (id, identity) = match Uuid::parse_str(text) {
            Ok(id) => (id, Identity::Id(id)),
            Err(_) => {
                let reference = nfc(text.trim());
                if reference.is_empty()
                    || reference.chars().count() > 64
                    || reference.chars().any(char::is_control)
                {
                    self.problem(
                        &format!("{path}.id"),
                        format!(
                            "{} is not a usable reference: write 1 to 64 printable characters (such as \"vt-01\"), or a UUID",
                            clip(text)
                        ),
                    );
                    return None;
                }
                let id = reference_id(&r.survey.id, &reference);
                (id, Identity::Reference(reference, id))
            }
        };
        if !self.ids.insert(id) {
            self.problem(
                &format!("{path}.id"),
                format!(
                    "{} appears twice in the file for survey {}; give each response its own id",
                    clip(text),
                    r.survey.id
                ),
            );
            return None;
        }
        if let Identity::Id(id) = identity {
            return match self.store.response(id) {
                Ok(None) => Some(identity),
                Ok(Some(_)) => {
                    self.problem(
                        &format!("{path}.id"),
                        format!("response {id} is already in the database (was this file imported before?)"),
                    );
                    None
                }
                Err(e) => {
                    self.problem(&format!("{path}.id"), e.to_string());
                    None
                }
            };
        }
        Some(identity)
    }

    /// The stored response of this survey for this establishment at this session.
    fn stored_at(
        &mut self,
        r: &FileResponse<'_>,
        establishment: Uuid,
        session: Uuid,
    ) -> Result<Option<Response>, ImportError> {
        if !self.stored.contains_key(&establishment) {
            let list = self.store.establishment_responses(establishment)?;
            self.stored.insert(establishment, list);
        }
        Ok(self.stored[&establishment]
            .iter()
            .find(|h| {
                h.survey_id == r.survey.id
                    && h.session_id == session
                    && h.status != ResponseStatus::Deleted
            })
            .cloned())
    }

    /// A response already here: the same establishment, or a conflict; its differing answers.
    fn matched(
        &mut self,
        r: &FileResponse<'_>,
        here: Response,
        reference: Option<String>,
        establishment: Uuid,
        path: &str,
    ) -> Result<(), ImportError> {
        let label = reference.as_ref().map_or_else(
            || here.id.to_string(),
            |r| format!("{} ({})", clip(r), here.id),
        );
        if here.establishment_id != establishment {
            let name = |id| -> Result<String, ImportError> {
                Ok(self
                    .store
                    .establishment(id)?
                    .map_or_else(|| id.to_string(), |e| format!("\"{}\"", clip(&e.name))))
            };
            let (mine, theirs) = (name(here.establishment_id)?, name(establishment)?);
            let theirs = if theirs == establishment.to_string() {
                r.establishment_name()
                    .map_or(theirs, |n| format!("\"{}\"", clip(n)))
            } else {
                theirs
            };
            self.problem(
                &format!("{path}.establishment"),
                format!(
                    "response {label} is for {mine} in this database but for {theirs} in the file: in conflict; give the file's response another id"
                ),
            );
            return Ok(());
        }
        if let Some(map) = &r.session {
            let asked = self.places.session(
                &mut self.problems,
                &self.file,
                map,
                &format!("{path}.session"),
            )?;
            if asked.is_some_and(|s| s.id != here.session_id) {
                self.problem(
                    &format!("{path}.session"),
                    format!(
                        "response {label} belongs to session {} in this database, another session in the file: in conflict; give the file's response another id",
                        here.session_id
                    ),
                );
                return Ok(());
            }
        }
        if here.status == ResponseStatus::Deleted {
            self.plan.details.push(format!(
                "response {label} was deleted here; kept deleted (restore it with `sansang response restore` and import again to take the file's answers)"
            ));
            self.plan.unchanged += 1;
            return Ok(());
        }
        let stored = self.store.answers(here.id)?;
        let mut changes = Vec::new();
        for (q, answer) in &r.answers {
            let new = answer.to_json();
            let old = stored.get(q).map(|a| a.value.clone());
            if old.as_ref() != Some(&new) {
                self.plan.details.push(format!(
                    "response {label} question {q}: {} here, {} in the file; taken from the file",
                    old.as_ref()
                        .map_or_else(|| "no answer".to_owned(), |v| clip(&v.to_string())),
                    clip(&new.to_string())
                ));
                changes.push((q.clone(), old, new));
            }
        }
        if changes.is_empty() {
            self.plan.unchanged += 1;
        } else {
            self.plan.updates.push(Update {
                response: here.id,
                reference,
                changes,
            });
        }
        Ok(())
    }

    /// created_at and updated_at as given (now by default): not ahead of this laptop's clock
    /// by more than a day unless --accept-future, and not updated before created.
    fn times(&mut self, raw: &Map<String, Value>, path: &str) -> (DateTime<Utc>, DateTime<Utc>) {
        let created_at = self.time(raw, path, "created_at").unwrap_or(self.now);
        let updated_at = self.time(raw, path, "updated_at").unwrap_or(created_at);
        if updated_at < created_at {
            self.problem(
                &format!("{path}.updated_at"),
                format!("{updated_at} is before created_at {created_at}; correct one of them"),
            );
        }
        (created_at, updated_at)
    }

    fn time(&mut self, raw: &Map<String, Value>, path: &str, key: &str) -> Option<DateTime<Utc>> {
        let v = raw.get(key)?;
        let t = match v.as_str().map(DateTime::parse_from_rfc3339) {
            Some(Ok(t)) => t.with_timezone(&Utc),
            _ => {
                self.problem(
                    &format!("{path}.{key}"),
                    format!(
                        "{} is not a time; write it like 2024-10-15T08:30:00Z",
                        clip(&v.to_string())
                    ),
                );
                return None;
            }
        };
        if let Some(why) = super::future(t, self.now, self.options.accept_future) {
            self.problem(&format!("{path}.{key}"), why);
        }
        Some(t)
    }

    /// A response the file marks complete with required questions unanswered, named by its
    /// id and establishment where the file gives them.
    fn incomplete(&mut self, r: &FileResponse<'_>, path: &str, missing: &[String]) {
        let named: Vec<String> = [r.id.as_deref(), r.establishment_name()]
            .into_iter()
            .flatten()
            .map(clip)
            .collect();
        let which = if named.is_empty() {
            String::new()
        } else {
            format!(" (response {})", named.join(", "))
        };
        self.problem(
            &format!("{path}.status"),
            format!(
                "\"complete\"{which}, but required questions of {} {} are unanswered: {}; answer them or say \"draft\"",
                r.survey.id,
                r.survey.version,
                missing.join(", ")
            ),
        );
    }

    /// The status the file gives (else complete when nothing required is missing), checked
    /// against the answers.
    fn status(
        &mut self,
        r: &FileResponse<'_>,
        raw: &Map<String, Value>,
        path: &str,
    ) -> Option<ResponseStatus> {
        let card = crate::survey::score(r.survey, &r.answers);
        let given = match raw
            .get("status")
            .map(|v| v.as_str().map(str::parse::<ResponseStatus>))
        {
            None => {
                let complete = allowed_status(ResponseStatus::Complete, &card).is_ok();
                return Some(if complete {
                    ResponseStatus::Complete
                } else {
                    ResponseStatus::Draft
                });
            }
            Some(Some(Ok(ResponseStatus::Deleted))) => {
                self.problem(
                    &format!("{path}.status"),
                    "\"deleted\" cannot be imported; leave the response out of the file",
                );
                return None;
            }
            Some(Some(Ok(s))) => s,
            _ => {
                self.problem(
                    &format!("{path}.status"),
                    "expected \"draft\" or \"complete\"",
                );
                return None;
            }
        };
        match allowed_status(given, &card) {
            Ok(()) => Some(given),
            Err(Unanswered(missing)) => {
                self.incomplete(r, path, &missing);
                None
            }
        }
    }
}
