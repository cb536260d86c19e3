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
        thread::sleep(Duration::from_millis(5 + rng.next() % 250));
        child.kill().unwrap(); // SIGKILL on unix
        child.wait().unwrap();
        reader.join().unwrap();
        let acks: Vec<String> = rx.try_iter().collect();
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
    let backups = std::fs::read_dir(w.dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains(".bak-")
        })
        .count();
    assert!(backups > 0);
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
