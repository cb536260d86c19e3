//! The survey core: what a survey is, how a definition is loaded and checked,
//! when a question is shown, and how answers are scored. No terminal, no database.

pub mod answer;
mod binding;
pub mod catalog;
pub mod collate;
pub mod display;
pub mod expr;
pub mod json;
pub mod load;
pub mod model;
mod options;
pub mod problem;
pub mod profile;
pub mod profile_values;
mod questions;
pub mod responses;
mod rules;
pub mod score;
pub mod summary;
mod supports;
pub mod text;
mod walk;

pub use answer::{Answer, Answers};
pub use catalog::Catalog;
pub use load::{Loaded, load_survey};
pub use model::{Dimension, Kind, Level, Question, Survey};
pub use problem::{Problem, Problems, Severity};
pub use profile::{EstablishmentKind, ProfileField};
pub use score::{Scorecard, score, score_with, visibility, visibility_with};

#[cfg(test)]
mod expr_tests;
#[cfg(test)]
pub(crate) mod fixture;
#[cfg(test)]
mod format_tests;
#[cfg(test)]
mod limits_tests;
#[cfg(test)]
mod load_tests;
#[cfg(test)]
mod profile_tests;
#[cfg(test)]
mod properties;
#[cfg(test)]
mod responses_tests;
#[cfg(test)]
mod rules_tests;
#[cfg(test)]
mod score_tests;
#[cfg(test)]
mod shipped_tests;
