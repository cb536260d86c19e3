//! A delegate circles a number on the paper form; the trainer types that
//! number on the entry screen. The same answer must be saved.

use sansang::export::{Lang, entry_keys};
use sansang::fieldwork::Fieldwork;
use sansang::store::{Establishment, EstablishmentKind, Session, Store};
use sansang::survey::Catalog;
use sansang::survey::model::Kind;
use sansang::tui::entry::Entry;
use serde_json::{Value, json};

#[test]
fn every_number_on_the_blank_form_saves_that_answer_on_the_entry_screen() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("keys.redb")).unwrap();
    let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let session = store
        .create_session(Session::new("Hội thảo", date))
        .unwrap();
    let fieldwork = Fieldwork::new(store, Catalog::bundled());
    let mut checked = 0;
    for e in fieldwork.catalog().entries() {
        let survey = &e.survey;
        for (i, q) in survey.questions.iter().enumerate() {
            for k in entry_keys(q, Lang::Vi) {
                let Some(digit) = k.key.parse::<u32>().ok().filter(|d| *d <= 9) else {
                    continue;
                };
                // A new establishment each time: what one answer teaches its profile would be
                // prefilled in the next response.
                let establishment = fieldwork
                    .store()
                    .add_establishment(Establishment::new(
                        "Cơ sở chè Tân Cương",
                        EstablishmentKind::HoKinhDoanh,
                    ))
                    .unwrap();
                let started = fieldwork
                    .start_response(
                        session.id,
                        establishment.id,
                        &survey.id,
                        Some(&survey.version),
                    )
                    .unwrap();
                let scored = fieldwork.score(&started.response).unwrap();
                let mut entry = Entry::open(scored, establishment, None);
                entry.goto(i);
                entry.digit(digit, &fieldwork);
                let saved = fieldwork
                    .store()
                    .answers(started.response.id)
                    .unwrap()
                    .remove(&q.id)
                    .map(|r| r.value);
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
