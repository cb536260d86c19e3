//! A small demo workshop written through `Records`: what the in-memory records
//! (tests, snapshots, benches) load. The database loads the store's larger
//! demo generator instead (see `store_records.rs`).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde_json::Value;
use uuid::Uuid;

use super::data::{EstablishmentRow, Outcome, Records, ResponseRow, SessionRow};
use crate::survey::{Answers, Catalog, Kind, Survey, visibility};

const PLACES: [(&str, usize, &str); 4] = [
    ("HTX Chè Tân Cương", 2, "chè"),
    ("Cơ sở gạch Đồng Hỷ", 0, "gạch"),
    ("Xưởng mộc Phú Lương", 0, "đồ gỗ"),
    ("Công ty TNHH Thực phẩm Võ Nhai", 3, "thực phẩm"),
];

pub fn load<R: Records + ?Sized>(
    records: &mut R,
    catalog: &Catalog,
    today: NaiveDate,
) -> Outcome<SessionRow> {
    let session = records.create_session(SessionRow {
        id: Uuid::now_v7(),
        name: "Hội thảo mẫu".into(),
        date: today,
        commune: "Phú Lương".into(),
        province: "Thái Nguyên".into(),
    })?;
    for (k, (name, kind, sector)) in PLACES.iter().enumerate() {
        let e = records.add_establishment(EstablishmentRow {
            id: Uuid::now_v7(),
            name: (*name).into(),
            kind: *kind,
            sector: (*sector).into(),
            commune: session.commune.clone(),
            province: session.province.clone(),
        })?;
        records.join_session(session.id, e.id)?;
        for (s, entry) in catalog.entries().iter().enumerate() {
            // The last establishment has only started its second survey.
            let share = if k == PLACES.len() - 1 && s > 0 {
                3
            } else {
                usize::MAX
            };
            let r = records.start_response(
                ResponseRow {
                    id: Uuid::now_v7(),
                    survey_id: entry.survey.id.clone(),
                    survey_version: entry.survey.version.clone(),
                    establishment_id: e.id,
                    session_id: session.id,
                    complete: false,
                    created_at: chrono::Utc::now(),
                },
                &entry.source,
            )?;
            let complete = fill(records, &entry.survey, r.id, k + s, share)?;
            if complete {
                records.set_complete(r.id, true)?;
            }
        }
    }
    Ok(session)
}

/// Answers up to `limit` questions in a pattern that differs per `seed`;
/// true when nothing required is left.
fn fill<R: Records + ?Sized>(
    records: &mut R,
    survey: &Survey,
    response: Uuid,
    seed: usize,
    limit: usize,
) -> Outcome<bool> {
    let mut answers = Answers::new();
    let mut stored = BTreeMap::new();
    for (i, q) in survey.questions.iter().enumerate().take(limit) {
        if !visibility(survey, &answers)[i] {
            continue;
        }
        let options = q.kind.options();
        let pick = (seed * 7 + i * 3) % options.len().max(1);
        let value = match &q.kind {
            Kind::Single { .. } => {
                Value::String(options[options.len() - 1 - pick / 2].value.clone())
            }
            Kind::Multi { .. } => Value::Array(
                options
                    .iter()
                    .filter(|o| !o.exclusive)
                    .take(1 + pick % 3)
                    .map(|o| Value::String(o.value.clone()))
                    .collect(),
            ),
            Kind::YesNo { .. } => {
                Value::String(if pick.is_multiple_of(2) { "yes" } else { "no" }.into())
            }
            Kind::Scale { max, .. } => Value::from(*max),
            _ => continue,
        };
        let Ok(answer) = q.parse_answer(&value) else {
            continue;
        };
        records.set_answer(response, &q.id, Some(answer.to_json()), None)?;
        stored.insert(q.id.clone(), answer.to_json());
        answers.insert(q.id.clone(), answer);
    }
    Ok(super::entry::scored(survey, &stored).complete)
}
