//! The workshop screens over the real database: `Records` for the store.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde_json::Value;
use uuid::Uuid;

use super::data::{Counts, EstablishmentRow, Outcome, Records, ResponseRow, SessionRow};
use super::strings::Lang;
use crate::export::{ExportError, ExportFormat, ExportOptions, export, file_name_for};
use crate::store::{Establishment, EstablishmentKind, Response, ResponseStatus, Session, Store};
use crate::survey::Catalog;

fn text<T>(r: Result<T, crate::store::StoreError>) -> Outcome<T> {
    r.map_err(|e| e.to_string())
}

fn session_row(s: Session) -> SessionRow {
    SessionRow {
        id: s.id,
        name: s.name,
        date: s.date,
        commune: s.commune,
        province: s.province,
    }
}

fn establishment_row(e: Establishment) -> EstablishmentRow {
    EstablishmentRow {
        id: e.id,
        kind: EstablishmentKind::ALL
            .iter()
            .position(|k| *k == e.kind)
            .unwrap_or(0),
        name: e.name,
        sector: e.sector,
        commune: e.commune,
        province: e.province,
    }
}

fn response_row(r: Response) -> ResponseRow {
    ResponseRow {
        id: r.id,
        survey_id: r.survey_id,
        survey_version: r.survey_version,
        establishment_id: r.establishment_id,
        session_id: r.session_id,
        complete: r.status == ResponseStatus::Complete,
        created_at: r.created_at,
    }
}

impl Records for Store {
    fn sessions(&self) -> Outcome<Vec<SessionRow>> {
        text(Store::sessions(self)).map(|v| v.into_iter().map(session_row).collect())
    }

    fn session_counts(&self, session: Uuid) -> Outcome<Counts> {
        Ok(Counts {
            establishments: text(Store::session_establishments(self, session))?.len(),
            complete: text(Store::session_responses(self, session))?
                .iter()
                .filter(|r| r.status == ResponseStatus::Complete)
                .count(),
        })
    }

    fn create_session(&mut self, row: SessionRow) -> Outcome<SessionRow> {
        let mut s = Session::new(&row.name, row.date);
        s.id = row.id;
        s.commune = row.commune;
        s.province = row.province;
        text(Store::create_session(self, s)).map(session_row)
    }

    fn session_establishments(&self, session: Uuid) -> Outcome<Vec<EstablishmentRow>> {
        text(Store::session_establishments(self, session))
            .map(|v| v.into_iter().map(establishment_row).collect())
    }

    fn search_establishments(&self, query: &str) -> Outcome<Vec<EstablishmentRow>> {
        let query = Some(query).filter(|q| !q.trim().is_empty());
        text(self.establishments(query)).map(|v| v.into_iter().map(establishment_row).collect())
    }

    fn add_establishment(&mut self, row: EstablishmentRow) -> Outcome<EstablishmentRow> {
        let kind = EstablishmentKind::ALL[row.kind.min(EstablishmentKind::ALL.len() - 1)];
        let mut e = Establishment::new(&row.name, kind);
        e.id = row.id;
        e.sector = row.sector;
        e.commune = row.commune;
        e.province = row.province;
        text(Store::add_establishment(self, e)).map(establishment_row)
    }

    fn join_session(&mut self, session: Uuid, establishment: Uuid) -> Outcome<()> {
        text(Store::join_session(self, session, establishment))
    }

    fn session_responses(&self, session: Uuid) -> Outcome<Vec<ResponseRow>> {
        text(Store::session_responses(self, session))
            .map(|v| v.into_iter().map(response_row).collect())
    }

    fn establishment_responses(&self, establishment: Uuid) -> Outcome<Vec<ResponseRow>> {
        text(Store::establishment_responses(self, establishment))
            .map(|v| v.into_iter().map(response_row).collect())
    }

    fn start_response(&mut self, row: ResponseRow, source: &str) -> Outcome<ResponseRow> {
        text(self.pin_survey(&row.survey_id, &row.survey_version, source))?;
        let mut r = Response::new(
            &row.survey_id,
            &row.survey_version,
            row.establishment_id,
            row.session_id,
            self.recorded_by(),
        );
        r.id = row.id;
        text(self.create_response(&r))?;
        Ok(response_row(r))
    }

    fn answers(&self, response: Uuid) -> Outcome<BTreeMap<String, Value>> {
        text(Store::answers(self, response))
            .map(|m| m.into_iter().map(|(k, a)| (k, a.value)).collect())
    }

    fn set_answer(
        &mut self,
        response: Uuid,
        question: &str,
        value: Option<Value>,
        reason: Option<&str>,
    ) -> Outcome<()> {
        text(Store::set_answer(self, response, question, value, reason)).map(|_| ())
    }

    fn set_complete(&mut self, response: Uuid, complete: bool) -> Outcome<()> {
        let status = if complete {
            ResponseStatus::Complete
        } else {
            ResponseStatus::Draft
        };
        text(self.set_status(response, status)).map(|_| ())
    }

    fn survey_source(&self, id: &str, version: &str) -> Outcome<Option<String>> {
        text(Store::survey_source(self, id, version))
    }

    /// The store's demo generator (sessions a year apart, so the result card
    /// shows the change); opens its latest session.
    fn load_demo(&mut self, catalog: &Catalog, _today: NaiveDate) -> Outcome<SessionRow> {
        let before: Vec<Uuid> = text(Store::sessions(self))?.iter().map(|s| s.id).collect();
        text(crate::demo::generate(
            self,
            catalog,
            &crate::demo::Options::default(),
        ))?;
        text(Store::sessions(self))?
            .into_iter()
            .find(|s| !before.contains(&s.id))
            .map(session_row)
            .ok_or_else(|| "the demo workshop was not added".to_owned())
    }

    fn database(&self) -> Option<&Path> {
        Some(self.path())
    }

    fn export_session(&self, session: Uuid, folder: &Path, lang: Lang) -> Outcome<PathBuf> {
        let session = text(Store::find_session(self, session))?;
        std::fs::create_dir_all(folder)
            .map_err(|e| format!("{}: cannot create the folder: {e}", folder.display()))?;
        let mut options = ExportOptions::new(ExportFormat::Xlsx, PathBuf::new());
        options.session = Some(session.id);
        options.lang = lang;
        let name = file_name_for(&session, ExportFormat::Xlsx);
        // An earlier export of the same session is kept: the next free "-2", "-3"… name.
        for n in 1..1000 {
            options.out = folder.join(match n {
                1 => name.clone(),
                n => name.replacen(".xlsx", &format!("-{n}.xlsx"), 1),
            });
            match export(self, &options) {
                Err(ExportError::Exists { .. }) => continue,
                done => return done.map(|e| e.path).map_err(|e| e.to_string()),
            }
        }
        Err(format!(
            "{}: too many exports of this session; move some away",
            folder.display()
        ))
    }
}
