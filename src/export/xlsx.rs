//! XLSX for the centre's staff: sheets for scores, answers, dimension
//! averages per session and the follow-up list; header row frozen, filters
//! on, columns sized, scores as numbers shown with one decimal.

use std::io::Write;

use rust_xlsxwriter::{ColNum, Format, RowNum, Workbook, Worksheet, XlsxError};

use super::cell::neutralize;
use super::context::{Context, pseudonym};
use super::rows::{Cell, Wide, long_headers, long_rows};
use super::strings::Lang;
use super::{ExportError, ExportOptions, Exported};
use crate::fieldwork::Fieldwork;
use crate::fieldwork::stream::scan;
use crate::store::ResponseFilter;

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
    fieldwork: &Fieldwork,
    ctx: &Context,
    opts: &ExportOptions,
    out: &mut dyn Write,
) -> Result<Exported, ExportError> {
    let path = opts.out.as_path();
    let surveys = ctx.survey_list();
    let wide = Wide::new(&surveys, opts.anonymize, opts.lang);
    let mut scores = Sheet {
        headers: wide.headers[..wide.score_columns].to_vec(),
        rows: Vec::new(),
    };
    let mut answers = Sheet {
        headers: long_headers(opts.anonymize),
        rows: Vec::new(),
    };
    let mut exported = Exported::new(opts);
    let filter = ResponseFilter {
        session: opts.session,
        survey: opts.survey.clone(),
    };
    scan(
        fieldwork,
        &filter,
        |s| {
            let mut row = Vec::new();
            wide.row(ctx, &s, &mut row);
            row.truncate(wide.score_columns);
            let row: Vec<Cell<'static>> = row.into_iter().map(Cell::into_owned).collect();
            let long: Vec<Vec<Cell<'static>>> = long_rows(ctx, &s, opts.anonymize)
                .into_iter()
                .map(|r| r.into_iter().map(Cell::into_owned).collect())
                .collect();
            (s.response, s.read.unreadable, row, long)
        },
        |(response, unreadable, row, long)| {
            exported.note(&response, &unreadable);
            scores.rows.push(row);
            answers.rows.extend(long);
            Ok::<_, ExportError>(())
        },
    )?;
    let averages = averages_sheet(fieldwork, ctx, &filter, opts.lang)?;
    let followup = followup_sheet(fieldwork, &filter, opts)?;
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

/// Per session and survey, each dimension's average over the responses that count, with
/// how many counted and how many drafts were left out (the boards of `fieldwork`).
fn averages_sheet(
    fieldwork: &Fieldwork,
    ctx: &Context,
    filter: &ResponseFilter,
    lang: Lang,
) -> Result<Sheet, ExportError> {
    let l = lang.code();
    let mut sessions: Vec<_> = ctx
        .sessions
        .values()
        .filter(|s| filter.session.is_none_or(|id| id == s.id))
        .collect();
    sessions.sort_by_key(|s| (s.date, s.id));
    let mut rows = Vec::new();
    for s in sessions {
        for board in fieldwork.boards(s.id)? {
            let survey = &board.columns.survey;
            if filter
                .survey
                .as_ref()
                .is_some_and(|only| *only != survey.id)
            {
                continue;
            }
            for (dim, average) in survey.dimensions.iter().zip(&board.totals.averages) {
                let Some(average) = average else { continue };
                rows.push(vec![
                    Cell::owned(s.name.clone()),
                    Cell::owned(s.date.to_string()),
                    Cell::owned(survey.id.clone()),
                    Cell::owned(dim.id.clone()),
                    Cell::owned(dim.title.get(l).to_owned()),
                    Cell::Score(*average),
                    Cell::Count(board.totals.counted),
                    Cell::Count(board.totals.drafts),
                ]);
            }
        }
    }
    Ok(Sheet {
        headers: [
            "session",
            "session_date",
            "survey",
            "dimension",
            "dimension_title",
            "average",
            "establishments",
            "drafts_left_out",
        ]
        .map(String::from)
        .to_vec(),
        rows,
    })
}

fn followup_sheet(
    fieldwork: &Fieldwork,
    filter: &ResponseFilter,
    opts: &ExportOptions,
) -> Result<Sheet, ExportError> {
    let list = fieldwork.follow_up(filter)?;
    let mut rows = Vec::new();
    for group in list.groups(opts.lang) {
        for need in &group.needs {
            let entry = need.entry;
            let survey = &entry.scored.pinned.survey;
            let dim = &survey.dimensions[need.weak.dimension];
            let establishment = if opts.anonymize {
                pseudonym(entry.establishment.id)
            } else {
                entry.establishment.name.clone()
            };
            let advice = need
                .weak
                .advice(survey)
                .map(|a| a.text.get(opts.lang.code()).to_owned())
                .unwrap_or_default();
            rows.push(vec![
                Cell::owned(group.support.label.get(opts.lang.code()).to_owned()),
                Cell::owned(establishment),
                Cell::owned(survey.id.clone()),
                Cell::owned(format!("{}. {}", dim.id, dim.title.get(opts.lang.code()))),
                Cell::Score(need.weak.score),
                Cell::owned(advice),
            ]);
        }
    }
    Ok(Sheet {
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
    })
}
