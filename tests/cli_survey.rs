//! The survey commands as a trainer or a centre's staff would run them:
//! `validate` on definitions, `score --answers` on a responses file.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn sansang(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sansang"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("SANSANG_SURVEYS")
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn fixtures(dir: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir)
}

#[test]
fn the_shipped_surveys_are_valid() {
    let out = sansang(&["validate", "surveys/sxsh.json", "surveys/dx.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("surveys/sxsh.json: valid: sxsh"),
        "{stdout}"
    );
    assert!(stdout.contains("surveys/dx.json: valid: dx"), "{stdout}");
    assert!(out.stderr.is_empty(), "no warning: {}", text(&out.stderr));
}

#[test]
fn validate_says_which_survey_a_screening_screens_for_and_warns_of_one_not_loaded() {
    let out = sansang(&[
        "validate",
        "surveys/sxsh-nhanh.json",
        "surveys/dx-nhanh.json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("3 levels, a screening for sxsh)"),
        "{stdout}"
    );
    assert!(stdout.contains("3 levels, a screening for dx)"), "{stdout}");
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));

    let dir = tempfile::tempdir().unwrap();
    let own = dir.path().join("go-nhanh.json");
    let mut def: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("surveys/sxsh-nhanh.json").unwrap()).unwrap();
    def["id"] = "go-nhanh".into();
    def["screens"] = "go".into();
    std::fs::write(&own, def.to_string()).unwrap();
    let out = sansang(&["validate", own.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "a warning, not an error");
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("screens: warning: no survey \"go\" is shipped or among the files given"),
        "{stderr}"
    );
}

/// Each broken definition in tests/fixtures/invalid_surveys gives the errors its
/// .expected file lists, and exit code 1.
#[test]
fn each_invalid_definition_gives_its_error() {
    let dir = fixtures("invalid_surveys");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let out = sansang(&["validate", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{}", path.display());
        let stderr = text(&out.stderr);
        let expected = std::fs::read_to_string(path.with_extension("expected")).unwrap();
        for line in expected.lines() {
            assert!(
                stderr.contains(line),
                "{}: expected {line:?} in\n{stderr}",
                path.display()
            );
        }
        checked += 1;
    }
    assert!(checked >= 16, "{checked} fixtures");
}

/// A copy of the shipped sxsh 1.0 without its English texts and with one error.
fn untranslated_with_an_error(dir: &Path) -> PathBuf {
    let shipped =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("surveys/sxsh.json"))
            .unwrap();
    let mut def: serde_json::Value = serde_json::from_str(&shipped).unwrap();
    fn vietnamese_only(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(m) if m.contains_key("vi") && m.contains_key("en") => {
                *v = m["vi"].clone();
            }
            serde_json::Value::Object(m) => m.values_mut().for_each(vietnamese_only),
            serde_json::Value::Array(a) => a.iter_mut().for_each(vietnamese_only),
            _ => {}
        }
    }
    vietnamese_only(&mut def);
    def["dimensions"][0]["weight"] = serde_json::json!(0);
    let path = dir.join("sxsh-vi.json");
    std::fs::write(&path, serde_json::to_vec(&def).unwrap()).unwrap();
    path
}

#[test]
fn validate_groups_a_repeated_warning_and_puts_errors_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = untranslated_with_an_error(dir.path());
    let out = sansang(&["validate", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert!(
        lines[0].ends_with("dimensions[0].weight: error: 0 is not allowed; a dimension's weight must be more than 0"),
        "{stderr}"
    );
    let grouped: Vec<&&str> = lines
        .iter()
        .filter(|l| l.contains("no \"en\" text"))
        .collect();
    assert_eq!(
        grouped.len(),
        1,
        "one line for every missing translation: {stderr}"
    );
    let places: usize = grouped[0]
        .split("at ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("a count of places");
    assert!(places > 100, "every text lacks English: {places}");
    assert!(
        grouped[0].contains(&format!(
            "places: title, description, questions[0] (P2).text and {} more; --verbose lists them all",
            places - 3
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("sxsh-vi.json: invalid: 1 error\n"),
        "{stderr}"
    );
    assert!(stderr.contains("1 of 1 file is invalid"), "{stderr}");
    let verbose = sansang(&["validate", "--verbose", path.to_str().unwrap()]);
    let all = text(&verbose.stderr);
    assert_eq!(all.matches("no \"en\" text").count(), places);
    assert!(
        all.contains("questions[0] (P2).text: warning: no \"en\" text"),
        "{all}"
    );
}

#[test]
fn validate_reports_a_missing_file_as_io_error() {
    let out = sansang(&["validate", "no/such/file.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no/such/file.json: error: cannot open"));
}

#[test]
fn validate_without_files_is_a_usage_error() {
    assert_eq!(sansang(&["validate"]).status.code(), Some(2));
}

#[test]
fn score_prints_the_contract_json() {
    let file = fixtures("responses").join("good.json");
    let out = sansang(&[
        "score",
        "--answers",
        file.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let scores: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = &scores[0];
    for key in [
        "id",
        "survey",
        "survey_version",
        "establishment",
        "complete",
        "missing",
        "index",
        "level",
        "dimensions",
    ] {
        assert!(first.get(key).is_some(), "missing {key} in {first}");
    }
    assert_eq!(first["id"], "vt-01");
    assert_eq!(first["establishment"], "HTX chè Vô Tranh");
    assert_eq!(first["complete"], false);
    assert!(
        first["index"]
            .as_f64()
            .is_some_and(|i| (0.0..=100.0).contains(&i))
    );
    assert!(first["dimensions"]["A"].is_number());
    assert!(
        first["dimensions"]["D"].is_null(),
        "no answer in D: no score"
    );
    assert_eq!(scores[1]["survey"], "dx");
    // vt-01 answers 9 of sxsh's questions: its index is given, its level withheld.
    let coverage = first["coverage"].as_f64().unwrap();
    assert!(coverage > 0.0 && coverage < 0.8, "{coverage}");
    assert_eq!(first["level"], serde_json::Value::Null);
    assert_eq!(first["level_withheld"], true);
    assert_eq!(first["dimension_coverage"]["A"], 1.0, "A1–A4 answered");
    assert!(first["dimension_coverage"]["D"].as_f64() == Some(0.0));
    // A = 75 (under 40? no; under 70? no: none), B = 40: under 70, "Tư vấn sản xuất sạch hơn".
    assert_eq!(first["advice"]["A"], serde_json::Value::Null);
    assert_eq!(
        first["advice"]["D"],
        serde_json::Value::Null,
        "no score, no advice"
    );
    let b = &first["advice"]["B"];
    assert_eq!(b["support"], "tu_van_san_xuat_sach_hon");
    assert_eq!(b["support_label"], "Tư vấn sản xuất sạch hơn");
    assert!(b["text"].as_str().is_some_and(|t| !t.is_empty()));
}

#[test]
fn score_as_table_and_csv() {
    let file = fixtures("responses").join("good.json");
    let out = sansang(&["score", "--answers", file.to_str().unwrap()]);
    let table = text(&out.stdout);
    assert!(
        table.contains("HTX chè Vô Tranh") && table.contains("Xưởng mộc Phú Đô"),
        "{table}"
    );
    let out = sansang(&[
        "score",
        "--answers",
        file.to_str().unwrap(),
        "--format",
        "csv",
    ]);
    let csv = text(&out.stdout);
    assert!(
        csv.starts_with("id,survey,survey_version,establishment,complete,missing,index,level,A,"),
        "{csv}"
    );
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .ends_with(",coverage,level_withheld"),
        "{csv}"
    );
    assert!(
        csv.lines().nth(1).unwrap().ends_with(",true"),
        "vt-01 is withheld: {csv}"
    );
    assert_eq!(csv.lines().count(), 3);
    // The table marks the withheld level and gives the coverage.
    assert!(table.contains("(chưa đủ dữ liệu)"), "{table}");
    assert!(table.contains("* = provisional index"), "{table}");
    let vt = table.lines().find(|l| l.contains("Vô Tranh")).unwrap();
    assert!(vt.contains('%') && vt.contains("*"), "{vt}");
}

#[test]
fn score_refuses_a_bad_responses_file_listing_every_problem() {
    let file = fixtures("responses").join("bad.json");
    let out = sansang(&["score", "--answers", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("responses[0].answers.A1: error: no option \"expert\""),
        "{stderr}"
    );
    assert!(
        stderr.contains("responses[0].answers.Z9: error"),
        "{stderr}"
    );
    assert!(
        stderr.contains("responses[1].survey: error: survey \"nope\" is unknown"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty(), "nothing is scored");
}

#[test]
fn a_surveys_folder_adds_a_new_version_beside_the_shipped_one() {
    let dir = tempfile::tempdir().unwrap();
    let shipped =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("surveys/sxsh.json"))
            .unwrap();
    let mut def: serde_json::Value = serde_json::from_str(&shipped).unwrap();
    def["version"] = serde_json::json!("3.0");
    std::fs::write(
        dir.path().join("sxsh-3.json"),
        serde_json::to_vec(&def).unwrap(),
    )
    .unwrap();
    let work = tempfile::tempdir().unwrap();
    let responses = work.path().join("r.json");
    std::fs::write(
        &responses,
        r#"{"format": 1, "responses": [
        {"survey": "sxsh", "survey_version": "1.0", "answers": {"A1": "trained"}},
        {"survey": "sxsh", "answers": {"A1": "trained"}}]}"#,
    )
    .unwrap();
    let out = sansang(&[
        "--surveys",
        dir.path().to_str().unwrap(),
        "score",
        "--answers",
        responses.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let scores: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(scores[0]["survey_version"], "1.0");
    assert_eq!(
        scores[1]["survey_version"], "3.0",
        "without a version, the newest (that has the questions answered) is used"
    );
}

#[test]
fn a_surveys_folder_cannot_redefine_a_shipped_version() {
    let dir = tempfile::tempdir().unwrap();
    let shipped =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("surveys/dx.json"))
            .unwrap();
    let mut def: serde_json::Value = serde_json::from_str(&shipped).unwrap();
    def["title"] = serde_json::json!({"vi": "Khác", "en": "Other"});
    std::fs::write(
        dir.path().join("dx.json"),
        serde_json::to_vec(&def).unwrap(),
    )
    .unwrap();
    let file = fixtures("responses").join("good.json");
    let out = sansang(&[
        "--surveys",
        dir.path().to_str().unwrap(),
        "score",
        "--answers",
        file.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("give this one a new version"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn score_refuses_a_responses_file_with_a_key_given_twice() {
    let work = tempfile::tempdir().unwrap();
    let responses = work.path().join("r.json");
    std::fs::write(
        &responses,
        "{\"format\": 1, \"responses\": [\n{\"survey\": \"sxsh\", \"survey\": \"dx\", \"answers\": {}}]}",
    )
    .unwrap();
    let out = sansang(&["score", "--answers", responses.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("r.json: responses[0].survey: error: this key is given twice in one object (the second at line 2)"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn score_output_cannot_run_formulas_or_escape_sequences() {
    let work = tempfile::tempdir().unwrap();
    let responses = work.path().join("r.json");
    std::fs::write(
        &responses,
        r#"{"format": 1, "responses": [{"id": "=HYPERLINK(\"x\")", "survey": "sxsh",
            "establishment": {"name": "Cơ sở \u001b]0;pwned\u0007"}, "answers": {"A1": "trained"}}]}"#,
    )
    .unwrap();
    let file = responses.to_str().unwrap();
    let csv = text(&sansang(&["score", "--answers", file, "--format", "csv"]).stdout);
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
    let table = text(&sansang(&["score", "--answers", file]).stdout);
    assert!(
        !table.contains('\u{1b}') && table.contains("\\u{1b}]0;pwned"),
        "{table}"
    );
}
