//! A realistic workshop for newcomers and benchmarks: establishments of the communes Vô Tranh
//! and Yên Trạch (former Phú Lương district, Thái Nguyên) at two 2024 workshops, where every
//! delegate fills in the five-minute hall screenings and those they put first get the full
//! surveys; the support they were given after it; and a follow-up a year later, after the
//! 1 July 2025 reform, where those supported mostly improved where they were supported.
//! Answers are drawn from the survey definitions themselves and checked by the core, from one
//! latent readiness per dimension, so a screening and a full survey of one establishment
//! agree. The same seed gives the same workshop.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};

mod answers;
mod people;
mod rng;

use answers::{Readiness, answers_for};
use people::{Persona, persona};
pub use rng::Rng;

use crate::store::{AnswerRecord, Batch, Response, ResponseStatus, Session, Store, StoreError};
use crate::survey::catalog::Definition;
use crate::survey::{Answers, Catalog, Scorecard, Survey};

/// What to generate.
#[derive(Debug, Clone)]
pub struct Options {
    pub establishments: usize,
    pub seed: u64,
    /// Establishments written per transaction: large runs stay fast without one huge commit.
    pub per_transaction: usize,
    /// Share of the establishments given the full surveys that come back to the follow-up.
    pub follow_up_share: f64,
    /// Share of responses left as drafts with questions unanswered.
    pub draft_share: f64,
    /// Every delegate fills in the hall screenings (where the catalog has them) and only
    /// those they put first get the full surveys; without, everyone gets the full surveys.
    pub screening: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            establishments: 24,
            seed: 2024,
            per_transaction: 1000,
            follow_up_share: 0.6,
            draft_share: 0.12,
            screening: true,
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

/// The surveys the demo answers: the full ones, and the screenings when asked for.
struct Surveys<'c> {
    full: Vec<&'c Definition>,
    screening: Vec<&'c Definition>,
}

impl<'c> Surveys<'c> {
    fn of(catalog: &'c Catalog, screening: bool) -> Surveys<'c> {
        let find = |ids: &[&str]| {
            ids.iter()
                .filter_map(|id| catalog.entry(id, None))
                .collect()
        };
        Surveys {
            full: find(&["sxsh", "dx"]),
            screening: if screening {
                find(&["sxsh-nhanh", "dx-nhanh"])
            } else {
                Vec::new()
            },
        }
    }
}

fn sessions() -> [Session; 3] {
    let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
    let mut vo_tranh = Session::new(
        "Tập huấn SXSH và chuyển đổi số – xã Vô Tranh",
        date(2024, 10, 15),
    );
    vo_tranh.commune = "Vô Tranh".into();
    vo_tranh.former_district = Some("Phú Lương".into());
    vo_tranh.trainer = TRAINERS[0].into();
    let mut yen_trach = Session::new(
        "Tập huấn SXSH và chuyển đổi số – xã Yên Trạch",
        date(2024, 10, 17),
    );
    yen_trach.commune = "Yên Trạch".into();
    yen_trach.former_district = Some("Phú Lương".into());
    yen_trach.trainer = TRAINERS[1].into();
    let mut follow_up = Session::new(
        "Đánh giá lại sau một năm – Vô Tranh, Yên Trạch",
        date(2025, 10, 16),
    );
    follow_up.commune = "Vô Tranh".into();
    follow_up.trainer = TRAINERS[2].into();
    follow_up.notes =
        "Sau sắp xếp đơn vị hành chính (1/7/2025): tỉnh Thái Nguyên mới, chính quyền hai cấp; huyện Phú Lương cũ nay là các xã Phú Lương, Vô Tranh, Yên Trạch, Hợp Thành."
            .into();
    for s in [&mut vo_tranh, &mut yen_trach, &mut follow_up] {
        s.province = "Thái Nguyên".into();
    }
    [vo_tranh, yen_trach, follow_up]
}

/// Writes the demo workshop into `store`, `options.per_transaction` establishments per
/// durable transaction.
pub fn generate(
    store: &Store,
    catalog: &Catalog,
    options: &Options,
) -> Result<Summary, StoreError> {
    let surveys = Surveys::of(catalog, options.screening);
    let mut rng = Rng::new(options.seed);
    let sessions = sessions();
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
            for e in surveys.full.iter().chain(&surveys.screening) {
                batch.pin_survey(&e.survey.id, &e.survey.version, &e.source)?;
            }
            for i in n..end {
                let visit = Visit {
                    rng: &mut rng,
                    options,
                    summary: &mut summary,
                };
                visit.establishment(batch, &surveys, &sessions, i)?;
            }
            Ok::<_, StoreError>(())
        })?;
        n = end;
    }
    Ok(summary)
}

/// One establishment's story through the workshops.
struct Visit<'a> {
    rng: &'a mut Rng,
    options: &'a Options,
    summary: &'a mut Summary,
}

impl Visit<'_> {
    fn establishment(
        mut self,
        batch: &mut Batch<'_, '_>,
        surveys: &Surveys,
        sessions: &[Session; 3],
        i: usize,
    ) -> Result<(), StoreError> {
        let Persona {
            mut establishment,
            maturity,
        } = persona(self.rng, i);
        let baseline = &sessions[i % 2];
        let ready = Readiness {
            maturity,
            key: self.rng.next_u64(),
            gains: Vec::new(),
        };
        batch.put_establishment(&establishment)?;
        self.summary.establishments += 1;
        // The hall: every delegate fills in the screenings, often on paper keyed in later.
        let mut first = surveys.screening.is_empty();
        for entry in &surveys.screening {
            let card =
                self.respond(batch, &entry.survey, &establishment, &ready, baseline, 0.05)?;
            let top = entry.survey.levels.len().checked_sub(1);
            first |= card.level.is_some() && card.level == top;
        }
        if !(first || self.rng.chance(0.2)) {
            return Ok(());
        }
        let mut cards = Vec::new();
        for entry in &surveys.full {
            let draft = self.options.draft_share;
            let card = self.respond(
                batch,
                &entry.survey,
                &establishment,
                &ready,
                baseline,
                draft,
            )?;
            cards.push((&entry.survey, card));
        }
        if !self.rng.chance(self.options.follow_up_share) {
            return Ok(());
        }
        // Supported where the baseline's advice named a line; better there a year later.
        let (gains, given) = supported(&cards);
        if !given.is_empty() {
            establishment.notes =
                format!("{}; đã hỗ trợ: {}", establishment.notes, given.join(", "));
            batch.replace_establishment(&establishment)?;
        }
        let later = Readiness {
            maturity: (maturity + 0.03).min(1.0),
            gains,
            ..ready
        };
        for entry in &surveys.full {
            let draft = self.options.draft_share / 2.0;
            self.respond(
                batch,
                &entry.survey,
                &establishment,
                &later,
                &sessions[2],
                draft,
            )?;
        }
        Ok(())
    }

    /// One response, written with its answers; its scorecard.
    fn respond(
        &mut self,
        batch: &mut Batch<'_, '_>,
        survey: &Survey,
        e: &crate::store::Establishment,
        ready: &Readiness,
        session: &Session,
        draft_share: f64,
    ) -> Result<Scorecard, StoreError> {
        let draft = self.rng.chance(draft_share);
        let answers = answers_for(self.rng, survey, e, ready, draft);
        let card = crate::survey::score(survey, &answers);
        let keyed_later = self.rng.chance(0.3);
        let r = write_response(
            batch,
            self.rng,
            survey,
            e,
            session,
            &answers,
            draft,
            keyed_later,
        )?;
        self.summary.responses += 1;
        self.summary.drafts += usize::from(r.status == ResponseStatus::Draft);
        Ok(card)
    }
}

/// The dimensions supported after the baseline (the two weakest whose advice names a support
/// line, of each full survey) with what they gained, and the lines given.
fn supported(cards: &[(&Survey, Scorecard)]) -> (Vec<(String, f64)>, Vec<String>) {
    let mut gains = Vec::new();
    let mut given = Vec::new();
    for (survey, card) in cards {
        let mut weak: Vec<(usize, f64)> = card
            .dimensions
            .iter()
            .enumerate()
            .filter_map(|(d, r)| Some((d, r.score?)))
            .filter(|(d, _)| {
                card.advice(survey, *d)
                    .and_then(|a| survey.support_of(a))
                    .is_some()
            })
            .collect();
        weak.sort_by(|a, b| a.1.total_cmp(&b.1));
        for (d, _) in weak.into_iter().take(2) {
            gains.push((survey.dimensions[d].id.clone(), 0.25));
            if let Some(line) = card.advice(survey, d).and_then(|a| survey.support_of(a)) {
                let label = line.label.default_text().to_owned();
                if !given.contains(&label) {
                    given.push(label);
                }
            }
        }
    }
    (gains, given)
}

#[allow(clippy::too_many_arguments)]
fn write_response(
    batch: &mut Batch<'_, '_>,
    rng: &mut Rng,
    survey: &Survey,
    e: &crate::store::Establishment,
    session: &Session,
    answers: &Answers,
    draft: bool,
    keyed_later: bool,
) -> Result<Response, StoreError> {
    // 08:00–11:00 at the workshop (UTC+7); a paper form keyed in one to four days later.
    let days = if keyed_later {
        1 + rng.below(4) as i64
    } else {
        0
    };
    let start: DateTime<Utc> = Utc
        .from_utc_datetime(&session.date.and_hms_opt(1, 0, 0).unwrap_or_default())
        + Duration::days(days)
        + Duration::minutes(rng.below(180) as i64);
    let updated = start + Duration::minutes(10 + rng.below(25) as i64);
    let mut response = Response::new(
        &survey.id,
        &survey.version,
        e.id,
        session.id,
        &session.trainer,
    );
    response.created_at = start;
    response.updated_at = updated;
    response.status = if draft || !crate::survey::score(survey, answers).complete {
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
