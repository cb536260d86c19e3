//! The session screen's actions: its establishments, the filter, the form for a new
//! establishment, the picker for an existing one, and starting an entry.

use uuid::Uuid;

use super::results::{export_session, show_dashboard, show_result};
use super::{Action, App, Picker, Screen, SessionView, edit, form_keys};
use crate::fieldwork::summaries::Line;
use crate::store::{Establishment, Session};
use crate::survey::collate::collation_key;
use crate::tui::entry::Entry;
use crate::tui::form::{Form, FormKind};
use crate::tui::strings::{Detail, S};
use crate::tui::widgets::text_field::TextField;

pub(super) fn open(app: &mut App, session: Session) {
    app.session = Some(SessionView {
        session,
        lines: Vec::new(),
        shown: Vec::new(),
        selected: 0,
        filter: TextField::default(),
        filtering: false,
        states: super::StateFilter::All,
        form: None,
        picker: None,
        confirm: None,
    });
    reload(app);
    app.screen = Screen::Session;
}

pub(super) fn reload(app: &mut App) {
    let Some(id) = app.session.as_ref().map(|s| s.session.id) else {
        return;
    };
    let ids = app.survey_ids();
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    let survey = app.survey;
    match app.fieldwork.session_lines(id, &ids) {
        Ok(mut lines) => {
            lines.sort_by_cached_key(|l| collation_key(&l.establishment.name));
            if let Some(view) = app.session.as_mut() {
                view.lines = lines;
                refilter(view, survey);
            }
        }
        Err(why) => app.fail(S::SaveFailed, why),
    }
}

/// The lines the filter and the state filter let through. `/` matches only what the list
/// shows of each: the name and the commune.
fn refilter(view: &mut SessionView, survey: usize) {
    let query = view.filter.committed();
    view.shown = (0..view.lines.len())
        .filter(|&i| {
            let line = &view.lines[i];
            let e = &line.establishment;
            let state = line.standings.get(survey).map(|s| s.state);
            state.is_none_or(|s| view.states.admits(s))
                && (query.is_empty()
                    || crate::survey::text::matches(&format!("{} {}", e.name, e.commune), &query))
        })
        .collect();
    view.selected = view.selected.min(view.shown.len().saturating_sub(1));
}

pub(super) fn back(app: &mut App) {
    reload(app);
    app.screen = Screen::Session;
}

pub(super) fn act(app: &mut App, action: Action) {
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
    if view.confirm.is_some() {
        return super::changes::confirm(app, action);
    }
    let survey = app.survey;
    if view.filtering {
        match action {
            Action::Enter | Action::Down => view.filtering = false,
            Action::Esc => {
                view.filter.clear();
                view.filtering = false;
                refilter(view, survey);
            }
            other => {
                if edit(&mut view.filter, &other) {
                    refilter(view, survey);
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
        Action::CycleStates => {
            view.states = view.states.next();
            refilter(view, survey);
        }
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
            app.survey = (app.survey + 1) % app.surveys.len().max(1);
            refilter(view, app.survey);
        }
        Action::Enter => start_entry(app),
        Action::ShowResult => show_result(app),
        Action::ShowDashboard => show_dashboard(app),
        Action::Export => export_session(app),
        Action::OpenFile => super::results::open_written(app),
        Action::Edit => super::changes::edit(app),
        Action::Delete => super::changes::ask(app, super::Confirm::Remove),
        Action::DeleteResponse => super::changes::ask(app, super::Confirm::Delete),
        Action::ResetResponse => super::changes::ask(app, super::Confirm::Reset),
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
    if let FormKind::EditEstablishment(id) = form.kind {
        return super::changes::submit_edit(app, id);
    }
    let name = form.value(0);
    if name.is_empty() {
        return form.refuse(0, (S::NameNeeded, None));
    }
    let commune = form.value(3);
    if !form.warned_duplicate {
        match app.fieldwork.likely_duplicates(&name, &commune) {
            Ok(found) if !found.is_empty() => {
                let detail = super::changes::duplicate_text(&found[0], app.lang);
                form.error = Some((S::Duplicate, Some(Detail::Text(detail))));
                form.warned_duplicate = true;
                return;
            }
            Ok(_) => {}
            Err(why) => return app.fail(S::SaveFailed, why),
        }
    }
    let mut e = match form.kind() {
        Some(kind) => Establishment::new(&name, kind),
        None => Establishment::named(&name),
    };
    e.sector = form.value(2);
    e.commune = commune;
    e.province = form.value(4);
    let session = view.session.id;
    let added = app.fieldwork.add_establishment(e, Some(session));
    match added {
        Ok(e) => {
            if let Some(view) = app.session.as_mut() {
                view.form = None;
            }
            reload(app);
            select_establishment(app, e.id);
        }
        Err(why) => app.fail(S::SaveFailed, why),
    }
}

pub(super) fn select_establishment(app: &mut App, id: Uuid) {
    let survey = app.survey;
    if let Some(view) = app.session.as_mut() {
        view.filter.clear();
        view.states = super::StateFilter::All;
        refilter(view, survey);
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
    let Some(query) = app
        .session
        .as_ref()
        .and_then(|v| v.picker.as_ref())
        .map(|p| p.query.committed())
    else {
        return;
    };
    let query = Some(query.as_str()).filter(|q| !q.trim().is_empty());
    match app.fieldwork.store().establishments(query) {
        Ok(found) => {
            if let Some(picker) = app.session.as_mut().and_then(|v| v.picker.as_mut()) {
                let mut found = found;
                found.sort_by_cached_key(|e| collation_key(&e.name));
                picker.results = found;
                picker.selected = picker.selected.min(picker.results.len().saturating_sub(1));
            }
        }
        Err(why) => app.fail(S::SaveFailed, why.into()),
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
            match app.fieldwork.store().join_session(session, e.id) {
                Ok(()) => {
                    reload(app);
                    select_establishment(app, e.id);
                }
                Err(why) => app.fail(S::SaveFailed, why.into()),
            }
        }
        other => {
            if edit(&mut picker.query, &other) {
                refresh_picker(app);
            }
        }
    }
}

/// The selected establishment's line.
pub(super) fn selected_line(app: &App) -> Option<&Line> {
    let view = app.session.as_ref()?;
    view.shown.get(view.selected).map(|&i| &view.lines[i])
}

/// Enter on an establishment: its response to the current survey at this session, resumed,
/// or a new one.
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
    let existing = line.standings[app.survey].scored.clone();
    let scored = match existing {
        Some(scored) => scored,
        None => {
            let started = app.fieldwork.start_response(
                session,
                line.establishment.id,
                &survey.id,
                Some(&survey.version),
            );
            match started.and_then(|s| app.fieldwork.score(&s.response)) {
                Ok(scored) => scored,
                Err(why) => return app.fail(S::SaveFailed, why),
            }
        }
    };
    let resume = app.positions.get(&scored.response.id).copied();
    app.entry = Some(Entry::open(scored, line.establishment, resume));
    app.screen = Screen::Entry;
}
