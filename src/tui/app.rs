//! The workshop app: its state, the actions that change it, and `update`,
//! the one place where state changes. Rendering (screens/) only reads `App`.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use uuid::Uuid;

use super::data::{EstablishmentRow, Records, ResponseRow, SessionRow, SessionSummary};
use super::entry::{Entry, Notice};
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

    fn reload_sessions(&mut self) {
        match self.records.sessions() {
            Ok(list) => self.sessions = list,
            Err(why) => self.fail(why),
        }
        self.selected = self.selected.min(self.sessions.len().saturating_sub(1));
    }

    /// The survey a response was recorded against: from the catalog, else its pinned text.
    fn survey_of(&self, r: &ResponseRow) -> Option<Arc<Survey>> {
        if let Some(s) = self
            .surveys
            .iter()
            .find(|s| s.id == r.survey_id && s.version == r.survey_version)
        {
            return Some(s.clone());
        }
        if let Some(s) = self.catalog.get(&r.survey_id, Some(&r.survey_version)) {
            return Some(Arc::new(s.clone()));
        }
        let source = self
            .records
            .survey_source(&r.survey_id, &r.survey_version)
            .ok()??;
        load_survey("pinned", source.as_bytes())
            .ok()
            .map(|l| Arc::new(l.survey))
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
        let entry = Entry::open(survey.clone(), r.clone(), placeholder(), &stored, None);
        let askable: Vec<usize> = (0..survey.questions.len())
            .filter(|&i| entry.visible[i] && !matches!(survey.questions[i].kind, Kind::Note))
            .collect();
        let answered = askable
            .iter()
            .filter(|&&i| entry.answer(i).is_some())
            .count();
        status.progress = (100 * answered / askable.len().max(1)) as u8;
        status.index = entry.card.index;
        status.level = entry.card.level.map(|l| survey.levels[l].label.clone());
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

/// Stands in for the establishment when only the scores of a response are needed.
fn placeholder() -> EstablishmentRow {
    EstablishmentRow {
        id: Uuid::nil(),
        name: String::new(),
        kind: 0,
        sector: String::new(),
        commune: String::new(),
        province: String::new(),
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
        _ => {}
    }
    if app.help {
        if matches!(action, Action::Esc | Action::Enter) {
            app.help = false;
        }
        return;
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

/// A form's keys; `Some(form)` back when it was submitted.
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

fn sessions(app: &mut App, action: Action) {
    if let Some(form) = app.session_form.as_mut() {
        match form_keys(form, action) {
            Some(true) => submit_session(app),
            Some(false) => app.session_form = None,
            None => {}
        }
        return;
    }
    match action {
        Action::NewSession => app.session_form = Some(Form::session(app.today)),
        Action::Demo => match app.records.load_demo(&app.catalog, app.today) {
            Ok(session) => {
                app.reload_sessions();
                app.open_session(session);
            }
            Err(why) => app.fail(why),
        },
        Action::Up => app.selected = app.selected.saturating_sub(1),
        Action::Down => app.selected = (app.selected + 1).min(app.sessions.len().saturating_sub(1)),
        Action::Enter if app.screen == Screen::Sessions => {
            if let Some(s) = app.sessions.get(app.selected) {
                let session = s.session.clone();
                app.open_session(session);
            }
        }
        _ => {}
    }
}

fn submit_session(app: &mut App) {
    let Some(form) = app.session_form.as_mut() else {
        return;
    };
    let name = form.value(0);
    let Some(date) = parse_date(&form.value(1)) else {
        form.error = Some(S::BadDate);
        form.focus = 1;
        return;
    };
    if name.is_empty() {
        form.error = Some(S::NameNeeded);
        form.focus = 0;
        return;
    }
    let row = SessionRow {
        id: Uuid::now_v7(),
        name,
        date,
        commune: form.value(2),
        province: form.value(3),
    };
    match app.records.create_session(row) {
        Ok(session) => {
            app.session_form = None;
            app.reload_sessions();
            app.open_session(session);
        }
        Err(why) => app.fail(why),
    }
}

fn session(app: &mut App, action: Action) {
    let Some(view) = app.session.as_mut() else {
        return;
    };
    if let Some(form) = view.form.as_mut() {
        match form_keys(form, action) {
            Some(true) => submit_establishment(app),
            Some(false) => view.form = None,
            None => {}
        }
        return;
    }
    if view.picker.is_some() {
        return picker(app, action);
    }
    if view.filtering {
        match action {
            Action::Enter | Action::Down => view.filtering = false,
            Action::Esc => {
                view.filter.clear();
                view.filtering = false;
            }
            other => {
                if edit(&mut view.filter, &other) {
                    refilter(view);
                }
            }
        }
        return;
    }
    let count = view.shown.len();
    match action {
        Action::Up => view.selected = view.selected.saturating_sub(1),
        Action::Down => view.selected = (view.selected + 1).min(count.saturating_sub(1)),
        Action::PageUp => view.selected = view.selected.saturating_sub(10),
        Action::PageDown => view.selected = (view.selected + 10).min(count.saturating_sub(1)),
        Action::Filter => view.filtering = true,
        Action::AddEstablishment => {
            view.form = Some(Form::establishment(
                &view.session.commune,
                &view.session.province,
            ))
        }
        Action::PickEstablishment => {
            view.picker = Some(Picker {
                query: TextField::default(),
                results: Vec::new(),
                selected: 0,
            });
            refresh_picker(app);
        }
        Action::SwitchSurvey | Action::Tab => {
            app.survey = (app.survey + 1) % app.surveys.len().max(1)
        }
        Action::Enter => start_entry(app),
        Action::ShowResult => show_result(app),
        Action::ShowDashboard => show_dashboard(app),
        Action::Esc => {
            app.session = None;
            app.reload_sessions();
            app.screen = Screen::Sessions;
        }
        _ => {}
    }
}

fn submit_establishment(app: &mut App) {
    let Some(view) = app.session.as_mut() else {
        return;
    };
    let Some(form) = view.form.as_mut() else {
        return;
    };
    let name = form.value(0);
    if name.is_empty() {
        form.error = Some(S::NameNeeded);
        form.focus = 0;
        return;
    }
    if !form.warned_duplicate {
        let folded = crate::survey::text::fold(&name);
        let same = app.records.search_establishments(&name).map(|found| {
            found
                .iter()
                .any(|e| crate::survey::text::fold(&e.name) == folded)
        });
        if same.unwrap_or(false) {
            form.error = Some(S::Duplicate);
            form.warned_duplicate = true;
            return;
        }
    }
    let row = EstablishmentRow {
        id: Uuid::now_v7(),
        name,
        kind: form.fields[1].choice.unwrap_or(0),
        sector: form.value(2),
        commune: form.value(3),
        province: form.value(4),
    };
    let session = view.session.id;
    let added = app
        .records
        .add_establishment(row)
        .and_then(|e| app.records.join_session(session, e.id).map(|()| e));
    match added {
        Ok(e) => {
            if let Some(view) = app.session.as_mut() {
                view.form = None;
            }
            app.reload_session();
            select_establishment(app, e.id);
        }
        Err(why) => app.fail(why),
    }
}

fn select_establishment(app: &mut App, id: Uuid) {
    if let Some(view) = app.session.as_mut() {
        view.filter.clear();
        refilter(view);
        if let Some(at) = view
            .shown
            .iter()
            .position(|&i| view.lines[i].establishment.id == id)
        {
            view.selected = at;
        }
    }
}

fn refresh_picker(app: &mut App) {
    let Some(picker) = app.session.as_mut().and_then(|v| v.picker.as_mut()) else {
        return;
    };
    match app.records.search_establishments(&picker.query.committed()) {
        Ok(found) => {
            picker.results = found;
            picker.selected = picker.selected.min(picker.results.len().saturating_sub(1));
        }
        Err(why) => app.status = Some((S::SaveFailed, Some(why))),
    }
}

fn picker(app: &mut App, action: Action) {
    let Some(view) = app.session.as_mut() else {
        return;
    };
    let Some(picker) = view.picker.as_mut() else {
        return;
    };
    match action {
        Action::Esc => view.picker = None,
        Action::Up => picker.selected = picker.selected.saturating_sub(1),
        Action::Down => {
            picker.selected = (picker.selected + 1).min(picker.results.len().saturating_sub(1))
        }
        Action::Enter => {
            let Some(e) = picker.results.get(picker.selected).cloned() else {
                return;
            };
            let session = view.session.id;
            view.picker = None;
            match app.records.join_session(session, e.id) {
                Ok(()) => {
                    app.reload_session();
                    select_establishment(app, e.id);
                }
                Err(why) => app.fail(why),
            }
        }
        other => {
            if edit(&mut picker.query, &other) {
                refresh_picker(app);
            }
        }
    }
}

fn selected_line(app: &App) -> Option<&EstablishmentLine> {
    let view = app.session.as_ref()?;
    view.shown.get(view.selected).map(|&i| &view.lines[i])
}

fn start_entry(app: &mut App) {
    let (Some(line), Some(survey)) = (
        selected_line(app).cloned(),
        app.surveys.get(app.survey).cloned(),
    ) else {
        return;
    };
    let Some(session) = app.session.as_ref().map(|v| v.session.id) else {
        return;
    };
    let existing = line.surveys[app.survey].response.clone();
    let (response, survey) = match existing {
        Some(r) => match app.survey_of(&r) {
            Some(s) => (r, s),
            None => {
                return app.fail(format!(
                    "survey {} {} is not available",
                    r.survey_id, r.survey_version
                ));
            }
        },
        None => {
            let source = app
                .catalog
                .entry(&survey.id, Some(&survey.version))
                .map(|e| e.source.clone())
                .unwrap_or_default();
            let row = ResponseRow {
                id: Uuid::now_v7(),
                survey_id: survey.id.clone(),
                survey_version: survey.version.clone(),
                establishment_id: line.establishment.id,
                session_id: session,
                complete: false,
                created_at: chrono::Utc::now(),
            };
            match app.records.start_response(row, &source) {
                Ok(r) => (r, survey),
                Err(why) => return app.fail(why),
            }
        }
    };
    let stored = match app.records.answers(response.id) {
        Ok(a) => a,
        Err(why) => return app.fail(why),
    };
    let resume = app.positions.get(&response.id).copied();
    app.entry = Some(Entry::open(
        survey,
        response,
        line.establishment,
        &stored,
        resume,
    ));
    app.screen = Screen::Entry;
}

fn back_to_session(app: &mut App) {
    app.reload_session();
    app.screen = Screen::Session;
}

fn entry(app: &mut App, action: Action) {
    let Some(entry) = app.entry.as_mut() else {
        return;
    };
    let records = app.records.as_mut();
    if let Some(reason) = entry.reason.as_mut() {
        match action {
            Action::Enter => entry.confirm_reason(records),
            Action::Esc => entry.cancel_reason(),
            other => {
                edit(&mut reason.field, &other);
            }
        }
        return;
    }
    let typed = entry.question().is_some_and(super::entry::is_typed);
    if action == Action::Finish || (action == Action::Enter && entry.at_end()) {
        if entry.finish(records) {
            app.positions.insert(entry.response.id, entry.current);
            show_result(app);
        }
        return;
    }
    match action {
        Action::Esc if entry.leave(records) => {
            app.positions.insert(entry.response.id, entry.current);
            app.entry = None;
            back_to_session(app);
        }
        Action::Esc => {}
        Action::Enter | Action::Tab | Action::Down => entry.next(records),
        Action::BackTab | Action::Up => entry.prev(records),
        Action::PageDown => entry.next_dimension(records),
        Action::PageUp => entry.prev_dimension(records),
        Action::Guidance => entry.guidance = !entry.guidance,
        action if typed => {
            edit(&mut entry.input, &action);
        }
        Action::Digit(d) => entry.digit(d, records),
        Action::Space => entry.toggle(records),
        Action::Left => entry.move_highlight(false),
        Action::Right => entry.move_highlight(true),
        Action::NotApplicable => entry.not_applicable(records),
        _ => {}
    }
}

/// The result card of the selected establishment's current survey (from the
/// session screen), or of the response just entered.
fn show_result(app: &mut App) {
    let (survey, response, establishment, card) = if app.screen == Screen::Entry {
        let Some(e) = app.entry.take() else { return };
        (e.survey, e.response, e.establishment, e.card)
    } else {
        let Some(line) = selected_line(app).cloned() else {
            return;
        };
        let Some(r) = line.surveys[app.survey].response.clone() else {
            return;
        };
        let Some(survey) = app.survey_of(&r) else {
            return;
        };
        let Ok(stored) = app.records.answers(r.id) else {
            return;
        };
        let entry = Entry::open(survey, r, line.establishment, &stored, None);
        (
            entry.survey,
            entry.response,
            entry.establishment,
            entry.card,
        )
    };
    let previous = previous_card(app, &survey, &response);
    app.result = Some(ResultView::new(survey, establishment, card, previous));
    app.screen = Screen::Result;
}

/// The latest earlier response of the same survey by the same establishment.
fn previous_card(
    app: &App,
    survey: &Arc<Survey>,
    response: &ResponseRow,
) -> Option<(NaiveDate, crate::survey::Scorecard)> {
    let all = app
        .records
        .establishment_responses(response.establishment_id)
        .ok()?;
    let before = all
        .into_iter()
        .filter(|r| {
            r.survey_id == survey.id && r.id != response.id && r.created_at < response.created_at
        })
        .max_by_key(|r| r.created_at)?;
    let earlier = app.survey_of(&before)?;
    let stored = app.records.answers(before.id).ok()?;
    let entry = Entry::open(earlier, before.clone(), placeholder(), &stored, None);
    Some((before.created_at.date_naive(), entry.card))
}

fn result(app: &mut App, action: Action) {
    let Some(view) = app.result.as_mut() else {
        return;
    };
    match action {
        Action::Esc | Action::Enter => {
            app.result = None;
            back_to_session(app);
        }
        Action::Up => view.scroll = view.scroll.saturating_sub(1),
        Action::Down => view.scroll = view.scroll.saturating_add(1).min(60),
        Action::PageUp => view.scroll = view.scroll.saturating_sub(10),
        Action::PageDown => view.scroll = view.scroll.saturating_add(10).min(60),
        _ => {}
    }
}

fn show_dashboard(app: &mut App) {
    let Some(view) = app.session.as_ref() else {
        return;
    };
    let Some(survey) = app.surveys.get(app.survey).cloned() else {
        return;
    };
    let mut rows = Vec::with_capacity(view.lines.len());
    for line in &view.lines {
        let response = line.surveys[app.survey].response.as_ref();
        let card = response.and_then(|r| {
            let stored = app.records.answers(r.id).ok()?;
            let entry = Entry::open(survey.clone(), r.clone(), placeholder(), &stored, None);
            Some(entry.card)
        });
        rows.push(DashRow {
            name: line.establishment.name.clone(),
            index: card.as_ref().and_then(|c| c.index),
            level: card.as_ref().and_then(|c| c.level),
            dimensions: card.as_ref().map_or_else(
                || vec![None; survey.dimensions.len()],
                |c| c.dimensions.iter().map(|d| d.score).collect(),
            ),
            complete: response.is_some_and(|r| r.complete),
        });
    }
    app.dashboard = Some(Dashboard::new(survey, rows));
    app.screen = Screen::Dashboard;
}

fn dashboard(app: &mut App, action: Action) {
    let Some(board) = app.dashboard.as_mut() else {
        return;
    };
    let last = board.rows.len().saturating_sub(1);
    match action {
        Action::Esc => {
            app.dashboard = None;
            app.screen = Screen::Session;
        }
        Action::Left => {
            board.sort = (board.sort + board.columns() - 1) % board.columns();
            board.resort();
        }
        Action::Right => {
            board.sort = (board.sort + 1) % board.columns();
            board.resort();
        }
        Action::Reverse => {
            board.descending = !board.descending;
            board.resort();
        }
        Action::Up => board.offset = board.offset.saturating_sub(1),
        Action::Down => board.offset = (board.offset + 1).min(last),
        Action::PageUp => board.offset = board.offset.saturating_sub(20),
        Action::PageDown => board.offset = (board.offset + 20).min(last),
        Action::SwitchSurvey | Action::Tab => {
            app.survey = (app.survey + 1) % app.surveys.len().max(1);
            show_dashboard(app);
        }
        _ => {}
    }
}

/// Scores a stored response outside any screen (the demo uses it).
pub fn scored(
    survey: &Survey,
    stored: &std::collections::BTreeMap<String, serde_json::Value>,
) -> crate::survey::Scorecard {
    let answers = stored
        .iter()
        .filter_map(|(id, v)| Some((id.clone(), survey.question(id)?.parse_answer(v).ok()?)))
        .collect();
    score(survey, &answers)
}
