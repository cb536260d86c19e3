//! A scorecard as the outside world sees it: the JSON object that
//! `score --format json` prints and exports reuse, and the row cells of
//! tables and CSV. Field names are a contract.

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

/// Scores with one decimal, the way they are read out and printed.
pub fn one_decimal(score: Option<f64>) -> String {
    score.map(|s| format!("{s:.1}")).unwrap_or_default()
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
        let mut dimensions = Map::new();
        let mut dont_know = Map::new();
        for (dim, result) in survey.dimensions.iter().zip(&self.card.dimensions) {
            dimensions.insert(
                dim.id.clone(),
                result.score.map_or(Value::Null, |s| json!(s)),
            );
            dont_know.insert(dim.id.clone(), json!(result.dont_know_share));
        }
        let low_confidence: Vec<&str> = survey
            .dimensions
            .iter()
            .zip(&self.card.dimensions)
            .filter(|(_, r)| r.low_confidence)
            .map(|(d, _)| d.id.as_str())
            .collect();
        json!({
            "id": self.id,
            "survey": survey.id,
            "survey_version": survey.version,
            "establishment": self.establishment,
            "complete": self.card.complete,
            "missing": self.card.missing,
            "index": self.card.index,
            "level": self.level_label(lang),
            "level_advice": self.card.level.and_then(|l| survey.levels[l].advice.as_ref()).map(|a| a.get(lang)),
            "dimensions": dimensions,
            "dont_know_share": dont_know,
            "low_confidence": low_confidence,
        })
    }
}
