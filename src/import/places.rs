//! The sessions and establishments a responses file names: matched to the database's (by id,
//! a session also by name and date, an establishment by the same-establishment rule) or
//! planned as new; and the session of the responses that name none.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde_json::{Map, Value};
use uuid::Uuid;

use super::plan::Plan;
use super::responses::Options;
use super::{ImportError, Known, clip};
use crate::fieldwork::same::SameKey;
use crate::store::{Establishment, EstablishmentKind, Session, Store};
use crate::survey::problem::{Place, Problem, Severity};
use crate::survey::text::fold;

/// A session a response goes into.
#[derive(Debug, Clone, Copy)]
pub struct Placed {
    pub id: Uuid,
    /// The session made for this import, stored only once a new response goes into it.
    made_for_import: bool,
}

pub struct Places {
    known: Known,
    /// The database's sessions by id, and by folded name and date.
    sessions: HashMap<Uuid, Session>,
    session_keys: HashMap<(String, NaiveDate), Uuid>,
    /// Sessions and establishments of the file so far, by id or by their folded key.
    in_file_sessions: HashMap<String, Uuid>,
    in_file_establishments: HashMap<String, Uuid>,
    new_sessions: Vec<Session>,
    new_establishments: Vec<Establishment>,
    matched_sessions: usize,
    matched_establishments: usize,
    /// Where responses without a session go: --session, else a session named after the file.
    default: Placed,
    import_session: Option<Session>,
    import_session_used: bool,
}

/// An error about `path` of the file.
fn problem(problems: &mut Vec<Problem>, file: &str, path: &str, message: impl Into<String>) {
    problems.push(Problem {
        file: file.to_owned(),
        place: Place::Path(path.to_owned()),
        severity: Severity::Error,
        message: message.into(),
    });
}

impl Places {
    pub fn load(store: &Store, file: &str, options: &Options) -> Result<Places, ImportError> {
        let sessions: HashMap<Uuid, Session> =
            store.sessions()?.into_iter().map(|s| (s.id, s)).collect();
        let session_keys = sessions
            .values()
            .map(|s| ((fold(&s.name), s.date), s.id))
            .collect();
        let mut places = Places {
            known: Known::load(store)?,
            sessions,
            session_keys,
            in_file_sessions: HashMap::new(),
            in_file_establishments: HashMap::new(),
            new_sessions: Vec::new(),
            new_establishments: Vec::new(),
            matched_sessions: 0,
            matched_establishments: 0,
            default: Placed {
                id: Uuid::nil(),
                made_for_import: false,
            },
            import_session: None,
            import_session_used: false,
        };
        places.default = match &options.session {
            Some(asked) => Placed {
                id: places.chosen(asked)?,
                made_for_import: false,
            },
            None => places.for_import(file),
        };
        Ok(places)
    }

    /// `--session`: a session's id, or its name (ignoring case and diacritics).
    fn chosen(&self, asked: &str) -> Result<Uuid, ImportError> {
        if let Ok(id) = Uuid::parse_str(asked.trim()) {
            return match self.sessions.contains_key(&id) {
                true => Ok(id),
                false => Err(ImportError::Refused(format!(
                    "--session {id}: no such session in this database; `sansang session list` shows them"
                ))),
            };
        }
        let mut named: Vec<&Session> = self
            .sessions
            .values()
            .filter(|s| fold(&s.name) == fold(asked))
            .collect();
        named.sort_by_key(|s| (s.date, s.id));
        match named.as_slice() {
            [one] => Ok(one.id),
            [] => Err(ImportError::Refused(format!(
                "--session {}: no session has this name; `sansang session list` shows them, `sansang session new` makes one",
                clip(asked)
            ))),
            many => Err(ImportError::Refused(format!(
                "--session {}: {} sessions have this name; give one's id instead: {}",
                clip(asked),
                many.len(),
                many.iter()
                    .map(|s| format!("{} ({})", s.id, s.date))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
        }
    }

    /// The session named after the file and dated today: the one already here, or a new one.
    fn for_import(&mut self, file: &str) -> Placed {
        let name = std::path::Path::new(file)
            .file_name()
            .map_or_else(|| file.to_owned(), |n| n.to_string_lossy().into_owned());
        let today = chrono::Local::now().date_naive();
        if let Some(&id) = self.session_keys.get(&(fold(&name), today)) {
            return Placed {
                id,
                made_for_import: false,
            };
        }
        let session = Session::new(&name, today);
        let id = session.id;
        self.import_session = Some(session);
        Placed {
            id,
            made_for_import: true,
        }
    }

    /// Where a response without a session goes.
    pub fn placement(&self) -> Placed {
        self.default
    }

    /// The id of the session a new response goes into; the import's session is then stored.
    pub fn use_session(&mut self, placed: Placed) -> Uuid {
        if placed.made_for_import {
            self.import_session_used = true;
        }
        placed.id
    }

    pub fn into_plan(self, plan: &mut Plan) {
        plan.sessions.extend(self.new_sessions);
        plan.establishments.extend(self.new_establishments);
        plan.matched_sessions += self.matched_sessions;
        plan.matched_establishments += self.matched_establishments;
        if let (true, Some(s)) = (self.import_session_used, self.import_session) {
            plan.import_session = Some(format!("\"{}\" ({}, id {})", s.name, s.date, s.id));
            plan.sessions.push(s);
        }
    }

    /// The session a response names: one here (by id, or by name and date), or a new one.
    pub fn session(
        &mut self,
        problems: &mut Vec<Problem>,
        file: &str,
        map: &Map<String, Value>,
        path: &str,
    ) -> Result<Option<Placed>, ImportError> {
        let placed = |id| {
            Some(Placed {
                id,
                made_for_import: false,
            })
        };
        let id = match uuid_of(problems, file, map, path) {
            Err(()) => return Ok(None),
            Ok(Some(id)) if self.sessions.contains_key(&id) => {
                if self.in_file_sessions.insert(id.to_string(), id).is_none() {
                    self.matched_sessions += 1;
                }
                return Ok(placed(id));
            }
            Ok(id) => id,
        };
        let name = text(problems, file, map, path, "name", true);
        let date = match map.get("date") {
            Some(Value::String(s)) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .ok()
                .filter(|d| (1990..=2100).contains(&chrono::Datelike::year(d))),
            _ => None,
        };
        if date.is_none() {
            problem(
                problems,
                file,
                &format!("{path}.date"),
                "missing or not a date from 1990 on; write it \"YYYY-MM-DD\"",
            );
        }
        let (Some(name), Some(date)) = (name, date) else {
            return Ok(None);
        };
        let key = id.map_or_else(|| format!("{}|{date}", fold(&name)), |id| id.to_string());
        if let Some(&known) = self.in_file_sessions.get(&key) {
            return Ok(placed(known));
        }
        if id.is_none()
            && let Some(&here) = self.session_keys.get(&(fold(&name), date))
        {
            self.in_file_sessions.insert(key, here);
            self.matched_sessions += 1;
            return Ok(placed(here));
        }
        let mut session = Session::new(&name, date);
        if let Some(id) = id {
            session.id = id;
        }
        let mut opt = |key| text(problems, file, map, path, key, false);
        session.commune = opt("commune").unwrap_or_default();
        session.province = opt("province").unwrap_or_default();
        session.former_district = opt("former_district");
        session.trainer = opt("trainer").unwrap_or_default();
        session.notes = opt("notes").unwrap_or_default();
        self.in_file_sessions.insert(key, session.id);
        let id = session.id;
        self.new_sessions.push(session);
        Ok(placed(id))
    }

    /// The establishment a response names: one here (by id, or the same one by folded name
    /// and commune), or a new one. An id here with another name or commune is a conflict.
    pub fn establishment(
        &mut self,
        problems: &mut Vec<Problem>,
        file: &str,
        map: Option<&Map<String, Value>>,
        path: &str,
    ) -> Result<Option<Uuid>, ImportError> {
        let Some(map) = map else {
            problem(
                problems,
                file,
                path,
                "missing; give the establishment as {\"name\": …, \"commune\": …} or its id",
            );
            return Ok(None);
        };
        let id = match uuid_of(problems, file, map, path) {
            Err(()) => return Ok(None),
            Ok(Some(id)) => match self.known.by_id(id) {
                Some(here) => {
                    let here = here.clone();
                    return Ok(self.same_identity(problems, file, map, path, &here));
                }
                None => Some(id),
            },
            Ok(None) => None,
        };
        let name = text(problems, file, map, path, "name", true);
        // A legal form not given stays unknown, to be asked.
        let kind = match map.get("kind") {
            None | Some(Value::Null) => Some(None),
            Some(v) => match v.as_str().map(str::parse::<EstablishmentKind>) {
                Some(Ok(k)) => Some(Some(k)),
                Some(Err(e)) => {
                    problem(problems, file, &format!("{path}.kind"), e);
                    None
                }
                None => {
                    problem(
                        problems,
                        file,
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
        let commune = text(problems, file, map, path, "commune", false).unwrap_or_default();
        let key = id.map_or_else(
            || format!("{:?}", SameKey::new(&name, &commune)),
            |id| id.to_string(),
        );
        if let Some(&known) = self.in_file_establishments.get(&key) {
            return Ok(Some(known));
        }
        // Imported before, or already on this laptop: the same establishment, not a new one.
        if id.is_none()
            && let Some(here) = self.known.find(None, &name, &commune)
        {
            let here = here.id;
            self.in_file_establishments.insert(key, here);
            self.matched_establishments += 1;
            return Ok(Some(here));
        }
        let mut e = Establishment::named(&name);
        e.profile.kind = kind;
        if let Some(id) = id {
            e.id = id;
        }
        e.commune = commune;
        let mut opt = |key| text(problems, file, map, path, key, false);
        e.sector = opt("sector").unwrap_or_default();
        e.province = opt("province").unwrap_or_default();
        e.former_district = opt("former_district");
        e.contact_person = opt("contact_person").unwrap_or_default();
        e.phone = opt("phone").unwrap_or_default();
        e.notes = opt("notes").unwrap_or_default();
        self.in_file_establishments.insert(key, e.id);
        let id = e.id;
        self.known.add(e.clone());
        self.new_establishments.push(e);
        Ok(Some(id))
    }

    /// An establishment given by an id already here: the file's name and commune (where it
    /// gives them) must be the same establishment's.
    fn same_identity(
        &mut self,
        problems: &mut Vec<Problem>,
        file: &str,
        map: &Map<String, Value>,
        path: &str,
        here: &Establishment,
    ) -> Option<Uuid> {
        let name = map
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or(&here.name);
        let commune = map
            .get("commune")
            .and_then(Value::as_str)
            .unwrap_or(&here.commune);
        if SameKey::new(name, commune) != SameKey::of(here) {
            problem(
                problems,
                file,
                path,
                format!(
                    "establishment {} is \"{}\" in {} in this database but \"{}\" in {} in the file: in conflict; correct the file's name or commune, or leave its id out",
                    here.id,
                    clip(&here.name),
                    if here.commune.is_empty() {
                        "no commune"
                    } else {
                        &here.commune
                    },
                    clip(name),
                    if commune.is_empty() {
                        "no commune"
                    } else {
                        commune
                    },
                ),
            );
            return None;
        }
        if self
            .in_file_establishments
            .insert(here.id.to_string(), here.id)
            .is_none()
        {
            self.matched_establishments += 1;
        }
        Some(here.id)
    }
}

/// `Ok(Some(id))` / `Ok(None)` when absent / `Err(())` when invalid (a problem is recorded).
fn uuid_of(
    problems: &mut Vec<Problem>,
    file: &str,
    map: &Map<String, Value>,
    path: &str,
) -> Result<Option<Uuid>, ()> {
    match map.get("id") {
        None | Some(Value::Null) => Ok(None),
        Some(v) => match v.as_str().and_then(|s| Uuid::parse_str(s).ok()) {
            Some(id) => Ok(Some(id)),
            None => {
                problem(
                    problems,
                    file,
                    &format!("{path}.id"),
                    format!(
                        "{} is not a UUID; leave the id out and the name is matched",
                        clip(&v.to_string())
                    ),
                );
                Err(())
            }
        },
    }
}

fn text(
    problems: &mut Vec<Problem>,
    file: &str,
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
            problem(
                problems,
                file,
                &format!("{path}.{key}"),
                "missing; it is needed to create the record",
            );
            None
        }
        Some(v) => {
            problem(
                problems,
                file,
                &format!("{path}.{key}"),
                format!("expected text, found {}", clip(&v.to_string())),
            );
            None
        }
    }
}
