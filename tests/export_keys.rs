//! A delegate circles a number on the paper form; the trainer types that
//! number on the entry screen. The same answer must be saved.

use std::collections::BTreeMap;
use std::sync::Arc;

use sansang::export::{Lang, entry_keys};
use sansang::survey::Catalog;
use sansang::survey::model::Kind;
use sansang::tui::data::{EstablishmentRow, MemoryRecords, ResponseRow};
use sansang::tui::entry::Entry;
use serde_json::{Value, json};
use uuid::Uuid;

#[test]
fn every_number_on_the_blank_form_saves_that_answer_on_the_entry_screen() {
    let catalog = Catalog::bundled();
    let mut checked = 0;
    for e in catalog.entries() {
        let survey = Arc::new(e.survey.clone());
        let response = ResponseRow {
            id: Uuid::now_v7(),
            survey_id: survey.id.clone(),
            survey_version: survey.version.clone(),
            establishment_id: Uuid::now_v7(),
            session_id: Uuid::now_v7(),
            complete: false,
            created_at: chrono::Utc::now(),
        };
        let establishment = EstablishmentRow {
            id: response.establishment_id,
            name: "Cơ sở chè Tân Cương".into(),
            kind: 0,
            sector: String::new(),
            commune: String::new(),
            province: String::new(),
        };
        for (i, q) in survey.questions.iter().enumerate() {
            for k in entry_keys(q, Lang::Vi) {
                let Some(digit) = k.key.parse::<u32>().ok().filter(|d| *d <= 9) else {
                    continue;
                };
                let mut records = MemoryRecords::default();
                let mut entry = Entry::open(
                    survey.clone(),
                    response.clone(),
                    establishment.clone(),
                    &BTreeMap::new(),
                    None,
                );
                entry.goto(i);
                entry.digit(digit, &mut records);
                let saved = records
                    .answers
                    .get(&response.id)
                    .and_then(|a| a.get(&q.id))
                    .cloned();
                let expected: Value = match &q.kind {
                    Kind::Multi { .. } => json!([k.value]),
                    Kind::Scale { .. } => json!(k.value.parse::<i64>().unwrap()),
                    _ => json!(k.value),
                };
                assert_eq!(
                    saved,
                    Some(expected),
                    "{} {}: key {} on paper",
                    survey.id,
                    q.id,
                    k.key
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 150, "only {checked} keys checked");
}
