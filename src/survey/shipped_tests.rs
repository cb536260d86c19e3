//! The shipped 2.0 surveys keep the promises their README makes to a centre: a polluter is
//! never a model, and co-funded machinery is never advised to whoever cannot co-fund it.

use std::sync::OnceLock;

use proptest::prelude::*;
use serde_json::{Value, json};

use super::model::{Kind, Survey};
use super::{Answers, Catalog, score};

fn shipped(id: &str) -> &'static Survey {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG
        .get_or_init(Catalog::bundled)
        .get(id, Some("2.0"))
        .unwrap_or_else(|| panic!("{id} 2.0 is shipped"))
}

/// The answer chosen by `pick` in 0..=1: among scored options from the lowest score to the
/// highest, on a scale or a number from its lowest to its highest; `None` for text and dates,
/// left open.
fn chosen(kind: &Kind, pick: f64) -> Option<Value> {
    let ranked = |options: &[super::model::Choice]| {
        let mut scored: Vec<_> = options.iter().filter(|o| o.score.is_some()).collect();
        scored.sort_by(|a, b| a.score.partial_cmp(&b.score).unwrap());
        let at = (pick * (scored.len().max(1) - 1) as f64).round() as usize;
        scored.get(at).map(|o| o.value.clone())
    };
    match kind {
        Kind::Single { options } => ranked(options).map(Value::from),
        Kind::Multi { options, .. } => ranked(options).map(|v| json!([v])),
        Kind::Scale { min, max, .. } => {
            Some(json!(min + (pick * (max - min) as f64).round() as i64))
        }
        Kind::YesNo { .. } => Some(json!(if pick >= 0.5 { "yes" } else { "no" })),
        Kind::Number(rule) => {
            let (min, max) = (rule.min.unwrap_or(0.0), rule.max.unwrap_or(100.0));
            Some(json!((min + pick * (max - min)).round()))
        }
        _ => None,
    }
}

/// Answers with `pick(question)` for every ticked question; the profile kind set apart.
fn answered(s: &Survey, kind: &str, pick: impl Fn(usize) -> f64) -> Answers {
    let mut answers = Answers::new();
    for (i, q) in s.questions.iter().enumerate() {
        let value = if q.id == "P_KIND" {
            Some(json!(kind))
        } else {
            chosen(&q.kind, pick(i))
        };
        if let Some(a) = value.and_then(|v| q.parse_answer(&v).ok()) {
            answers.insert(q.id.clone(), a);
        }
    }
    answers
}

fn dimension(s: &Survey, id: &str) -> usize {
    s.dimensions.iter().position(|d| d.id == id).unwrap()
}

fn level_min(s: &Survey, card: &super::Scorecard) -> f64 {
    card.level.map_or(0.0, |l| s.levels[l].min)
}

#[test]
fn full_marks_but_environmental_compliance_is_never_a_model() {
    let s = shipped("sxsh");
    let f = dimension(s, "F");
    let polluter = answered(s, "doanh_nghiep", |i| {
        if s.questions[i].dimension == Some(f) {
            0.0
        } else {
            1.0
        }
    });
    let card = score(s, &polluter);
    assert!(card.index.unwrap() > 80.0, "{:?}", card.index);
    assert!(level_min(s, &card) < 60.0, "level {:?}", card.level);

    let clean = answered(s, "doanh_nghiep", |_| 1.0);
    let card = score(s, &clean);
    assert!(level_min(s, &card) >= 80.0, "level {:?}", card.level);
}

#[test]
fn a_dx_model_keeps_its_information_safe() {
    let s = shipped("dx");
    let attt = dimension(s, "ATTT");
    let careless = answered(s, "doanh_nghiep", |i| {
        if s.questions[i].dimension == Some(attt) {
            0.0
        } else {
            1.0
        }
    });
    assert!(level_min(s, &score(s, &careless)) < 60.0);
}

fn kinds() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "ho_chua_dang_ky",
        "ho_kinh_doanh",
        "to_hop_tac",
        "hop_tac_xa",
        "doanh_nghiep",
    ])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn machinery_only_for_registered_establishments_ready_to_co_fund(
        kind in kinds(),
        picks in prop::collection::vec(0.0f64..=1.0, 200),
    ) {
        let s = shipped("sxsh");
        let card = score(s, &answered(s, kind, |i| picks[i % picks.len()]));
        let machinery = s.supports.iter().position(|x| x.id == "machinery").unwrap();
        let g = card.dimensions[dimension(s, "G")].score;
        for d in 0..s.dimensions.len() {
            if card.advice(s, d).and_then(|a| a.support) == Some(machinery) {
                prop_assert!(g.is_some_and(|g| g >= 60.0 - 1e-9), "G {g:?} and machinery advised");
                prop_assert_ne!(kind, "ho_chua_dang_ky");
            }
        }
    }

    #[test]
    fn no_level_from_a_thin_response(picks in prop::collection::vec(0.0f64..=1.0, 6)) {
        // Six answers of forty: too little for a level, whatever they are.
        let s = shipped("sxsh");
        let mut answers = Answers::new();
        for (q, pick) in s.questions.iter().filter(|q| q.is_scored()).zip(&picks) {
            if let Some(a) = chosen(&q.kind, *pick).and_then(|v| q.parse_answer(&v).ok()) {
                answers.insert(q.id.clone(), a);
            }
        }
        let card = score(s, &answers);
        prop_assert_eq!(card.level, None);
        prop_assert!(card.index.is_none() || card.level_withheld);
    }
}

#[test]
fn every_scored_question_is_answered_by_the_generators_above() {
    // If a new kind of scored question is shipped, the generators must learn it.
    for s in [shipped("sxsh"), shipped("dx")] {
        for q in s.questions.iter().filter(|q| q.is_scored()) {
            assert!(chosen(&q.kind, 1.0).is_some(), "{} {}", s.id, q.id);
        }
    }
}

#[test]
fn machinery_is_advised_where_the_establishment_can_co_fund_it() {
    // Process control half-way and ready to invest: machinery; not ready to invest: not.
    let s = shipped("sxsh");
    let (d, g) = (dimension(s, "D"), dimension(s, "G"));
    let machinery = s.supports.iter().position(|x| x.id == "machinery");
    let with = |g_pick: f64| {
        let answers = answered(s, "doanh_nghiep", |i| match s.questions[i].dimension {
            Some(x) if x == d => 0.5,
            Some(x) if x == g => g_pick,
            _ => 1.0,
        });
        score(s, &answers).advice(s, d).and_then(|a| a.support)
    };
    assert_eq!(with(1.0), machinery);
    assert_ne!(with(0.0), machinery);
}
