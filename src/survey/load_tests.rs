//! Each validation rule of the definition format, one broken fixture at a time.

use serde_json::{Value, json};

use super::fixture::definition;
use super::load_survey;
use super::problem::{Place, Severity};

/// Every error as "path: message" (or "line:col: message"), the path without the
/// question ids and option values it names (tested on their own below).
fn errors_of(bytes: &[u8]) -> Vec<String> {
    match load_survey("t.json", bytes) {
        Ok(_) => Vec::new(),
        Err(problems) => problems
            .errors()
            .map(|p| match &p.place {
                Place::Path(path) => format!("{}: {}", unnamed(path), p.message),
                Place::Position { line, column } => format!("{line}:{column}: {}", p.message),
                Place::File => p.message.clone(),
            })
            .collect(),
    }
}

/// "questions[1] (q1).options[0] (\"none\").score" -> "questions[1].options[0].score".
fn unnamed(path: &str) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(at) = rest.find(" (") {
        out.push_str(&rest[..at]);
        rest = rest[at..].split_once(')').map_or("", |(_, after)| after);
    }
    out.push_str(rest);
    out
}

fn errors(def: &Value) -> Vec<String> {
    errors_of(&serde_json::to_vec(def).unwrap())
}

/// `change` breaks the fixture; an error must start with `path` and mention `text`.
fn assert_error(change: impl FnOnce(&mut Value), path: &str, text: &str) {
    let mut def = definition();
    change(&mut def);
    let found = errors(&def);
    assert!(
        found
            .iter()
            .any(|e| e.starts_with(&format!("{path}: ")) && e.contains(text)),
        "expected an error at {path} mentioning {text:?}; got {found:#?}"
    );
}

#[test]
fn the_fixture_is_valid_without_warnings() {
    let bytes = serde_json::to_vec(&definition()).unwrap();
    let loaded = load_survey("t.json", &bytes).unwrap();
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
}

#[test]
fn json_syntax_errors_give_line_and_column() {
    let found = errors_of(b"{\n  \"format\": 1,\n  \"id\": \"x\" \"version\": \"1\"\n}");
    assert_eq!(found.len(), 1);
    assert!(found[0].starts_with("3:13: invalid JSON"), "{found:?}");
    assert!(errors_of(b"{\"format\": 1,")[0].contains("ends too early"));
    assert!(errors_of(b"").iter().any(|e| e.contains("empty")));
}

#[test]
fn files_over_5_mib_are_refused() {
    let big = vec![b' '; 5 * 1024 * 1024 + 1];
    assert!(errors_of(&big)[0].contains("at most 5 MiB"));
}

#[test]
fn unsupported_format() {
    assert_error(|d| d["format"] = json!(2), "format", "unsupported format 2");
    assert_error(
        |d| drop(d.as_object_mut().unwrap().remove("format")),
        "format",
        "missing",
    );
}

#[test]
fn missing_and_wrong_fields() {
    assert_error(
        |d| drop(d.as_object_mut().unwrap().remove("title")),
        "title",
        "missing",
    );
    assert_error(|d| d["version"] = json!(3), "version", "expected text");
    assert_error(
        |d| d["questions"][1]["required"] = json!("yes"),
        "questions[1].required",
        "expected true or false",
    );
    assert_error(
        |d| d["questions"][1]["type"] = json!("choice"),
        "questions[1].type",
        "unknown question type \"choice\"",
    );
    assert_error(
        |d| d["title"] = json!({"en": "Survey"}),
        "title",
        "no \"vi\" text",
    );
}

#[test]
fn every_problem_is_reported_not_only_the_first() {
    let mut def = definition();
    def["version"] = json!(3);
    def["questions"][1]["weight"] = json!(-1);
    def["levels"][1]["min"] = json!(200);
    assert!(errors(&def).len() >= 3, "{:#?}", errors(&def));
}

#[test]
fn bad_and_duplicate_ids() {
    assert_error(|d| d["id"] = json!("Bad Id"), "id", "not a valid survey id");
    assert_error(
        |d| d["questions"][2]["id"] = json!("q1"),
        "questions[2].id",
        "used twice",
    );
    assert_error(
        |d| d["dimensions"][1]["id"] = json!("a"),
        "dimensions[1].id",
        "used twice",
    );
    assert_error(
        |d| d["questions"][1]["id"] = json!("1q"),
        "questions[1].id",
        "not a valid question id",
    );
    assert_error(
        |d| d["questions"][1]["id"] = json!("and"),
        "questions[1].id",
        "show_if language",
    );
    assert_error(
        |d| d["questions"][1]["options"][1]["value"] = json!("none"),
        "questions[1].options[1].value",
        "used twice",
    );
    assert_error(
        |d| d["questions"][1]["options"][1]["value"] = json!("a;b"),
        "questions[1].options[1].value",
        "not a valid option value",
    );
}

#[test]
fn unknown_dimension() {
    assert_error(
        |d| d["questions"][1]["dimension"] = json!("zz"),
        "questions[1].dimension",
        "unknown dimension \"zz\"",
    );
}

#[test]
fn a_dimension_without_scored_questions() {
    assert_error(
        |d| {
            d["dimensions"]
                .as_array_mut()
                .unwrap()
                .push(json!({"id": "c", "title": "C"}))
        },
        "dimensions[2]",
        "no scored question belongs to dimension \"c\"",
    );
}

#[test]
fn fewer_than_two_options() {
    assert_error(
        |d| {
            d["questions"][0]["options"]
                .as_array_mut()
                .unwrap()
                .truncate(1)
        },
        "questions[0].options",
        "at least two",
    );
}

#[test]
fn a_scored_question_whose_top_score_is_zero() {
    assert_error(
        |d| {
            for o in d["questions"][1]["options"].as_array_mut().unwrap() {
                if o["score"].is_number() {
                    o["score"] = json!(0);
                }
            }
        },
        "questions[1]",
        "highest option score is 0",
    );
    assert_error(
        |d| d["questions"][5]["bands"] = json!([{"min": 0, "score": 0}]),
        "questions[5].bands",
        "highest band score is 0",
    );
}

#[test]
fn scored_options_need_a_score() {
    assert_error(
        |d| {
            drop(
                d["questions"][1]["options"][0]
                    .as_object_mut()
                    .unwrap()
                    .remove("score"),
            )
        },
        "questions[1].options[0].score",
        "missing",
    );
}

#[test]
fn negative_weights_and_scores() {
    assert_error(
        |d| d["questions"][1]["weight"] = json!(-1),
        "questions[1].weight",
        "negative",
    );
    assert_error(
        |d| d["questions"][1]["options"][1]["score"] = json!(-2),
        "questions[1].options[1].score",
        "negative",
    );
    assert_error(
        |d| d["dimensions"][0]["weight"] = json!(0),
        "dimensions[0].weight",
        "more than 0",
    );
    assert_error(
        |d| d["questions"][1]["weight"] = json!("2"),
        "questions[1].weight",
        "expected a number",
    );
}

#[test]
fn bad_levels() {
    assert_error(
        |d| d["levels"][0]["min"] = json!(10),
        "levels[0].min",
        "must start at 0",
    );
    assert_error(
        |d| d["levels"][2]["min"] = json!(50),
        "levels[2].min",
        "strictly ascending",
    );
    assert_error(
        |d| d["levels"][2]["min"] = json!(120),
        "levels[2].min",
        "outside 0..100",
    );
    assert_error(
        |d| d["levels"][1]["requires"]["dimensions"] = json!(5),
        "levels[1].requires.dimensions",
        "expected 1 to 2",
    );
    assert_error(
        |d| d["levels"][0]["requires"] = json!({"dimensions": 1, "min_score": 10}),
        "levels[0].requires",
        "first level",
    );
    assert_error(|d| d["levels"] = json!([]), "levels", "at least one");
}

#[test]
fn bad_bands_and_advice() {
    assert_error(
        |d| d["questions"][5]["bands"] = json!([{"min": 100, "score": 4}, {"min": 10, "score": 1}]),
        "questions[5].bands[1].min",
        "ascending",
    );
    assert_error(
        |d| drop(d["questions"][5].as_object_mut().unwrap().remove("bands")),
        "questions[5].bands",
        "needs bands",
    );
    assert_error(
        |d| d["dimensions"][0]["advice"][1]["below"] = json!(10),
        "dimensions[0].advice[1].below",
        "ascending",
    );
}

#[test]
fn bad_scale_and_number_bounds() {
    assert_error(
        |d| d["questions"][4]["min"] = json!(i64::MIN),
        "questions[4].min",
        "too far from 0",
    );
    assert_error(
        |d| d["questions"][4]["max"] = json!(1),
        "questions[4].max",
        "not above min 1",
    );
    assert_error(
        |d| d["questions"][4]["labels"] = json!({"9": "x"}),
        "questions[4].labels.9",
        "not a point",
    );
    assert_error(
        |d| d["questions"][5]["min"] = json!(2000),
        "questions[5].max",
        "below min",
    );
}

#[test]
fn types_that_are_never_scored() {
    assert_error(
        |d| d["questions"][9]["dimension"] = json!("a"),
        "questions[9].dimension",
        "never scored",
    );
}

#[test]
fn show_if_syntax_errors_name_the_column() {
    assert_error(
        |d| d["questions"][4]["show_if"] = json!("gate = 'yes'"),
        "questions[4].show_if",
        "column 6",
    );
    assert_error(
        |d| d["questions"][4]["show_if"] = json!("gate == 'yes"),
        "questions[4].show_if",
        "not closed",
    );
    assert_error(
        |d| d["questions"][4]["show_if"] = json!("(gate == 'yes'"),
        "questions[4].show_if",
        "expected ')'",
    );
    assert_error(
        |d| d["questions"][4]["show_if"] = json!("gate == 'yes' and"),
        "questions[4].show_if",
        "found the end",
    );
}

#[test]
fn show_if_refers_only_to_earlier_known_questions() {
    assert_error(
        |d| d["questions"][4]["show_if"] = json!("nope == 'yes'"),
        "questions[4].show_if",
        "unknown question 'nope'",
    );
    assert_error(
        |d| d["questions"][4]["show_if"] = json!("q4 > 3"),
        "questions[4].show_if",
        "a later question",
    );
    assert_error(
        |d| d["questions"][4]["show_if"] = json!("answered(q3)"),
        "questions[4].show_if",
        "this question itself",
    );
}

#[test]
fn show_if_values_must_fit_the_question() {
    assert_error(
        |d| d["questions"][6]["show_if"] = json!("q4 >= '10'"),
        "questions[6].show_if",
        "text '10' compared with q4",
    );
    assert_error(
        |d| d["questions"][6]["show_if"] = json!("q1 == 'most'"),
        "questions[6].show_if",
        "no option 'most'",
    );
    assert_error(
        |d| d["questions"][6]["show_if"] = json!("selected(q2, 'w')"),
        "questions[6].show_if",
        "no option 'w'",
    );
    assert_error(
        |d| d["questions"][6]["show_if"] = json!("q2 == 'x'"),
        "questions[6].show_if",
        "use selected(q2",
    );
    assert_error(
        |d| d["questions"][6]["show_if"] = json!("gate == 'maybe'"),
        "questions[6].show_if",
        "'yes' or 'no'",
    );
    assert_error(
        |d| d["questions"][6]["show_if"] = json!("q1 > 'some'"),
        "questions[6].show_if",
        "compare it with == or !=",
    );
}

#[test]
fn unknown_keys_are_warnings_not_errors() {
    let mut def = definition();
    def["questions"][1]["reqired"] = json!(false);
    let loaded = load_survey("t.json", &serde_json::to_vec(&def).unwrap()).unwrap();
    assert!(
        loaded
            .warnings
            .iter()
            .any(|w| w.severity == Severity::Warning && w.message.contains("\"reqired\""))
    );
}

#[test]
fn a_missing_second_language_is_a_warning() {
    let mut def = definition();
    def["questions"][1]["text"] = json!("Chỉ tiếng Việt");
    let loaded = load_survey("t.json", &serde_json::to_vec(&def).unwrap()).unwrap();
    assert!(
        loaded
            .warnings
            .iter()
            .any(|w| w.message.contains("no \"en\" text"))
    );
    assert_eq!(loaded.survey.questions[1].text.get("en"), "Chỉ tiếng Việt");
}

#[test]
fn text_is_nfc_normalized_at_load() {
    use unicode_normalization::UnicodeNormalization;
    let mut def = definition();
    def["title"]["vi"] = json!("Khảo sát".nfd().collect::<String>());
    let loaded = load_survey("t.json", &serde_json::to_vec(&def).unwrap()).unwrap();
    assert_eq!(loaded.survey.title.default_text(), "Khảo sát");
}

#[test]
fn messages_name_the_file() {
    let Err(problems) = load_survey("surveys/x.json", b"{\"format\": 7}") else {
        panic!("must fail")
    };
    assert_eq!(
        problems.to_string(),
        "surveys/x.json: format: error: unsupported format 7; this program reads format 1"
    );
}
