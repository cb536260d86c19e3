//! XLSX for the centre's staff: "Điểm" (scores), "Câu trả lời" (answers, one row per
//! response), "Câu hỏi" (the codebook), "Hỗ trợ" (the follow-up list, one row per
//! establishment), "Tiến bộ" (progress since the visit before), "Trung bình theo phiên"
//! (dimension averages per session) and "Thông tin" (what this file is). Scores are numbers at full precision shown with one decimal, dates are dates,
//! text is text; rows run by session date, establishment, then survey.
//!
//! Memory stays flat: the sheets are written in constant-memory mode, and the rows, made on
//! the scan's workers in file order, wait in a temporary file until they are written in the
//! sheets' order (see `spill`). What grows is a small index entry per response and one
//! summary per establishment and survey (for the follow-up and progress sheets).

mod book;
mod sheets;
mod spill;
mod track;

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use rust_xlsxwriter::{Workbook, XlsxError};
use uuid::Uuid;

use super::context::Context;
use super::rows::{Cell, Wide};
use super::strings::Lang;
use super::{ExportError, ExportOptions, Exported};
use crate::fieldwork::Fieldwork;
use crate::fieldwork::stream::scan;
use crate::store::{Establishment, ResponseFilter};
use crate::survey::collate::collation_key;
use book::{Formats, Sheet};
use track::{Tracker, Visited};

/// The sheet names, in the workbook's order.
pub fn sheet_names(lang: Lang) -> [&'static str; 7] {
    [
        lang.pick("Điểm", "Scores"),
        lang.pick("Câu trả lời", "Answers"),
        lang.pick("Câu hỏi", "Codebook"),
        lang.pick("Hỗ trợ", "Follow-up"),
        lang.pick("Tiến bộ", "Progress"),
        lang.pick("Trung bình theo phiên", "Session averages"),
        lang.pick("Thông tin", "About"),
    ]
}

pub fn write(
    fieldwork: &Fieldwork,
    ctx: &Context,
    opts: &ExportOptions,
    out: &mut (dyn Write + Send),
) -> Result<Exported, ExportError> {
    let path = opts.out.as_path();
    let xlsx = |e: XlsxError| match e {
        XlsxError::ParameterError(why) => {
            ExportError::Refused(format!("{}: {why}", path.display()))
        }
        e => ExportError::io(path, std::io::Error::other(e)),
    };
    let io = |e| ExportError::io(path, e);
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let style = opts.style(ctx);
    let surveys = ctx.survey_list();
    let wide = Wide::new(&surveys, style, true);
    // Held for the whole workbook: its rows go in establishment order, and the follow-up and
    // progress sheets list establishments by name.
    let establishments = Establishments::new(fieldwork.store().all_establishments()?);
    let order = Order::new(ctx, &establishments);
    let lead = wide.lead;
    let mut spill = spill::Spill::new(dir).map_err(io)?;
    let mut tracker = Tracker::default();
    let mut exported = Exported::new(opts);
    let filter = opts.filter();
    scan(
        fieldwork,
        &filter,
        |s| {
            let mut row = Vec::with_capacity(wide.headers.len());
            wide.row(ctx, &s, &mut row);
            let mut scores: Vec<Cell> = row[..wide.score_columns].to_vec();
            sheets::score_extras(&s, &mut scores);
            let mut answers: Vec<Cell> = row[..lead].to_vec();
            answers.extend_from_slice(&row[wide.score_columns..]);
            let mut bytes = Vec::with_capacity(1024);
            spill::encode(&mut bytes, &scores);
            spill::encode(&mut bytes, &answers);
            let visited = Visited::of(&s, date_of(ctx, &s.response));
            let key = order.key(&s.response);
            (s.response.id, s.read.unreadable, key, bytes, visited)
        },
        |(response, unreadable, key, bytes, visited)| {
            exported.note(response, &unreadable);
            spill.put(key, &bytes).map_err(io)?;
            tracker.offer(visited);
            Ok::<_, ExportError>(())
        },
    )?;
    if opts.session.is_some() {
        // Progress compares with visits to other sessions too.
        let wanted = tracker.establishments();
        let everywhere = ResponseFilter {
            session: None,
            survey: opts.survey.clone(),
        };
        scan(
            fieldwork,
            &everywhere,
            |s| {
                wanted
                    .contains(&s.response.establishment_id)
                    .then(|| Visited::of(&s, date_of(ctx, &s.response)))
            },
            |visited| {
                if let Some(v) = visited {
                    tracker.offer_earlier(v);
                }
                Ok::<_, ExportError>(())
            },
        )?;
    }
    let mut book = Workbook::new();
    book.set_tempdir(dir).map_err(xlsx)?;
    // Most of the time of a large workbook is compression: the fastest level costs a few
    // per cent in size. Zip64, so a sheet's XML may pass 4 GiB before its row limit.
    book.set_zip_compression_level(1);
    book.use_zip_large_file(true);
    let formats = Formats::new(style.lang);
    let names = sheet_names(style.lang);
    let mut score_sheet = Sheet::add(
        &mut book,
        names[0],
        wide.headers[..wide.score_columns]
            .iter()
            .cloned()
            .chain(sheets::score_extra_headers(style))
            .collect(),
    )
    .map_err(xlsx)?;
    let mut answer_headers: Vec<String> = wide.headers[..lead].to_vec();
    answer_headers.extend_from_slice(&wide.headers[wide.score_columns..]);
    let mut answer_sheet = Sheet::add(&mut book, names[1], answer_headers).map_err(xlsx)?;
    let mut sorted = spill.sorted().map_err(io)?;
    while let Some(record) = sorted.next_record().map_err(io)? {
        let mut cells = Vec::new();
        let rest = spill::decode(record, &mut cells).map_err(io)?;
        score_sheet.row(&mut book, &formats, &cells).map_err(xlsx)?;
        spill::decode(rest, &mut cells).map_err(io)?;
        answer_sheet
            .row(&mut book, &formats, &cells)
            .map_err(xlsx)?;
    }
    score_sheet.finish(&mut book).map_err(xlsx)?;
    answer_sheet.finish(&mut book).map_err(xlsx)?;
    let sheet_ctx = sheets::SheetContext {
        ctx,
        establishments: &establishments,
        style,
        formats: &formats,
    };
    sheets::codebook(&mut book, names[2], &sheet_ctx).map_err(xlsx)?;
    sheets::follow_up(&mut book, names[3], &sheet_ctx, &tracker).map_err(xlsx)?;
    sheets::progress(&mut book, names[4], &sheet_ctx, &tracker).map_err(xlsx)?;
    let about = sheets::About {
        database: fieldwork.store().path(),
        centre: fieldwork
            .store()
            .setting(super::CENTRE_SETTING)?
            .unwrap_or_default(),
        options: opts,
        responses: exported.responses,
        drafts: tracker.drafts_left_out(),
    };
    sheets::averages(&mut book, names[5], &sheet_ctx, &tracker).map_err(xlsx)?;
    sheets::about(&mut book, names[6], &sheet_ctx, &about).map_err(xlsx)?;
    book.save_to_writer(out).map_err(xlsx)?;
    Ok(exported)
}

/// Every establishment, as the workbook holds them: sorted by id and found by binary search,
/// held once, where a map would add a table of 25 MiB at 50,000 establishments (and, while
/// built, a second copy).
pub struct Establishments(Vec<Establishment>);

impl Establishments {
    pub fn new(mut all: Vec<Establishment>) -> Establishments {
        all.sort_unstable_by_key(|e| e.id);
        Establishments(all)
    }

    pub fn get(&self, id: &Uuid) -> Option<&Establishment> {
        let i = self.0.binary_search_by_key(id, |e| e.id).ok()?;
        Some(&self.0[i])
    }

    /// In id order.
    pub fn values(&self) -> std::slice::Iter<'_, Establishment> {
        self.0.iter()
    }
}

/// The sheets' order: session by date (then name), establishment in Vietnamese order, survey.
struct Order {
    sessions: HashMap<Uuid, u32>,
    establishments: HashMap<Uuid, u32>,
    surveys: HashMap<String, u32>,
}

impl Order {
    fn new(ctx: &Context, establishments: &Establishments) -> Order {
        let mut sessions: Vec<_> = ctx.sessions.values().collect();
        sessions.sort_by_cached_key(|s| (s.date, collation_key(&s.name), s.id));
        let mut establishments: Vec<_> = establishments.values().collect();
        establishments.sort_by_cached_key(|e| (collation_key(&e.name), e.id));
        let mut surveys: Vec<String> = ctx.pinned.iter().map(|(id, _)| id.clone()).collect();
        surveys.dedup();
        Order {
            sessions: rank(sessions.iter().map(|s| s.id)),
            establishments: rank(establishments.iter().map(|e| e.id)),
            surveys: surveys
                .into_iter()
                .enumerate()
                .map(|(i, s)| (s, i as u32))
                .collect(),
        }
    }

    fn key(&self, r: &crate::store::Response) -> (u32, u32, u32) {
        (
            self.sessions
                .get(&r.session_id)
                .copied()
                .unwrap_or(u32::MAX),
            self.establishments
                .get(&r.establishment_id)
                .copied()
                .unwrap_or(u32::MAX),
            self.surveys.get(&r.survey_id).copied().unwrap_or(u32::MAX),
        )
    }
}

fn rank<T: std::hash::Hash + Eq>(items: impl Iterator<Item = T>) -> HashMap<T, u32> {
    items.enumerate().map(|(i, t)| (t, i as u32)).collect()
}

/// The date a response is a visit of: its session's, or its creation's when the session is gone
/// (as `fieldwork::visits::Dates` dates it).
fn date_of(ctx: &Context, r: &crate::store::Response) -> chrono::NaiveDate {
    ctx.sessions
        .get(&r.session_id)
        .map_or_else(|| r.created_at.date_naive(), |s| s.date)
}
