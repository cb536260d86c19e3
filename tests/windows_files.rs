//! Files as a Windows laptop saves them (Notepad, Excel: a byte-order mark and CRLF
//! line ends) and folders as Windows names them (Vietnamese letters, spaces) are
//! read and written like any others. Each reader of the program is fed one.

mod common;

use std::path::{Path, PathBuf};

use common::{Workshop, fixture};

/// `text` as Notepad saves it: UTF-8 with a byte-order mark, CRLF line ends.
fn as_windows_saves(text: &str) -> Vec<u8> {
    let crlf = text.replace("\r\n", "\n").replace('\n', "\r\n");
    [b"\xEF\xBB\xBF".as_slice(), crlf.as_bytes()].concat()
}

/// A copy of `source` in `dir` as Windows would have saved it.
fn windows_copy(dir: &Path, source: &Path) -> PathBuf {
    let text = std::fs::read_to_string(source).unwrap();
    let copy = dir.join(source.file_name().unwrap());
    std::fs::write(&copy, as_windows_saves(&text)).unwrap();
    copy
}

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

#[test]
fn a_survey_definition_saved_by_notepad_validates_and_its_errors_keep_their_lines() {
    let w = Workshop::new();
    let good = windows_copy(w.dir.path(), &repo("surveys/sxsh.json"));
    w.ok(&["validate", good.to_str().unwrap()]);
    let broken = windows_copy(w.dir.path(), &fixture("invalid_surveys/syntax.json"));
    let err = w.fails(1, &["validate", broken.to_str().unwrap()]);
    assert!(
        err.contains("syntax.json:5:3: error: invalid JSON"),
        "{err}"
    );
}

#[test]
fn a_responses_file_saved_by_notepad_scores_and_imports_like_the_original() {
    let w = Workshop::new();
    let original = fixture("responses/good.json");
    let copy = windows_copy(w.dir.path(), &original);
    let score = |file: &Path| {
        w.ok(&[
            "score",
            "--answers",
            file.to_str().unwrap(),
            "--format",
            "csv",
        ])
    };
    assert_eq!(score(&copy), score(&original));

    let workshop = windows_copy(w.dir.path(), &fixture("import/workshop.json"));
    let out = w.ok(&["import", workshop.to_str().unwrap()]);
    assert!(out.contains("imported"), "{out}");
    assert!(!w.ok(&["session", "list"]).trim().is_empty());
}

#[test]
fn an_export_opened_and_saved_again_in_notepad_still_merges() {
    let laptop_a = Workshop::new();
    laptop_a.ok(&["demo", "--establishments", "3"]);
    let export = laptop_a.dir.path().join("may-a.json");
    laptop_a.ok(&[
        "export",
        "--format",
        "json",
        "--out",
        export.to_str().unwrap(),
    ]);
    let resaved = laptop_a.dir.path().join("may-a-notepad.json");
    std::fs::write(
        &resaved,
        as_windows_saves(&std::fs::read_to_string(&export).unwrap()),
    )
    .unwrap();

    let laptop_b = Workshop::new();
    let out = laptop_b.ok(&["import", resaved.to_str().unwrap()]);
    assert!(out.contains("added"), "{out}");
    assert_eq!(
        laptop_b.ok(&["session", "list"]),
        laptop_a.ok(&["session", "list"])
    );
}

#[test]
fn answer_lines_typed_with_crlf_are_saved_without_the_carriage_return() {
    use std::io::Write;
    let w = Workshop::new();
    let response = w.response();
    let mut child = w
        .command()
        .args(["answer", "--response", &response, "--stdin"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"A1 trained\r\nP3 tea\r\n\r\n# ghi chu\r\nB5 cover;leaks\r\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "saved A1\nsaved P3\nsaved B5\n"
    );
    let shown = w.json(&["response", "show", &response, "--json"]);
    assert_eq!(shown["answers"]["P3"], "tea", "{shown}");
    assert_eq!(
        shown["answers"]["B5"],
        serde_json::json!(["cover", "leaks"])
    );
}

#[test]
fn folders_with_vietnamese_letters_and_spaces_hold_the_database_and_the_exports() {
    let w = Workshop::new();
    let folder = w
        .dir
        .path()
        .join("Dữ liệu Khuyến công")
        .join("Hội thảo Phú Lương");
    let db = folder.join("sổ hội thảo.redb");
    let run = |args: &[&str]| {
        let out = w
            .command()
            .env("SANSANG_DB", &db)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    run(&["demo", "--establishments", "2"]);
    assert!(db.exists());
    let sheet = folder.join("Kết quả hội thảo (bản 1).xlsx");
    run(&[
        "export",
        "--format",
        "xlsx",
        "--out",
        sheet.to_str().unwrap(),
    ]);
    assert!(std::fs::metadata(&sheet).unwrap().len() > 0);
    let csv = folder.join("Kết quả hội thảo.csv");
    run(&["export", "--format", "csv", "--out", csv.to_str().unwrap()]);
    assert!(
        std::fs::read_to_string(&csv)
            .unwrap()
            .contains("Thái Nguyên")
    );
}
