//! `sansang score [--session ID] [--survey ID]`: score the stored responses, each with the
//! survey definition it was recorded against, printed like `score --answers`.

use std::collections::HashMap;
use std::path::PathBuf;

use uuid::Uuid;

use super::db::{failure, open_store, parse_id};
use super::score::ScorePrinter;
use super::{Format, Outcome};
use crate::store::ResponseFilter;
use crate::survey::summary::ScoredResponse;
use crate::workshop::{PinnedSurveys, visit_scored};

pub fn run(
    session: Option<&str>,
    survey: Option<&str>,
    format: Format,
    db: &Option<PathBuf>,
) -> Outcome {
    let store = open_store(db)?;
    let session = session.map(|s| parse_id("session", s)).transpose()?;
    if let Some(s) = session {
        store.find_session(s).map_err(failure)?;
    }
    let pinned = PinnedSurveys::load(&store)?;
    let filter = ResponseFilter {
        session,
        survey: survey.map(str::to_string),
    };
    let mut names: HashMap<Uuid, String> = HashMap::new();
    let surveys = pinned
        .surveys()
        .filter(|s| filter.survey.as_ref().is_none_or(|id| &s.id == id));
    let mut printer = ScorePrinter::new(format, surveys)?;
    visit_scored(&store, &pinned, &filter, |response, survey, mut card| {
        // Only the summary is printed; per-question shares would cost memory on large files.
        card.questions = Vec::new();
        let name = match names.get(&response.establishment_id) {
            Some(name) => name.clone(),
            None => {
                let name = store
                    .establishment(response.establishment_id)
                    .map_err(failure)?
                    .map(|e| e.name)
                    .unwrap_or_default();
                names.insert(response.establishment_id, name.clone());
                name
            }
        };
        printer.push(ScoredResponse {
            id: Some(response.id.to_string()),
            survey,
            establishment: Some(name),
            card,
        })
    })?;
    printer.finish()
}
