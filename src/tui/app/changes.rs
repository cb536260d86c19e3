//! Mending mistakes on the workshop screen: editing an establishment, taking it out of the
//! workshop, deleting or resetting its response. The rules (what a deletion leaves, what
//! the audit trail keeps) are the application layer's (`fieldwork::changes`).

use uuid::Uuid;

use super::{Action, App, Confirm};
use crate::fieldwork::changes::Duplicate;
use crate::survey::profile_values::parse;
use crate::tui::form::{Form, Label, profile_fields};
use crate::tui::strings::{Detail, Lang, S};

/// "Mật ong Phạm Xuân Dũng (Phú Đô) ở Hội thảo Phú Lương 2025": what a likely duplicate is
/// and where the trainer met it.
pub(super) fn duplicate_text(d: &Duplicate, lang: Lang) -> String {
    let e = &d.establishment;
    let mut text = e.name.clone();
    if !e.commune.is_empty() {
        text.push_str(&format!(" ({})", e.commune));
    }
    let sessions: Vec<&str> = d.sessions.iter().map(|s| s.name.as_str()).collect();
    if !sessions.is_empty() {
        text.push_str(&format!(" {} {}", S::SameAt.get(lang), sessions.join(", ")));
    }
    text
}

/// `e`: the selected establishment's details and profile in a form.
pub(super) fn edit(app: &mut App) {
    let Some(e) = super::session::selected_line(app).map(|l| l.establishment.clone()) else {
        return;
    };
    let form = Form::edit_establishment(&e, app.lang);
    if let Some(view) = app.session.as_mut() {
        view.form = Some(form);
    }
}

/// Saves the edit form: every field checked first, the record written once.
pub(super) fn submit_edit(app: &mut App, id: Uuid) {
    let mut e = match app.fieldwork.store().find_establishment(id) {
        Ok(e) => e,
        Err(why) => return app.fail(S::SaveFailed, why.into()),
    };
    let Some(form) = app.session.as_mut().and_then(|v| v.form.as_mut()) else {
        return;
    };
    let text = |label: S| form.find(Label::Text(label)).map(|i| form.value(i));
    e.name = text(S::FieldName).unwrap_or_default();
    if e.name.is_empty() {
        return form.refuse(0, (S::NameNeeded, None));
    }
    e.sector = text(S::FieldSector).unwrap_or_default();
    e.commune = text(S::FieldCommune).unwrap_or_default();
    e.province = text(S::FieldProvince).unwrap_or_default();
    e.contact_person = text(S::FieldContact).unwrap_or_default();
    e.phone = text(S::FieldPhone).unwrap_or_default();
    e.notes = text(S::FieldNotes).unwrap_or_default();
    e.profile.kind = form.kind();
    for field in profile_fields() {
        let Some(i) = form.find(Label::Profile(field)) else {
            continue;
        };
        let set =
            parse(field, &form.value(i)).and_then(|value| e.profile.set(field, value.as_ref()));
        if let Err(why) = set {
            return form.refuse(i, (S::Refused, Some(Detail::Text(why))));
        }
    }
    match app.fieldwork.edit_establishment(e) {
        Ok(e) => {
            if let Some(view) = app.session.as_mut() {
                view.form = None;
            }
            super::session::reload(app);
            super::session::select_establishment(app, e.id);
            app.status = Some((S::Edited, None));
        }
        Err(why) => app.fail(S::SaveFailed, why),
    }
}

/// Asks before a change that takes something out of the workshop's counts.
pub(super) fn ask(app: &mut App, what: Confirm) {
    let Some(line) = super::session::selected_line(app) else {
        return;
    };
    let has_response = line.standings[app.survey].scored.is_some();
    if what != Confirm::Remove && !has_response {
        app.status = Some((S::NoResponse, None));
        return;
    }
    if let Some(view) = app.session.as_mut() {
        view.confirm = Some(what);
    }
}

/// The answer to the question `ask` put: `y` does it, Esc or `n` does not; nothing else acts.
pub(super) fn confirm(app: &mut App, action: Action) {
    let Some(view) = app.session.as_mut() else {
        return;
    };
    let Some(what) = view.confirm else { return };
    match action {
        Action::Yes => {
            view.confirm = None;
            carry_out(app, what);
        }
        Action::Esc => view.confirm = None,
        _ => {}
    }
}

fn carry_out(app: &mut App, what: Confirm) {
    let (Some(line), Some(session)) = (
        super::session::selected_line(app).cloned(),
        app.session.as_ref().map(|v| v.session.id),
    ) else {
        return;
    };
    let response = line.standings[app.survey]
        .scored
        .as_ref()
        .map(|s| s.response.id);
    let fw = &app.fieldwork;
    let reason = |s: S| s.get(app.lang);
    let done = match (what, response) {
        (Confirm::Remove, _) => fw
            .leave_session(session, line.establishment.id, reason(S::ReasonRemoved))
            .map(|()| S::Removed),
        (Confirm::Delete, Some(r)) => fw
            .delete_response(r, reason(S::ReasonDeleted))
            .map(|_| S::ResponseDeleted),
        (Confirm::Reset, Some(r)) => fw
            .reset_response(r, reason(S::ReasonReset))
            .map(|_| S::ResponseReset),
        (_, None) => return,
    };
    match done {
        Ok(said) => {
            if let Some(r) = response {
                app.positions.remove(&r);
            }
            super::session::reload(app);
            app.status = Some((said, Some(Detail::Text(line.establishment.name.clone()))));
        }
        Err(why) => app.fail(S::SaveFailed, why),
    }
}
