//! XLSX for the centre's staff: sheets for scores, answers, dimension
//! averages per session and the follow-up list; header row frozen, filters
//! on, columns sized, scores as numbers shown with one decimal.

use std::collections::BTreeMap;
use std::io::Write;

use rust_xlsxwriter::{ColNum, Format, RowNum, Workbook, Worksheet, XlsxError};
use uuid::Uuid;

use super::cell::neutralize;
use super::context::{Context, check, pseudonym};
use super::followup::{Scored, follow_up};
use super::rows::{Cell, Wide, long_headers, long_rows};
use super::strings::Lang;
use super::{ExportError, ExportOptions, Exported, Leftovers, visit_pipelined};
use crate::store::{AnswerRecord, ResponseFilter, Store};
use crate::survey::Scorecard;

/// The sheet names, in the workbook's order.
pub fn sheet_names(lang: Lang) -> [&'static str; 4] {
    [
        lang.pick("Điểm", "Scores"),
        lang.pick("Câu trả lời", "Answers"),
        lang.pick("Trung bình theo phiên", "Session averages"),
        lang.pick("Danh sách hỗ trợ", "Follow-up list"),
    ]
}

/// Widest column, in characters, when sizing columns to their contents.
const MAX_WIDTH: f64 = 60.0;

struct Sheet {
    rows: Vec<Vec<Cell<'static>>>,
    headers: Vec<String>,
}

pub fn write(
    store: &Store,
    ctx: &Context,
    opts: &ExportOptions,
    out: &mut dyn Write,
) -> Result<Exported, ExportError> {
    let path = opts.out.as_path();
    let surveys = ctx.surveys_for(opts.survey.as_deref());
    let wide = Wide::new(&surveys, opts.anonymize, opts.lang);
    let mut scores = Sheet {
        headers: wide.headers[..wide.score_columns].to_vec(),
        rows: Vec::new(),
    };
    let mut answers = Sheet {
        headers: long_headers(opts.anonymize),
        rows: Vec::new(),
    };
    // Latest response per (session, establishment, survey), for averages and follow-up.
    let mut latest: BTreeMap<(Uuid, Uuid, String), (chrono::DateTime<chrono::Utc>, Scorecard)> =
        BTreeMap::new();
    let mut exported = Exported::new(opts);
    let filter = ResponseFilter {
        session: opts.session,
        survey: opts.survey.clone(),
    };
    visit_pipelined(store, &filter, |response, stored| {
        let stored: BTreeMap<String, AnswerRecord> = stored.into_iter().collect();
        let survey = ctx.survey_of(&response)?;
        let checked = check(survey, &stored);
        exported.note(&response, &checked);
        let mut row = Vec::new();
        wide.row(ctx, &response, &checked, &stored, survey, &mut row);
        row.truncate(wide.score_columns);
        scores
            .rows
            .push(row.into_iter().map(Cell::into_owned).collect());
        answers.rows.extend(
            long_rows(ctx, &response, survey, &checked, &stored, opts.anonymize)
                .into_iter()
                .map(|r| r.into_iter().map(Cell::into_owned).collect()),
        );
        let key = (
            response.session_id,
            response.establishment_id,
            format!("{}\u{0}{}", survey.id, survey.version),
        );
        if latest
            .get(&key)
            .is_none_or(|(at, _)| *at <= response.updated_at)
        {
            latest.insert(key, (response.updated_at, checked.card));
        }
        Ok(Box::new(stored) as Leftovers)
    })?;
    let averages = averages_sheet(ctx, &latest, opts.lang);
    let followup = followup_sheet(ctx, &latest, opts);
    let xlsx = |e: XlsxError| ExportError::io(path, std::io::Error::other(e));
    let mut book = Workbook::new();
    let names = sheet_names(opts.lang);
    for (name, sheet) in names.iter().zip([&scores, &answers, &averages, &followup]) {
        let ws = book.add_worksheet();
        fill(ws, name, sheet).map_err(xlsx)?;
    }
    let bytes = book.save_to_buffer().map_err(xlsx)?;
    out.write_all(&bytes)
        .map_err(|e| ExportError::io(path, e))?;
    Ok(exported)
}

fn fill(ws: &mut Worksheet, name: &str, sheet: &Sheet) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    let bold = Format::new().set_bold();
    let one_decimal = Format::new().set_num_format("0.0");
    let mut widths: Vec<usize> = sheet.headers.iter().map(|h| h.chars().count()).collect();
    for (c, h) in sheet.headers.iter().enumerate() {
        ws.write_string_with_format(0, c as ColNum, h, &bold)?;
    }
    for (r, row) in sheet.rows.iter().enumerate() {
        let r = (r + 1) as RowNum;
        for (c, cell) in row.iter().enumerate() {
            let col = c as ColNum;
            match cell {
                Cell::Empty => {}
                Cell::Text(s) => {
                    let s = neutralize(s);
                    if let Some(w) = widths.get_mut(c) {
                        *w = (*w).max(unicode_width::UnicodeWidthStr::width(s.as_ref()));
                    }
                    ws.write_string(r, col, s.as_ref())?;
                }
                Cell::Count(n) => {
                    ws.write_number(r, col, *n as f64)?;
                }
                Cell::Score(v) => {
                    ws.write_number_with_format(r, col, (v * 10.0).round() / 10.0, &one_decimal)?;
                }
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as ColNum, (*w as f64 + 2.0).clamp(6.0, MAX_WIDTH))?;
    }
    ws.set_freeze_panes(1, 0)?;
    let last_col = sheet.headers.len().saturating_sub(1) as ColNum;
    ws.autofilter(0, 0, sheet.rows.len() as RowNum, last_col)?;
    Ok(())
}

type Latest = BTreeMap<(Uuid, Uuid, String), (chrono::DateTime<chrono::Utc>, Scorecard)>;

fn survey_key<'c>(ctx: &'c Context, key: &str) -> Option<&'c crate::survey::Survey> {
    let (id, version) = key.split_once('\u{0}')?;
    ctx.surveys.get(&(id.to_owned(), version.to_owned()))
}

fn averages_sheet(ctx: &Context, latest: &Latest, lang: Lang) -> Sheet {
    let l = lang.code();
    let mut sums: BTreeMap<(Uuid, String, usize), (f64, usize)> = BTreeMap::new();
    for ((session, _, survey), (_, card)) in latest {
        for (i, d) in card.dimensions.iter().enumerate() {
            if let Some(s) = d.score {
                let e = sums.entry((*session, survey.clone(), i)).or_default();
                e.0 += s;
                e.1 += 1;
            }
        }
    }
    let mut rows = Vec::new();
    for ((session, survey_key_text, i), (sum, n)) in sums {
        let Some(survey) = survey_key(ctx, &survey_key_text) else {
            continue;
        };
        let s = ctx.sessions.get(&session);
        let dim = &survey.dimensions[i];
        rows.push(vec![
            s.map_or(Cell::Empty, |s| Cell::owned(s.name.clone())),
            s.map_or(Cell::Empty, |s| Cell::owned(s.date.to_string())),
            Cell::owned(survey.id.clone()),
            Cell::owned(dim.id.clone()),
            Cell::owned(dim.title.get(l).to_owned()),
            Cell::Score(sum / n as f64),
            Cell::Count(n),
        ]);
    }
    Sheet {
        headers: [
            "session",
            "session_date",
            "survey",
            "dimension",
            "dimension_title",
            "average",
            "establishments",
        ]
        .map(String::from)
        .to_vec(),
        rows,
    }
}

fn followup_sheet(ctx: &Context, latest: &Latest, opts: &ExportOptions) -> Sheet {
    // Overall: the latest response per establishment and survey, over all sessions.
    let mut newest: BTreeMap<(Uuid, String), (chrono::DateTime<chrono::Utc>, &Scorecard)> =
        BTreeMap::new();
    for ((_, est, survey), (at, card)) in latest {
        let key = (*est, survey.clone());
        if newest.get(&key).is_none_or(|(t, _)| t <= at) {
            newest.insert(key, (*at, card));
        }
    }
    let scored: Vec<Scored> = newest
        .iter()
        .filter_map(|((est, survey), (_, card))| {
            Some(Scored {
                establishment: if opts.anonymize {
                    pseudonym(*est)
                } else {
                    ctx.establishments
                        .get(est)
                        .map_or_else(|| est.to_string(), |e| e.name.clone())
                },
                survey: survey_key(ctx, survey)?,
                card: (*card).clone(),
            })
        })
        .collect();
    let mut rows = Vec::new();
    for group in follow_up(&scored, opts.lang) {
        for need in group.needs {
            rows.push(vec![
                Cell::owned(group.support.clone()),
                Cell::owned(need.establishment),
                Cell::owned(need.survey),
                Cell::owned(format!("{}. {}", need.dimension_id, need.dimension)),
                Cell::Score(need.score),
                Cell::owned(need.advice),
            ]);
        }
    }
    Sheet {
        headers: [
            "support",
            "establishment",
            "survey",
            "dimension",
            "score",
            "advice",
        ]
        .map(String::from)
        .to_vec(),
        rows,
    }
}
