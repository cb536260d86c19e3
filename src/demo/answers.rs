//! What a demo establishment answers: one latent readiness per dimension id (the same for the
//! hall screening and the full survey, which share their dimension ids), answers drawn near
//! it, and its profile questions answered from its record.

use serde_json::Value;

use super::Rng;
use crate::store::Establishment;
use crate::survey::model::Kind;
use crate::survey::{Answers, Question, Survey, visibility};

/// How ready an establishment is, per dimension, at one visit.
#[derive(Debug, Clone)]
pub struct Readiness {
    /// 0..1 across the establishment.
    pub maturity: f64,
    /// Mixes the establishment into the per-dimension offsets.
    pub key: u64,
    /// Dimensions helped since the baseline, with what they gained.
    pub gains: Vec<(String, f64)>,
}

impl Readiness {
    /// The latent readiness (0..1) in dimension `id`: the same at every survey of one visit.
    pub fn of(&self, id: &str) -> f64 {
        let gain: f64 = self
            .gains
            .iter()
            .filter(|(d, _)| d == id)
            .map(|(_, g)| g)
            .sum();
        (self.maturity + (unit_hash(self.key, id) - 0.5) * 0.35 + gain).clamp(0.0, 1.0)
    }
}

/// A number in [0, 1) fixed by the establishment and the dimension (FNV-1a).
fn unit_hash(key: u64, id: &str) -> f64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ key;
    for b in id.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h ^= h >> 29;
    h = h.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    (h >> 11) as f64 / (1u64 << 53) as f64
}

/// Answers valid for `survey` (checked by the core, hidden questions left out); a draft leaves
/// some unanswered. Profile questions take the establishment's record.
pub fn answers_for(
    rng: &mut Rng,
    survey: &Survey,
    e: &Establishment,
    r: &Readiness,
    draft: bool,
) -> Answers {
    let mut answers = Answers::new();
    for q in &survey.questions {
        if draft && q.profile.is_none() && rng.chance(0.45) {
            continue;
        }
        let value = match q.profile.and_then(|f| e.profile.get(f)) {
            Some(known) => Some(known),
            None => {
                let m = q
                    .dimension
                    .map_or(r.maturity, |d| r.of(&survey.dimensions[d].id));
                draw(rng, q, m)
            }
        };
        if let Some(answer) = value.and_then(|v| q.parse_answer(&v).ok()) {
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

/// An answer this establishment might give at readiness `m`: options near it are likelier,
/// with a little "don't know".
fn draw(rng: &mut Rng, q: &Question, m: f64) -> Option<Value> {
    let s = |v: &str| Some(Value::String(v.into()));
    let target = (m + (rng.unit() - 0.5) * 0.25).clamp(0.0, 1.0);
    match &q.kind {
        Kind::Single { options } => {
            if let Some(dk) = options.iter().find(|o| o.dont_know)
                && rng.chance(0.04)
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
                .filter(|o| !o.stands_alone() && o.score.is_some_and(|x| x > 0.0))
                .filter(|_| rng.chance(target * 0.9))
                .map(|o| Value::String(o.value.clone()))
                .collect();
            if chosen.is_empty() {
                let none = options.iter().find(|o| o.exclusive)?;
                return Some(Value::Array(vec![Value::String(none.value.clone())]));
            }
            Some(Value::Array(chosen))
        }
        Kind::YesNo { .. } => s(if rng.chance(target) { "yes" } else { "no" }),
        Kind::Scale { min, max, .. } => {
            let v = (*min as f64 + target * (max - min) as f64).round();
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
