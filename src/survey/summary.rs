//! A scorecard as the outside world sees it: the JSON object that
//! `score --format json` prints and exports reuse. Field names are a contract.

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use serde_json::Value;

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
        serde_json::to_value(self).expect("a scorecard is plain data")
    }
}

/// The object itself, written straight into the output: a large JSON export writes one per
/// response, and building each as a `Value` first cost more than writing it.
impl Serialize for ScoredResponse<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let survey = self.survey;
        let lang = survey.default_language();
        let card = &self.card;
        let dims = &card.dimensions;
        let marked = |mark: &dyn Fn(usize) -> bool| -> Vec<&str> {
            (0..dims.len())
                .filter(|&d| mark(d))
                .map(|d| survey.dimensions[d].id.as_str())
                .collect()
        };
        let advice = |d: usize| {
            card.advice(survey, d).map(|a| {
                let support = survey.support_of(a);
                Advice {
                    text: a.text.get(lang),
                    support: support.map(|s| s.id.as_str()),
                    support_label: support.map(|s| s.label.get(lang)),
                }
            })
        };
        let mut map = s.serialize_map(Some(16))?;
        map.serialize_entry("id", &self.id)?;
        map.serialize_entry("survey", &survey.id)?;
        map.serialize_entry("survey_version", &survey.version)?;
        map.serialize_entry("establishment", &self.establishment)?;
        map.serialize_entry("complete", &card.complete)?;
        map.serialize_entry("missing", &card.missing)?;
        map.serialize_entry("index", &card.index)?;
        map.serialize_entry("level", &self.level_label(lang))?;
        map.serialize_entry("level_withheld", &card.level_withheld)?;
        map.serialize_entry(
            "level_advice",
            &card.level_advice(survey).map(|a| a.text.get(lang)),
        )?;
        map.serialize_entry("coverage", &card.coverage)?;
        map.serialize_entry("dimensions", &ByDimension(survey, |d: usize| dims[d].score))?;
        map.serialize_entry(
            "dimension_coverage",
            &ByDimension(survey, |d: usize| dims[d].coverage),
        )?;
        map.serialize_entry(
            "dont_know_share",
            &ByDimension(survey, |d: usize| dims[d].dont_know_share),
        )?;
        map.serialize_entry("low_confidence", &marked(&|d| dims[d].low_confidence))?;
        map.serialize_entry("low_coverage", &marked(&|d| dims[d].low_coverage))?;
        map.serialize_entry("advice", &ByDimension(survey, advice))?;
        map.end()
    }
}

/// The advice of a dimension as the object holds it.
#[derive(Serialize)]
struct Advice<'a> {
    text: &'a str,
    support: Option<&'a str>,
    support_label: Option<&'a str>,
}

/// An object of one value per dimension, keyed by the dimension's id.
struct ByDimension<'s, F>(&'s Survey, F);

impl<T: Serialize, F: Fn(usize) -> T> Serialize for ByDimension<'_, F> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.dimensions.len()))?;
        for (d, dim) in self.0.dimensions.iter().enumerate() {
            map.serialize_entry(&dim.id, &(self.1)(d))?;
        }
        map.end()
    }
}
