//! The rows of the tabular exports (CSV and XLSX): one row per response
//! ("wide") or one per answer ("long"), as typed cells that borrow what they
//! can, since a large export writes millions of them.

use std::borrow::Cow;

use serde_json::Value;

use super::context::{Context, pseudonym};
use super::strings::Lang;
use crate::fieldwork::stream::Scanned;
use crate::store::Response;
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
    cells.push(
        est.and_then(|e| e.profile.kind)
            .map_or(Cell::Empty, |k| Cell::text(k.code())),
    );
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
fn answer_cell(answer: &Answer) -> Cell<'_> {
    match answer {
        Answer::Choice(s) | Answer::Text(s) => Cell::text(s),
        a => Cell::owned(a.to_plain()),
    }
}

/// A stored value the survey does not take: kept as stored.
fn raw_cell(value: Option<&Value>) -> Cell<'_> {
    match value {
        Some(Value::String(s)) => Cell::text(s),
        Some(other) => Cell::owned(other.to_string()),
        None => Cell::Empty,
    }
}

/// Where a survey's dimensions and questions go: a column per dimension, and
/// per question a column or none (notes; free text when anonymized).
struct Places<'s> {
    survey: &'s Survey,
    dimensions: Vec<usize>,
    questions: Vec<Option<usize>>,
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
    pub fn row<'a>(&'a self, ctx: &'a Context, s: &'a Scanned<'_>, cells: &mut Vec<Cell<'a>>) {
        let survey = s.pinned.survey.as_ref();
        cells.clear();
        lead_cells(ctx, &s.response, self.anonymize, cells);
        cells.push(Cell::text(&survey.id));
        cells.push(Cell::text(&survey.version));
        cells.push(Cell::text(s.response.status.code()));
        cells.push(s.card.index.map_or(Cell::Empty, Cell::Score));
        cells.push(s.card.level.map_or(Cell::Empty, |l| {
            Cell::text(survey.levels[l].label.get(self.lang.code()))
        }));
        cells.resize(self.headers.len(), Cell::Empty);
        let Some(places) = self
            .places
            .iter()
            .find(|p| p.survey.id == survey.id && p.survey.version == survey.version)
        else {
            return;
        };
        for (&col, d) in places.dimensions.iter().zip(&s.card.dimensions) {
            cells[col] = d.score.map_or(Cell::Empty, Cell::Score);
        }
        for (i, col) in places.questions.iter().enumerate() {
            if let (Some(col), Some(answer), true) = (col, s.read.get(i), s.card.questions[i].shown)
            {
                cells[*col] = answer_cell(answer);
            }
        }
        for u in &s.read.unreadable {
            let Some(i) = survey.question_index(&u.question) else {
                continue;
            };
            if let (Some(col), true) = (places.questions[i], s.card.questions[i].shown) {
                cells[col] = raw_cell(u.stored.as_ref());
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

pub fn long_rows<'a>(ctx: &'a Context, s: &'a Scanned<'_>, anonymize: bool) -> Vec<Vec<Cell<'a>>> {
    let survey = s.pinned.survey.as_ref();
    let mut lead = Vec::new();
    lead_cells(ctx, &s.response, anonymize, &mut lead);
    let times: Vec<(&str, Option<String>)> = s
        .stored
        .iter()
        .map(|(q, record)| {
            let at = record.ok().map(|r| {
                r.updated_at
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            });
            (q, at)
        })
        .collect();
    let mut rows = Vec::new();
    for (i, q) in survey.questions.iter().enumerate() {
        let Some((_, at)) = times.iter().find(|(id, _)| *id == q.id) else {
            continue;
        };
        if !s.card.questions[i].shown || (anonymize && matches!(q.kind, Kind::Text { .. })) {
            continue;
        }
        let answer = match s.read.get(i) {
            Some(a) => answer_cell(a),
            None => raw_cell(
                s.read
                    .unreadable
                    .iter()
                    .find(|u| u.question == q.id)
                    .and_then(|u| u.stored.as_ref()),
            ),
        };
        let mut row = lead.clone();
        row.extend([
            Cell::text(&survey.id),
            Cell::text(&survey.version),
            Cell::text(&q.id),
            answer,
            at.clone().map_or(Cell::Empty, Cell::owned),
        ]);
        rows.push(row);
    }
    rows
}
