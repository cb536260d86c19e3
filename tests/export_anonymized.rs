//! An anonymized export leaves the centre: no name, contact, phone or id of this database is
//! in any of its forms (CSV, long CSV, every part of the XLSX, JSON), and the pseudonyms that
//! stand in for the ids are the same in every export of one database.

mod export_common;

use std::io::Read;
use std::path::Path;

use export_common::*;

/// Every byte of every part of the workbook, unzipped (the sheets' inline and shared strings).
fn xlsx_text(path: &Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        part.read_to_string(&mut text).unwrap();
    }
    text
}

fn export(db: &Path, out: &Path, extra: &[&str]) -> String {
    let mut args = vec!["export", "--anonymize", "--out", out.to_str().unwrap()];
    args.extend(extra);
    ok(&sansang(db, &args));
    match out.extension().and_then(|e| e.to_str()) {
        Some("xlsx") => xlsx_text(out),
        _ => String::from_utf8(std::fs::read(out).unwrap()).unwrap(),
    }
}

#[test]
fn anonymized_outputs_hold_no_id_name_contact_or_phone() {
    let dir = tempfile::tempdir().unwrap();
    let w = workshop(dir.path());
    let store = sansang::store::Store::open_read_only(&w.db).unwrap();
    let mut secrets: Vec<String> = store
        .all_responses()
        .unwrap()
        .iter()
        .map(|r| r.id.to_string())
        .collect();
    store.close().unwrap();
    assert_eq!(secrets.len(), 4);
    secrets.extend(
        [w.tea, w.bricks, w.session, w.earlier_session]
            .iter()
            .map(|id| id.to_string()),
    );
    secrets.extend(
        [
            NAME_1,
            NAME_2,
            CONTACT_1,
            CONTACT_2,
            PHONE_1,
            PHONE_2,
            "0912 345",
            "987 654",
            "Lê Văn Tập",
        ]
        .map(String::from),
    );
    let outputs = [
        ("anon.csv", vec!["--format", "csv"]),
        ("anon-codes.csv", vec!["--format", "csv", "--codes"]),
        ("anon-long.csv", vec!["--format", "csv", "--long"]),
        ("anon.xlsx", vec!["--format", "xlsx"]),
        ("anon-codes.xlsx", vec!["--format", "xlsx", "--codes"]),
        ("anon.json", vec!["--format", "json"]),
    ];
    for (name, args) in &outputs {
        let text = export(&w.db, &dir.path().join(name), args);
        for secret in &secrets {
            // Ids are written in lower case; the XLSX may hold them in any case.
            assert!(
                !text.to_lowercase().contains(&secret.to_lowercase()),
                "{name} still holds {secret:?}"
            );
        }
        if !name.ends_with(".json") {
            assert!(
                text.contains("CS-"),
                "{name}: establishments get pseudonyms"
            );
            assert!(text.contains("PH-"), "{name}: responses get pseudonyms");
        }
    }
    let again = export(&w.db, &dir.path().join("again.csv"), &["--format", "csv"]);
    assert_eq!(
        again,
        String::from_utf8(std::fs::read(dir.path().join("anon.csv")).unwrap()).unwrap(),
        "pseudonyms are stable within one database"
    );
}
