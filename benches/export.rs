//! Speed targets of issues 5 and 14: exporting 100,000 responses to CSV in under 1 s, to
//! XLSX in under 10 s and 300 MiB, to JSON in under 5 s and 200 MiB. One export of each
//! format (CSV with labels and with `--codes`) is timed with its peak RSS first, at 10,000
//! and at 100,000 responses, so that memory growing with the data shows; then CSV is
//! measured by criterion. Each of those single exports runs in a fresh child process, so that
//! its peak RSS is its own.
//!
//! The data is the demo generator's (`sansang demo --establishments`): 50,000
//! establishments answering both surveys, built once under target/bench-data
//! (the same file the store benchmark uses).

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::process::Command;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use sansang::export::{ExportFormat, ExportOptions, export};
use sansang::fieldwork::Fieldwork;
use sansang::store::{ResponseFilter, Store, StoreError};
use sansang::survey::Catalog;

mod data;

use data::{RESPONSES, data_dir, database, database_100k};

fn options(format: ExportFormat) -> ExportOptions {
    let name = format!("export.{}", format.extension());
    ExportOptions {
        force: true,
        ..ExportOptions::new(format, data_dir().join(name))
    }
}

/// Every format once, with the CSV in both faces: labels (the default) and `--codes`.
fn every_format() -> [ExportOptions; 4] {
    let codes = ExportOptions {
        codes: true,
        ..options(ExportFormat::Csv)
    };
    [
        options(ExportFormat::Csv),
        codes,
        options(ExportFormat::Xlsx),
        options(ExportFormat::Json),
    ]
}

/// Set in a child process of this bench: the one export it runs ("responses:format").
const ONE_EXPORT: &str = "SANSANG_BENCH_ONE_EXPORT";

fn export_csv_100k(c: &mut Criterion) {
    if let Ok(which) = std::env::var(ONE_EXPORT) {
        one_export(&which);
        std::process::exit(0);
    }
    // A peak RSS is one export's own only in a fresh process: what an earlier export left
    // with the allocator would count in the next one's. So each runs in a child of this bench.
    for responses in [RESPONSES / 10, RESPONSES] {
        database(responses);
        for format in 0..every_format().len() {
            let status = Command::new(std::env::current_exe().unwrap())
                .arg("--bench")
                .env(ONE_EXPORT, format!("{responses}:{format}"))
                .status()
                .unwrap();
            assert!(status.success(), "{status}");
        }
    }
    let path = database_100k();
    let fieldwork = Fieldwork::new(Store::open(&path).unwrap(), Catalog::bundled());
    let store = fieldwork.store();
    let [opts, codes, ..] = every_format();
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
    group.bench_function("csv_codes_100k_responses", |b| {
        b.iter(|| {
            let done = export(&fieldwork, &codes).unwrap();
            assert_eq!(done.responses, RESPONSES);
        })
    });
    group.finish();
}

fn one_export(which: &str) {
    let (responses, format) = which.split_once(':').unwrap();
    let path = database(responses.parse().unwrap());
    let fieldwork = Fieldwork::new(Store::open(&path).unwrap(), Catalog::bundled());
    once(
        &fieldwork,
        &every_format()[format.parse::<usize>().unwrap()],
    );
}

/// One export, timed, with its peak memory: the high-water mark reset before it, read after.
fn once(fieldwork: &Fieldwork, opts: &ExportOptions) {
    let baseline = status_kib("VmRSS");
    let reset = OpenOptions::new()
        .write(true)
        .open("/proc/self/clear_refs")
        .and_then(|mut f| f.write_all(b"5"));
    let started = Instant::now();
    let done = export(fieldwork, opts).unwrap();
    let took = started.elapsed();
    match (reset, status_kib("VmHWM"), baseline) {
        (Ok(()), Some(peak), Some(base)) => eprintln!(
            "exporting {} responses to {}{} ({} MiB): {took:.2?}, peak RSS {} MiB (RSS before: {} MiB)",
            done.responses,
            opts.format.extension(),
            if opts.codes { " --codes" } else { "" },
            fs::metadata(&done.path).map_or(0, |m| m.len() >> 20),
            peak / 1024,
            base / 1024
        ),
        _ => eprintln!("memory: /proc/self/status not available"),
    }
}

fn status_kib(field: &str) -> Option<u64> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

criterion_group!(benches, export_csv_100k);
criterion_main!(benches);
