//! One response being entered: the question in focus, its answers as saved,
//! skip logic and the scorecard kept up to date after every saved answer.

use std::sync::Arc;

use serde_json::Value;

use super::strings::{Detail, S};
use super::widgets::text_field::TextField;
use crate::fieldwork::answers::typed;
use crate::fieldwork::{Fieldwork, FieldworkError, Scored};
use crate::store::{Establishment, Response, ResponseStatus};
use crate::survey::{Answer, Answers, Kind, Question, Scorecard, Survey, score};

/// A message on a screen: what happened, and the detail if any.
pub type Notice = (S, Option<Detail>);

/// A change to a complete response waits here for its reason.
#[derive(Debug, Clone)]
pub struct Reason {
    pub field: TextField,
    pub question: usize,
    pub value: Option<Value>,
    /// The change was made by a key that moves on (a digit, Enter after typing): once the
    /// reason is given, entry moves on as that key would have.
    pub then_next: bool,
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub survey: Arc<Survey>,
    pub response: Response,
    pub establishment: Establishment,
    /// Only answers the store has confirmed.
    pub answers: Answers,
    pub visible: Vec<bool>,
    pub card: Scorecard,
    /// The question in focus; `survey.questions.len()` is the end page.
    pub current: usize,
    /// The typed answer of a number, text or date question.
    pub input: TextField,
    /// The option Space toggles and Left/Right move.
    pub highlight: usize,
    pub error: Option<Notice>,
    pub reason: Option<Reason>,
    pub guidance: bool,
    /// On the end page: the number of a missing question being typed (Enter goes there).
    pub jump: String,
}

/// Number, text and date questions take typed answers; so does a scale that
/// goes past 9, which one digit cannot reach.
pub fn is_typed(q: &Question) -> bool {
    match q.kind {
        Kind::Number(_) | Kind::Text { .. } | Kind::Date => true,
        Kind::Scale { min, max, .. } => min < 0 || max > 9,
        _ => false,
    }
}

/// A stored answer as the trainer types it again: a date as dd/mm/yyyy.
fn typed_text(kind: Option<&Kind>, answer: &Answer) -> String {
    let plain = answer.to_plain();
    match kind {
        Some(Kind::Date) => chrono::NaiveDate::parse_from_str(&plain, "%Y-%m-%d")
            .map_or(plain, crate::tui::form::date_text),
        _ => plain,
    }
}

impl Entry {
    /// The response as stored, resumed at `resume` (where it was left) or at its first
    /// unanswered question.
    pub fn open(scored: Scored, establishment: Establishment, resume: Option<usize>) -> Entry {
        let survey = Arc::clone(&scored.pinned.survey);
        let visible = crate::survey::visibility(&survey, &scored.answers);
        let mut entry = Entry {
            survey,
            response: scored.response,
            establishment,
            answers: scored.answers,
            visible,
            card: scored.card,
            current: 0,
            input: TextField::default(),
            highlight: 0,
            error: None,
            reason: None,
            guidance: false,
            jump: String::new(),
        };
        let start = resume
            .filter(|&i| i >= entry.end() || entry.visible[i])
            .unwrap_or_else(|| entry.first_unanswered());
        entry.goto(start);
        entry
    }

    /// Whether the response is marked complete.
    pub fn complete(&self) -> bool {
        self.response.status == ResponseStatus::Complete
    }

    pub fn end(&self) -> usize {
        self.survey.questions.len()
    }

    pub fn at_end(&self) -> bool {
        self.current >= self.end()
    }

    pub fn question(&self) -> Option<&Question> {
        self.survey.questions.get(self.current)
    }

    pub fn answer(&self, i: usize) -> Option<&Answer> {
        self.answers.get(&self.survey.questions[i].id)
    }

    fn first_unanswered(&self) -> usize {
        (0..self.end())
            .find(|&i| {
                self.visible[i]
                    && !matches!(self.survey.questions[i].kind, Kind::Note)
                    && self.answer(i).is_none()
            })
            .unwrap_or(self.end())
    }

    pub fn goto(&mut self, i: usize) {
        self.current = i.min(self.end());
        self.error = None;
        self.jump.clear();
        self.guidance = false;
        self.highlight = 0;
        let answer = self.question().and_then(|q| self.answers.get(&q.id));
        self.input = match answer {
            Some(a) if self.question().is_some_and(is_typed) => {
                TextField::new(&typed_text(self.question().map(|q| &q.kind), a))
            }
            _ => TextField::default(),
        };
        if let (Some(q), Some(Answer::Choice(v))) = (self.question(), answer) {
            self.highlight = q
                .kind
                .options()
                .iter()
                .position(|o| &o.value == v)
                .unwrap_or(0);
        }
    }

    /// Saves the typed answer if it changed; false when it was refused.
    fn commit_typed(&mut self, fw: &Fieldwork) -> bool {
        let Some(q) = self.question().filter(|q| is_typed(q)) else {
            return true;
        };
        let text = self.input.committed();
        let stored = self
            .answers
            .get(&q.id)
            .map(|a| typed_text(Some(&q.kind), a));
        if stored.as_deref().unwrap_or("") == text {
            return true;
        }
        match typed(q, &text) {
            Ok(value) => self.save(self.current, value, None, fw),
            Err(why) => {
                self.error = Some((S::Refused, Some(Detail::Text(why))));
                false
            }
        }
    }

    pub fn next(&mut self, fw: &Fieldwork) {
        if self.reason.is_some() {
            return;
        }
        if !self.commit_typed(fw) {
            self.move_on_after_reason();
            return;
        }
        let next = (self.current + 1..self.end())
            .find(|&i| self.visible[i])
            .unwrap_or(self.end());
        self.goto(next);
    }

    pub fn prev(&mut self, fw: &Fieldwork) {
        if self.reason.is_some() || !self.commit_typed(fw) {
            return;
        }
        if let Some(prev) = (0..self.current).rev().find(|&i| self.visible[i]) {
            self.goto(prev);
        }
    }

    /// Visible questions that start a dimension (or the profile block).
    fn section_starts(&self) -> Vec<usize> {
        let mut starts = Vec::new();
        let mut last = None;
        for (i, q) in self.survey.questions.iter().enumerate() {
            if self.visible[i] && (starts.is_empty() || last != Some(q.dimension)) {
                starts.push(i);
                last = Some(q.dimension);
            }
        }
        starts
    }

    pub fn next_dimension(&mut self, fw: &Fieldwork) {
        if self.reason.is_some() || !self.commit_typed(fw) {
            return;
        }
        let to = self
            .section_starts()
            .into_iter()
            .find(|&i| i > self.current)
            .unwrap_or(self.end());
        self.goto(to);
    }

    pub fn prev_dimension(&mut self, fw: &Fieldwork) {
        if self.reason.is_some() || !self.commit_typed(fw) {
            return;
        }
        if let Some(to) = self
            .section_starts()
            .into_iter()
            .rev()
            .find(|&i| i < self.current)
        {
            self.goto(to);
        }
    }

    /// A digit: picks an option (single, yes/no) or the value (scale), saves it and moves
    /// on; toggles one (multi, Enter moves on). On the end page it is part of the number of
    /// a missing question (Enter goes there): a digit there never answers anything.
    pub fn digit(&mut self, d: u32, fw: &Fieldwork) {
        if self.at_end() {
            if self.jump.len() < 3 {
                self.jump.push(char::from_digit(d, 10).unwrap_or('0'));
            }
            self.error = None;
            return;
        }
        let Some(q) = self.question() else { return };
        let n = d as usize;
        let value = match &q.kind {
            Kind::Single { options } => options
                .get(n.wrapping_sub(1))
                .map(|o| Value::String(o.value.clone())),
            Kind::Multi { options, .. } => {
                if n == 0 || n > options.len() {
                    None
                } else {
                    self.highlight = n - 1;
                    return self.toggle(fw);
                }
            }
            Kind::YesNo { allow_na } => match n {
                1 => Some("yes".into()),
                2 => Some("no".into()),
                3 if *allow_na => Some("na".into()),
                _ => None,
            },
            Kind::Scale { min, max, .. } => {
                let v = i64::from(d);
                (*min..=*max).contains(&v).then(|| Value::from(v))
            }
            _ => None,
        };
        if let Some(value) = value {
            if let Kind::Single { .. } = q.kind {
                self.highlight = n - 1;
            }
            self.pick(Some(value), fw);
        }
    }

    /// A one-key answer (a single, yes/no or scale option, not applicable): saved, and the
    /// next question comes, so each such question costs one key.
    fn pick(&mut self, value: Option<Value>, fw: &Fieldwork) {
        if self.save(self.current, value, None, fw) {
            self.next(fw);
        } else {
            self.move_on_after_reason();
        }
    }

    /// A change that now waits for its reason moves on once the reason is given.
    fn move_on_after_reason(&mut self) {
        if let Some(reason) = self.reason.as_mut() {
            reason.then_next = true;
        }
    }

    /// Backspace on the end page: the last digit of the number being typed goes.
    pub fn jump_back(&mut self) {
        self.jump.pop();
    }

    /// Enter on the end page with a number typed: that missing question.
    pub fn jump_to_missing(&mut self) {
        let target = self
            .jump
            .parse::<usize>()
            .ok()
            .and_then(|n| n.checked_sub(1))
            .and_then(|n| self.card.missing.get(n))
            .and_then(|id| self.survey.question_index(id));
        match target {
            Some(i) => self.goto(i),
            None => {
                let number = std::mem::take(&mut self.jump);
                self.error = Some((S::NoSuchMissing, Some(Detail::Text(number))));
            }
        }
    }

    /// Space in a multi question: the highlighted option on or off. An exclusive
    /// option ("none of these") clears the others, and any other clears it.
    pub fn toggle(&mut self, fw: &Fieldwork) {
        let Some(q) = self.question() else { return };
        if let Kind::Single { options } = &q.kind {
            // Space picks the highlighted option: the way to a tenth option and beyond.
            if let Some(o) = options.get(self.highlight) {
                let value = Value::String(o.value.clone());
                self.pick(Some(value), fw);
            }
            return;
        }
        let Kind::Multi { options, .. } = &q.kind else {
            return;
        };
        let Some(option) = options.get(self.highlight) else {
            return;
        };
        let chosen = match self.answers.get(&q.id) {
            Some(Answer::Choices(v)) => q.toggled(v, &option.value),
            _ => q.toggled(&[], &option.value),
        };
        let value = (!chosen.is_empty())
            .then(|| Value::Array(chosen.into_iter().map(Value::String).collect()));
        self.save(self.current, value, None, fw);
    }

    pub fn move_highlight(&mut self, forward: bool) {
        let count = self.question().map_or(0, |q| q.kind.options().len());
        if count > 0 {
            self.highlight = if forward {
                (self.highlight + 1) % count
            } else {
                (self.highlight + count - 1) % count
            };
        }
    }

    /// `n`: not applicable where the question allows it; elsewhere the trainer is told so.
    pub fn not_applicable(&mut self, fw: &Fieldwork) {
        if self.question().is_some_and(|q| q.kind.allows_na()) {
            self.pick(Some("na".into()), fw);
        } else if self.question().is_some() {
            self.error = Some((S::NoNotApplicable, None));
        }
    }

    /// Checks and saves one answer; the screen changes only once the store said yes.
    fn save(
        &mut self,
        i: usize,
        value: Option<Value>,
        reason: Option<&str>,
        fw: &Fieldwork,
    ) -> bool {
        let q = &self.survey.questions[i];
        let answer = match value.as_ref().map(|v| q.parse_answer(v)).transpose() {
            Ok(a) => a,
            Err(why) => {
                self.error = Some((S::Refused, Some(Detail::Text(why))));
                return false;
            }
        };
        if answer.as_ref() == self.answers.get(&q.id) {
            return true;
        }
        let json = answer.as_ref().map(Answer::to_json);
        let recorded = match fw.record_answer(self.response.id, &q.id, json, reason) {
            Ok(recorded) => recorded,
            Err(FieldworkError::ReasonNeeded { .. }) => {
                self.reason = Some(Reason {
                    field: TextField::default(),
                    question: i,
                    value,
                    then_next: false,
                });
                return false;
            }
            Err(why) => {
                self.error = Some((S::SaveFailed, Some(Detail::Error(Arc::new(why)))));
                return false;
            }
        };
        let id = q.id.clone();
        match answer {
            Some(a) => self.answers.insert(id, a),
            None => self.answers.remove(&id),
        };
        self.visible = crate::survey::visibility(&self.survey, &self.answers);
        self.card = score(&self.survey, &self.answers);
        self.error = None;
        if recorded.back_to_draft {
            self.response.status = ResponseStatus::Draft;
        }
        true
    }

    /// Enter in the reason prompt: saves the pending change with its reason.
    pub fn confirm_reason(&mut self, fw: &Fieldwork) {
        let Some(pending) = self.reason.clone() else {
            return;
        };
        let why = pending.field.committed();
        if why.is_empty() {
            self.error = Some((S::ReasonNeeded, None));
            return;
        }
        self.reason = None;
        if !self.save(pending.question, pending.value, Some(&why), fw) {
            return;
        }
        if pending.then_next {
            self.next(fw);
        } else {
            self.goto(self.current);
        }
    }

    pub fn cancel_reason(&mut self) {
        self.reason = None;
        self.goto(self.current);
    }

    /// Enter on the end page: complete the response, or go to what is missing.
    /// True when the result card should open.
    pub fn finish(&mut self, fw: &Fieldwork) -> bool {
        if !self.commit_typed(fw) {
            return false;
        }
        match fw.mark(self.response.id, ResponseStatus::Complete) {
            Ok(response) => {
                self.response = response;
                true
            }
            Err(FieldworkError::Incomplete { .. }) => {
                self.goto(self.end());
                self.error = Some((S::CompleteRefused, None));
                false
            }
            Err(why) => {
                self.error = Some((S::SaveFailed, Some(Detail::Error(Arc::new(why)))));
                false
            }
        }
    }

    /// Esc: keeps a valid typed answer. An invalid one is refused and Esc
    /// stays; a second Esc drops the refused text (the stored answer stands).
    pub fn leave(&mut self, fw: &Fieldwork) -> bool {
        if self.reason.is_some() {
            self.cancel_reason();
            return false;
        }
        if matches!(self.error, Some((S::RefusedEscAgain, _))) {
            return true;
        }
        if self.commit_typed(fw) {
            return true;
        }
        if let Some((S::Refused, why)) = self.error.take() {
            self.error = Some((S::RefusedEscAgain, why));
        }
        false
    }
}
