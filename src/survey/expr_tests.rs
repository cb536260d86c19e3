//! show_if evaluation: comparisons with missing, hidden or "na" answers are false.

use serde_json::json;

use super::fixture::{answers, definition};
use super::{Survey, load_survey, visibility};

fn with_show_if(expr: &str) -> Survey {
    let mut def = definition();
    def["questions"][6]["show_if"] = json!(expr);
    let bytes = serde_json::to_vec(&def).unwrap();
    load_survey("t.json", &bytes)
        .unwrap_or_else(|p| panic!("{p}"))
        .survey
}

fn shown(expr: &str, pairs: &[(&str, serde_json::Value)]) -> bool {
    let s = with_show_if(expr);
    visibility(&s, &answers(&s, pairs))[6]
}

#[test]
fn comparisons() {
    assert!(shown("q4 >= 10", &[("q4", json!(10))]));
    assert!(!shown("q4 > 10", &[("q4", json!(10))]));
    assert!(shown("q4 != 3", &[("q4", json!(10))]));
    assert!(shown("q1 == 'some'", &[("q1", json!("some"))]));
    assert!(shown("q1 != \"some\"", &[("q1", json!("full"))]));
}

#[test]
fn unanswered_or_na_makes_a_comparison_false() {
    assert!(!shown("q1 != 'some'", &[]));
    assert!(shown("not (q1 == 'some')", &[]));
    assert!(!shown(
        "q3 >= 1",
        &[("gate", json!("yes")), ("q3", json!("na"))]
    ));
    assert!(shown(
        "answered(q3)",
        &[("gate", json!("yes")), ("q3", json!("na"))]
    ));
}

#[test]
fn a_hidden_question_counts_as_unanswered() {
    // q3 is hidden when gate is no, so its stale answer is not seen.
    assert!(!shown(
        "q3 >= 1",
        &[("gate", json!("no")), ("q3", json!(5))]
    ));
    assert!(!shown(
        "answered(q3)",
        &[("gate", json!("no")), ("q3", json!(5))]
    ));
}

#[test]
fn selected_and_logic() {
    assert!(shown("selected(q2, 'y')", &[("q2", json!(["x", "y"]))]));
    assert!(!shown("selected(q2, 'z')", &[("q2", json!(["x", "y"]))]));
    assert!(shown(
        "selected(q2, 'x') and q1 == 'none' or q4 > 100",
        &[("q4", json!(500))]
    ));
    assert!(!shown(
        "selected(q2, 'x') and (q1 == 'none' or q4 > 100)",
        &[("q4", json!(500))]
    ));
    assert!(shown("not selected(q2, 'none')", &[("q2", json!(["x"]))]));
}
