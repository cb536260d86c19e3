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
    assert!(checked >= 6);
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
    assert_eq!(csv.lines().count(), 3);
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
    def["version"] = serde_json::json!("2.0");
    std::fs::write(
        dir.path().join("sxsh-2.json"),
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
        scores[1]["survey_version"], "2.0",
        "without a version, the newest is used"
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
