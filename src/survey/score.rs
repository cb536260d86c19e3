//! The scoring rules: (survey, answers) -> scorecard. Pure; other parts,
//! exports and users' files rely on exactly these rules.

use super::answer::{Answer, Answers};
use super::model::{Advice, Gate, Kind, LevelAdvice, Question, Survey};
use super::options::top_option_score;

/// A dimension is low-confidence when more of its answered weight than this
/// came from "don't know" options.
pub const LOW_CONFIDENCE_SHARE: f64 = 0.30;

/// How far under a threshold a value may fall and still reach it: scores are sums of
/// fractions, so a dimension that is mathematically 60 may be computed as 59.99999999999999.
pub const THRESHOLD_TOLERANCE: f64 = 1e-9;

/// Whether `value` reaches `threshold` (a level's `min`, a gate's `min_score`, an advice's
/// `below`, `min_coverage`): the one comparison every threshold uses.
pub fn reaches(value: f64, threshold: f64) -> bool {
    value >= threshold - THRESHOLD_TOLERANCE
}

#[derive(Debug, Clone, PartialEq)]
pub struct Scorecard {
    /// 0..=100, or `None` when no dimension has a score.
    pub index: Option<f64>,
    /// Index into `Survey::levels`; `None` without an index or when withheld.
    pub level: Option<usize>,
    /// The index would give a level, but too little was answered (`coverage` below
    /// `Survey::min_coverage`): the index is provisional.
    pub level_withheld: bool,
    /// Index into the level's `advice`: the first entry whose gates hold.
    pub level_advice: Option<usize>,
    /// 0..=1: the dimension-weighted share of the open scored weight that is answered;
    /// `None` when no dimension has a coverage.
    pub coverage: Option<f64>,
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
    /// Sum of the weights of the questions that count (answered, applicable).
    pub answered_weight: f64,
    /// Share (0..=1) of the answered weight that came from "don't know".
    pub dont_know_share: f64,
    pub low_confidence: bool,
    /// answered / (answered + open) weight; `None` when no scored question is open or answered.
    pub coverage: Option<f64>,
    /// `coverage` is below `Survey::min_coverage`.
    pub low_coverage: bool,
    /// Index into the dimension's `advice`: the advice given.
    pub advice: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QuestionScore {
    pub shown: bool,
    /// `Some` for an answered, shown, applicable, scored question.
    pub share: Option<f64>,
}

impl Scorecard {
    /// The advice given for dimension `d`.
    pub fn advice<'s>(&self, survey: &'s Survey, d: usize) -> Option<&'s Advice> {
        let i = self.dimensions.get(d)?.advice?;
        survey.dimensions.get(d)?.advice.get(i)
    }

    /// The advice of the level reached.
    pub fn level_advice<'s>(&self, survey: &'s Survey) -> Option<&'s LevelAdvice> {
        survey
            .levels
            .get(self.level?)?
            .advice
            .get(self.level_advice?)
    }
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
    // What gates and show_if see: answers to shown questions only.
    let seen = |i: usize| if shown[i] { answer(i) } else { None };
    let mut sums = vec![Sums::default(); survey.dimensions.len()];
    let mut questions = Vec::with_capacity(survey.questions.len());
    let mut missing = Vec::new();
    for (i, question) in survey.questions.iter().enumerate() {
        let given = seen(i);
        if shown[i] && question.required && given.is_none() && !matches!(question.kind, Kind::Note)
        {
            missing.push(question.id.clone());
        }
        let share = match (question.dimension, given) {
            (Some(d), Some(given)) => share(question, given)
                .inspect(|&(s, dont_know)| sums[d].add(question.weight, s, dont_know)),
            (Some(d), None) if shown[i] => {
                sums[d].open += question.weight;
                None
            }
            _ => None,
        };
        questions.push(QuestionScore {
            shown: shown[i],
            share: share.map(|(s, _)| s),
        });
    }
    let mut dimensions: Vec<DimensionScore> =
        sums.iter().map(|s| s.finish(survey.min_coverage)).collect();
    for (d, dim) in survey.dimensions.iter().enumerate() {
        let advice = dimensions[d].score.and_then(|s| {
            dim.advice
                .iter()
                .position(|a| !reaches(s, a.below) && gates_hold(&a.requires, &dimensions, &seen))
        });
        dimensions[d].advice = advice;
    }
    let index = overall(survey, &dimensions);
    let coverage = coverage(survey, &dimensions);
    let level_withheld =
        index.is_some() && !coverage.is_some_and(|c| reaches(c, survey.min_coverage));
    let level = index
        .filter(|_| !level_withheld)
        .and_then(|i| level(survey, i, &dimensions, &seen));
    let level_advice = level.and_then(|l| {
        survey.levels[l]
            .advice
            .iter()
            .position(|a| gates_hold(&a.requires, &dimensions, &seen))
    });
    Scorecard {
        index,
        level,
        level_withheld,
        level_advice,
        coverage,
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
    /// Shown, scored, unanswered.
    open: f64,
}

impl Sums {
    fn add(&mut self, weight: f64, share: f64, dont_know: bool) {
        self.weight += weight;
        self.weighted += weight * share;
        if dont_know {
            self.dont_know_weight += weight;
        }
    }

    fn finish(&self, min_coverage: f64) -> DimensionScore {
        let has_weight = self.weight > 0.0;
        let dont_know_share = if has_weight {
            self.dont_know_weight / self.weight
        } else {
            0.0
        };
        let counted = self.weight + self.open;
        let coverage = (counted > 0.0).then(|| self.weight / counted);
        DimensionScore {
            score: has_weight.then(|| 100.0 * self.weighted / self.weight),
            answered_weight: self.weight,
            dont_know_share,
            low_confidence: dont_know_share > LOW_CONFIDENCE_SHARE,
            coverage,
            low_coverage: coverage.is_some_and(|c| !reaches(c, min_coverage)),
            advice: None,
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
            Some((chosen.score? / top_option_score(options), chosen.dont_know))
        }
        (Kind::Multi { options, max_score }, Answer::Choices(values)) => {
            let chosen: Vec<_> = values.iter().filter_map(|v| question.option(v)).collect();
            if chosen.iter().any(|o| o.not_applicable || o.score.is_none()) {
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
    weighted_mean(survey, dimensions.iter().map(|d| d.score))
}

/// Σ W_d·c_d / Σ W_d over the dimensions whose coverage is known.
fn coverage(survey: &Survey, dimensions: &[DimensionScore]) -> Option<f64> {
    weighted_mean(survey, dimensions.iter().map(|d| d.coverage))
}

/// The mean of `values` (one per dimension) weighted by the dimensions' weights, over
/// those that are `Some`.
fn weighted_mean(survey: &Survey, values: impl Iterator<Item = Option<f64>>) -> Option<f64> {
    let (mut weight, mut weighted) = (0.0, 0.0);
    for (dim, value) in survey.dimensions.iter().zip(values) {
        if let Some(v) = value {
            weight += dim.weight;
            weighted += dim.weight * v;
        }
    }
    (weight > 0.0).then(|| weighted / weight)
}

/// The highest level whose min the index reaches and whose gates hold.
fn level<'a>(
    survey: &Survey,
    index: f64,
    dimensions: &[DimensionScore],
    seen: &dyn Fn(usize) -> Option<&'a Answer>,
) -> Option<usize> {
    survey
        .levels
        .iter()
        .enumerate()
        .rev()
        .find_map(|(i, level)| {
            (reaches(index, level.min) && gates_hold(&level.requires, dimensions, seen))
                .then_some(i)
        })
}

/// Whether every gate holds; `seen` gives the answers to shown questions.
fn gates_hold<'a>(
    gates: &[Gate],
    dimensions: &[DimensionScore],
    seen: &dyn Fn(usize) -> Option<&'a Answer>,
) -> bool {
    gates.iter().all(|gate| match gate {
        Gate::Dimensions { count, min_score } => {
            dimensions
                .iter()
                .filter(|d| d.score.is_some_and(|s| reaches(s, *min_score)))
                .count()
                >= *count
        }
        Gate::Dimension {
            dimension,
            min_score,
        } => dimensions
            .get(*dimension)
            .and_then(|d| d.score)
            .is_some_and(|s| reaches(s, *min_score)),
        Gate::If(rule) => rule.expr.eval(seen),
    })
}
