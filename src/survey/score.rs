//! The scoring rules: (survey, answers) -> scorecard. Pure; other parts,
//! exports and users' files rely on exactly these rules.

use super::answer::{Answer, Answers};
use super::model::{Kind, Question, Survey};

/// A dimension is low-confidence when more of its answered weight than this
/// came from "don't know" options.
pub const LOW_CONFIDENCE_SHARE: f64 = 0.30;

#[derive(Debug, Clone, PartialEq)]
pub struct Scorecard {
    /// 0..=100, or `None` when no dimension has a score.
    pub index: Option<f64>,
    /// Index into `Survey::levels`.
    pub level: Option<usize>,
    /// In the order of `Survey::dimensions`.
    pub dimensions: Vec<DimensionScore>,
    /// Every shown, required question is answered.
    pub complete: bool,
    /// Ids of the shown, required questions without an answer.
    pub missing: Vec<String>,
    /// Per question, in survey order: its share s in 0..=1 when it counts.
    pub questions: Vec<QuestionScore>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DimensionScore {
    pub score: Option<f64>,
    /// Sum of the weights of the questions that count.
    pub answered_weight: f64,
    /// Share (0..=1) of the answered weight that came from "don't know".
    pub dont_know_share: f64,
    pub low_confidence: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QuestionScore {
    pub shown: bool,
    /// `Some` for an answered, shown, applicable, scored question.
    pub share: Option<f64>,
}

/// Which questions are shown, given the answers: each `show_if` sees only
/// answers to questions that are themselves shown.
pub fn visibility(survey: &Survey, answers: &Answers) -> Vec<bool> {
    visibility_with(survey, |i| answers.get(&survey.questions[i].id))
}

/// `visibility` with the answer to question `i` (by position) given by `answer`.
pub fn visibility_with<'a>(
    survey: &Survey,
    answer: impl Fn(usize) -> Option<&'a Answer>,
) -> Vec<bool> {
    let mut shown: Vec<bool> = Vec::with_capacity(survey.questions.len());
    for question in &survey.questions {
        let visible = match &question.show_if {
            None => true,
            Some(rule) => rule.expr.eval(&|i| {
                if shown.get(i).copied().unwrap_or(false) {
                    answer(i)
                } else {
                    None
                }
            }),
        };
        shown.push(visible);
    }
    shown
}

pub fn score(survey: &Survey, answers: &Answers) -> Scorecard {
    score_with(survey, |i| answers.get(&survey.questions[i].id))
}

/// `score` with the answer to question `i` (by position) given by `answer`: callers
/// that hold answers in survey order (scoring a whole database) skip the map.
pub fn score_with<'a>(survey: &Survey, answer: impl Fn(usize) -> Option<&'a Answer>) -> Scorecard {
    let shown = visibility_with(survey, &answer);
    let mut sums = vec![Sums::default(); survey.dimensions.len()];
    let mut questions = Vec::with_capacity(survey.questions.len());
    let mut missing = Vec::new();
    for (i, (question, &visible)) in survey.questions.iter().zip(&shown).enumerate() {
        let given = if visible { answer(i) } else { None };
        if visible && question.required && given.is_none() && !matches!(question.kind, Kind::Note) {
            missing.push(question.id.clone());
        }
        let share = match (question.dimension, given) {
            (Some(d), Some(given)) => share(question, given)
                .inspect(|&(s, dont_know)| sums[d].add(question.weight, s, dont_know)),
            _ => None,
        };
        questions.push(QuestionScore {
            shown: visible,
            share: share.map(|(s, _)| s),
        });
    }
    let dimensions: Vec<DimensionScore> = sums.iter().map(Sums::finish).collect();
    let index = overall(survey, &dimensions);
    let level = index.and_then(|i| level(survey, i, &dimensions));
    Scorecard {
        index,
        level,
        dimensions,
        complete: missing.is_empty(),
        missing,
        questions,
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct Sums {
    weight: f64,
    weighted: f64,
    dont_know_weight: f64,
}

impl Sums {
    fn add(&mut self, weight: f64, share: f64, dont_know: bool) {
        self.weight += weight;
        self.weighted += weight * share;
        if dont_know {
            self.dont_know_weight += weight;
        }
    }

    fn finish(&self) -> DimensionScore {
        let has_weight = self.weight > 0.0;
        let dont_know_share = if has_weight {
            self.dont_know_weight / self.weight
        } else {
            0.0
        };
        DimensionScore {
            score: has_weight.then(|| 100.0 * self.weighted / self.weight),
            answered_weight: self.weight,
            dont_know_share,
            low_confidence: dont_know_share > LOW_CONFIDENCE_SHARE,
        }
    }
}

/// The question's share s in 0..=1 and whether a "don't know" option gave it;
/// `None` when the answer makes it not applicable.
fn share(question: &Question, answer: &Answer) -> Option<(f64, bool)> {
    match (&question.kind, answer) {
        (_, Answer::NotApplicable) => None,
        (Kind::Single { options }, Answer::Choice(value)) => {
            let chosen = question.option(value)?;
            let top = options.iter().filter_map(|o| o.score).fold(0.0, f64::max);
            Some((chosen.score? / top, chosen.dont_know))
        }
        (Kind::Multi { options, max_score }, Answer::Choices(values)) => {
            let chosen: Vec<_> = values.iter().filter_map(|v| question.option(v)).collect();
            if chosen.iter().any(|o| o.score.is_none()) {
                return None;
            }
            let cap = max_score.unwrap_or_else(|| options.iter().filter_map(|o| o.score).sum());
            let sum: f64 = chosen.iter().filter_map(|o| o.score).sum();
            Some(((sum / cap).min(1.0), chosen.iter().any(|o| o.dont_know)))
        }
        (Kind::Scale { min, max, .. }, Answer::Number(v)) => {
            Some(((v - *min as f64) / (*max as f64 - *min as f64), false))
        }
        (Kind::YesNo { .. }, Answer::Choice(v)) => {
            Some((if v == "yes" { 1.0 } else { 0.0 }, false))
        }
        (Kind::Number(rule), Answer::Number(v)) => {
            let top = rule.bands.iter().map(|b| b.score).fold(0.0, f64::max);
            let band = rule
                .bands
                .iter()
                .rev()
                .find(|b| b.min <= *v)
                .map_or(0.0, |b| b.score);
            Some((band / top, false))
        }
        _ => None,
    }
}

fn overall(survey: &Survey, dimensions: &[DimensionScore]) -> Option<f64> {
    let (mut weight, mut weighted) = (0.0, 0.0);
    for (dim, result) in survey.dimensions.iter().zip(dimensions) {
        if let Some(s) = result.score {
            weight += dim.weight;
            weighted += dim.weight * s;
        }
    }
    (weight > 0.0).then(|| weighted / weight)
}

/// The highest level whose min the index reaches and whose gate holds.
fn level(survey: &Survey, index: f64, dimensions: &[DimensionScore]) -> Option<usize> {
    survey
        .levels
        .iter()
        .enumerate()
        .rev()
        .find_map(|(i, level)| {
            let gate_holds = level.requires.is_none_or(|gate| {
                dimensions
                    .iter()
                    .filter(|d| d.score.is_some_and(|s| s >= gate.min_score))
                    .count()
                    >= gate.dimensions
            });
            (index >= level.min && gate_holds).then_some(i)
        })
}
