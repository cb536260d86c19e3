//! A responses file taken in: its establishments and sessions are created, or matched (an
//! establishment by id or by the same-establishment rule, a session by id or by name and
//! date within the file); everything is checked first and written in one transaction, so one
//! bad response means nothing is written, and every problem is listed with its place.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Map, Value};
use uuid::Uuid;

use super::{ImportError, Known};
use crate::store::{
    AnswerRecord, Establishment, EstablishmentKind, PinOutcome, Response, ResponseStatus, Session,
    Store,
};
use crate::survey::Catalog;
use crate::survey::problem::{Place, Problem, Severity};
use crate::survey::responses::{Response as FileResponse, read_responses};
use crate::survey::text::fold;

/// What a responses file brought in.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Imported {
    pub file: String,
    pub responses: usize,
    pub establishments_added: usize,
    pub establishments_matched: usize,
    pub sessions_added: usize,
    pub sessions_matched: usize,
    /// Problems that did not stop the import (unknown keys, a definition kept as stored).
    pub warnings: Vec<String>,
}

impl fmt::Display for Imported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "imported {} responses from {}: {} new establishments ({} matched), {} new sessions ({} matched by id)",
            self.responses,
            self.file,
            self.establishments_added,
            self.establishments_matched,
            self.sessions_added,
            self.sessions_matched
        )
    }
}

/// Takes in the responses file `bytes` (named `file` in messages).
pub fn import_responses(
    store: &Store,
    catalog: &Catalog,
    file: &str,
    bytes: &[u8],
) -> Result<Imported, ImportError> {
    let (responses, warnings) = read_responses(file, bytes, catalog).map_err(|problems| {
        ImportError::Refused(format!(
            "{problems}\n{file}: nothing was imported; fix the problems above"
        ))
    })?;
    let bytes = crate::platform::without_bom(bytes);
    let doc: Value =
        serde_json::from_slice(bytes).map_err(|e| ImportError::Refused(format!("{file}: {e}")))?;
    let raw = doc
        .get("responses")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut planner = Planner {
        file: file.to_owned(),
        store,
        known: Known::load(store)?,
        problems: Vec::new(),
        plan: Plan::default(),
        sessions: HashMap::new(),
        establishments: HashMap::new(),
        response_ids: HashSet::new(),
    };
    for (response, raw) in responses.iter().zip(&raw) {
        planner.response(response, raw)?;
    }
    for (id, version) in responses
        .iter()
        .map(|r| (r.survey.id.clone(), r.survey.version.clone()))
        .collect::<HashSet<_>>()
    {
        if let Some(entry) = catalog.entry(&id, Some(&version)) {
            planner
                .plan
                .surveys
                .push((id, version, entry.source.clone()));
        }
    }
    if !planner.problems.is_empty() {
        let list: Vec<String> = planner.problems.iter().map(|p| p.to_string()).collect();
        let n = planner.problems.len();
        return Err(ImportError::Refused(format!(
            "{}\n{file}: nothing was imported; fix the {n} problem{} above",
            list.join("\n"),
            if n == 1 { "" } else { "s" }
        )));
    }
    let plan = planner.plan;
    let mut imported = Imported {
        file: file.to_owned(),
        responses: plan.responses.len(),
        establishments_added: plan.establishments.len(),
        establishments_matched: plan.matched_establishments,
        sessions_added: plan.sessions.len(),
        sessions_matched: plan.matched_sessions,
        warnings: warnings.iter().map(|w| w.to_string()).collect(),
    };
    imported.warnings.extend(write(store, &plan, file)?);
    Ok(imported)
}

/// What will be written, once every check has passed.
#[derive(Default)]
struct Plan {
    sessions: Vec<Session>,
    establishments: Vec<Establishment>,
    responses: Vec<(Response, BTreeMap<String, AnswerRecord>)>,
    surveys: Vec<(String, String, String)>,
    matched_sessions: usize,
    matched_establishments: usize,
}

/// Checks one file against the store, collecting every problem.
struct Planner<'a> {
    file: String,
    store: &'a Store,
    /// Establishments of the database and of the file so far.
    known: Known,
    problems: Vec<Problem>,
    plan: Plan,
    /// Ids already placed in the plan (new or matched), by id or by the folded name key.
    sessions: HashMap<String, Uuid>,
    establishments: HashMap<String, Uuid>,
    response_ids: HashSet<Uuid>,
}

/// Writes the plan in one transaction; the warnings of what it kept as it was.
fn write(store: &Store, plan: &Plan, name: &str) -> Result<Vec<String>, ImportError> {
    let reason = format!("import {name}");
    store.write_batch_with_reason(Some(&reason), |batch| {
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
        for (response, answers) in &plan.responses {
            batch.insert_response(response, answers)?;
        }
        Ok::<_, ImportError>(warnings)
    })
}

impl Planner<'_> {
    fn problem(&mut self, path: &str, message: impl Into<String>) {
        self.problems.push(Problem {
            file: self.file.clone(),
            place: Place::Path(path.to_owned()),
            severity: Severity::Error,
            message: message.into(),
        });
    }

    fn response(&mut self, r: &FileResponse<'_>, raw: &Value) -> Result<(), ImportError> {
        let path = r.path.as_str();
        let id = match &r.id {
            None => Some(Uuid::now_v7()),
            Some(text) => match Uuid::parse_str(text) {
                Err(_) => {
                    self.problem(
                        &format!("{path}.id"),
                        format!("{text:?} is not a UUID; leave the id out to get a new one"),
                    );
                    None
                }
                Ok(id) if !self.response_ids.insert(id) => {
                    self.problem(
                        &format!("{path}.id"),
                        format!("response {id} appears twice in the file"),
                    );
                    None
                }
                Ok(id) if self.store.response(id)?.is_some() => {
                    self.problem(
                        &format!("{path}.id"),
                        format!("response {id} is already in the database (was this file imported before?)"),
                    );
                    None
                }
                Ok(id) => Some(id),
            },
        };
        let session = self.session(r.session.as_ref(), &format!("{path}.session"))?;
        let establishment =
            self.establishment(r.establishment.as_ref(), &format!("{path}.establishment"))?;
        let raw = raw.as_object().cloned().unwrap_or_default();
        let now = Utc::now();
        let created_at = self.time(&raw, path, "created_at").unwrap_or(now);
        let updated_at = self.time(&raw, path, "updated_at").unwrap_or(created_at);
        let complete = crate::survey::score(r.survey, &r.answers).complete;
        let status = match raw
            .get("status")
            .map(|v| v.as_str().map(str::parse::<ResponseStatus>))
        {
            None => Some(if complete {
                ResponseStatus::Complete
            } else {
                ResponseStatus::Draft
            }),
            Some(Some(Ok(ResponseStatus::Complete))) if !complete => {
                self.problem(
                    &format!("{path}.status"),
                    "\"complete\", but required questions are unanswered; answer them or say \"draft\"",
                );
                None
            }
            Some(Some(Ok(s))) => Some(s),
            _ => {
                self.problem(
                    &format!("{path}.status"),
                    "expected \"draft\" or \"complete\"",
                );
                None
            }
        };
        let recorded_by = match raw.get("recorded_by") {
            None => self.store.recorded_by().to_string(),
            Some(Value::String(s)) => s.clone(),
            Some(_) => {
                self.problem(
                    &format!("{path}.recorded_by"),
                    "expected the recorder's name as text",
                );
                String::new()
            }
        };
        let (Some(id), Some(session), Some(establishment), Some(status)) =
            (id, session, establishment, status)
        else {
            return Ok(());
        };
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
        let answers = r
            .answers
            .iter()
            .map(|(q, a)| {
                (
                    q.clone(),
                    AnswerRecord {
                        value: a.to_json(),
                        updated_at,
                    },
                )
            })
            .collect();
        self.plan.responses.push((response, answers));
        Ok(())
    }

    fn time(&mut self, raw: &Map<String, Value>, path: &str, key: &str) -> Option<DateTime<Utc>> {
        let v = raw.get(key)?;
        match v.as_str().map(DateTime::parse_from_rfc3339) {
            Some(Ok(t)) => Some(t.with_timezone(&Utc)),
            _ => {
                self.problem(
                    &format!("{path}.{key}"),
                    format!("{v} is not a time; write it like 2024-10-15T08:30:00Z"),
                );
                None
            }
        }
    }

    /// The id of an existing session (matched by id) or of one to create.
    fn session(
        &mut self,
        map: Option<&Map<String, Value>>,
        path: &str,
    ) -> Result<Option<Uuid>, ImportError> {
        let Some(map) = map else {
            self.problem(path, "missing; give the session (workshop) as {\"name\": …, \"date\": \"YYYY-MM-DD\"} or its id");
            return Ok(None);
        };
        let id = match self.id(map, path)? {
            Err(()) => return Ok(None),
            Ok(Some(id)) if self.store.session(id)?.is_some() => {
                if self.sessions.insert(id.to_string(), id).is_none() {
                    self.plan.matched_sessions += 1;
                }
                return Ok(Some(id));
            }
            Ok(id) => id,
        };
        let name = self.text(map, path, "name", true);
        let date = match map.get("date") {
            Some(Value::String(s)) => NaiveDate::parse_from_str(s, "%Y-%m-%d").ok(),
            _ => None,
        };
        if date.is_none() {
            self.problem(
                &format!("{path}.date"),
                "missing or not a date; write it \"YYYY-MM-DD\"",
            );
        }
        let (Some(name), Some(date)) = (name, date) else {
            return Ok(None);
        };
        let key = id.map_or_else(|| format!("{}|{date}", fold(&name)), |id| id.to_string());
        if let Some(&known) = self.sessions.get(&key) {
            return Ok(Some(known));
        }
        let mut session = Session::new(&name, date);
        if let Some(id) = id {
            session.id = id;
        }
        session.commune = self.text(map, path, "commune", false).unwrap_or_default();
        session.province = self.text(map, path, "province", false).unwrap_or_default();
        session.former_district = self.text(map, path, "former_district", false);
        session.trainer = self.text(map, path, "trainer", false).unwrap_or_default();
        session.notes = self.text(map, path, "notes", false).unwrap_or_default();
        self.sessions.insert(key, session.id);
        let id = session.id;
        self.plan.sessions.push(session);
        Ok(Some(id))
    }

    /// The id of an existing establishment (matched by id) or of one to create.
    fn establishment(
        &mut self,
        map: Option<&Map<String, Value>>,
        path: &str,
    ) -> Result<Option<Uuid>, ImportError> {
        let Some(map) = map else {
            self.problem(
                path,
                "missing; give the establishment as {\"name\": …, \"kind\": …} or its id",
            );
            return Ok(None);
        };
        let id = match self.id(map, path)? {
            Err(()) => return Ok(None),
            Ok(Some(id)) if self.store.establishment(id)?.is_some() => {
                if self.establishments.insert(id.to_string(), id).is_none() {
                    self.plan.matched_establishments += 1;
                }
                return Ok(Some(id));
            }
            Ok(id) => id,
        };
        let name = self.text(map, path, "name", true);
        let kind = match map.get("kind") {
            None => Some(EstablishmentKind::HoKinhDoanh),
            Some(v) => match v.as_str().map(str::parse::<EstablishmentKind>) {
                Some(Ok(k)) => Some(k),
                Some(Err(e)) => {
                    self.problem(&format!("{path}.kind"), e);
                    None
                }
                None => {
                    self.problem(
                        &format!("{path}.kind"),
                        "expected text such as \"hop_tac_xa\"",
                    );
                    None
                }
            },
        };
        let (Some(name), Some(kind)) = (name, kind) else {
            return Ok(None);
        };
        let commune = self.text(map, path, "commune", false).unwrap_or_default();
        let key = id.map_or_else(
            || format!("{}|{}", fold(&name), fold(&commune)),
            |id| id.to_string(),
        );
        if let Some(&known) = self.establishments.get(&key) {
            return Ok(Some(known));
        }
        // Imported before, or already on this laptop: the same establishment, not a new one.
        if id.is_none()
            && let Some(here) = self.known.find(None, &name, &commune)
        {
            let here = here.id;
            self.establishments.insert(key, here);
            self.plan.matched_establishments += 1;
            return Ok(Some(here));
        }
        let mut e = Establishment::new(&name, kind);
        if let Some(id) = id {
            e.id = id;
        }
        e.commune = commune;
        e.sector = self.text(map, path, "sector", false).unwrap_or_default();
        e.province = self.text(map, path, "province", false).unwrap_or_default();
        e.former_district = self.text(map, path, "former_district", false);
        e.contact_person = self
            .text(map, path, "contact_person", false)
            .unwrap_or_default();
        e.phone = self.text(map, path, "phone", false).unwrap_or_default();
        e.notes = self.text(map, path, "notes", false).unwrap_or_default();
        self.establishments.insert(key, e.id);
        let id = e.id;
        self.known.add(e.clone());
        self.plan.establishments.push(e);
        Ok(Some(id))
    }

    /// `Ok(Some(id))` / `Ok(None)` when absent / `Err(())` when invalid (a problem is recorded).
    fn id(
        &mut self,
        map: &Map<String, Value>,
        path: &str,
    ) -> Result<Result<Option<Uuid>, ()>, ImportError> {
        Ok(match map.get("id") {
            None | Some(Value::Null) => Ok(None),
            Some(v) => match v.as_str().and_then(|s| Uuid::parse_str(s).ok()) {
                Some(id) => Ok(Some(id)),
                None => {
                    self.problem(&format!("{path}.id"), format!("{v} is not a UUID"));
                    Err(())
                }
            },
        })
    }

    fn text(
        &mut self,
        map: &Map<String, Value>,
        path: &str,
        key: &str,
        required: bool,
    ) -> Option<String> {
        match map.get(key) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
            None | Some(Value::Null) if !required => None,
            Some(Value::String(_)) if !required => None,
            None | Some(Value::Null) | Some(Value::String(_)) => {
                self.problem(
                    &format!("{path}.{key}"),
                    "missing; it is needed to create the record",
                );
                None
            }
            Some(v) => {
                self.problem(
                    &format!("{path}.{key}"),
                    format!("expected text, found {v}"),
                );
                None
            }
        }
    }
}
