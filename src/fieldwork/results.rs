//! What a result says first: the weakest dimensions with their advice and support, the
//! answers whose improvement would raise the index most, and the change since the visit
//! before. The result card on the screen and the printed sheet both read this.

use std::sync::Arc;

use chrono::NaiveDate;

use super::visits::{Visit, assessed_in_full, before};
use super::{Fieldwork, FieldworkError, Pinned, Scored};
use crate::store::{Establishment, Response};
use crate::survey::display::date_text;
use crate::survey::model::Advice;
use crate::survey::text::Lang;
use crate::survey::{Scorecard, Survey};

/// A dimension among the weakest, with the advice its rules give.
#[derive(Debug, Clone, PartialEq)]
pub struct Weak {
    /// Index into the survey's dimensions.
    pub dimension: usize,
    pub score: f64,
    /// Index into that dimension's advice, when its rules give one.
    pub advice: Option<usize>,
}

impl Weak {
    pub fn advice<'s>(&self, survey: &'s Survey) -> Option<&'s Advice> {
        survey.dimensions[self.dimension].advice.get(self.advice?)
    }
}

/// The scored dimensions, weakest first; ties keep the definition's order. The advice is
/// the one the scorecard chose by the dimension's rules.
pub fn weakest(card: &Scorecard) -> Vec<Weak> {
    let mut weak: Vec<Weak> = card
        .dimensions
        .iter()
        .enumerate()
        .filter_map(|(d, result)| {
            let score = result.score?;
            Some(Weak {
                dimension: d,
                score,
                advice: result.advice,
            })
        })
        .collect();
    weak.sort_by(|a, b| a.score.total_cmp(&b.score));
    weak
}

/// One answer whose improvement would raise the index: question position, points gained.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lever {
    pub question: usize,
    pub gain: f64,
}

/// How many levers a result lists.
pub const LEVERS: usize = 3;

/// Index points gained if one answered question reached its best answer: its weight × room to
/// grow, within its dimension, times the dimension's share of the weight of the scored
/// dimensions. The biggest first, at most [`LEVERS`].
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

/// The same survey at the visit before (possibly another version of it).
#[derive(Debug, Clone)]
pub struct Earlier {
    pub pinned: Arc<Pinned>,
    pub date: NaiveDate,
    pub card: Scorecard,
}

/// The full survey that spent a screening's advice.
#[derive(Debug, Clone)]
pub struct InFull {
    pub pinned: Arc<Pinned>,
    pub date: NaiveDate,
}

impl InFull {
    /// What the card and the sheet say in place of the screening's advice.
    pub fn note(&self, lang: Lang) -> String {
        let title = self.pinned.survey.title.get(lang.code());
        let date = date_text(self.date, lang);
        match lang {
            Lang::Vi => format!(
                "Đã đánh giá đầy đủ ({title}) ngày {date}: khuyến nghị và hỗ trợ theo kết quả đó."
            ),
            Lang::En => format!(
                "Assessed in full ({title}) on {date}: its advice and support stand instead."
            ),
        }
    }
}

/// One response's result, as the result card and the establishment sheet show it.
#[derive(Debug, Clone)]
pub struct ResultCard {
    pub establishment: Establishment,
    pub scored: Scored,
    pub visit: Visit,
    pub weakest: Vec<Weak>,
    pub levers: Vec<Lever>,
    pub previous: Option<Earlier>,
    /// For a screening: the full survey done since, whose advice stands instead of its own.
    pub in_full: Option<InFull>,
}

impl ResultCard {
    pub fn survey(&self) -> &Survey {
        &self.scored.pinned.survey
    }

    pub fn card(&self) -> &Scorecard {
        &self.scored.card
    }
}

impl Fieldwork {
    /// The result of `response`, compared with the visit before.
    pub fn result_card(&self, response: &Response) -> Result<ResultCard, FieldworkError> {
        let establishment = self.store.find_establishment(response.establishment_id)?;
        let visits = self.visits(response.establishment_id)?;
        let visit = match visits.iter().find(|v| v.response.id == response.id) {
            Some(v) => v.clone(),
            None => self.dates()?.visit(response.clone()),
        };
        let previous = match before(&visits, &visit) {
            Some(earlier) => {
                let scored = self.score(&earlier.response)?;
                Some(Earlier {
                    pinned: scored.pinned,
                    date: earlier.date,
                    card: scored.card,
                })
            }
            None => None,
        };
        let scored = self.score(response)?;
        let survey = &scored.pinned.survey;
        let in_full = match survey
            .screens
            .as_deref()
            .and_then(|full| assessed_in_full(&visits, &visit, full))
        {
            Some(full) => Some(InFull {
                pinned: self.pinned(&full.response)?,
                date: full.date,
            }),
            None => None,
        };
        Ok(ResultCard {
            in_full,
            weakest: weakest(&scored.card),
            levers: levers(survey, &scored.card),
            establishment,
            visit,
            previous,
            scored,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::{Answer, Answers, Catalog, Kind, score};

    fn sxsh() -> Survey {
        Catalog::bundled().get("sxsh", Some("1.0")).unwrap().clone()
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
    fn the_weakest_come_first_ties_in_definition_order_with_their_advice() {
        let survey = sxsh();
        let mut answers = Answers::new();
        for q in &survey.questions {
            if let Kind::Single { options } = &q.kind
                && q.dimension.is_some()
            {
                let worst = options.iter().find(|o| o.score == Some(0.0));
                if let Some(o) = worst {
                    answers.insert(q.id.clone(), Answer::Choice(o.value.clone()));
                }
            }
        }
        let card = score(&survey, &answers);
        let weak = weakest(&card);
        let scored: Vec<usize> = (0..survey.dimensions.len())
            .filter(|&d| card.dimensions[d].score.is_some())
            .collect();
        assert_eq!(weak.len(), scored.len());
        assert!(weak.windows(2).all(|w| w[0].score <= w[1].score));
        let zeros: Vec<usize> = weak
            .iter()
            .filter(|w| w.score == 0.0)
            .map(|w| w.dimension)
            .collect();
        assert!(
            zeros.windows(2).all(|w| w[0] < w[1]),
            "ties in definition order"
        );
        assert!(
            weak[0].advice(&survey).is_some(),
            "a score of 0 gets advice"
        );
    }
}
