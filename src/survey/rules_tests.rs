//! Coverage, withheld levels, gates, conditional advice and exact thresholds, each on a
//! hand-computed case (arithmetic in comments). Fixture (see fixture.rs): dimension a
//! (weight 2) = q1 single w2 + q2 multi w1; dimension b (weight 1) = q3 scale 1..5 w1
//! (only if gate == yes) + q4 number w3 (bands 10→1, 100→4) + q5 yesno w1 (only if
//! q4 >= 10 and q2 is not "none"). Levels: 0 Thấp, 50 Khá (2 dimensions >= 40), 80 Tốt.

use serde_json::{Value, json};

use super::fixture::{answers, definition, survey};
use super::score::reaches;
use super::{Survey, load_survey, score};

fn load(def: &Value) -> Survey {
    let bytes = serde_json::to_vec(def).unwrap();
    match load_survey("t.json", &bytes) {
        Ok(l) => l.survey,
        Err(p) => panic!("{p}"),
    }
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

#[test]
fn coverage_leaves_out_not_applicable_answers() {
    let s = survey();
    let card = score(
        &s,
        &answers(
            &s,
            &[
                ("q1", json!("na")),
                ("q2", json!(["x"])),
                ("gate", json!("yes")),
                ("q3", json!("na")),
                ("q4", json!(50)),
            ],
        ),
    );
    // a: q1 is not applicable (not counted), q2 answered (w1): 1 / 1 = 1
    assert!(close(card.dimensions[0].coverage, 1.0));
    // b: q3 "na" (not counted), q4 answered (w3), q5 shown (q4 >= 10) and open (w1): 3 / 4
    assert!(close(card.dimensions[1].coverage, 0.75));
    // response: (2 * 1 + 1 * 0.75) / (2 + 1) = 0.91667 >= 0.8: the level is given
    assert!(close(card.coverage, 2.75 / 3.0));
    assert!(!card.level_withheld);
    assert!(card.level.is_some());
    assert!(card.dimensions[1].low_coverage, "0.75 < 0.8");
    assert!(!card.dimensions[0].low_coverage);
}

#[test]
fn an_optional_unanswered_question_lowers_coverage_and_withholds_the_level() {
    let mut def = definition();
    def["questions"][2]["required"] = json!(false);
    let s = load(&def);
    let a = answers(
        &s,
        &[
            ("q1", json!("some")),
            ("gate", json!("no")),
            ("q4", json!(5)),
        ],
    );
    let card = score(&s, &a);
    // a: q1 answered (w2), q2 optional but shown and open (w1): 2 / 3
    assert!(close(card.dimensions[0].coverage, 2.0 / 3.0));
    // b: q3 hidden (gate no), q5 hidden (q4 < 10), q4 answered (w3): 3 / 3
    assert!(close(card.dimensions[1].coverage, 1.0));
    // response: (2 * 2/3 + 1 * 1) / 3 = 7/9 = 0.778 < 0.8
    assert!(close(card.coverage, 7.0 / 9.0));
    assert!(!card.missing.contains(&"q2".to_string()), "q2 is optional");
    // index: a = 100 * (2 * 2/4) / 2 = 50, b = 0 (q4 below the first band);
    // (2 * 50 + 0) / 3 = 33.3 is still given, as provisional, without a level.
    assert!(close(card.index, 100.0 / 3.0));
    assert!(card.level_withheld);
    assert_eq!(card.level, None);
    assert_eq!(card.level_advice, None);
    assert!(card.dimensions[0].low_coverage);

    // The same answers with min_coverage 0.7: 0.778 >= 0.7 gives level 0 (33.3 < 50).
    def["min_coverage"] = json!(0.7);
    let s = load(&def);
    let card = score(
        &s,
        &answers(
            &s,
            &[
                ("q1", json!("some")),
                ("gate", json!("no")),
                ("q4", json!(5)),
            ],
        ),
    );
    assert!(!card.level_withheld);
    assert_eq!(card.level, Some(0));
}

#[test]
fn no_scored_question_shown_means_no_coverage() {
    let s = survey();
    let card = score(&s, &answers(&s, &[("sector", json!("tea"))]));
    // q1, q2, q4 are shown and open: coverage 0 / (2 + 1) = 0 and 0 / 3 = 0, no index.
    assert!(close(card.coverage, 0.0));
    assert_eq!(card.index, None);
    assert!(!card.level_withheld, "no index, nothing to withhold");
    let mut def = definition();
    def["questions"][1]["show_if"] = json!("sector == 'wood'");
    def["questions"][2]["show_if"] = json!("sector == 'wood'");
    let s = load(&def);
    let card = score(
        &s,
        &answers(&s, &[("sector", json!("tea")), ("q4", json!(100))]),
    );
    // a: q1 and q2 hidden: nothing counted, coverage null; b: q4 answered, q5 open: 3/4.
    assert_eq!(card.dimensions[0].coverage, None);
    assert!(!card.dimensions[0].low_coverage);
    // response: only b counts: 1 * 0.75 / 1
    assert!(close(card.coverage, 0.75));
}

/// Level "Tốt" (min 80) also needs dimension b to score 50 or more; min_coverage 0.5.
fn named_gate() -> Survey {
    let mut def = definition();
    def["min_coverage"] = json!(0.5);
    def["levels"][2]["requires"] = json!({"dimension": "b", "min_score": 50});
    load(&def)
}

#[test]
fn a_gate_on_a_dimension_without_a_score_fails() {
    let s = named_gate();
    let card = score(
        &s,
        &answers(
            &s,
            &[
                ("q1", json!("full")),
                ("q2", json!(["y", "z"])),
                ("gate", json!("no")),
            ],
        ),
    );
    // a = 100 (4/4 w2, capped 1 w1); b has no answer, so no score: index = a = 100.
    assert!(close(card.index, 100.0));
    assert_eq!(card.dimensions[1].score, None);
    // coverage: a 1, b 0 / 3 (q4 open) = 0 -> (2 * 1 + 0) / 3 = 0.667 >= 0.5
    assert!(!card.level_withheld);
    // Tốt fails (b has no score), Khá needs 2 dimensions >= 40 (only a): level 0.
    assert_eq!(card.level, Some(0));
    let card = score(
        &s,
        &answers(
            &s,
            &[
                ("q1", json!("full")),
                ("q2", json!(["y", "z"])),
                ("gate", json!("no")),
                ("q4", json!(100)),
            ],
        ),
    );
    // b = q4 4/4 = 100 >= 50: the gate holds; index 100 -> Tốt.
    assert_eq!(card.level, Some(2));
}

#[test]
fn a_score_a_rounding_error_below_a_threshold_reaches_it() {
    let mut def = definition();
    def["questions"][4]["weight"] = json!(0.3);
    def["questions"][5]["weight"] = json!(0.6);
    def["questions"][6]["weight"] = json!(0.6);
    def["levels"][2]["requires"] = json!({"dimension": "b", "min_score": 60});
    def["dimensions"][1]["advice"] = json!([{"below": 60, "text": "Tập huấn"}]);
    let s = load(&def);
    let card = score(
        &s,
        &answers(
            &s,
            &[
                ("q1", json!("full")),
                ("q2", json!(["y", "z"])),
                ("gate", json!("yes")),
                ("q3", json!(5)),
                ("q4", json!(100)),
                ("q5", json!("no")),
            ],
        ),
    );
    // b = 100 * (0.3 * 1 + 0.6 * 1 + 0.6 * 0) / 1.5 = 60, computed as 59.99999999999999.
    let b = card.dimensions[1].score.unwrap();
    assert_eq!(b, 59.99999999999999);
    assert!(reaches(b, 60.0) && !reaches(60.0 - 2e-9, 60.0));
    // index = (2 * 100 + 60) / 3 = 86.7 >= 80, and the gate b >= 60 holds.
    assert_eq!(card.level, Some(2));
    // "below 60" is not for a score that reaches 60.
    assert_eq!(card.dimensions[1].advice, None);
    assert_eq!(super::display::score_plain(Some(b)), "60.0");
}

#[test]
fn equal_below_entries_are_decided_by_requires() {
    let mut def = definition();
    def["dimensions"][0]["advice"] = json!([
        {"below": 70, "text": "Hỗ trợ máy móc", "requires": {"dimension": "b", "min_score": 60}},
        {"below": 70, "text": "Tập huấn, lập kế hoạch đồng vốn"},
        {"below": 90, "text": "Mô hình trình diễn"}
    ]);
    let s = load(&def);
    let with_q4 = |q4: i64| {
        score(
            &s,
            &answers(
                &s,
                &[
                    ("q1", json!("some")),
                    ("q2", json!(["x", "y"])),
                    ("q4", json!(q4)),
                ],
            ),
        )
    };
    // a = 100 * (2 * 2/4 + 1 * 3/3) / 3 = 66.7 < 70.
    // q4 = 100: b = 100 >= 60, so the first entry is given.
    let card = with_q4(100);
    assert!(close(card.dimensions[0].score, 200.0 / 3.0));
    assert_eq!(
        card.advice(&s, 0).unwrap().text.default_text(),
        "Hỗ trợ máy móc"
    );
    // q4 = 50: b = 25 < 60: the first fails its gate, the second (same below) is given.
    let card = with_q4(50);
    assert_eq!(card.dimensions[0].advice, Some(1));
    // a = 100 (q1 full, q2 capped): under no below of 70; under 90: the third.
    let card = score(
        &s,
        &answers(&s, &[("q1", json!("full")), ("q2", json!(["y", "z"]))]),
    );
    assert_eq!(card.dimensions[0].advice, None, "100 is not under 90");
    let card = score(
        &s,
        &answers(&s, &[("q1", json!("full")), ("q2", json!(["x"]))]),
    );
    // a = 100 * (2 * 1 + 1 * 1/3) / 3 = 77.8: under 90 only.
    assert_eq!(card.dimensions[0].advice, Some(2));
    // b has no advice entries and no score: none.
    assert_eq!(card.dimensions[1].advice, None);
}

#[test]
fn an_if_gate_sees_the_answers_of_shown_questions() {
    let mut def = definition();
    // "Tốt" needs one dimension >= 10 and the scale q3 (asked only if gate == yes) >= 4.
    def["levels"][2]["requires"] = json!([{"dimensions": 1, "min_score": 10}, {"if": "q3 >= 4"}]);
    let s = load(&def);
    let full = |gate: &str, q3: i64| {
        score(
            &s,
            &answers(
                &s,
                &[
                    ("q1", json!("full")),
                    ("q2", json!(["y", "z"])),
                    ("gate", json!(gate)),
                    ("q3", json!(q3)),
                    ("q4", json!(100)),
                    ("q5", json!("yes")),
                ],
            ),
        )
    };
    // Everything full: a = b = 100, index 100, q3 = 5 >= 4: Tốt.
    assert_eq!(full("yes", 5).level, Some(2));
    // q3 = 3: b = 100 * (1 * 2/4 + 3 * 1 + 1 * 1) / 5 = 90, index (200 + 90) / 3 = 96.7,
    // but 3 < 4: the next level down, Khá (a and b >= 40).
    let card = full("yes", 3);
    assert!(close(card.index, 290.0 / 3.0));
    assert_eq!(card.level, Some(1));
    // gate = no hides q3: its stored 5 is not seen, so the gate fails though the index is 100
    // (b = q4 and q5 = 100).
    let card = full("no", 5);
    assert!(close(card.index, 100.0));
    assert_eq!(card.level, Some(1));
}

#[test]
fn level_advice_is_the_first_entry_whose_gates_hold() {
    let mut def = definition();
    def["levels"][0]["advice"] = json!([
        {"text": "Tập huấn OCOP cho chè", "requires": {"if": "sector == 'tea'"}},
        {"text": "Tập huấn chung"}
    ]);
    let s = load(&def);
    let advice = |pairs: &[(&str, Value)]| {
        let card = score(&s, &answers(&s, pairs));
        assert_eq!(card.level, Some(0));
        card.level_advice(&s)
            .map(|a| a.text.default_text().to_owned())
    };
    let low = [
        ("q1", json!("none")),
        ("q2", json!(["x"])),
        ("q4", json!(5)),
    ];
    let with = |sector: &str| {
        let mut pairs = low.to_vec();
        pairs.push(("sector", json!(sector)));
        advice(&pairs)
    };
    assert_eq!(with("tea").as_deref(), Some("Tập huấn OCOP cho chè"));
    assert_eq!(with("wood").as_deref(), Some("Tập huấn chung"));
    // Unanswered: == is false, the entry without requires holds.
    assert_eq!(advice(&low).as_deref(), Some("Tập huấn chung"));
    // A plain text (format 1) is one entry that always holds.
    let s = survey();
    assert!(
        score(&s, &answers(&s, &low)).level_advice(&s).is_none(),
        "the fixture's levels have none"
    );
}

#[test]
fn unicode_option_values_work_in_show_if() {
    let mut def = definition();
    def["questions"][1]["options"][1]["value"] = json!("một_ít");
    def["questions"][2]["options"][0]["value"] = json!("Hợp tác xã");
    def["questions"][6]["show_if"] = json!("q1 == 'một_ít' or selected(q2, 'Hợp tác xã')");
    let s = load(&def);
    let shown = |pairs: &[(&str, Value)]| super::visibility(&s, &answers(&s, pairs))[6];
    assert!(shown(&[("q1", json!("một_ít"))]));
    // NFD input is normalized to the same value.
    use unicode_normalization::UnicodeNormalization;
    let nfd: String = "Hợp tác xã".nfd().collect();
    assert!(shown(&[("q2", json!([nfd]))]));
    assert!(!shown(&[("q1", json!("full")), ("q2", json!(["y"]))]));
}
