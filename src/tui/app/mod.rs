//! The workshop app: its state, the actions that change it, and `update`,
//! the one place where state changes. Rendering (screens/) only reads `App`.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;
use uuid::Uuid;

mod reports;
mod workshop;

use reports::{dashboard, result};
use workshop::{entry, session, sessions};

use super::data::{EstablishmentRow, Records, ResponseRow, SessionRow, SessionSummary};
use super::entry::{Entry, Notice, parse_stored};
use super::form::{Form, parse_date};
use super::report::{DashRow, Dashboard, ResultView};
use super::strings::{Lang, S};
use super::widgets::text_field::TextField;
use crate::survey::text::Text;
use crate::survey::{Catalog, Kind, Survey, load_survey, score};

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
    /// The terminal changed size: only a redraw is needed.
    Redraw,
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
}

/// One survey of one establishment at the session, as the list shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct SurveyStatus {
    pub response: Option<ResponseRow>,
    pub index: Option<f64>,
    pub level: Option<Text>,
    /// Share of the shown questions answered, 0..=100.
    pub progress: u8,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EstablishmentLine {
    pub establishment: EstablishmentRow,
    /// In the order of `App::surveys`.
    pub surveys: Vec<SurveyStatus>,
}

/// The search that picks an establishment from any session.
#[derive(Debug, Clone, PartialEq)]
pub struct Picker {
    pub query: TextField,
    pub results: Vec<EstablishmentRow>,
    pub selected: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SessionView {
    pub session: SessionRow,
    pub lines: Vec<EstablishmentLine>,
    /// Indexes into `lines` that pass the filter.
    pub shown: Vec<usize>,
    pub selected: usize,
    pub filter: TextField,
    pub filtering: bool,
    pub form: Option<Form>,
    pub picker: Option<Picker>,
}

pub struct App {
    pub lang: Lang,
    pub screen: Screen,
    pub help: bool,
    pub quit: bool,
    pub status: Option<Notice>,
    pub today: NaiveDate,
    /// Where the session's spreadsheet goes (`x` on the session screen).
    pub export_dir: PathBuf,
    /// The newest version of each survey: new responses use these.
    pub surveys: Vec<Arc<Survey>>,
    /// Which of `surveys` the session screen and dashboard work on.
    pub survey: usize,
    pub sessions: Vec<SessionSummary>,
    pub selected: usize,
    pub session_form: Option<Form>,
    pub session: Option<SessionView>,
    pub entry: Option<Entry>,
    pub result: Option<ResultView>,
    pub dashboard: Option<Dashboard>,
    records: Box<dyn Records>,
    catalog: Catalog,
    /// Where each response was left, so it resumes there.
    positions: HashMap<Uuid, usize>,
    background: bool,
}

impl App {
    pub fn new(records: Box<dyn Records>, catalog: Catalog, today: NaiveDate) -> App {
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
            screen: Screen::Sessions,
            help: false,
            quit: false,
            status: None,
            today,
            export_dir: crate::platform::exports_folder(records.database()),
            surveys,
            survey: 0,
            sessions: Vec::new(),
            selected: 0,
            session_form: None,
            session: None,
            entry: None,
            result: None,
            dashboard: None,
            records,
            catalog,
            positions: HashMap::new(),
            background: false,
        };
        app.reload_sessions();
        if app.sessions.is_empty() {
            app.screen = Screen::Welcome;
        }
        app
    }

    pub fn records(&self) -> &dyn Records {
        self.records.as_ref()
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

    fn fail(&mut self, why: String) {
        self.status = Some((S::SaveFailed, Some(why)));
    }

    /// The sessions at once; their counts wait for `Action::Background`, so the
    /// list is on screen before every response has been read.
    fn reload_sessions(&mut self) {
        match self.records.sessions() {
            Ok(list) => {
                self.sessions = list
                    .into_iter()
                    .map(|session| SessionSummary {
                        session,
                        counts: None,
                    })
                    .collect();
                self.background = true;
            }
            Err(why) => self.fail(why),
        }
        self.selected = self.selected.min(self.sessions.len().saturating_sub(1));
    }

    /// Whether work waits for a quiet moment (the event loop runs it after a frame).
    pub fn pending(&self) -> bool {
        self.background
    }

    fn count_sessions(&mut self) {
        self.background = false;
        for i in 0..self.sessions.len() {
            match self.records.session_counts(self.sessions[i].session.id) {
                Ok(counts) => self.sessions[i].counts = Some(counts),
                Err(why) => return self.fail(why),
            }
        }
    }

    /// The survey a response was recorded against: its pinned text, read
    /// through the catalog's copy when the two are the same (the usual case).
    fn survey_of(&self, r: &ResponseRow) -> Option<Arc<Survey>> {
        let (id, version) = (r.survey_id.as_str(), r.survey_version.as_str());
        let pinned = self.records.survey_source(id, version).ok().flatten();
        let shipped = self.catalog.entry(id, Some(version));
        match (pinned, shipped) {
            (Some(text), entry) if entry.is_none_or(|e| e.source != text) => {
                load_survey("pinned", text.as_bytes())
                    .ok()
                    .map(|l| Arc::new(l.survey))
            }
            (_, Some(entry)) => Some(
                self.surveys
                    .iter()
                    .find(|s| s.id == id && s.version == version)
                    .cloned()
                    .unwrap_or_else(|| Arc::new(entry.survey.clone())),
            ),
            (_, None) => None,
        }
    }

    fn status_of(&self, r: &ResponseRow) -> SurveyStatus {
        let mut status = SurveyStatus {
            response: Some(r.clone()),
            index: None,
            level: None,
            progress: 0,
        };
        let (Some(survey), Ok(stored)) = (self.survey_of(r), self.records.answers(r.id)) else {
            return status;
        };
        let answers = parse_stored(&survey, &stored);
        let card = score(&survey, &answers);
        let askable: Vec<&crate::survey::Question> = survey
            .questions
            .iter()
            .zip(&card.questions)
            .filter(|(q, s)| s.shown && !matches!(q.kind, Kind::Note))
            .map(|(q, _)| q)
            .collect();
        let answered = askable
            .iter()
            .filter(|q| answers.contains_key(&q.id))
            .count();
        status.progress = (100 * answered / askable.len().max(1)) as u8;
        status.index = card.index;
        status.level = card.level.map(|l| survey.levels[l].label.clone());
        status
    }

    fn open_session(&mut self, session: SessionRow) {
        self.session = Some(SessionView {
            session,
            lines: Vec::new(),
            shown: Vec::new(),
            selected: 0,
            filter: TextField::default(),
            filtering: false,
            form: None,
            picker: None,
        });
        self.reload_session();
        self.screen = Screen::Session;
    }

    fn reload_session(&mut self) {
        let Some(id) = self.session.as_ref().map(|s| s.session.id) else {
            return;
        };
        let (establishments, responses) = match (
            self.records.session_establishments(id),
            self.records.session_responses(id),
        ) {
            (Ok(e), Ok(r)) => (e, r),
            (Err(why), _) | (_, Err(why)) => return self.fail(why),
        };
        let lines = establishments
            .into_iter()
            .map(|e| EstablishmentLine {
                surveys: self
                    .surveys
                    .iter()
                    .map(|s| {
                        responses
                            .iter()
                            .filter(|r| r.establishment_id == e.id && r.survey_id == s.id)
                            .max_by_key(|r| r.created_at)
                            .map_or(
                                SurveyStatus {
                                    response: None,
                                    index: None,
                                    level: None,
                                    progress: 0,
                                },
                                |r| self.status_of(r),
                            )
                    })
                    .collect(),
                establishment: e,
            })
            .collect();
        if let Some(view) = self.session.as_mut() {
            view.lines = lines;
            refilter(view);
        }
    }
}

fn refilter(view: &mut SessionView) {
    let query = view.filter.committed();
    view.shown = (0..view.lines.len())
        .filter(|&i| {
            let e = &view.lines[i].establishment;
            query.is_empty()
                || crate::survey::text::matches(
                    &format!("{} {} {}", e.name, e.sector, e.commune),
                    &query,
                )
        })
        .collect();
    view.selected = view.selected.min(view.shown.len().saturating_sub(1));
}

/// Carries out one action. Every state change of the app goes through here.
pub fn update(app: &mut App, action: Action) {
    match action {
        Action::Quit => {
            if let Some(entry) = app.entry.as_mut().filter(|_| app.screen == Screen::Entry) {
                entry.leave(app.records.as_mut());
            }
            app.quit = true;
            return;
        }
        Action::ToggleLanguage => return app.lang = app.lang.other(),
        Action::ToggleHelp => return app.help = !app.help,
        Action::Redraw => return,
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
        Screen::Welcome | Screen::Sessions => sessions(app, action),
        Screen::Session => session(app, action),
        Screen::Entry => entry(app, action),
        Screen::Result => result(app, action),
        Screen::Dashboard => dashboard(app, action),
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
