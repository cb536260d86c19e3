//! sansang: readiness surveys for khuyến công workshops.
//!
//! - `survey`: the pure core (model, loading and validation, show_if, scoring).
//! - `store`: the workshop database (redb), the only module that knows redb.
//! - `tui`: the workshop screens over the store.
//! - `export`: spreadsheets, JSON, printable result sheets and blank forms.
//! - `cli`: the command line over them.
//! - `platform`: what differs on Windows: folders, file names, the console, closing.

pub mod cli;
pub mod demo;
pub mod export;
pub mod platform;
pub mod store;
pub mod survey;
pub mod tui;
pub mod workshop;
