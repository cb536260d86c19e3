//! `sansang answer set|clear` and `sansang answer --response ID --stdin`: record answers the
//! way the entry screen does. Each answer is checked against the survey definition the response
//! was recorded against and saved durably before it is acknowledged.

use std::io::{BufRead, Write};
use std::path::PathBuf;

use serde_json::Value;
use uuid::Uuid;

use super::db::{failure, open_store, parse_id, print_text};
use super::{Failure, Outcome};
use crate::store::{ResponseStatus, Store};
use crate::survey::model::Kind;
use crate::survey::{Question, Survey};
use crate::workshop::{pinned_survey, score_stored};

#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    #[command(subcommand)]
    action: Option<Action>,
    /// With --stdin: the response the answers belong to.
    #[arg(long, value_name = "ID", requires = "stdin")]
    response: Option<String>,
    /// Read lines `QUESTION VALUE` (an empty VALUE clears) from standard input; print
    /// `saved QUESTION` once each is durably saved.
    #[arg(long, requires = "response")]
    stdin: bool,
}

#[derive(Debug, clap::Subcommand)]
enum Action {
    /// Save one answer. VALUE is the option value, number or text; a multi answer is
    /// values separated by ';'; "na" is not applicable. JSON (["a","b"]) is accepted too.
    Set {
        #[arg(long, value_name = "ID")]
        response: String,
        question: String,
        value: String,
        /// Why it was changed, kept in the audit trail.
        #[arg(long)]
        reason: Option<String>,
    },
    /// Remove one answer.
    Clear {
        #[arg(long, value_name = "ID")]
        response: String,
        question: String,
        #[arg(long)]
        reason: Option<String>,
    },
}

pub fn run(args: Args, db: &Option<PathBuf>) -> Outcome {
    match args.action {
        Some(Action::Set {
            response,
            question,
            value,
            reason,
        }) => {
            let (store, survey, id) = open_response(db, &response)?;
            let value = check(&survey, &question, &value).map_err(Failure::Refused)?;
            save(&store, id, &question, Some(value), reason.as_deref())
        }
        Some(Action::Clear {
            response,
            question,
            reason,
        }) => {
            let (store, survey, id) = open_response(db, &response)?;
            question_of(&survey, &question).map_err(Failure::Refused)?;
            save(&store, id, &question, None, reason.as_deref())
        }
        None => match args.response {
            Some(response) if args.stdin => from_stdin(db, &response),
            _ => Err(Failure::Io(
                "say what to do: `answer set`, `answer clear` or `answer --response ID --stdin`; see `sansang answer --help`".into(),
            )),
        },
    }
}

/// The store, the definition the response was recorded against, and the response id.
fn open_response(db: &Option<PathBuf>, response: &str) -> Result<(Store, Survey, Uuid), Failure> {
    let id = parse_id("response", response)?;
    let store = open_store(db)?;
    let r = store.find_response(id).map_err(failure)?;
    let survey = pinned_survey(&store, &r.survey_id, &r.survey_version)?;
    Ok((store, survey, id))
}

/// Saves one answer. A change to a complete response needs a reason (as on the entry
/// screen), and a response that the change leaves incomplete becomes a draft again.
fn save(
    store: &Store,
    id: Uuid,
    question: &str,
    value: Option<Value>,
    reason: Option<&str>,
) -> Outcome {
    let response = store.find_response(id).map_err(failure)?;
    let complete = response.status == ResponseStatus::Complete;
    if complete && reason.is_none_or(|r| r.trim().is_empty()) {
        return Err(Failure::Refused(format!(
            "response {id} is complete; say why it changes with --reason \"…\" (kept in the audit trail)"
        )));
    }
    let outcome = store
        .set_answer(id, question, value, reason)
        .map_err(failure)?;
    let word = if outcome.is_some() {
        "saved"
    } else {
        "unchanged"
    };
    print_text(&format!("{word} {question}"))?;
    if complete && !score_stored(store, &response)?.complete {
        store
            .set_status(id, ResponseStatus::Draft)
            .map_err(failure)?;
        print_text(&format!(
            "response {id} is a draft again: a required question is unanswered"
        ))?;
    }
    Ok(())
}

/// Reads `QUESTION VALUE` lines and acknowledges each saved answer on its own line, flushed,
/// so a script (or a test killing this process) knows exactly what is on disk.
fn from_stdin(db: &Option<PathBuf>, response: &str) -> Outcome {
    let (store, survey, id) = open_response(db, response)?;
    if store.find_response(id).map_err(failure)?.status == ResponseStatus::Complete {
        return Err(Failure::Refused(format!(
            "response {id} is complete; change its answers one by one with `answer set --reason …`"
        )));
    }
    let mut refused = 0;
    let stdin = std::io::stdin();
    let mut out = std::io::stdout().lock();
    for (n, line) in stdin.lock().lines().enumerate() {
        let line = line.map_err(|e| Failure::Io(format!("cannot read standard input: {e}")))?;
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (question, text) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        let text = text.trim();
        let value = if text.is_empty() {
            question_of(&survey, question).map(|_| None)
        } else {
            check(&survey, question, text).map(Some)
        };
        match value {
            Ok(value) => {
                store
                    .set_answer(id, question, value, None)
                    .map_err(failure)?;
                writeln!(out, "saved {question}")
                    .and_then(|_| out.flush())
                    .map_err(|e| Failure::Io(format!("cannot write the output: {e}")))?;
            }
            Err(message) => {
                eprintln!("line {}: {message}", n + 1);
                refused += 1;
            }
        }
    }
    if refused > 0 {
        return Err(Failure::Refused(format!(
            "{refused} line(s) refused; the other answers are saved"
        )));
    }
    Ok(())
}

fn question_of<'s>(survey: &'s Survey, id: &str) -> Result<&'s Question, String> {
    survey.question(id).ok_or_else(|| {
        format!(
            "survey {} {} has no question {id:?}; see the question ids with `sansang response show`",
            survey.id, survey.version
        )
    })
}

/// The canonical JSON of an answer typed as text, checked against its question.
pub fn check(survey: &Survey, question: &str, text: &str) -> Result<Value, String> {
    let q = question_of(survey, question)?;
    let value = value_from_text(q, text);
    q.parse_answer(&value)
        .map(|a| a.to_json())
        .map_err(|e| format!("{question}: {e}"))
}

/// How a value typed on a command line is meant: JSON when it is JSON, a list for a multi
/// question, a number for a number or scale question, text otherwise.
fn value_from_text(q: &Question, text: &str) -> Value {
    let text = text.trim();
    if text.starts_with(['[', '"'])
        && let Ok(v) = serde_json::from_str::<Value>(text)
    {
        return v;
    }
    if text == "na" {
        return Value::String(text.into());
    }
    match &q.kind {
        Kind::Multi { .. } => Value::Array(
            text.split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| Value::String(s.into()))
                .collect(),
        ),
        Kind::Number(_) | Kind::Scale { .. } => text
            .replace(',', ".")
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map_or_else(|| Value::String(text.into()), Value::Number),
        _ => Value::String(text.into()),
    }
}
