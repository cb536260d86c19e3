//! Two trainers worked the same workshop series on two laptops; the centre
//! merges their JSON exports into one database.

mod export_common;

use std::path::Path;

use export_common::*;
use sansang::store::Store;
use serde_json::{Value, json};

fn export_json(db: &Path, out: &Path) -> Value {
    ok(&sansang(
        db,
        &[
            "export",
            "--format",
            "json",
            "--force",
            "--out",
            out.to_str().unwrap(),
        ],
    ));
    let mut doc: Value = serde_json::from_slice(&std::fs::read(out).unwrap()).unwrap();
    doc.as_object_mut().unwrap().remove("exported_at");
    doc
}

fn set(db: &Path, response: uuid::Uuid, question: &str, value: Value) {
    let store = Store::open(db).unwrap();
    store
        .set_answer(response, question, Some(value), None)
        .unwrap();
    store.close().unwrap();
}

fn answer(doc: &Value, response: uuid::Uuid, question: &str) -> Value {
    doc["responses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == json!(response))
        .map(|r| r["answers"][question]["value"].clone())
        .unwrap()
}

#[test]
fn a_json_export_imports_into_an_empty_database_without_loss() {
    let dir = tempfile::tempdir().unwrap();
    let w = workshop(dir.path());
    let first = export_json(&w.db, &dir.path().join("a.json"));
    assert_eq!(first["responses"].as_array().unwrap().len(), 4);
    assert!(first["responses"][0]["audit"].as_array().unwrap().len() > 5);
    let other = dir.path().join("other.redb");
    let printed = ok(&sansang(
        &other,
        &["import", dir.path().join("a.json").to_str().unwrap()],
    ));
    // The workshop pinned every shipped definition; all of them travel.
    let shipped = sansang::survey::Catalog::bundled().entries().len();
    assert!(
        printed.contains(&format!(
            "added: 4 responses, 2 establishments, 2 sessions, {shipped} survey definitions"
        )),
        "{printed}"
    );
    let again = export_json(&other, &dir.path().join("b.json"));
    assert_eq!(first, again, "what went in comes out the same");
}

#[test]
fn merging_two_laptops_keeps_the_later_change_and_both_audit_trails() {
    let dir = tempfile::tempdir().unwrap();
    let w = workshop(dir.path());
    let laptop_b = dir.path().join("b.redb");
    export_json(&w.db, &dir.path().join("a.json"));
    ok(&sansang(
        &laptop_b,
        &["import", dir.path().join("a.json").to_str().unwrap()],
    ));
    // Both trainers change A1 of the same response; B's change comes later.
    // A also changes A2 alone.
    let catalog = sansang::survey::Catalog::bundled();
    let a1 = catalog
        .get("sxsh", Some("1.0"))
        .unwrap()
        .question("A1")
        .unwrap();
    let (a_value, b_value) = (
        json!(a1.kind.options()[0].value),
        json!(a1.kind.options()[1].value),
    );
    set(&w.db, w.tea_sxsh, "A1", a_value);
    set(&w.db, w.tea_sxsh, "A2", json!("none"));
    std::thread::sleep(std::time::Duration::from_millis(5));
    set(&laptop_b, w.tea_sxsh, "A1", b_value.clone());
    let a_doc = export_json(&w.db, &dir.path().join("a2.json"));
    let b_doc = export_json(&laptop_b, &dir.path().join("b2.json"));
    assert_ne!(
        answer(&a_doc, w.tea_sxsh, "A1"),
        answer(&b_doc, w.tea_sxsh, "A1")
    );

    let printed = ok(&sansang(
        &w.db,
        &["import", dir.path().join("b2.json").to_str().unwrap()],
    ));
    assert!(
        printed.contains("added: 0 responses, 0 establishments, 0 sessions"),
        "{printed}"
    );
    assert!(
        printed.contains("updated: 1 responses (1 answers taken from the file)"),
        "{printed}"
    );
    assert!(printed.contains("in conflict: 1 answers"), "{printed}");
    assert!(
        printed.contains("question A1") && printed.contains("kept the file's"),
        "{printed}"
    );
    let merged = export_json(&w.db, &dir.path().join("merged.json"));
    assert_eq!(
        answer(&merged, w.tea_sxsh, "A1"),
        b_value,
        "the later change wins"
    );
    assert_eq!(
        answer(&merged, w.tea_sxsh, "A2"),
        json!("none"),
        "A's own change is kept"
    );
    let audit = |doc: &Value| -> Vec<Value> {
        doc["responses"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == json!(w.tea_sxsh))
            .unwrap()["audit"]
            .as_array()
            .unwrap()
            .clone()
    };
    let merged_audit = audit(&merged);
    for entry in audit(&a_doc).iter().chain(audit(&b_doc).iter()) {
        assert!(merged_audit.contains(entry), "lost audit entry {entry}");
    }
    assert_eq!(
        merged["responses"].as_array().unwrap().len(),
        4,
        "no response duplicated"
    );

    let printed = ok(&sansang(
        &w.db,
        &["import", dir.path().join("b2.json").to_str().unwrap()],
    ));
    assert!(printed.contains("nothing changed"), "{printed}");
    assert_eq!(
        export_json(&w.db, &dir.path().join("twice.json")),
        merged,
        "importing twice changes nothing"
    );
}

#[test]
fn a_broken_or_anonymized_export_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let w = workshop(dir.path());
    let anon = dir.path().join("anon.json");
    ok(&sansang(
        &w.db,
        &[
            "export",
            "--format",
            "json",
            "--anonymize",
            "--out",
            anon.to_str().unwrap(),
        ],
    ));
    let other = dir.path().join("other.redb");
    let run = sansang(&other, &["import", anon.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("anonymized"));

    let full = dir.path().join("full.json");
    let mut doc = export_json(&w.db, &full);
    doc["exported_at"] = json!("2026-03-10T08:00:00Z");
    doc["responses"][1]["answers"]["A1"]["value"] = json!("sometimes-ish");
    std::fs::write(&full, serde_json::to_vec(&doc).unwrap()).unwrap();
    let run = sansang(&other, &["import", full.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        err.contains("question A1")
            && err.contains("sometimes-ish")
            && err.contains("nothing was imported"),
        "{err}"
    );
    let whole = std::fs::read(&full).unwrap();
    let cut = dir.path().join("cut.json");
    std::fs::write(&cut, &whole[..whole.len() / 2]).unwrap();
    let run = sansang(&other, &["import", cut.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("not a complete sansang export"), "{err}");
    let empty = export_json(&other, &dir.path().join("empty.json"));
    assert_eq!(empty["responses"], json!([]));
}

#[test]
fn an_export_whose_survey_definition_is_broken_or_differs_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let w = workshop(dir.path());
    let file = dir.path().join("broken.json");
    let mut doc = export_json(&w.db, &file);
    let surveys = doc["surveys"].as_array_mut().unwrap();
    let mut definition: Value =
        serde_json::from_str(surveys[0]["source"].as_str().unwrap()).unwrap();
    definition["format"] = json!(7);
    surveys[0]["source"] = json!(definition.to_string());
    doc["exported_at"] = json!("2026-03-10T08:00:00Z");
    std::fs::write(&file, serde_json::to_vec(&doc).unwrap()).unwrap();

    // Into a new database: refused, nothing written (the definition would be pinned broken).
    let other = dir.path().join("other.redb");
    let run = sansang(&other, &["import", file.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        err.contains("unsupported format 7") && err.contains("cannot be read"),
        "{err}"
    );
    let empty = export_json(&other, &dir.path().join("empty.json"));
    assert_eq!(empty["responses"], json!([]));

    // Back into the laptop it came from: its definition differs under the same version.
    let run = sansang(&w.db, &["import", file.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&run.stderr)
            .contains("different definition under the same version")
    );
}

#[test]
fn merging_takes_establishment_details_changed_later_on_the_other_laptop() {
    let dir = tempfile::tempdir().unwrap();
    let w = workshop(dir.path());
    let laptop_b = dir.path().join("b.redb");
    export_json(&w.db, &dir.path().join("a.json"));
    ok(&sansang(
        &laptop_b,
        &["import", dir.path().join("a.json").to_str().unwrap()],
    ));
    let tea = w.tea.to_string();
    let bricks = w.bricks.to_string();
    // A corrects the brickworks' contact first; B corrects the tea cooperative's phone later.
    ok(&sansang(
        &w.db,
        &[
            "establishment",
            "edit",
            &bricks,
            "--contact-person",
            "Lò Văn Sinh",
        ],
    ));
    std::thread::sleep(std::time::Duration::from_millis(5));
    ok(&sansang(
        &laptop_b,
        &["establishment", "edit", &tea, "--phone", "0977 111 222"],
    ));
    ok(&sansang(
        &laptop_b,
        &[
            "establishment",
            "edit",
            &bricks,
            "--contact-person",
            "Lò Văn Sính",
        ],
    ));
    std::thread::sleep(std::time::Duration::from_millis(5));
    ok(&sansang(
        &w.db,
        &[
            "establishment",
            "edit",
            &bricks,
            "--contact-person",
            "Lò Văn Sinh (đã xác nhận)",
        ],
    ));
    export_json(&laptop_b, &dir.path().join("b.json"));

    let printed = ok(&sansang(
        &w.db,
        &["import", dir.path().join("b.json").to_str().unwrap()],
    ));
    assert!(
        printed.contains("1 establishment or session details taken from the file"),
        "{printed}"
    );
    assert!(printed.contains("was changed here later"), "{printed}");
    let show = |id: &str| -> Value {
        serde_json::from_str(&ok(&sansang(
            &w.db,
            &["establishment", "show", id, "--json"],
        )))
        .unwrap()
    };
    assert_eq!(
        show(&tea)["establishment"]["phone"],
        "0977 111 222",
        "B's later phone was taken"
    );
    assert_eq!(
        show(&bricks)["establishment"]["contact_person"],
        "Lò Văn Sinh (đã xác nhận)",
        "A's later edit was kept"
    );
    // Importing the same file again changes nothing.
    let again = ok(&sansang(
        &w.db,
        &["import", dir.path().join("b.json").to_str().unwrap()],
    ));
    assert!(again.contains("nothing changed"), "{again}");
}
