//! The result card's and the dashboard's actions: computed once when they open.

use super::workshop::{back_to_session, selected_line};
use super::*;
use crate::tui::entry::scored;

/// The result card of the selected establishment's current survey (from the
/// session screen), or of the response just entered.
pub(super) fn show_result(app: &mut App) {
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
        let card = scored(&survey, &stored);
        (survey, r, line.establishment, card)
    };
    let previous = previous_card(app, &survey, &response);
    app.result = Some(ResultView::new(survey, establishment, card, previous));
    app.screen = Screen::Result;
}

/// A dashboard row in the columns of `shown`, from a card scored with `own` (another
/// version of the same survey when the response was recorded against one): dimensions
/// and levels are matched by id and by label.
fn dash_row(
    shown: &Survey,
    own: &Survey,
    card: &crate::survey::Scorecard,
    line: &EstablishmentLine,
    response: Option<&ResponseRow>,
) -> DashRow {
    let dimension = |id: &str| {
        let i = own.dimensions.iter().position(|d| d.id == id)?;
        card.dimensions[i].score
    };
    let level = card.level.and_then(|l| {
        let label = &own.levels[l].label;
        shown.levels.iter().position(|x| &x.label == label)
    });
    DashRow {
        name: line.establishment.name.clone(),
        index: card.index,
        level,
        dimensions: shown.dimensions.iter().map(|d| dimension(&d.id)).collect(),
        complete: response.is_some_and(|r| r.complete),
    }
}

/// The same establishment's response to the same survey at the visit before this
/// one. Visits are ordered by their workshop's date, not by when they were typed in:
/// paper forms of an earlier workshop are often keyed in after a later one.
pub(super) fn previous_card(
    app: &App,
    survey: &Arc<Survey>,
    response: &ResponseRow,
) -> Option<(NaiveDate, crate::survey::Scorecard)> {
    let dates: HashMap<Uuid, NaiveDate> = app
        .records
        .sessions()
        .ok()?
        .into_iter()
        .map(|s| (s.id, s.date))
        .collect();
    let visit = |r: &ResponseRow| (dates.get(&r.session_id).copied(), r.created_at);
    let this = visit(response);
    let all = app
        .records
        .establishment_responses(response.establishment_id)
        .ok()?;
    let before = all
        .into_iter()
        .filter(|r| r.survey_id == survey.id && r.id != response.id && visit(r) < this)
        .max_by_key(|r| visit(r))?;
    let earlier = app.survey_of(&before)?;
    let stored = app.records.answers(before.id).ok()?;
    let date = visit(&before)
        .0
        .unwrap_or_else(|| before.created_at.date_naive());
    Some((date, scored(&earlier, &stored)))
}

pub(super) fn result(app: &mut App, action: Action) {
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

pub(super) fn show_dashboard(app: &mut App) {
    let Some(view) = app.session.as_ref() else {
        return;
    };
    let Some(survey) = app.surveys.get(app.survey).cloned() else {
        return;
    };
    let mut rows = Vec::with_capacity(view.lines.len());
    for line in &view.lines {
        let response = line.surveys[app.survey].response.as_ref();
        // Each response is scored with the definition it was recorded against,
        // as on the session screen and in `sansang score`.
        let card = response.and_then(|r| {
            let own = app.survey_of(r)?;
            let stored = app.records.answers(r.id).ok()?;
            Some((scored(&own, &stored), own))
        });
        rows.push(match card {
            Some((card, own)) => dash_row(&survey, &own, &card, line, response),
            None => DashRow {
                name: line.establishment.name.clone(),
                index: None,
                level: None,
                dimensions: vec![None; survey.dimensions.len()],
                complete: response.is_some_and(|r| r.complete),
            },
        });
    }
    app.dashboard = Some(Dashboard::new(survey, rows));
    app.screen = Screen::Dashboard;
}

pub(super) fn dashboard(app: &mut App, action: Action) {
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

/// The session's spreadsheet, written where `App::export_dir` says; the status line
/// says where it went (or why it could not be written).
pub(super) fn export_session(app: &mut App) {
    let Some(view) = app.session.as_ref() else {
        return;
    };
    let written = app
        .records
        .export_session(view.session.id, &app.export_dir, app.lang);
    app.status = Some(match written {
        Ok(path) => (S::Exported, Some(path.display().to_string())),
        Err(why) => (S::ExportFailed, Some(why)),
    });
}
