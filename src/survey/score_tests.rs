//! The scoring rules, each on a small hand-computed case (arithmetic in comments).
//! Fixture: dimension a (weight 2) = q1 single w2 (top score 4) + q2 multi w1 (cap 3);
//! dimension b (weight 1) = q3 scale 1..5 w1 (only if gate) + q4 number w3 (bands 10→1, 100→4)
//! + q5 yesno w1 (only if q4 >= 10 and q2 is not "none").

use serde_json::json;

use super::fixture::{answers, close, definition, load, survey};
use super::{score, visibility};

#[test]
fn a_full_response_scores_by_the_formula() {
    let s = survey();
    let a = answers(
        &s,
        &[
            ("q1", json!("some")),
            ("q2", json!(["x", "y"])),
            ("gate", json!("yes")),
            ("q3", json!(4)),
            ("q4", json!(50)),
            ("q5", json!("yes")),
        ],
    );
    let card = score(&s, &a);
    // a: q1 2/4 = 0.5 (w2), q2 (1+2)/3 = 1 (w1) -> 100 * (2*0.5 + 1*1) / 3 = 66.67
    assert!(close(card.dimensions[0].score, 200.0 / 3.0));
    // b: q3 (4-1)/(5-1) = 0.75 (w1), q4 band 10 -> 1/4 = 0.25 (w3), q5 yes = 1 (w1)
    //    100 * (0.75 + 0.75 + 1) / 5 = 50
    assert!(close(card.dimensions[1].score, 50.0));
    // index: (2 * 66.67 + 1 * 50) / 3 = 61.11
    assert!(close(card.index, (2.0 * 200.0 / 3.0 + 50.0) / 3.0));
    // level "Khá" (min 50) needs 2 dimensions >= 40: 66.7 and 50 do.
    assert_eq!(card.level, Some(1));
    assert!(card.complete, "missing: {:?}", card.missing);
}

#[test]
fn multi_is_capped_at_one() {
    let s = survey();
    let card = score(&s, &answers(&s, &[("q2", json!(["y", "z"]))]));
    // (2 + 2) / 3 > 1 -> 1 -> 100
    assert!(close(card.dimensions[0].score, 100.0));
}

#[test]
fn multi_without_max_score_divides_by_the_sum_of_all_scores() {
    let mut def = definition();
    def["questions"][2]
        .as_object_mut()
        .unwrap()
        .remove("max_score");
    let s = load(&def);
    let card = score(&s, &answers(&s, &[("q2", json!(["y"]))]));
    // cap = 1 + 2 + 2 + 0 = 5; 2 / 5 = 0.4
    assert!(close(card.dimensions[0].score, 40.0));
}

#[test]
fn a_null_score_option_makes_the_question_not_applicable() {
    let s = survey();
    let card = score(
        &s,
        &answers(&s, &[("q1", json!("na")), ("q2", json!(["x"]))]),
    );
    // only q2: 1/3 -> 33.33; q1 counts as answered
    assert!(close(card.dimensions[0].score, 100.0 / 3.0));
    assert!(!card.missing.contains(&"q1".to_string()));
}

#[test]
fn na_answer_to_a_scale_is_answered_but_not_scored() {
    let s = survey();
    let card = score(
        &s,
        &answers(
            &s,
            &[
                ("gate", json!("yes")),
                ("q3", json!("na")),
                ("q4", json!(100)),
            ],
        ),
    );
    // b: q4 band 100 -> 4/4 = 1 (w3) only -> 100
    assert!(close(card.dimensions[1].score, 100.0));
    assert!(!card.missing.contains(&"q3".to_string()));
}

#[test]
fn number_below_the_first_band_scores_zero() {
    let s = survey();
    let card = score(&s, &answers(&s, &[("q4", json!(9))]));
    assert!(close(card.dimensions[1].score, 0.0));
    let card = score(&s, &answers(&s, &[("q4", json!(100))]));
    assert!(close(card.dimensions[1].score, 100.0));
}

#[test]
fn hidden_questions_are_ignored_but_kept() {
    let s = survey();
    let a = answers(
        &s,
        &[("gate", json!("no")), ("q3", json!(1)), ("q4", json!(100))],
    );
    let card = score(&s, &a);
    // q3 is hidden (gate = no): b = q4 alone = 100, not (0*1 + 1*3)/4
    assert!(close(card.dimensions[1].score, 100.0));
    assert!(a.contains_key("q3"));
    assert!(!card.questions[4].shown);
}

#[test]
fn a_question_depending_on_a_hidden_one_is_hidden_too() {
    let s = survey();
    // q5 needs q4 >= 10 and q2 not "none"; with q2 = none it is hidden.
    let shown = visibility(
        &s,
        &answers(&s, &[("q2", json!(["none"])), ("q4", json!(50))]),
    );
    assert!(!shown[6]);
    let shown = visibility(&s, &answers(&s, &[("q2", json!(["x"])), ("q4", json!(50))]));
    assert!(shown[6]);
}

#[test]
fn no_answers_no_score_and_the_missing_list() {
    let s = survey();
    let card = score(&s, &Default::default());
    assert_eq!(card.index, None);
    assert_eq!(card.level, None);
    assert!(card.dimensions.iter().all(|d| d.score.is_none()));
    // q3 and q5 are hidden (gate, q4 unanswered); sector, remark, since optional; note never answered
    assert_eq!(card.missing, ["q1", "q2", "gate", "q4"]);
    assert!(!card.complete);
}

#[test]
fn dont_know_over_30_percent_marks_low_confidence() {
    let s = survey();
    let card = score(
        &s,
        &answers(&s, &[("q1", json!("dk")), ("q2", json!(["x"]))]),
    );
    // a: dk weight 2 of answered 3 = 66.7% > 30%; score 100 * (2*0 + 1*(1/3)) / 3 = 11.11
    let a = &card.dimensions[0];
    assert!(close(Some(a.dont_know_share), 2.0 / 3.0));
    assert!(a.low_confidence);
    assert!(close(a.score, 100.0 / 9.0));
    let card = score(
        &s,
        &answers(&s, &[("q1", json!("some")), ("q2", json!(["x"]))]),
    );
    assert!(!card.dimensions[0].low_confidence);
}

#[test]
fn a_level_gate_that_fails_falls_back_to_a_lower_level() {
    let s = survey();
    let card = score(
        &s,
        &answers(
            &s,
            &[
                ("q1", json!("full")),
                ("q2", json!(["y", "z"])),
                ("gate", json!("no")),
                ("q4", json!(5)),
            ],
        ),
    );
    // a = 100, b = 0 (q4 below the first band; q5 hidden since q4 < 10)
    // index = (2*100 + 1*0) / 3 = 66.67 >= 50, but "Khá" needs 2 dimensions >= 40: only a.
    assert!(close(card.index, 200.0 / 3.0));
    assert_eq!(card.level, Some(0));
}

#[test]
fn the_highest_reached_level_wins() {
    let s = survey();
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
                ("q5", json!("yes")),
            ],
        ),
    );
    assert!(close(card.index, 100.0));
    assert_eq!(card.level, Some(2));
}

#[test]
fn a_dimension_whose_weights_sum_to_zero_has_no_score() {
    let mut def = definition();
    // q4 and q5 weigh 0; q3 keeps weight 1 so the definition stays valid
    def["questions"][5]["weight"] = json!(0);
    def["questions"][6]["weight"] = json!(0);
    let s = load(&def);
    let card = score(
        &s,
        &answers(&s, &[("q1", json!("full")), ("q4", json!(100))]),
    );
    // b: only q4 answered, weight 0 -> no score; index from a alone = 100
    assert_eq!(card.dimensions[1].score, None);
    assert!(close(card.index, 100.0));
}
