//! Every screen at the smallest size laid out (64x18), the size the guide asks for (80x24)
//! and a large one (120x40), in Vietnamese and English. Review snapshot diffs like code.

mod tui_support;

use sansang::tui::app::App;
use sansang::tui::strings::Lang;
use tui_support::{memory_app, press, screen};

const SIZES: [(u16, u16); 3] = [(64, 18), (80, 24), (120, 40)];

fn check(name: &str, mut app: App) {
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(
        r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        "[id]",
    );
    settings.add_filter(r"/tmp/\.tmp[A-Za-z0-9]+", "[tmp]");
    settings.set_snapshot_path("snapshots");
    settings.bind(|| {
        for lang in [Lang::Vi, Lang::En] {
            app.lang = lang;
            for (w, h) in SIZES {
                insta::assert_snapshot!(
                    format!("{name}_{w}x{h}_{}", lang.code()),
                    screen(&app, w, h)
                );
            }
        }
    });
}

/// The demo workshop open on its session screen.
fn demo() -> App {
    let mut app = memory_app();
    press(&mut app, "d");
    app
}

#[test]
fn welcome() {
    check("welcome", memory_app());
}

#[test]
fn new_session_form() {
    let mut app = memory_app();
    press(&mut app, "nHội thảo Đồng Hỷ");
    check("new_session_form", app);
}

#[test]
fn sessions() {
    let mut app = demo();
    press(&mut app, "<esc>");
    check("sessions", app);
}

#[test]
fn session() {
    check("session", demo());
}

#[test]
fn session_filtered() {
    let mut app = demo();
    press(&mut app, "/dong hy");
    check("session_filtered", app);
}

#[test]
fn new_establishment_form() {
    let mut app = demo();
    press(&mut app, "aCơ sở mây tre đan Ngọc Đồng<tab><right>");
    check("new_establishment_form", app);
}

#[test]
fn pick_establishment() {
    let mut app = demo();
    press(&mut app, "fphu luong");
    check("pick_establishment", app);
}

#[test]
fn entry_choice() {
    let mut app = demo();
    press(&mut app, "<enter><pgup><pgup><pgup><pgup>");
    check("entry_choice", app);
}

#[test]
fn entry_end_of_a_complete_response() {
    let mut app = demo();
    press(&mut app, "s<down><down><down><enter>");
    check("entry_end_complete", app);
}

#[test]
fn entry_multi_with_guidance() {
    let mut app = demo();
    press(&mut app, "aCơ sở mới Khe Vàng<c-s>s<enter>");
    tui_support::go_to(&mut app, "K1");
    press(&mut app, "13g");
    assert_eq!(tui_support::at(&app), "K1");
    check("entry_multi_guidance", app);
}

#[test]
fn entry_typed_answer_refused() {
    let laptop = tui_support::Laptop::new();
    let mut app = laptop.open();
    press(&mut app, "nHội thảo<c-s>aCơ sở A<c-s>ss<enter>150<enter>");
    check("entry_typed_refused", app);
}

#[test]
fn entry_end_page_with_missing() {
    let mut app = memory_app();
    press(&mut app, "nHội thảo<c-s>aCơ sở A<c-s><enter><c-s>");
    check("entry_end_missing", app);
}

#[test]
fn result_card() {
    let mut app = demo();
    press(&mut app, "r");
    check("result", app);
}

#[test]
fn dashboard() {
    let mut app = demo();
    press(&mut app, "b<right>");
    check("dashboard", app);
}

#[test]
fn help() {
    let mut app = demo();
    press(&mut app, "<enter>?");
    check("help_entry", app);
}

#[test]
fn window_too_small() {
    let app = memory_app();
    insta::assert_snapshot!("too_small", screen(&app, 50, 12));
}

#[test]
fn long_and_wide_names_are_cut_by_display_width() {
    let mut app = memory_app();
    press(
        &mut app,
        "nHội thảo chuyển đổi số cho các làng nghề truyền thống tỉnh Thái Nguyên năm 2026<c-s>",
    );
    press(
        &mut app,
        "aHợp tác xã Mây tre đan xuất khẩu 竹細工 🎋 Ngọc Đồng – thôn Khe Vàng, xã Vô Tranh<c-s>",
    );
    press(&mut app, "aCơ sở A<c-s>");
    check("long_wide_names_session", app);
}

#[test]
fn edit_establishment_form() {
    let mut app = demo();
    press(&mut app, "e<tab><tab><tab><tab><tab><tab><tab><tab>");
    check("edit_establishment_form", app);
}

#[test]
fn edit_session_form() {
    let mut app = demo();
    press(&mut app, "<esc>e");
    check("edit_session_form", app);
}

#[test]
fn confirm_remove_establishment() {
    let mut app = demo();
    press(&mut app, "<del>");
    check("confirm_remove", app);
}

#[test]
fn confirm_delete_response() {
    let mut app = demo();
    press(&mut app, "t");
    check("confirm_delete_response", app);
}

#[test]
fn dashboard_with_drafts_by_name() {
    let mut app = demo();
    press(&mut app, "b<left>v<down><down>");
    assert!(app.dashboard.as_ref().unwrap().board.totals.drafts > 0);
    check("dashboard_drafts_by_name", app);
}

#[test]
fn session_filtered_by_state() {
    let mut app = demo();
    press(&mut app, "cc");
    check("session_drafts", app);
}

#[test]
fn result_sheet_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo();
    app.export_dir = dir.path().join("Tài liệu").join("sansang");
    press(&mut app, "rp");
    check("result_printed", app);
}

#[test]
fn entry_date_question() {
    let laptop = tui_support::Laptop::new();
    let mut app = laptop.open();
    press(&mut app, "nHội thảo<c-s>aCơ sở A<c-s>sss<enter>");
    check("entry_date", app);
}

#[test]
fn entry_options_past_the_window_are_announced() {
    let mut app = memory_app();
    press(&mut app, "nHội thảo<c-s>aCơ sở A<c-s><enter>");
    tui_support::go_to(&mut app, "B5");
    check("entry_many_options", app);
}
