//! Another laptop's export read as a stream: the directory (surveys, sessions,
//! establishments, who took part) is kept, and each response is handed on as it is read, so a
//! merge holds one response at a time however large the file is.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;
use std::io::BufRead;

use chrono::{DateTime, Utc};
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::Value;
use uuid::Uuid;

use super::ImportError;
use crate::export::json::{KIND, Participation, PinnedSurvey};
use crate::store::{
    AnswerRecord, AuditAction, AuditEntry, Establishment, Response, ResponseStatus, Session,
};

/// Everything of an export but its responses.
#[derive(Debug, Default)]
pub struct Head {
    pub format: Option<u32>,
    pub kind: Option<String>,
    pub anonymized: bool,
    pub surveys: Vec<PinnedSurvey>,
    pub sessions: Vec<Session>,
    pub establishments: Vec<Establishment>,
    pub participants: Vec<Participation>,
}

/// One response of an export, as the merge reads it (its scores are skipped unread).
#[derive(Debug, Clone, Deserialize)]
pub struct Incoming {
    pub id: Uuid,
    pub survey_id: String,
    pub survey_version: String,
    pub establishment_id: Uuid,
    pub session_id: Uuid,
    pub status: ResponseStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    #[serde(default)]
    pub recorded_by: String,
    #[serde(default)]
    pub answers: BTreeMap<String, AnswerRecord>,
    #[serde(default)]
    pub audit: Vec<IncomingAudit>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct IncomingAudit {
    pub id: Uuid,
    pub question_id: String,
    pub action: AuditAction,
    pub at: DateTime<Utc>,
    #[serde(default)]
    pub old: Option<Value>,
    #[serde(default)]
    pub new: Option<Value>,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub recorded_by: String,
}

impl Incoming {
    pub fn record(&self) -> Response {
        Response {
            id: self.id,
            survey_id: self.survey_id.clone(),
            survey_version: self.survey_version.clone(),
            establishment_id: self.establishment_id,
            session_id: self.session_id,
            status: self.status,
            created_at: self.created_at,
            updated_at: self.updated_at,
            recorded_by: self.recorded_by.clone(),
        }
    }

    /// The audit trail as the store holds it.
    pub fn audit_entries(&self) -> Vec<AuditEntry> {
        self.audit
            .iter()
            .map(|a| AuditEntry {
                id: a.id,
                response_id: self.id,
                question_id: a.question_id.clone(),
                action: a.action,
                at: a.at,
                old: a.old.clone(),
                new: a.new.clone(),
                reason: a.reason.clone(),
                recorded_by: a.recorded_by.clone(),
            })
            .collect()
    }
}

/// What a merge does with the file as it is read.
pub trait Sink {
    /// Everything before the responses (sansang writes them first), once.
    fn directory(&mut self, head: &Head) -> Result<(), ImportError>;
    fn response(&mut self, response: Incoming) -> Result<(), ImportError>;
}

/// What stopped the reading from inside (a problem of the sink, or a store error).
type Stop = RefCell<Option<ImportError>>;

/// Opens the file again from its start.
pub type Reopen<'a> = dyn Fn() -> Result<Box<dyn BufRead + 'a>, ImportError> + 'a;

/// The keys before the responses that let a merge stream in one pass.
const DIRECTORY: [&str; 7] = [
    "format",
    "kind",
    "anonymized",
    "surveys",
    "sessions",
    "establishments",
    "participants",
];

/// How a pass over the file reads it.
#[derive(Clone, Copy, PartialEq)]
enum Pass {
    /// The directory, then the responses if the whole directory came first (as sansang
    /// writes it), else the responses are skipped for a second pass.
    First,
    /// The responses alone.
    Responses,
}

/// Reads the export, handing the directory and then each response to `sink`: in one pass
/// when the directory comes first, in two when another program moved the keys around.
pub fn read(file: &str, open: &Reopen<'_>, sink: &mut dyn Sink) -> Result<(), ImportError> {
    let mut head = Head::default();
    let streamed = read_pass(file, open()?, sink, Pass::First, &mut head)?;
    if !streamed {
        sink.directory(&head)?;
        read_pass(file, open()?, sink, Pass::Responses, &mut head)?;
    }
    Ok(())
}

/// One pass; whether the responses were handed on.
fn read_pass(
    file: &str,
    mut reader: Box<dyn BufRead + '_>,
    sink: &mut dyn Sink,
    pass: Pass,
    head: &mut Head,
) -> Result<bool, ImportError> {
    let stop: Stop = RefCell::new(None);
    skip_bom(&mut reader, file)?;
    let mut json = serde_json::Deserializer::from_reader(reader);
    let mut track = serde_path_to_error::Track::new();
    let seed = DocSeed {
        sink,
        stop: &stop,
        pass,
        head,
    };
    let result = seed.deserialize(serde_path_to_error::Deserializer::new(
        &mut json, &mut track,
    ));
    let result = result.and_then(|streamed| json.end().map(|()| streamed));
    match (result, stop.into_inner()) {
        (_, Some(stopped)) => Err(stopped),
        (Ok(streamed), None) => Ok(streamed),
        (Err(e), None) if e.is_io() => {
            Err(ImportError::Unreadable(format!("{file}: cannot read: {e}")))
        }
        (Err(e), None) => Err(ImportError::Refused(format!(
            "{file}: at {}: {}; the file is not a complete sansang export. Export it again from the other laptop",
            track.path(),
            e
        ))),
    }
}

/// Notepad's byte-order mark, if the file starts with one.
fn skip_bom<R: BufRead>(reader: &mut R, file: &str) -> Result<(), ImportError> {
    let head = reader
        .fill_buf()
        .map_err(|e| ImportError::Unreadable(format!("{file}: cannot read: {e}")))?;
    if head.starts_with(b"\xEF\xBB\xBF") {
        reader.consume(3);
    }
    Ok(())
}

struct DocSeed<'a, 'f> {
    sink: &'a mut dyn Sink,
    stop: &'f Stop,
    pass: Pass,
    head: &'a mut Head,
}

impl<'de> DeserializeSeed<'de> for DocSeed<'_, '_> {
    type Value = bool;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for DocSeed<'_, '_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "a sansang export (an object with \"kind\": \"{KIND}\")")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        let DocSeed {
            sink,
            stop,
            pass,
            head,
        } = self;
        let mut seen = std::collections::HashSet::new();
        let mut streamed = false;
        while let Some(key) = map.next_key::<String>()? {
            let first = seen.insert(key.clone());
            if !first && (key == "responses" || DIRECTORY.contains(&key.as_str())) {
                return Err(de::Error::custom(format!("\"{key}\" is given twice")));
            }
            match (pass, key.as_str()) {
                (Pass::First, "format") => head.format = Some(map.next_value()?),
                (Pass::First, "kind") => head.kind = Some(map.next_value()?),
                (Pass::First, "anonymized") => head.anonymized = map.next_value()?,
                (Pass::First, "surveys") => head.surveys = map.next_value()?,
                (Pass::First, "sessions") => head.sessions = map.next_value()?,
                (Pass::First, "establishments") => head.establishments = map.next_value()?,
                (Pass::First, "participants") => head.participants = map.next_value()?,
                (Pass::First, "responses") if !DIRECTORY.iter().all(|k| seen.contains(*k)) => {
                    map.next_value::<IgnoredAny>()?;
                }
                (_, "responses") => {
                    if pass == Pass::First
                        && let Err(e) = sink.directory(head)
                    {
                        *stop.borrow_mut() = Some(e);
                        return Err(de::Error::custom("stopped"));
                    }
                    map.next_value_seed(ResponsesSeed {
                        sink: &mut *sink,
                        stop,
                    })?;
                    streamed = true;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(streamed || pass == Pass::Responses)
    }
}

struct ResponsesSeed<'a, 'f> {
    sink: &'a mut dyn Sink,
    stop: &'f Stop,
}

impl<'de> DeserializeSeed<'de> for ResponsesSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ResponsesSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of responses")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(response) = seq.next_element::<Incoming>()? {
            if let Err(e) = self.sink.response(response) {
                *self.stop.borrow_mut() = Some(e);
                return Err(de::Error::custom("stopped"));
            }
        }
        Ok(())
    }
}
