//! The rows of the tabular exports (CSV and XLSX): one row per response
//! ("wide") or one per answer ("long"), as typed cells that borrow what they
//! can, since a large export writes millions of them.

use std::borrow::Cow;

use serde_json::Value;

use super::context::{Checked, Context, pseudonym};
use super::strings::Lang;
use crate::store::{AnswerRecord, Response};
use crate::survey::model::Kind;
use crate::survey::{Answer, Survey};

/// One spreadsheet cell. Text is neutralized when written, numbers are not.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    Empty,
    Text(Cow<'a, str>),
    /// A score, shown with one decimal.
    Score(f64),
    /// A whole number, such as a count of establishments.
    Count(usize),
}

impl<'a> Cell<'a> {
    pub fn text(s: &'a str) -> Cell<'a> {
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(Cow::Borrowed(s))
        }
    }

    pub fn owned(s: String) -> Cell<'a> {
        Cell::Text(Cow::Owned(s))
    }

    /// The same cell, owning its text, to keep beyond the response it came from.
    pub fn into_owned(self) -> Cell<'static> {
        match self {
            Cell::Empty => Cell::Empty,
            Cell::Text(s) => Cell::Text(Cow::Owned(s.into_owned())),
            Cell::Score(v) => Cell::Score(v),
            Cell::Count(n) => Cell::Count(n),
        }
    }
}

/// The columns about the response, session and establishment, before the scores.
fn lead_headers(anonymize: bool) -> Vec<&'static str> {
    let mut h = vec!["response_id", "session", "session_date"];
    if anonymize {
        h.extend(["establishment", "kind", "sector", "commune", "province"]);
    } else {
        h.extend([
            "establishment_id",
            "establishment",
            "kind",
            "sector",
            "commune",
            "province",
            "contact_person",
            "phone",
        ]);
    }
    h
}

fn lead_cells<'a>(ctx: &'a Context, r: &Response, anonymize: bool, cells: &mut Vec<Cell<'a>>) {
    let session = ctx.sessions.get(&r.session_id);
    cells.push(Cell::owned(r.id.to_string()));
    cells.push(session.map_or(Cell::Empty, |s| Cell::text(&s.name)));
    cells.push(session.map_or(Cell::Empty, |s| Cell::owned(s.date.to_string())));
    let est = ctx.establishments.get(&r.establishment_id);
    if anonymize {
        cells.push(Cell::owned(pseudonym(r.establishment_id)));
    } else {
        cells.push(Cell::owned(r.establishment_id.to_string()));
        cells.push(est.map_or(Cell::Empty, |e| Cell::text(&e.name)));
    }
    cells.push(est.map_or(Cell::Empty, |e| Cell::text(e.kind.code())));
    cells.push(est.map_or(Cell::Empty, |e| Cell::text(&e.sector)));
    cells.push(est.map_or(Cell::Empty, |e| Cell::text(&e.commune)));
    cells.push(est.map_or(Cell::Empty, |e| Cell::text(&e.province)));
    if !anonymize {
        cells.push(est.map_or(Cell::Empty, |e| Cell::text(&e.contact_person)));
        cells.push(est.map_or(Cell::Empty, |e| Cell::text(&e.phone)));
    }
}

/// Whether a question's answers could hold a name or a phone number.
pub fn free_text(survey: &Survey, qid: &str) -> bool {
    survey
        .question(qid)
        .is_none_or(|q| matches!(q.kind, Kind::Text { .. }))
}

/// An answer as one cell: options by value, multi joined with ';'.
fn answer_cell<'a>(
    answer: Option<&'a Answer>,
    raw: impl FnOnce() -> Option<&'a Value>,
) -> Cell<'a> {
    match answer {
        Some(Answer::Choice(s) | Answer::Text(s)) => Cell::text(s),
        Some(a) => Cell::owned(a.to_plain()),
        // A stored value the survey does not take: kept as stored.
        None => match raw() {
            Some(Value::String(s)) => Cell::text(s),
            Some(other) => Cell::owned(other.to_string()),
            None => Cell::Empty,
        },
    }
}

/// Where a survey's dimensions and questions go: a column per dimension, and
/// per question a column or none (notes; free text when anonymized).
struct Places<'s> {
    survey: &'s Survey,
    dimensions: Vec<usize>,
    questions: Vec<Option<usize>>,
    /// Question ids sorted, with their positions: answers come sorted by id.
    by_id: Vec<(&'s str, usize)>,
}

/// The wide layout: fixed columns, each dimension's score, then each answer.
/// Columns of scores and answers are named `survey.id` (sxsh.A, dx.K1), the
/// union over the surveys exported, in definition order.
pub struct Wide<'s> {
    pub headers: Vec<String>,
    places: Vec<Places<'s>>,
    /// Columns before the first answer: the fixed ones and the scores.
    pub score_columns: usize,
    anonymize: bool,
    lang: Lang,
}

impl<'s> Wide<'s> {
    pub fn new(surveys: &[&'s Survey], anonymize: bool, lang: Lang) -> Wide<'s> {
        let mut headers: Vec<String> = lead_headers(anonymize)
            .into_iter()
            .map(String::from)
            .collect();
        headers.extend(["survey", "survey_version", "status", "index", "level"].map(String::from));
        let column =
            |name: String, headers: &mut Vec<String>| match headers.iter().position(|h| *h == name)
            {
                Some(i) => i,
                None => {
                    headers.push(name);
                    headers.len() - 1
                }
            };
        let mut places: Vec<Places> = surveys
            .iter()
            .map(|s| Places {
                survey: s,
                dimensions: s
                    .dimensions
                    .iter()
                    .map(|d| column(format!("{}.{}", s.id, d.id), &mut headers))
                    .collect(),
                questions: Vec::new(),
                by_id: {
                    let mut ids: Vec<(&str, usize)> = s
                        .questions
                        .iter()
                        .enumerate()
                        .map(|(i, q)| (q.id.as_str(), i))
                        .collect();
                    ids.sort();
                    ids
                },
            })
            .collect();
        let score_columns = headers.len();
        for p in &mut places {
            let s = p.survey;
            p.questions = s
                .questions
                .iter()
                .map(|q| {
                    let skip = matches!(q.kind, Kind::Note)
                        || (anonymize && matches!(q.kind, Kind::Text { .. }));
                    (!skip).then(|| column(format!("{}.{}", s.id, q.id), &mut headers))
                })
                .collect();
        }
        Wide {
            headers,
            places,
            score_columns,
            anonymize,
            lang,
        }
    }

    /// The row of one response into `cells` (cleared first); hidden questions stay empty.
    pub fn row<'a>(
        &'a self,
        ctx: &'a Context,
        r: &Response,
        checked: &'a Checked,
        stored: &'a std::collections::BTreeMap<String, AnswerRecord>,
        survey: &'a Survey,
        cells: &mut Vec<Cell<'a>>,
    ) {
        cells.clear();
        lead_cells(ctx, r, self.anonymize, cells);
        cells.push(Cell::text(&survey.id));
        cells.push(Cell::text(&survey.version));
        cells.push(Cell::text(r.status.code()));
        cells.push(checked.card.index.map_or(Cell::Empty, Cell::Score));
        cells.push(checked.card.level.map_or(Cell::Empty, |l| {
            Cell::text(survey.levels[l].label.get(self.lang.code()))
        }));
        cells.resize(self.headers.len(), Cell::Empty);
        let Some(places) = self.places.iter().find(|p| std::ptr::eq(p.survey, survey)) else {
            return;
        };
        for (&col, d) in places.dimensions.iter().zip(&checked.card.dimensions) {
            cells[col] = d.score.map_or(Cell::Empty, Cell::Score);
        }
        // Answers and question ids are both sorted by id: one pass places them.
        let mut ids = places.by_id.iter().peekable();
        for (qid, answer) in &checked.answers {
            while ids.next_if(|(id, _)| *id < qid.as_str()).is_some() {}
            if let Some(&(_, i)) = ids.next_if(|(id, _)| *id == qid.as_str())
                && let (Some(col), true) = (places.questions[i], checked.shown[i])
            {
                cells[col] = answer_cell(Some(answer), || None);
            }
        }
        // A stored value the survey does not take is kept as stored.
        for (qid, _) in &checked.unreadable {
            let Some(i) = survey.question_index(qid) else {
                continue;
            };
            if let (Some(col), true) = (places.questions[i], checked.shown[i]) {
                let raw = stored
                    .get(qid)
                    .map(|r| &r.value)
                    .or_else(|| checked.raw.get(qid));
                cells[col] = answer_cell(None, || raw);
            }
        }
    }
}

/// The long layout: one row per shown answer.
pub fn long_headers(anonymize: bool) -> Vec<String> {
    let mut h: Vec<String> = lead_headers(anonymize)
        .into_iter()
        .map(String::from)
        .collect();
    h.extend(
        [
            "survey",
            "survey_version",
            "question",
            "answer",
            "updated_at",
        ]
        .map(String::from),
    );
    h
}

pub fn long_rows<'a>(
    ctx: &'a Context,
    r: &Response,
    survey: &'a Survey,
    checked: &'a Checked,
    stored: &'a std::collections::BTreeMap<String, AnswerRecord>,
    anonymize: bool,
) -> Vec<Vec<Cell<'a>>> {
    let mut lead = Vec::new();
    lead_cells(ctx, r, anonymize, &mut lead);
    let mut rows = Vec::new();
    for (q, shown) in survey.questions.iter().zip(&checked.shown) {
        let Some(record) = stored.get(&q.id) else {
            continue;
        };
        if !shown || (anonymize && matches!(q.kind, Kind::Text { .. })) {
            continue;
        }
        let mut row = lead.clone();
        row.extend([
            Cell::text(&survey.id),
            Cell::text(&survey.version),
            Cell::text(&q.id),
            answer_cell(checked.answers.get(&q.id), || Some(&record.value)),
            Cell::owned(
                record
                    .updated_at
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            ),
        ]);
        rows.push(row);
    }
    rows
}
