//! The result card's and the dashboard's actions (computed once when they open), and the
//! session's spreadsheet.

use std::sync::Arc;

use super::{Action, App, Screen};
use crate::fieldwork::Pinned;
use crate::fieldwork::summaries::Board;
use crate::tui::strings::{Detail, S};
use crate::tui::views::{Dashboard, ResultView};

/// The result card of the selected establishment's current survey (from the
/// session screen), or of the response just entered.
pub(super) fn show_result(app: &mut App) {
    let response = if app.screen == Screen::Entry {
        let Some(e) = app.entry.take() else { return };
        e.response
    } else {
        let Some(line) = super::session::selected_line(app) else {
            return;
        };
        let Some(scored) = &line.standings[app.survey].scored else {
            return;
        };
        scored.response.clone()
    };
    match app.fieldwork.result_card(&response) {
        Ok(outcome) => {
            app.result = Some(ResultView::new(outcome));
            app.screen = Screen::Result;
        }
        Err(why) => {
            app.fail(S::SaveFailed, why);
            super::session::back(app);
        }
    }
}

pub(super) fn result(app: &mut App, action: Action) {
    let Some(view) = app.result.as_mut() else {
        return;
    };
    match action {
        Action::Esc | Action::Enter => {
            app.result = None;
            super::session::back(app);
        }
        Action::Up => view.scroll = view.scroll.saturating_sub(1),
        Action::Down => view.scroll = view.scroll.saturating_add(1).min(60),
        Action::PageUp => view.scroll = view.scroll.saturating_sub(10),
        Action::PageDown => view.scroll = view.scroll.saturating_add(10).min(60),
        _ => {}
    }
}

pub(super) fn show_dashboard(app: &mut App) {
    let (Some(view), Some(survey)) = (app.session.as_ref(), app.surveys.get(app.survey)) else {
        return;
    };
    let board = match app.fieldwork.board(view.session.id, &survey.id) {
        Ok(Some(board)) => board,
        // Nobody answered it here yet: an empty board in the survey's columns.
        Ok(None) => Board::new(Arc::new(Pinned::new(survey.as_ref().clone())), Vec::new()),
        Err(why) => return app.fail(S::SaveFailed, why),
    };
    app.dashboard = Some(Dashboard::new(board));
    app.screen = Screen::Dashboard;
}

pub(super) fn dashboard(app: &mut App, action: Action) {
    let Some(board) = app.dashboard.as_mut() else {
        return;
    };
    let last = board.order.len().saturating_sub(1);
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

/// The session's spreadsheet, written where `App::export_dir` says; the status line
/// says where it went (or why it could not be written).
pub(super) fn export_session(app: &mut App) {
    let Some(view) = app.session.as_ref() else {
        return;
    };
    let written = crate::export::write_session_workbook(
        &app.fieldwork,
        &view.session,
        &app.export_dir,
        app.lang,
    );
    app.status = Some(match written {
        Ok(path) => (S::Exported, Some(Detail::Text(path.display().to_string()))),
        Err(why) => (S::ExportFailed, Some(Detail::Text(why.to_string()))),
    });
}
