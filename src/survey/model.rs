//! The survey as the program holds it once loaded and validated.
//! Only `load` builds these; everything else reads them.

use std::collections::BTreeMap;

use super::expr::Expr;
use super::profile::ProfileField;
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
    /// Below this coverage (0..=1) a response's level is withheld.
    pub min_coverage: f64,
    /// The lines of support advice calls for: declared in the file, or one per distinct
    /// `support` text of a definition that declares none.
    pub supports: Vec<Support>,
    /// The id of the full survey this one is a short screening for (`"screens": "sxsh"`):
    /// once that survey is done, the screening's advice to assess in full is spent.
    pub screens: Option<String>,
}

/// `min_coverage` when a definition does not set it.
pub const DEFAULT_MIN_COVERAGE: f64 = 0.8;

#[derive(Debug, Clone)]
pub struct Dimension {
    pub id: String,
    pub title: Text,
    pub weight: f64,
    pub description: Option<Text>,
    /// Non-descending by `below`; the first that fits is given (`score::advice`).
    pub advice: Vec<Advice>,
}

#[derive(Debug, Clone)]
pub struct Advice {
    pub below: f64,
    pub text: Text,
    /// Index into `Survey::supports`: the kind of khuyến công support this advice calls for.
    pub support: Option<usize>,
    /// All must hold for this advice to be given.
    pub requires: Vec<Gate>,
}

/// A line of support: a khuyến công programme line or a referral to somebody else's.
#[derive(Debug, Clone, PartialEq)]
pub struct Support {
    pub id: String,
    pub label: Text,
    pub channel: Channel,
    pub description: Option<Text>,
    /// The legal basis, e.g. "Nghị định 45/2012/NĐ-CP Điều 4 khoản 3".
    pub basis: Option<Text>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Channel {
    /// Funded by the khuyến công programme.
    KhuyenCong,
    /// Somebody else's programme: the commune, SME support, SMEdx, social-policy credit.
    Referral,
}

impl Channel {
    pub const ALL: [Channel; 2] = [Channel::KhuyenCong, Channel::Referral];

    /// The code in definitions and exports.
    pub fn code(self) -> &'static str {
        match self {
            Channel::KhuyenCong => "khuyen_cong",
            Channel::Referral => "referral",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Level {
    pub min: f64,
    pub label: Text,
    /// The first entry whose gates hold is the level's advice.
    pub advice: Vec<LevelAdvice>,
    /// All must hold for a response to reach this level.
    pub requires: Vec<Gate>,
}

#[derive(Debug, Clone)]
pub struct LevelAdvice {
    pub text: Text,
    pub requires: Vec<Gate>,
}

/// A condition on a scored response (`requires`).
#[derive(Debug, Clone, PartialEq)]
pub enum Gate {
    /// At least `count` dimensions score `min_score` or more.
    Dimensions { count: usize, min_score: f64 },
    /// Dimension `dimension` (an index) has a score of `min_score` or more.
    Dimension { dimension: usize, min_score: f64 },
    /// An expression over the answers, as in show_if, that may name any question.
    If(ShowIf),
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
    /// The establishment's profile field this question's answer is.
    pub profile: Option<ProfileField>,
}

#[derive(Debug, Clone, PartialEq)]
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
    /// `None` in a question that is not scored, and for "not applicable".
    pub score: Option<f64>,
    /// `"score": null`: choosing it takes the question out of scoring.
    pub not_applicable: bool,
    pub dont_know: bool,
    pub exclusive: bool,
}

impl Choice {
    /// Chosen alone in a multi: "none of these", "don't know" and "not applicable" say
    /// something no other option can be said beside.
    pub fn stands_alone(&self) -> bool {
        self.exclusive || self.dont_know || self.not_applicable
    }
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

    /// The support line an advice calls for.
    pub fn support_of(&self, advice: &Advice) -> Option<&Support> {
        advice.support.and_then(|i| self.supports.get(i))
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
