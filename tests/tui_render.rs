//! What reaches the terminal: the cursor in the focused field by display
//! width, no raw control characters from stored text, paste as one NFC edit.

mod tui_support;

use chrono::NaiveDate;
use crossterm::event::Event;
use sansang::fieldwork::Fieldwork;
use sansang::store::{Establishment, EstablishmentKind, Session};
use sansang::survey::Catalog;
use sansang::tui::app::{App, Screen, update};
use tui_support::{cursor, memory_app, memory_store, press, screen};

#[test]
fn the_cursor_sits_after_the_typed_text_by_display_width() {
    let mut app = memory_app();
    press(&mut app, "n");
    let (x0, y0) = cursor(&app, 80, 24);
    press(&mut app, "Nguyễn Thị Đào");
    assert_eq!(cursor(&app, 80, 24), (x0 + 14, y0));
    press(&mut app, "<home><right>");
    assert_eq!(cursor(&app, 80, 24), (x0 + 1, y0));
    press(&mut app, "<end> 中文");
    assert_eq!(
        cursor(&app, 80, 24),
        (x0 + 19, y0),
        "wide characters take two columns"
    );
}

#[test]
fn stored_control_characters_never_reach_the_terminal() {
    let store = memory_store();
    let date = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let mut session = Session::new("Hội thảo\u{1b}[2J", date);
    session.commune = "Phú\u{7}".into();
    let session = store.create_session(session).unwrap();
    let establishment = store
        .add_establishment(Establishment::new(
            "Cơ sở\u{1b}]0;pwned\u{7}",
            EstablishmentKind::HoKinhDoanh,
        ))
        .unwrap();
    store.join_session(session.id, establishment.id).unwrap();
    let mut app = App::new(
        Fieldwork::new(store, Catalog::bundled()),
        tui_support::today(),
    );
    for script in ["", "<enter>"] {
        press(&mut app, script);
        let shown = screen(&app, 80, 24);
        assert!(
            !shown.chars().any(|c| c.is_control() && c != '\n'),
            "{shown}"
        );
    }
    assert_eq!(app.screen, Screen::Session);
}

#[test]
fn a_paste_arrives_as_one_normalized_single_line_edit() {
    let mut app = memory_app();
    press(&mut app, "n");
    let pasted = Event::Paste("Nguye\u{302}\u{303}n\r\nThị".into());
    let action = sansang::tui::action_of(&app, pasted).unwrap();
    update(&mut app, action);
    let form = app.session_form.as_ref().unwrap();
    assert_eq!(form.fields[0].input.text(), "Nguyễn  Thị");
}

#[test]
fn the_footer_always_offers_the_help_key_and_the_language() {
    let mut app = memory_app();
    for script in ["", "n", "<esc>d", "<enter>", "<esc>", "r", "<esc>b"] {
        press(&mut app, script);
        let shown = screen(&app, 80, 24);
        assert!(
            shown.contains("mọi phím") && shown.contains("F2"),
            "{shown}"
        );
    }
}

#[test]
fn the_sessions_list_is_on_screen_before_its_counts_are_read() {
    let mut app = memory_app();
    press(&mut app, "d<esc>");
    // A fresh start on the same data: the first frame has the sessions, not yet the counts.
    let mut fresh = memory_app();
    update(&mut fresh, sansang::tui::app::Action::Demo);
    update(&mut fresh, sansang::tui::app::Action::Esc);
    assert!(fresh.pending());
    assert!(screen(&fresh, 80, 24).contains('…'));
    tui_support::settle(&mut fresh);
    let shown = screen(&fresh, 80, 24);
    assert!(!shown.contains("  …"), "{shown}");
    assert_eq!(shown, screen(&app, 80, 24));
}

#[test]
fn keys_typed_while_the_help_is_open_are_not_lost() {
    let mut app = memory_app();
    press(&mut app, "n<f1>Đào");
    assert!(!app.help);
    assert_eq!(
        app.session_form.as_ref().unwrap().fields[0].input.text(),
        "Đào"
    );
    press(&mut app, "<f1><esc>");
    assert!(!app.help);
    assert!(app.session_form.is_some(), "Esc only closed the help");
}
