//! The format's extensions (docs: README "A survey definition"), one broken fixture at a
//! time: option values, support lines, gates, level advice, profile fields, and paths
//! that name the question.

use serde_json::{Value, json};

use super::fixture::definition;
use super::model::{Channel, Gate};
use super::problem::Place;
use super::{Survey, load_survey};

pub(super) fn load(def: &Value) -> Result<Survey, Vec<String>> {
    load_survey("t.json", &serde_json::to_vec(def).unwrap())
        .map(|l| l.survey)
        .map_err(|p| {
            p.errors()
                .map(|e| match &e.place {
                    Place::Path(path) => format!("{path}: {}", e.message),
                    _ => e.message.clone(),
                })
                .collect()
        })
}

/// `change` breaks the fixture; an error must start with `path` and mention `text`.
pub(super) fn refused(change: impl FnOnce(&mut Value), path: &str, text: &str) {
    let mut def = definition();
    change(&mut def);
    let errors = load(&def).err().unwrap_or_default();
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with(&format!("{path}: ")) && e.contains(text)),
        "expected an error at {path} mentioning {text:?}; got {errors:#?}"
    );
}

pub(super) fn accepted(change: impl FnOnce(&mut Value)) -> Survey {
    let mut def = definition();
    change(&mut def);
    load(&def).unwrap_or_else(|e| panic!("{e:#?}"))
}

#[test]
fn option_values_are_any_plain_text() {
    let s = accepted(|d| {
        d["questions"][1]["options"][0]["value"] = json!("có");
        d["questions"][1]["options"][1]["value"] = json!("Hợp tác xã");
        d["questions"][1]["options"][2]["value"] = json!("không_rõ");
    });
    assert!(s.questions[1].option("Hợp tác xã").is_some());
    for (bad, why) in [
        (json!("a;b"), "contains ';'"),
        (json!(""), "is empty"),
        (json!(" có"), "starts or ends with a space"),
        (json!("có\n"), "control character"),
        (json!("x".repeat(65)), "65 characters long"),
    ] {
        let mut def = definition();
        def["questions"][1]["options"][0]["value"] = bad;
        let errors = load(&def).unwrap_err();
        assert!(
            errors
                .iter()
                .any(|e| e.starts_with("questions[1] (q1).options[0] (") && e.contains(why)),
            "{why}: {errors:#?}"
        );
    }
    // 64 characters are fine.
    accepted(|d| d["questions"][1]["options"][0]["value"] = json!("ă".repeat(64)));
}

#[test]
fn paths_name_the_question_and_the_option() {
    let mut def = definition();
    def["questions"][4]["max"] = json!(1);
    def["questions"][1]["options"][1]["score"] = json!(-2);
    let errors = load(&def).unwrap_err();
    assert!(
        errors.contains(
            &"questions[4] (q3).max: 1 is not above min 1 (q3 is a scale from 1)".to_string()
        ),
        "{errors:#?}"
    );
    assert!(
        errors.contains(
            &"questions[1] (q1).options[1] (\"some\").score: -2 is negative; expected 0 or more"
                .to_string()
        ),
        "{errors:#?}"
    );
}

#[test]
fn declared_supports_are_named_by_id() {
    let s = accepted(|d| {
        d["supports"] = json!([
            {"id": "training", "label": {"vi": "Tập huấn", "en": "Training"}, "channel": "khuyen_cong",
             "basis": {"vi": "Nghị định 45/2012/NĐ-CP Điều 4", "en": "Decree 45/2012 Art. 4"}},
            {"id": "commune_env", "label": {"vi": "Đăng ký môi trường tại xã", "en": "Environmental registration"},
             "channel": "referral", "description": {"vi": "UBND xã", "en": "The commune"}}
        ]);
        d["dimensions"][0]["advice"][0]["support"] = json!("commune_env");
    });
    assert_eq!(s.supports.len(), 2);
    let advice = &s.dimensions[0].advice[0];
    let line = s.support_of(advice).unwrap();
    assert_eq!(
        (line.id.as_str(), line.channel),
        ("commune_env", Channel::Referral)
    );
    assert_eq!(s.support_of(&s.dimensions[0].advice[1]), None);
    let with_supports = |d: &mut Value| {
        d["supports"] = json!([{"id": "training", "label": {"vi": "Tập huấn", "en": "Training"}, "channel": "khuyen_cong"}]);
    };
    refused(
        |d| {
            with_supports(d);
            d["dimensions"][0]["advice"][0]["support"] = json!("machinery");
        },
        "dimensions[0].advice[0].support",
        "unknown support \"machinery\"; the supports are training",
    );
    // A declared survey names its lines by id, not by text.
    refused(
        with_supports,
        "dimensions[0].advice[0].support",
        "id of one of the survey's supports",
    );
    refused(
        |d| d["supports"] = json!([{"id": "Training", "label": "T", "channel": "khuyen_cong"}]),
        "supports[0].id",
        "not a valid support id",
    );
    refused(
        |d| d["supports"] = json!([{"id": "t", "label": "T", "channel": "bank"}]),
        "supports[0].channel",
        "unknown channel \"bank\"",
    );
    refused(
        |d| {
            d["supports"] = json!([{"id": "t", "label": "T", "channel": "referral"}, {"id": "t", "label": "U", "channel": "referral"}]);
        },
        "supports[1].id",
        "used twice",
    );
}

#[test]
fn format_1_support_texts_become_implicit_lines() {
    let s = accepted(|d| {
        d["dimensions"][1]["advice"] = json!([{"below": 50, "text": "Học", "support": {"vi": "Tập huấn", "en": "Training (b)"}}])
    });
    // The fixture's a[0] and b[0] both say "Tập huấn": one line, labelled by the first.
    assert_eq!(s.supports.len(), 1);
    let line = &s.supports[0];
    assert_eq!(
        (line.id.as_str(), line.label.get("en"), line.channel),
        ("tap_huan", "Training", Channel::KhuyenCong)
    );
    assert_eq!(s.dimensions[1].advice[0].support, Some(0));
}

#[test]
fn gates_in_three_forms_validated() {
    let s = accepted(|d| {
        d["levels"][2]["requires"] =
            json!([{"dimension": "b", "min_score": 50}, {"if": "q5 == 'yes'"}]);
        d["dimensions"][0]["advice"][0]["requires"] = json!({"dimensions": 1, "min_score": 20});
    });
    assert!(matches!(
        s.levels[2].requires[..],
        [Gate::Dimension { dimension: 1, .. }, Gate::If(_)]
    ));
    assert_eq!(
        s.dimensions[0].advice[0].requires,
        [Gate::Dimensions {
            count: 1,
            min_score: 20.0
        }]
    );
    refused(
        |d| d["levels"][2]["requires"] = json!({"dimension": "zz", "min_score": 50}),
        "levels[2].requires.dimension",
        "unknown dimension \"zz\"; the dimensions are a, b",
    );
    refused(
        |d| {
            d["levels"][2]["requires"] = json!({"dimension": "a", "dimensions": 1, "min_score": 50})
        },
        "levels[2].requires",
        "exactly one of the gates",
    );
    refused(
        |d| d["levels"][2]["requires"] = json!([{"if": "nope == 'yes'"}]),
        "levels[2].requires[0].if",
        "unknown question 'nope'",
    );
    refused(
        |d| d["levels"][2]["requires"] = json!([]),
        "levels[2].requires",
        "is empty",
    );
    refused(
        |d| d["levels"][1]["requires"] = json!({"dimension": "a", "min_score": 101}),
        "levels[1].requires.min_score",
        "outside 0..100",
    );
}

#[test]
fn advice_below_may_repeat_but_not_descend() {
    accepted(|d| d["dimensions"][0]["advice"][1]["below"] = json!(40));
    refused(
        |d| d["dimensions"][0]["advice"][1]["below"] = json!(39),
        "dimensions[0].advice[1].below",
        "below the previous 40",
    );
}

#[test]
fn level_advice_is_a_text_or_a_list() {
    let s = accepted(|d| {
        d["levels"][1]["advice"] = json!("Hướng dẫn");
        d["levels"][2]["advice"] =
            json!([{"text": "A", "requires": {"if": "sector == 'tea'"}}, {"text": "B"}]);
    });
    assert_eq!(s.levels[1].advice.len(), 1);
    assert!(s.levels[1].advice[0].requires.is_empty());
    assert_eq!(s.levels[2].advice.len(), 2);
    refused(
        |d| d["levels"][2]["advice"] = json!([{"requires": {"if": "sector == 'tea'"}}]),
        "levels[2].advice[0].text",
        "missing",
    );
}

#[test]
fn min_coverage_is_a_share() {
    assert_eq!(accepted(|_| {}).min_coverage, 0.8);
    assert_eq!(accepted(|d| d["min_coverage"] = json!(0)).min_coverage, 0.0);
    refused(
        |d| d["min_coverage"] = json!(80),
        "min_coverage",
        "outside 0..1",
    );
}

#[test]
fn a_screening_names_the_full_survey_it_screens_for() {
    assert_eq!(accepted(|_| {}).screens, None);
    let s = accepted(|d| d["screens"] = json!("sxsh"));
    assert_eq!(s.screens.as_deref(), Some("sxsh"));
    refused(
        |d| d["screens"] = json!("SXSH đầy đủ"),
        "screens",
        "not a survey id",
    );
    let own = definition()["id"].clone();
    refused(
        |d| d["screens"] = own,
        "screens",
        "names this survey itself",
    );
}

#[test]
fn profile_questions_bind_a_field_of_their_type() {
    let yesno = |d: &mut Value| d["questions"][3]["profile"] = json!("woman_owner");
    let s = accepted(yesno);
    assert_eq!(
        s.questions[3].profile,
        Some(super::ProfileField::WomanOwner)
    );
    refused(
        |d| d["questions"][3]["profile"] = json!("owner"),
        "questions[3] (gate).profile",
        "unknown profile field \"owner\"; the fields are kind, industry",
    );
    refused(
        |d| d["questions"][3]["profile"] = json!("industry"),
        "questions[3] (gate).profile",
        "binds a single question, not a yesno",
    );
    refused(
        |d| {
            yesno(d);
            d["questions"][6]["profile"] = json!("woman_owner");
        },
        "questions[6] (q5).profile",
        "already asked by question gate",
    );
    // sector offers tea and wood: the field's other codes are missing, and "wood" is not one.
    refused(
        |d| d["questions"][0]["profile"] = json!("industry"),
        "questions[0] (sector).options",
        "has the code \"food\"",
    );
    refused(
        |d| d["questions"][0]["profile"] = json!("industry"),
        "questions[0] (sector).options[1] (\"wood\").value",
        "not a code of profile field \"industry\"",
    );
}

#[test]
fn a_profile_question_may_add_dont_know_and_not_applicable() {
    let ocop = json!([
        {"value": "none", "label": "Chưa có"}, {"value": "preparing", "label": "Đang chuẩn bị"},
        {"value": "star3", "label": "3 sao"}, {"value": "star4", "label": "4 sao"}, {"value": "star5", "label": "5 sao"},
        {"value": "không_rõ", "label": "Không rõ", "dont_know": true},
        {"value": "khong_ap_dung", "label": "Không áp dụng", "score": null}
    ]);
    let s = accepted(|d| {
        d["questions"][0]["options"] = ocop.clone();
        d["questions"][0]["profile"] = json!("ocop");
    });
    assert_eq!(s.questions[0].profile, Some(super::ProfileField::Ocop));
    let certifications = |exclusive: bool| {
        let mut options: Vec<Value> = super::ProfileField::Certifications
            .codes()
            .iter()
            .map(|c| json!({"value": c.value, "label": c.vi}))
            .collect();
        options[5]["exclusive"] = json!(exclusive);
        json!({"id": "cert", "type": "multi", "profile": "certifications", "required": false, "text": "Chứng nhận", "options": options})
    };
    accepted(|d| {
        d["questions"]
            .as_array_mut()
            .unwrap()
            .push(certifications(true))
    });
    refused(
        |d| {
            d["questions"]
                .as_array_mut()
                .unwrap()
                .push(certifications(false))
        },
        "questions[10] (cert).options",
        "option \"none\" must be \"exclusive\"",
    );
}
