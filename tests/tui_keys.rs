//! One key table per screen: every key a screen's footer or help lists does, on that
//! screen, exactly what the table says, and nothing else shadows it.

mod tui_support;

use sansang::tui::app::Action;
use sansang::tui::keymap::{action, table};
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
    press(&mut app, "/");
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
