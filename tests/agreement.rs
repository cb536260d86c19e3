//! One set of numbers: on the demo database, the dashboard on the screen, the printed
//! session sheet, the workbook and `sansang score` agree on every index, rank, level count
//! and average, drafts included (marked, and left out of ranks, counts and averages).

mod common;
mod tui_support;

use std::collections::HashMap;

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::Workshop;
use sansang::fieldwork::Fieldwork;
use sansang::store::Store;
use sansang::survey::Catalog;
use sansang::survey::display::score_text;
use sansang::tui::app::{Action, App, update};
use scraper::{Html, Selector};

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// Rounded as the sheets print it: the one rounding (half away from zero, with the
/// thresholds' allowance, so sums added in another order round alike).
fn tenth(v: f64) -> f64 {
    sansang::survey::display::round_tenth(v)
}

#[test]
fn screens_sheets_workbook_and_score_agree_on_the_demo_database() {
    let w = Workshop::new();
    w.ok(&["demo"]);
    // `score`: the index of every response.
    let scored = w.json(&["score", "--format", "json"]);
    let index: HashMap<String, Option<f64>> = scored
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["id"].as_str().unwrap().to_owned(), r["index"].as_f64()))
        .collect();
    assert!(index.len() > 40);
    // The workbook: the same index for every response, and the averages per session.
    let xlsx = w.dir.path().join("all.xlsx");
    w.ok(&[
        "export",
        "--format",
        "xlsx",
        "--codes",
        "--out",
        xlsx.to_str().unwrap(),
    ]);
    let mut book: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let scores = book.worksheet_range("Điểm").unwrap();
    let header: Vec<String> = scores
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    for row in scores.rows().skip(1) {
        let id = row[at("response_id")].to_string();
        let expected = index[&id].map(tenth);
        let got = match &row[at("index")] {
            Data::Float(v) => Some(tenth(*v)),
            _ => None,
        };
        assert_eq!(got, expected, "response {id}");
    }
    assert_eq!(scores.rows().count() - 1, index.len());
    let averages = book.worksheet_range("Trung bình theo phiên").unwrap();
    let mut sheet_averages: HashMap<(String, String, String), (f64, f64, f64)> = HashMap::new();
    for r in averages.rows().skip(1) {
        let num = |c: &Data| match c {
            Data::Float(v) => *v,
            other => panic!("not a number: {other:?}"),
        };
        sheet_averages.insert(
            (r[0].to_string(), r[2].to_string(), r[3].to_string()),
            (num(&r[5]), num(&r[6]), num(&r[7])),
        );
    }

    let store = Store::open(&w.db).unwrap();
    let sessions = store.sessions().unwrap();
    let fieldwork = Fieldwork::new(store, Catalog::bundled());
    let mut app = App::new(fieldwork, tui_support::today());
    tui_support::settle(&mut app);
    let mut drafts_seen = 0;
    for (n, session) in sessions.iter().enumerate() {
        // The printed sheet of this session.
        let html_path = w.dir.path().join(format!("session-{n}.html"));
        let out = html_path.to_str().unwrap();
        // The database is open in the app: read-only commands wait for it, so print first.
        let printed = app.fieldwork().boards(session.id).unwrap();
        let sheet = session_sheet_rows(&w, &app, session.id, out);
        for (survey_n, board) in printed.iter().enumerate() {
            let survey = &board.columns.survey;
            // The dashboard on the screen, opened by keys.
            app.selected = n;
            update(&mut app, Action::Enter);
            app.survey = app.surveys.iter().position(|s| s.id == survey.id).unwrap();
            update(&mut app, Action::ShowDashboard);
            let dash = app.dashboard.as_ref().unwrap();
            assert_eq!(dash.board.totals, board.totals);
            for row in dash.rows() {
                let id = row.scored.response.id.to_string();
                assert_eq!(
                    row.scored.card.index, index[&id],
                    "{}",
                    row.establishment.name
                );
            }
            drafts_seen += board.totals.drafts;
            // The sheet: the same rows in the same order, ranked the same, drafts marked.
            let expected: Vec<(String, String, String)> = board
                .rows
                .iter()
                .map(|r| {
                    (
                        r.rank.map(|n| n.to_string()).unwrap_or_default(),
                        r.establishment.name.clone(),
                        score_text(r.scored.card.index, sansang::export::Lang::Vi),
                    )
                })
                .collect();
            assert_eq!(
                sheet[survey_n].0, expected,
                "{} {}",
                session.name, survey.id
            );
            let counts: Vec<usize> = board.totals.level_counts.clone();
            assert_eq!(sheet[survey_n].1[..counts.len()], counts[..]);
            // The workbook's averages: the board's, with the same counts.
            for (dim, avg) in survey.dimensions.iter().zip(&board.totals.averages) {
                let key = (session.name.clone(), survey.id.clone(), dim.id.clone());
                match avg {
                    Some(avg) => {
                        let (got, counted, drafts) = sheet_averages[&key];
                        assert_eq!(tenth(got), tenth(*avg), "{key:?}");
                        assert_eq!(counted as usize, board.totals.counted);
                        assert_eq!(drafts as usize, board.totals.drafts);
                    }
                    None => assert!(!sheet_averages.contains_key(&key)),
                }
            }
            update(&mut app, Action::Esc);
            update(&mut app, Action::Esc);
        }
    }
    assert!(drafts_seen > 0, "the demo has drafts, left out and counted");
}

/// Per survey section of the session sheet: its ranking rows (rank, name, index) and its
/// level counts. Written through the library the `report` command calls.
type Section = (Vec<(String, String, String)>, Vec<usize>);

fn session_sheet_rows(_w: &Workshop, app: &App, session: uuid::Uuid, out: &str) -> Vec<Section> {
    sansang::export::report::session_report(
        app.fieldwork(),
        session,
        sansang::export::Lang::Vi,
        std::path::Path::new(out),
        true,
    )
    .unwrap();
    let doc = Html::parse_document(&std::fs::read_to_string(out).unwrap());
    doc.select(&sel("section.survey"))
        .map(|s| {
            let ranking = s
                .select(&sel("section.ranking tr"))
                .skip(1)
                .map(|tr| {
                    let cells: Vec<String> = tr
                        .select(&sel("td"))
                        .map(|td| td.text().collect::<String>())
                        .collect();
                    (cells[0].clone(), cells[1].clone(), cells[2].clone())
                })
                .collect();
            let levels = s
                .select(&sel("section.levels tr"))
                .skip(1)
                .map(|tr| {
                    let n: String = tr
                        .select(&sel("td.num"))
                        .map(|td| td.text().collect::<String>())
                        .collect();
                    n.parse().unwrap()
                })
                .collect();
            (ranking, levels)
        })
        .collect()
}
