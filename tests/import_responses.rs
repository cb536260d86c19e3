//! A trainer's own responses files taken in by `sansang import`: free-text ids kept as
//! references, no session needed, and a second import of the same file adding nothing.

mod common;

use common::{Workshop, fixture, single_questions};
use serde_json::{Value, json};

fn count(w: &Workshop, args: &[&str]) -> usize {
    w.json(args).as_array().unwrap().len()
}

fn write(dir: &std::path::Path, name: &str, doc: &Value) -> String {
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_vec_pretty(doc).unwrap()).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn the_readme_example_imports_and_a_second_import_adds_nothing() {
    let w = Workshop::new();
    let file = fixture("responses/readme-example.json");
    let file = file.to_str().unwrap();
    let out = w.ok(&["import", file]);
    assert!(out.contains("imported 1 response from"), "{out}");
    assert!(out.contains("1 new establishment"), "{out}");
    assert!(
        out.contains("new session \"readme-example.json\""),
        "the summary names the session made for the import: {out}"
    );
    let again = w.ok(&["import", file]);
    assert!(again.contains("nothing changed"), "{again}");
    assert!(again.contains("1 already here"), "{again}");
    assert_eq!(count(&w, &["establishment", "list", "--json"]), 1);
    assert_eq!(count(&w, &["session", "list", "--json"]), 1);
    let scores = w.json(&["score", "--format", "json"]);
    assert_eq!(scores.as_array().unwrap().len(), 1);
    // The reference maps to the same stored id on every laptop.
    let id = sansang::import::reference_id("sxsh", "vt-01").to_string();
    assert_eq!(scores[0]["id"], id.as_str());
    let audit = w.ok(&["response", "audit", &id]);
    assert!(
        audit.contains("ref vt-01"),
        "the reference is kept: {audit}"
    );
}

#[test]
fn a_file_saved_with_a_byte_order_mark_imports_as_score_reads_it() {
    let w = Workshop::new();
    let file = fixture("responses/readme-example-bom.json");
    let file = file.to_str().unwrap();
    let direct = w.json(&["score", "--answers", file, "--format", "json"]);
    assert!(w.ok(&["import", file]).contains("imported 1 response"));
    let stored = w.json(&["score", "--format", "json"]);
    assert_eq!(stored[0]["index"], direct[0]["index"]);
}

/// `n` responses with free-text ids, no session, and establishments named without ids.
fn many(n: usize) -> Value {
    let singles = single_questions();
    let communes = ["Vô Tranh", "Phú Đô", "Tức Tranh", "Yên Lạc", "Hợp Thành"];
    let responses: Vec<Value> = (0..n)
        .map(|i| {
            let mut answers = serde_json::Map::new();
            answers.insert("P3".into(), json!("tea"));
            for (k, (q, options)) in singles.iter().enumerate().filter(|(_, (q, _))| q != "P3") {
                answers.insert(q.clone(), json!(options[(i + k) % options.len()]));
            }
            json!({
                "id": format!("phieu-{i:04}"),
                "survey": "sxsh",
                "survey_version": "1.0",
                "establishment": {"name": format!("Cơ sở chè số {}", i / 2), "commune": communes[i % 5]},
                "answers": answers,
            })
        })
        .collect();
    json!({"format": 1, "responses": responses})
}

#[test]
fn two_thousand_responses_with_references_import_and_score_as_the_file() {
    let w = Workshop::new();
    let file = write(w.dir.path(), "hoi-thao.json", &many(2000));
    let out = w.ok(&["import", &file]);
    assert!(out.contains("imported 2000 responses"), "{out}");
    assert!(out.contains("2000 new establishments"), "{out}");
    let direct = w.json(&["score", "--answers", &file, "--format", "json"]);
    let stored = w.json(&["score", "--format", "json"]);
    let stored: std::collections::HashMap<String, Value> = stored
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["id"].as_str().unwrap().to_owned(), r.clone()))
        .collect();
    assert_eq!(stored.len(), 2000);
    for mut d in direct.as_array().unwrap().iter().cloned() {
        let reference = d["id"].as_str().unwrap().to_owned();
        let id = sansang::import::reference_id("sxsh", &reference).to_string();
        d["id"] = json!(id);
        assert_eq!(stored[&id], d, "{reference} scores as in the file");
    }
    let again = w.ok(&["import", &file]);
    assert!(again.contains("nothing changed"), "{again}");
    assert_eq!(count(&w, &["score", "--format", "json"]), 2000);
    assert_eq!(count(&w, &["establishment", "list", "--json"]), 2000);
    assert_eq!(count(&w, &["session", "list", "--json"]), 1);
}

#[test]
fn a_changed_answer_is_updated_and_reported_the_rest_left_as_it_is() {
    let w = Workshop::new();
    let mut doc: Value =
        serde_json::from_slice(&std::fs::read(fixture("responses/readme-example.json")).unwrap())
            .unwrap();
    let first = write(w.dir.path(), "a.json", &doc);
    w.ok(&["import", &first]);
    doc["responses"][0]["answers"]["A1"] = json!("heard");
    let second = write(w.dir.path(), "b.json", &doc);
    let out = w.ok(&["import", &second]);
    assert!(out.contains("1 updated"), "{out}");
    assert!(
        out.contains("question A1: \"trained\" here, \"heard\" in the file"),
        "{out}"
    );
    assert_eq!(count(&w, &["score", "--format", "json"]), 1);
    assert_eq!(
        count(&w, &["session", "list", "--json"]),
        1,
        "no new session"
    );
    let id = sansang::import::reference_id("sxsh", "vt-01").to_string();
    let shown = w.json(&["response", "show", &id, "--json"]);
    assert_eq!(shown["answers"]["A1"], "heard", "{shown}");
    assert_eq!(shown["answers"]["A2"], "target", "{shown}");
}

#[test]
fn session_places_the_responses_by_name_and_an_unknown_name_is_refused() {
    let w = Workshop::new();
    let session = w.ok(&[
        "session",
        "new",
        "--name",
        "Tập huấn Vô Tranh",
        "--date",
        "2024-10-15",
    ]);
    let file = fixture("responses/readme-example.json");
    let file = file.to_str().unwrap();
    let err = w.fails(1, &["import", file, "--session", "Hội thảo khác"]);
    assert!(err.contains("no session has this name"), "{err}");
    assert_eq!(count(&w, &["establishment", "list", "--json"]), 0);
    w.ok(&["import", file, "--session", "tap huan vo tranh"]);
    let list = w.json(&["score", "--session", session.trim(), "--format", "json"]);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(count(&w, &["session", "list", "--json"]), 1);
}

#[test]
fn the_same_reference_for_another_establishment_is_a_conflict_naming_both() {
    let w = Workshop::new();
    let mut doc: Value =
        serde_json::from_slice(&std::fs::read(fixture("responses/readme-example.json")).unwrap())
            .unwrap();
    w.ok(&["import", &write(w.dir.path(), "a.json", &doc)]);
    doc["responses"][0]["establishment"]["name"] = json!("Xưởng mộc Đức Anh");
    let err = w.fails(1, &["import", &write(w.dir.path(), "b.json", &doc)]);
    assert!(
        err.contains("\"HTX chè Vô Tranh\" in this database")
            && err.contains("\"Xưởng mộc Đức Anh\" in the file")
            && err.contains("in conflict"),
        "{err}"
    );
    assert_eq!(count(&w, &["establishment", "list", "--json"]), 1);
}

#[test]
fn a_dry_run_says_what_would_be_imported_and_writes_nothing() {
    let w = Workshop::new();
    let file = fixture("responses/readme-example.json");
    let out = w.ok(&["import", file.to_str().unwrap(), "--dry-run"]);
    assert!(out.contains("dry run") && out.contains("1 new"), "{out}");
    assert_eq!(count(&w, &["establishment", "list", "--json"]), 0);
    assert_eq!(count(&w, &["session", "list", "--json"]), 0);
}

#[test]
fn a_time_far_ahead_of_the_clock_is_refused_unless_accepted() {
    let w = Workshop::new();
    let mut doc: Value =
        serde_json::from_slice(&std::fs::read(fixture("responses/readme-example.json")).unwrap())
            .unwrap();
    doc["responses"][0]["updated_at"] = json!("2099-01-01T00:00:00Z");
    doc["responses"][0]["created_at"] = json!("2024-10-15T08:00:00Z");
    let file = write(w.dir.path(), "future.json", &doc);
    let err = w.fails(1, &["import", &file]);
    assert!(
        err.contains("responses[0].updated_at") && err.contains("--accept-future"),
        "{err}"
    );
    assert_eq!(count(&w, &["establishment", "list", "--json"]), 0);
    w.ok(&["import", &file, "--accept-future"]);
}

#[cfg(unix)]
#[test]
fn a_device_and_a_fifo_are_refused_within_a_second() {
    use std::time::{Duration, Instant};
    let w = Workshop::new();
    let fifo = w.dir.path().join("pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    for input in ["/dev/zero", fifo.to_str().unwrap()] {
        for command in [&["import"][..], &["establishment", "import"]] {
            let start = Instant::now();
            let err = w.fails(1, &[command, &[input]].concat());
            assert!(err.contains("not a file"), "{command:?} {err}");
            assert!(
                start.elapsed() < Duration::from_secs(1),
                "{command:?} {input}"
            );
        }
        // The survey readers too: opening a named pipe would wait for a writer for ever.
        for command in [&["validate"][..], &["score", "--answers"]] {
            let mut child = w
                .command()
                .args([command, &[input]].concat())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            let start = Instant::now();
            while child.try_wait().unwrap().is_none() {
                if start.elapsed() > Duration::from_secs(5) {
                    child.kill().unwrap();
                    panic!("{command:?} {input} still waiting");
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            let out = child.wait_with_output().unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(!out.status.success(), "{command:?} {input}");
            assert!(err.contains("not a regular file"), "{command:?} {err}");
        }
    }
}
