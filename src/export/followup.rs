//! The follow-up list: which establishments need which kind of khuyến công
//! support, from the `support` of the advice their weak dimensions get.

use std::collections::BTreeMap;

use super::strings::Lang;
use crate::survey::{Scorecard, Survey};

/// One scored response of one establishment, the latest of its survey.
#[derive(Debug, Clone)]
pub struct Scored<'s> {
    pub establishment: String,
    pub survey: &'s Survey,
    pub card: Scorecard,
}

/// One establishment's need within a kind of support.
#[derive(Debug, Clone, PartialEq)]
pub struct Need {
    pub establishment: String,
    pub survey: String,
    pub dimension_id: String,
    pub dimension: String,
    pub score: f64,
    pub advice: String,
}

/// Every need for one kind of support ("Tập huấn", "Training").
#[derive(Debug, Clone, PartialEq)]
pub struct SupportGroup {
    pub support: String,
    pub needs: Vec<Need>,
}

impl SupportGroup {
    /// Establishments in this group, each once.
    pub fn establishments(&self) -> usize {
        let mut names: Vec<&str> = self
            .needs
            .iter()
            .map(|n| n.establishment.as_str())
            .collect();
        names.sort_unstable();
        names.dedup();
        names.len()
    }
}

/// The needs grouped by kind of support, the group with the most
/// establishments first; within a group, weakest score first.
pub fn follow_up(scored: &[Scored], lang: Lang) -> Vec<SupportGroup> {
    let mut groups: BTreeMap<String, (String, Vec<Need>)> = BTreeMap::new();
    for s in scored {
        for (d, (dim, result)) in s
            .survey
            .dimensions
            .iter()
            .zip(&s.card.dimensions)
            .enumerate()
        {
            let Some(score) = result.score else { continue };
            let Some(advice) = s.card.advice(s.survey, d) else {
                continue;
            };
            let Some(support) = s.survey.support_of(advice) else {
                continue;
            };
            let entry = groups
                .entry(support.id.clone())
                .or_insert_with(|| (support.label.get(lang.code()).to_owned(), Vec::new()));
            entry.1.push(Need {
                establishment: s.establishment.clone(),
                survey: s.survey.id.clone(),
                dimension_id: dim.id.clone(),
                dimension: dim.title.get(lang.code()).to_owned(),
                score,
                advice: advice.text.get(lang.code()).to_owned(),
            });
        }
    }
    let mut out: Vec<SupportGroup> = groups
        .into_values()
        .map(|(support, mut needs)| {
            needs.sort_by(|a, b| {
                a.score
                    .total_cmp(&b.score)
                    .then(a.establishment.cmp(&b.establishment))
            });
            SupportGroup { support, needs }
        })
        .collect();
    out.sort_by(|a, b| {
        b.establishments()
            .cmp(&a.establishments())
            .then_with(|| a.support.cmp(&b.support))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::{Answers, Catalog, score};

    fn scored<'s>(
        survey: &'s Survey,
        name: &str,
        answers: &[(&str, serde_json::Value)],
    ) -> Scored<'s> {
        let mut a = Answers::new();
        for (id, v) in answers {
            let q = survey.question(id).unwrap();
            a.insert((*id).into(), q.parse_answer(v).unwrap());
        }
        Scored {
            establishment: name.into(),
            survey,
            card: score(survey, &a),
        }
    }

    #[test]
    fn weak_dimensions_are_grouped_by_the_support_they_call_for() {
        let catalog = Catalog::bundled();
        let sxsh = catalog.get("sxsh", None).unwrap();
        let lowest = |id: &str| {
            let q = sxsh.question(id).unwrap();
            let o = q
                .kind
                .options()
                .iter()
                .filter(|o| o.score.is_some())
                .min_by(|a, b| a.score.unwrap().total_cmp(&b.score.unwrap()))
                .unwrap();
            serde_json::json!(o.value)
        };
        let a_questions: Vec<&str> = sxsh
            .questions
            .iter()
            .filter(|q| {
                q.dimension == Some(0) && matches!(q.kind, crate::survey::Kind::Single { .. })
            })
            .map(|q| q.id.as_str())
            .collect();
        let answers: Vec<(&str, serde_json::Value)> =
            a_questions.iter().map(|id| (*id, lowest(id))).collect();
        let groups = follow_up(&[scored(sxsh, "HTX chè Phú Lương", &answers)], Lang::En);
        let training = groups
            .iter()
            .find(|g| g.support == "Training")
            .expect("a Training group");
        assert_eq!(training.needs.len(), 1);
        assert_eq!(training.needs[0].establishment, "HTX chè Phú Lương");
        assert_eq!(training.needs[0].dimension_id, "A");
        assert_eq!(training.establishments(), 1);
    }
}
