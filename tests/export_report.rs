//! The centre prints a result sheet per establishment and one per workshop.

mod export_common;

use export_common::*;
use scraper::{Html, Selector};

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn text(doc: &Html, css: &str) -> String {
    doc.select(&sel(css))
        .map(|e| e.text().collect::<String>())
        .collect::<Vec<_>>()
        .join(" | ")
}

#[test]
fn an_establishments_sheet_has_every_section_and_one_chart_per_survey() {
    let dir = tempfile::tempdir().unwrap();
    let w = workshop(dir.path());
    let out = dir.path().join("tea.html");
    let printed = ok(&sansang(
        &w.db,
        &[
            "report",
            "--establishment",
            &w.tea.to_string(),
            "--out",
            out.to_str().unwrap(),
        ],
    ));
    assert_eq!(printed.trim(), out.to_str().unwrap());
    let html = std::fs::read_to_string(&out).unwrap();
    let doc = Html::parse_document(&html);
    assert!(text(&doc, "h1").contains(NAME_1));
    assert!(text(&doc, "section.establishment").contains(PHONE_1));
    // Dates as Vietnamese write them, without leading zeros.
    assert!(text(&doc, "section.survey p.muted").contains("10/3/2026"));
    let surveys: Vec<_> = doc.select(&sel("section.survey")).collect();
    assert_eq!(
        surveys
            .iter()
            .map(|s| s.value().attr("data-survey").unwrap())
            .collect::<Vec<_>>(),
        ["sxsh", "dx"]
    );
    for s in &surveys {
        assert_eq!(s.select(&sel("svg")).count(), 1, "one chart per survey");
        for part in ["p.index", ".level", "section.weakest", "section.change"] {
            assert!(s.select(&sel(part)).next().is_some(), "no {part}");
        }
        let bars = s.select(&sel("svg rect.bar")).count();
        assert!(bars >= 6, "a bar per dimension, found {bars}");
    }
    let sxsh = &surveys[0];
    let change: String = sxsh
        .select(&sel("section.change"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(
        change.contains("12/3/2025") && change.contains('+'),
        "compared with 2025: {change}"
    );
    assert_eq!(
        sxsh.select(&sel("svg line.previous")).count(),
        7,
        "last visit's ticks"
    );
    let dx = &surveys[1];
    let first: String = dx
        .select(&sel("section.change"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(first.contains("lần khảo sát đầu tiên"), "{first}");
    let support: String = dx
        .select(&sel("section.weakest td.support"))
        .map(|e| e.text().collect::<String>())
        .collect();
    assert!(
        !support.is_empty(),
        "weak dimensions name the support they call for"
    );
    assert!(!html.contains("<script") && !html.contains("<link") && !html.contains("<img"));
}

#[test]
fn a_session_sheet_in_english_has_levels_averages_ranking_and_follow_up() {
    let dir = tempfile::tempdir().unwrap();
    let w = workshop(dir.path());
    let out = dir.path().join("session.html");
    ok(&sansang(
        &w.db,
        &[
            "report",
            "--session",
            &w.session.to_string(),
            "--lang",
            "en",
            "--out",
            out.to_str().unwrap(),
        ],
    ));
    let doc = Html::parse_document(&std::fs::read_to_string(&out).unwrap());
    assert_eq!(doc.select(&sel("html[lang=en]")).count(), 1);
    let surveys: Vec<_> = doc.select(&sel("section.survey")).collect();
    assert_eq!(surveys.len(), 2);
    for s in &surveys {
        for part in ["section.levels", "section.averages svg", "section.ranking"] {
            assert!(s.select(&sel(part)).next().is_some(), "no {part}");
        }
    }
    let ranking: Vec<String> = surveys[0]
        .select(&sel("section.ranking tr td:nth-child(2)"))
        .map(|e| e.text().collect())
        .collect();
    assert_eq!(
        ranking,
        [NAME_2, NAME_1],
        "the stronger establishment first"
    );
    let groups: Vec<String> = doc
        .select(&sel("section.followup section.group"))
        .map(|g| g.value().attr("data-support").unwrap().to_owned())
        .collect();
    assert!(groups.iter().any(|g| g == "Training"), "{groups:?}");
}

#[test]
fn an_unknown_establishment_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let w = workshop(dir.path());
    let out = dir.path().join("x.html");
    let run = sansang(
        &w.db,
        &[
            "report",
            "--establishment",
            &uuid::Uuid::nil().to_string(),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("no establishment"));
    let run = sansang(&w.db, &["report", "--out", out.to_str().unwrap()]);
    assert_eq!(
        run.status.code(),
        Some(2),
        "--establishment or --session is needed"
    );
    assert!(!out.exists());
}

#[test]
fn the_follow_up_list_groups_establishments_by_support() {
    let dir = tempfile::tempdir().unwrap();
    let w = workshop(dir.path());
    let out = dir.path().join("followup.html");
    ok(&sansang(
        &w.db,
        &[
            "report",
            "--followup",
            "--lang",
            "en",
            "--out",
            out.to_str().unwrap(),
        ],
    ));
    let doc = Html::parse_document(&std::fs::read_to_string(&out).unwrap());
    let groups: Vec<_> = doc.select(&sel("section.followup section.group")).collect();
    let supports: Vec<&str> = groups
        .iter()
        .map(|g| g.value().attr("data-support").unwrap())
        .collect();
    let known = [
        "Training",
        "Demonstration model",
        "Machinery",
        "Cleaner-production consulting",
        "Digital transformation",
    ];
    assert!(!supports.is_empty());
    for s in &supports {
        assert!(
            known.iter().any(|k| s.starts_with(&k[..6])),
            "unexpected support {s:?}"
        );
    }
    let training = groups
        .iter()
        .find(|g| g.value().attr("data-support") == Some("Training"))
        .unwrap();
    let names: String = training
        .select(&sel("td:first-child"))
        .map(|e| e.text().collect::<String>())
        .collect();
    assert!(
        names.contains(NAME_1),
        "the weak tea cooperative needs training: {names}"
    );
    let session_only = dir.path().join("earlier.html");
    ok(&sansang(
        &w.db,
        &[
            "report",
            "--followup",
            "--session",
            &w.earlier_session.to_string(),
            "--out",
            session_only.to_str().unwrap(),
        ],
    ));
    let html = std::fs::read_to_string(&session_only).unwrap();
    assert!(
        html.contains(NAME_1) && !html.contains("Vô Tranh"),
        "only the earlier session's establishments"
    );
}

/// Screenings of the brick kiln at the workshop where its full SXSH survey was also done:
/// the SXSH screening is spent, the DX one (no full DX survey) still advises.
fn screened(w: &Workshop) {
    use sansang::store::{Response, ResponseStatus, Store};
    let store = Store::open(&w.db).unwrap();
    let catalog = sansang::survey::Catalog::bundled();
    for id in ["sxsh-nhanh", "dx-nhanh"] {
        let survey = catalog.get(id, None).unwrap();
        let r = Response::new(id, &survey.version, w.bricks, w.session, "Lê Văn Tập");
        store.create_response(&r).unwrap();
        for (q, v) in answers(survey, false) {
            store.set_answer(r.id, &q, Some(v), None).unwrap();
        }
        store.set_status(r.id, ResponseStatus::Complete).unwrap();
    }
    store.close().unwrap();
}

#[test]
fn a_screening_gives_way_to_the_full_survey_done_since() {
    let dir = tempfile::tempdir().unwrap();
    let w = workshop(dir.path());
    screened(&w);
    let out = dir.path().join("bricks.html");
    ok(&sansang(
        &w.db,
        &[
            "report",
            "--establishment",
            &w.bricks.to_string(),
            "--out",
            out.to_str().unwrap(),
        ],
    ));
    let doc = Html::parse_document(&std::fs::read_to_string(&out).unwrap());
    let order: Vec<&str> = doc
        .select(&sel("section.survey"))
        .map(|s| s.value().attr("data-survey").unwrap())
        .collect();
    assert_eq!(
        order,
        ["sxsh", "sxsh-nhanh", "dx-nhanh"],
        "full surveys lead"
    );
    let spent = text(&doc, "section[data-survey=sxsh-nhanh] .in-full");
    assert!(
        spent.contains("Đã đánh giá đầy đủ") && spent.contains("10/3/2026"),
        "{spent}"
    );
    assert_eq!(
        text(
            &doc,
            "section[data-survey=sxsh-nhanh] figure, section[data-survey=sxsh-nhanh] .weakest"
        ),
        "",
        "a spent screening is one line"
    );
    assert_eq!(text(&doc, "section[data-survey=dx-nhanh] .in-full"), "");
    assert!(!text(&doc, "section[data-survey=dx-nhanh] .weakest").is_empty());

    let store = sansang::store::Store::open_read_only(&w.db).unwrap();
    let fieldwork = sansang::fieldwork::Fieldwork::new(store, sansang::survey::Catalog::bundled());
    for filter in [
        sansang::store::ResponseFilter::default(),
        sansang::store::ResponseFilter {
            session: Some(w.session),
            ..Default::default()
        },
    ] {
        let list = fieldwork.follow_up(&filter).unwrap();
        let bricks: Vec<&str> = list
            .entries
            .iter()
            .filter(|e| e.establishment.id == w.bricks)
            .map(|e| e.visit.response.survey_id.as_str())
            .collect();
        assert!(
            !bricks.contains(&"sxsh-nhanh") && bricks.contains(&"dx-nhanh"),
            "{bricks:?}"
        );
    }
}
