//! The sessions, session and entry screens' actions.

use super::reports::{export_session, show_dashboard, show_result};
use super::*;

pub(super) fn sessions(app: &mut App, action: Action) {
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

pub(super) fn submit_session(app: &mut App) {
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

pub(super) fn session(app: &mut App, action: Action) {
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
        Action::Export => export_session(app),
        Action::Esc => {
            app.session = None;
            app.reload_sessions();
            app.screen = Screen::Sessions;
        }
        _ => {}
    }
}

pub(super) fn submit_establishment(app: &mut App) {
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

pub(super) fn select_establishment(app: &mut App, id: Uuid) {
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

pub(super) fn refresh_picker(app: &mut App) {
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

pub(super) fn picker(app: &mut App, action: Action) {
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

pub(super) fn selected_line(app: &App) -> Option<&EstablishmentLine> {
    let view = app.session.as_ref()?;
    view.shown.get(view.selected).map(|&i| &view.lines[i])
}

pub(super) fn start_entry(app: &mut App) {
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
                // A different text already pinned under this version wins.
                Ok(r) => (r.clone(), app.survey_of(&r).unwrap_or(survey)),
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

pub(super) fn back_to_session(app: &mut App) {
    app.reload_session();
    app.screen = Screen::Session;
}

pub(super) fn entry(app: &mut App, action: Action) {
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
    let typed = entry.question().is_some_and(crate::tui::entry::is_typed);
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
