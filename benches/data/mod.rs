//! The data the store and export benchmarks share: the demo generator's 100,000
//! responses, built once under target/bench-data (about 25 s) and kept.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use sansang::demo::{Options, generate};
use sansang::store::{SCHEMA_VERSION, Store};
use sansang::survey::Catalog;

pub const RESPONSES: usize = 100_000;

pub fn data_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// The 100k-response database, built on first use: 50,000 establishments answering both
/// surveys in full (about 40 answers each).
pub fn database_100k() -> PathBuf {
    let path = data_dir().join(format!("responses-100k-schema{SCHEMA_VERSION}.redb"));
    if path.exists() {
        return path;
    }
    let partial = path.with_extension("partial");
    let _ = fs::remove_file(&partial);
    let started = Instant::now();
    let store = Store::open(&partial).unwrap();
    let options = Options {
        establishments: RESPONSES / 2,
        seed: 7,
        per_transaction: 2500,
        follow_up_share: 0.0,
        draft_share: 0.0,
    };
    let summary = generate(&store, &Catalog::bundled(), &options).unwrap();
    store.close().unwrap();
    fs::rename(&partial, &path).unwrap();
    eprintln!(
        "built {} ({} responses, {} MiB) in {:.0?}",
        path.display(),
        summary.responses,
        fs::metadata(&path).unwrap().len() >> 20,
        started.elapsed()
    );
    path
}
