//! A scorecard as the outside world sees it: the JSON object that
//! `score --format json` prints and exports reuse. Field names are a contract.

use serde_json::{Map, Value, json};

use super::model::Survey;
use super::score::Scorecard;

/// One scored response, ready to print.
#[derive(Debug, Clone)]
pub struct ScoredResponse<'s> {
    pub id: Option<String>,
    pub survey: &'s Survey,
    pub establishment: Option<String>,
    pub card: Scorecard,
}

impl ScoredResponse<'_> {
    pub fn level_label(&self, lang: &str) -> Option<&str> {
        self.card
            .level
            .map(|l| self.survey.levels[l].label.get(lang))
    }

    pub fn to_json(&self) -> Value {
        let survey = self.survey;
        let lang = survey.default_language();
        let card = &self.card;
        let by_dimension = |value: &dyn Fn(usize) -> Value| -> Map<String, Value> {
            survey
                .dimensions
                .iter()
                .enumerate()
                .map(|(d, dim)| (dim.id.clone(), value(d)))
                .collect()
        };
        let marked = |mark: &dyn Fn(usize) -> bool| -> Vec<&str> {
            (0..survey.dimensions.len())
                .filter(|&d| mark(d))
                .map(|d| survey.dimensions[d].id.as_str())
                .collect()
        };
        let advice = |d: usize| match card.advice(survey, d) {
            None => Value::Null,
            Some(a) => {
                let support = survey.support_of(a);
                json!({
                    "text": a.text.get(lang),
                    "support": support.map(|s| s.id.as_str()),
                    "support_label": support.map(|s| s.label.get(lang)),
                })
            }
        };
        json!({
            "id": self.id,
            "survey": survey.id,
            "survey_version": survey.version,
            "establishment": self.establishment,
            "complete": card.complete,
            "missing": card.missing,
            "index": card.index,
            "level": self.level_label(lang),
            "level_withheld": card.level_withheld,
            "level_advice": card.level_advice(survey).map(|a| a.text.get(lang)),
            "coverage": card.coverage,
            "dimensions": by_dimension(&|d| json!(card.dimensions[d].score)),
            "dimension_coverage": by_dimension(&|d| json!(card.dimensions[d].coverage)),
            "dont_know_share": by_dimension(&|d| json!(card.dimensions[d].dont_know_share)),
            "low_confidence": marked(&|d| card.dimensions[d].low_confidence),
            "low_coverage": marked(&|d| card.dimensions[d].low_coverage),
            "advice": by_dimension(&advice),
        })
    }
}
