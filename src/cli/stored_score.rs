//! `sansang score [--session ID] [--survey ID]`: score the stored responses, each with the
//! survey definition it was recorded against, printed like `score --answers`.

use std::path::PathBuf;
use std::sync::Arc;

use super::db::{open_fieldwork_reading, parse_id};
use super::score::{Rendered, Rows, ScorePrinter};
use super::{Failure, Format, Outcome};
use crate::fieldwork::Pinned;
use crate::fieldwork::stream::scan;
use crate::store::ResponseFilter;
use crate::survey::Scorecard;
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
    let rows = Rows::new(format, columns.iter().map(|p| p.survey.as_ref()));
    let mut printer = ScorePrinter::new(&rows)?;
    scan(
        &fieldwork,
        &filter,
        // On the workers: the row formatted, the costly part.
        |mut scanned| -> Result<Scored, Failure> {
            // Only the summary is printed; per-question shares would cost memory on large files.
            scanned.card.questions = Vec::new();
            let response = &scanned.response;
            let name = scanned.establishment.map(|e| e.name.clone());
            let scored = ScoredResponse {
                id: Some(response.id.to_string()),
                survey: &scanned.pinned.survey,
                establishment: Some(name.unwrap_or_default()),
                card: scanned.card,
            };
            Ok(match rows.render(&scored)? {
                Some(row) => Scored::Ready(row),
                None => Scored::ForTable {
                    id: scored.id,
                    establishment: scored.establishment,
                    pinned: Arc::clone(scanned.pinned),
                    card: scored.card,
                },
            })
        },
        |scored| match scored? {
            Scored::Ready(row) => printer.write(row),
            Scored::ForTable {
                id,
                establishment,
                pinned,
                card,
            } => {
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
                printer.keep(ScoredResponse {
                    id,
                    survey,
                    establishment,
                    card,
                })
            }
        },
    )?;
    printer.finish()
}

/// A response as a worker hands it to the printing thread.
enum Scored {
    /// Its row, formatted.
    Ready(Rendered),
    /// What a table row needs, laid out once every row is in.
    ForTable {
        id: Option<String>,
        establishment: Option<String>,
        pinned: Arc<Pinned>,
        card: Scorecard,
    },
}

impl From<crate::fieldwork::FieldworkError> for Failure {
    fn from(e: crate::fieldwork::FieldworkError) -> Failure {
        super::db::fieldwork_failure(e)
    }
}
