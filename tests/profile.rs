//! The establishment's profile, asked once: what the first survey learns is prefilled in the
//! second, on the entry screen and from the command line, and the record shows it.

mod common;
mod tui_support;

use sansang::survey::Catalog;
use sansang::tui::app::Screen;
use tui_support::{Laptop, at, press};

#[test]
fn a_second_survey_does_not_ask_what_the_first_learnt() {
    let laptop = Laptop::new();
    let mut app = laptop.open_with(Catalog::bundled());
    press(&mut app, "nHội thảo Vô Tranh<c-s>aHTX chè Khe Vàng<c-s>");
    // SXSH 2.0 from the start: the profile block comes first.
    press(&mut app, "<enter>");
    assert_eq!(app.entry.as_ref().unwrap().survey.version, "2.0");
    for _ in 0..12 {
        let q = at(&app);
        if !q.starts_with("P_") || q == "P_RESPONDENT" {
            break;
        }
        // The first option of each profile question; Enter where it does not move on by itself.
        press(&mut app, "1");
        if at(&app) == q {
            press(&mut app, "<enter>");
        }
    }
    let sxsh_answers = app.entry.as_ref().unwrap().answers.clone();
    let learnt: Vec<&String> = sxsh_answers
        .keys()
        .filter(|q| q.starts_with("P_"))
        .collect();
    assert!(learnt.len() >= 8, "{learnt:?}");
    press(&mut app, "<esc>s<enter>");
    assert_eq!(app.screen, Screen::Entry);
    let entry = app.entry.as_ref().unwrap();
    assert_eq!(entry.survey.id, "dx");
    for q in &learnt {
        if q.as_str() == "P_RESPONDENT" {
            continue;
        }
        assert_eq!(
            entry.answers.get(q.as_str()),
            sxsh_answers.get(q.as_str()),
            "{q} prefilled from the establishment"
        );
    }
    assert!(
        !at(&app).starts_with("P_") || at(&app) == "P_RESPONDENT",
        "the entry starts past what is known: {}",
        at(&app)
    );
    let establishment = app.entry.as_ref().unwrap().establishment.id;
    drop(app);
    let w = common::Workshop::at(laptop.db());
    let shown = w.json(&[
        "establishment",
        "show",
        &establishment.to_string(),
        "--json",
    ]);
    assert!(shown["establishment"]["industry"].is_string(), "{shown}");
}

#[test]
fn the_command_line_records_a_profile_and_refuses_what_a_field_does_not_take() {
    let w = common::Workshop::new();
    let id = w.ok(&[
        "establishment",
        "add",
        "--name",
        "Cơ sở mây tre đan Ngọc Đồng",
        "--industry",
        "Gỗ, mây tre đan",
        "--woman-owner",
        "có",
        "--certifications",
        "vietgap;organic",
    ]);
    let shown = w.json(&["establishment", "show", id.trim(), "--json"]);
    let e = &shown["establishment"];
    assert_eq!(e["industry"], "wood_bamboo");
    assert_eq!(e["woman_owner"], true);
    assert_eq!(
        e["certifications"],
        serde_json::json!(["vietgap", "organic"])
    );
    assert!(
        e.get("kind").is_none(),
        "the legal form is unknown until asked"
    );
    let err = w.fails(
        2,
        &["establishment", "edit", id.trim(), "--workforce", "nhiều"],
    );
    assert!(err.contains("workforce"), "{err}");
    w.ok(&["establishment", "edit", id.trim(), "--kind", "hợp tác xã"]);
    let text = w.ok(&["establishment", "show", id.trim()]);
    assert!(text.contains("kind: hợp tác xã"), "{text}");
    assert!(text.contains("woman_owner: có"), "{text}");
}
