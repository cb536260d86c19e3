//! Merges that refuse what does not add up: each tampered export under
//! tests/fixtures/import/merge-*.json, through the real binary.

mod common;

use common::{Workshop, fixture};

fn file(name: &str) -> String {
    fixture(&format!("import/merge-{name}.json"))
        .to_str()
        .unwrap()
        .to_owned()
}

fn count(w: &Workshop, args: &[&str]) -> usize {
    w.json(args).as_array().unwrap().len()
}

/// A database that already holds the base export.
fn merged() -> Workshop {
    let w = Workshop::new();
    let out = w.ok(&["import", &file("base")]);
    assert!(
        out.contains("added: 1 responses, 2 establishments, 2 sessions, 1 survey definitions"),
        "{out}"
    );
    w
}

/// The answers of the one response, as `score` reads them.
fn scores(w: &Workshop) -> serde_json::Value {
    w.json(&["score", "--format", "json"])
}

#[test]
fn a_time_far_ahead_is_refused_naming_the_record_unless_accepted() {
    let w = merged();
    let before = scores(&w);
    let err = w.fails(1, &["import", &file("future")]);
    assert!(
        err.contains("response 0192a1b2-0000-7000-8000-000000000001 question A2: 2099-01-01")
            && err.contains("--accept-future")
            && err.contains("nothing was imported"),
        "{err}"
    );
    assert_eq!(scores(&w), before, "nothing was taken");
    let out = w.ok(&["import", &file("future"), "--accept-future"]);
    assert!(out.contains("1 answers taken from the file"), "{out}");
}

#[test]
fn a_response_id_reused_for_another_establishment_survey_or_session_is_a_conflict() {
    let w = merged();
    let err = w.fails(1, &["import", &file("response-other-establishment")]);
    assert!(
        err.contains("establishment \"HTX Chè Phú Đô\" here, \"Xưởng mộc Đức Anh\" in the file")
            && err.contains("in conflict"),
        "{err}"
    );
    let err = w.fails(1, &["import", &file("response-other-session")]);
    assert!(
        err.contains("session 0192a1b2-0000-7000-8000-0000000000a1 here, 0192a1b2-0000-7000-8000-0000000000a2 in the file"),
        "{err}"
    );
    let err = w.fails(1, &["import", &file("response-other-survey")]);
    assert!(
        err.contains("survey mini 1.0 here, mini 1.1 in the file"),
        "{err}"
    );
    let shown = w.json(&[
        "response",
        "show",
        "0192a1b2-0000-7000-8000-000000000001",
        "--json",
    ]);
    assert_eq!(
        shown["response"]["establishment_id"],
        "0192a1b2-0000-7000-8000-0000000000e1"
    );
}

#[test]
fn an_establishment_id_with_another_name_is_a_conflict_not_a_rename() {
    let w = merged();
    let err = w.fails(1, &["import", &file("establishment-other-identity")]);
    assert!(
        err.contains(
            "\"HTX Chè Phú Đô\" in Phú Đô here but \"Cơ sở gạch Hùng Cường\" in Phú Đô in the file"
        ),
        "{err}"
    );
    let list = w.json(&["establishment", "list", "--json"]);
    assert!(list.to_string().contains("HTX Chè Phú Đô"), "{list}");
}

#[test]
fn a_response_whose_establishment_and_session_exist_nowhere_is_refused() {
    let w = Workshop::new();
    let err = w.fails(1, &["import", &file("dangling")]);
    assert!(
        err.contains("its establishment 0192a1b2-0000-7000-8000-0000000000e1 is neither in the file nor in this database")
            && err.contains("its session 0192a1b2-0000-7000-8000-0000000000a1 is neither"),
        "{err}"
    );
    assert_eq!(count(&w, &["establishment", "list", "--json"]), 0);
    assert_eq!(count(&w, &["session", "list", "--json"]), 0);
}

#[test]
fn ids_given_twice_in_one_file_are_refused() {
    let w = Workshop::new();
    let err = w.fails(1, &["import", &file("duplicate-ids")]);
    assert!(
        err.contains("response 0192a1b2-0000-7000-8000-000000000001 appears twice in the file")
            && err.contains("establishment 0192a1b2-0000-7000-8000-0000000000e2 (Xưởng mộc Đức Anh) appears twice"),
        "{err}"
    );
    assert_eq!(count(&w, &["session", "list", "--json"]), 0);
}

#[test]
fn a_response_complete_with_required_questions_unanswered_is_refused_and_nothing_merged() {
    let w = Workshop::new();
    let err = w.fails(1, &["import", &file("complete-missing")]);
    assert!(
        err.contains("merge-complete-missing.json: response 0192a1b2-0000-7000-8000-000000000001 (\"HTX Chè Phú Đô\", survey mini 1.0) is marked complete, but required questions are unanswered: C0; nothing was merged. On the other laptop mark it draft (or answer them) and export again")
            && err.contains("nothing was imported; 1 problem found"),
        "{err}"
    );
    assert_eq!(count(&w, &["establishment", "list", "--json"]), 0);
    assert_eq!(count(&w, &["session", "list", "--json"]), 0);
}

#[test]
fn an_answer_changed_without_an_audit_entry_is_reported_and_audited_here() {
    let w = merged();
    let out = w.ok(&["import", &file("unaudited")]);
    assert!(
        out.contains("1 answers in the file without an audit entry")
            && out.contains("question A2: 1 in the file has no audit entry there"),
        "{out}"
    );
    let audit = w.ok(&["response", "audit", "0192a1b2-0000-7000-8000-000000000001"]);
    assert!(audit.contains("no audit entry in the file"), "{audit}");
    let again = w.ok(&["import", &file("unaudited")]);
    assert!(again.contains("nothing changed"), "{again}");
}

#[test]
fn a_dry_run_shows_what_a_merge_would_do_and_writes_nothing() {
    let w = Workshop::new();
    let out = w.ok(&["import", &file("base"), "--dry-run"]);
    assert!(
        out.contains("dry run, nothing was written")
            && out.contains("added: 1 responses, 2 establishments"),
        "{out}"
    );
    assert_eq!(count(&w, &["establishment", "list", "--json"]), 0);
    assert_eq!(count(&w, &["session", "list", "--json"]), 0);
    let out = w.ok(&["import", &file("base")]);
    assert!(out.contains("added: 1 responses"), "{out}");
}
