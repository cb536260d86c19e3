//! A small survey for unit tests: every question type, a gate, skip logic.

use serde_json::{Value, json};

use super::{Answer, Answers, Survey, load_survey};

/// Dimensions: "a" (weight 2) and "b" (weight 1).
pub fn definition() -> Value {
    json!({
        "format": 1, "id": "demo", "version": "1", "languages": ["vi", "en"],
        "title": {"vi": "Khảo sát", "en": "Survey"},
        "dimensions": [
            {"id": "a", "title": {"vi": "A", "en": "A"}, "weight": 2,
             "advice": [{"below": 40, "text": {"vi": "Tập huấn", "en": "Train"}, "support": {"vi": "Tập huấn", "en": "Training"}},
                        {"below": 70, "text": {"vi": "Hướng dẫn", "en": "Coach"}}]},
            {"id": "b", "title": {"vi": "B", "en": "B"}}
        ],
        "levels": [
            {"min": 0, "label": {"vi": "Thấp", "en": "Low"}},
            {"min": 50, "label": {"vi": "Khá", "en": "Fair"}, "requires": {"dimensions": 2, "min_score": 40}},
            {"min": 80, "label": {"vi": "Tốt", "en": "Good"}}
        ],
        "questions": [
            {"id": "sector", "type": "single", "text": {"vi": "Ngành", "en": "Sector"}, "required": false,
             "options": [{"value": "tea", "label": {"vi": "Chè", "en": "Tea"}}, {"value": "wood", "label": {"vi": "Gỗ", "en": "Wood"}}]},
            {"id": "q1", "type": "single", "dimension": "a", "weight": 2, "text": {"vi": "Q1", "en": "Q1"},
             "options": [
                {"value": "none", "label": {"vi": "Không", "en": "None"}, "score": 0},
                {"value": "some", "label": {"vi": "Một ít", "en": "Some"}, "score": 2},
                {"value": "full", "label": {"vi": "Đầy đủ", "en": "Full"}, "score": 4},
                {"value": "dk", "label": {"vi": "Không biết", "en": "Don't know"}, "score": 0, "dont_know": true},
                {"value": "na", "label": {"vi": "Không áp dụng", "en": "N/A"}, "score": null}]},
            {"id": "q2", "type": "multi", "dimension": "a", "max_score": 3, "text": {"vi": "Q2", "en": "Q2"},
             "options": [
                {"value": "x", "label": {"vi": "X", "en": "X"}, "score": 1},
                {"value": "y", "label": {"vi": "Y", "en": "Y"}, "score": 2},
                {"value": "z", "label": {"vi": "Z", "en": "Z"}, "score": 2},
                {"value": "none", "label": {"vi": "Không", "en": "None"}, "score": 0, "exclusive": true}]},
            {"id": "gate", "type": "yesno", "text": {"vi": "Có lò không?", "en": "A furnace?"}},
            {"id": "q3", "type": "scale", "dimension": "b", "min": 1, "max": 5, "allow_na": true, "show_if": "gate == 'yes'",
             "text": {"vi": "Q3", "en": "Q3"}, "labels": {"1": {"vi": "Kém", "en": "Poor"}, "5": {"vi": "Tốt", "en": "Good"}}},
            {"id": "q4", "type": "number", "dimension": "b", "weight": 3, "min": 0, "max": 1000, "integer": true,
             "text": {"vi": "Q4", "en": "Q4"}, "bands": [{"min": 10, "score": 1}, {"min": 100, "score": 4}]},
            {"id": "q5", "type": "yesno", "dimension": "b", "text": {"vi": "Q5", "en": "Q5"}, "show_if": "q4 >= 10 and not selected(q2, 'none')"},
            {"id": "note", "type": "note", "text": {"vi": "Ghi chú", "en": "Note"}},
            {"id": "remark", "type": "text", "required": false, "max_length": 10, "text": {"vi": "Nhận xét", "en": "Remark"}},
            {"id": "since", "type": "date", "required": false, "text": {"vi": "Từ ngày", "en": "Since"}}
        ]
    })
}

pub fn survey() -> Survey {
    load(&definition())
}

/// A changed fixture, which must still load.
pub fn load(def: &Value) -> Survey {
    let bytes = serde_json::to_vec(def).expect("fixture serializes");
    match load_survey("demo.json", &bytes) {
        Ok(loaded) => loaded.survey,
        Err(problems) => panic!("fixture must load:\n{problems}"),
    }
}

/// Equal within rounding.
pub fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

/// Answers from `(question, JSON value)` pairs, each checked by its question.
pub fn answers(survey: &Survey, pairs: &[(&str, Value)]) -> Answers {
    pairs
        .iter()
        .map(|(id, v)| {
            let q = survey
                .question(id)
                .unwrap_or_else(|| panic!("no question {id}"));
            let a: Answer = q.parse_answer(v).unwrap_or_else(|e| panic!("{id}: {e}"));
            (id.to_string(), a)
        })
        .collect()
}
