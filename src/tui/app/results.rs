//! The result card's and the dashboard's actions (computed once when they open), and the
//! session's spreadsheet.

use std::sync::Arc;

use super::{Action, App, Screen};
use crate::fieldwork::Pinned;
use crate::fieldwork::summaries::Board;
use crate::tui::strings::{Detail, S};
use crate::tui::views::{Dashboard, ResultView};

/// The result card of the selected establishment's current survey (from the
/// session screen or the dashboard), or of the response just entered.
pub(super) fn show_result(app: &mut App) {
    let back = match app.screen {
        Screen::Dashboard => Screen::Dashboard,
        _ => Screen::Session,
    };
    let response = match app.screen {
        Screen::Entry => {
            let Some(e) = app.entry.take() else { return };
            e.response
        }
        Screen::Dashboard => {
            let Some(row) = app.dashboard.as_ref().and_then(|d| d.selected_row()) else {
                return;
            };
            row.scored.response.clone()
        }
        _ => {
            let Some(line) = super::session::selected_line(app) else {
                return;
            };
            let Some(scored) = &line.standings[app.survey].scored else {
                return;
            };
            scored.response.clone()
        }
    };
    match app.fieldwork.result_card(&response) {
        Ok(outcome) => {
            app.result = Some(ResultView::new(outcome, back));
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
            let back = view.back;
            app.result = None;
            match back {
                Screen::Dashboard => app.screen = Screen::Dashboard,
                _ => super::session::back(app),
            }
        }
        Action::Up => view.scroll = view.scroll.saturating_sub(1),
        Action::Down => view.scroll = view.scroll.saturating_add(1).min(60),
        Action::PageUp => view.scroll = view.scroll.saturating_sub(10),
        Action::PageDown => view.scroll = view.scroll.saturating_add(10).min(60),
        Action::Print => print_sheet(app),
        Action::OpenFile => open_written(app),
        _ => {}
    }
}

/// `p`: the establishment's printable sheet (the HTML of `sansang report --establishment`:
/// each survey's latest visit, compared with the one before) written beside the
/// spreadsheets; an earlier sheet is kept under the next free name.
fn print_sheet(app: &mut App) {
    let Some(view) = app.result.as_ref() else {
        return;
    };
    let e = &view.outcome.establishment;
    let folder = std::path::absolute(&app.export_dir).unwrap_or_else(|_| app.export_dir.clone());
    let name = crate::platform::file_name(&e.name, &app.today.to_string(), "html");
    let written = std::fs::create_dir_all(&folder)
        .map_err(|why| why.to_string())
        .and_then(|()| {
            for n in 1..1000 {
                let out = folder.join(match n {
                    1 => name.clone(),
                    n => name.replacen(".html", &format!("-{n}.html"), 1),
                });
                if out.exists() {
                    continue;
                }
                return crate::export::report::establishment_report(
                    &app.fieldwork,
                    e.id,
                    app.lang,
                    &out,
                    false,
                )
                .map_err(|why| why.to_string());
            }
            Err(format!(
                "{}: too many sheets of this establishment",
                folder.display()
            ))
        });
    wrote(app, S::Printed, S::PrintFailed, written);
}

/// Says where a file went (the whole path) and keeps it for `o`, or says why it was not
/// written.
fn wrote(app: &mut App, done: S, failed: S, written: Result<std::path::PathBuf, String>) {
    app.status = Some(match written {
        Ok(path) => {
            app.written = Some(path.clone());
            (done, Some(Detail::Path(path)))
        }
        Err(why) => (failed, Some(Detail::Text(why))),
    });
}

/// `o`: the file just written, in the system's viewer.
pub(super) fn open_written(app: &mut App) {
    let Some(path) = app.written.clone() else {
        return;
    };
    if let Err(why) = crate::platform::open_file(&path) {
        app.status = Some((S::OpenFailed, Some(Detail::Text(why.to_string()))));
    } else {
        app.status = Some((S::Printed, Some(Detail::Path(path))));
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
        Action::Up => board.selected = board.selected.saturating_sub(1),
        Action::Down => board.selected = (board.selected + 1).min(last),
        Action::PageUp => board.selected = board.selected.saturating_sub(20),
        Action::PageDown => board.selected = (board.selected + 20).min(last),
        Action::Enter | Action::ShowResult => show_result(app),
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
    let folder = std::path::absolute(&app.export_dir).unwrap_or_else(|_| app.export_dir.clone());
    let written =
        crate::export::write_session_workbook(&app.fieldwork, &view.session, &folder, app.lang)
            .map_err(|why| why.to_string());
    wrote(app, S::Exported, S::ExportFailed, written);
}
