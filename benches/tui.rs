//! The workshop screens' speed targets (issue 4), drawn into ratatui's TestBackend:
//! - a frame of the entry screen under 1 ms;
//! - the dashboard of a 10,000-establishment session under 5 ms;
//! - the first frame within 200 ms of start on a 100,000-response database.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use sansang::fieldwork::Fieldwork;
use sansang::fieldwork::summaries::{Board, BoardRow};
use sansang::store::Store;
use sansang::survey::Catalog;
use sansang::tui::app::{Action, App, Screen, update};
use sansang::tui::views::Dashboard;
use sansang::tui::{draw, strings::Lang};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

/// The demo workshop on a fresh database in a temporary folder, on its first establishment's
/// entry screen. The folder lives as long as the bench.
fn demo_app() -> App {
    let dir = Box::leak(Box::new(tempfile::tempdir().unwrap()));
    let store = Store::open(dir.path().join("bench.redb")).unwrap();
    let mut app = App::new(Fieldwork::new(store, Catalog::bundled()), today());
    for a in [Action::Demo, Action::Enter] {
        update(&mut app, a);
    }
    app
}

fn frame(c: &mut Criterion, name: &str, app: &App, size: (u16, u16)) {
    let mut terminal = Terminal::new(TestBackend::new(size.0, size.1)).unwrap();
    c.bench_function(name, |b| {
        b.iter(|| terminal.draw(|f| draw(f, app)).map(|_| ()).unwrap())
    });
}

fn entry(c: &mut Criterion) {
    let mut app = demo_app();
    assert_eq!(app.screen, Screen::Entry);
    update(&mut app, Action::PageUp);
    frame(c, "entry frame 80x24", &app, (80, 24));
    frame(c, "entry frame 120x40", &app, (120, 40));
    app.lang = Lang::En;
    frame(c, "entry frame 120x40 en", &app, (120, 40));
}

fn dashboard(c: &mut Criterion) {
    let mut app = demo_app();
    update(&mut app, Action::Esc);
    update(&mut app, Action::ShowDashboard);
    let model = app.dashboard.as_ref().unwrap().board.rows[0].clone();
    let columns = app.dashboard.as_ref().unwrap().board.columns.clone();
    let rows: Vec<BoardRow> = (0..10_000)
        .map(|i| {
            let s = (i * 37 % 1000) as f64 / 10.0;
            let mut row = model.clone();
            row.establishment.name = format!("Cơ sở sản xuất số {i} – xã Phú Lương");
            row.scored.card.index = Some(s);
            for d in &mut row.scored.card.dimensions {
                d.score = Some(s);
            }
            row
        })
        .collect();
    app.dashboard = Some(Dashboard::new(Board::new(columns, rows)));
    app.screen = Screen::Dashboard;
    frame(
        c,
        "dashboard frame 10000 establishments 120x40",
        &app,
        (120, 40),
    );
    c.bench_function("dashboard resort 10000 establishments", |b| {
        b.iter(|| {
            let board = app.dashboard.as_mut().unwrap();
            board.sort = (board.sort + 1) % board.columns();
            board.resort();
        })
    });
}

/// A database with about 100,000 responses, made once by the store's demo generator (on first
/// use: a run filtered to the frame benches does not wait for it).
fn big_database() -> PathBuf {
    static PATH: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    PATH.get_or_init(make_big_database).clone()
}

fn make_big_database() -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("tui-bench-100k.redb");
    if !path.exists() {
        let started = Instant::now();
        let store = Store::open(&path).unwrap();
        let options = sansang::demo::Options {
            establishments: 37_500,
            ..Default::default()
        };
        let summary = sansang::demo::generate(&store, &Catalog::bundled(), &options).unwrap();
        eprintln!(
            "made {} responses in {:?}",
            summary.responses,
            started.elapsed()
        );
    }
    path
}

fn first_frame(c: &mut Criterion) {
    let mut group = c.benchmark_group("start");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("open + first frame on 100k responses", |b| {
        let path = big_database();
        b.iter(|| {
            let store = Store::open(&path).unwrap();
            let app = App::new(Fieldwork::new(store, Catalog::bundled()), today());
            let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
            terminal.draw(|f| draw(f, &app)).unwrap();
        })
    });
    group.bench_function(
        "open + first frame + session counts on 100k responses",
        |b| {
            let path = big_database();
            b.iter(|| {
                let store = Store::open(&path).unwrap();
                let mut app = App::new(Fieldwork::new(store, Catalog::bundled()), today());
                let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
                terminal.draw(|f| draw(f, &app)).unwrap();
                update(&mut app, Action::Background);
                terminal.draw(|f| draw(f, &app)).unwrap();
            })
        },
    );
    group.finish();
}

criterion_group!(benches, entry, dashboard, first_frame);
criterion_main!(benches);
