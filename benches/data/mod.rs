//! The data the store, export and sqlite benchmarks share: the demo generator's responses
//! (100,000, and 10,000 to see how figures grow), built once under target/bench-data and kept.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use sansang::demo::{Options, generate};
use sansang::store::{SCHEMA_VERSION, Store};
use sansang::survey::Catalog;

// The benchmarks of whole databases run with the allocator the program ships with (see
// src/main.rs): the library alone would take the system's, which is slower across threads.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub const RESPONSES: usize = 100_000;

pub fn data_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// The 100k-response database: 50,000 establishments answering both surveys in full (about 40
/// answers each).
pub fn database_100k() -> PathBuf {
    database(RESPONSES)
}

/// A database of `responses` responses (half as many establishments), built on first use with
/// the demo generator in transactions of 2,500 establishments, then compacted: redb doubles a
/// file while it grows, and the free half is not part of what the data needs.
pub fn database(responses: usize) -> PathBuf {
    let name = format!(
        "responses-{}k-schema{SCHEMA_VERSION}.redb",
        responses / 1000
    );
    let path = data_dir().join(name);
    if path.exists() {
        return path;
    }
    let partial = path.with_extension("partial");
    let _ = fs::remove_file(&partial);
    let started = Instant::now();
    let mut store = Store::open(&partial).unwrap();
    let options = Options {
        establishments: responses / 2,
        seed: 7,
        per_transaction: 2500,
        follow_up_share: 0.0,
        draft_share: 0.0,
        screening: false,
    };
    let summary = generate(&store, &Catalog::bundled(), &options).unwrap();
    let grown = fs::metadata(&partial).unwrap().len();
    store.compact().unwrap();
    store.close().unwrap();
    fs::rename(&partial, &path).unwrap();
    eprintln!(
        "built {} ({} responses, {} MiB as grown, {} MiB compacted) in {:.0?}",
        path.display(),
        summary.responses,
        grown >> 20,
        fs::metadata(&path).unwrap().len() >> 20,
        started.elapsed()
    );
    path
}
