//! The workshop app: its state, the actions that change it, and `update`,
//! the one place where state changes. Rendering (screens/) only reads `App`.
//! Every rule (what a response scores, which is the latest, how a draft counts) is the
//! application layer's (`crate::fieldwork`); the app only keeps what the screens show.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;
use uuid::Uuid;

mod changes;
mod entry;
pub mod place;
mod results;
mod session;
mod sessions;

use super::entry::{Entry, Notice};
use super::form::Form;
use super::strings::{Detail, Lang, S};
use super::views::{Dashboard, ResultView};
use super::widgets::text_field::TextField;
use crate::fieldwork::summaries::{Line, SessionSummary};
use crate::fieldwork::{Fieldwork, FieldworkError};
use crate::store::{Establishment, Session};
use crate::survey::Survey;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Welcome,
    Sessions,
    Session,
    Entry,
    Result,
    Dashboard,
}

/// Everything a key (or the terminal) can ask for. The keymap decides which
/// action a key means on the current screen; `update` carries it out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Quit,
    ToggleLanguage,
    ToggleHelp,
    /// The terminal's size, in columns and rows (at start and on every change).
    Resize(u16, u16),
    /// A quiet moment after a frame: slower reads (the sessions' counts).
    Background,
    Up,
    Down,
    PageUp,
    PageDown,
    Left,
    Right,
    Home,
    End,
    Enter,
    Tab,
    BackTab,
    Esc,
    /// A character typed into the focused text field.
    Char(char),
    Paste(String),
    Backspace,
    Delete,
    /// A digit outside text fields: picks an option.
    Digit(u32),
    Space,
    NewSession,
    Demo,
    AddEstablishment,
    PickEstablishment,
    Filter,
    SwitchSurvey,
    ShowResult,
    ShowDashboard,
    /// Write the session's spreadsheet.
    Export,
    NotApplicable,
    Guidance,
    Finish,
    Reverse,
    /// Edit the selected session or establishment.
    Edit,
    /// The next state filter of the session screen.
    CycleStates,
    /// Delete the selected establishment's response to the current survey.
    DeleteResponse,
    /// Clear every answer of that response.
    ResetResponse,
    /// `y` in a confirmation.
    Yes,
    /// Write the printable result sheet.
    Print,
    /// Open the file just written with the system's viewer.
    OpenFile,
}

/// Which establishments the session screen lists, by their state in the current survey.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StateFilter {
    #[default]
    All,
    NotStarted,
    Drafts,
    Done,
}

impl StateFilter {
    pub fn next(self) -> StateFilter {
        match self {
            StateFilter::All => StateFilter::NotStarted,
            StateFilter::NotStarted => StateFilter::Drafts,
            StateFilter::Drafts => StateFilter::Done,
            StateFilter::Done => StateFilter::All,
        }
    }

    pub fn admits(self, state: crate::fieldwork::state::State) -> bool {
        use crate::fieldwork::state::State;
        match self {
            StateFilter::All => true,
            StateFilter::NotStarted => matches!(state, State::NotStarted | State::Deleted),
            StateFilter::Drafts => state.is_draft(),
            StateFilter::Done => state == State::Complete,
        }
    }
}

/// A change that waits for the trainer's `y`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirm {
    /// Take the selected establishment out of the session.
    Remove,
    /// Delete its response to the current survey.
    Delete,
    /// Clear every answer of that response.
    Reset,
}

/// The search that picks an establishment from any session.
#[derive(Debug, Clone, PartialEq)]
pub struct Picker {
    pub query: TextField,
    pub results: Vec<Establishment>,
    pub selected: usize,
}

#[derive(Debug, Clone)]
pub struct SessionView {
    pub session: Session,
    pub lines: Vec<Line>,
    /// Indexes into `lines` that pass the filter.
    pub shown: Vec<usize>,
    pub selected: usize,
    pub filter: TextField,
    pub filtering: bool,
    pub states: StateFilter,
    pub form: Option<Form>,
    pub picker: Option<Picker>,
    pub confirm: Option<Confirm>,
}

/// A session on the sessions screen; its counts come after the first frame.
#[derive(Debug, Clone)]
pub struct SessionItem {
    pub session: Session,
    pub summary: Option<SessionSummary>,
}

pub struct App {
    pub lang: Lang,
    /// The terminal's columns and rows: below the minimum nothing but quitting acts.
    pub size: (u16, u16),
    pub screen: Screen,
    pub help: bool,
    pub quit: bool,
    pub status: Option<Notice>,
    pub today: NaiveDate,
    /// Where the session's spreadsheet (`x`) and the result sheets (`p`) go.
    pub export_dir: PathBuf,
    /// The file written last, which `o` opens.
    pub written: Option<PathBuf>,
    /// The newest version of each survey: new responses use these.
    pub surveys: Vec<Arc<Survey>>,
    /// Which of `surveys` the session screen and dashboard work on.
    pub survey: usize,
    pub sessions: Vec<SessionItem>,
    pub selected: usize,
    pub session_form: Option<Form>,
    pub session: Option<SessionView>,
    pub entry: Option<Entry>,
    pub result: Option<ResultView>,
    pub dashboard: Option<Dashboard>,
    fieldwork: Fieldwork,
    /// Where each response was left, so it resumes there.
    positions: HashMap<Uuid, usize>,
    /// The place last saved in the settings (see `place`).
    left_at: Option<place::Place>,
    background: bool,
}

impl App {
    pub fn new(fieldwork: Fieldwork, today: NaiveDate) -> App {
        let catalog = fieldwork.catalog();
        let mut ids: Vec<&str> = Vec::new();
        for e in catalog.entries() {
            if !ids.contains(&e.survey.id.as_str()) {
                ids.push(&e.survey.id);
            }
        }
        let surveys = ids
            .iter()
            .filter_map(|id| catalog.get(id, None).cloned().map(Arc::new))
            .collect();
        let mut app = App {
            lang: Lang::Vi,
            // Until the event loop reads the terminal's: the smallest size laid out in full.
            size: (super::screens::MIN_WIDTH, super::screens::MIN_HEIGHT),
            screen: Screen::Sessions,
            help: false,
            quit: false,
            status: None,
            today,
            export_dir: crate::platform::exports_folder(Some(fieldwork.store().path())),
            written: None,
            surveys,
            survey: 0,
            sessions: Vec::new(),
            selected: 0,
            session_form: None,
            session: None,
            entry: None,
            result: None,
            dashboard: None,
            fieldwork,
            positions: HashMap::new(),
            left_at: None,
            background: false,
        };
        app.reload_sessions();
        if app.sessions.is_empty() {
            app.screen = Screen::Welcome;
        }
        place::reopen(&mut app);
        app
    }

    /// The workshop database and its rules, as the app works on them.
    pub fn fieldwork(&self) -> &Fieldwork {
        &self.fieldwork
    }

    /// Closes the database cleanly (the window is closing).
    pub fn close(self) -> Result<(), crate::store::StoreError> {
        self.fieldwork.close()
    }

    /// Whether the window is too small to show the screens: keys would act unseen.
    pub fn too_small(&self) -> bool {
        self.size.0 < super::screens::MIN_WIDTH || self.size.1 < super::screens::MIN_HEIGHT
    }

    /// Whether keys go to a text field (letters are text, not commands).
    pub fn typing(&self) -> bool {
        match self.screen {
            Screen::Welcome | Screen::Sessions => self.session_form.is_some(),
            Screen::Session => self
                .session
                .as_ref()
                .is_some_and(|s| s.form.is_some() || s.picker.is_some() || s.filtering),
            Screen::Entry => self.entry.as_ref().is_some_and(|e| {
                e.reason.is_some() || e.question().is_some_and(super::entry::is_typed)
            }),
            Screen::Result | Screen::Dashboard => false,
        }
    }

    /// Shows why something could not be done, in the screen's language.
    fn fail(&mut self, what: S, why: FieldworkError) {
        self.status = Some((what, Some(Detail::Error(Arc::new(why)))));
    }

    /// The survey ids of the session screen's columns.
    fn survey_ids(&self) -> Vec<String> {
        self.surveys.iter().map(|s| s.id.clone()).collect()
    }

    /// The sessions at once; their counts wait for `Action::Background`, so the
    /// list is on screen before every response has been read.
    fn reload_sessions(&mut self) {
        match self.fieldwork.store().sessions() {
            Ok(list) => {
                self.sessions = list
                    .into_iter()
                    .map(|session| SessionItem {
                        session,
                        summary: None,
                    })
                    .collect();
                self.background = true;
            }
            Err(why) => self.fail(S::SaveFailed, why.into()),
        }
        self.selected = self.selected.min(self.sessions.len().saturating_sub(1));
    }

    /// Whether work waits for a quiet moment (the event loop runs it after a frame).
    pub fn pending(&self) -> bool {
        self.background
    }

    fn count_sessions(&mut self) {
        self.background = false;
        let ids = self.survey_ids();
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        for i in 0..self.sessions.len() {
            let session = self.sessions[i].session.clone();
            match self.fieldwork.session_summary(session, &ids) {
                Ok(summary) => self.sessions[i].summary = Some(summary),
                Err(why) => return self.fail(S::SaveFailed, why),
            }
        }
    }
}

/// Carries out one action. Every state change of the app goes through here.
pub fn update(app: &mut App, action: Action) {
    match action {
        Action::Quit => {
            if let Some(entry) = app.entry.as_mut().filter(|_| app.screen == Screen::Entry) {
                entry.leave(&app.fieldwork);
            }
            app.quit = true;
            return place::remember(app);
        }
        Action::ToggleLanguage => {
            app.lang = app.lang.other();
            return place::remember(app);
        }
        Action::ToggleHelp => return app.help = !app.help,
        Action::Resize(width, height) => return app.size = (width, height),
        Action::Background => return app.count_sessions(),
        _ => {}
    }
    if app.help {
        // Any key closes the help; Esc and Enter only that, the others also act,
        // so nothing typed while it was open is lost.
        app.help = false;
        if matches!(action, Action::Esc | Action::Enter) {
            return;
        }
    }
    app.status = None;
    match app.screen {
        Screen::Welcome | Screen::Sessions => sessions::act(app, action),
        Screen::Session => session::act(app, action),
        Screen::Entry => entry::act(app, action),
        Screen::Result => results::result(app, action),
        Screen::Dashboard => results::dashboard(app, action),
    }
    if app.screen != Screen::Entry {
        place::remember(app);
    }
}

/// Text editing shared by every field: true when the action was an edit.
fn edit(field: &mut TextField, action: &Action) -> bool {
    match action {
        Action::Char(c) => field.insert(*c),
        Action::Paste(s) => field.paste(s),
        Action::Backspace => field.backspace(),
        Action::Delete => field.delete(),
        Action::Left => field.left(),
        Action::Right => field.right(),
        Action::Home => field.home(),
        Action::End => field.end(),
        _ => return false,
    }
    true
}

/// A form's keys: `Some(true)` when it is submitted, `Some(false)` when cancelled.
fn form_keys(form: &mut Form, action: Action) -> Option<bool> {
    match action {
        Action::Esc => return Some(false),
        Action::Tab | Action::Down => form.next(),
        Action::BackTab | Action::Up => form.prev(),
        Action::Finish => return Some(true),
        Action::Enter if form.focus + 1 == form.fields.len() => return Some(true),
        Action::Enter => form.next(),
        Action::Char(c) => form.input(c),
        Action::Left => form.step(false),
        Action::Right => form.step(true),
        other => form.edit(|f| {
            edit(f, &other);
        }),
    }
    None
}
