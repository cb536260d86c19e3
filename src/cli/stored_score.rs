//! `sansang score [--session ID] [--survey ID]`: score the stored responses, each with the
//! survey definition it was recorded against, printed like `score --answers`.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use uuid::Uuid;

use super::db::{PinnedSurveys, failure, open_store, parse_id};
use super::score::print_scores;
use super::{Failure, Format, Outcome};
use crate::store::{AnswerRecord, ResponseFilter, Store};
use crate::survey::summary::ScoredResponse;
use crate::survey::{Answers, Survey, score};

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
    let scored = score_stored(&store, &pinned, &filter)?;
    print_scores(&scored, format)
}

/// Scores every stored response matching `filter`, streaming them from the store.
pub fn score_stored<'p>(
    store: &Store,
    pinned: &'p PinnedSurveys,
    filter: &ResponseFilter,
) -> Result<Vec<ScoredResponse<'p>>, Failure> {
    let mut names: HashMap<Uuid, String> = HashMap::new();
    let mut scored = Vec::new();
    store.visit_responses(filter, |response, records| {
        let survey = pinned
            .get(&response.survey_id, &response.survey_version)
            .ok_or_else(|| {
                Failure::Io(format!(
                    "{}: response {} uses survey {} {}, whose definition is missing from the database",
                    store.path().display(),
                    response.id,
                    response.survey_id,
                    response.survey_version
                ))
            })?;
        let mut card = score(survey, &to_answers(survey, &records));
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
        scored.push(ScoredResponse {
            id: Some(response.id.to_string()),
            survey,
            establishment: Some(name),
            card,
        });
        Ok::<_, Failure>(())
    })?;
    Ok(scored)
}

/// Stored answers as the core's answers. The store keeps what the survey accepted when it was
/// saved; an answer the definition no longer accepts is reported and left out.
pub fn to_answers(survey: &Survey, records: &BTreeMap<String, AnswerRecord>) -> Answers {
    let mut answers = Answers::new();
    for (id, record) in records {
        match survey.question(id).map(|q| q.parse_answer(&record.value)) {
            Some(Ok(answer)) => {
                answers.insert(id.clone(), answer);
            }
            Some(Err(e)) => eprintln!("warning: answer to {id} ({}) left out: {e}", record.value),
            None => eprintln!(
                "warning: survey {} {} has no question {id}; its answer is left out",
                survey.id, survey.version
            ),
        }
    }
    answers
}
