//! The centre opens the CSV in Excel: Vietnamese shows, nothing runs as a
//! formula, hidden questions stay empty, and an anonymized file names no one.

mod export_common;

use export_common::*;

fn read(path: &std::path::Path) -> (Vec<u8>, Vec<csv::StringRecord>) {
    let bytes = std::fs::read(path).unwrap();
    let rows = csv::Reader::from_reader(&bytes[3..])
        .records()
        .map(|r| r.unwrap())
        .collect();
    (bytes, rows)
}

fn headers(path: &std::path::Path) -> Vec<String> {
    let bytes = std::fs::read(path).unwrap();
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    r.headers().unwrap().iter().map(String::from).collect()
}

#[test]
fn one_row_per_response_with_a_bom_scores_and_answers() {
    let dir = tempfile::tempdir().unwrap();
    let w = workshop(dir.path());
    let out = dir.path().join("all.csv");
    // --codes: the ids and values scripts read, as before labels became the default.
    let printed = ok(&sansang(
        &w.db,
        &[
            "export",
            "--format",
            "csv",
            "--codes",
            "--out",
            out.to_str().unwrap(),
        ],
    ));
    assert_eq!(printed.trim(), out.to_str().unwrap());
    let (bytes, rows) = read(&out);
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 BOM for Excel");
    assert_eq!(rows.len(), 4);
    let h = headers(&out);
    for col in [
        "session",
        "establishment",
        "survey",
        "survey_version",
        "status",
        "index",
        "level",
        "sxsh.A",
        "dx.K",
        "sxsh.C0",
        "sxsh.C2",
    ] {
        assert!(h.contains(&col.to_string()), "no column {col} in {h:?}");
    }
    let col = |name: &str| h.iter().position(|x| x == name).unwrap();
    let tea_low = rows
        .iter()
        .find(|r| r[col("establishment")] == *NAME_1 && r[col("session_date")] == *"2025-03-12")
        .unwrap();
    assert_eq!(&tea_low[col("sxsh.C0")], "no");
    assert_eq!(&tea_low[col("sxsh.C2")], "", "C2 is hidden when C0 is no");
    assert_eq!(&tea_low[col("status")], "complete");
    let index = &tea_low[col("index")];
    assert!(
        index.parse::<f64>().is_ok() && index.contains('.'),
        "index {index}"
    );
    assert_eq!(
        &tea_low[col("dx.K")],
        "",
        "an sxsh response has no dx scores"
    );
}

#[test]
fn labels_by_default_phones_grouped_and_a_semicolon_for_vietnamese_excel() {
    let dir = tempfile::tempdir().unwrap();
    let w = workshop(dir.path());
    let store = sansang::store::Store::open(&w.db).unwrap();
    let mut tea = store.find_establishment(w.tea).unwrap();
    tea.phone = "0374775987".into();
    store.update_establishment(tea).unwrap();
    store.close().unwrap();
    let out = dir.path().join("nhan.csv");
    ok(&sansang(
        &w.db,
        &[
            "export",
            "--format",
            "csv",
            "--sep",
            ";",
            "--out",
            out.to_str().unwrap(),
        ],
    ));
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(&bytes[3..]);
    let h: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let col = |name: &str| h.iter().position(|x| x == name).unwrap();
    let c0 = h.iter().position(|x| x.starts_with("SXSH C0. ")).unwrap();
    let tea_low = rows
        .iter()
        .find(|r| r[col("Cơ sở")] == *NAME_1 && r[col("Ngày")] == *"2025-03-12")
        .unwrap();
    assert_eq!(
        &tea_low[col("Điện thoại")],
        "0374 775 987",
        "grouped, so it stays text"
    );
    assert_eq!(&tea_low[col("Trạng thái")], "Xong");
    assert_eq!(&tea_low[col("Loại hình")], "hợp tác xã");
    assert_eq!(&tea_low[c0], "Không");
    let index = &tea_low[col("Chỉ số")];
    assert!(
        index.contains(',') && index.replace(',', ".").parse::<f64>().is_ok(),
        "a decimal comma with ';': {index}"
    );
}

#[test]
fn a_stored_name_never_runs_as_a_formula() {
    let dir = tempfile::tempdir().unwrap();
    let w = workshop(dir.path());
    let out = dir.path().join("all.csv");
    ok(&sansang(
        &w.db,
        &["export", "--format", "csv", "--out", out.to_str().unwrap()],
    ));
    let text = String::from_utf8(std::fs::read(&out).unwrap()).unwrap();
    assert!(text.contains(&format!("'{NAME_2}")));
    assert!(text.contains(&format!("'{PHONE_2}")));
    let (_, rows) = read(&out);
    for row in &rows {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "unsafe cell {cell:?}"
            );
        }
    }
}

#[test]
fn the_long_form_has_one_row_per_shown_answer() {
    let dir = tempfile::tempdir().unwrap();
    let w = workshop(dir.path());
    let out = dir.path().join("long.csv");
    ok(&sansang(
        &w.db,
        &[
            "export",
            "--format",
            "csv",
            "--long",
            "--codes",
            "--survey",
            "sxsh",
            "--session",
            &w.earlier_session.to_string(),
            "--out",
            out.to_str().unwrap(),
        ],
    ));
    let (_, rows) = read(&out);
    let h = headers(&out);
    let q = h.iter().position(|x| x == "question").unwrap();
    let questions: Vec<&str> = rows.iter().map(|r| &r[q]).collect();
    assert!(questions.contains(&"C0"));
    assert!(!questions.contains(&"C2"), "hidden answers are left out");
    assert!(
        rows.iter()
            .all(|r| r[h.iter().position(|x| x == "survey").unwrap()] == *"sxsh")
    );
}

#[test]
fn anonymized_exports_hold_no_name_contact_or_phone() {
    let dir = tempfile::tempdir().unwrap();
    let w = workshop(dir.path());
    for format in ["csv", "json", "xlsx"] {
        let out = dir.path().join(format!("anon.{format}"));
        ok(&sansang(
            &w.db,
            &[
                "export",
                "--format",
                format,
                "--anonymize",
                "--out",
                out.to_str().unwrap(),
            ],
        ));
        let text = if format == "xlsx" {
            xlsx_text(&out)
        } else {
            String::from_utf8(std::fs::read(&out).unwrap()).unwrap()
        };
        for secret in [
            NAME_1,
            NAME_2,
            CONTACT_1,
            CONTACT_2,
            PHONE_1,
            PHONE_2,
            // Parts of the phones too; with a space, since ids and times are full of digits.
            "0912 345",
            "987 654",
            "Lê Văn Tập",
        ] {
            assert!(
                !text.contains(secret),
                "{format} export still holds {secret:?}"
            );
        }
        assert!(
            text.contains("CS-"),
            "{format}: establishments get pseudonyms"
        );
    }
    let a = dir.path().join("a.csv");
    let b = dir.path().join("b.csv");
    ok(&sansang(
        &w.db,
        &[
            "export",
            "--format",
            "csv",
            "--anonymize",
            "--out",
            a.to_str().unwrap(),
        ],
    ));
    ok(&sansang(
        &w.db,
        &[
            "export",
            "--format",
            "csv",
            "--anonymize",
            "--out",
            b.to_str().unwrap(),
        ],
    ));
    assert_eq!(
        std::fs::read(&a).unwrap(),
        std::fs::read(&b).unwrap(),
        "pseudonyms are stable"
    );
}

/// Every string in the workbook (shared strings and sheet names), via a reader crate.
fn xlsx_text(path: &std::path::Path) -> String {
    use calamine::{Reader, Xlsx, open_workbook};
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let mut text = String::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        for row in range.rows() {
            for cell in row {
                text.push_str(&cell.to_string());
                text.push('\n');
            }
        }
    }
    text
}

#[test]
fn an_existing_file_is_kept_and_bad_options_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let w = workshop(dir.path());
    let out = dir.path().join("mine.csv");
    std::fs::write(&out, "keep me").unwrap();
    let run = sansang(
        &w.db,
        &["export", "--format", "csv", "--out", out.to_str().unwrap()],
    );
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("--force"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");
    ok(&sansang(
        &w.db,
        &[
            "export",
            "--format",
            "csv",
            "--force",
            "--out",
            out.to_str().unwrap(),
        ],
    ));
    assert_ne!(std::fs::read_to_string(&out).unwrap(), "keep me");
    let run = sansang(
        &w.db,
        &[
            "export",
            "--format",
            "csv",
            "--survey",
            "tea",
            "--out",
            dir.path().join("x.csv").to_str().unwrap(),
        ],
    );
    assert_eq!(run.status.code(), Some(1));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("\"tea\"") && err.contains("sxsh"), "{err}");
    let run = sansang(
        &w.db,
        &[
            "export",
            "--format",
            "csv",
            "--session",
            "nope",
            "--out",
            dir.path().join("y.csv").to_str().unwrap(),
        ],
    );
    assert_eq!(run.status.code(), Some(1));
    assert!(!dir.path().join("x.csv").exists() && !dir.path().join("y.csv").exists());
    let nowhere = dir.path().join("no-such-folder").join("out.csv");
    let run = sansang(
        &w.db,
        &[
            "export",
            "--format",
            "csv",
            "--out",
            nowhere.to_str().unwrap(),
        ],
    );
    assert_eq!(run.status.code(), Some(2));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        err.contains("no-such-folder") && err.contains("check the folder exists"),
        "{err}"
    );
}

#[test]
fn a_stored_answer_the_survey_no_longer_takes_is_kept_as_stored_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let w = workshop(dir.path());
    let store = sansang::store::Store::open(&w.db).unwrap();
    store
        .set_answer(w.tea_sxsh, "A1", Some(serde_json::json!("maybe")), None)
        .unwrap();
    store.close().unwrap();
    let out = dir.path().join("all.csv");
    let run = sansang(
        &w.db,
        &[
            "export",
            "--format",
            "csv",
            "--codes",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    ok(&run);
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        err.contains(&format!("response {} question A1", w.tea_sxsh)),
        "{err}"
    );
    let h = headers(&out);
    let (_, rows) = read(&out);
    let id = h.iter().position(|x| x == "response_id").unwrap();
    let a1 = h.iter().position(|x| x == "sxsh.A1").unwrap();
    let row = rows
        .iter()
        .find(|r| r[id] == *w.tea_sxsh.to_string())
        .unwrap();
    assert_eq!(&row[a1], "maybe", "kept as stored");
}
