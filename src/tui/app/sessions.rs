//! The welcome and sessions screens' actions: open a session, a new one, the demo.

use std::sync::Arc;

use super::{App, Screen, form_keys};
use crate::fieldwork::names::centre_answer;
use crate::store::Session;
use crate::tui::form::{Form, FormKind, Label, parse_date};
use crate::tui::strings::{Detail, S};

pub(super) fn act(app: &mut App, action: super::Action) {
    use super::Action;
    if let Some(form) = app.session_form.as_mut() {
        match form_keys(form, action) {
            Some(true) => submit(app),
            Some(false) => app.session_form = None,
            None => {}
        }
        return;
    }
    match action {
        Action::NewSession => {
            let ask_centre = app.fieldwork.centre_unasked();
            app.session_form = Some(Form::session(app.today, ask_centre));
        }
        Action::Edit => {
            if let Some(s) = app.sessions.get(app.selected) {
                app.session_form = Some(Form::edit_session(&s.session));
            }
        }
        Action::Demo => demo(app),
        Action::Up => app.selected = app.selected.saturating_sub(1),
        Action::Down => app.selected = (app.selected + 1).min(app.sessions.len().saturating_sub(1)),
        Action::Enter if app.screen == Screen::Sessions => {
            if let Some(s) = app.sessions.get(app.selected) {
                let session = s.session.clone();
                super::session::open(app, session);
            }
        }
        _ => {}
    }
}

/// Adds the demo workshop (the same generator as `sansang demo`) and opens its latest session.
fn demo(app: &mut App) {
    let store = app.fieldwork.store();
    let before: Vec<uuid::Uuid> = match store.sessions() {
        Ok(s) => s.iter().map(|s| s.id).collect(),
        Err(why) => return app.fail(S::SaveFailed, why.into()),
    };
    let options = crate::demo::Options::default();
    let added = crate::demo::generate(store, app.fieldwork.catalog(), &options)
        .and_then(|_| store.sessions());
    match added {
        Ok(sessions) => {
            app.reload_sessions();
            if let Some(newest) = sessions.into_iter().find(|s| !before.contains(&s.id)) {
                super::session::open(app, newest);
            }
        }
        Err(why) => app.fail(S::SaveFailed, why.into()),
    }
}

fn submit(app: &mut App) {
    let Some(form) = app.session_form.as_mut() else {
        return;
    };
    let name = form.value(0);
    let Some(date) = parse_date(&form.value(1)) else {
        return form.refuse(1, (S::BadDate, None));
    };
    if name.is_empty() {
        return form.refuse(0, (S::NameNeeded, None));
    }
    let centre = form.find(Label::Text(S::FieldCentre));
    let typed_centre = centre.map(|i| form.value(i)).unwrap_or_default();
    if let Some(i) = centre
        && let Err(why) = centre_answer(&typed_centre)
    {
        return form.refuse(i, (S::SaveFailed, Some(Detail::Error(Arc::new(why)))));
    }
    let store = app.fieldwork.store();
    let mut session = match form.kind {
        FormKind::EditSession(id) => match store.find_session(id) {
            Ok(s) => s,
            Err(why) => return app.fail(S::SaveFailed, why.into()),
        },
        _ => Session::new(&name, date),
    };
    session.name = name;
    session.date = date;
    session.commune = form.value(2);
    session.province = form.value(3);
    session.trainer = form.value(4);
    let saved = match form.kind {
        FormKind::EditSession(_) => app.fieldwork.edit_session(session),
        _ => app.fieldwork.create_session(session),
    };
    let edited = matches!(form.kind, FormKind::EditSession(_));
    match saved {
        Ok(session) => {
            if centre.is_some() {
                keep_centre(app, &typed_centre);
            }
            app.session_form = None;
            app.reload_sessions();
            if edited {
                app.status = Some((S::Edited, None));
            } else {
                super::session::open(app, session);
            }
        }
        Err(why) => app.fail(S::SaveFailed, why),
    }
}

/// Keeps the centre's name typed with the first new session (or that it was left blank); a
/// failure to keep it costs nothing but being asked again.
fn keep_centre(app: &mut App, typed: &str) {
    if let Err(why) = app.fieldwork.answer_centre(typed) {
        app.fail(S::SaveFailed, why);
    }
}
