//! The rows of the tabular exports (CSV and XLSX): one row per response
//! ("wide") or one per answer ("long"), as typed cells.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::context::{Checked, Context, pseudonym};
use super::strings::Lang;
use crate::store::{AnswerRecord, Response};
use crate::survey::Survey;
use crate::survey::model::Kind;

/// One spreadsheet cell. Text is neutralized when written, numbers are not.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    /// A score, shown with one decimal.
    Score(f64),
    /// A whole number, such as a count of establishments.
    Count(usize),
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

fn lead_cells(ctx: &Context, r: &Response, anonymize: bool) -> Vec<Cell> {
    let text = |s: &str| {
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s.to_owned())
        }
    };
    let session = ctx.sessions.get(&r.session_id);
    let mut cells = vec![
        Cell::Text(r.id.to_string()),
        session.map_or(Cell::Empty, |s| text(&s.name)),
        session.map_or(Cell::Empty, |s| Cell::Text(s.date.to_string())),
    ];
    let est = ctx.establishments.get(&r.establishment_id);
    if anonymize {
        cells.push(Cell::Text(pseudonym(r.establishment_id)));
    } else {
        cells.push(Cell::Text(r.establishment_id.to_string()));
        cells.push(est.map_or(Cell::Empty, |e| text(&e.name)));
    }
    cells.push(est.map_or(Cell::Empty, |e| Cell::Text(e.kind.code().into())));
    cells.push(est.map_or(Cell::Empty, |e| text(&e.sector)));
    cells.push(est.map_or(Cell::Empty, |e| text(&e.commune)));
    cells.push(est.map_or(Cell::Empty, |e| text(&e.province)));
    if !anonymize {
        cells.push(est.map_or(Cell::Empty, |e| text(&e.contact_person)));
        cells.push(est.map_or(Cell::Empty, |e| text(&e.phone)));
    }
    cells
}

/// Whether a question's answers could hold a name or a phone number.
pub fn free_text(survey: &Survey, qid: &str) -> bool {
    survey
        .question(qid)
        .is_none_or(|q| matches!(q.kind, Kind::Text { .. }))
}

/// Where a survey's dimensions and questions go: a column per dimension, and
/// per question a column or none (notes; free text when anonymized).
type Places = (Vec<usize>, Vec<Option<usize>>);

/// The wide layout: fixed columns, each dimension's score, then each answer.
/// Columns of scores and answers are named `survey.id` (sxsh.A, dx.K1), the
/// union over the surveys exported, in definition order.
pub struct Wide {
    pub headers: Vec<String>,
    /// (survey id, version) → column of each dimension, then of each question.
    places: HashMap<(String, String), Places>,
    /// Columns before the first answer: the fixed ones and the scores.
    pub score_columns: usize,
    anonymize: bool,
    lang: Lang,
}

impl Wide {
    pub fn new(surveys: &[&Survey], anonymize: bool, lang: Lang) -> Wide {
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
        let mut dims = HashMap::new();
        for s in surveys {
            let d: Vec<usize> = s
                .dimensions
                .iter()
                .map(|d| column(format!("{}.{}", s.id, d.id), &mut headers))
                .collect();
            dims.insert((s.id.clone(), s.version.clone()), d);
        }
        let score_columns = headers.len();
        let mut places = HashMap::new();
        for s in surveys {
            let q: Vec<Option<usize>> = s
                .questions
                .iter()
                .map(|q| {
                    let skip = matches!(q.kind, Kind::Note)
                        || (anonymize && matches!(q.kind, Kind::Text { .. }));
                    (!skip).then(|| column(format!("{}.{}", s.id, q.id), &mut headers))
                })
                .collect();
            let key = (s.id.clone(), s.version.clone());
            let d = dims.remove(&key).unwrap_or_default();
            places.insert(key, (d, q));
        }
        Wide {
            headers,
            places,
            score_columns,
            anonymize,
            lang,
        }
    }

    /// The row of one response; hidden questions stay empty.
    pub fn row(
        &self,
        ctx: &Context,
        r: &Response,
        survey: &Survey,
        checked: &Checked,
        stored: &std::collections::BTreeMap<String, AnswerRecord>,
    ) -> Vec<Cell> {
        let mut cells = lead_cells(ctx, r, self.anonymize);
        cells.push(Cell::Text(survey.id.clone()));
        cells.push(Cell::Text(survey.version.clone()));
        cells.push(Cell::Text(r.status.code().into()));
        cells.push(checked.card.index.map_or(Cell::Empty, Cell::Score));
        cells.push(checked.card.level.map_or(Cell::Empty, |l| {
            Cell::Text(survey.levels[l].label.get(self.lang.code()).to_owned())
        }));
        cells.resize(self.headers.len(), Cell::Empty);
        let Some((dims, questions)) = self
            .places
            .get(&(survey.id.clone(), survey.version.clone()))
        else {
            return cells;
        };
        for (&col, d) in dims.iter().zip(&checked.card.dimensions) {
            cells[col] = d.score.map_or(Cell::Empty, Cell::Score);
        }
        for ((q, col), shown) in survey.questions.iter().zip(questions).zip(&checked.shown) {
            let Some(col) = *col else { continue };
            if !shown {
                continue;
            }
            cells[col] = match checked.answers.get(&q.id) {
                Some(a) => Cell::Text(a.to_plain()),
                None => match stored.get(&q.id) {
                    Some(raw) => Cell::Text(raw.value.to_string()),
                    None => Cell::Empty,
                },
            };
        }
        cells
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

pub fn long_rows(
    ctx: &Context,
    r: &Response,
    survey: &Survey,
    checked: &Checked,
    stored: &std::collections::BTreeMap<String, AnswerRecord>,
    anonymize: bool,
) -> Vec<Vec<Cell>> {
    let lead = lead_cells(ctx, r, anonymize);
    let mut rows = Vec::new();
    for (q, shown) in survey.questions.iter().zip(&checked.shown) {
        let Some(record) = stored.get(&q.id) else {
            continue;
        };
        if !shown || (anonymize && matches!(q.kind, Kind::Text { .. })) {
            continue;
        }
        let answer = checked
            .answers
            .get(&q.id)
            .map_or_else(|| record.value.to_string(), |a| a.to_plain());
        let mut row = lead.clone();
        row.extend([
            Cell::Text(survey.id.clone()),
            Cell::Text(survey.version.clone()),
            Cell::Text(q.id.clone()),
            Cell::Text(answer),
            Cell::Text(time(record.updated_at)),
        ]);
        rows.push(row);
    }
    rows
}

fn time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
