//! sansang: readiness surveys for khuyến công workshops.
//!
//! - `survey`: the pure core (model, loading and validation, show_if, scoring).
//! - `export`: spreadsheets, JSON, printable result sheets and blank forms.
//! - `cli`: the command line over it.

pub mod cli;
pub mod export;
pub mod survey;
