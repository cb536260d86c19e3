//! Properties over the shipped surveys: scores and coverage stay in range, a better
//! answer never lowers its dimension, one more answer never lowers coverage, a level is
//! withheld exactly when coverage falls short, and no input makes the loaders panic.

use proptest::prelude::*;
use serde_json::{Value, json};

use super::catalog::Catalog;
use super::model::{Kind, Question, Survey};
use super::responses::read_responses;
use super::score::reaches;
use super::{Answer, Answers, load_survey, score, visibility};

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
        // A screening is a page; a full survey takes well under an hour.
        assert!((10..=60).contains(&n), "{name} has {n} questions");
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
    fn coverage_lies_within_0_and_1(seeds in prop::collection::vec(any::<u64>(), 1..60)) {
        for survey in shipped() {
            let card = score(&survey, &random_answers(&survey, &seeds));
            for c in card.dimensions.iter().filter_map(|d| d.coverage).chain(card.coverage) {
                prop_assert!((0.0..=1.0).contains(&c), "{} {c}", survey.id);
            }
        }
    }

    #[test]
    fn a_withheld_level_means_coverage_fell_short(seeds in prop::collection::vec(any::<u64>(), 1..60)) {
        for survey in shipped() {
            let card = score(&survey, &random_answers(&survey, &seeds));
            let enough = card.coverage.is_some_and(|c| reaches(c, survey.min_coverage));
            if card.level_withheld {
                prop_assert!(!enough, "{}: withheld at coverage {:?}", survey.id, card.coverage);
                prop_assert_eq!(card.level, None);
            }
            // An index without a level is always a withheld one.
            prop_assert_eq!(card.index.is_some() && card.level.is_none(), card.level_withheld);
        }
    }

    #[test]
    fn one_more_answer_never_lowers_coverage(seeds in prop::collection::vec(any::<u64>(), 1..60), pick in any::<prop::sample::Index>(), seed in any::<u64>()) {
        for survey in shipped() {
            let mut answers = random_answers(&survey, &seeds);
            let shown = visibility(&survey, &answers);
            let open: Vec<&Question> = survey
                .questions
                .iter()
                .zip(&shown)
                .filter(|(q, s)| **s && q.is_scored() && !answers.contains_key(&q.id))
                .map(|(q, _)| q)
                .collect();
            if open.is_empty() {
                continue;
            }
            let q = open[pick.index(open.len())];
            let Some(answer) = answer_for(q, seed | 1).or_else(|| answer_for(q, 1)) else { continue };
            let before = score(&survey, &answers).coverage;
            answers.insert(q.id.clone(), answer);
            if visibility(&survey, &answers) != shown {
                continue; // the answer shows or hides other questions: not this property
            }
            let after = score(&survey, &answers).coverage;
            prop_assert!(
                after.unwrap_or(0.0) + 1e-12 >= before.unwrap_or(0.0),
                "{} {}: {:?} -> {:?}", survey.id, q.id, before, after
            );
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
