//! A realistic workshop for newcomers and benchmarks: establishments of the communes Vô Tranh
//! and Phú Đô (former Phú Lương district, Thái Nguyên) at two 2024 workshops, some of them
//! again at a follow-up a year later. Answers are drawn from the survey definitions themselves,
//! checked by the core, so they are always valid. The same seed gives the same workshop.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use serde_json::Value;

use crate::store::{
    AnswerRecord, Batch, Establishment, EstablishmentKind, Response, ResponseStatus, Session,
    Store, StoreError,
};
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

/// A small deterministic generator (SplitMix64): the demo must not depend on the platform.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

const FAMILY: [&str; 14] = [
    "Nguyễn", "Trần", "Lê", "Hoàng", "Dương", "Đỗ", "Ma", "Lương", "Triệu", "Hà", "Nông", "Phạm",
    "Vũ", "Đặng",
];
const MIDDLE_M: [&str; 5] = ["Văn", "Đức", "Minh", "Quang", "Xuân"];
const MIDDLE_F: [&str; 5] = ["Thị", "Thu", "Ngọc", "Thanh", "Hồng"];
const GIVEN_M: [&str; 10] = [
    "Hùng", "Tuấn", "Dũng", "Cường", "Sơn", "Bình", "Thắng", "Long", "Hải", "Quý",
];
const GIVEN_F: [&str; 10] = [
    "Lan", "Hương", "Thảo", "Hoa", "Hạnh", "Huệ", "Nga", "Yến", "Mai", "Dung",
];
const HAMLETS_VO_TRANH: [&str; 6] = [
    "Bãi Bằng",
    "Liên Hồng",
    "Đồng Ninh",
    "Na Long",
    "Đồng Kiểm",
    "Thác Lở",
];
const HAMLETS_PHU_DO: [&str; 6] = [
    "Phú Nam",
    "Khe Vàng",
    "Đồng Chùa",
    "Na Mọn",
    "Tiến Thành",
    "Làng Muông",
];
const TRAINERS: [&str; 3] = ["Nguyễn Thị Thu Hà", "Dương Văn Khánh", "Hoàng Ngọc Lan"];

/// One establishment of the demo and how far along it is (0..1) at the baseline.
struct Profile {
    establishment: Establishment,
    sector: &'static str,
    p2: &'static str,
    maturity: f64,
}

fn person(rng: &mut Rng) -> String {
    let family = rng.pick(&FAMILY);
    if rng.chance(0.5) {
        format!("{family} {} {}", rng.pick(&MIDDLE_M), rng.pick(&GIVEN_M))
    } else {
        format!("{family} {} {}", rng.pick(&MIDDLE_F), rng.pick(&GIVEN_F))
    }
}

fn profile(rng: &mut Rng, n: usize) -> Profile {
    let (commune, hamlets) = if n.is_multiple_of(2) {
        ("Vô Tranh", &HAMLETS_VO_TRANH)
    } else {
        ("Phú Đô", &HAMLETS_PHU_DO)
    };
    let hamlet = *rng.pick(hamlets);
    let owner = person(rng);
    let given = owner.rsplit(' ').next().unwrap_or("").to_string();
    let roll = rng.unit();
    let (sector, sector_text, kind, p2, name) = if roll < 0.4 {
        match rng.below(4) {
            0 => (
                "tea",
                "chế biến chè",
                EstablishmentKind::HopTacXa,
                "coop",
                format!("HTX Chè {hamlet}"),
            ),
            1 => (
                "tea",
                "chế biến chè",
                EstablishmentKind::ToHopTac,
                "coop_group",
                format!("Tổ hợp tác chè an toàn {hamlet}"),
            ),
            2 => (
                "tea",
                "chế biến chè",
                EstablishmentKind::DoanhNghiep,
                "micro",
                format!("Công ty TNHH Chè {given} {commune}"),
            ),
            _ => (
                "tea",
                "sao chè thủ công",
                EstablishmentKind::HoKinhDoanh,
                "household",
                format!("Cơ sở sao chè {owner}"),
            ),
        }
    } else if roll < 0.65 {
        let product = *rng.pick(&[
            "bánh chưng",
            "miến dong",
            "bún khô",
            "đậu phụ",
            "măng khô",
            "rượu men lá",
            "mật ong",
        ]);
        let kind = if rng.chance(0.8) {
            EstablishmentKind::HoKinhDoanh
        } else {
            EstablishmentKind::HopTacXa
        };
        let (p2, name) = match kind {
            EstablishmentKind::HopTacXa => {
                ("coop", format!("HTX {} {hamlet}", capitalize(product)))
            }
            _ => ("household", format!("Cơ sở {product} {owner}")),
        };
        ("food", "chế biến thực phẩm", kind, p2, name)
    } else if roll < 0.85 {
        match rng.below(3) {
            0 => (
                "wood",
                "đồ gỗ dân dụng",
                EstablishmentKind::HoKinhDoanh,
                "household",
                format!("Xưởng mộc {given} {hamlet}"),
            ),
            1 => (
                "wood",
                "đan lát tre, giang",
                EstablishmentKind::ToHopTac,
                "coop_group",
                format!("Tổ hợp tác mây tre đan {hamlet}"),
            ),
            _ => (
                "wood",
                "bóc gỗ keo",
                EstablishmentKind::HoKinhDoanh,
                "household",
                format!("Cơ sở bóc gỗ keo {owner}"),
            ),
        }
    } else if rng.chance(0.7) {
        (
            "metal",
            "cơ khí, gò hàn",
            EstablishmentKind::HoKinhDoanh,
            "household",
            format!("Cơ sở cơ khí {owner}"),
        )
    } else {
        (
            "metal",
            "cơ khí nông nghiệp",
            EstablishmentKind::DoanhNghiep,
            "small",
            format!("Công ty TNHH Cơ khí {given} Phú Lương"),
        )
    };
    let mut e = Establishment::new(&name, kind);
    e.sector = sector_text.into();
    e.commune = commune.into();
    e.province = "Thái Nguyên".into();
    e.former_district = Some("Phú Lương".into());
    e.contact_person = owner;
    e.phone = format!(
        "0{} {:03} {:03}",
        rng.pick(&["912", "983", "868", "374", "975", "349"]),
        rng.below(1000),
        rng.below(1000)
    );
    e.notes = format!("xóm {hamlet}");
    let base = match kind {
        EstablishmentKind::HoKinhDoanh => 0.3,
        EstablishmentKind::ToHopTac => 0.4,
        EstablishmentKind::HopTacXa => 0.5,
        EstablishmentKind::DoanhNghiep => 0.6,
    };
    Profile {
        establishment: e,
        sector,
        p2,
        maturity: (base + (rng.unit() - 0.5) * 0.5).clamp(0.05, 0.95),
    }
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

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
