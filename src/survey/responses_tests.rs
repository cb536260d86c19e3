//! The responses file: every refused answer named with its place in the file.

use serde_json::{Value, json};

use super::catalog::Catalog;
use super::responses::read_responses;
use super::{Answer, Problems};

fn read(doc: Value) -> Result<usize, Problems> {
    let catalog = Catalog::bundled();
    read_responses("r.json", &serde_json::to_vec(&doc).unwrap(), &catalog).map(|(r, _)| r.len())
}

fn one(answers: Value) -> Value {
    json!({"format": 1, "responses": [{"survey": "sxsh", "answers": answers}]})
}

fn assert_refused(doc: Value, text: &str) {
    let problems = read(doc).expect_err("must be refused");
    let all = problems.to_string();
    assert!(all.contains(text), "expected {text:?} in:\n{all}");
}

#[test]
fn valid_answers_are_read() {
    let n = read(one(
        json!({"A1": "trained", "B5": ["cover", "leaks"], "C0": "yes"}),
    ))
    .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn unknown_survey() {
    assert_refused(
        json!({"format": 1, "responses": [{"survey": "nope", "answers": {}}]}),
        "r.json: responses[0].survey: error: survey \"nope\" is unknown",
    );
    assert_refused(
        json!({"format": 1, "responses": [{"survey": "sxsh", "survey_version": "9", "answers": {}}]}),
        "version \"9\" is unknown",
    );
}

#[test]
fn unknown_question() {
    assert_refused(
        one(json!({"Z9": "x"})),
        // No version fits an unknown question: it is named against the newest.
        "responses[0].answers.Z9: error: survey \"sxsh\" 2.0 has no question \"Z9\"",
    );
}

#[test]
fn value_of_the_wrong_kind() {
    assert_refused(
        one(json!({"A1": 3})),
        "responses[0].answers.A1: error: expected one option value",
    );
    assert_refused(
        one(json!({"B5": "cover"})),
        "responses[0].answers.B5: error: expected a list",
    );
    assert_refused(one(json!({"C0": "maybe"})), "expected \"yes\" or \"no\"");
}

#[test]
fn an_empty_multi_is_no_answer() {
    let catalog = Catalog::bundled();
    let doc = one(json!({"B5": []}));
    let (responses, _) =
        read_responses("r.json", &serde_json::to_vec(&doc).unwrap(), &catalog).unwrap();
    assert!(!responses[0].answers.contains_key("B5"));
    let q = catalog
        .get("sxsh", Some("1.0"))
        .unwrap()
        .question("B5")
        .unwrap();
    assert!(
        q.parse_answer(&json!([]))
            .unwrap_err()
            .contains("no option chosen")
    );
}

#[test]
fn option_the_question_lacks() {
    assert_refused(
        one(json!({"A1": "expert"})),
        "responses[0].answers.A1: error: no option \"expert\"",
    );
}

#[test]
fn exclusive_option_combined() {
    let q = Catalog::bundled()
        .get("dx", Some("1.0"))
        .unwrap()
        .question("K1")
        .unwrap()
        .clone();
    let exclusive = q
        .kind
        .options()
        .iter()
        .find(|o| o.exclusive)
        .unwrap()
        .value
        .clone();
    let doc = json!({"format": 1, "responses": [{"survey": "dx", "answers": {"K1": [exclusive, "zalo"]}}]});
    assert_refused(doc, "excludes every other option");
}

#[test]
fn number_out_of_range() {
    let s = super::fixture::survey();
    let q4 = s.question("q4").unwrap();
    assert!(
        q4.parse_answer(&json!(5000))
            .unwrap_err()
            .contains("from 0 to 1000")
    );
    assert!(
        q4.parse_answer(&json!(2.5))
            .unwrap_err()
            .contains("whole number")
    );
    assert_eq!(q4.parse_answer(&json!(12)), Ok(Answer::Number(12.0)));
    let q3 = s.question("q3").unwrap();
    assert!(
        q3.parse_answer(&json!(6))
            .unwrap_err()
            .contains("from 1 to 5")
    );
    assert_eq!(q3.parse_answer(&json!("na")), Ok(Answer::NotApplicable));
}

#[test]
fn text_and_date_answers() {
    let s = super::fixture::survey();
    let remark = s.question("remark").unwrap();
    assert!(
        remark
            .parse_answer(&json!("quá dài quá dài"))
            .unwrap_err()
            .contains("longer than 10")
    );
    let since = s.question("since").unwrap();
    assert!(since.parse_answer(&json!("2024-13-01")).is_err());
    assert_eq!(
        since.parse_answer(&json!("2024-06-30")),
        Ok(Answer::Text("2024-06-30".into()))
    );
    assert!(
        s.question("note")
            .unwrap()
            .parse_answer(&json!("x"))
            .is_err()
    );
}

#[test]
fn every_problem_in_the_file_is_listed() {
    let doc = json!({"format": 1, "responses": [
        {"survey": "sxsh", "answers": {"A1": "expert"}},
        {"survey": "nope", "answers": {}},
        {"survey": "sxsh", "answers": {"Z9": 1}}
    ]});
    let problems = read(doc).unwrap_err();
    assert_eq!(problems.errors().count(), 3, "{problems}");
}

#[test]
fn unsupported_responses_format() {
    assert_refused(
        json!({"format": 3, "responses": []}),
        "unsupported format 3",
    );
}

#[test]
fn a_key_given_twice_is_refused_with_its_path() {
    let text = r#"{"format": 1, "responses": [
        {"survey": "sxsh", "answers": {"A1": "trained", "A2": "target", "A1": "none"}}]}"#;
    let err = read_responses("r.json", text.as_bytes(), &Catalog::bundled())
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "r.json: responses[0].answers.A1: error: this key is given twice in one object (the second at line 2); keep one"
    );
}
