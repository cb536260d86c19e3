//! The entry flow, driven by real key events through the keymap and `update`,
//! over a real database in a temporary folder.

mod tui_support;

use sansang::store::Store;
use sansang::tui::app::Screen;
use sansang::tui::strings::{Detail, S};
use serde_json::json;
use tui_support::{Laptop, at, go_to, press, workshop};

fn stored(app: &sansang::tui::app::App) -> std::collections::BTreeMap<String, serde_json::Value> {
    let entry = app.entry.as_ref().unwrap();
    let answers = app.fieldwork().store().answers(entry.response.id).unwrap();
    answers.into_iter().map(|(q, a)| (q, a.value)).collect()
}

#[test]
fn a_trainer_creates_a_workshop_and_an_establishment_by_keys() {
    let laptop = Laptop::new();
    let mut app = laptop.open();
    assert_eq!(app.screen, Screen::Welcome);
    workshop(&mut app);
    assert_eq!(app.screen, Screen::Session);
    let view = app.session.as_ref().unwrap();
    assert_eq!(view.session.name, "Hội thảo Phú Lương");
    assert_eq!(view.session.date, tui_support::today());
    assert_eq!(view.lines.len(), 1);
    let e = &view.lines[0].establishment;
    assert_eq!(e.name, "HTX Chè Tân Cương");
    assert_eq!(
        (e.commune.as_str(), e.province.as_str()),
        ("Phú Lương", "Thái Nguyên")
    );
}

#[test]
fn skip_logic_hides_and_shows_questions_as_answers_change() {
    let laptop = Laptop::new();
    let mut app = laptop.open();
    workshop(&mut app);
    press(&mut app, "<enter>");
    go_to(&mut app, "C0");
    press(&mut app, "2");
    assert_eq!(at(&app), "C3g", "C2 is asked only when C0 is yes");
    press(&mut app, "<up>");
    assert_eq!(at(&app), "C0");
    press(&mut app, "1");
    assert_eq!(at(&app), "C2");
}

#[test]
fn back_and_forward_move_between_shown_questions() {
    let laptop = Laptop::new();
    let mut app = laptop.open();
    workshop(&mut app);
    press(&mut app, "<enter>");
    assert_eq!(at(&app), "P2");
    press(&mut app, "<enter>");
    assert_eq!(at(&app), "P3");
    press(&mut app, "<s-tab>");
    assert_eq!(at(&app), "P2");
    press(&mut app, "<up>");
    assert_eq!(at(&app), "P2", "nothing before the first question");
    press(&mut app, "<tab><down>");
    assert_eq!(at(&app), "P4");
    press(&mut app, "<pgdn>");
    assert_eq!(at(&app), "A1", "PgDn jumps to the next dimension");
    press(&mut app, "<pgdn><pgup>");
    assert_eq!(at(&app), "A1");
}

#[test]
fn a_response_resumes_where_it_was_left_even_after_the_laptop_dies() {
    let laptop = Laptop::new();
    let mut app = laptop.open();
    workshop(&mut app);
    press(&mut app, "<enter>12<enter>");
    assert_eq!(at(&app), "P5");
    press(&mut app, "<esc>");
    assert_eq!(app.screen, Screen::Session);
    press(&mut app, "<enter>");
    assert_eq!(at(&app), "P5", "back where it was left");
    // The laptop dies: no clean exit. Every answer was already committed.
    drop(app);
    let mut app = laptop.open();
    assert_eq!(
        app.screen,
        Screen::Session,
        "reopened on the workshop it was in"
    );
    press(&mut app, "<enter>");
    assert_eq!(app.screen, Screen::Entry);
    assert_eq!(at(&app), "P4", "the first unanswered question");
    let answers = stored(&app);
    assert_eq!(answers.len(), 2);
    assert!(answers.contains_key("P2") && answers.contains_key("P3"));
}

#[test]
fn an_exclusive_option_clears_the_others_and_is_cleared_by_them() {
    let laptop = Laptop::new();
    let mut app = laptop.open();
    workshop(&mut app);
    press(&mut app, "<enter>");
    go_to(&mut app, "B5");
    let q = app.entry.as_ref().unwrap().question().unwrap().clone();
    let options = q.kind.options();
    let exclusive = options.iter().position(|o| o.exclusive).unwrap() + 1;
    let others: Vec<usize> = (1..=options.len())
        .filter(|&n| n != exclusive)
        .take(2)
        .collect();
    press(&mut app, &format!("{}{}", others[0], others[1]));
    assert_eq!(stored(&app)["B5"].as_array().unwrap().len(), 2);
    press(&mut app, &exclusive.to_string());
    assert_eq!(stored(&app)["B5"], json!([options[exclusive - 1].value]));
    press(&mut app, &others[0].to_string());
    assert_eq!(stored(&app)["B5"], json!([options[others[0] - 1].value]));
    press(&mut app, &others[0].to_string());
    assert!(
        !stored(&app).contains_key("B5"),
        "unticking the last option clears the answer"
    );
}

#[test]
fn a_bad_value_is_refused_with_the_reason_and_nothing_is_stored() {
    let laptop = Laptop::new();
    let mut app = laptop.open();
    workshop(&mut app);
    press(&mut app, "ss<enter>");
    assert_eq!(app.entry.as_ref().unwrap().survey.id, "mini");
    assert_eq!(at(&app), "N1");
    press(&mut app, "150<enter>");
    assert_eq!(
        at(&app),
        "N1",
        "a refused value keeps the question in focus"
    );
    let entry = app.entry.as_ref().unwrap();
    assert_eq!(entry.error.as_ref().map(|e| e.0), Some(S::Refused));
    assert!(
        entry
            .error
            .as_ref()
            .unwrap()
            .1
            .as_ref()
            .unwrap()
            .text(sansang::tui::strings::Lang::Vi)
            .contains("100")
    );
    assert!(stored(&app).is_empty());
    press(&mut app, "<bs><bs><bs>12<enter>");
    assert_eq!(at(&app), "T1");
    assert_eq!(stored(&app)["N1"], json!(12.0));
    press(&mut app, "quá dài<enter>");
    assert_eq!(at(&app), "T1", "longer than 5 characters is refused");
    press(&mut app, "<home><del><del><del><enter>");
    assert_eq!(at(&app), "Y1");
    assert_eq!(stored(&app)["T1"], json!("dài"));
}

#[test]
fn completion_is_refused_while_a_required_answer_is_missing() {
    let laptop = Laptop::new();
    let mut app = laptop.open();
    workshop(&mut app);
    press(&mut app, "ss<enter>12<enter><enter><c-s>");
    let entry = app.entry.as_ref().unwrap();
    assert!(entry.at_end());
    assert_eq!(entry.error.as_ref().map(|e| e.0), Some(S::CompleteRefused));
    assert_eq!(entry.card.missing, vec!["Y1".to_string()]);
    assert!(!entry.complete());
    press(&mut app, "1<enter>");
    assert_eq!(
        at(&app),
        "Y1",
        "a missing question is its number and Enter away"
    );
    press(&mut app, "1<enter>");
    assert_eq!(app.screen, Screen::Result);
    let card = app.result.as_ref().unwrap().outcome.card();
    assert_eq!(card.index, Some(100.0));
    assert!(card.complete);
}

#[test]
fn changing_a_complete_response_asks_for_a_reason_kept_in_the_audit_trail() {
    let laptop = Laptop::new();
    let mut app = laptop.open();
    workshop(&mut app);
    press(&mut app, "ss<enter>12<enter><enter>1<enter><esc><enter>");
    assert_eq!(app.screen, Screen::Entry);
    assert!(app.entry.as_ref().unwrap().complete());
    press(&mut app, "<up>2");
    assert!(app.entry.as_ref().unwrap().reason.is_some());
    assert_eq!(
        stored(&app)["Y1"],
        json!("yes"),
        "not changed before the reason"
    );
    let saved_mark = S::Saved.get(sansang::tui::strings::Lang::Vi);
    assert!(
        !tui_support::screen(&app, 120, 40).contains(saved_mark),
        "no saved mark while the change waits for its reason"
    );
    press(&mut app, "<enter>");
    let entry = app.entry.as_ref().unwrap();
    assert_eq!(entry.error.as_ref().map(|e| e.0), Some(S::ReasonNeeded));
    press(&mut app, "chủ cơ sở nói lại<enter>");
    assert!(app.entry.as_ref().unwrap().reason.is_none());
    assert_eq!(stored(&app)["Y1"], json!("no"));
    assert_ne!(
        at(&app),
        "Y1",
        "the digit's move on, once the reason is given"
    );
    press(&mut app, "<up>");
    assert_eq!(at(&app), "Y1");
    let screen = tui_support::screen(&app, 120, 40);
    assert!(screen.contains(saved_mark), "{screen}");
    let response = app.entry.as_ref().unwrap().response.id;
    drop(app);
    let store = Store::open(laptop.db()).unwrap();
    let audit = store.audit(response).unwrap();
    let last = audit.last().unwrap();
    assert_eq!(last.question_id, "Y1");
    assert_eq!(last.reason.as_deref(), Some("chủ cơ sở nói lại"));
}

#[test]
fn windows_key_releases_are_ignored() {
    let laptop = Laptop::new();
    let mut app = laptop.open();
    workshop(&mut app);
    press(&mut app, "ss<enter>");
    for key in [
        crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Char('7'),
            crossterm::event::KeyModifiers::NONE,
        ),
        tui_support::release(crossterm::event::KeyCode::Char('7')),
    ] {
        if let Some(a) = sansang::tui::action_of(&app, crossterm::event::Event::Key(key)) {
            sansang::tui::app::update(&mut app, a);
        }
    }
    assert_eq!(app.entry.as_ref().unwrap().input.text(), "7");
}

#[test]
fn unikey_backspace_bursts_and_ctrl_h_type_vietnamese() {
    let laptop = Laptop::new();
    let mut app = laptop.open();
    workshop(&mut app);
    // Telex "vieetj" as Unikey sends it, with Ctrl+H (0x08) as one of the backspaces.
    press(&mut app, "avie<bs>êt<bs><c-h>ệt");
    let form = app.session.as_ref().unwrap().form.as_ref().unwrap();
    assert_eq!(form.fields[0].input.text(), "việt");
}

#[test]
fn adding_an_establishment_twice_is_caught_and_the_existing_one_can_be_picked() {
    let laptop = Laptop::new();
    let mut app = laptop.open();
    workshop(&mut app);
    press(&mut app, "<esc>nHội thảo Đồng Hỷ<c-s>");
    press(&mut app, "aHTX chè Tân Cuong<c-s>");
    let form = app.session.as_ref().unwrap().form.as_ref().unwrap();
    assert_eq!(form.error.as_ref().map(|e| e.0), Some(S::Duplicate));
    press(&mut app, "<esc>ftan cuong<enter>");
    let view = app.session.as_ref().unwrap();
    assert_eq!(view.lines.len(), 1);
    assert_eq!(view.lines[0].establishment.name, "HTX Chè Tân Cương");
    let all = app.fieldwork().store().establishments(None).unwrap();
    assert_eq!(all.len(), 1);
}

#[test]
fn a_failed_save_is_shown_and_the_answer_is_not_marked_saved() {
    use sansang::fieldwork::Fieldwork;
    use sansang::tui::app::App;
    let disk = tui_support::FlakyDisk::default();
    let store = Store::with_backend(disk.clone(), std::path::Path::new("flaky.redb")).unwrap();
    let mut app = App::new(
        Fieldwork::new(store, tui_support::catalog_1_0()),
        tui_support::today(),
    );
    workshop(&mut app);
    press(&mut app, "<enter>1");
    assert!(app.entry.as_ref().unwrap().answers.contains_key("P2"));
    disk.fill();
    assert_eq!(at(&app), "P3");
    press(&mut app, "2");
    let entry = app.entry.as_ref().unwrap();
    assert_eq!(entry.error.as_ref().map(|e| e.0), Some(S::SaveFailed));
    assert!(!entry.answers.contains_key("P3"), "not shown as saved");
    let shown = tui_support::screen(&app, 80, 24);
    assert!(shown.contains("Chưa lưu được: ổ đĩa"), "{shown}");
    assert!(!shown.contains("đã lưu "), "{shown}");
    // redb writes nothing more after a failed write until the file is opened again: the
    // trainer is told so, and what was saved stays saved.
    disk.free();
    press(&mut app, "2");
    let shown = tui_support::screen(&app, 80, 24);
    assert!(shown.contains("hãy thoát sansang"), "{shown}");
    assert!(!app.entry.as_ref().unwrap().answers.contains_key("P3"));
    let response = app.entry.as_ref().unwrap().response.id;
    let kept = app.fieldwork().store().answers(response).unwrap();
    assert!(kept.contains_key("P2"));
}

#[test]
fn arrows_and_space_choose_an_option_too() {
    let laptop = Laptop::new();
    let mut app = laptop.open();
    workshop(&mut app);
    press(&mut app, "<enter><right><right>");
    let q = app.entry.as_ref().unwrap().question().unwrap().clone();
    press(&mut app, "<space>");
    assert_eq!(stored(&app)["P2"], json!(q.kind.options()[2].value));
    assert_eq!(at(&app), "P3", "a chosen option moves on");
    press(&mut app, "<up><left><left><left><space>");
    let last = q.kind.options().last().unwrap();
    assert_eq!(
        stored(&app)["P2"],
        json!(last.value),
        "the highlight wraps around"
    );
}

#[test]
fn esc_on_a_refused_value_asks_once_then_drops_it_and_keeps_the_saved_answer() {
    let laptop = Laptop::new();
    let mut app = laptop.open();
    workshop(&mut app);
    press(&mut app, "ss<enter>12<enter><up><bs><bs>999<esc>");
    assert_eq!(app.screen, Screen::Entry);
    let entry = app.entry.as_ref().unwrap();
    assert_eq!(entry.error.as_ref().map(|e| e.0), Some(S::RefusedEscAgain));
    press(&mut app, "<esc>");
    assert_eq!(app.screen, Screen::Session);
    press(&mut app, "<enter>");
    assert_eq!(at(&app), "N1");
    assert_eq!(stored(&app)["N1"], json!(12.0));
    assert_eq!(app.entry.as_ref().unwrap().input.text(), "12");
}

#[test]
fn esc_and_a_key_read_together_are_both_handled() {
    let laptop = Laptop::new();
    let mut app = laptop.open();
    workshop(&mut app);
    press(&mut app, "ss<enter>12<enter><enter>1<enter><esc><enter>");
    assert_eq!(app.screen, Screen::Entry);
    // A fast Esc then r arrives as Alt+r: leave the entry, then open the result card.
    press(&mut app, "<m-r>");
    assert_eq!(app.screen, Screen::Result);
}

#[test]
fn a_follow_up_visit_shows_the_change_since_last_time() {
    let laptop = Laptop::new();
    let mut app = laptop.open();
    press(&mut app, "d");
    assert_eq!(app.screen, Screen::Session);
    press(&mut app, "r");
    assert_eq!(app.screen, Screen::Result);
    let view = app.result.as_ref().unwrap();
    let before = view
        .outcome
        .previous
        .as_ref()
        .expect("the demo's second session is a follow-up");
    assert!(before.date < app.session.as_ref().unwrap().session.date);
    assert!(before.card.index.is_some());
    assert!(tui_support::screen(&app, 120, 40).contains("Thay đổi so với lần trước"));
}

#[test]
fn the_dashboard_ranks_sorts_and_switches_survey_by_keys() {
    let mut app = tui_support::memory_app();
    press(&mut app, "db");
    assert_eq!(app.screen, Screen::Dashboard);
    let board = app.dashboard.as_ref().unwrap();
    assert_eq!(board.board.columns.survey.id, "sxsh");
    let counted: Vec<f64> = board
        .rows()
        .filter(|r| r.state.counts())
        .filter_map(|r| r.scored.card.index)
        .collect();
    assert!(counted.len() > 3);
    assert!(
        counted.windows(2).all(|w| w[0] >= w[1]),
        "ranked by index, best first"
    );
    let ranks: Vec<usize> = board.rows().filter_map(|r| r.rank).collect();
    assert_eq!(ranks, (1..=ranks.len()).collect::<Vec<_>>());
    assert!(
        board.rows().all(|r| r.state.counts() || r.rank.is_none()),
        "drafts are not ranked"
    );
    press(&mut app, "<right>v");
    let board = app.dashboard.as_ref().unwrap();
    assert_eq!((board.sort, board.descending), (2, false));
    let columns = &board.board.columns;
    let first: Vec<f64> = board
        .rows()
        .filter(|r| r.state.counts())
        .filter_map(|r| r.dimension(columns, 0))
        .collect();
    assert!(
        first.windows(2).all(|w| w[0] <= w[1]),
        "by the first dimension, ascending"
    );
    press(&mut app, "s");
    assert_eq!(
        app.dashboard.as_ref().unwrap().board.columns.survey.id,
        "dx"
    );
    press(&mut app, "<esc>");
    assert_eq!(app.screen, Screen::Session);
}

#[test]
fn a_response_is_read_against_the_definition_pinned_with_it() {
    use sansang::survey::Catalog;
    let catalog = Catalog::bundled();
    let shipped = catalog.entry("sxsh", None).unwrap();
    let other = shipped.source.replacen(
        "Mức độ sẵn sàng sản xuất sạch hơn",
        "Bản định nghĩa đã ghim",
        1,
    );
    let laptop = Laptop::new();
    {
        let store = Store::open(laptop.db()).unwrap();
        store
            .pin_survey(&shipped.survey.id, &shipped.survey.version, &other)
            .unwrap();
        store.close().unwrap();
    }
    let mut app = laptop.open_with(catalog.clone());
    workshop(&mut app);
    press(&mut app, "<enter>");
    let title = app
        .entry
        .as_ref()
        .unwrap()
        .survey
        .title
        .get("vi")
        .to_owned();
    assert_eq!(title, "Bản định nghĩa đã ghim");
}

#[test]
fn x_on_the_session_screen_writes_the_spreadsheet_and_says_where() {
    use calamine::{Reader, Xlsx, open_workbook};
    let laptop = Laptop::new();
    let mut app = laptop.open();
    app.export_dir = laptop.dir.path().join("exports");
    workshop(&mut app);
    press(&mut app, "<enter>");
    go_to(&mut app, "A1");
    press(&mut app, "4<esc>");
    assert_eq!(app.screen, Screen::Session);
    press(&mut app, "x");
    let Some((S::Exported, Some(Detail::Path(path)))) = app.status.clone() else {
        panic!("expected the export notice, got {:?}", app.status);
    };
    assert!(path.starts_with(&app.export_dir), "{}", path.display());
    assert!(
        path.extension().is_some_and(|e| e == "xlsx"),
        "{}",
        path.display()
    );
    let mut book: Xlsx<_> = open_workbook(&path).expect("a real workbook");
    let names = book.sheet_names();
    let first = book.worksheet_range(&names[0]).unwrap();
    let cells: Vec<String> = first.cells().map(|(_, _, c)| c.to_string()).collect();
    assert!(
        cells.iter().any(|c| c == "HTX Chè Tân Cương"),
        "{names:?}: {cells:?}"
    );

    // A second export keeps the first file.
    press(&mut app, "x");
    let Some((S::Exported, Some(Detail::Path(second)))) = app.status.clone() else {
        panic!("{:?}", app.status);
    };
    assert_ne!(second, path);
    assert!(path.exists() && second.exists());
}

#[test]
fn an_export_that_cannot_be_written_is_shown_not_crashed() {
    let laptop = Laptop::new();
    let mut app = laptop.open();
    let blocker = laptop.dir.path().join("not-a-folder");
    std::fs::write(&blocker, "a file where the folder should be").unwrap();
    app.export_dir = blocker;
    workshop(&mut app);
    press(&mut app, "x");
    assert!(
        matches!(app.status, Some((S::ExportFailed, Some(_)))),
        "{:?}",
        app.status
    );
    assert_eq!(app.screen, Screen::Session);
}

#[test]
fn the_visit_before_is_the_earlier_workshop_even_when_its_paper_forms_were_keyed_in_later() {
    use sansang::store::{Establishment, EstablishmentKind, Response, Session};
    use sansang::survey::Catalog;
    let laptop = Laptop::new();
    {
        let store = Store::open(laptop.db()).unwrap();
        let sxsh = Catalog::bundled()
            .entry("sxsh", Some("1.0"))
            .unwrap()
            .clone();
        store
            .pin_survey(&sxsh.survey.id, &sxsh.survey.version, &sxsh.source)
            .unwrap();
        let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let baseline = store
            .create_session(Session::new("Lần đầu", date(2024, 10, 15)))
            .unwrap();
        let follow_up = store
            .create_session(Session::new("Lần sau", date(2025, 10, 16)))
            .unwrap();
        let e = store
            .add_establishment(Establishment::new(
                "HTX chè Vô Tranh",
                EstablishmentKind::HopTacXa,
            ))
            .unwrap();
        // The follow-up is entered first; the baseline's paper form afterwards.
        for (session, answer) in [(follow_up.id, "applied"), (baseline.id, "never")] {
            store.join_session(session, e.id).unwrap();
            let r = Response::new("sxsh", &sxsh.survey.version, e.id, session, "test");
            store.create_response(&r).unwrap();
            store
                .set_answer(r.id, "A1", Some(json!(answer)), None)
                .unwrap();
        }
        store.close().unwrap();
    }
    let mut app = laptop.open();
    // Sessions are listed newest first: the follow-up, then the baseline.
    press(&mut app, "<enter>r");
    let before = app
        .result
        .as_ref()
        .unwrap()
        .outcome
        .previous
        .clone()
        .expect("the baseline");
    assert_eq!(before.date.to_string(), "2024-10-15");
    assert_eq!(
        before.card.dimensions[0].score,
        Some(0.0),
        "A1 'never' at the baseline"
    );
    press(&mut app, "<esc><esc><down><enter>r");
    assert_eq!(app.session.as_ref().unwrap().session.name, "Lần đầu");
    assert!(
        app.result.as_ref().unwrap().outcome.previous.is_none(),
        "nothing before the baseline"
    );
}

#[test]
fn the_dashboard_scores_each_response_with_the_version_it_was_recorded_against() {
    use sansang::survey::Catalog;
    let laptop = Laptop::new();
    {
        let store = Store::open(laptop.db()).unwrap();
        let catalog = tui_support::catalog_1_0();
        sansang::demo::generate(&store, &catalog, &Default::default()).unwrap();
        store.close().unwrap();
    }
    // A version 3.0 that weighs dimension A far more, now the newest in the catalog.
    let [sxsh, _, dx, ..] = sansang::survey::catalog::BUNDLED;
    let mut v3: serde_json::Value = serde_json::from_str(sxsh.1).unwrap();
    v3["version"] = json!("3.0");
    v3["dimensions"][0]["weight"] = json!(500);
    let v3 = v3.to_string();
    let catalog = Catalog::of(&[sxsh, dx, ("sxsh-3.json", &v3)]).unwrap();
    let mut app = laptop.open_with(catalog);
    assert_eq!(app.surveys[0].version, "3.0", "new responses would use 3.0");
    press(&mut app, "<enter>");
    let lines = app.session.as_ref().unwrap().lines.clone();
    press(&mut app, "b");
    let board = app.dashboard.as_ref().unwrap();
    assert_eq!(
        board.board.columns.survey.version, "1.0",
        "the columns are the version the rows were recorded against"
    );
    let mut compared = 0;
    for line in &lines {
        let Some(row) = board
            .rows()
            .find(|r| r.establishment.id == line.establishment.id)
        else {
            continue;
        };
        let own = line.standings[0].scored.as_ref().unwrap();
        assert_eq!(
            row.scored.card.index, own.card.index,
            "{}",
            row.establishment.name
        );
        compared += usize::from(row.scored.card.index.is_some());
    }
    assert!(
        compared > 3,
        "the demo's responses were recorded with 1.0 and scored with it"
    );
}
