//! The workbook's sheets beside the scores and answers: the codebook, the follow-up list,
//! progress since the visit before, and what the file is.

use std::path::Path;

use rust_xlsxwriter::{Workbook, XlsxError};

use super::super::context::Context;
use super::super::html::skip::only_if_words;
use super::super::keys::entry_keys;
use super::super::rows::{Cell, Style, phone_text};
use super::super::{ExportOptions, Lang};
use super::Establishments;
use super::book::{Formats, Sheet};
use super::track::{Pair, Tracker, Visited};
use crate::fieldwork::stream::Scanned;
use crate::fieldwork::summaries::mean;
use crate::survey::Survey;
use crate::survey::catalog::compare_versions;
use crate::survey::collate::collation_key;
use crate::survey::display::score_text;

/// A session and a survey id.
type SessionSurvey = (uuid::Uuid, String);

pub struct SheetContext<'a> {
    pub ctx: &'a Context,
    pub establishments: &'a Establishments,
    pub style: Style,
    pub formats: &'a Formats,
}

impl SheetContext<'_> {
    fn h(&self, code: &str, vi: &'static str, en: &'static str) -> String {
        self.style.header(code, vi, en)
    }

    fn l(&self) -> &'static str {
        self.style.lang.code()
    }
}

fn headers(sc: &SheetContext, list: &[(&str, &'static str, &'static str)]) -> Vec<String> {
    list.iter().map(|(c, vi, en)| sc.h(c, vi, en)).collect()
}

/// The Scores sheet's columns after the dimensions.
pub fn score_extra_headers(style: Style) -> Vec<String> {
    [
        ("coverage", "Độ phủ", "Coverage"),
        ("low_confidence", "Khía cạnh ít tin cậy", "Low confidence"),
        ("low_coverage", "Khía cạnh thiếu dữ liệu", "Low coverage"),
        (
            "missing",
            "Số câu bắt buộc chưa trả lời",
            "Required unanswered",
        ),
    ]
    .iter()
    .map(|(c, vi, en)| style.header(c, vi, en))
    .collect()
}

pub fn score_extras<'a>(s: &Scanned<'_>, cells: &mut Vec<Cell<'a>>) {
    let survey = &s.pinned.survey;
    let marked = |pick: fn(&crate::survey::score::DimensionScore) -> bool| {
        survey
            .dimensions
            .iter()
            .zip(&s.card.dimensions)
            .filter(|(_, d)| pick(d))
            .map(|(dim, _)| dim.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    cells.push(s.card.coverage.map_or(Cell::Empty, Cell::Share));
    cells.push(Cell::owned(marked(|d| d.low_confidence)));
    cells.push(Cell::owned(marked(|d| d.low_coverage)));
    cells.push(Cell::Count(s.card.missing.len()));
}

/// Every question and option of the surveys in the file, then the advice texts once.
pub fn codebook(book: &mut Workbook, name: &str, sc: &SheetContext) -> Result<(), XlsxError> {
    let mut sheet = Sheet::add(
        book,
        name,
        headers(
            sc,
            &[
                ("survey", "Khảo sát", "Survey"),
                ("survey_version", "Phiên bản", "Version"),
                ("question", "Câu hỏi", "Question"),
                ("text_vi", "Nội dung (tiếng Việt)", "Text (Vietnamese)"),
                ("text_en", "Nội dung (tiếng Anh)", "Text (English)"),
                ("type", "Loại câu hỏi", "Type"),
                ("dimension", "Khía cạnh", "Dimension"),
                ("weight", "Trọng số", "Weight"),
                ("show_if", "Điều kiện hỏi", "Asked when"),
                ("value", "Mã lựa chọn", "Option value"),
                ("label_vi", "Nhãn (tiếng Việt)", "Label (Vietnamese)"),
                ("label_en", "Nhãn (tiếng Anh)", "Label (English)"),
                ("score", "Điểm", "Score"),
                (
                    "form_number",
                    "Số trên phiếu giấy",
                    "Number on the paper form",
                ),
            ],
        ),
    )?;
    let lang = sc.style.lang;
    for p in &sc.ctx.surveys {
        let survey = &p.survey;
        for q in &survey.questions {
            let dimension = q.dimension.map(|d| &survey.dimensions[d]);
            let mut row = vec![
                Cell::text(&survey.id),
                Cell::text(&survey.version),
                Cell::text(&q.id),
                Cell::text(q.text.get("vi")),
                Cell::text(q.text.get("en")),
                Cell::text(q.kind.name()),
                dimension.map_or(Cell::Empty, |d| {
                    Cell::owned(format!("{}. {}", d.id, d.title.get(sc.l())))
                }),
                dimension.map_or(Cell::Empty, |_| Cell::Number(q.weight)),
                q.show_if.as_ref().map_or(Cell::Empty, |e| {
                    Cell::owned(only_if_words(survey, &e.expr, lang))
                }),
            ];
            row.resize(14, Cell::Empty);
            sheet.row(book, sc.formats, &row)?;
            for k in entry_keys(q, lang) {
                let option = q.kind.options().iter().find(|o| o.value == k.value);
                let mut row = vec![
                    Cell::text(&survey.id),
                    Cell::text(&survey.version),
                    Cell::text(&q.id),
                ];
                row.resize(9, Cell::Empty);
                row.extend([
                    Cell::owned(k.value.clone()),
                    Cell::owned(option.map_or_else(
                        || keyed_label(q, &k.value, Lang::Vi),
                        |o| o.label.get("vi").to_owned(),
                    )),
                    Cell::owned(option.map_or_else(
                        || keyed_label(q, &k.value, Lang::En),
                        |o| o.label.get("en").to_owned(),
                    )),
                    option
                        .and_then(|o| o.score)
                        .map_or(Cell::Empty, Cell::Number),
                    Cell::owned(k.key.clone()),
                ]);
                sheet.row(book, sc.formats, &row)?;
            }
        }
    }
    // The advice texts, once: what the follow-up list's ticks stand for.
    for p in &sc.ctx.surveys {
        let survey = &p.survey;
        for d in &survey.dimensions {
            for a in &d.advice {
                let support = survey.support_of(a).map_or("", |s| s.label.get(sc.l()));
                let mut row = vec![
                    Cell::text(&survey.id),
                    Cell::text(&survey.version),
                    Cell::text(sc.style.lang.pick("Lời khuyên", "Advice")),
                    Cell::text(a.text.get("vi")),
                    Cell::text(a.text.get("en")),
                    Cell::text(support),
                    Cell::owned(format!("{}. {}", d.id, d.title.get(sc.l()))),
                    Cell::Empty,
                    Cell::owned(format!(
                        "{} {}",
                        sc.style.lang.pick("điểm dưới", "score below"),
                        score_text(Some(a.below), lang)
                    )),
                ];
                row.resize(14, Cell::Empty);
                sheet.row(book, sc.formats, &row)?;
            }
        }
    }
    sheet.finish(book)
}

/// The words of a keyed answer without an option (yes/no, a scale point).
fn keyed_label(q: &crate::survey::Question, value: &str, lang: Lang) -> String {
    entry_keys(q, lang)
        .into_iter()
        .find(|k| k.value == value)
        .map_or_else(|| value.to_owned(), |k| k.label)
}

/// The support lines of the surveys in the file, each once: (id, label).
fn support_lines(sc: &SheetContext) -> Vec<(String, String)> {
    let mut lines: Vec<(String, String)> = Vec::new();
    for p in &sc.ctx.surveys {
        for s in &p.survey.supports {
            if !lines.iter().any(|(id, _)| *id == s.id) {
                lines.push((s.id.clone(), s.label.get(sc.l()).to_owned()));
            }
        }
    }
    lines
}

/// One row per establishment: who to phone, their weakest dimensions, and a tick per support
/// line advised; drafts left out and counted on the last row.
pub fn follow_up(
    book: &mut Workbook,
    name: &str,
    sc: &SheetContext,
    tracker: &Tracker,
) -> Result<(), XlsxError> {
    let lines = support_lines(sc);
    let mut cols: Vec<(&str, &'static str, &'static str)> =
        vec![("establishment", "Cơ sở", "Establishment")];
    cols.push(("commune", "Xã/phường", "Commune"));
    if !sc.style.anonymize {
        cols.push(("contact_person", "Người liên hệ", "Contact person"));
        cols.push(("phone", "Điện thoại", "Phone"));
    }
    cols.extend([
        ("session", "Hội thảo", "Session"),
        ("session_date", "Ngày", "Date"),
        ("weakest", "Khía cạnh yếu nhất", "Weakest dimensions"),
    ]);
    let mut head = headers(sc, &cols);
    head.extend(lines.iter().map(|(id, label)| match sc.style.codes {
        true => id.clone(),
        false => label.clone(),
    }));
    let mut sheet = Sheet::add(book, name, head)?;
    let mut by_establishment: Vec<(uuid::Uuid, Vec<&Visited>)> = Vec::new();
    let mut counted: Vec<&Visited> = tracker
        .latest
        .values()
        .map(|v| v.as_ref())
        .filter(|v| v.counts)
        .collect();
    counted.sort_by_key(|v| (v.establishment, v.pinned.survey.id.clone()));
    for v in counted {
        let id = v.establishment;
        match by_establishment.last_mut() {
            Some((e, list)) if *e == id => list.push(v),
            _ => by_establishment.push((id, vec![v])),
        }
    }
    by_establishment.sort_by_cached_key(|(id, _)| {
        collation_key(sc.establishments.get(id).map_or("", |e| e.name.as_str()))
    });
    let lang = sc.style.lang;
    for (id, visits) in &by_establishment {
        let est = sc.establishments.get(id);
        let latest = visits.iter().max_by_key(|v| v.key);
        let session = latest.and_then(|v| sc.ctx.sessions.get(&v.session));
        let mut row = vec![
            match sc.style.anonymize {
                true => Cell::owned(sc.ctx.ids.establishment(*id)),
                false => est.map_or(Cell::Empty, |e| Cell::text(&e.name)),
            },
            est.map_or(Cell::Empty, |e| Cell::text(&e.commune)),
        ];
        if !sc.style.anonymize {
            row.push(est.map_or(Cell::Empty, |e| Cell::text(&e.contact_person)));
            row.push(est.map_or(Cell::Empty, |e| {
                Cell::owned(phone_text(&e.phone).into_owned())
            }));
        }
        row.push(session.map_or(Cell::Empty, |s| Cell::text(&s.name)));
        row.push(latest.map_or(Cell::Empty, |v| Cell::Date(v.date)));
        let mut weak = Vec::new();
        let mut ticked = vec![false; lines.len()];
        for v in visits {
            let survey = &v.pinned.survey;
            for w in v.needs.iter().take(3) {
                let d = &survey.dimensions[w.dimension];
                weak.push(format!(
                    "{} {}. {} ({})",
                    survey.id.to_uppercase(),
                    d.id,
                    d.title.get(sc.l()),
                    score_text(Some(w.score), lang)
                ));
            }
            for w in &v.needs {
                let support = w.advice(survey).and_then(|a| survey.support_of(a));
                if let Some(s) = support
                    && let Some(i) = lines.iter().position(|(id, _)| *id == s.id)
                {
                    ticked[i] = true;
                }
            }
        }
        row.push(Cell::owned(weak.join("; ")));
        row.extend(
            ticked
                .iter()
                .map(|&t| if t { Cell::text("x") } else { Cell::Empty }),
        );
        sheet.row(book, sc.formats, &row)?;
    }
    let drafts = tracker.drafts_left_out();
    if drafts > 0 {
        let note = match lang {
            Lang::Vi => format!("{drafts} phiếu nháp không được tính"),
            Lang::En => format!("{drafts} drafts left out"),
        };
        sheet.row(book, sc.formats, &[Cell::owned(note)])?;
    }
    sheet.finish(book)
}

/// Per establishment and survey with two visits: index and level at each, the change, and
/// the change per dimension; then each session's average.
pub fn progress(
    book: &mut Workbook,
    name: &str,
    sc: &SheetContext,
    tracker: &Tracker,
) -> Result<(), XlsxError> {
    let mut dims: Vec<(String, String)> = Vec::new();
    for p in &sc.ctx.surveys {
        for d in &p.survey.dimensions {
            let code = format!("{}.{}", p.survey.id, d.id);
            if !dims.iter().any(|(c, _)| *c == code) {
                let label = match sc.style.codes {
                    true => code.clone(),
                    false => format!(
                        "Δ {} {}. {}",
                        p.survey.id.to_uppercase(),
                        d.id,
                        d.title.get(sc.l())
                    ),
                };
                dims.push((code, label));
            }
        }
    }
    let mut head = headers(
        sc,
        &[
            ("establishment", "Cơ sở", "Establishment"),
            ("survey", "Khảo sát", "Survey"),
            ("session_before", "Hội thảo trước", "Earlier session"),
            ("date_before", "Ngày trước", "Earlier date"),
            ("session", "Hội thảo sau", "Later session"),
            ("session_date", "Ngày sau", "Later date"),
            ("index_before", "Chỉ số trước", "Index then"),
            ("index", "Chỉ số sau", "Index now"),
            ("change", "Thay đổi", "Change"),
            ("level_before", "Mức trước", "Level then"),
            ("level", "Mức sau", "Level now"),
        ],
    );
    head.extend(dims.iter().map(|(_, l)| l.clone()));
    let mut sheet = Sheet::add(book, name, head)?;
    let mut pairs: Vec<(&Pair, &Visited)> = tracker
        .pairs
        .values()
        .filter_map(|p| Some((p, p.before.as_deref()?)))
        .collect();
    let session_order = |p: &Pair| {
        let s = sc.ctx.sessions.get(&p.now.session);
        (p.now.date, s.map(|s| collation_key(&s.name)))
    };
    pairs.sort_by_cached_key(|(p, _)| {
        (
            session_order(p),
            collation_key(
                sc.establishments
                    .get(&p.now.establishment)
                    .map_or("", |e| e.name.as_str()),
            ),
            p.now.pinned.survey.id.clone(),
        )
    });
    let lang = sc.l();
    let session_name = |v: &Visited| {
        sc.ctx
            .sessions
            .get(&v.session)
            .map_or(Cell::Empty, |s| Cell::text(&s.name))
    };
    // Per (session, survey): the (then, now) index of each establishment.
    let mut averages: Vec<(SessionSurvey, Vec<(f64, f64)>)> = Vec::new();
    for (now, before) in &pairs {
        let now = &now.now;
        let survey: &Survey = &now.pinned.survey;
        let mut row = vec![
            match sc.style.anonymize {
                true => Cell::owned(sc.ctx.ids.establishment(now.establishment)),
                false => sc
                    .establishments
                    .get(&now.establishment)
                    .map_or(Cell::Empty, |e| Cell::text(&e.name)),
            },
            super::super::rows::survey_cell(survey, sc.style),
            session_name(before),
            Cell::Date(before.date),
            session_name(now),
            Cell::Date(now.date),
            before.index.map_or(Cell::Empty, Cell::Score),
            now.index.map_or(Cell::Empty, Cell::Score),
            match (now.index, before.index) {
                (Some(a), Some(b)) => Cell::Score(a - b),
                _ => Cell::Empty,
            },
            level_of(before, lang),
            level_of(now, lang),
        ];
        for (code, _) in &dims {
            let score = |v: &Visited| {
                let s = &v.pinned.survey;
                let d = s
                    .dimensions
                    .iter()
                    .position(|d| format!("{}.{}", s.id, d.id) == *code)?;
                v.dimensions[d]
            };
            row.push(match (score(now), score(before)) {
                (Some(a), Some(b)) => Cell::Score(a - b),
                _ => Cell::Empty,
            });
        }
        sheet.row(book, sc.formats, &row)?;
        if let (Some(a), Some(b)) = (now.index, before.index) {
            let key = (now.session, survey.id.clone());
            match averages.iter_mut().find(|(k, _)| *k == key) {
                Some((_, list)) => list.push((b, a)),
                None => averages.push((key, vec![(b, a)])),
            }
        }
    }
    for ((session, survey), list) in &averages {
        let then = mean(list.iter().map(|(b, _)| *b));
        let now = mean(list.iter().map(|(_, a)| *a));
        let words = match sc.style.lang {
            Lang::Vi => format!("Trung bình ({} cơ sở)", list.len()),
            Lang::En => format!("Average ({} establishments)", list.len()),
        };
        let title = sc
            .ctx
            .surveys
            .iter()
            .find(|p| p.survey.id == *survey)
            .map_or(Cell::Empty, |p| {
                super::super::rows::survey_cell(&p.survey, sc.style)
            });
        let mut row = vec![Cell::owned(words), title, Cell::Empty, Cell::Empty];
        row.push(
            sc.ctx
                .sessions
                .get(session)
                .map_or(Cell::Empty, |s| Cell::text(&s.name)),
        );
        row.push(
            sc.ctx
                .sessions
                .get(session)
                .map_or(Cell::Empty, |s| Cell::Date(s.date)),
        );
        row.push(then.map_or(Cell::Empty, Cell::Score));
        row.push(now.map_or(Cell::Empty, Cell::Score));
        row.push(match (now, then) {
            (Some(a), Some(b)) => Cell::Score(a - b),
            _ => Cell::Empty,
        });
        sheet.row(book, sc.formats, &row)?;
    }
    sheet.finish(book)
}

fn level_of<'v>(v: &'v Visited, lang: &str) -> Cell<'v> {
    v.level.map_or(Cell::Empty, |l| {
        Cell::text(v.pinned.survey.levels[l].label.get(lang))
    })
}

/// What the About sheet says.
pub struct About<'a> {
    pub database: &'a Path,
    pub centre: String,
    pub options: &'a ExportOptions,
    pub responses: usize,
    pub drafts: usize,
}

pub fn about(
    book: &mut Workbook,
    name: &str,
    sc: &SheetContext,
    about: &About,
) -> Result<(), XlsxError> {
    let lang = sc.style.lang;
    let mut sheet = Sheet::add(
        book,
        name,
        headers(
            sc,
            &[("item", "Mục", "Item"), ("value", "Nội dung", "Value")],
        ),
    )?;
    let opts = about.options;
    let session = match opts.session.and_then(|id| sc.ctx.sessions.get(&id)) {
        Some(s) => s.name.clone(),
        None => lang.pick("tất cả các hội thảo", "all sessions").to_owned(),
    };
    let surveys: Vec<String> = sc
        .ctx
        .surveys
        .iter()
        .map(|p| format!("{} {}", p.survey.id, p.survey.version))
        .collect();
    let mut flags = vec![format!("--lang {}", lang.code())];
    for (on, flag) in [(opts.codes, "--codes"), (opts.anonymize, "--anonymize")] {
        if on {
            flags.push(flag.to_owned());
        }
    }
    let now = chrono::Local::now();
    let rows: Vec<(&str, Cell)> = vec![
        (
            lang.pick("Trung tâm", "Centre"),
            Cell::owned(about.centre.clone()),
        ),
        (
            lang.pick("Xuất lúc", "Exported at"),
            Cell::owned(now.format("%d/%m/%Y %H:%M").to_string()),
        ),
        (
            lang.pick("Cơ sở dữ liệu", "Database"),
            Cell::owned(about.database.display().to_string()),
        ),
        (lang.pick("Hội thảo", "Sessions"), Cell::owned(session)),
        (
            lang.pick("Khảo sát", "Surveys"),
            Cell::owned(surveys.join(", ")),
        ),
        (
            lang.pick("Tuỳ chọn", "Options"),
            Cell::owned(flags.join(" ")),
        ),
        (
            lang.pick("Số phiếu", "Responses"),
            Cell::Count(about.responses),
        ),
        (
            lang.pick(
                "Phiếu nháp không tính trong Hỗ trợ",
                "Drafts left out of the follow-up",
            ),
            Cell::Count(about.drafts),
        ),
        (
            lang.pick("Chương trình", "Program"),
            Cell::owned(format!("sansang {}", env!("CARGO_PKG_VERSION"))),
        ),
    ];
    for (item, value) in rows {
        sheet.row(book, sc.formats, &[Cell::text(item), value])?;
    }
    sheet.finish(book)
}

/// Per session and survey, each dimension's average over the responses that count (each
/// establishment's latest there, complete), with how many counted and how many drafts were
/// left out: the numbers of the session sheet and the dashboard (`fieldwork::summaries`).
/// The dimensions are the newest version's among the responses; others match by id.
pub fn averages(
    book: &mut Workbook,
    name: &str,
    sc: &SheetContext,
    tracker: &Tracker,
) -> Result<(), XlsxError> {
    let mut sheet = Sheet::add(
        book,
        name,
        headers(
            sc,
            &[
                ("session", "Hội thảo", "Session"),
                ("session_date", "Ngày", "Date"),
                ("survey", "Khảo sát", "Survey"),
                ("dimension", "Mã khía cạnh", "Dimension id"),
                ("dimension_title", "Khía cạnh", "Dimension"),
                ("average", "Điểm trung bình", "Average"),
                (
                    "establishments",
                    "Số cơ sở được tính",
                    "Establishments counted",
                ),
                (
                    "drafts_left_out",
                    "Số phiếu nháp không tính",
                    "Drafts left out",
                ),
            ],
        ),
    )?;
    let mut groups: Vec<_> = tracker.at_sessions.iter().collect();
    groups.sort_by_cached_key(|((session, survey), _)| {
        let s = sc.ctx.sessions.get(session);
        (
            s.map(|s| s.date),
            s.map(|s| collation_key(&s.name)),
            *session,
            survey.clone(),
        )
    });
    for ((session, _), rows) in groups {
        let Some(columns) = rows
            .values()
            .map(|r| &r.pinned)
            .max_by(|a, b| compare_versions(&a.survey.version, &b.survey.version))
        else {
            continue;
        };
        // In establishment order: summed in the map's order, which changes from run to run,
        // an average could differ in its last digit between two exports of the same data.
        let mut counted: Vec<_> = rows.values().filter(|r| r.counts).collect();
        counted.sort_unstable_by_key(|r| r.establishment);
        let drafts = rows.len() - counted.len();
        let columns = &columns.survey;
        let s = sc.ctx.sessions.get(session);
        for dim in &columns.dimensions {
            let average = mean(counted.iter().filter_map(|r| {
                let own = &r.pinned.survey;
                let i = own.dimensions.iter().position(|d| d.id == dim.id)?;
                r.dimensions[i]
            }));
            let Some(average) = average else { continue };
            sheet.row(
                book,
                sc.formats,
                &[
                    s.map_or(Cell::Empty, |s| Cell::text(&s.name)),
                    s.map_or(Cell::Empty, |s| Cell::Date(s.date)),
                    super::super::rows::survey_cell(columns, sc.style),
                    Cell::text(&dim.id),
                    Cell::text(dim.title.get(sc.l())),
                    Cell::Score(average),
                    Cell::Count(counted.len()),
                    Cell::Count(drafts),
                ],
            )?;
        }
    }
    sheet.finish(book)
}
