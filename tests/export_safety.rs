//! A trainer types the database's name where the export should go: nothing overwrites a
//! database, forced or not; and the centre's name is a setting kept in the database.

mod export_common;

use export_common::*;

#[test]
fn no_export_report_or_form_replaces_a_database_even_forced() {
    let dir = tempfile::tempdir().unwrap();
    let w = workshop(dir.path());
    let db = w.db.to_str().unwrap();
    // Another database under an innocent name: refused by its content.
    let other = dir.path().join("ket-qua.csv");
    std::fs::copy(&w.db, &other).unwrap();
    let other = other.to_str().unwrap();
    let before = std::fs::read(&w.db).unwrap();
    let session = w.session.to_string();
    let tea = w.tea.to_string();
    for target in [db, other] {
        for force in [false, true] {
            let mut runs: Vec<Vec<&str>> = vec![
                vec!["export", "--format", "csv", "--out", target],
                vec!["export", "--format", "xlsx", "--out", target],
                vec!["export", "--format", "json", "--out", target],
                vec!["report", "--session", &session, "--out", target],
                vec!["report", "--establishment", &tea, "--out", target],
                vec!["form", "--survey", "sxsh", "--out", target],
            ];
            for run in &mut runs {
                if force {
                    run.push("--force");
                }
                let out = sansang(&w.db, run);
                let err = String::from_utf8_lossy(&out.stderr);
                assert_eq!(out.status.code(), Some(2), "{run:?}: {err}");
                assert!(err.contains("workshop database"), "{run:?}: {err}");
                assert!(!err.contains("--force"), "{run:?} suggests --force: {err}");
            }
        }
    }
    assert_eq!(
        std::fs::read(&w.db).unwrap(),
        before,
        "the database is untouched"
    );
    // Still a database that opens.
    ok(&sansang(&w.db, &["session", "list"]));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".part"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn the_centre_is_set_once_and_kept_in_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let w = workshop(dir.path());
    let centre = "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Thái Nguyên";
    assert_eq!(ok(&sansang(&w.db, &["config", "get", "centre"])), "");
    // Typed in decomposed form (as some keyboards send it): kept composed.
    let nfd: String = unicode_normalization::UnicodeNormalization::nfd(centre).collect();
    ok(&sansang(&w.db, &["config", "set", "centre", &nfd]));
    assert_eq!(
        ok(&sansang(&w.db, &["config", "get", "centre"])),
        format!("{centre}\n")
    );
    assert_eq!(
        ok(&sansang(&w.db, &["config", "list"])),
        format!("centre = {centre}\n")
    );
    let unknown = sansang(&w.db, &["config", "set", "center", "x"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("centre"));
    let blank = sansang(&w.db, &["config", "set", "centre", " \u{200b} "]);
    assert_eq!(blank.status.code(), Some(1));
    assert_eq!(
        ok(&sansang(&w.db, &["config", "get", "centre"])),
        format!("{centre}\n"),
        "a refused value changes nothing"
    );
}
