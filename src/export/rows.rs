//! The rows of the tabular exports (CSV and XLSX): one row per response ("wide") or one per
//! answer and selected option ("long"), as typed cells that borrow what they can, since a
//! large export writes millions of them.
//!
//! Two faces, one layout: words and labels in the export's language (the default, for
//! people), or the stable ids and values (`--codes`, for scripts). The columns are the same
//! in both, in the same order.

use std::borrow::Cow;

use chrono::NaiveDate;
use serde_json::Value;

use super::context::Context;
use super::strings::{self, Lang};
use crate::fieldwork::stream::Scanned;
use crate::store::ResponseStatus;
use crate::survey::model::Kind;
use crate::survey::{Answer, Question, Survey};

/// One spreadsheet cell. Text is neutralized against formulas in CSV; numbers never are.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    Empty,
    Text(Cow<'a, str>),
    /// A score at full precision, printed with one decimal.
    Score(f64),
    /// Any other number (an answer, a weight), as it is.
    Number(f64),
    /// A share of 0..=1 (coverage, an answer's share of its top score).
    Share(f64),
    /// A whole number, such as a count of establishments.
    Count(usize),
    Date(NaiveDate),
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
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(Cow::Owned(s))
        }
    }

    /// The same cell, owning its text, to keep beyond the response it came from.
    pub fn into_owned(self) -> Cell<'static> {
        match self {
            Cell::Empty => Cell::Empty,
            Cell::Text(s) => Cell::Text(Cow::Owned(s.into_owned())),
            Cell::Score(v) => Cell::Score(v),
            Cell::Number(v) => Cell::Number(v),
            Cell::Share(v) => Cell::Share(v),
            Cell::Count(n) => Cell::Count(n),
            Cell::Date(d) => Cell::Date(d),
        }
    }
}

/// How the rows speak: labels in a language, or codes; with or without people's details.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub lang: Lang,
    pub codes: bool,
    pub anonymize: bool,
}

impl Style {
    /// A column heading: its stable id with `--codes`, else its words.
    pub fn header(self, code: &str, vi: &'static str, en: &'static str) -> String {
        if self.codes {
            code.to_owned()
        } else {
            self.lang.pick(vi, en).to_owned()
        }
    }
}

/// A phone number as every spreadsheet keeps it as text: digits grouped with spaces
/// ("0374 775 987", "+84 975 701 268"); anything that is not a plain number is kept as typed.
pub fn phone_text(phone: &str) -> Cow<'_, str> {
    let trimmed = phone.trim();
    let (plus, rest) = match trimmed.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, trimmed),
    };
    let digits: String = rest
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-'))
        .collect();
    if digits.len() < 7 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Cow::Borrowed(phone);
    }
    let mut groups: Vec<&str> = Vec::new();
    let (head, tail) = if plus {
        let country = if digits.starts_with("84") { 2 } else { 0 };
        digits.split_at(country)
    } else {
        digits.split_at(digits.len() - 6)
    };
    let mut out = String::new();
    if plus {
        out.push('+');
        if !head.is_empty() {
            groups.push(head);
        }
        let mut rest = tail;
        while rest.len() > 4 {
            let (g, r) = rest.split_at(3);
            groups.push(g);
            rest = r;
        }
        groups.push(rest);
    } else {
        groups.extend([head, &tail[..3], &tail[3..]]);
    }
    out.push_str(&groups.join(" "));
    Cow::Owned(out)
}

/// The lead columns: (code, vi, en), and whether anonymized exports keep them.
const LEAD: [(&str, &str, &str, bool); 11] = [
    ("response_id", "Mã phiếu", "Response", true),
    ("session", "Hội thảo", "Session", true),
    ("session_date", "Ngày", "Date", true),
    ("establishment_id", "Mã cơ sở", "Establishment id", false),
    ("establishment", "Cơ sở", "Establishment", true),
    ("kind", "Loại hình", "Legal form", true),
    ("sector", "Ngành nghề", "Sector", true),
    ("commune", "Xã/phường", "Commune", true),
    ("province", "Tỉnh", "Province", true),
    ("contact_person", "Người liên hệ", "Contact person", false),
    ("phone", "Điện thoại", "Phone", false),
];

fn lead_headers(style: Style) -> Vec<String> {
    LEAD.iter()
        .filter(|(_, _, _, anon)| !style.anonymize || *anon)
        .map(|(c, vi, en, _)| style.header(c, vi, en))
        .collect()
}

fn lead_cells<'a>(ctx: &'a Context, s: &'a Scanned<'_>, style: Style, cells: &mut Vec<Cell<'a>>) {
    let r = &s.response;
    let session = ctx.sessions.get(&r.session_id);
    let est = s.establishment;
    if style.anonymize {
        cells.push(Cell::owned(ctx.ids.response(r.id)));
    } else {
        cells.push(Cell::owned(r.id.to_string()));
    }
    cells.push(session.map_or(Cell::Empty, |s| Cell::text(&s.name)));
    cells.push(session.map_or(Cell::Empty, |s| Cell::Date(s.date)));
    if style.anonymize {
        cells.push(Cell::owned(ctx.ids.establishment(r.establishment_id)));
    } else {
        cells.push(Cell::owned(r.establishment_id.to_string()));
        cells.push(est.map_or(Cell::Empty, |e| Cell::text(&e.name)));
    }
    cells.push(
        est.and_then(|e| e.profile.kind)
            .map_or(Cell::Empty, |k| match style.codes {
                true => Cell::text(k.code()),
                false => Cell::text(k.label(style.lang)),
            }),
    );
    cells.push(est.map_or(Cell::Empty, |e| Cell::text(&e.sector)));
    cells.push(est.map_or(Cell::Empty, |e| Cell::text(&e.commune)));
    cells.push(est.map_or(Cell::Empty, |e| Cell::text(&e.province)));
    if !style.anonymize {
        cells.push(est.map_or(Cell::Empty, |e| Cell::text(&e.contact_person)));
        cells.push(est.map_or(Cell::Empty, |e| phone_cell(&e.phone)));
    }
}

fn phone_cell(phone: &str) -> Cell<'_> {
    match phone_text(phone) {
        Cow::Borrowed(s) => Cell::text(s),
        Cow::Owned(s) => Cell::owned(s),
    }
}

/// A response's status: its code, or its name.
pub fn status_cell(status: ResponseStatus, style: Style) -> Cell<'static> {
    if style.codes {
        return Cell::text(status.code());
    }
    Cell::text(match status {
        ResponseStatus::Draft => style.lang.pick("Nháp", "Draft"),
        ResponseStatus::Complete => style.lang.pick("Xong", "Complete"),
        ResponseStatus::Deleted => style.lang.pick("Đã xoá", "Deleted"),
    })
}

/// A survey: its id, or its title.
pub fn survey_cell(survey: &Survey, style: Style) -> Cell<'_> {
    if style.codes {
        Cell::text(&survey.id)
    } else {
        Cell::text(survey.title.get(style.lang.code()))
    }
}

/// A level, or the words of a withheld one, or nothing.
pub fn level_cell<'s>(survey: &'s Survey, s: &Scanned<'_>, style: Style) -> Cell<'s> {
    match s.card.level {
        Some(l) => Cell::text(survey.levels[l].label.get(style.lang.code())),
        None if s.card.level_withheld && !style.codes => Cell::text(
            style
                .lang
                .pick("chưa đủ dữ liệu", "not enough data for a level"),
        ),
        None => Cell::Empty,
    }
}

/// Whether a question's answers could hold a name or a phone number.
pub fn free_text(survey: &Survey, qid: &str) -> bool {
    survey
        .question(qid)
        .is_none_or(|q| matches!(q.kind, Kind::Text { .. }))
}

/// The label of option `value` of `question`, or of a yes/no answer.
pub fn option_label<'q>(question: &'q Question, value: &'q str, lang: Lang) -> &'q str {
    if let Some(o) = question.kind.options().iter().find(|o| o.value == value) {
        return o.label.get(lang.code());
    }
    match value {
        "yes" => strings::yes(lang),
        "no" => strings::no(lang),
        "na" => strings::not_applicable(lang),
        other => other,
    }
}

/// An answer as one cell: options by value (codes) or label, multi joined with "; ".
fn answer_cell<'a>(question: &'a Question, answer: &'a Answer, style: Style) -> Cell<'a> {
    match answer {
        Answer::Choice(s) if style.codes => Cell::text(s),
        Answer::Choice(s) => Cell::text(option_label(question, s, style.lang)),
        Answer::Choices(values) if style.codes => Cell::owned(values.join(";")),
        Answer::Choices(values) => Cell::owned(
            values
                .iter()
                .map(|v| option_label(question, v, style.lang))
                .collect::<Vec<_>>()
                .join("; "),
        ),
        Answer::Number(n) => match &question.kind {
            Kind::Scale { labels, .. } if !style.codes && n.fract() == 0.0 => labels
                .get(&(*n as i64))
                .map_or(Cell::Number(*n), |l| Cell::text(l.get(style.lang.code()))),
            _ => Cell::Number(*n),
        },
        Answer::Text(s) if matches!(question.kind, Kind::Date) => {
            NaiveDate::parse_from_str(s, "%Y-%m-%d").map_or(Cell::text(s), Cell::Date)
        }
        Answer::Text(s) => Cell::text(s),
        Answer::NotApplicable if style.codes => Cell::text("na"),
        Answer::NotApplicable => Cell::text(strings::not_applicable(style.lang)),
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

/// A question as a column heading: "sxsh.A1", or "A1. Cơ sở đã …" (with the survey's id
/// in capitals before it when several surveys share the sheet).
fn question_header(survey: &Survey, q: &Question, style: Style, several: bool) -> String {
    if style.codes {
        return format!("{}.{}", survey.id, q.id);
    }
    let text = format!("{}. {}", q.id, q.text.get(style.lang.code()));
    match several {
        true => format!("{} {text}", survey.id.to_uppercase()),
        false => text,
    }
}

/// Where a survey's dimensions and questions go: a column per dimension, and per question a
/// column or none (notes; free text when anonymized), and for a multi question with option
/// columns, one per option.
struct Places<'s> {
    survey: &'s Survey,
    dimensions: Vec<usize>,
    questions: Vec<Option<usize>>,
    options: Vec<Vec<usize>>,
}

/// The wide layout: the lead columns, the survey, status, index, level, each dimension's
/// score, then each answer. Columns of scores and answers are the union over the surveys
/// exported (by id: `sxsh.A`, `dx.K1`), in definition order.
pub struct Wide<'s> {
    pub headers: Vec<String>,
    places: Vec<Places<'s>>,
    /// Columns before the first answer: the fixed ones and the scores.
    pub score_columns: usize,
    /// Columns before the index: the response, session, establishment, survey and status.
    pub lead: usize,
    style: Style,
}

impl<'s> Wide<'s> {
    /// `option_columns`: a 0/1 column beside each multi question per option (the workbook's).
    pub fn new(surveys: &[&'s Survey], style: Style, option_columns: bool) -> Wide<'s> {
        let mut headers = lead_headers(style);
        let lead = headers.len() + 3;
        for (c, vi, en) in [
            ("survey", "Khảo sát", "Survey"),
            ("survey_version", "Phiên bản", "Version"),
            ("status", "Trạng thái", "Status"),
            ("index", "Chỉ số", "Index"),
            ("level", "Mức", "Level"),
        ] {
            headers.push(style.header(c, vi, en));
        }
        let mut codes: Vec<String> = headers.clone();
        let mut column = |code: String, label: String, headers: &mut Vec<String>| match codes
            .iter()
            .position(|h| *h == code)
        {
            Some(i) => i,
            None => {
                codes.push(code);
                headers.push(label);
                headers.len() - 1
            }
        };
        let mut ids: Vec<&str> = surveys.iter().map(|s| s.id.as_str()).collect();
        ids.dedup();
        let several = ids.len() > 1;
        let mut places: Vec<Places> = surveys
            .iter()
            .map(|s| Places {
                survey: s,
                dimensions: s
                    .dimensions
                    .iter()
                    .map(|d| {
                        let code = format!("{}.{}", s.id, d.id);
                        let label = match style.codes {
                            true => code.clone(),
                            false => format!(
                                "{} {}. {}",
                                s.id.to_uppercase(),
                                d.id,
                                d.title.get(style.lang.code())
                            ),
                        };
                        column(code, label, &mut headers)
                    })
                    .collect(),
                questions: Vec::new(),
                options: Vec::new(),
            })
            .collect();
        let score_columns = headers.len();
        for p in &mut places {
            let s = p.survey;
            for q in &s.questions {
                let skip = matches!(q.kind, Kind::Note)
                    || (style.anonymize && matches!(q.kind, Kind::Text { .. }));
                let code = format!("{}.{}", s.id, q.id);
                let label = question_header(s, q, style, several);
                p.questions
                    .push((!skip).then(|| column(code.clone(), label.clone(), &mut headers)));
                let flags = match &q.kind {
                    Kind::Multi { options, .. } if option_columns && !skip => options
                        .iter()
                        .map(|o| {
                            let label = match style.codes {
                                true => format!("{code}.{}", o.value),
                                false => format!("{label}: {}", o.label.get(style.lang.code())),
                            };
                            column(format!("{code}.{}", o.value), label, &mut headers)
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                p.options.push(flags);
            }
        }
        Wide {
            headers,
            places,
            score_columns,
            lead,
            style,
        }
    }

    /// The row of one response into `cells` (cleared first); hidden questions stay empty.
    pub fn row<'a>(&'a self, ctx: &'a Context, s: &'a Scanned<'_>, cells: &mut Vec<Cell<'a>>) {
        let survey = s.pinned.survey.as_ref();
        let style = self.style;
        cells.clear();
        lead_cells(ctx, s, style, cells);
        cells.push(survey_cell(survey, style));
        cells.push(Cell::text(&survey.version));
        cells.push(status_cell(s.response.status, style));
        cells.push(s.card.index.map_or(Cell::Empty, Cell::Score));
        cells.push(level_cell(survey, s, style));
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
        for (i, q) in survey.questions.iter().enumerate() {
            let (Some(col), Some(answer), true) = (
                places.questions[i],
                s.read.get(i),
                s.card.questions[i].shown,
            ) else {
                continue;
            };
            cells[col] = answer_cell(q, answer, style);
            if let (Kind::Multi { options, .. }, Answer::Choices(chosen)) = (&q.kind, answer) {
                for (o, &flag) in options.iter().zip(&places.options[i]) {
                    cells[flag] = Cell::Count(usize::from(chosen.contains(&o.value)));
                }
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

/// The columns of the long layout after the lead ones.
const LONG: [(&str, &str, &str); 11] = [
    ("survey", "Khảo sát", "Survey"),
    ("survey_version", "Phiên bản", "Version"),
    ("status", "Trạng thái", "Status"),
    ("question", "Câu hỏi", "Question"),
    ("question_text", "Nội dung câu hỏi", "Question text"),
    ("dimension", "Khía cạnh", "Dimension"),
    ("answer", "Giá trị", "Value"),
    ("label", "Câu trả lời", "Answer"),
    ("weight", "Trọng số", "Weight"),
    ("share", "Tỷ lệ điểm", "Share"),
    ("updated_at", "Cập nhật lúc", "Updated at"),
];

/// The long layout: one row per shown answer, and per selected option of a multi question.
pub fn long_headers(style: Style) -> Vec<String> {
    let mut h = lead_headers(style);
    h.extend(LONG.iter().map(|(c, vi, en)| style.header(c, vi, en)));
    h
}

/// The rows of one response in the long layout. Each row carries the weight it stands for
/// (a multi question's weight shared among its selected options) and the question's share,
/// so that Σ weight·share / Σ weight over a dimension's rows is the dimension's score / 100.
pub fn long_rows<'a>(ctx: &'a Context, s: &'a Scanned<'_>, style: Style) -> Vec<Vec<Cell<'a>>> {
    let survey = s.pinned.survey.as_ref();
    let lang = style.lang.code();
    let mut lead = Vec::new();
    lead_cells(ctx, s, style, &mut lead);
    lead.push(survey_cell(survey, style));
    lead.push(Cell::text(&survey.version));
    lead.push(status_cell(s.response.status, style));
    let times: Vec<(&str, Cell<'a>)> = s
        .stored
        .iter()
        .map(|(q, record)| {
            let at = record.ok().map_or(Cell::Empty, |r| {
                Cell::owned(
                    r.updated_at
                        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                )
            });
            (q, at)
        })
        .collect();
    let mut rows = Vec::new();
    for (i, q) in survey.questions.iter().enumerate() {
        let Some((_, at)) = times.iter().find(|(id, _)| *id == q.id) else {
            continue;
        };
        if !s.card.questions[i].shown || (style.anonymize && matches!(q.kind, Kind::Text { .. })) {
            continue;
        }
        let dimension = q.dimension.map(|d| &survey.dimensions[d]);
        let share = s.card.questions[i].share;
        // (value, label) per row: one per selected option of a multi question.
        let parts: Vec<(Cell<'a>, Cell<'a>)> = match s.read.get(i) {
            Some(Answer::Choices(values)) => values
                .iter()
                .map(|v| {
                    (
                        Cell::text(v.as_str()),
                        Cell::text(option_label(q, v, style.lang)),
                    )
                })
                .collect(),
            Some(a) => vec![(
                answer_cell(
                    q,
                    a,
                    Style {
                        codes: true,
                        ..style
                    },
                ),
                answer_cell(
                    q,
                    a,
                    Style {
                        codes: false,
                        ..style
                    },
                ),
            )],
            None => {
                let raw = s.read.unreadable.iter().find(|u| u.question == q.id);
                vec![(raw_cell(raw.and_then(|u| u.stored.as_ref())), Cell::Empty)]
            }
        };
        let weight = share.map(|_| q.weight / parts.len().max(1) as f64);
        for (value, label) in parts {
            let mut row = lead.clone();
            row.extend([
                Cell::text(&q.id),
                Cell::text(q.text.get(lang)),
                dimension.map_or(Cell::Empty, |d| match style.codes {
                    true => Cell::text(&d.id),
                    false => Cell::owned(format!("{}. {}", d.id, d.title.get(lang))),
                }),
                value,
                label,
                weight.map_or(Cell::Empty, Cell::Number),
                share.map_or(Cell::Empty, Cell::Share),
                at.clone(),
            ]);
            rows.push(row);
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_are_grouped_so_no_spreadsheet_reads_a_number() {
        for (typed, shown) in [
            ("0374775987", "0374 775 987"),
            ("0374 775 987", "0374 775 987"),
            ("0374.775.987", "0374 775 987"),
            ("+84975701268", "+84 975 701 268"),
            ("+84 975 701 268", "+84 975 701 268"),
            ("02083 855 123", "02083 855 123"),
            ("gọi anh Tú", "gọi anh Tú"),
            ("", ""),
        ] {
            assert_eq!(phone_text(typed), shown, "{typed}");
        }
    }
}
