//! The limits of issue 13: bounded numbers, printable ids, keys given once, and
//! expressions that cannot exhaust the stack.

use serde_json::json;

use super::fixture::definition;
use super::format_tests::{accepted, load, refused};
use super::load_survey;

#[test]
fn numbers_are_bounded() {
    // 1e308 is finite, but two of them add up to infinity and score as NaN.
    refused(
        |d| d["questions"][1]["weight"] = json!(1e308),
        "questions[1] (q1).weight",
        "too large",
    );
    refused(
        |d| d["questions"][1]["options"][1]["score"] = json!(1_000_001),
        "questions[1] (q1).options[1] (\"some\").score",
        "too large",
    );
    refused(
        |d| d["dimensions"][0]["weight"] = json!(-1e300),
        "dimensions[0].weight",
        "too large",
    );
    refused(
        |d| d["questions"][2]["max_score"] = json!(2e6),
        "questions[2] (q2).max_score",
        "too large",
    );
    refused(
        |d| d["questions"][5]["bands"][1]["score"] = json!(1e7),
        "questions[5] (q4).bands[1].score",
        "too large",
    );
    refused(
        |d| d["dimensions"][0]["advice"][1]["below"] = json!(1e9),
        "dimensions[0].advice[1].below",
        "too large",
    );
    accepted(|d| d["questions"][1]["weight"] = json!(1_000_000));
}

#[test]
fn ids_versions_and_titles_are_printable() {
    refused(
        |d| d["version"] = json!("1.0\u{0}"),
        "version",
        "control character",
    );
    refused(
        |d| d["version"] = json!("1.".repeat(40)),
        "version",
        "longer than 64",
    );
    refused(
        |d| d["id"] = json!("a".repeat(65)),
        "id",
        "not a valid survey id",
    );
    accepted(|d| d["id"] = json!("a".repeat(64)));
    refused(
        |d| d["title"] = json!({"vi": "\u{200b}", "en": "Survey"}),
        "title",
        "the \"vi\" title shows nothing",
    );
    refused(
        |d| d["title"] = json!({"vi": "Khảo sát", "en": " "}),
        "title",
        "the \"en\" title shows nothing",
    );
}

#[test]
fn a_key_given_twice_is_refused_naming_the_question() {
    let text = serde_json::to_string(&definition()).unwrap().replacen(
        "\"weight\":2,\"text\":{\"vi\":\"Q1\"",
        "\"weight\":2,\"weight\":3,\"text\":{\"vi\":\"Q1\"",
        1,
    );
    assert!(
        text.contains("\"weight\":3"),
        "the fixture's q1 changed shape"
    );
    let problems = load_survey("t.json", text.as_bytes())
        .unwrap_err()
        .to_string();
    assert!(
        problems.starts_with("t.json: questions[1] (q1).weight: error: this key is given twice"),
        "{problems}"
    );
}

#[test]
fn deep_expressions_are_refused_not_a_crash() {
    for (source, text) in [
        (
            format!("{}gate == 'yes'", "not ".repeat(20_000)),
            "nested more than 64 levels",
        ),
        (
            format!("{}gate == 'yes'{}", "(".repeat(10_000), ")".repeat(10_000)),
            "nested more than 64 levels",
        ),
    ] {
        let at = "questions[4] (q3).show_if";
        refused(|d| d["questions"][4]["show_if"] = json!(source), at, text);
        // The message quotes the expression cut short, not 20,000 words of it.
        let mut def = definition();
        def["questions"][4]["show_if"] = json!(source);
        let errors = load(&def).unwrap_err();
        assert!(
            errors.iter().all(|e| e.chars().count() < 300),
            "{}",
            errors[0].len()
        );
    }
    // 64 levels are fine, 65 are not: not, parentheses, and an and/or chain each count.
    let nots = |n: usize| format!("{}gate == 'yes'", "not ".repeat(n));
    accepted(|d| d["questions"][4]["show_if"] = json!(nots(64)));
    refused(
        |d| d["questions"][4]["show_if"] = json!(nots(65)),
        "questions[4] (q3).show_if",
        "column 257",
    );
    let chains = |n: usize| {
        format!(
            "{}gate == 'yes' or gate == 'no'{}",
            "(".repeat(n),
            ")".repeat(n)
        )
    };
    accepted(|d| d["questions"][4]["show_if"] = json!(chains(63)));
    refused(
        |d| d["questions"][4]["show_if"] = json!(chains(64)),
        "questions[4] (q3).show_if",
        "nested more than 64",
    );
    // A long flat chain is one level.
    let long = vec!["gate == 'yes'"; 5000].join(" or ");
    accepted(|d| d["questions"][4]["show_if"] = json!(long));
}
