//! Shared by the TUI tests: a workshop on a temporary database, the key-macro
//! harness, and rendering to a plain-text screen.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use sansang::fieldwork::Fieldwork;
use sansang::store::Store;
use sansang::survey::Catalog;
use sansang::tui::app::{Action, App, update};
use sansang::tui::{Input, run_loop};

pub const TODAY: (i32, u32, u32) = (2026, 11, 26);

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(TODAY.0, TODAY.1, TODAY.2).unwrap()
}

/// A small survey with typed answers: a number 0..100 and a short text.
pub const MINI: &str = r#"{
  "format": 1, "id": "mini", "version": "1.0", "languages": ["vi", "en"],
  "title": {"vi": "Phiếu nhỏ", "en": "Small survey"},
  "dimensions": [{"id": "X", "title": {"vi": "Nhóm X", "en": "Group X"}, "weight": 1}],
  "levels": [{"min": 0, "label": {"vi": "Thấp", "en": "Low"}}, {"min": 50, "label": {"vi": "Cao", "en": "High"}}],
  "questions": [
    {"id": "N1", "type": "number", "min": 0, "max": 100, "integer": true,
     "text": {"vi": "Số lao động?", "en": "How many workers?"}},
    {"id": "T1", "type": "text", "max_length": 5, "required": false,
     "text": {"vi": "Mã cơ sở?", "en": "Establishment code?"}},
    {"id": "Y1", "type": "yesno", "dimension": "X",
     "text": {"vi": "Có sổ theo dõi điện nước?", "en": "Is there a utility log?"}}
  ]
}"#;

/// A survey with one date question, to type as people write dates.
pub const DATES: &str = r#"{
  "format": 1, "id": "ngay", "version": "1.0", "languages": ["vi", "en"],
  "title": {"vi": "Phiếu ngày", "en": "Dates survey"},
  "dimensions": [{"id": "X", "title": {"vi": "Nhóm X", "en": "Group X"}, "weight": 1}],
  "levels": [{"min": 0, "label": {"vi": "Thấp", "en": "Low"}}],
  "questions": [
    {"id": "D1", "type": "date", "text": {"vi": "Năm thành lập cơ sở?", "en": "When was it founded?"}},
    {"id": "Y1", "type": "yesno", "dimension": "X",
     "text": {"vi": "Có sổ theo dõi điện nước?", "en": "Is there a utility log?"}}
  ]
}"#;

/// The shipped SXSH and DX 1.0, whose questions these tests walk through: the screens'
/// mechanics, not a survey's content, are under test here (tests/profile.rs and the
/// agreement test run the 2.0 surveys).
pub fn catalog_1_0() -> Catalog {
    let [sxsh, _, dx, ..] = sansang::survey::catalog::BUNDLED;
    Catalog::of(&[sxsh, dx]).expect("the shipped 1.0 surveys load")
}

/// SXSH and DX 1.0, plus `mini` and `ngay` after them.
pub fn catalog_with_mini(_dir: &Path) -> Catalog {
    let [sxsh, _, dx, ..] = sansang::survey::catalog::BUNDLED;
    Catalog::of(&[sxsh, dx, ("mini.json", MINI), ("ngay.json", DATES)]).expect("mini survey loads")
}

/// A trainer's laptop: a temporary folder with the database in it.
pub struct Laptop {
    pub dir: tempfile::TempDir,
}

impl Laptop {
    pub fn new() -> Laptop {
        Laptop {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("sansang.redb")
    }

    /// Opens the app on the database, as `sansang` with no arguments does.
    pub fn open(&self) -> App {
        self.open_with(catalog_with_mini(self.dir.path()))
    }

    /// Opens the app on the database with the surveys of `catalog`.
    pub fn open_with(&self, catalog: Catalog) -> App {
        let store = Store::open(self.db()).unwrap();
        let mut app = App::new(Fieldwork::new(store, catalog), today());
        settle(&mut app);
        app
    }
}

/// A real database held in memory (redb's in-memory backend): nothing left on disk.
pub fn memory_store() -> Store {
    Store::with_backend(
        redb::backends::InMemoryBackend::new(),
        Path::new("(in memory)"),
    )
    .unwrap()
}

/// The app on an empty database in memory, with SXSH and DX 1.0.
pub fn memory_app() -> App {
    memory_app_with(catalog_1_0())
}

/// The app on an empty database in memory, with the surveys of `catalog`.
pub fn memory_app_with(catalog: Catalog) -> App {
    App::new(Fieldwork::new(memory_store(), catalog), today())
}

/// Parses "<down>2<enter>Nguyễn<tab>" into key events: names in angle
/// brackets, every other character typed as itself.
pub fn keys(script: &str) -> Vec<KeyEvent> {
    events(script)
        .into_iter()
        .filter_map(|e| match e {
            Event::Key(k) => Some(k),
            _ => None,
        })
        .collect()
}

/// As `keys`, and `<resize 50x12>` for the window changing size.
pub fn events(script: &str) -> Vec<Event> {
    let mut out = Vec::new();
    let mut rest = script;
    while let Some(c) = rest.chars().next() {
        if c == '<'
            && let Some(end) = rest.find('>')
            && end > 1
        {
            let name = &rest[1..end];
            out.push(match name.strip_prefix("resize ") {
                Some(size) => {
                    let (w, h) = size.split_once('x').expect("<resize WxH>");
                    Event::Resize(w.parse().unwrap(), h.parse().unwrap())
                }
                None => Event::Key(named(name)),
            });
            rest = &rest[end + 1..];
            continue;
        }
        out.push(Event::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::NONE,
        )));
        rest = &rest[c.len_utf8()..];
    }
    out
}

fn named(name: &str) -> KeyEvent {
    let none = KeyModifiers::NONE;
    let ctrl = KeyModifiers::CONTROL;
    let (code, mods) = match name {
        "up" => (KeyCode::Up, none),
        "down" => (KeyCode::Down, none),
        "left" => (KeyCode::Left, none),
        "right" => (KeyCode::Right, none),
        "enter" => (KeyCode::Enter, none),
        "tab" => (KeyCode::Tab, none),
        "s-tab" => (KeyCode::BackTab, KeyModifiers::SHIFT),
        "esc" => (KeyCode::Esc, none),
        "bs" => (KeyCode::Backspace, none),
        "del" => (KeyCode::Delete, none),
        "pgup" => (KeyCode::PageUp, none),
        "pgdn" => (KeyCode::PageDown, none),
        "home" => (KeyCode::Home, none),
        "end" => (KeyCode::End, none),
        "space" => (KeyCode::Char(' '), none),
        "f1" => (KeyCode::F(1), none),
        "f2" => (KeyCode::F(2), none),
        "m-r" => (KeyCode::Char('r'), KeyModifiers::ALT),
        "lt" => (KeyCode::Char('<'), none),
        other => match other.strip_prefix("c-").and_then(|c| c.chars().next()) {
            Some(c) => (KeyCode::Char(c), ctrl),
            None => panic!("unknown key <{other}> in a key macro"),
        },
    };
    KeyEvent::new(code, mods)
}

/// Feeds a key macro to the real event loop (`sansang::tui::run_loop`) over a channel, one
/// key at a time as a trainer types, drawing on a test terminal of the app's size; the
/// quiet-moment work runs between keys as it does between a trainer's keystrokes.
pub fn press(app: &mut App, script: &str) {
    for event in events(script) {
        run_events(app, vec![event]);
    }
}

fn run_events(app: &mut App, events: Vec<Event>) {
    let (tx, rx) = std::sync::mpsc::channel();
    for event in events {
        tx.send(Input::Terminal(event)).unwrap();
    }
    drop(tx);
    // The window as the last resize left it; a resize also resizes the test terminal.
    let (w, h) = app.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    run_loop(&mut terminal, app, &rx).unwrap();
    settle(app);
}

/// What the event loop does after a frame: the background work.
pub fn settle(app: &mut App) {
    while app.pending() {
        update(app, Action::Background);
    }
}

pub fn act(app: &mut App, actions: impl IntoIterator<Item = Action>) {
    for a in actions {
        update(app, a);
    }
}

/// The whole screen as TestBackend prints it (one quoted line per row).
pub fn screen(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| sansang::tui::draw(f, app)).unwrap();
    terminal.backend().to_string()
}

/// Where the terminal cursor is after drawing.
pub fn cursor(app: &App, width: u16, height: u16) -> (u16, u16) {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| sansang::tui::draw(f, app)).unwrap();
    let p = terminal.get_cursor_position().unwrap();
    (p.x, p.y)
}

/// A new workshop with one establishment, by keys from the welcome screen.
pub fn workshop(app: &mut App) {
    press(
        app,
        "nHội thảo Phú Lương<tab><tab>Phú Lương<tab>Thái Nguyên<c-s>",
    );
    press(app, "aHTX Chè Tân Cương<c-s>");
}

/// The id of the question in focus ("END" on the end page).
pub fn at(app: &App) -> String {
    let entry = app.entry.as_ref().expect("the entry screen is open");
    entry.question().map_or("END".into(), |q| q.id.clone())
}

/// Enter until the question `id` is in focus.
pub fn go_to(app: &mut App, id: &str) {
    for _ in 0..60 {
        if at(app) == id {
            return;
        }
        press(app, "<enter>");
    }
    panic!("question {id} never came into focus");
}

/// A key release, as Windows sends after every press.
pub fn release(code: KeyCode) -> KeyEvent {
    let mut k = KeyEvent::new(code, KeyModifiers::NONE);
    k.kind = KeyEventKind::Release;
    k
}

/// A disk in memory that fills up on demand: every write fails while it is full.
#[derive(Debug, Clone, Default)]
pub struct FlakyDisk {
    inner: std::sync::Arc<redb::backends::InMemoryBackend>,
    full: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl FlakyDisk {
    pub fn fill(&self) {
        self.full.store(true, std::sync::atomic::Ordering::SeqCst);
    }

    pub fn free(&self) {
        self.full.store(false, std::sync::atomic::Ordering::SeqCst);
    }

    fn check(&self) -> std::io::Result<()> {
        if self.full.load(std::sync::atomic::Ordering::SeqCst) {
            Err(std::io::Error::new(
                std::io::ErrorKind::StorageFull,
                "No space left on device",
            ))
        } else {
            Ok(())
        }
    }
}

impl redb::StorageBackend for FlakyDisk {
    fn len(&self) -> std::io::Result<u64> {
        self.inner.len()
    }
    fn read(&self, offset: u64, out: &mut [u8]) -> std::io::Result<()> {
        self.inner.read(offset, out)
    }
    fn set_len(&self, len: u64) -> std::io::Result<()> {
        self.check()?;
        self.inner.set_len(len)
    }
    fn sync_data(&self) -> std::io::Result<()> {
        self.check()?;
        self.inner.sync_data()
    }
    fn write(&self, offset: u64, data: &[u8]) -> std::io::Result<()> {
        self.check()?;
        self.inner.write(offset, data)
    }
}
