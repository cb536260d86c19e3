//! How a response is counted: not started, a draft (and how far along), or complete. A draft
//! is shown with its state everywhere, and left out of rankings, level counts and averages,
//! which say how many drafts they leave out.

use crate::store::{Response, ResponseStatus};
use crate::survey::model::Kind;
use crate::survey::{Scorecard, Survey};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    NotStarted,
    /// Not marked complete; `answered` is the share (0..=100) of the shown questions answered.
    Draft {
        answered: u8,
    },
    Complete,
    /// Taken back by the trainer: seen only where it can be restored.
    Deleted,
}

impl State {
    /// The state of `response` with its scorecard; `answered(i)` tells whether question `i`
    /// (by position) has an answer.
    pub fn of(
        survey: &Survey,
        response: &Response,
        card: &Scorecard,
        answered: impl Fn(usize) -> bool,
    ) -> State {
        match response.status {
            ResponseStatus::Complete => State::Complete,
            ResponseStatus::Deleted => State::Deleted,
            ResponseStatus::Draft => State::Draft {
                answered: answered_share(survey, card, answered),
            },
        }
    }

    /// Whether the response counts in rankings, level counts and averages.
    pub fn counts(self) -> bool {
        self == State::Complete
    }

    pub fn is_draft(self) -> bool {
        matches!(self, State::Draft { .. })
    }
}

/// Share (0..=100, rounded down) of the shown questions that take an answer and have one.
fn answered_share(survey: &Survey, card: &Scorecard, is_answered: impl Fn(usize) -> bool) -> u8 {
    let mut asked = 0usize;
    let mut answered = 0usize;
    for (i, (q, s)) in survey.questions.iter().zip(&card.questions).enumerate() {
        if s.shown && !matches!(q.kind, Kind::Note) {
            asked += 1;
            answered += usize::from(is_answered(i));
        }
    }
    (100 * answered / asked.max(1)) as u8
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::{Answer, Answers, Catalog, score};
    use uuid::Uuid;

    #[test]
    fn a_draft_counts_its_answered_share_and_stays_out_of_rankings() {
        let survey = Catalog::bundled().get("sxsh", Some("1.0")).unwrap().clone();
        let mut response = Response::new("sxsh", "1.0", Uuid::nil(), Uuid::nil(), "");
        let none = score(&survey, &Answers::new());
        assert_eq!(
            State::of(&survey, &response, &none, |_| false),
            State::Draft { answered: 0 }
        );
        let first = survey.questions[0].clone();
        let mut answers = Answers::new();
        let option = first.kind.options()[0].value.clone();
        answers.insert(first.id.clone(), Answer::Choice(option));
        let some = score(&survey, &answers);
        let shown = some.questions.iter().filter(|q| q.shown).count();
        let State::Draft { answered } = State::of(&survey, &response, &some, |i| i == 0) else {
            panic!("a draft")
        };
        assert_eq!(usize::from(answered), 100 / shown);
        assert!(!State::Draft { answered }.counts());
        response.status = ResponseStatus::Complete;
        assert!(State::of(&survey, &response, &some, |i| i == 0).counts());
    }
}
