//! The survey as the program holds it once loaded and validated.
//! Only `load` builds these; everything else reads them.

use std::collections::BTreeMap;

use super::expr::Expr;
use super::text::Text;

#[derive(Debug, Clone)]
pub struct Survey {
    pub id: String,
    pub version: String,
    /// The first is the default language.
    pub languages: Vec<String>,
    pub title: Text,
    pub description: Option<Text>,
    pub dimensions: Vec<Dimension>,
    pub levels: Vec<Level>,
    pub questions: Vec<Question>,
}

#[derive(Debug, Clone)]
pub struct Dimension {
    pub id: String,
    pub title: Text,
    pub weight: f64,
    pub description: Option<Text>,
    /// Ascending by `below`.
    pub advice: Vec<Advice>,
}

#[derive(Debug, Clone)]
pub struct Advice {
    pub below: f64,
    pub text: Text,
    /// The kind of khuyến công support this advice calls for.
    pub support: Option<Text>,
}

#[derive(Debug, Clone)]
pub struct Level {
    pub min: f64,
    pub label: Text,
    pub advice: Option<Text>,
    pub requires: Option<Gate>,
}

/// A level also needs at least `dimensions` dimensions scoring `min_score` or more.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gate {
    pub dimensions: usize,
    pub min_score: f64,
}

#[derive(Debug, Clone)]
pub struct Question {
    pub id: String,
    pub text: Text,
    pub hint: Option<Text>,
    pub guidance: Option<Text>,
    /// Index into `Survey::dimensions`; `None` for profile questions.
    pub dimension: Option<usize>,
    pub weight: f64,
    pub required: bool,
    pub show_if: Option<ShowIf>,
    pub kind: Kind,
}

#[derive(Debug, Clone)]
pub struct ShowIf {
    /// As written in the definition, for messages and paper forms.
    pub source: String,
    pub expr: Expr,
}

#[derive(Debug, Clone)]
pub enum Kind {
    Single {
        options: Vec<Choice>,
    },
    Multi {
        options: Vec<Choice>,
        max_score: Option<f64>,
    },
    Scale {
        min: i64,
        max: i64,
        labels: BTreeMap<i64, Text>,
        allow_na: bool,
    },
    YesNo {
        allow_na: bool,
    },
    Number(NumberRule),
    Text {
        max_length: Option<usize>,
        constraint_message: Option<Text>,
    },
    Date,
    Note,
}

#[derive(Debug, Clone)]
pub struct Choice {
    pub value: String,
    pub label: Text,
    /// `None` marks "not applicable": choosing it takes the question out of scoring.
    pub score: Option<f64>,
    pub dont_know: bool,
    pub exclusive: bool,
}

#[derive(Debug, Clone)]
pub struct NumberRule {
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub integer: bool,
    pub unit: Option<Text>,
    /// Ascending by `min`; empty when the question is not scored.
    pub bands: Vec<Band>,
    pub constraint_message: Option<Text>,
    pub allow_na: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Band {
    pub min: f64,
    pub score: f64,
}

/// The question types as named in the definition format.
pub const KIND_NAMES: [&str; 8] = [
    "single", "multi", "scale", "yesno", "number", "text", "date", "note",
];

impl Kind {
    pub fn name(&self) -> &'static str {
        match self {
            Kind::Single { .. } => "single",
            Kind::Multi { .. } => "multi",
            Kind::Scale { .. } => "scale",
            Kind::YesNo { .. } => "yesno",
            Kind::Number(_) => "number",
            Kind::Text { .. } => "text",
            Kind::Date => "date",
            Kind::Note => "note",
        }
    }

    pub fn options(&self) -> &[Choice] {
        match self {
            Kind::Single { options } | Kind::Multi { options, .. } => options,
            _ => &[],
        }
    }

    pub fn allows_na(&self) -> bool {
        match self {
            Kind::Scale { allow_na, .. } | Kind::YesNo { allow_na } => *allow_na,
            Kind::Number(rule) => rule.allow_na,
            _ => false,
        }
    }
}

impl Survey {
    pub fn default_language(&self) -> &str {
        &self.languages[0]
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    pub fn question_index(&self, id: &str) -> Option<usize> {
        self.questions.iter().position(|q| q.id == id)
    }
}

impl Question {
    pub fn option(&self, value: &str) -> Option<&Choice> {
        self.kind.options().iter().find(|o| o.value == value)
    }

    pub fn is_scored(&self) -> bool {
        self.dimension.is_some()
    }
}

impl Dimension {
    /// The tightest advice whose `below` the score is under.
    pub fn advice_for(&self, score: f64) -> Option<&Advice> {
        self.advice.iter().find(|a| score < a.below)
    }
}
