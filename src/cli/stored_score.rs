//! `sansang score [--session ID] [--survey ID]`: score the stored responses, each with the
//! survey definition it was recorded against, printed like `score --answers`.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use uuid::Uuid;

use super::db::{open_fieldwork_reading, parse_id};
use super::score::ScorePrinter;
use super::{Failure, Format, Outcome};
use crate::fieldwork::stream::scan;
use crate::store::ResponseFilter;
use crate::survey::summary::ScoredResponse;

pub fn run(
    session: Option<&str>,
    survey: Option<&str>,
    format: Format,
    surveys: &Option<PathBuf>,
    db: &Option<PathBuf>,
) -> Outcome {
    let fieldwork = open_fieldwork_reading(surveys, db)?;
    let store = fieldwork.store();
    let session = session.map(|s| parse_id("session", s)).transpose()?;
    if let Some(s) = session {
        store.find_session(s)?;
    }
    let filter = ResponseFilter {
        session,
        survey: survey.map(str::to_string),
    };
    let mut columns = Vec::new();
    for (id, version) in store.pinned_surveys()? {
        if filter.survey.as_ref().is_none_or(|s| *s == id) {
            columns.push(fieldwork.pinned_version(&id, &version)?);
        }
    }
    let mut printer = ScorePrinter::new(format, columns.iter().map(|p| p.survey.as_ref()))?;
    let mut names: HashMap<Uuid, String> = HashMap::new();
    scan(
        &fieldwork,
        &filter,
        |mut scanned| {
            // Only the summary is printed; per-question shares would cost memory on large files.
            scanned.card.questions = Vec::new();
            (scanned.response, Arc::clone(scanned.pinned), scanned.card)
        },
        |(response, pinned, card)| {
            let name = match names.get(&response.establishment_id) {
                Some(name) => name.clone(),
                None => {
                    let name = store
                        .establishment(response.establishment_id)?
                        .map(|e| e.name)
                        .unwrap_or_default();
                    names.insert(response.establishment_id, name.clone());
                    name
                }
            };
            // The table keeps its rows to the end: borrow the definition from `columns`.
            let survey = columns
                .iter()
                .find(|p| {
                    p.survey.id == pinned.survey.id && p.survey.version == pinned.survey.version
                })
                .map(|p| p.survey.as_ref())
                .ok_or_else(|| {
                    Failure::Io(format!(
                        "survey {} {} was pinned during the scoring; score again",
                        pinned.survey.id, pinned.survey.version
                    ))
                })?;
            printer.push(ScoredResponse {
                id: Some(response.id.to_string()),
                survey,
                establishment: Some(name),
                card,
            })
        },
    )?;
    printer.finish()
}

impl From<crate::fieldwork::FieldworkError> for Failure {
    fn from(e: crate::fieldwork::FieldworkError) -> Failure {
        super::db::fieldwork_failure(e)
    }
}
