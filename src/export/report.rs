//! Result sheets from the database: what the TUI and `sansang report` call.

use std::path::{Path, PathBuf};

use uuid::Uuid;

use super::context::{Context, check};
use super::followup::{Scored, follow_up};
use super::html::report::{Earlier, EstablishmentInfo, Visit, establishment_sheet};
use super::html::session::{Participant, follow_up_page, session_sheet};
use super::strings::Lang;
use super::{ExportError, write_atomic};
use crate::store::{Establishment, Response, Store};

/// The sheet of one establishment: per survey its latest visit, compared
/// with the visit before. Returns the path written.
pub fn establishment_report(
    store: &Store,
    establishment: Uuid,
    lang: Lang,
    out: &Path,
    force: bool,
) -> Result<PathBuf, ExportError> {
    let est = store.find_establishment(establishment)?;
    let ctx = Context::load(store)?;
    let mut responses = store.establishment_responses(establishment)?;
    responses.sort_by_key(|r| (visit_date(&ctx, r), r.updated_at));
    let mut surveys: Vec<String> = Vec::new();
    for r in &responses {
        if !surveys.contains(&r.survey_id) {
            surveys.push(r.survey_id.clone());
        }
    }
    let mut visits = Vec::new();
    for survey_id in surveys {
        let of_survey: Vec<&Response> = responses
            .iter()
            .filter(|r| r.survey_id == survey_id)
            .collect();
        let latest = of_survey[of_survey.len() - 1];
        let survey = ctx.survey_of(latest)?;
        let card = check(survey, &store.answers(latest.id)?).card;
        let previous = match of_survey.len() {
            n if n >= 2 => {
                let p = of_survey[n - 2];
                let ps = ctx.survey_of(p)?;
                Some(Earlier {
                    survey: ps,
                    date: visit_date(&ctx, p),
                    card: check(ps, &store.answers(p.id)?).card,
                })
            }
            _ => None,
        };
        visits.push(Visit {
            survey,
            date: visit_date(&ctx, latest),
            session: ctx
                .sessions
                .get(&latest.session_id)
                .map_or_else(String::new, |s| s.name.clone()),
            card,
            previous,
        });
    }
    let html = establishment_sheet(&info(&est), &visits, lang);
    write_page(out, force, &html)
}

/// The sheet of one workshop: each establishment's latest response per survey.
pub fn session_report(
    store: &Store,
    session: Uuid,
    lang: Lang,
    out: &Path,
    force: bool,
) -> Result<PathBuf, ExportError> {
    let s = store.find_session(session)?;
    let ctx = Context::load(store)?;
    let mut responses = store.session_responses(session)?;
    responses.sort_by_key(|r| r.updated_at);
    let mut latest: Vec<&Response> = Vec::new();
    for r in responses.iter().rev() {
        if !latest
            .iter()
            .any(|l| l.establishment_id == r.establishment_id && l.survey_id == r.survey_id)
        {
            latest.push(r);
        }
    }
    latest.reverse();
    let mut participants = Vec::new();
    for r in latest {
        let survey = ctx.survey_of(r)?;
        participants.push(Participant {
            establishment: ctx
                .establishments
                .get(&r.establishment_id)
                .map_or_else(|| r.establishment_id.to_string(), |e| e.name.clone()),
            survey,
            card: check(survey, &store.answers(r.id)?).card,
        });
    }
    let html = session_sheet(&s.name, s.date, &participants, lang);
    write_page(out, force, &html)
}

/// The follow-up list of one session, or of every session (each
/// establishment's latest response per survey).
pub fn follow_up_report(
    store: &Store,
    session: Option<Uuid>,
    lang: Lang,
    out: &Path,
    force: bool,
) -> Result<PathBuf, ExportError> {
    let ctx = Context::load(store)?;
    let (scope, mut responses) = match session {
        Some(id) => (store.find_session(id)?.name, store.session_responses(id)?),
        None => {
            let mut all = Vec::new();
            for s in ctx.sessions.keys() {
                all.extend(store.session_responses(*s)?);
            }
            (
                lang.pick("tất cả các phiên", "all sessions").to_owned(),
                all,
            )
        }
    };
    responses.sort_by_key(|r| (visit_date(&ctx, r), r.updated_at));
    let mut latest: Vec<&Response> = Vec::new();
    for r in responses.iter().rev() {
        if !latest
            .iter()
            .any(|l| l.establishment_id == r.establishment_id && l.survey_id == r.survey_id)
        {
            latest.push(r);
        }
    }
    let mut scored = Vec::new();
    for r in latest {
        let survey = ctx.survey_of(r)?;
        scored.push(Scored {
            establishment: ctx
                .establishments
                .get(&r.establishment_id)
                .map_or_else(|| r.establishment_id.to_string(), |e| e.name.clone()),
            survey,
            card: check(survey, &store.answers(r.id)?).card,
        });
    }
    let html = follow_up_page(&scope, &follow_up(&scored, lang), lang);
    write_page(out, force, &html)
}

fn write_page(out: &Path, force: bool, html: &str) -> Result<PathBuf, ExportError> {
    write_atomic(out, force, |w| {
        w.write_all(html.as_bytes())
            .map_err(|e| ExportError::io(out, e))
    })?;
    Ok(out.to_path_buf())
}

fn visit_date(ctx: &Context, r: &Response) -> chrono::NaiveDate {
    ctx.sessions
        .get(&r.session_id)
        .map_or_else(|| r.created_at.date_naive(), |s| s.date)
}

fn info(e: &Establishment) -> EstablishmentInfo {
    EstablishmentInfo {
        name: e.name.clone(),
        kind: e.kind.label(crate::survey::text::Lang::Vi).to_owned(),
        sector: e.sector.clone(),
        commune: e.commune.clone(),
        province: e.province.clone(),
        contact_person: e.contact_person.clone(),
        phone: e.phone.clone(),
    }
}
