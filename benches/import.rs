//! Speed targets of the imports, on the demo generator's data (built once under
//! target/bench-data and kept):
//! - the centre's list of 10,000 establishments (CSV) into a database already holding them among
//!   12,000 (every row matched) and into an empty one (every row added): under 2 s each;
//! - a responses file of 10,000 responses (both full surveys, about 40 answers each) into an
//!   empty database: under 3 s;
//! - merging the JSON export of the demo workshop at 4,000 establishments (screenings, full
//!   surveys, drafts and the follow-up: 14,834 responses) into an empty database.
//!
//! Each empty database is made before its run, outside the time measured.

use std::fs;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use sansang::demo::{Options, generate};
use sansang::export::{ExportFormat, ExportOptions, export};
use sansang::fieldwork::Fieldwork;
use sansang::import::ImportError;
use sansang::import::establishments::import_establishments;
use sansang::import::merge::merge;
use sansang::import::responses::{self, import_responses};
use sansang::store::{ResponseFilter, SCHEMA_VERSION, Store, StoreError};
use sansang::survey::Catalog;
use serde_json::{Map, Value, json};

mod data;

use data::{data_dir, database};

const ROWS: usize = 10_000;

/// A fresh, empty database beside the data (on the same disk), removed with its folder.
fn empty() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir_in(data_dir()).unwrap();
    let store = Store::open(dir.path().join("empty.redb")).unwrap();
    (dir, store)
}

/// 12,000 establishments, each named once in its commune as in a centre's list (the demo
/// generator draws names from small pools, so many repeat): the 24k database with a number
/// after each name, built once.
fn list_database() -> PathBuf {
    let path = data_dir().join(format!("list-12k-schema{SCHEMA_VERSION}.redb"));
    if path.exists() {
        return path;
    }
    let partial = path.with_extension("partial");
    fs::copy(database(2 * 12_000), &partial).unwrap();
    let store = Store::open(&partial).unwrap();
    let all = store.establishments(None).unwrap();
    store
        .write_batch(|batch| {
            for (n, e) in all.into_iter().enumerate() {
                let name = format!("{} số {}", e.name, n + 1);
                batch.replace_establishment(&sansang::store::Establishment { name, ..e })?;
            }
            Ok::<(), StoreError>(())
        })
        .unwrap();
    store.close().unwrap();
    fs::rename(&partial, &path).unwrap();
    path
}

/// 10,000 of the 12,000 establishments of the list database as a centre's sheet: Vietnamese
/// headers, no ids (matched by name and commune).
fn establishment_list(db: &Path) -> Vec<u8> {
    let store = Store::open(db).unwrap();
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record([
        "Tên cơ sở",
        "Loại hình",
        "Ngành nghề",
        "Xã/phường",
        "Tỉnh",
        "Người liên hệ",
        "Số điện thoại",
    ])
    .unwrap();
    for e in store.establishments(None).unwrap().iter().take(ROWS) {
        let kind = e.profile.kind.map_or("ho_kinh_doanh", |k| k.code());
        let row = [
            &e.name,
            kind,
            &e.sector,
            &e.commune,
            &e.province,
            &e.contact_person,
            &e.phone,
        ];
        out.write_record(row).unwrap();
    }
    store.close().unwrap();
    out.into_inner().unwrap()
}

/// The 10,000 responses of the 10k database as a responses file: each with a reference, its
/// survey and version, its establishment and session by name, and its answers.
fn responses_file(db: &Path) -> Vec<u8> {
    let store = Store::open(db).unwrap();
    let sessions: std::collections::HashMap<_, _> = store
        .sessions()
        .unwrap()
        .into_iter()
        .map(|s| (s.id, json!({"name": s.name, "date": s.date.to_string()})))
        .collect();
    let establishments: std::collections::HashMap<_, _> = store
        .establishments(None)
        .unwrap()
        .into_iter()
        .map(|e| {
            let kind = e.profile.kind.map(|k| k.code());
            let place =
                json!({"name": e.name, "commune": e.commune, "province": e.province, "kind": kind});
            (e.id, place)
        })
        .collect();
    let mut list = Vec::new();
    store
        .visit_responses(&ResponseFilter::default(), |r, answers| {
            let answers: Map<String, Value> =
                answers.into_iter().map(|(q, a)| (q, a.value)).collect();
            list.push(json!({
                "id": format!("r-{}", list.len() + 1),
                "survey": r.survey_id,
                "survey_version": r.survey_version,
                "establishment": establishments[&r.establishment_id],
                "session": sessions[&r.session_id],
                "answers": answers,
            }));
            Ok::<(), StoreError>(())
        })
        .unwrap();
    store.close().unwrap();
    serde_json::to_vec(&json!({"format": 1, "responses": list})).unwrap()
}

/// The JSON export of the demo workshop at 4,000 establishments, built once.
fn demo_export() -> PathBuf {
    let path = data_dir().join(format!("demo-4000-schema{SCHEMA_VERSION}.json"));
    if path.exists() {
        return path;
    }
    let (_dir, store) = empty();
    let options = Options {
        establishments: 4000,
        ..Options::default()
    };
    let summary = generate(&store, &Catalog::bundled(), &options).unwrap();
    eprintln!(
        "demo at 4,000 establishments: {} responses",
        summary.responses
    );
    let fieldwork = Fieldwork::new(store, Catalog::bundled());
    let partial = path.with_extension("partial");
    let opts = ExportOptions {
        force: true,
        ..ExportOptions::new(ExportFormat::Json, partial.clone())
    };
    export(&fieldwork, &opts).unwrap();
    fs::rename(&partial, &path).unwrap();
    path
}

fn establishments(c: &mut Criterion) {
    let db = list_database();
    let list = establishment_list(&db);
    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    let known = Store::open(&db).unwrap();
    group.bench_function("list_10k_rows_all_matched_among_12k", |b| {
        b.iter(|| {
            let done = import_establishments(&known, "danh-sach.csv", &list).unwrap();
            assert_eq!(done.matched.len(), ROWS, "{:?}", done.refused.first());
        })
    });
    known.close().unwrap();
    group.bench_function("list_10k_rows_into_an_empty_database", |b| {
        b.iter_batched(
            empty,
            |(dir, store)| {
                let done = import_establishments(&store, "danh-sach.csv", &list).unwrap();
                assert_eq!(done.added.len(), ROWS, "{:?}", done.refused.first());
                (dir, store)
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

fn responses(c: &mut Criterion) {
    let file = responses_file(&database(ROWS));
    let catalog = Catalog::bundled();
    let options = responses::Options::default();
    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(30));
    group.bench_function("responses_file_10k_into_an_empty_database", |b| {
        b.iter_batched(
            empty,
            |(dir, store)| {
                let done =
                    import_responses(&store, &catalog, "hoi-thao.json", &file, &options).unwrap();
                assert_eq!(done.responses_added, ROWS);
                (dir, store)
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

fn merges(c: &mut Criterion) {
    let path = demo_export();
    let options = responses::Options::default();
    let reopen = || -> Result<Box<dyn BufRead>, ImportError> {
        let file = fs::File::open(&path).map_err(|e| ImportError::Unreadable(e.to_string()))?;
        Ok(Box::new(std::io::BufReader::with_capacity(1 << 16, file)))
    };
    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(40));
    group.bench_function("merge_demo_4000_export_into_an_empty_database", |b| {
        b.iter_batched(
            empty,
            |(dir, store)| {
                let done = merge(&store, "demo.json", &reopen, &options).unwrap();
                assert!(done.responses_added > 13_000, "{done}");
                (dir, store)
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, establishments, responses, merges);
criterion_main!(benches);
