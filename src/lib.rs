//! sansang: readiness surveys for khuyến công workshops.
//!
//! - `survey`: the pure core (model, loading and validation, show_if, scoring).
//! - `cli`: the command line over it.

pub mod cli;
pub mod survey;
