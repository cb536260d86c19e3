//! Mending mistakes from the workshop screen, driven by keys through the real event loop on
//! a real database: editing an establishment or a workshop, taking an establishment out of
//! the workshop, deleting a response; and the command line seeing it all after quitting.

mod common;
mod tui_support;

use sansang::tui::app::Screen;
use sansang::tui::strings::S;
use tui_support::{Laptop, press, workshop};

#[test]
fn e_edits_the_name_and_phone_and_the_command_line_sees_them_after_quitting() {
    let laptop = Laptop::new();
    let mut app = laptop.open();
    workshop(&mut app);
    press(&mut app, "e");
    let form = app
        .session
        .as_ref()
        .unwrap()
        .form
        .as_ref()
        .expect("the edit form");
    assert_eq!(form.value(0), "HTX Chè Tân Cương", "prefilled");
    // The name field: Backspace over "Cương", then the right spelling.
    press(&mut app, "<bs><bs><bs><bs><bs>Cương 2");
    // To the phone (name, kind, sector, commune, province, contact, phone).
    press(&mut app, "<tab><tab><tab><tab><tab><tab>0912 345 678<c-s>");
    let view = app.session.as_ref().unwrap();
    assert!(
        view.form.is_none(),
        "saved: {:?}",
        view.form.as_ref().map(|f| &f.error)
    );
    assert_eq!(view.lines[0].establishment.name, "HTX Chè Tân Cương 2");
    assert_eq!(app.status.as_ref().map(|s| s.0), Some(S::Edited));
    let id = view.lines[0].establishment.id;
    press(&mut app, "<c-c>");
    assert!(app.quit);
    app.close().unwrap();
    let cli = common::Workshop::at(laptop.db());
    let shown = cli.ok(&["establishment", "show", &id.to_string()]);
    assert!(shown.starts_with("HTX Chè Tân Cương 2\n"), "{shown}");
    assert!(shown.contains("0912 345 678"), "{shown}");
}

#[test]
fn a_profile_field_the_record_does_not_take_is_refused_in_the_form() {
    let laptop = Laptop::new();
    let mut app = laptop.open();
    workshop(&mut app);
    press(&mut app, "e");
    let form = app.session.as_ref().unwrap().form.as_ref().unwrap();
    let workforce = form
        .find(sansang::tui::form::Label::Profile(
            sansang::survey::profile::ProfileField::Workforce,
        ))
        .unwrap();
    for _ in 0..workforce {
        press(&mut app, "<tab>");
    }
    press(&mut app, "nhiều lắm<c-s>");
    let form = app
        .session
        .as_ref()
        .unwrap()
        .form
        .as_ref()
        .expect("still open");
    assert_eq!(form.focus, workforce);
    assert_eq!(form.error.as_ref().map(|e| e.0), Some(S::Refused));
    press(&mut app, "<esc>");
    assert!(app.session.as_ref().unwrap().form.is_none());
}

#[test]
fn delete_asks_first_and_only_y_takes_the_establishment_out_of_the_workshop() {
    let laptop = Laptop::new();
    let mut app = laptop.open();
    workshop(&mut app);
    let id = app.session.as_ref().unwrap().lines[0].establishment.id;
    press(&mut app, "<del>");
    assert!(app.session.as_ref().unwrap().confirm.is_some());
    let shown = tui_support::screen(&app, 80, 24);
    assert!(shown.contains("Bỏ cơ sở này khỏi hội thảo?"), "{shown}");
    press(&mut app, "<esc><del>n<del>x<esc>");
    let view = app.session.as_ref().unwrap();
    assert!(view.confirm.is_none());
    assert_eq!(view.lines.len(), 1, "no y, nothing removed");
    press(&mut app, "<del>y");
    let view = app.session.as_ref().unwrap();
    assert!(view.lines.is_empty(), "y removes it from the workshop");
    assert_eq!(app.status.as_ref().map(|s| s.0), Some(S::Removed));
    let kept = app.fieldwork().store().establishment(id).unwrap();
    assert!(kept.is_some(), "the establishment stays in the database");
}

#[test]
fn a_deleted_response_is_left_out_of_score_and_the_other_stays() {
    let laptop = Laptop::new();
    let mut app = laptop.open();
    workshop(&mut app);
    press(&mut app, "aCơ sở mật ong Phạm Xuân<c-s>");
    // A draft for each: a few answers, then leave.
    press(&mut app, "<up><enter>1111<esc><down><enter>2222<esc>");
    assert_eq!(app.screen, Screen::Session);
    let names: Vec<String> = app
        .session
        .as_ref()
        .unwrap()
        .lines
        .iter()
        .map(|l| l.establishment.name.clone())
        .collect();
    let selected = app.session.as_ref().unwrap().selected;
    let deleted = names[selected].clone();
    let kept = names[1 - selected].clone();
    press(&mut app, "ty");
    assert_eq!(app.status.as_ref().map(|s| s.0), Some(S::ResponseDeleted));
    let shown = tui_support::screen(&app, 100, 30);
    assert!(shown.contains("SXSH chưa làm"), "{shown}");
    press(&mut app, "<c-c>");
    app.close().unwrap();
    let cli = common::Workshop::at(laptop.db());
    let table = cli.ok(&["score"]);
    assert!(table.contains(&kept), "{table}");
    assert!(!table.contains(&deleted), "{table}");
    // The trail says why, in the language the trainer worked in.
    let store = sansang::store::Store::open_read_only(laptop.db()).unwrap();
    let responses = store.all_responses().unwrap();
    let gone = responses
        .iter()
        .find(|r| r.status == sansang::store::ResponseStatus::Deleted)
        .expect("the deleted response is kept");
    let trail = store.audit(gone.id).unwrap();
    assert_eq!(
        trail.last().and_then(|e| e.reason.as_deref()),
        Some("xóa phiếu trên màn hình hội thảo")
    );
}

#[test]
fn l_resets_a_response_to_an_empty_draft_after_y() {
    let laptop = Laptop::new();
    let mut app = laptop.open();
    workshop(&mut app);
    press(&mut app, "<enter>111<esc>l");
    assert!(app.session.as_ref().unwrap().confirm.is_some());
    press(&mut app, "y<enter>");
    assert_eq!(app.screen, Screen::Entry);
    let entry = app.entry.as_ref().unwrap();
    assert!(entry.answers.is_empty(), "{:?}", entry.answers);
    assert_eq!(
        tui_support::at(&app),
        "P2",
        "starts again at the first question"
    );
}

#[test]
fn e_on_the_workshops_list_edits_a_workshop_with_its_trainer() {
    let laptop = Laptop::new();
    let mut app = laptop.open();
    workshop(&mut app);
    press(&mut app, "<esc>e");
    let form = app.session_form.as_ref().expect("the workshop's form");
    assert_eq!(
        form.value(1),
        "26/11/2026",
        "dates as Vietnamese write them"
    );
    press(
        &mut app,
        "<tab><bs><bs><bs><bs><bs><bs><bs><bs><bs><bs>1/12/26<tab><tab><tab>Nguyễn Văn Hùng<enter>",
    );
    assert!(app.session_form.is_none());
    let s = &app.sessions[0].session;
    assert_eq!(
        s.date,
        chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
    );
    assert_eq!(s.trainer, "Nguyễn Văn Hùng");
    // A response started now is recorded by the workshop's trainer.
    press(&mut app, "<enter><enter>");
    let entry = app.entry.as_ref().unwrap();
    assert_eq!(entry.response.recorded_by, "Nguyễn Văn Hùng");
}

#[test]
fn p_on_the_result_card_writes_the_sheet_and_shows_its_whole_path_at_80_columns() {
    let laptop = Laptop::new();
    let mut app = laptop.open();
    // A deep folder with Vietnamese names, as a Documents folder can be.
    app.export_dir = laptop
        .dir
        .path()
        .join("Tài liệu của Nguyễn Thị Lan")
        .join("sansang");
    workshop(&mut app);
    press(&mut app, "<enter>1111<esc>r");
    assert_eq!(app.screen, Screen::Result);
    assert!(
        !sansang::tui::keymap::hints(&app).iter().any(|h| h.0 == "o"),
        "nothing to open yet"
    );
    press(&mut app, "p");
    let Some((S::Printed, Some(sansang::tui::strings::Detail::Path(path)))) = app.status.clone()
    else {
        panic!("expected the sheet's notice, got {:?}", app.status);
    };
    assert!(path.is_absolute() && path.exists(), "{}", path.display());
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.contains("HTX Chè Tân Cương"));
    assert!(sansang::tui::keymap::hints(&app).iter().any(|h| h.0 == "o"));
    let shown = tui_support::screen(&app, 80, 24);
    let line = shown
        .lines()
        .find(|l| l.contains("Đã ghi phiếu kết quả"))
        .unwrap_or_else(|| panic!("{shown}"))
        .trim_matches('"')
        .trim_end();
    let file = path.file_name().unwrap().to_str().unwrap();
    assert!(line.ends_with(file), "the file name whole: {line}");
    let full = path.display().to_string();
    let start: String = full.chars().take(5).collect();
    assert!(line.contains(&start), "the path's start: {line}");
    // A second sheet keeps the first.
    press(&mut app, "p");
    let Some((_, Some(sansang::tui::strings::Detail::Path(second)))) = app.status.clone() else {
        panic!("{:?}", app.status);
    };
    assert_ne!(second, path);
    assert!(path.exists() && second.exists());
}

#[test]
fn the_app_reopens_on_the_workshop_establishment_survey_and_language_it_was_left_on() {
    let laptop = Laptop::new();
    let mut app = laptop.open();
    workshop(&mut app);
    press(
        &mut app,
        "<esc>nHội thảo Phú Đô<c-s>aCơ sở mật ong<c-s>aCơ sở chè Đỗ Văn<c-s>",
    );
    press(&mut app, "<down><down>s<f2><c-c>");
    let left = app.session.as_ref().unwrap();
    assert_eq!(
        left.selected, 1,
        "not the first line, which a fresh start would show"
    );
    let (session, establishment) = (
        left.session.id,
        left.lines[left.shown[left.selected]].establishment.id,
    );
    assert_eq!(app.surveys[app.survey].id, "dx");
    app.close().unwrap();
    let app = laptop.open();
    assert_eq!(app.screen, Screen::Session);
    let view = app.session.as_ref().unwrap();
    assert_eq!(view.session.id, session);
    assert_eq!(
        view.lines[view.shown[view.selected]].establishment.id,
        establishment
    );
    assert_eq!(app.surveys[app.survey].id, "dx");
    assert_eq!(app.lang, sansang::tui::strings::Lang::En);
}

#[test]
fn a_date_question_takes_dd_mm_yyyy_and_shows_it_back_that_way() {
    let laptop = Laptop::new();
    let mut app = laptop.open();
    workshop(&mut app);
    press(&mut app, "sss<enter>");
    assert_eq!(app.entry.as_ref().unwrap().survey.id, "ngay");
    assert_eq!(tui_support::at(&app), "D1");
    let shown = tui_support::screen(&app, 80, 24);
    assert!(
        shown.contains("dd/mm/yyyy"),
        "the form of a date before typing: {shown}"
    );
    press(&mut app, "15/03/2010<enter>");
    assert_eq!(tui_support::at(&app), "Y1", "accepted");
    let entry = app.entry.as_ref().unwrap();
    let stored = app.fieldwork().store().answers(entry.response.id).unwrap();
    assert_eq!(stored["D1"].value, serde_json::json!("2010-03-15"));
    press(&mut app, "<up>");
    assert_eq!(app.entry.as_ref().unwrap().input.text(), "15/03/2010");
    press(&mut app, "<enter>");
    assert_eq!(tui_support::at(&app), "Y1", "unchanged, nothing refused");
}

#[test]
fn the_dashboard_selects_a_row_and_enter_opens_its_result_card_then_esc_comes_back() {
    let mut app = tui_support::memory_app();
    press(&mut app, "db");
    assert_eq!(app.screen, Screen::Dashboard);
    let board = app.dashboard.as_ref().unwrap();
    assert!(board.board.totals.drafts > 0, "the demo has drafts");
    let shown = tui_support::screen(&app, 120, 40);
    assert!(shown.contains("nháp"), "drafts marked: {shown}");
    press(&mut app, "<down>");
    let name = app
        .dashboard
        .as_ref()
        .unwrap()
        .selected_row()
        .unwrap()
        .establishment
        .name
        .clone();
    press(&mut app, "<enter>");
    assert_eq!(app.screen, Screen::Result);
    assert_eq!(
        app.result.as_ref().unwrap().outcome.establishment.name,
        name
    );
    press(&mut app, "<esc>");
    assert_eq!(app.screen, Screen::Dashboard);
    // Sorted by name the ranks would mislead: they are not shown.
    press(&mut app, "<left>v");
    let board = app.dashboard.as_ref().unwrap();
    assert_eq!((board.sort, board.descending), (0, false));
    assert!(!board.ranked());
    let names: Vec<&str> = board
        .rows()
        .filter(|r| r.state.counts())
        .map(|r| r.establishment.name.as_str())
        .collect();
    let mut sorted = names.clone();
    sorted.sort_by(|a, b| sansang::survey::collate::compare(a, b));
    assert_eq!(names, sorted, "Vietnamese order");
}

#[test]
fn c_cycles_the_state_filter_and_slash_matches_only_name_and_commune() {
    let mut app = tui_support::memory_app();
    press(&mut app, "d");
    let view = app.session.as_ref().unwrap();
    let total = view.lines.len();
    let done = view
        .lines
        .iter()
        .filter(|l| l.standings[0].state == sansang::fieldwork::state::State::Complete)
        .count();
    let shown = tui_support::screen(&app, 120, 40);
    assert!(
        shown.contains(&format!("SXSH {done}/{total} xong")),
        "{shown}"
    );
    for expected in ["chưa làm", "nháp", "đã xong"] {
        press(&mut app, "c");
        let view = app.session.as_ref().unwrap();
        assert!(view.shown.len() < total, "{expected}");
        assert!(tui_support::screen(&app, 120, 40).contains(&format!("[{expected}]")));
    }
    press(&mut app, "c");
    assert_eq!(
        app.session.as_ref().unwrap().shown.len(),
        total,
        "all again"
    );
    // A sector word that is in no name or commune finds nothing.
    let view = app.session.as_ref().unwrap();
    let sector = view
        .lines
        .iter()
        .map(|l| &l.establishment)
        .find(|e| {
            !e.sector.is_empty()
                && !view.lines.iter().any(|l| {
                    sansang::survey::text::matches(
                        &format!("{} {}", l.establishment.name, l.establishment.commune),
                        &e.sector,
                    )
                })
        })
        .map(|e| e.sector.clone());
    if let Some(sector) = sector {
        press(&mut app, &format!("/{sector}"));
        assert!(app.session.as_ref().unwrap().shown.is_empty(), "{sector}");
    }
}

#[test]
fn the_centre_is_asked_once_with_the_first_new_workshop_and_kept_for_the_sheets() {
    let laptop = Laptop::new();
    let mut app = laptop.open();
    let centre_field = sansang::tui::form::Label::Text(S::FieldCentre);
    press(&mut app, "n");
    let form = app.session_form.as_ref().expect("the new workshop form");
    let at = form.find(centre_field).expect("asked while never set");
    press(&mut app, "Hội thảo Đồng Hỷ");
    for _ in 0..at {
        press(&mut app, "<tab>");
    }
    // A name that shows nothing is refused in the field, and nothing is created.
    press(&mut app, "\u{200b}<c-s>");
    let refused = app.session_form.as_ref().expect("still open");
    assert_eq!(refused.focus, at, "{:?}", refused.error);
    assert!(app.sessions.is_empty());
    press(&mut app, "<bs>");
    press(&mut app, "Trung tâm Khuyến công Thái Nguyên<c-s>");
    assert!(app.session_form.is_none(), "saved");
    assert_eq!(
        app.fieldwork().centre().unwrap().as_deref(),
        Some("Trung tâm Khuyến công Thái Nguyên")
    );
    press(&mut app, "<esc>n");
    let again = app
        .session_form
        .as_ref()
        .expect("a second new workshop form");
    assert_eq!(again.find(centre_field), None, "asked once");
    press(&mut app, "<esc><c-c>");
    app.close().unwrap();
    let cli = common::Workshop::at(laptop.db());
    assert_eq!(
        cli.ok(&["config", "get", "centre"]),
        "Trung tâm Khuyến công Thái Nguyên\n"
    );
}

#[test]
fn a_centre_left_blank_is_not_asked_again() {
    let laptop = Laptop::new();
    let mut app = laptop.open();
    workshop(&mut app);
    assert_eq!(app.fieldwork().centre().unwrap().as_deref(), Some(""));
    press(&mut app, "<esc>n");
    let form = app.session_form.as_ref().unwrap();
    assert_eq!(
        form.find(sansang::tui::form::Label::Text(S::FieldCentre)),
        None
    );
}
