//! Speed target of issue 5: exporting 100,000 responses to CSV in under 2 s
//! with memory under 200 MiB (peak RSS printed after the run).
//!
//! The data is the demo generator's (`sansang demo --establishments`): 50,000
//! establishments answering both surveys, built once under target/bench-data
//! (the same file the store benchmark uses).

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use sansang::export::{ExportFormat, ExportOptions, export};
use sansang::fieldwork::Fieldwork;
use sansang::store::{ResponseFilter, Store, StoreError};
use sansang::survey::Catalog;

mod data;

use data::{RESPONSES, data_dir, database_100k};

fn csv_options() -> ExportOptions {
    ExportOptions {
        force: true,
        ..ExportOptions::new(ExportFormat::Csv, data_dir().join("export-100k.csv"))
    }
}

fn export_csv_100k(c: &mut Criterion) {
    let path = database_100k();
    let fieldwork = Fieldwork::new(Store::open(&path).unwrap(), Catalog::bundled());
    let store = fieldwork.store();
    let opts = csv_options();
    // Peak memory of one export, first, while the process holds nothing else:
    // reset the high-water mark, run, read it back.
    let baseline = status_kib("VmRSS");
    let reset = OpenOptions::new()
        .write(true)
        .open("/proc/self/clear_refs")
        .and_then(|mut f| f.write_all(b"5"));
    let started = Instant::now();
    let done = export(&fieldwork, &opts).unwrap();
    let took = started.elapsed();
    match (reset, status_kib("VmHWM"), baseline) {
        (Ok(()), Some(peak), Some(base)) => eprintln!(
            "exporting {} responses to CSV ({} MiB): {took:.2?}, peak RSS {} MiB (RSS before: {} MiB)",
            done.responses,
            fs::metadata(&done.path).map_or(0, |m| m.len() >> 20),
            peak / 1024,
            base / 1024
        ),
        _ => eprintln!("memory: /proc/self/status not available"),
    }
    let mut group = c.benchmark_group("export");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(30));
    // What the store alone takes to hand over every response: the floor under the export.
    group.bench_function("read_100k_responses", |b| {
        b.iter(|| {
            let mut n = 0;
            store
                .visit_responses(&ResponseFilter::default(), |_, answers| {
                    n += answers.len();
                    Ok::<(), StoreError>(())
                })
                .unwrap();
            n
        })
    });
    group.bench_function("csv_100k_responses", |b| {
        b.iter(|| {
            let done = export(&fieldwork, &opts).unwrap();
            assert_eq!(done.responses, RESPONSES);
        })
    });
    group.finish();
}

fn status_kib(field: &str) -> Option<u64> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

criterion_group!(benches, export_csv_100k);
criterion_main!(benches);
