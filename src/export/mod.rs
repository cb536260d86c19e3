//! What leaves the laptop: spreadsheets, JSON, printable result sheets and
//! blank forms. Everything here is written through `safe_write`, so a failure
//! never leaves half a file and an existing file is kept unless forced.

pub mod cell;
pub mod html;
pub mod keys;
pub mod safe_write;
pub mod strings;

pub use keys::{KeyedChoice, entry_keys};
pub use safe_write::{ExportError, write_atomic};
pub use strings::Lang;

pub mod context;
pub mod csv;
pub mod json;
pub mod report;
pub mod rows;
pub mod xlsx;

use std::path::PathBuf;

use uuid::Uuid;

use crate::fieldwork::{Fieldwork, Unreadable};
use context::Context;

pub use crate::fieldwork::names::CENTRE_SETTING;

/// The kinds of file `sansang export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Xlsx,
    Json,
}

/// What to export and where; the TUI and the command line fill this in.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    pub format: ExportFormat,
    pub out: PathBuf,
    pub session: Option<Uuid>,
    pub survey: Option<String>,
    /// Drop names, contact people and phone numbers; establishments become pseudonyms.
    pub anonymize: bool,
    /// CSV only: one row per answer instead of one per response.
    pub long: bool,
    /// Replace `out` if it exists.
    pub force: bool,
    /// The language of headers and labels; `None`: the first survey's.
    pub lang: Option<Lang>,
    /// Headers and values as the stable ids and values (for scripts) instead of words.
    pub codes: bool,
    /// CSV only: the column separator, `,` or `;` (Excel with the Vietnamese regional setting).
    pub sep: u8,
}

impl ExportOptions {
    /// The responses these options export: their session and survey, if given.
    pub fn filter(&self) -> crate::store::ResponseFilter {
        crate::store::ResponseFilter {
            session: self.session,
            survey: self.survey.clone(),
        }
    }

    pub fn new(format: ExportFormat, out: impl Into<PathBuf>) -> ExportOptions {
        ExportOptions {
            format,
            out: out.into(),
            session: None,
            survey: None,
            anonymize: false,
            long: false,
            force: false,
            lang: None,
            codes: false,
            sep: b',',
        }
    }

    /// How the rows of this export speak, with `ctx` deciding the language when none is given.
    pub fn style(&self, ctx: &Context) -> rows::Style {
        rows::Style {
            lang: self.lang.unwrap_or_else(|| ctx.default_lang()),
            codes: self.codes,
            anonymize: self.anonymize,
        }
    }
}

/// What an export wrote: the file, how many responses, and the stored
/// answers it could not read (kept raw in the file, left out of scores).
#[derive(Debug, Clone)]
pub struct Exported {
    pub path: PathBuf,
    pub responses: usize,
    pub warnings: Vec<String>,
}

impl Exported {
    fn new(opts: &ExportOptions) -> Exported {
        Exported {
            path: opts.out.clone(),
            responses: 0,
            warnings: Vec::new(),
        }
    }

    /// One response written (by its id), with what of it could not be read. The scan's
    /// workers hand over only the id: the record is dropped on the worker that read it, not
    /// on the writing thread, which has the file to write.
    fn note(&mut self, response: Uuid, unreadable: &[Unreadable]) {
        self.responses += 1;
        for u in unreadable {
            self.warnings.push(format!(
                "response {} question {}: the stored answer does not fit the survey ({}); it is exported as stored and left out of the scores",
                response, u.question, u.why
            ));
        }
    }
}

impl ExportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Json => "json",
        }
    }
}

/// A file name for one session's export that any system can hold:
/// "hoi-thao-phu-luong-2026-03-10.xlsx" (the rules are `platform::file_name`).
pub fn file_name_for(session: &crate::store::Session, format: ExportFormat) -> String {
    crate::platform::file_name(&session.name, &session.date.to_string(), format.extension())
}

/// Write the export `opts` asks for, atomically; returns what was written.
pub fn export(fieldwork: &Fieldwork, opts: &ExportOptions) -> Result<Exported, ExportError> {
    let store = fieldwork.store();
    if let Some(session) = opts.session
        && store.session(session)?.is_none()
    {
        return Err(ExportError::Refused(format!(
            "there is no session with id {session} in {}; list the sessions to find the right id",
            store.path().display()
        )));
    }
    let ctx = Context::load(fieldwork, opts.survey.as_deref())?;
    if let Some(survey) = &opts.survey
        && !ctx.pinned.iter().any(|(id, _)| id == survey)
    {
        return Err(ExportError::Refused(format!(
            "no responses to survey \"{survey}\" are stored; the stored surveys are {}",
            ctx.pinned
                .iter()
                .map(|(id, v)| format!("{id} {v}"))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    write_atomic(&opts.out, opts.force, |w| match opts.format {
        ExportFormat::Csv => csv::write(fieldwork, &ctx, opts, w),
        ExportFormat::Json => json::write(fieldwork, &ctx, opts, w),
        ExportFormat::Xlsx => xlsx::write(fieldwork, &ctx, opts, w),
    })
}

/// The workbook of one session (every sheet of `sansang export --format xlsx`) written into
/// `folder` under the session's file name; an earlier export of the same session is kept
/// (the next free "-2", "-3"… name). Returns the path written.
pub fn write_session_workbook(
    fieldwork: &Fieldwork,
    session: &crate::store::Session,
    folder: &std::path::Path,
    lang: Lang,
) -> Result<PathBuf, ExportError> {
    std::fs::create_dir_all(folder).map_err(|e| ExportError::io(folder, e))?;
    let mut options = ExportOptions::new(ExportFormat::Xlsx, PathBuf::new());
    options.session = Some(session.id);
    options.lang = Some(lang);
    let name = file_name_for(session, ExportFormat::Xlsx);
    for n in 1..1000 {
        options.out = folder.join(match n {
            1 => name.clone(),
            n => name.replacen(".xlsx", &format!("-{n}.xlsx"), 1),
        });
        match export(fieldwork, &options) {
            Err(ExportError::Exists { .. }) => continue,
            done => return done.map(|e| e.path),
        }
    }
    Err(ExportError::Refused(format!(
        "{}: too many exports of this session; move some away",
        folder.display()
    )))
}
