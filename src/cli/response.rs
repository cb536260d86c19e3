//! `sansang response new|show|list|status|delete|restore|reset|audit`.

use std::path::PathBuf;

use serde_json::json;

use super::db::{
    failure, open_fieldwork, open_fieldwork_reading, open_reading, parse_id, print_json, print_text,
};
use super::output::warn;
use super::{Outcome, table};
use crate::fieldwork::Fieldwork;
use crate::store::ResponseStatus;
use crate::survey::display::score_plain;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Start a draft response of an establishment at a session; prints its id.
    New {
        #[arg(long, value_name = "ID")]
        session: String,
        #[arg(long, value_name = "ID")]
        establishment: String,
        /// The survey id, e.g. sxsh or dx.
        #[arg(long, value_name = "ID")]
        survey: String,
        /// The survey version (default: the newest known).
        #[arg(long)]
        version: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Show a response and its answers, scored with the definition it was recorded against.
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// List the responses of a session.
    List {
        #[arg(long, value_name = "ID")]
        session: String,
        #[arg(long)]
        json: bool,
    },
    /// Mark a response draft or complete.
    Status {
        id: String,
        #[arg(value_parser = parse_status)]
        status: ResponseStatus,
    },
    /// Take back a mistaken response: it stays, with its trail, and can be restored; it is
    /// left out of every score, sheet and spreadsheet.
    Delete {
        id: String,
        /// Why, kept in the audit trail.
        #[arg(long)]
        reason: String,
    },
    /// Bring a deleted response back as a draft.
    Restore {
        id: String,
        #[arg(long)]
        reason: String,
    },
    /// Clear every answer of a response (each change audited) to start it again.
    Reset {
        id: String,
        #[arg(long)]
        reason: String,
    },
    /// Show the audit trail of a response: every answer set, changed or cleared.
    Audit {
        id: String,
        #[arg(long)]
        json: bool,
    },
}

fn parse_status(text: &str) -> Result<ResponseStatus, String> {
    text.parse()
}

pub fn run(command: Command, surveys: &Option<PathBuf>, db: &Option<PathBuf>) -> Outcome {
    match command {
        Command::New {
            session,
            establishment,
            survey,
            version,
            json,
        } => {
            let fieldwork = open_fieldwork(surveys, db)?;
            let session = parse_id("session", &session)?;
            let establishment = parse_id("establishment", &establishment)?;
            let started =
                fieldwork.start_response(session, establishment, &survey, version.as_deref())?;
            if started.kept_stored_text {
                let survey = &started.pinned.survey;
                warn(&format!(
                    "warning: the definition of {} {} differs from the one already stored; the stored one is used. Give a changed definition a new version",
                    survey.id, survey.version
                ));
            }
            if json {
                print_json(&started.response)
            } else {
                print_text(&started.response.id.to_string())
            }
        }
        Command::Show { id, json } => show(&open_fieldwork_reading(surveys, db)?, &id, json),
        Command::List { session, json } => {
            let store = open_reading(db)?;
            let session = parse_id("session", &session)?;
            store.find_session(session).map_err(failure)?;
            let responses = store.session_responses(session).map_err(failure)?;
            if json {
                return print_json(&responses);
            }
            let rows: Vec<Vec<String>> = responses
                .iter()
                .map(|r| {
                    let name = store
                        .establishment(r.establishment_id)
                        .ok()
                        .flatten()
                        .map(|e| e.name)
                        .unwrap_or_default();
                    vec![
                        r.id.to_string(),
                        name,
                        format!("{} {}", r.survey_id, r.survey_version),
                        r.status.to_string(),
                        r.updated_at.format("%Y-%m-%d %H:%M").to_string(),
                    ]
                })
                .collect();
            let header =
                ["id", "establishment", "survey", "status", "updated (UTC)"].map(String::from);
            print_text(&table::render(&header, &rows, &[]))
        }
        Command::Status { id, status } => {
            let fieldwork = open_fieldwork(surveys, db)?;
            let r = fieldwork.mark(parse_id("response", &id)?, status)?;
            print_text(&format!("{} is {}", r.id, r.status))
        }
        Command::Delete { id, reason } => {
            let r = open_fieldwork(surveys, db)?
                .delete_response(parse_id("response", &id)?, &reason)?;
            print_text(&format!(
                "{} is deleted; `sansang response restore` brings it back",
                r.id
            ))
        }
        Command::Restore { id, reason } => {
            let r = open_fieldwork(surveys, db)?
                .restore_response(parse_id("response", &id)?, &reason)?;
            print_text(&format!("{} is {}", r.id, r.status))
        }
        Command::Reset { id, reason } => {
            let r =
                open_fieldwork(surveys, db)?.reset_response(parse_id("response", &id)?, &reason)?;
            print_text(&format!("{} has no answers now and is {}", r.id, r.status))
        }
        Command::Audit { id, json } => {
            let store = open_reading(db)?;
            let id = parse_id("response", &id)?;
            store.find_response(id).map_err(failure)?;
            let audit = store.audit(id).map_err(failure)?;
            if json {
                return print_json(&audit);
            }
            let show = |v: &Option<serde_json::Value>| {
                v.as_ref().map(|v| v.to_string()).unwrap_or_default()
            };
            let rows: Vec<Vec<String>> = audit
                .iter()
                .map(|a| {
                    vec![
                        a.at.format("%Y-%m-%d %H:%M:%S").to_string(),
                        a.question_id.clone(),
                        format!("{:?}", a.action).to_lowercase(),
                        show(&a.old),
                        show(&a.new),
                        a.reason.clone().unwrap_or_default(),
                        a.recorded_by.clone(),
                    ]
                })
                .collect();
            let header = [
                "at (UTC)", "question", "action", "old", "new", "reason", "by",
            ]
            .map(String::from);
            print_text(&table::render(&header, &rows, &[]))
        }
    }
}

fn show(fieldwork: &Fieldwork, id: &str, json: bool) -> Outcome {
    let store = fieldwork.store();
    let id = parse_id("response", id)?;
    let response = store.find_response(id)?;
    let establishment = store.find_establishment(response.establishment_id)?;
    let records = store.answers(id)?;
    let scored = fieldwork.score(&response)?;
    for u in &scored.unreadable {
        warn(&format!(
            "warning: the stored answer to {} was left out: {}",
            u.question, u.why
        ));
    }
    let survey = scored.pinned.survey.as_ref();
    let (answers, card) = (&scored.answers, scored.card.clone());
    if json {
        let answers: serde_json::Map<_, _> = records
            .iter()
            .map(|(q, r)| (q.clone(), r.value.clone()))
            .collect();
        let scored = crate::survey::summary::ScoredResponse {
            id: Some(response.id.to_string()),
            survey,
            establishment: Some(establishment.name.clone()),
            card,
        };
        return print_json(&json!({
            "response": response,
            "establishment": establishment,
            "answers": answers,
            "score": scored.to_json(),
        }));
    }
    let lang = survey.default_language();
    let mut text = format!(
        "{} — {} {} ({})\nid: {}\nstatus: {}\nrecorded by: {}\ncreated: {}\nupdated: {}\nindex: {}\n",
        establishment.name,
        survey.title.get(lang),
        survey.version,
        survey.id,
        response.id,
        response.status,
        response.recorded_by,
        response.created_at.format("%Y-%m-%d %H:%M:%S UTC"),
        response.updated_at.format("%Y-%m-%d %H:%M:%S UTC"),
        score_plain(card.index),
    );
    if !card.missing.is_empty() {
        text.push_str(&format!("missing: {}\n", card.missing.join(", ")));
    }
    let rows: Vec<Vec<String>> = survey
        .questions
        .iter()
        .filter_map(|q| {
            let a = answers.get(&q.id)?;
            Some(vec![
                q.id.clone(),
                a.to_plain(),
                q.text.get(lang).chars().take(60).collect(),
            ])
        })
        .collect();
    text.push('\n');
    text.push_str(&table::render(
        &["question", "answer", "text"].map(String::from),
        &rows,
        &[],
    ));
    print_text(&text)
}
