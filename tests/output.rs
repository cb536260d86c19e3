//! What the commands print, when the reader goes away or the disk is full: a clean end,
//! never a panic, and a database that needs no repair at the next start.

mod common;

use std::io::Read;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use common::Workshop;

/// A workshop database of a few thousand responses, enough to fill any pipe buffer.
fn big_workshop() -> Workshop {
    let w = Workshop::new();
    w.ok(&["demo", "--establishments", "1200"]);
    w
}

/// Waits for `child` at most `limit`; kills it and fails the test if it is still running.
fn ends_within(mut child: Child, limit: Duration, what: &str) -> std::process::Output {
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            child.kill().unwrap();
            panic!("{what} still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

/// No repair or copy was needed: the last command closed the database cleanly.
fn no_repair_needed(w: &Workshop) {
    let out = w.run(&["session", "list"]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("repaired"), "{err}");
}

#[test]
fn a_reader_that_leaves_after_ten_bytes_ends_every_command_quietly() {
    let w = big_workshop();
    let commands: [&[&str]; 7] = [
        &["export", "--format", "csv", "--out", "-"],
        &["export", "--format", "json", "--out", "-"],
        &["score", "--format", "csv"],
        &["score", "--format", "json"],
        &["score", "--format", "table"],
        &["establishment", "list"],
        &["establishment", "list", "--json"],
    ];
    for args in commands {
        let mut child = w
            .command()
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 10];
        child.stdout.take().unwrap().read_exact(&mut first).unwrap();
        // The reader is gone now, as after `| head -c 10`.
        let out = ends_within(child, Duration::from_secs(20), &format!("{args:?}"));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(out.status.success(), "{args:?}: {} {err}", out.status);
        assert!(err.trim().is_empty(), "{args:?} said: {err}");
        no_repair_needed(&w);
    }
}

#[cfg(unix)]
#[test]
fn output_to_a_full_disk_says_so_without_a_panic() {
    let w = big_workshop();
    for args in [
        &["score", "--format", "csv"][..],
        &["establishment", "list"],
        &["session", "list", "--json"],
    ] {
        let full = std::fs::File::create("/dev/full").unwrap();
        let out = w
            .command()
            .args(args)
            .stdout(full)
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("disk is full"), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        no_repair_needed(&w);
    }
}

#[test]
fn an_escape_sequence_in_a_name_never_reaches_the_terminal() {
    let w = Workshop::new();
    let sneaky = "Cơ sở \u{1b}]0;pwned\u{7}\u{1b}[2J chè";
    // Typed in: refused, and the refusal shows the escape harmlessly.
    let refused = w.fails(1, &["establishment", "add", "--name", sneaky]);
    assert!(refused.contains("control character"), "{refused}");
    assert!(!refused.contains('\u{1b}'), "{refused:?}");
    // Already stored (an older database, another program): shown harmlessly.
    let store = sansang::store::Store::open(&w.db).unwrap();
    store
        .add_establishment(sansang::store::Establishment::named(sneaky))
        .unwrap();
    store.close().unwrap();
    for args in [
        &["establishment", "list"][..],
        &["establishment", "list", "--json"],
    ] {
        let listed = w.ok(args);
        assert!(listed.contains("pwned"), "{listed}");
        assert!(!listed.contains('\u{1b}'), "{listed:?}");
    }
}

#[test]
fn out_dash_sends_csv_json_and_pages_to_standard_output_and_refuses_a_workbook() {
    let w = Workshop::new();
    w.ok(&["demo", "--establishments", "6"]);
    // Run in the workshop's folder, where a file called "-" would land.
    let run = |args: &[&str]| {
        w.command()
            .current_dir(w.dir.path())
            .args(args)
            .output()
            .unwrap()
    };
    for format in ["csv", "json"] {
        let file = w.dir.path().join(format!("ket-qua.{format}"));
        w.ok(&[
            "export",
            "--format",
            format,
            "--out",
            file.to_str().unwrap(),
        ]);
        let piped = run(&["export", "--format", format, "--out", "-"]);
        assert!(
            piped.status.success(),
            "{}",
            String::from_utf8_lossy(&piped.stderr)
        );
        let written = std::fs::read(&file).unwrap();
        if format == "csv" {
            assert_eq!(piped.stdout, written, "the same bytes as the file");
        } else {
            // The export's time differs between two runs; everything else is the same.
            let value = |b: &[u8]| {
                let mut v: serde_json::Value = serde_json::from_slice(b).unwrap();
                v.as_object_mut().unwrap().remove("exported_at");
                v
            };
            assert_eq!(value(&piped.stdout), value(&written));
        }
        assert!(!w.dir.path().join("-").exists(), "no file called -");
    }
    for args in [
        &["report", "--followup", "--out", "-"][..],
        &["form", "--survey", "sxsh", "--out", "-"][..],
    ] {
        let page = run(args);
        assert!(
            page.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&page.stderr)
        );
        let html = String::from_utf8(page.stdout).unwrap();
        assert!(
            html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"),
            "{args:?}"
        );
        assert!(!w.dir.path().join("-").exists(), "no file called -");
    }
    let workbook = run(&["export", "--format", "xlsx", "--out", "-"]);
    assert_eq!(workbook.status.code(), Some(1));
    assert!(workbook.stdout.is_empty());
    assert!(String::from_utf8_lossy(&workbook.stderr).contains("name a file"));
}
