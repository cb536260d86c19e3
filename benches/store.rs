//! Speed targets of issues 3 and 14, measured on the real disk under target/bench-data:
//! - saving one answer durably, beside one raw 4 KiB write + fsync in the same folder
//!   (within 1.5x);
//! - opening a 100,000-response database (under 50 ms);
//! - scoring all 100,000 responses (memory under 200 MiB, printed after the run);
//! - searching 50,000 establishments (under 20 ms);
//! - the size of the file (at most 3 KB a response, printed).
//!
//! The 100k database is built once with the demo generator's batch writes and kept.

use std::fs::{self, OpenOptions};
use std::hint::black_box;
use std::io::{Seek, SeekFrom, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use sansang::fieldwork::stream::scan;
use sansang::fieldwork::{Fieldwork, FieldworkError};
use sansang::store::{Establishment, EstablishmentKind, Response, ResponseFilter, Session, Store};
use sansang::survey::Catalog;
use serde_json::json;

mod data;

use data::{RESPONSES, data_dir, database_100k};

fn save_answer(c: &mut Criterion) {
    let dir = data_dir();
    let path = dir.join("save-answer.redb");
    let _ = fs::remove_file(&path);
    let store = Store::open(&path).unwrap();
    let catalog = Catalog::bundled();
    let sxsh = catalog.entry("sxsh", None).unwrap();
    let date = chrono::NaiveDate::from_ymd_opt(2024, 10, 15).unwrap();
    let session = store.create_session(Session::new("bench", date)).unwrap();
    let est = store
        .add_establishment(Establishment::new(
            "HTX Chè Vô Tranh",
            EstablishmentKind::HopTacXa,
        ))
        .unwrap();
    store
        .pin_survey(&sxsh.survey.id, &sxsh.survey.version, &sxsh.source)
        .unwrap();
    let response = Response::new(
        &sxsh.survey.id,
        &sxsh.survey.version,
        est.id,
        session.id,
        "bench",
    );
    store.create_response(&response).unwrap();

    let raw_path = dir.join("raw-4k.bin");
    let mut raw = OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(&raw_path)
        .unwrap();
    let page = [0x5Au8; 4096];

    let mut group = c.benchmark_group("save_answer");
    group.measurement_time(Duration::from_secs(8));
    let mut flip = false;
    group.bench_function("store.set_answer (durable)", |b| {
        b.iter(|| {
            flip = !flip;
            let value = if flip { "knows" } else { "trained" };
            store
                .set_answer(response.id, "A1", Some(json!(value)), None)
                .unwrap()
        })
    });
    group.bench_function("raw 4 KiB write + fsync", |b| {
        b.iter(|| {
            raw.seek(SeekFrom::Start(0)).unwrap();
            raw.write_all(&page).unwrap();
            raw.sync_all().unwrap();
        })
    });
    group.finish();

    // The disk of a shared machine changes speed from one second to the next: alternate the
    // two, one of each at a time, and compare their medians.
    let (mut saves, mut raws) = (Vec::new(), Vec::new());
    for i in 0..1000 {
        let started = Instant::now();
        let value = if i % 2 == 0 { "knows" } else { "trained" };
        store
            .set_answer(response.id, "A1", Some(json!(value)), None)
            .unwrap();
        saves.push(started.elapsed());
        let started = Instant::now();
        raw.seek(SeekFrom::Start(0)).unwrap();
        raw.write_all(&page).unwrap();
        raw.sync_all().unwrap();
        raws.push(started.elapsed());
    }
    let median = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let (save, raw) = (median(&mut saves), median(&mut raws));
    eprintln!(
        "alternating 1000 times: save one answer {save:.2?}, raw 4 KiB write + fsync {raw:.2?} (medians), ratio {:.2}",
        save.as_secs_f64() / raw.as_secs_f64()
    );
    drop(store);
    let _ = fs::remove_file(&path);
    let _ = fs::remove_file(&raw_path);
}

fn open_100k(c: &mut Criterion) {
    let path = database_100k();
    let bytes = fs::metadata(&path).unwrap().len();
    eprintln!(
        "database of {RESPONSES} responses: {} MiB, {:.0} bytes a response",
        bytes >> 20,
        bytes as f64 / RESPONSES as f64
    );
    let mut group = c.benchmark_group("open");
    group.sample_size(20);
    // Only one handle can hold the file: each one is closed before the next open, untimed.
    group.bench_function("Store::open (100k responses)", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let started = Instant::now();
                let store = black_box(Store::open(&path).unwrap());
                total += started.elapsed();
                drop(store);
            }
            total
        })
    });
    group.finish();
}

/// As `sansang score` reads: the file opened for reading only.
fn score_all(path: &Path) -> (usize, f64) {
    let fieldwork = Fieldwork::new(Store::open_read_only(path).unwrap(), Catalog::bundled());
    let (mut n, mut sum) = (0, 0.0);
    scan(
        &fieldwork,
        &ResponseFilter::default(),
        |s| s.card.index,
        |index| {
            n += 1;
            sum += index.unwrap_or(0.0);
            Ok::<_, FieldworkError>(())
        },
    )
    .unwrap();
    (n, sum)
}

fn score_100k(c: &mut Criterion) {
    let path = database_100k();
    let mut group = c.benchmark_group("score");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("open + score all 100k responses", |b| {
        b.iter(|| black_box(score_all(&path)))
    });
    group.finish();

    // Peak memory of one scoring run: reset the high-water mark, run, read it back.
    let baseline = status_kib("VmRSS");
    let reset = OpenOptions::new()
        .write(true)
        .open("/proc/self/clear_refs")
        .and_then(|mut f| f.write_all(b"5"));
    let (cpu, started) = (cpu_ms(), Instant::now());
    let (n, _) = score_all(&path);
    assert_eq!(n, RESPONSES);
    if let (Some(before), Some(after)) = (cpu, cpu_ms()) {
        eprintln!(
            "one scoring run: {:.2?} wall, {} ms CPU over all threads",
            started.elapsed(),
            after - before
        );
    }
    match (reset, status_kib("VmHWM"), baseline) {
        (Ok(()), Some(peak), Some(base)) => eprintln!(
            "memory while scoring {n} responses: peak RSS {} MiB (RSS before: {} MiB)",
            peak / 1024,
            base / 1024
        ),
        _ => eprintln!("memory: /proc/self/status not available"),
    }
}

/// CPU time of this process (user + system), in milliseconds: on a shared machine it says
/// more than the wall-clock time.
fn cpu_ms() -> Option<u64> {
    let stat = fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<&str> = stat[stat.rfind(')')? + 2..].split_whitespace().collect();
    let ticks = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(ticks * 10)
}

fn status_kib(field: &str) -> Option<u64> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The pick list and `establishment list --search` over the 50,000 establishments of the 100k
/// database: a name that few match, a commune that half match (all of them, and the first 50
/// as a pick list shows them), and a word nobody has.
fn search_50k(c: &mut Criterion) {
    let store = Store::open_read_only(database_100k()).unwrap();
    let mut group = c.benchmark_group("search 50k establishments");
    for query in ["nguyen van hung", "phu do", "zzz"] {
        let found = store.establishments(Some(query)).unwrap().len();
        eprintln!("{query:?} finds {found}");
        group.bench_function(format!("establishments({query:?})"), |b| {
            b.iter(|| black_box(store.establishments(Some(query)).unwrap().len()))
        });
        group.bench_function(format!("establishment_page({query:?}, 50)"), |b| {
            b.iter(|| black_box(store.establishment_page(Some(query), 50).unwrap().total))
        });
    }
    group.finish();
}

criterion_group!(benches, save_answer, open_100k, score_100k, search_50k);
criterion_main!(benches);
