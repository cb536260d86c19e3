//! A realistic workshop for newcomers and benchmarks: establishments of the communes Vô Tranh
//! and Phú Đô (former Phú Lương district, Thái Nguyên) at two 2024 workshops, some of them
//! again at a follow-up a year later. Answers are drawn from the survey definitions themselves,
//! checked by the core, so they are always valid. The same seed gives the same workshop.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use serde_json::Value;

mod people;
mod rng;

use people::{Profile, profile};
pub use rng::Rng;

use crate::store::{AnswerRecord, Batch, Response, ResponseStatus, Session, Store, StoreError};
use crate::survey::model::Kind;
use crate::survey::{Answers, Catalog, Question, Survey, visibility};

/// What to generate.
#[derive(Debug, Clone)]
pub struct Options {
    pub establishments: usize,
    pub seed: u64,
    /// Establishments written per transaction: large runs stay fast without one huge commit.
    pub per_transaction: usize,
    /// Share of establishments that come back to the follow-up session a year later.
    pub follow_up_share: f64,
    /// Share of responses left as drafts with questions unanswered.
    pub draft_share: f64,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            establishments: 24,
            seed: 2024,
            per_transaction: 1000,
            follow_up_share: 0.35,
            draft_share: 0.12,
        }
    }
}

/// What was written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub sessions: usize,
    pub establishments: usize,
    pub responses: usize,
    pub drafts: usize,
}

const TRAINERS: [&str; 3] = ["Nguyễn Thị Thu Hà", "Dương Văn Khánh", "Hoàng Ngọc Lan"];

/// An answer this establishment might give: options near its maturity are likelier, with a
/// little "don't know" and "not applicable".
fn draw(rng: &mut Rng, q: &Question, p: &Profile, m: f64) -> Option<Value> {
    let fixed = match q.id.as_str() {
        "P2" => Some(p.p2),
        "P3" => Some(p.sector),
        _ => None,
    };
    if let Some(v) = fixed.filter(|v| q.option(v).is_some()) {
        return Some(Value::String(v.into()));
    }
    let s = |v: &str| Some(Value::String(v.into()));
    match &q.kind {
        Kind::Single { options } => {
            if let Some(dk) = options.iter().find(|o| o.dont_know)
                && rng.chance(0.05)
            {
                return s(&dk.value);
            }
            let scored: Vec<_> = options
                .iter()
                .filter(|o| o.score.is_some() && !o.dont_know)
                .collect();
            if scored.is_empty() || !q.is_scored() {
                return s(&rng.pick(options).value);
            }
            let max = scored
                .iter()
                .filter_map(|o| o.score)
                .fold(f64::MIN, f64::max)
                .max(1e-9);
            let target = (m + (rng.unit() - 0.5) * 0.5).clamp(0.0, 1.0);
            let best = scored.iter().min_by(|a, b| {
                let da = (a.score.unwrap_or(0.0) / max - target).abs();
                let db = (b.score.unwrap_or(0.0) / max - target).abs();
                da.total_cmp(&db)
            })?;
            s(&best.value)
        }
        Kind::Multi { options, .. } => {
            let chosen: Vec<Value> = options
                .iter()
                .filter(|o| !o.exclusive && !o.dont_know && rng.chance(m * 0.8))
                .map(|o| Value::String(o.value.clone()))
                .collect();
            if chosen.is_empty() {
                let none = options.iter().find(|o| o.exclusive)?;
                return Some(Value::Array(vec![Value::String(none.value.clone())]));
            }
            Some(Value::Array(chosen))
        }
        Kind::YesNo { .. } => s(if rng.chance(m + 0.2) { "yes" } else { "no" }),
        Kind::Scale { min, max, .. } => {
            let span = (max - min) as f64;
            let v = (*min as f64 + (m + (rng.unit() - 0.5) * 0.4).clamp(0.0, 1.0) * span).round();
            Some(Value::from(v as i64))
        }
        Kind::Number(rule) => {
            let (lo, hi) = (rule.min.unwrap_or(0.0), rule.max.unwrap_or(100.0));
            let v = lo + rng.unit() * (hi - lo);
            let v = if rule.integer {
                v.round()
            } else {
                (v * 10.0).round() / 10.0
            };
            serde_json::Number::from_f64(v).map(Value::Number)
        }
        Kind::Text { .. } => rng
            .chance(0.3)
            .then(|| Value::String("Cần hỗ trợ thêm về vốn và kỹ thuật".into())),
        Kind::Date => s("2024-06-01"),
        Kind::Note => None,
    }
}

/// Answers valid for `survey` (checked by the core, hidden questions left out); a draft leaves
/// some unanswered.
fn answers_for(rng: &mut Rng, survey: &Survey, p: &Profile, m: f64, draft: bool) -> Answers {
    let mut answers = Answers::new();
    for q in &survey.questions {
        if draft && rng.chance(0.45) {
            continue;
        }
        if let Some(answer) = draw(rng, q, p, m).and_then(|v| q.parse_answer(&v).ok()) {
            answers.insert(q.id.clone(), answer);
        }
    }
    let shown = visibility(survey, &answers);
    for (q, visible) in survey.questions.iter().zip(shown) {
        if !visible {
            answers.remove(&q.id);
        }
    }
    answers
}

/// Writes the demo workshop into `store`, `options.per_transaction` establishments per
/// durable transaction.
pub fn generate(
    store: &Store,
    catalog: &Catalog,
    options: &Options,
) -> Result<Summary, StoreError> {
    let surveys: Vec<_> = ["sxsh", "dx"]
        .iter()
        .filter_map(|id| catalog.entry(id, None))
        .collect();
    let mut rng = Rng::new(options.seed);
    let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
    let mut vo_tranh = Session::new(
        "Tập huấn SXSH và chuyển đổi số – xã Vô Tranh",
        date(2024, 10, 15),
    );
    vo_tranh.commune = "Vô Tranh".into();
    vo_tranh.former_district = Some("Phú Lương".into());
    vo_tranh.trainer = TRAINERS[0].into();
    let mut phu_do = Session::new(
        "Tập huấn SXSH và chuyển đổi số – xã Phú Đô",
        date(2024, 10, 17),
    );
    phu_do.commune = "Phú Đô".into();
    phu_do.former_district = Some("Phú Lương".into());
    phu_do.trainer = TRAINERS[1].into();
    let mut follow_up = Session::new(
        "Đánh giá lại sau một năm – Vô Tranh, Phú Đô",
        date(2025, 10, 16),
    );
    follow_up.commune = "Vô Tranh".into();
    follow_up.trainer = TRAINERS[2].into();
    follow_up.notes =
        "Sau sắp xếp đơn vị hành chính (1/7/2025): tỉnh Thái Nguyên mới, chính quyền hai cấp."
            .into();
    for s in [&mut vo_tranh, &mut phu_do, &mut follow_up] {
        s.province = "Thái Nguyên".into();
    }
    let sessions = [vo_tranh, phu_do, follow_up];
    let mut summary = Summary {
        sessions: sessions.len(),
        ..Summary::default()
    };
    let mut n = 0;
    while n < options.establishments {
        let end = (n + options.per_transaction.max(1)).min(options.establishments);
        store.write_batch_with_reason(Some("demo"), |batch| {
            for s in &sessions {
                batch.put_session(s)?;
            }
            for e in &surveys {
                batch.pin_survey(&e.survey.id, &e.survey.version, &e.source)?;
            }
            for i in n..end {
                let p = profile(&mut rng, i);
                batch.put_establishment(&p.establishment)?;
                summary.establishments += 1;
                let baseline = &sessions[i % 2];
                let rounds: &[(&Session, f64)] = if rng.chance(options.follow_up_share) {
                    &[(baseline, 0.0), (&sessions[2], 0.15)]
                } else {
                    &[(baseline, 0.0)]
                };
                for &(session, gain) in rounds {
                    for entry in &surveys {
                        let m = (p.maturity + gain + (rng.unit() - 0.5) * 0.1).clamp(0.0, 1.0);
                        let draft = rng.chance(options.draft_share);
                        let r =
                            write_response(batch, &mut rng, &entry.survey, &p, session, m, draft)?;
                        summary.responses += 1;
                        summary.drafts += usize::from(r.status == ResponseStatus::Draft);
                    }
                }
            }
            Ok::<_, StoreError>(())
        })?;
        n = end;
    }
    Ok(summary)
}

fn write_response(
    batch: &mut Batch<'_, '_>,
    rng: &mut Rng,
    survey: &Survey,
    p: &Profile,
    session: &Session,
    m: f64,
    draft: bool,
) -> Result<Response, StoreError> {
    let answers = answers_for(rng, survey, p, m, draft);
    // 08:00–11:00 at the workshop (UTC+7).
    let start: DateTime<Utc> = Utc
        .from_utc_datetime(&session.date.and_hms_opt(1, 0, 0).unwrap_or_default())
        + Duration::minutes(rng.below(180) as i64);
    let updated = start + Duration::minutes(10 + rng.below(25) as i64);
    let mut response = Response::new(
        &survey.id,
        &survey.version,
        p.establishment.id,
        session.id,
        &session.trainer,
    );
    response.created_at = start;
    response.updated_at = updated;
    response.status = if draft || !crate::survey::score(survey, &answers).complete {
        ResponseStatus::Draft
    } else {
        ResponseStatus::Complete
    };
    let records: BTreeMap<String, AnswerRecord> = answers
        .iter()
        .map(|(q, a)| {
            (
                q.clone(),
                AnswerRecord {
                    value: a.to_json(),
                    updated_at: updated,
                },
            )
        })
        .collect();
    batch.insert_response(&response, &records)?;
    Ok(response)
}
