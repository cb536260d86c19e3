//! The establishment's profile, asked once: a question bound to a profile field
//! (`"profile": "FIELD"`) starts answered with what the establishment's record holds, and an
//! answer given to it updates the record. "Not known" and "not applicable" answers never
//! overwrite what is known.

use serde_json::Value;

use crate::store::{AnswerRecord, Establishment};
use crate::survey::{Answer, Question, Survey};

/// The answers a new response starts with: every question bound to a field the
/// establishment's profile knows, as the question takes it.
pub fn prefilled(
    survey: &Survey,
    establishment: &Establishment,
    at: chrono::DateTime<chrono::Utc>,
) -> Vec<(String, AnswerRecord)> {
    survey
        .questions
        .iter()
        .filter_map(|q| {
            let value = establishment.profile.get(q.profile?)?;
            let answer = q.parse_answer(&value).ok()?;
            Some((
                q.id.clone(),
                AnswerRecord {
                    value: answer.to_json(),
                    updated_at: at,
                },
            ))
        })
        .collect()
}

/// What an answer to `q` tells the establishment's profile: `None` when the question is not
/// bound to the profile, or the answer says nothing known (cleared, "không biết", not
/// applicable).
pub fn learnt(q: &Question, answer: Option<&Answer>) -> Option<Value> {
    q.profile?;
    let answer = answer?;
    let says_nothing = match answer {
        Answer::NotApplicable => true,
        Answer::Choice(v) => q.option(v).is_some_and(unknown),
        Answer::Choices(vs) => vs.iter().any(|v| q.option(v).is_some_and(unknown)),
        _ => false,
    };
    (!says_nothing).then(|| answer.to_json())
}

fn unknown(o: &crate::survey::model::Choice) -> bool {
    o.dont_know || o.not_applicable
}
