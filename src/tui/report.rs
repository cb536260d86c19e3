//! What the result card and the dashboard show, computed once when they open
//! (rendering then only reads it).

use std::sync::Arc;

use chrono::NaiveDate;

use super::data::EstablishmentRow;
use crate::survey::{Scorecard, Survey};

/// One answer whose improvement would raise the index: question index, points gained.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lever {
    pub question: usize,
    pub gain: f64,
}

#[derive(Debug, Clone)]
pub struct ResultView {
    pub survey: Arc<Survey>,
    pub establishment: EstablishmentRow,
    pub card: Scorecard,
    /// Dimensions by score, weakest first (scored ones only).
    pub weakest: Vec<usize>,
    pub levers: Vec<Lever>,
    /// The same survey answered before by this establishment: when, and its card.
    pub previous: Option<(NaiveDate, Scorecard)>,
    /// Lines scrolled off the top, on a small window.
    pub scroll: u16,
}

/// How many levers the card lists.
const LEVERS: usize = 3;

impl ResultView {
    pub fn new(
        survey: Arc<Survey>,
        establishment: EstablishmentRow,
        card: Scorecard,
        previous: Option<(NaiveDate, Scorecard)>,
    ) -> ResultView {
        let mut weakest: Vec<usize> = (0..card.dimensions.len())
            .filter(|&d| card.dimensions[d].score.is_some())
            .collect();
        weakest.sort_by(|&a, &b| {
            let s = |d: usize| card.dimensions[d].score.unwrap_or(0.0);
            s(a).total_cmp(&s(b))
        });
        let levers = levers(&survey, &card);
        ResultView {
            survey,
            establishment,
            card,
            weakest,
            levers,
            previous,
            scroll: 0,
        }
    }
}

/// Index points gained if one answered question reached its best answer:
/// its weight × room to grow, within its dimension, times the dimension's share
/// of the weight of the scored dimensions.
pub fn levers(survey: &Survey, card: &Scorecard) -> Vec<Lever> {
    let scored_weight: f64 = survey
        .dimensions
        .iter()
        .zip(&card.dimensions)
        .filter(|(_, d)| d.score.is_some())
        .map(|(dim, _)| dim.weight)
        .sum();
    if scored_weight <= 0.0 {
        return Vec::new();
    }
    let mut all: Vec<Lever> = survey
        .questions
        .iter()
        .zip(&card.questions)
        .enumerate()
        .filter_map(|(i, (q, qs))| {
            let d = q.dimension?;
            let share = qs.share.filter(|_| qs.shown)?;
            let dim = &card.dimensions[d];
            (dim.answered_weight > 0.0).then(|| Lever {
                question: i,
                gain: 100.0 * q.weight * (1.0 - share) / dim.answered_weight
                    * survey.dimensions[d].weight
                    / scored_weight,
            })
        })
        .filter(|l| l.gain > 0.0)
        .collect();
    all.sort_by(|a, b| b.gain.total_cmp(&a.gain).then(a.question.cmp(&b.question)));
    all.truncate(LEVERS);
    all
}

/// One establishment on the dashboard.
#[derive(Debug, Clone, PartialEq)]
pub struct DashRow {
    pub name: String,
    pub index: Option<f64>,
    pub level: Option<usize>,
    pub dimensions: Vec<Option<f64>>,
    pub complete: bool,
}

/// Columns: 0 name, 1 index, then one per dimension.
#[derive(Debug, Clone)]
pub struct Dashboard {
    pub survey: Arc<Survey>,
    pub rows: Vec<DashRow>,
    pub sort: usize,
    pub descending: bool,
    pub offset: usize,
    pub averages: Vec<Option<f64>>,
    pub level_counts: Vec<usize>,
}

impl Dashboard {
    pub fn new(survey: Arc<Survey>, rows: Vec<DashRow>) -> Dashboard {
        let dims = survey.dimensions.len();
        let averages = (0..dims)
            .map(|d| mean(rows.iter().filter_map(|r| r.dimensions[d])))
            .collect();
        let mut level_counts = vec![0; survey.levels.len()];
        for l in rows.iter().filter_map(|r| r.level) {
            level_counts[l] += 1;
        }
        let mut board = Dashboard {
            survey,
            rows,
            sort: 1,
            descending: true,
            offset: 0,
            averages,
            level_counts,
        };
        board.resort();
        board
    }

    pub fn columns(&self) -> usize {
        2 + self.survey.dimensions.len()
    }

    pub fn index_average(&self) -> Option<f64> {
        mean(self.rows.iter().filter_map(|r| r.index))
    }

    /// Sorts by the chosen column; establishments without a score go last.
    pub fn resort(&mut self) {
        let col = self.sort;
        let key = |r: &DashRow| match col {
            1 => r.index,
            c => r.dimensions.get(c.wrapping_sub(2)).copied().flatten(),
        };
        if col == 0 {
            self.rows
                .sort_by_cached_key(|r| crate::survey::text::fold(&r.name));
            if self.descending {
                self.rows.reverse();
            }
            return;
        }
        let descending = self.descending;
        self.rows.sort_by(|a, b| match (key(a), key(b)) {
            (Some(x), Some(y)) if descending => y.total_cmp(&x),
            (Some(x), Some(y)) => x.total_cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        });
    }
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::{Answer, Answers, Catalog, Kind, score};

    fn sxsh() -> Arc<Survey> {
        Arc::new(Catalog::bundled().get("sxsh", None).unwrap().clone())
    }

    #[test]
    fn levers_are_the_biggest_gains_first_and_vanish_at_the_top() {
        let survey = sxsh();
        let mut answers = Answers::new();
        for q in &survey.questions {
            if let Kind::Single { options } = &q.kind {
                answers.insert(q.id.clone(), Answer::Choice(options[0].value.clone()));
            }
        }
        let found = levers(&survey, &score(&survey, &answers));
        assert_eq!(found.len(), LEVERS);
        assert!(found.windows(2).all(|w| w[0].gain >= w[1].gain));
        let best: Answers = survey
            .questions
            .iter()
            .filter_map(|q| match &q.kind {
                Kind::Single { options } => {
                    let top = options.iter().max_by(|a, b| {
                        a.score.unwrap_or(-1.0).total_cmp(&b.score.unwrap_or(-1.0))
                    })?;
                    Some((q.id.clone(), Answer::Choice(top.value.clone())))
                }
                _ => None,
            })
            .collect();
        assert!(levers(&survey, &score(&survey, &best)).is_empty());
    }

    #[test]
    fn the_dashboard_sorts_by_any_column_with_unscored_rows_last() {
        let survey = sxsh();
        let dims = survey.dimensions.len();
        let row = |name: &str, index: Option<f64>| DashRow {
            name: name.into(),
            index,
            level: None,
            dimensions: vec![index; dims],
            complete: true,
        };
        let mut board = Dashboard::new(
            survey,
            vec![
                row("Bình", Some(40.0)),
                row("An", None),
                row("Đào", Some(80.0)),
            ],
        );
        let names = |b: &Dashboard| b.rows.iter().map(|r| r.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&board), ["Đào", "Bình", "An"]);
        board.descending = false;
        board.resort();
        assert_eq!(names(&board), ["Bình", "Đào", "An"]);
        board.sort = 0;
        board.resort();
        assert_eq!(names(&board), ["An", "Bình", "Đào"]);
        assert_eq!(board.index_average(), Some(60.0));
        assert_eq!(board.averages[0], Some(60.0));
    }
}
