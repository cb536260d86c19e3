//! One key table per screen: every key a screen's footer or help lists does, on that
//! screen, exactly what the table says, and nothing else shadows it.

mod tui_support;

use sansang::tui::app::{Action, Screen};
use sansang::tui::keymap::{action, table};
use sansang::tui::strings::S;
use tui_support::{go_to, memory_app, press};

/// Every key in the current table resolves to its own action.
fn check(app: &sansang::tui::app::App, place: &str) {
    let bindings = table(app);
    assert!(!bindings.is_empty(), "{place}: no keys");
    for b in &bindings {
        for (key, expected) in &b.keys {
            let got = action(app, &key.example());
            let same = match (&got, expected) {
                (Some(Action::Digit(_)), Action::Digit(_)) => true,
                (got, expected) => got.as_ref() == Some(expected),
            };
            assert!(
                same,
                "{place}: {:?} is listed as {:?} ({}) but does {got:?}",
                key, expected, b.shown
            );
        }
    }
}

#[test]
fn every_listed_key_does_what_its_hint_says_on_every_screen() {
    let mut app = memory_app();
    check(&app, "welcome");
    press(&mut app, "n");
    check(&app, "new session form");
    press(&mut app, "<esc>d");
    check(&app, "session");
    press(&mut app, "<del>");
    check(&app, "confirm removing an establishment");
    press(&mut app, "<esc>e");
    check(&app, "edit establishment form");
    press(&mut app, "<esc>/");
    check(&app, "filter");
    press(&mut app, "<esc>f");
    check(&app, "picker");
    press(&mut app, "<esc>a");
    check(&app, "new establishment form (name)");
    press(&mut app, "<tab>");
    check(&app, "new establishment form (kind)");
    press(&mut app, "<esc>r");
    check(&app, "result");
    press(&mut app, "<esc>b");
    check(&app, "dashboard");
    press(&mut app, "<esc><esc>");
    check(&app, "sessions");
    press(&mut app, "<enter>aCơ sở mới<c-s><enter>");
    check(&app, "entry, a single choice");
    go_to(&mut app, "B5");
    check(&app, "entry, a multi choice");
    press(&mut app, "<c-s>");
    check(&app, "entry, the end page");
    press(&mut app, "<esc>s<enter>");
    for _ in 0..40 {
        let typed = app
            .entry
            .as_ref()
            .and_then(|e| e.question())
            .is_some_and(sansang::tui::entry::is_typed);
        if typed {
            break;
        }
        press(&mut app, "<enter>");
    }
    check(&app, "entry, a typed answer or the end");
    press(&mut app, "?");
    check(&app, "help open");
}

#[test]
fn a_letter_typed_into_a_field_is_text_never_a_command() {
    let mut app = memory_app();
    press(&mut app, "nqdn?");
    let form = app.session_form.as_ref().expect("still the form");
    assert_eq!(form.fields[0].input.text(), "qdn?");
}

/// The keys a trainer types for the question in focus, answering with the first option.
fn answer_keys(app: &sansang::tui::app::App) -> String {
    use sansang::survey::Kind;
    let entry = app.entry.as_ref().unwrap();
    let Some(q) = entry.question() else {
        return "<enter>".into();
    };
    if sansang::tui::entry::is_typed(q) {
        let text = match &q.kind {
            Kind::Number(rule) => rule.min.unwrap_or(0.0).max(0.0).to_string(),
            Kind::Date => "15/03/2010".into(),
            Kind::Text { .. } if !q.required => String::new(),
            _ => "x".into(),
        };
        return format!("{text}<enter>");
    }
    match q.kind {
        Kind::Multi { .. } => "1<enter>".into(),
        Kind::Note => "<enter>".into(),
        _ => "1".into(),
    }
}

/// Types a whole response from its first question to the result card; the keys it took.
fn full_response(app: &mut sansang::tui::app::App) -> usize {
    let mut count = 0;
    for _ in 0..200 {
        if app.screen != Screen::Entry {
            return count;
        }
        let script = answer_keys(app);
        count += tui_support::keys(&script).len();
        press(app, &script);
    }
    panic!("the response never reached its result card");
}

/// Opens survey `id` for a new establishment of a new workshop.
fn start(app: &mut sansang::tui::app::App, id: &str) {
    press(app, "nHội thảo Vô Tranh<c-s>aHTX chè Khe Vàng<c-s>");
    while app.surveys[app.survey].id != id {
        press(app, "s");
    }
    press(app, "<enter>");
    assert_eq!(app.screen, Screen::Entry);
}

#[test]
fn a_full_sxsh_1_0_response_takes_at_most_45_keys() {
    let mut app = tui_support::memory_app();
    start(&mut app, "sxsh");
    assert_eq!(app.entry.as_ref().unwrap().survey.version, "1.0");
    let keys = full_response(&mut app);
    assert_eq!(app.screen, Screen::Result);
    assert!(app.result.as_ref().unwrap().outcome.card().complete);
    println!("SXSH 1.0: {keys} keys");
    assert!(keys <= 45, "a full SXSH 1.0 response took {keys} keys");
}

/// The count for every shipped survey (printed with --nocapture, for the note).
#[test]
fn every_shipped_survey_is_typed_to_its_result_card() {
    for catalog in [
        tui_support::catalog_1_0(),
        sansang::survey::Catalog::bundled(),
    ] {
        let ids: Vec<String> = {
            let app = tui_support::memory_app_with(catalog.clone());
            app.surveys.iter().map(|s| s.id.clone()).collect()
        };
        for id in ids {
            let mut app = tui_support::memory_app_with(catalog.clone());
            start(&mut app, &id);
            let version = app.entry.as_ref().unwrap().survey.version.clone();
            let questions = app.entry.as_ref().unwrap().survey.questions.len();
            let keys = full_response(&mut app);
            assert_eq!(app.screen, Screen::Result, "{id} {version}");
            println!("{id} {version}: {keys} keys ({questions} questions in the definition)");
            assert!(keys <= questions + 10, "{id} {version}: {keys} keys");
        }
    }
}

#[test]
fn a_digit_on_a_single_yes_no_or_scale_question_saves_it_and_moves_on() {
    let mut app = tui_support::memory_app();
    start(&mut app, "sxsh");
    assert_eq!(tui_support::at(&app), "P2");
    press(&mut app, "2");
    assert_eq!(tui_support::at(&app), "P3", "one key per single choice");
    let entry = app.entry.as_ref().unwrap();
    let p2 = entry.survey.question("P2").unwrap().kind.options()[1]
        .value
        .clone();
    let stored = app.fieldwork().store().answers(entry.response.id).unwrap();
    assert_eq!(stored["P2"].value, serde_json::json!(p2));
    go_to(&mut app, "B5");
    press(&mut app, "1");
    assert_eq!(
        tui_support::at(&app),
        "B5",
        "a multi choice waits for Enter"
    );
    press(&mut app, "<enter>");
    assert_ne!(tui_support::at(&app), "B5");
    go_to(&mut app, "C0");
    press(&mut app, "1");
    assert_eq!(tui_support::at(&app), "C2", "yes/no moves on too");
}

#[test]
fn the_end_page_jumps_to_missing_question_12_by_its_number_and_answers_nothing() {
    let mut app = tui_support::memory_app();
    start(&mut app, "sxsh");
    press(&mut app, "<c-s>");
    let entry = app.entry.as_ref().unwrap();
    assert!(entry.at_end());
    let twelfth = entry.card.missing[11].clone();
    let first = entry.card.missing[0].clone();
    press(&mut app, "12");
    assert!(
        app.entry.as_ref().unwrap().at_end(),
        "digits alone go nowhere"
    );
    assert!(tui_support::screen(&app, 80, 24).contains("12▏"));
    press(&mut app, "<enter>");
    assert_eq!(tui_support::at(&app), twelfth);
    let entry = app.entry.as_ref().unwrap();
    let stored = app.fieldwork().store().answers(entry.response.id).unwrap();
    assert!(stored.is_empty(), "nothing answered: {stored:?}");
    assert!(!entry.answers.contains_key(&first));
    // A number past the list says so and stays on the end page.
    press(&mut app, "<c-s>99<enter>");
    let entry = app.entry.as_ref().unwrap();
    assert!(entry.at_end());
    assert_eq!(entry.error.as_ref().map(|e| e.0), Some(S::NoSuchMissing));
}

#[test]
fn while_the_window_is_too_small_only_resizing_and_quitting_act() {
    let mut app = tui_support::memory_app();
    start(&mut app, "sxsh");
    let before = tui_support::at(&app);
    press(&mut app, "<resize 50x12>");
    assert!(app.too_small());
    press(&mut app, "<esc>b<esc>r123<enter><c-s>n?<f2><del>");
    assert_eq!(app.screen, Screen::Entry);
    assert_eq!(tui_support::at(&app), before);
    assert!(!app.help);
    assert_eq!(app.lang, sansang::tui::strings::Lang::Vi);
    let entry = app.entry.as_ref().unwrap();
    let stored = app.fieldwork().store().answers(entry.response.id).unwrap();
    assert!(stored.is_empty(), "no answer saved unseen: {stored:?}");
    press(&mut app, "<resize 80x24>1");
    assert_ne!(tui_support::at(&app), before, "keys act again once it fits");
    press(&mut app, "<resize 50x12><c-c>");
    assert!(app.quit, "Ctrl+C quits even when too small");
}

#[test]
fn n_on_a_question_without_not_applicable_says_so() {
    let mut app = tui_support::memory_app();
    start(&mut app, "sxsh");
    press(&mut app, "n");
    let entry = app.entry.as_ref().unwrap();
    assert_eq!(tui_support::at(&app), "P2");
    assert_eq!(entry.error.as_ref().map(|e| e.0), Some(S::NoNotApplicable));
}
