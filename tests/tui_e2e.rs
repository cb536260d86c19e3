//! End to end in a real pseudo-terminal: tmux runs the real binary, the test
//! types as a trainer would, quits, and reads the scores back through the CLI.
//! Skipped (with a note) where tmux is not installed, except on CI, whose .ci/run installs it.

use std::path::Path;
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

use sansang::survey::{Answer, Answers, Catalog, Kind, score, visibility};

struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(db: &Path, width: u16, height: u16) -> Tmux {
        Tmux::start_with(db, width, height, "")
    }

    /// As `start`, with `env` (`NAME=value …`) set for the program.
    fn start_with(db: &Path, width: u16, height: u16, env: &str) -> Tmux {
        // One tmux server per test: tests in this file run in parallel.
        static SERVERS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = SERVERS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let tmux = Tmux {
            socket: format!("sansang-e2e-{}-{n}", std::process::id()),
        };
        let program = format!(
            "env {env} {} --db '{}'",
            env!("CARGO_BIN_EXE_sansang"),
            db.display()
        );
        let size = (width.to_string(), height.to_string());
        tmux.run(&[
            "new-session",
            "-d",
            "-s",
            "e2e",
            "-x",
            &size.0,
            "-y",
            &size.1,
            &program,
        ]);
        tmux
    }

    fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .env_remove("TMUX")
            .env("LANG", "C.UTF-8")
            .output()
            .expect("tmux runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn alive(&self) -> bool {
        Command::new("tmux")
            .args(["-L", &self.socket, "has-session", "-t", "e2e"])
            .output()
            .is_ok_and(|o| o.status.success())
    }

    fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "e2e"])
    }

    /// The screen once it has stopped changing.
    fn stable(&self) -> String {
        let mut last = self.screen();
        loop {
            sleep(Duration::from_millis(80));
            let now = self.screen();
            if now == last {
                return now;
            }
            last = now;
        }
    }

    /// The screen once it differs from `before` and has settled: keys sent are handled
    /// before the next ones go, however slow the machine.
    fn changed_from(&self, before: &str) -> String {
        let start = Instant::now();
        while self.screen() == before {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "the screen never changed from:\n{before}"
            );
            sleep(Duration::from_millis(20));
        }
        self.stable()
    }

    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return self.stable();
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "never saw {text:?} on:\n{screen}"
            );
            sleep(Duration::from_millis(50));
        }
    }

    /// Named keys (Enter, Tab, C-s, Escape) one at a time.
    fn keys(&self, keys: &[&str]) {
        for k in keys {
            self.run(&["send-keys", "-t", "e2e", k]);
        }
    }

    /// Text typed literally, Vietnamese included.
    fn type_text(&self, text: &str) {
        self.run(&["send-keys", "-t", "e2e", "-l", text]);
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

/// The answers the test types: option 1 everywhere (yes for yes/no), as skip logic shows them,
/// but the legal form, which the add form gave (its first choice) and the response started with.
fn expected_index() -> f64 {
    let survey = Catalog::bundled().get("sxsh", None).unwrap().clone();
    let mut answers = Answers::new();
    answers.insert("P_KIND".into(), Answer::Choice("ho_kinh_doanh".into()));
    for (i, q) in survey.questions.iter().enumerate() {
        if !visibility(&survey, &answers)[i] || answers.contains_key(&q.id) {
            continue;
        }
        let first = q.kind.options().first().map(|o| o.value.clone());
        let answer = match &q.kind {
            Kind::Single { .. } => Answer::Choice(first.unwrap()),
            Kind::Multi { .. } => Answer::Choices(vec![first.unwrap()]),
            Kind::YesNo { .. } => Answer::Choice("yes".into()),
            _ => continue,
        };
        answers.insert(q.id.clone(), answer);
    }
    let card = score(&survey, &answers);
    assert!(card.complete);
    card.index.unwrap()
}

/// The 7 of "Câu 7/38" on the entry screen: which question is in focus (skip logic may
/// change the 38 as answers come).
fn question_number(screen: &str) -> Option<String> {
    let at = screen.find("Câu ")?;
    let counter = screen[at..].split_whitespace().nth(1)?;
    counter.split('/').next().map(str::to_owned)
}

/// True (with a note) where tmux is missing; on CI, whose .ci/run installs it,
/// a missing tmux is a failure, not a skip.
fn no_tmux() -> bool {
    if Command::new("tmux").arg("-V").output().is_ok() {
        return false;
    }
    assert!(std::env::var_os("CI").is_none(), "tmux is missing on CI");
    eprintln!("tmux is not installed: the terminal end-to-end test is skipped");
    true
}

/// `sansang ARGS` on `db`, once no other window holds it: (status ok, stderr).
fn sansang_when_free(db: &Path, args: &[&str]) -> (bool, String) {
    let start = Instant::now();
    loop {
        let out = Command::new(env!("CARGO_BIN_EXE_sansang"))
            .arg("--db")
            .arg(db)
            .args(args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        if !stderr.contains("already open") || start.elapsed() > Duration::from_secs(10) {
            return (out.status.success(), stderr);
        }
        sleep(Duration::from_millis(100));
    }
}

#[test]
fn closing_the_terminal_window_closes_the_database_cleanly() {
    if no_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("workshop.redb");
    assert!(sansang_when_free(&db, &["demo"]).0);
    let t = Tmux::start(&db, 100, 30);
    t.wait_for("Phiếu xong");
    t.keys(&["Enter"]);
    t.wait_for("Cơ sở (");
    // As when the trainer clicks the window's close button: the terminal hangs up.
    t.run(&["kill-session", "-t", "e2e"]);
    let (ok, stderr) = sansang_when_free(&db, &["session", "list"]);
    assert!(ok, "{stderr}");
    assert!(
        !stderr.contains("repaired"),
        "no repair needed after closing the window: {stderr}"
    );
}

#[test]
fn a_trainer_enters_a_full_sxsh_response_in_a_terminal() {
    if no_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("workshop.redb");
    let t = Tmux::start(&db, 100, 30);
    t.wait_for("hội thảo mẫu");
    t.keys(&["n"]);
    t.wait_for("Hội thảo mới");
    t.type_text("Hội thảo Phú Lương");
    t.keys(&["Tab", "Tab"]);
    t.type_text("Phú Lương");
    t.keys(&["Tab"]);
    t.type_text("Thái Nguyên");
    t.keys(&["C-s"]);
    t.wait_for("Cơ sở (0)");
    t.keys(&["a"]);
    t.wait_for("Cơ sở mới");
    t.type_text("HTX Chè Tân Cương");
    t.keys(&["C-s"]);
    t.wait_for("HTX Chè Tân Cương · hộ kinh doanh");
    t.keys(&["Enter"]);
    t.wait_for("Câu 2/");
    // Option 1 everywhere: a one-key answer moves on by itself, a multi choice needs Enter.
    let mut screen = t.screen();
    let mut keys = 0;
    for _ in 0..80 {
        let before = screen.clone();
        t.keys(&["1"]);
        keys += 1;
        screen = t.changed_from(&before);
        if question_number(&screen) == question_number(&before) {
            let before = screen.clone();
            t.keys(&["Enter"]);
            keys += 1;
            screen = t.changed_from(&before);
        }
        if screen.contains("Cuối phiếu") {
            break;
        }
    }
    println!("a full SXSH 2.0 response in the terminal: {keys} keys");
    assert!(keys <= 60, "{keys} keys for a full SXSH 2.0 response");
    assert!(screen.contains("Enter: đánh dấu hoàn thành"), "{screen}");
    t.keys(&["Enter"]);
    t.wait_for("Kết quả");
    t.keys(&["Escape"]);
    t.wait_for("SXSH");
    t.keys(&["Escape"]);
    t.wait_for("Phiếu xong");
    t.keys(&["q"]);
    let start = Instant::now();
    while t.alive() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "sansang did not quit"
        );
        sleep(Duration::from_millis(50));
    }

    let out = Command::new(env!("CARGO_BIN_EXE_sansang"))
        .args(["--db", db.to_str().unwrap(), "score", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("repaired"),
        "the TUI closed the database cleanly: {stderr}"
    );
    let scored: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = scored.as_array().unwrap();
    assert_eq!(list.len(), 1);
    let r = &list[0];
    assert_eq!(r["survey"], "sxsh");
    assert_eq!(r["establishment"], "HTX Chè Tân Cương");
    assert_eq!(r["complete"], true);
    let index = r["index"].as_f64().unwrap();
    assert!(
        (index - expected_index()).abs() < 1e-9,
        "{index} vs {}",
        expected_index()
    );
}

#[test]
fn a_trainer_mends_a_name_prints_a_sheet_and_takes_an_establishment_out() {
    if no_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("workshop.redb");
    let exports = dir.path().join("Tài liệu");
    assert!(sansang_when_free(&db, &["demo"]).0);
    let t = Tmux::start_with(
        &db,
        100,
        30,
        &format!("SANSANG_EXPORTS='{}'", exports.display()),
    );
    t.wait_for("Phiếu xong");
    t.keys(&["Enter"]);
    t.wait_for("Cơ sở (");
    t.keys(&["e"]);
    t.wait_for("Sửa thông tin cơ sở");
    t.type_text(" (đã sửa)");
    t.keys(&["C-s"]);
    t.wait_for("Đã lưu thay đổi");
    t.keys(&["r"]);
    t.wait_for("Kết quả ·");
    t.keys(&["p"]);
    let screen = t.wait_for("Đã ghi phiếu kết quả");
    assert!(screen.contains(".html"), "the file name whole: {screen}");
    t.keys(&["Escape"]);
    t.wait_for("Cơ sở (");
    t.keys(&["DC"]);
    t.wait_for("Bỏ cơ sở này khỏi hội thảo?");
    t.keys(&["Escape"]);
    t.keys(&["DC"]);
    t.wait_for("Bỏ cơ sở này khỏi hội thảo?");
    t.keys(&["y"]);
    t.wait_for("Đã bỏ khỏi hội thảo");
    t.keys(&["C-c"]);
    let start = Instant::now();
    while t.alive() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "sansang did not quit"
        );
        sleep(Duration::from_millis(50));
    }
    let sheets: Vec<_> = std::fs::read_dir(&exports)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(sheets.len(), 1, "{sheets:?}");
    let html = std::fs::read_to_string(&sheets[0]).unwrap();
    assert!(html.contains("(đã sửa)"), "the sheet has the mended name");
    let out = Command::new(env!("CARGO_BIN_EXE_sansang"))
        .args([
            "--db",
            db.to_str().unwrap(),
            "establishment",
            "list",
            "--search",
            "da sua",
        ])
        .output()
        .unwrap();
    let list = String::from_utf8_lossy(&out.stdout);
    assert!(
        list.contains("(đã sửa)"),
        "still in the database, mended: {list}"
    );
}
