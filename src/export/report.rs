//! Result sheets from the database: what the TUI and `sansang report` call.

use std::path::{Path, PathBuf};

use uuid::Uuid;

use super::html::Head;
use super::html::report::{SheetVisit, establishment_sheet};
use super::html::session::{Progress, follow_up_page, session_sheet};
use super::strings::Lang;
use super::{ExportError, write_atomic};
use crate::fieldwork::Fieldwork;
use crate::fieldwork::summaries::{Board, mean};
use crate::fieldwork::visits::latest;
use crate::store::ResponseFilter;

/// The centre's name as set with `sansang config set centre` or in the screens, or nothing.
fn centre(fieldwork: &Fieldwork) -> Result<String, ExportError> {
    Ok(fieldwork.centre()?.unwrap_or_default())
}

/// The sheet of one establishment: per survey its latest visit, compared
/// with the visit before. Returns the path written.
pub fn establishment_report(
    fieldwork: &Fieldwork,
    establishment: Uuid,
    lang: Lang,
    out: &Path,
    force: bool,
) -> Result<PathBuf, ExportError> {
    let store = fieldwork.store();
    let est = store.find_establishment(establishment)?;
    let visits = fieldwork.visits(establishment)?;
    let mut surveys: Vec<&str> = Vec::new();
    for v in &visits {
        if !surveys.contains(&v.response.survey_id.as_str()) {
            surveys.push(&v.response.survey_id);
        }
    }
    let mut outcomes = Vec::new();
    for survey in surveys {
        let Some(v) = latest(visits.iter().filter(|v| v.response.survey_id == survey)) else {
            continue;
        };
        let session = store.session(v.response.session_id)?;
        outcomes.push((fieldwork.result_card(&v.response)?, session));
    }
    // The full surveys lead; the hall's screenings follow them (stable: visit order within).
    outcomes.sort_by_key(|(card, _)| card.survey().screens.is_some());
    let sheets: Vec<SheetVisit> = outcomes
        .iter()
        .map(|(outcome, session)| SheetVisit {
            outcome,
            session: session.clone(),
        })
        .collect();
    let centre = centre(fieldwork)?;
    write_page(
        out,
        force,
        &establishment_sheet(&est, &sheets, &centre, lang),
    )
}

/// The sheet of one workshop: each establishment's latest response per survey.
pub fn session_report(
    fieldwork: &Fieldwork,
    session: Uuid,
    lang: Lang,
    out: &Path,
    force: bool,
) -> Result<PathBuf, ExportError> {
    let s = fieldwork.store().find_session(session)?;
    let boards = fieldwork.boards(session)?;
    let follow_up = fieldwork.follow_up(&ResponseFilter {
        session: Some(session),
        survey: None,
    })?;
    let progress = boards
        .iter()
        .map(|b| progress(fieldwork, b, lang))
        .collect::<Result<Vec<_>, _>>()?;
    let head = Head::new(&centre(fieldwork)?, Some(&s));
    write_page(
        out,
        force,
        &session_sheet(&s, &boards, &progress, &follow_up, &head, lang),
    )
}

/// How many dimensions a session's progress names as having moved most.
const MOVED: usize = 3;

/// The board's complete responses against each establishment's visit before (the result
/// card's, `fieldwork::results`): indexes then and now, level moves, dimensions moved most.
fn progress(fieldwork: &Fieldwork, board: &Board, lang: Lang) -> Result<Progress, ExportError> {
    let columns = &board.columns.survey;
    let mut p = Progress {
        survey: columns.id.clone(),
        indexes: Vec::new(),
        level_up: 0,
        level_same: 0,
        level_down: 0,
        moved: Vec::new(),
    };
    let mut changes: Vec<Vec<f64>> = vec![Vec::new(); columns.dimensions.len()];
    for row in board.rows.iter().filter(|r| r.state.counts()) {
        let card = fieldwork.result_card(&row.scored.response)?;
        let Some(before) = card.previous else {
            continue;
        };
        if let (Some(then), Some(now)) = (before.card.index, row.scored.card.index) {
            p.indexes.push((then, now));
        }
        if let (Some(then), Some(now)) = (before.card.level, row.scored.card.level) {
            match now.cmp(&then) {
                std::cmp::Ordering::Greater => p.level_up += 1,
                std::cmp::Ordering::Equal => p.level_same += 1,
                std::cmp::Ordering::Less => p.level_down += 1,
            }
        }
        for (d, dim) in columns.dimensions.iter().enumerate() {
            let earlier = before
                .pinned
                .survey
                .dimensions
                .iter()
                .position(|x| x.id == dim.id)
                .and_then(|i| before.card.dimensions[i].score);
            if let (Some(then), Some(now)) = (earlier, row.dimension(&board.columns, d)) {
                changes[d].push(now - then);
            }
        }
    }
    let mut moved: Vec<(String, f64)> = columns
        .dimensions
        .iter()
        .zip(&changes)
        .filter_map(|(dim, c)| {
            let label = format!("{}. {}", dim.id, dim.title.get(lang.code()));
            Some((label, mean(c.iter().copied())?))
        })
        .collect();
    moved.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
    moved.truncate(MOVED);
    p.moved = moved;
    Ok(p)
}

/// The follow-up list of one session, or of every session (each
/// establishment's latest response per survey).
pub fn follow_up_report(
    fieldwork: &Fieldwork,
    session: Option<Uuid>,
    lang: Lang,
    out: &Path,
    force: bool,
) -> Result<PathBuf, ExportError> {
    let scope = match session {
        Some(id) => fieldwork.store().find_session(id)?.name,
        None => lang.pick("tất cả các phiên", "all sessions").to_owned(),
    };
    let list = fieldwork.follow_up(&ResponseFilter {
        session,
        survey: None,
    })?;
    let session = match session {
        Some(id) => Some(fieldwork.store().find_session(id)?),
        None => None,
    };
    let head = Head::new(&centre(fieldwork)?, session.as_ref());
    write_page(out, force, &follow_up_page(&scope, &list, &head, lang))
}

fn write_page(out: &Path, force: bool, html: &str) -> Result<PathBuf, ExportError> {
    write_atomic(out, force, |w| {
        w.write_all(html.as_bytes())
            .map_err(|e| ExportError::io(out, e))
    })?;
    Ok(out.to_path_buf())
}
