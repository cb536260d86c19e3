//! Result sheets from the database: what the TUI and `sansang report` call.

use std::path::{Path, PathBuf};

use uuid::Uuid;

use super::html::report::{SheetVisit, establishment_sheet};
use super::html::session::{follow_up_page, session_sheet};
use super::strings::Lang;
use super::{ExportError, write_atomic};
use crate::fieldwork::Fieldwork;
use crate::fieldwork::visits::latest;
use crate::store::ResponseFilter;

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
        let session = store
            .session(v.response.session_id)?
            .map_or_else(String::new, |s| s.name);
        outcomes.push((fieldwork.result_card(&v.response)?, session));
    }
    let sheets: Vec<SheetVisit> = outcomes
        .iter()
        .map(|(outcome, session)| SheetVisit {
            outcome,
            session: session.clone(),
        })
        .collect();
    write_page(out, force, &establishment_sheet(&est, &sheets, lang))
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
    write_page(out, force, &session_sheet(&s, &boards, &follow_up, lang))
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
    write_page(out, force, &follow_up_page(&scope, &list, lang))
}

fn write_page(out: &Path, force: bool, html: &str) -> Result<PathBuf, ExportError> {
    write_atomic(out, force, |w| {
        w.write_all(html.as_bytes())
            .map_err(|e| ExportError::io(out, e))
    })?;
    Ok(out.to_path_buf())
}
