//! `sansang demo [--establishments N]`: fill the database with a realistic workshop.

use std::path::PathBuf;

use super::Outcome;
use super::db::{failure, open_store, print_text};
use crate::demo::{Options, generate};
use crate::survey::Catalog;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// How many establishments (each answers both surveys; about a third come back a year later).
    #[arg(long, default_value_t = 24)]
    establishments: usize,
    /// The same seed gives the same workshop.
    #[arg(long, default_value_t = 2024)]
    seed: u64,
}

pub fn run(args: Args, db: &Option<PathBuf>) -> Outcome {
    let mut store = open_store(db)?;
    let options = Options {
        establishments: args.establishments,
        seed: args.seed,
        ..Options::default()
    };
    let summary = generate(&store, &Catalog::bundled(), &options).map_err(failure)?;
    // redb leaves a grown file up to twice its data; a large demo is worth bringing back.
    if summary.responses > 10_000 {
        store.compact().map_err(failure)?;
    }
    print_text(&format!(
        "added a demo workshop to {}: {} sessions, {} establishments, {} responses ({} drafts). Try `sansang score` or `sansang session list`",
        store.path().display(),
        summary.sessions,
        summary.establishments,
        summary.responses,
        summary.drafts
    ))
}
