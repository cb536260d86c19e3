//! sansang: readiness surveys for khuyến công workshops.
//!
//! Layers, each using only those before it:
//! - `survey`: the pure core (model, loading and validation, show_if, scoring).
//! - `store`: the workshop database (redb), the only module that knows redb.
//! - `fieldwork`: the workshop's rules, once (and its glossary).
//! - `import`, `export`: what comes into and leaves the laptop.
//! - `demo`: the demo workshop.
//! - `tui`, `cli`: the workshop screens and the command line, thin shells.
//! - `platform`, beside them all: what differs on Windows (folders, file names, the
//!   console, closing, byte-order marks); it uses only the core's text folding.

pub mod cli;
pub mod demo;
pub mod export;
pub mod fieldwork;
pub mod import;
pub mod platform;
pub mod store;
pub mod survey;
pub mod tui;
