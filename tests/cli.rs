//! The workshop CLI over a temporary database, driven through the real binary.

mod common;

use std::fs;

use common::{Workshop, fixture, sxsh};
use serde_json::Value;

fn names(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_trainer_records_a_session_and_its_establishments() {
    let w = Workshop::new();
    let session = w.json(&[
        "session",
        "new",
        "--name",
        "Tập huấn SXSH – Vô Tranh",
        "--date",
        "2024-10-15",
        "--commune",
        "Vô Tranh",
        "--province",
        "Thái Nguyên",
        "--former-district",
        "Phú Lương",
        "--trainer",
        "Dương Văn Khánh",
        "--json",
    ]);
    let sid = session["id"].as_str().unwrap();
    assert_eq!(session["former_district"], "Phú Lương");
    let est = w.ok(&[
        "establishment",
        "add",
        "--name",
        "HTX Chè Vô Tranh",
        "--kind",
        "hợp tác xã",
        "--sector",
        "chế biến chè",
        "--commune",
        "Vô Tranh",
        "--phone",
        "0912 345 678",
        "--session",
        sid,
    ]);
    let eid = est.trim();
    let shown = w.json(&["establishment", "show", eid, "--json"]);
    assert_eq!(shown["establishment"]["kind"], "hop_tac_xa");
    w.ok(&[
        "establishment",
        "edit",
        eid,
        "--phone",
        "0987 111 222",
        "--contact-person",
        "Ma Thị Hoa",
    ]);
    let shown = w.json(&["establishment", "show", eid, "--json"]);
    assert_eq!(shown["establishment"]["phone"], "0987 111 222");
    assert_eq!(shown["establishment"]["contact_person"], "Ma Thị Hoa");
    assert_eq!(shown["establishment"]["sector"], "chế biến chè");

    let edited = w.json(&[
        "session",
        "edit",
        sid,
        "--trainer",
        "Hoàng Ngọc Lan",
        "--date",
        "2024-10-16",
        "--json",
    ]);
    assert_eq!(edited["trainer"], "Hoàng Ngọc Lan");
    assert_eq!(edited["date"], "2024-10-16");
    assert_eq!(edited["commune"], "Vô Tranh", "fields not given are kept");
    let err = w.fails(1, &["session", "edit", sid, "--name", " "]);
    assert!(err.contains("needs a name"), "{err}");

    let listed = w.json(&["session", "list", "--json"]);
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let detail = w.json(&["session", "show", sid, "--json"]);
    assert_eq!(names(&detail["establishments"]), ["HTX Chè Vô Tranh"]);
    let table = w.ok(&["session", "show", sid]);
    assert!(
        table.contains("Vô Tranh, Phú Lương (former district), Thái Nguyên"),
        "{table}"
    );

    let err = w.fails(
        1,
        &["session", "show", "0192a1b2-0000-7000-8000-000000000099"],
    );
    assert!(
        err.contains("no session with id 0192a1b2-0000-7000-8000-000000000099"),
        "{err}"
    );
    let err = w.fails(1, &["session", "show", "vo-tranh"]);
    assert!(err.contains("not a session id"), "{err}");
    w.fails(
        2,
        &["establishment", "add", "--name", "X", "--kind", "xưởng"],
    );
}

#[test]
fn search_ignores_diacritics_and_case() {
    let w = Workshop::new();
    for (name, district) in [
        ("Xưởng mộc Đức Anh", "Phú Lương"),
        ("Cơ sở bún Phú Đô", "Phú Lương"),
        ("Công ty TNHH Chè Tân Cương", "Thái Nguyên"),
    ] {
        w.ok(&[
            "establishment",
            "add",
            "--name",
            name,
            "--kind",
            "ho_kinh_doanh",
            "--former-district",
            district,
        ]);
    }
    let search = |q: &str| names(&w.json(&["establishment", "list", "--search", q, "--json"]));
    assert_eq!(
        search("phu luong"),
        ["Cơ sở bún Phú Đô", "Xưởng mộc Đức Anh"]
    );
    assert_eq!(search("duc"), ["Xưởng mộc Đức Anh"]);
    assert_eq!(search("XUONG MOC"), ["Xưởng mộc Đức Anh"]);
    assert_eq!(search("tan cuong"), ["Công ty TNHH Chè Tân Cương"]);
    // NFD input finds NFC records.
    assert_eq!(search("Phu\u{301} \u{110}o\u{302}"), ["Cơ sở bún Phú Đô"]);
    assert!(search("hà nội").is_empty());
}

#[test]
fn import_creates_or_matches_records_and_scores_like_the_file() {
    let w = Workshop::new();
    let file = fixture("import/workshop.json");
    let file = file.to_str().unwrap();
    let out = w.ok(&["import", file]);
    assert!(out.contains("imported 3 responses"), "{out}");
    assert!(out.contains("2 new establishments"), "{out}");
    let sessions = w.json(&["session", "list", "--json"]);
    assert_eq!(names(&sessions), ["Tập huấn SXSH – Phú Đô"]);
    let r = w.json(&[
        "response",
        "show",
        "0192a1b2-0000-7000-8000-000000000001",
        "--json",
    ]);
    assert_eq!(r["response"]["status"], "draft");
    assert_eq!(r["response"]["created_at"], "2024-10-17T01:30:00Z");
    assert_eq!(r["establishment"]["phone"], "0912 345 678");

    // Same JSON fields and scores as scoring the file directly.
    let stored = w.json(&["score", "--format", "json"]);
    let direct = w.json(&["score", "--answers", file, "--format", "json"]);
    let first = |v: &Value| {
        v.as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == "0192a1b2-0000-7000-8000-000000000001")
            .cloned()
            .unwrap()
    };
    assert_eq!(first(&stored), first(&direct));
    let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&stored[2]), keys(&direct[2]));
    assert_eq!(stored.as_array().unwrap().len(), 3);
    let dx = w.json(&["score", "--survey", "dx", "--format", "json"]);
    assert_eq!(dx.as_array().unwrap().len(), 1);
    let csv = w.ok(&[
        "score",
        "--session",
        "0192a1b2-0000-7000-8000-0000000000a1",
        "--format",
        "csv",
    ]);
    assert_eq!(csv.lines().count(), 4, "{csv}");

    // A second import of the same file is refused as a whole.
    let err = w.fails(1, &["import", file]);
    assert!(err.contains("responses[0].id"), "{err}");
    assert!(err.contains("already in the database"), "{err}");
    assert_eq!(
        w.json(&["score", "--format", "json"])
            .as_array()
            .unwrap()
            .len(),
        3
    );
}

#[test]
fn one_bad_response_and_nothing_is_imported() {
    let w = Workshop::new();
    let err = w.fails(
        1,
        &["import", fixture("import/one-bad.json").to_str().unwrap()],
    );
    assert!(err.contains("responses[1].establishment.kind"), "{err}");
    assert!(err.contains("responses[1].session.date"), "{err}");
    assert!(err.contains("nothing was imported"), "{err}");
    let err = w.fails(
        1,
        &[
            "import",
            fixture("import/bad-answer.json").to_str().unwrap(),
        ],
    );
    assert!(err.contains("responses[1].answers.A1"), "{err}");
    assert!(
        w.json(&["establishment", "list", "--json"])
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert!(
        w.json(&["session", "list", "--json"])
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn answers_are_checked_against_the_survey_and_audited() {
    let w = Workshop::new();
    let r = w.response();
    assert_eq!(
        w.ok(&["answer", "set", "--response", &r, "A1", "knows"])
            .trim(),
        "saved A1"
    );
    assert_eq!(
        w.ok(&["answer", "set", "--response", &r, "B5", "cover;leaks"])
            .trim(),
        "saved B5"
    );
    let err = w.fails(1, &["answer", "set", "--response", &r, "A1", "maybe"]);
    assert!(
        err.contains("A1") && err.contains("no option \"maybe\""),
        "{err}"
    );
    let err = w.fails(1, &["answer", "set", "--response", &r, "Z9", "x"]);
    assert!(err.contains("no question \"Z9\""), "{err}");
    w.ok(&[
        "answer",
        "set",
        "--response",
        &r,
        "A1",
        "trained",
        "--reason",
        "chủ cơ sở sửa lại",
    ]);
    w.ok(&["answer", "clear", "--response", &r, "B5"]);
    let shown = w.json(&["response", "show", &r, "--json"]);
    assert_eq!(shown["answers"]["A1"], "trained");
    assert!(shown["answers"].get("B5").is_none());
    assert_eq!(shown["response"]["recorded_by"], "Nguyễn Thị Lan");
    let audit = w.json(&["response", "audit", &r, "--json"]);
    let actions: Vec<&str> = audit
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["set", "set", "changed", "cleared"]);
    assert_eq!(audit[2]["reason"], "chủ cơ sở sửa lại");
    assert_eq!(audit[2]["old"], "knows");
    let err = w.fails(1, &["response", "status", &r, "complete"]);
    assert!(
        err.contains("cannot be marked complete") && err.contains("A2"),
        "{err}"
    );
    assert_eq!(
        w.json(&["response", "show", &r, "--json"])["response"]["status"],
        "draft"
    );
}

/// Every question answered with its first option (or lowest value): hidden ones too,
/// which are kept and ignored.
fn full_sxsh_lines() -> String {
    use sansang::survey::{Catalog, Kind};
    let catalog = Catalog::bundled();
    let survey = catalog.get("sxsh", Some("1.0")).unwrap();
    survey
        .questions
        .iter()
        .filter_map(|q| {
            let value = match &q.kind {
                Kind::Single { options } | Kind::Multi { options, .. } => options[0].value.clone(),
                Kind::YesNo { .. } => "yes".into(),
                Kind::Scale { min, .. } => min.to_string(),
                Kind::Number(rule) => rule.min.unwrap_or(0.0).to_string(),
                Kind::Text { .. } => "ghi chú".into(),
                Kind::Date => "2025-10-16".into(),
                Kind::Note => return None,
            };
            Some(format!("{} {value}\n", q.id))
        })
        .collect()
}

#[test]
fn a_complete_response_changes_only_with_a_reason_and_becomes_a_draft_when_incomplete() {
    use std::io::Write;
    let w = Workshop::new();
    let r = w.response();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_sansang"))
        .args([
            "--db",
            w.db.to_str().unwrap(),
            "answer",
            "--response",
            &r,
            "--stdin",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(full_sxsh_lines().as_bytes())
        .unwrap();
    assert!(child.wait().unwrap().success());
    w.ok(&["response", "status", &r, "complete"]);

    let err = w.fails(1, &["answer", "set", "--response", &r, "A1", "heard"]);
    assert!(err.contains("--reason"), "{err}");
    w.ok(&[
        "answer",
        "set",
        "--response",
        &r,
        "A1",
        "heard",
        "--reason",
        "nhập nhầm",
    ]);
    let status =
        |w: &Workshop| w.json(&["response", "show", &r, "--json"])["response"]["status"].clone();
    assert_eq!(status(&w), "complete", "still every required answer");
    let out = w.ok(&[
        "answer",
        "clear",
        "--response",
        &r,
        "A1",
        "--reason",
        "hỏi lại sau",
    ]);
    assert!(out.contains("draft again"), "{out}");
    assert_eq!(status(&w), "draft");
}

#[test]
fn an_import_claiming_complete_with_answers_missing_is_refused() {
    let w = Workshop::new();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("claims.json");
    std::fs::write(
        &file,
        r#"{"format": 1, "responses": [{"survey": "sxsh", "status": "complete",
            "establishment": {"name": "Cơ sở chè Khe Cốc"}, "answers": {"A1": "heard"}}]}"#,
    )
    .unwrap();
    let err = w.fails(1, &["import", file.to_str().unwrap()]);
    assert!(
        err.contains("responses[0].status: error: \"complete\" (response Cơ sở chè Khe Cốc), but required questions of sxsh")
            && err.contains("are unanswered: P3, A2, A3"),
        "{err}"
    );
}

#[test]
fn the_demo_is_a_believable_workshop() {
    let w = Workshop::new();
    let out = w.ok(&["demo"]);
    assert!(out.contains("24 establishments"), "{out}");
    let table = w.ok(&["score", "--format", "table"]);
    assert!(
        table.contains("Mức độ sẵn sàng sản xuất sạch hơn"),
        "{table}"
    );
    assert!(table.contains("Mức độ sẵn sàng chuyển đổi số"), "{table}");
    assert!(
        table.contains("HTX") || table.contains("Tổ hợp tác"),
        "{table}"
    );
    let sessions = names(&w.json(&["session", "list", "--json"]));
    assert_eq!(sessions.len(), 3);
    assert!(sessions.iter().any(|s| s.contains("Vô Tranh")));
    assert!(sessions.iter().any(|s| s.contains("Yên Trạch")));
    let found = w.json(&["establishment", "list", "--search", "phu luong", "--json"]);
    assert_eq!(found.as_array().unwrap().len(), 24);

    // The same seed gives the same workshop.
    let again = Workshop::new();
    again.ok(&["demo"]);
    let list = |w: &Workshop| names(&w.json(&["establishment", "list", "--json"]));
    assert_eq!(list(&w), list(&again));
}

/// A copy of the shipped sxsh survey as "pin" `version`; v2 scores A1 "applied" 0.
fn pin_survey(version: &str) -> String {
    let mut s = sxsh();
    s["id"] = "pin".into();
    s["version"] = version.into();
    if version == "2" {
        for q in s["questions"].as_array_mut().unwrap() {
            if q["id"] == "A1" {
                for o in q["options"].as_array_mut().unwrap() {
                    if o["value"] == "applied" {
                        o["score"] = 0.into();
                    }
                }
            }
        }
    }
    serde_json::to_string_pretty(&s).unwrap()
}

#[test]
fn a_response_always_scores_with_the_definition_it_was_recorded_against() {
    let w = Workshop::new();
    let surveys = w.dir.path().join("surveys");
    fs::create_dir(&surveys).unwrap();
    let dir = surveys.to_str().unwrap();
    fs::write(surveys.join("pin.json"), pin_survey("1")).unwrap();
    let session = w.ok(&["session", "new", "--name", "Phú Đô", "--date", "2024-10-17"]);
    let est = w.ok(&[
        "establishment",
        "add",
        "--name",
        "HTX Chè Phú Đô",
        "--kind",
        "hop_tac_xa",
    ]);
    let new_response = || {
        w.ok(&[
            "--surveys",
            dir,
            "response",
            "new",
            "--session",
            session.trim(),
            "--establishment",
            est.trim(),
            "--survey",
            "pin",
        ])
        .trim()
        .to_string()
    };
    let old = new_response();
    w.ok(&["answer", "set", "--response", &old, "A1", "applied"]);

    fs::write(surveys.join("pin.json"), pin_survey("2")).unwrap();
    let new = new_response();
    w.ok(&["answer", "set", "--response", &new, "A1", "applied"]);
    // The v1 file is gone; the database still has it.
    fs::remove_file(surveys.join("pin.json")).unwrap();

    let scores = w.json(&["score", "--survey", "pin", "--format", "json"]);
    let by_id = |id: &str| {
        scores
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .cloned()
            .unwrap()
    };
    assert_eq!(by_id(&old)["survey_version"], "1");
    assert_eq!(by_id(&new)["survey_version"], "2");
    assert!(by_id(&old)["dimensions"]["A"].as_f64().unwrap() > 0.0);
    assert_eq!(by_id(&new)["dimensions"]["A"].as_f64().unwrap(), 0.0);
    let shown = w.json(&["response", "show", &old, "--json"]);
    assert_eq!(shown["score"]["survey_version"], "1");
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_left_as_it_was() {
    let w = Workshop::new();
    let notes = w.dir.path().join("danh-sach.xlsx");
    fs::write(
        &notes,
        "PK\u{3}\u{4} not really a spreadsheet, not a database either",
    )
    .unwrap();
    let before = fs::read(&notes).unwrap();
    let err = w.fails(2, &["--db", notes.to_str().unwrap(), "session", "list"]);
    assert!(
        err.contains("danh-sach.xlsx") && err.contains("not a sansang database"),
        "{err}"
    );
    assert_eq!(fs::read(&notes).unwrap(), before);
}

#[test]
fn a_damaged_database_is_refused_and_left_as_it_was() {
    let w = Workshop::new();
    w.response();
    let mut bytes = fs::read(&w.db).unwrap();
    let len = bytes.len();
    for b in &mut bytes[4096..len] {
        *b ^= 0x5A;
    }
    fs::write(&w.db, &bytes).unwrap();
    let err = w.fails(2, &["session", "list"]);
    assert!(
        err.contains("damaged") && err.contains("sansang.redb"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(fs::read(&w.db).unwrap(), bytes);
}

#[test]
fn an_unwritable_place_gives_a_clear_error() {
    let w = Workshop::new();
    let file = w.dir.path().join("plain-file");
    fs::write(&file, "x").unwrap();
    let db = file.join("sansang.redb");
    let err = w.fails(2, &["--db", db.to_str().unwrap(), "session", "list"]);
    assert!(
        err.contains("cannot write the database") && err.contains("plain-file"),
        "{err}"
    );
}

#[test]
fn without_db_the_database_lives_in_the_data_folder() {
    let w = Workshop::new();
    let home = w.dir.path().join("home");
    let out = w
        .command()
        .env_remove("SANSANG_DB")
        .env_remove("XDG_DATA_HOME")
        .env("HOME", &home)
        .args(["session", "list"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(home.join(".local/share/sansang/sansang.redb").exists());
}

#[test]
fn a_mistaken_response_is_deleted_left_out_of_scores_and_restored() {
    let w = Workshop::new();
    let r = w.response();
    w.ok(&["answer", "set", "--response", &r, "A1", "knows"]);
    assert_eq!(
        w.json(&["score", "--format", "json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let err = w.fails(2, &["response", "delete", &r]);
    assert!(err.contains("--reason"), "{err}");
    w.ok(&["response", "delete", &r, "--reason", "nhập nhầm cơ sở"]);
    assert_eq!(
        w.json(&["score", "--format", "json"]),
        serde_json::json!([])
    );
    let shown = w.json(&["response", "show", &r, "--json"]);
    assert_eq!(shown["response"]["status"], "deleted");
    let audit = w.ok(&["response", "audit", &r]);
    assert!(audit.contains("nhập nhầm cơ sở"), "{audit}");
    w.fails(1, &["response", "status", &r, "complete"]);
    w.ok(&["response", "restore", &r, "--reason", "không nhầm"]);
    assert_eq!(
        w.json(&["score", "--format", "json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    w.ok(&["response", "reset", &r, "--reason", "làm lại"]);
    let shown = w.json(&["response", "show", &r, "--json"]);
    assert_eq!(shown["answers"], serde_json::json!({}));
}

#[test]
fn session_dates_are_typed_as_people_write_them_and_checked() {
    let w = Workshop::new();
    let id = w.ok(&[
        "session",
        "new",
        "--name",
        "Hội thảo Yên Trạch",
        "--date",
        "17/10/2024",
    ]);
    let shown = w.json(&["session", "show", id.trim(), "--json"]);
    assert_eq!(shown["session"]["date"], "2024-10-17", "{shown}");
    let err = w.fails(
        1,
        &[
            "session",
            "new",
            "--name",
            "Hội thảo",
            "--date",
            "1950-10-17",
        ],
    );
    assert!(err.contains("between 1990 and"), "{err}");
    let err = w.fails(
        1,
        &[
            "session",
            "new",
            "--name",
            "\u{200b}",
            "--date",
            "2024-10-17",
        ],
    );
    assert!(err.contains("visible"), "{err}");
}

#[test]
fn a_line_that_is_not_utf8_on_answer_stdin_is_named_and_the_others_are_saved() {
    use std::io::Write;
    let w = Workshop::new();
    let r = w.response();
    let mut child = w
        .command()
        .args(["answer", "--response", &r, "--stdin"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"A1 knows\nA2 \xff\xfe\nA3 yes\n").unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("line 2: not UTF-8"), "{err}");
    let shown = w.json(&["response", "show", &r, "--json"]);
    assert_eq!(shown["answers"]["A1"], "knows", "{shown}");
}

#[test]
fn an_establishment_list_over_the_limit_is_refused_whole_and_nothing_is_added() {
    let w = Workshop::new();
    let csv = w.dir.path().join("lon.csv");
    let mut text = String::from("name,kind,commune\n");
    let mut n = 0;
    while text.len() < 6 * 1024 * 1024 {
        text.push_str(&format!("Cơ sở chè số {n},ho_kinh_doanh,Tân Cương\n"));
        n += 1;
    }
    std::fs::write(&csv, text).unwrap();
    let err = w.fails(1, &["establishment", "import", csv.to_str().unwrap()]);
    assert!(
        err.contains("lon.csv: the file is 6.0 MiB; an establishment list is read up to 5.0 MiB, and nothing was imported"),
        "{err}"
    );
    let listed = w.json(&["establishment", "list", "--json"]);
    assert_eq!(listed.as_array().unwrap().len(), 0, "{listed}");
}
