//! Another laptop's export read as a stream: the directory (surveys, sessions,
//! establishments, who took part) is kept, and each response is handed on as it is read, so a
//! merge holds one response at a time however large the file is.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::BufRead;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use uuid::Uuid;

use super::ImportError;
use super::split::{Cut, Splitter};
use crate::export::json::{Participation, PinnedSurvey};
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
        self.audit.iter().map(|a| a.entry(self.id)).collect()
    }

    /// For each question, the values its audit entries give it.
    pub fn audited(&self) -> HashMap<&str, Vec<&Value>> {
        let mut given: HashMap<&str, Vec<&Value>> = HashMap::new();
        for a in &self.audit {
            if let Some(v) = &a.new {
                given.entry(a.question_id.as_str()).or_default().push(v);
            }
        }
        given
    }
}

impl IncomingAudit {
    pub fn entry(&self, response: Uuid) -> AuditEntry {
        AuditEntry {
            id: self.id,
            response_id: response,
            question_id: self.question_id.clone(),
            action: self.action,
            at: self.at,
            old: self.old.clone(),
            new: self.new.clone(),
            reason: self.reason.clone(),
            recorded_by: self.recorded_by.clone(),
        }
    }
}

/// What a merge does with the file as it is read.
pub trait Sink {
    /// Everything before the responses (sansang writes them first), once.
    fn directory(&mut self, head: &Head) -> Result<(), ImportError>;
    fn response(&mut self, response: Incoming) -> Result<(), ImportError>;
}

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
    skip_bom(&mut reader, file)?;
    let mut s = Splitter::new(reader);
    let cut = |e: Cut| match e {
        Cut::Io(e) => ImportError::Unreadable(format!("{file}: cannot read: {e}")),
        Cut::Syntax(why) => not_an_export(file, &why),
    };
    s.expect(b'{').map_err(cut)?;
    let mut seen = HashSet::new();
    let mut streamed = false;
    let mut bytes = Vec::new();
    if s.peek().map_err(cut)? != Some(b'}') {
        loop {
            bytes.clear();
            s.value(&mut bytes).map_err(cut)?;
            let key: String = serde_json::from_slice(&bytes)
                .map_err(|_| not_an_export(file, "a key of the top object is not text"))?;
            s.expect(b':').map_err(cut)?;
            let known = key == "responses" || DIRECTORY.contains(&key.as_str());
            if !seen.insert(key.clone()) && known {
                return Err(not_an_export(file, &format!("\"{key}\" is given twice")));
            }
            let complete = DIRECTORY.iter().all(|k| seen.contains(*k));
            match (pass, key.as_str()) {
                (Pass::First, "responses") if !complete => s.skip().map_err(cut)?,
                (_, "responses") => {
                    if pass == Pass::First {
                        sink.directory(head)?;
                    }
                    responses(file, &mut s, sink, &mut bytes)?;
                    streamed = true;
                }
                (Pass::First, _) if known => {
                    bytes.clear();
                    s.value(&mut bytes).map_err(cut)?;
                    head.take(file, &key, &bytes)?;
                }
                _ => s.skip().map_err(cut)?,
            }
            if s.one_of(b",}").map_err(cut)? == b'}' {
                break;
            }
        }
    } else {
        s.expect(b'}').map_err(cut)?;
    }
    if let Some(b) = s.peek().map_err(cut)? {
        return Err(not_an_export(
            file,
            &format!(
                "byte {}: '{}' after the end of the export",
                s.offset(),
                (b as char).escape_default()
            ),
        ));
    }
    Ok(streamed || pass == Pass::Responses)
}

/// Each response of the list, parsed from its own bytes and handed to `sink`.
fn responses<R: BufRead>(
    file: &str,
    s: &mut Splitter<R>,
    sink: &mut dyn Sink,
    bytes: &mut Vec<u8>,
) -> Result<(), ImportError> {
    let cut = |e: Cut| match e {
        Cut::Io(e) => ImportError::Unreadable(format!("{file}: cannot read: {e}")),
        Cut::Syntax(why) => not_an_export(file, &format!("in the responses: {why}")),
    };
    s.expect(b'[').map_err(cut)?;
    if s.peek().map_err(cut)? == Some(b']') {
        return s.expect(b']').map_err(cut);
    }
    for i in 0.. {
        bytes.clear();
        s.value(bytes).map_err(cut)?;
        let response: Incoming = parse(file, &format!("responses[{i}]"), bytes)?;
        sink.response(response)?;
        if s.one_of(b",]").map_err(cut)? == b']' {
            break;
        }
    }
    Ok(())
}

impl Head {
    /// One key of the directory, from its bytes.
    fn take(&mut self, file: &str, key: &str, bytes: &[u8]) -> Result<(), ImportError> {
        match key {
            "format" => self.format = Some(parse(file, key, bytes)?),
            "kind" => self.kind = Some(parse(file, key, bytes)?),
            "anonymized" => self.anonymized = parse(file, key, bytes)?,
            "surveys" => self.surveys = parse(file, key, bytes)?,
            "sessions" => self.sessions = parse(file, key, bytes)?,
            "establishments" => self.establishments = parse(file, key, bytes)?,
            _ => self.participants = parse(file, key, bytes)?,
        }
        Ok(())
    }
}

/// A value of the export parsed from its bytes; an error names the place inside it.
fn parse<T: DeserializeOwned>(file: &str, at: &str, bytes: &[u8]) -> Result<T, ImportError> {
    // Read again, tracking where it is, only to say where it failed.
    if let Ok(value) = serde_json::from_slice(bytes) {
        return Ok(value);
    }
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let inner = e.path().to_string();
        let place = if inner == "." {
            at.to_owned()
        } else {
            format!(
                "{at}{}",
                if inner.starts_with('[') {
                    inner
                } else {
                    format!(".{inner}")
                }
            )
        };
        not_an_export(file, &format!("at {place}: {}", e.inner()))
    })
}

fn not_an_export(file: &str, why: &str) -> ImportError {
    ImportError::Refused(format!(
        "{file}: {why}; the file is not a complete sansang export. Export it again from the other laptop"
    ))
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
