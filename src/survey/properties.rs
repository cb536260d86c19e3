//! Properties over the shipped surveys: scores stay in range, a better answer
//! never lowers its dimension, and no input makes the loaders panic.

use proptest::prelude::*;
use serde_json::{Value, json};

use super::catalog::Catalog;
use super::model::{Kind, Question, Survey};
use super::responses::read_responses;
use super::{Answer, Answers, load_survey, score};

/// A valid answer to `q` picked by `seed`, or `None` to leave it unanswered.
fn answer_for(q: &Question, seed: u64) -> Option<Answer> {
    if seed.is_multiple_of(7) {
        return None;
    }
    let value: Value = match &q.kind {
        Kind::Single { options } => json!(options[seed as usize % options.len()].value),
        Kind::Multi { options, .. } => {
            let picked: Vec<&str> = options
                .iter()
                .enumerate()
                .filter(|(i, o)| !o.exclusive && (seed >> i) & 1 == 1)
                .map(|(_, o)| o.value.as_str())
                .collect();
            json!(picked)
        }
        Kind::Scale { min, max, .. } => json!(min + (seed as i64).rem_euclid(max - min + 1)),
        Kind::YesNo { .. } => json!(if seed.is_multiple_of(2) { "yes" } else { "no" }),
        Kind::Number(rule) => {
            let lo = rule.min.unwrap_or(0.0);
            let hi = rule.max.unwrap_or(lo + 1000.0);
            json!(
                (lo + (seed % 1000) as f64 / 1000.0 * (hi - lo))
                    .round()
                    .clamp(lo, hi)
            )
        }
        Kind::Text { .. } => json!("ghi chú"),
        Kind::Date => json!("2025-06-30"),
        Kind::Note => return None,
    };
    q.parse_answer(&value).ok()
}

fn random_answers(survey: &Survey, seeds: &[u64]) -> Answers {
    survey
        .questions
        .iter()
        .zip(seeds.iter().cycle())
        .filter_map(|(q, &s)| answer_for(q, s).map(|a| (q.id.clone(), a)))
        .collect()
}

fn shipped() -> Vec<Survey> {
    Catalog::bundled()
        .entries()
        .iter()
        .map(|e| e.survey.clone())
        .collect()
}

#[test]
fn the_shipped_surveys_load_without_warnings() {
    for (name, text) in super::catalog::BUNDLED {
        let loaded = load_survey(name, text.as_bytes()).unwrap_or_else(|p| panic!("{p}"));
        assert!(loaded.warnings.is_empty(), "{name}: {:?}", loaded.warnings);
        let n = loaded.survey.questions.len();
        assert!((25..=40).contains(&n), "{name} has {n} questions");
    }
}

proptest! {
    #[test]
    fn any_answers_score_within_0_and_100(seeds in prop::collection::vec(any::<u64>(), 1..60)) {
        for survey in shipped() {
            let card = score(&survey, &random_answers(&survey, &seeds));
            for d in &card.dimensions {
                if let Some(s) = d.score { prop_assert!((0.0..=100.0).contains(&s), "{} {s}", survey.id); }
            }
            if let Some(i) = card.index { prop_assert!((0.0..=100.0).contains(&i)); }
        }
    }

    #[test]
    fn a_higher_scoring_option_never_lowers_its_dimension(seeds in prop::collection::vec(any::<u64>(), 1..60), pick in any::<prop::sample::Index>()) {
        for survey in shipped() {
            let mut answers = random_answers(&survey, &seeds);
            let singles: Vec<&Question> = survey.questions.iter().filter(|q| q.is_scored() && matches!(q.kind, Kind::Single { .. })).collect();
            let q = singles[pick.index(singles.len())];
            let d = q.dimension.unwrap();
            let scored: Vec<_> = q.kind.options().iter().filter(|o| o.score.is_some()).collect();
            for low in &scored {
                for high in &scored {
                    if high.score < low.score { continue; }
                    answers.insert(q.id.clone(), Answer::Choice(low.value.clone()));
                    let before = score(&survey, &answers).dimensions[d].score;
                    answers.insert(q.id.clone(), Answer::Choice(high.value.clone()));
                    let after = score(&survey, &answers).dimensions[d].score;
                    // Raising an answer may show other questions only through show_if on
                    // this one; the shipped surveys gate on profile and yes/no questions.
                    prop_assert!(after.unwrap_or(0.0) + 1e-9 >= before.unwrap_or(0.0), "{} {}: {:?} -> {:?}", survey.id, q.id, before, after);
                }
            }
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic_the_loaders(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = load_survey("fuzz.json", &bytes);
        let _ = read_responses("fuzz.json", &bytes, &Catalog::default());
    }

    #[test]
    fn mangled_definitions_never_panic(cut in 0usize..20000, byte in any::<u8>()) {
        let (_, text) = super::catalog::BUNDLED[1];
        let mut bytes = text.as_bytes().to_vec();
        let at = cut % bytes.len();
        bytes[at] = byte;
        let _ = load_survey("mangled.json", &bytes);
        let _ = load_survey("cut.json", &bytes[..at]);
    }
}
