//! `sansang answer set|clear` and `sansang answer --response ID --stdin`: record answers the
//! way the entry screen does. Each answer is checked against the survey definition the response
//! was recorded against and saved durably before it is acknowledged.

use std::io::{BufRead, Write};
use std::path::PathBuf;

use std::sync::Arc;

use serde_json::Value;
use uuid::Uuid;

use super::db::{open_fieldwork, parse_id, print_text};
use super::output::{terminal_text, warn, write_failed};
use super::{Failure, Outcome};
use crate::fieldwork::answers::typed;
use crate::fieldwork::recording::question_of;
use crate::fieldwork::{Fieldwork, Pinned};
use crate::store::ResponseStatus;

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

pub fn run(args: Args, surveys: &Option<PathBuf>, db: &Option<PathBuf>) -> Outcome {
    let open = |response: &str| -> Result<(Fieldwork, Arc<Pinned>, Uuid), Failure> {
        let id = parse_id("response", response)?;
        let fieldwork = open_fieldwork(surveys, db)?;
        let pinned = fieldwork.pinned(&fieldwork.store().find_response(id)?)?;
        Ok((fieldwork, pinned, id))
    };
    match args.action {
        Some(Action::Set {
            response,
            question,
            value,
            reason,
        }) => {
            let (fieldwork, pinned, id) = open(&response)?;
            let value = check(&pinned, &question, &value).map_err(Failure::Refused)?;
            save(&fieldwork, id, &question, value, reason.as_deref())
        }
        Some(Action::Clear {
            response,
            question,
            reason,
        }) => {
            let (fieldwork, _, id) = open(&response)?;
            save(&fieldwork, id, &question, None, reason.as_deref())
        }
        None => match args.response {
            Some(response) if args.stdin => {
                let (fieldwork, pinned, id) = open(&response)?;
                from_stdin(&fieldwork, &pinned, id)
            }
            _ => Err(Failure::Io(
                "say what to do: `answer set`, `answer clear` or `answer --response ID --stdin`; see `sansang answer --help`".into(),
            )),
        },
    }
}

/// Saves one answer under the workshop's rules (a complete response changes only with a
/// reason, and goes back to draft when the change leaves it incomplete).
fn save(
    fieldwork: &Fieldwork,
    id: Uuid,
    question: &str,
    value: Option<Value>,
    reason: Option<&str>,
) -> Outcome {
    let recorded = fieldwork.record_answer(id, question, value, reason)?;
    let word = if recorded.entry.is_some() {
        "saved"
    } else {
        "unchanged"
    };
    print_text(&format!("{word} {question}"))?;
    if recorded.back_to_draft {
        print_text(&format!(
            "response {id} is a draft again: a required question is unanswered"
        ))?;
    }
    Ok(())
}

/// Reads `QUESTION VALUE` lines and acknowledges each saved answer on its own line, flushed,
/// so a script (or a test killing this process) knows exactly what is on disk.
fn from_stdin(fieldwork: &Fieldwork, pinned: &Pinned, id: Uuid) -> Outcome {
    if fieldwork.store().find_response(id)?.status == ResponseStatus::Complete {
        return Err(Failure::Refused(format!(
            "response {id} is complete; change its answers one by one with `answer set --reason …`"
        )));
    }
    let mut refused = 0;
    let stdin = std::io::stdin();
    let mut out = std::io::stdout().lock();
    for (n, line) in stdin.lock().split(b'\n').enumerate() {
        let line = line.map_err(|e| Failure::Io(format!("cannot read standard input: {e}")))?;
        let Ok(line) = std::str::from_utf8(&line) else {
            warn(&format!(
                "line {}: not UTF-8 text; type the answer again (the other answers are saved)",
                n + 1
            ));
            refused += 1;
            continue;
        };
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (question, text) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        match check(pinned, question, text) {
            Ok(value) => {
                fieldwork.record_answer(id, question, value, None)?;
                writeln!(out, "saved {}", terminal_text(question))
                    .and_then(|_| out.flush())
                    .map_err(write_failed)?;
            }
            Err(message) => {
                warn(&format!("line {}: {message}", n + 1));
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

/// The canonical JSON of an answer typed as text (empty: clear), checked against its question.
fn check(pinned: &Pinned, question: &str, text: &str) -> Result<Option<Value>, String> {
    let q = question_of(pinned, question).map_err(|e| e.to_string())?;
    typed(q, text).map_err(|e| format!("{question}: {e}"))
}
