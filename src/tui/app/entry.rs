//! The entry screen's actions: answers, moving between questions, the reason for a change
//! to a complete response, finishing.

use super::results::show_result;
use super::{Action, App, edit};

pub(super) fn act(app: &mut App, action: Action) {
    let Some(entry) = app.entry.as_mut() else {
        return;
    };
    let fieldwork = &app.fieldwork;
    if let Some(reason) = entry.reason.as_mut() {
        match action {
            Action::Enter => entry.confirm_reason(fieldwork),
            Action::Esc => entry.cancel_reason(),
            other => {
                edit(&mut reason.field, &other);
            }
        }
        return;
    }
    let typed = entry.question().is_some_and(crate::tui::entry::is_typed);
    if entry.at_end() && !entry.jump.is_empty() {
        match action {
            Action::Enter => return entry.jump_to_missing(),
            Action::Backspace => return entry.jump_back(),
            Action::Esc => return entry.jump.clear(),
            _ => {}
        }
    }
    if action == Action::Finish || (action == Action::Enter && entry.at_end()) {
        if entry.finish(fieldwork) {
            app.positions.insert(entry.response.id, entry.current);
            show_result(app);
        }
        return;
    }
    match action {
        Action::Esc if entry.leave(fieldwork) => {
            app.positions.insert(entry.response.id, entry.current);
            app.entry = None;
            super::session::back(app);
        }
        Action::Esc => {}
        Action::Enter | Action::Tab | Action::Down => entry.next(fieldwork),
        Action::BackTab | Action::Up => entry.prev(fieldwork),
        Action::PageDown => entry.next_dimension(fieldwork),
        Action::PageUp => entry.prev_dimension(fieldwork),
        Action::Guidance => entry.guidance = !entry.guidance,
        action if typed => {
            edit(&mut entry.input, &action);
        }
        Action::Digit(d) => entry.digit(d, fieldwork),
        Action::Space => entry.toggle(fieldwork),
        Action::Left => entry.move_highlight(false),
        Action::Right => entry.move_highlight(true),
        Action::NotApplicable => entry.not_applicable(fieldwork),
        _ => {}
    }
}
