//! A trainer enters answers, the laptop dies: every answer reported saved is still there.

mod common;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, SystemTime};

use common::{Workshop, single_questions};

/// xorshift seeded from the clock: different kill points on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn answers_acknowledged_before_a_sigkill_survive_it() {
    let w = Workshop::new();
    let response = w.response();
    let questions = single_questions();
    let seed = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    let mut rng = Rng(seed | 1);
    let mut killed_mid_way = 0;
    for round in 0..20u64 {
        let lines: Vec<(String, String)> = (0..300)
            .map(|i| {
                let (q, options) = &questions[(i + round as usize) % questions.len()];
                (
                    q.clone(),
                    options[(i / questions.len() + round as usize) % options.len()].clone(),
                )
            })
            .collect();
        let mut child = w
            .command()
            .args(["answer", "--response", &response, "--stdin"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let feed = lines.clone();
        let writer = thread::spawn(move || {
            for (q, v) in feed {
                if writeln!(stdin, "{q} {v}").is_err() {
                    return;
                }
            }
            // Keep stdin open so the child is still running when it is killed.
            thread::sleep(Duration::from_secs(5));
        });
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        let reader = thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { return };
                if tx.send(line).is_err() {
                    return;
                }
            }
        });
        // Killed once it is saving (however slow the machine is to start it), at a moment
        // that differs every round; now and then before the first answer.
        let first = if round % 5 == 0 {
            None
        } else {
            rx.recv_timeout(Duration::from_secs(20)).ok()
        };
        thread::sleep(Duration::from_millis(rng.next() % 120));
        child.kill().unwrap(); // SIGKILL on unix
        child.wait().unwrap();
        reader.join().unwrap();
        let acks: Vec<String> = first.into_iter().chain(rx.try_iter()).collect();
        drop(writer);
        eprintln!(
            "round {round}: {} of {} answers acknowledged",
            acks.len(),
            lines.len()
        );
        killed_mid_way += usize::from(!acks.is_empty() && acks.len() < lines.len());

        // Acknowledgements come in order, one per line: the first acks.len() lines are saved.
        let mut last_acked: HashMap<&str, usize> = HashMap::new();
        for (i, ack) in acks.iter().enumerate() {
            assert_eq!(
                ack,
                &format!("saved {}", lines[i].0),
                "round {round}: acks out of order"
            );
            last_acked.insert(lines[i].0.as_str(), i);
        }
        // Reading never repairs: a command that writes opens the file after the kill (it
        // repairs it after keeping a copy), as the trainer's next start of sansang would.
        w.ok(&["response", "status", &response, "draft"]);
        let shown = w.json(&["response", "show", &response, "--json"]);
        let answers = &shown["answers"];
        for (q, &i) in &last_acked {
            // Saved, or replaced by a later line the child got to before it died.
            let allowed: Vec<&str> = lines[i..]
                .iter()
                .filter(|(lq, _)| lq == q)
                .map(|(_, v)| v.as_str())
                .collect();
            let stored = answers[*q]
                .as_str()
                .unwrap_or_else(|| panic!("round {round}: {q} lost"));
            assert!(
                allowed.contains(&stored),
                "round {round}: {q} is {stored}, expected one of {allowed:?}"
            );
        }
    }
    assert!(
        killed_mid_way >= 10,
        "only {killed_mid_way} rounds were killed while saving"
    );
    // Every reopen after a kill kept a copy of the file before redb repaired it.
    assert!(!copies(w.dir.path()).is_empty());
}

#[test]
fn a_second_process_is_told_the_database_is_open_and_the_first_keeps_working() {
    let w = Workshop::new();
    let response = w.response();
    let mut first = w
        .command()
        .args(["answer", "--response", &response, "--stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = first.stdin.take().unwrap();
    let mut acks = BufReader::new(first.stdout.take().unwrap()).lines();
    writeln!(stdin, "A1 knows").unwrap();
    assert_eq!(acks.next().unwrap().unwrap(), "saved A1");

    let err = w.fails(2, &["session", "list"]);
    assert!(
        err.contains("already open in another sansang window"),
        "{err}"
    );
    assert!(err.contains(&w.db.display().to_string()), "{err}");
    assert!(!err.contains("panicked"), "{err}");

    writeln!(stdin, "A2 target").unwrap();
    assert_eq!(acks.next().unwrap().unwrap(), "saved A2");
    drop(stdin);
    assert!(first.wait().unwrap().success());
    let shown = w.json(&["response", "show", &response, "--json"]);
    assert_eq!(shown["answers"]["A1"], "knows");
    assert_eq!(shown["answers"]["A2"], "target");
}

/// A copy of the database as it is while `sansang answer --stdin` holds it open: what a
/// crash leaves behind, a file redb must repair. (Used by the full-disk test, Unix only.)
#[cfg(unix)]
fn crashed_copy(w: &Workshop, to: &std::path::Path) {
    let response = w.response();
    let mut child = w
        .command()
        .args(["answer", "--response", &response, "--stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut acks = BufReader::new(child.stdout.take().unwrap()).lines();
    writeln!(stdin, "A1 knows").unwrap();
    assert_eq!(acks.next().unwrap().unwrap(), "saved A1");
    std::fs::copy(&w.db, to).unwrap();
    drop(stdin);
    assert!(child.wait().unwrap().success());
}

fn copies(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".bak-"))
        .collect()
}

#[cfg(unix)]
#[test]
fn a_full_disk_while_keeping_the_copy_before_a_repair_says_so_and_leaves_no_partial_copy() {
    let w = Workshop::new();
    w.ok(&["demo", "--establishments", "20"]);
    let crashed = w.dir.path().join("crashed.redb");
    crashed_copy(&w, &crashed);
    let before = std::fs::read(&crashed).unwrap();
    // A file size limit makes the copy's writes fail as on a full disk (SIGXFSZ ignored).
    let limit = (before.len() / 2 / 1024).max(1);
    // A command that writes: only those repair.
    let write = "session new --name 'Sau mất điện' --date 2026-01-01";
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f {limit}; exec \"$0\" {write}"
        ))
        .arg(env!("CARGO_BIN_EXE_sansang"))
        .env("SANSANG_DB", &crashed)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("not enough free disk space"), "{err}");
    assert!(err.contains("crashed.redb"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(copies(w.dir.path()), Vec::<String>::new());
    assert!(
        std::fs::read(&crashed).unwrap() == before,
        "the file was changed"
    );

    let repaired = w
        .command()
        .env("SANSANG_DB", &crashed)
        .args([
            "session",
            "new",
            "--name",
            "Sau mất điện",
            "--date",
            "2026-01-01",
        ])
        .output()
        .unwrap();
    assert!(repaired.status.success());
    assert!(String::from_utf8_lossy(&repaired.stderr).contains(".bak-"));
    assert_eq!(copies(w.dir.path()).len(), 1);
}

/// Commands that only read leave the database's bytes as they were.
#[test]
fn reading_commands_leave_the_database_unchanged() {
    let w = Workshop::new();
    w.ok(&["demo", "--establishments", "6"]);
    // One writing command after the demo leaves the file settled.
    w.ok(&["session", "list"]);
    let before = std::fs::read(&w.db).unwrap();
    let sessions = w.json(&["session", "list", "--json"]);
    let session = sessions[0]["id"].as_str().unwrap().to_owned();
    let out = w.dir.path().join("out");
    let out = out.to_str().unwrap();
    for args in [
        vec!["session", "list"],
        vec!["session", "show", &session],
        vec!["establishment", "list", "--search", "che"],
        vec!["response", "list", "--session", &session],
        vec!["score", "--format", "csv"],
        vec!["export", "--format", "csv", "--out", out, "--force"],
        vec!["report", "--session", &session, "--out", out, "--force"],
    ] {
        w.ok(&args);
        assert!(
            std::fs::read(&w.db).unwrap() == before,
            "{args:?} changed the database"
        );
    }
}
