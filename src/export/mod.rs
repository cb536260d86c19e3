//! What leaves the laptop: spreadsheets, JSON, printable result sheets and
//! blank forms. Everything here is written through `safe_write`, so a failure
//! never leaves half a file and an existing file is kept unless forced.

pub mod cell;
pub mod followup;
pub mod html;
pub mod keys;
pub mod safe_write;
pub mod strings;

pub use keys::{KeyedChoice, entry_keys};
pub use safe_write::{ExportError, write_atomic};
pub use strings::Lang;

pub mod context;
pub mod csv;
pub mod establishments;
pub mod json;
pub mod merge;
pub mod report;
pub mod rows;
pub mod xlsx;

use std::path::PathBuf;

use uuid::Uuid;

use crate::store::{Response, Store};
use context::{Checked, Context};

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
    pub lang: Lang,
}

impl ExportOptions {
    pub fn new(format: ExportFormat, out: impl Into<PathBuf>) -> ExportOptions {
        ExportOptions {
            format,
            out: out.into(),
            session: None,
            survey: None,
            anonymize: false,
            long: false,
            force: false,
            lang: Lang::default(),
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

    fn note(&mut self, response: &Response, checked: &Checked) {
        self.responses += 1;
        for (question, why) in &checked.unreadable {
            self.warnings.push(format!(
                "response {} question {question}: the stored answer does not fit the survey ({why}); it is exported as stored and left out of the scores",
                response.id
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
pub fn export(store: &Store, opts: &ExportOptions) -> Result<Exported, ExportError> {
    if let Some(session) = opts.session
        && !ctx_has_session(store, session)?
    {
        return Err(ExportError::Refused(format!(
            "there is no session with id {session} in {}; list the sessions to find the right id",
            store.path().display()
        )));
    }
    let ctx = Context::load(store)?;
    if let Some(survey) = &opts.survey
        && ctx.surveys_for(Some(survey)).is_empty()
    {
        return Err(ExportError::Refused(format!(
            "no responses to survey \"{survey}\" are stored; the stored surveys are {}",
            ctx.surveys
                .keys()
                .map(|(id, v)| format!("{id} {v}"))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    write_atomic(&opts.out, opts.force, |w| match opts.format {
        ExportFormat::Csv => csv::write(store, &ctx, opts, w),
        ExportFormat::Json => json::write(store, &ctx, opts, w),
        ExportFormat::Xlsx => xlsx::write(store, &ctx, opts, w),
    })
}

/// What a visit is done with, handed back to be freed on the reading thread.
pub type Leftovers = Box<dyn std::any::Any + Send>;

/// Visit the responses `filter` picks, reading the store on a second thread
/// while `visit` scores and writes on this one, so a large export takes about
/// as long as the slower of the two instead of both added up. What `visit`
/// returns is dropped on the reading thread, which allocated most of it:
/// freeing another thread's memory takes a lock in the system allocator, and
/// with millions of small strings the two threads would mostly wait on it.
pub fn visit_pipelined(
    store: &Store,
    filter: &crate::store::ResponseFilter,
    mut visit: impl FnMut(Response, crate::store::AnswerList) -> Result<Leftovers, ExportError>,
) -> Result<(), ExportError> {
    /// Responses in flight between the threads: enough to keep both busy,
    /// few enough to keep memory flat.
    const IN_FLIGHT: usize = 512;
    std::thread::scope(|scope| {
        let (send, receive) = std::sync::mpsc::sync_channel(IN_FLIGHT);
        let (give_back, taken_back) = std::sync::mpsc::sync_channel::<Leftovers>(2 * IN_FLIGHT);
        let reader = scope.spawn(move || {
            let read = store.visit_responses(filter, |response, answers| {
                taken_back.try_iter().for_each(drop);
                // A closed channel means the writer stopped; its error is the one reported.
                send.send((response, answers))
                    .map_err(|_| ExportError::Refused(String::new()))
            });
            drop(send);
            taken_back.iter().for_each(drop);
            read
        });
        let mut written = Ok(());
        for (response, answers) in receive.iter() {
            match visit(response, answers) {
                Ok(done) => {
                    // Full (the reader is between chunks): drop it here instead.
                    let _ = give_back.try_send(done);
                }
                Err(e) => {
                    written = Err(e);
                    break;
                }
            }
        }
        drop(receive);
        drop(give_back);
        let read = reader
            .join()
            .unwrap_or_else(|_| Err(ExportError::Refused("reading the database failed".into())));
        written.and(read)
    })
}

fn ctx_has_session(store: &Store, id: Uuid) -> Result<bool, ExportError> {
    Ok(store.session(id)?.is_some())
}
