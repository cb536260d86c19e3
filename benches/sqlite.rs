//! sansang beside sqlite on the same demo data (benches/data), at 10,000 and 100,000
//! responses, printing sansang/sqlite for: the file size, scoring every response (one thread
//! each, same scoring core), inserting a responses file of 2,000 responses, one durable save
//! (alternating with a raw 4 KiB write + fsync, as the disk of a shared machine changes speed,
//! and with a bare redb commit of the same two rows: the floor of any save on redb).

use std::fs;
use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use sansang::store::Store;
use serde_json::json;

mod compare;
mod data;

use compare::*;

const FILE: usize = 2_000;

struct Row {
    what: String,
    sansang: String,
    sqlite: String,
    ratio: f64,
}

fn side_by_side(c: &mut Criterion) {
    let mut rows = Vec::new();
    for responses in [10_000, 100_000] {
        compare_at(c, responses, &mut rows);
    }
    eprintln!(
        "\n{:<34} {:>12} {:>12} {:>16}",
        "figure", "sansang", "sqlite", "sansang/sqlite"
    );
    for r in &rows {
        eprintln!(
            "{:<34} {:>12} {:>12} {:>16.2}",
            r.what, r.sansang, r.sqlite, r.ratio
        );
    }
}

fn compare_at(c: &mut Criterion, responses: usize, rows: &mut Vec<Row>) {
    let k = responses / 1000;
    let source = data::database(responses);
    let dir = data::data_dir();
    let store = Store::open_read_only(&source).unwrap();
    let directory = contents(&store, FILE);
    let sqlite_path = dir.join(format!("sqlite-{k}k.db"));
    let started = Instant::now();
    let conn = build_sqlite(&sqlite_path, &store, &directory);
    eprintln!("sqlite side of {k}k built in {:.0?}", started.elapsed());
    let (ours, theirs) = (
        fs::metadata(&source).unwrap().len(),
        sqlite_bytes(&conn, &sqlite_path),
    );
    rows.push(Row {
        what: format!("size, {k}k responses (MiB)"),
        sansang: format!("{:.1}", ours as f64 / 1048576.0),
        sqlite: format!("{:.1}", theirs as f64 / 1048576.0),
        ratio: ours as f64 / theirs as f64,
    });

    let all = surveys(&store);
    assert_eq!(score_sansang(&store, &all), score_sqlite(&conn, &all));
    let mut group = c.benchmark_group(format!("{k}k responses"));
    group.sample_size(10);
    let (mut a, mut b) = (Vec::new(), Vec::new());
    group.bench_function("score all: sansang", |bench| {
        bench.iter_custom(|n| timed(n, &mut a, || black_box(score_sansang(&store, &all))))
    });
    group.bench_function("score all: sqlite", |bench| {
        bench.iter_custom(|n| timed(n, &mut b, || black_box(score_sqlite(&conn, &all))))
    });
    rows.push(ratio(format!("score all, {k}k (one thread)"), a, b));

    let file = &directory.responses;
    let (mut a, mut b) = (Vec::new(), Vec::new());
    group.bench_function(format!("insert {FILE} responses: sansang"), |bench| {
        bench.iter_custom(|n| {
            let mut total = Duration::ZERO;
            for _ in 0..n {
                let fresh = fresh_sansang(&dir.join("insert.redb"), &directory);
                let took = insert_sansang(&fresh, file);
                a.push(took);
                total += took;
            }
            total
        })
    });
    group.bench_function(format!("insert {FILE} responses: sqlite"), |bench| {
        bench.iter_custom(|n| {
            let mut total = Duration::ZERO;
            for _ in 0..n {
                let mut fresh = fresh_sqlite(&dir.join("insert.db"), &directory);
                let took = insert_sqlite(&mut fresh, file);
                b.push(took);
                total += took;
            }
            total
        })
    });
    rows.push(ratio(format!("insert {FILE} responses, {k}k"), a, b));
    group.finish();
    drop(store);

    let copy = dir.join("save.redb");
    fs::copy(&source, &copy).unwrap();
    let store = Store::open(&copy).unwrap();
    let (target, recorder) = (file[0].0.id, file[0].0.recorded_by.clone());
    let mut raw = RawWrite::new(&dir);
    let bare_path = dir.join("bare.redb");
    let mut bare = BareRedb::new(&bare_path, responses as u64);
    let (mut a, mut b, mut r, mut f) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for i in 0..300 {
        let value = if i % 2 == 0 { "knows" } else { "trained" };
        let t = Instant::now();
        store
            .set_answer(target, "A1", Some(json!(value)), None)
            .unwrap();
        a.push(t.elapsed());
        let t = Instant::now();
        save_sqlite(&conn, target, value, &recorder);
        b.push(t.elapsed());
        let t = Instant::now();
        raw.once();
        r.push(t.elapsed());
        let t = Instant::now();
        bare.once();
        f.push(t.elapsed());
    }
    let (raw, floor) = (median(r), median(f));
    let row = ratio(format!("one durable save, {k}k"), a.clone(), b);
    eprintln!(
        "{k}k: save {} ms, sqlite {} ms, raw 4 KiB write + fsync {:.3} ms: sansang/raw {:.2}; \
         a bare redb commit of the same two rows {:.3} ms: bare/raw {:.2}, sansang/bare {:.2}",
        row.sansang,
        row.sqlite,
        raw.as_secs_f64() * 1e3,
        median(a.clone()).as_secs_f64() / raw.as_secs_f64(),
        floor.as_secs_f64() * 1e3,
        floor.as_secs_f64() / raw.as_secs_f64(),
        median(a).as_secs_f64() / floor.as_secs_f64(),
    );
    rows.push(row);
    drop(store);
    drop(bare);
    let _ = fs::remove_file(&copy);
    let _ = fs::remove_file(&bare_path);
}

fn timed<T>(n: u64, into: &mut Vec<Duration>, mut f: impl FnMut() -> T) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..n {
        let t = Instant::now();
        black_box(f());
        let took = t.elapsed();
        into.push(took);
        total += took;
    }
    total
}

fn ratio(what: String, ours: Vec<Duration>, theirs: Vec<Duration>) -> Row {
    let (a, b) = (median(ours), median(theirs));
    Row {
        what: format!("{what} (ms)"),
        sansang: format!("{:.2}", a.as_secs_f64() * 1e3),
        sqlite: format!("{:.2}", b.as_secs_f64() * 1e3),
        ratio: a.as_secs_f64() / b.as_secs_f64(),
    }
}

criterion_group!(benches, side_by_side);
criterion_main!(benches);
