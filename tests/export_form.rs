//! A trainer prints blank forms for the delegates in the hall; what they
//! circle must be what the entry screen's digit keys take.

use std::process::Command;

use sansang::export::{Lang, entry_keys};
use sansang::survey::Catalog;
use scraper::{Html, Selector};

fn sansang(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_sansang"))
        .args(args)
        .env_remove("SANSANG_SURVEYS")
        .output()
        .expect("the sansang binary runs")
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

#[test]
fn the_blank_forms_option_numbers_are_the_entry_screens_keys() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = Catalog::bundled();
    for (id, lang, code) in [("sxsh", "vi", Lang::Vi), ("dx", "en", Lang::En)] {
        let out = dir.path().join(format!("{id}.html"));
        let run = sansang(&[
            "form",
            "--survey",
            id,
            "--out",
            out.to_str().unwrap(),
            "--lang",
            lang,
        ]);
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        assert_eq!(
            String::from_utf8_lossy(&run.stdout).trim(),
            out.to_str().unwrap()
        );
        let html = std::fs::read_to_string(&out).unwrap();
        let doc = Html::parse_document(&html);
        let survey = catalog.get(id, None).unwrap();
        let blocks: Vec<_> = doc.select(&sel("section.question")).collect();
        assert_eq!(blocks.len(), survey.questions.len());
        for (block, question) in blocks.iter().zip(&survey.questions) {
            assert_eq!(block.value().attr("data-question"), Some(&*question.id));
            let printed: Vec<(String, String, String)> = block
                .select(&sel("li[data-key]"))
                .map(|li| {
                    let key = li
                        .select(&sel(".key"))
                        .next()
                        .unwrap()
                        .text()
                        .collect::<String>();
                    (
                        key,
                        li.value().attr("data-value").unwrap().to_owned(),
                        li.text().collect::<String>(),
                    )
                })
                .collect();
            let keys = entry_keys(question, code);
            assert_eq!(printed.len(), keys.len(), "{id} {}", question.id);
            for (p, k) in printed.iter().zip(&keys) {
                assert_eq!(p.0, k.key, "{id} {}", question.id);
                assert_eq!(p.1, k.value);
                assert!(p.2.contains(&k.label), "{} lacks {}", p.2, k.label);
            }
        }
    }
}

#[test]
fn the_form_says_where_to_skip_in_words_and_needs_nothing_from_outside() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sxsh.html");
    // 1.0's skip from C0 to C3g; the form of any shipped version prints.
    let run = sansang(&[
        "form",
        "--survey",
        "sxsh",
        "--version",
        "1.0",
        "--out",
        out.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    assert!(run.status.success());
    let html = std::fs::read_to_string(&out).unwrap();
    let doc = Html::parse_document(&html);
    let c0 = doc.select(&sel("section#q-C0")).next().unwrap();
    let no = c0
        .select(&sel("li[data-value=no] .goto"))
        .next()
        .expect("No at C0 skips");
    assert_eq!(no.text().collect::<String>(), "→ go to question C3g");
    let c2 = doc.select(&sel("section#q-C2 .skip")).next().unwrap();
    assert_eq!(c2.text().collect::<String>(), "Only if: C0 is 1 (Yes)");
    assert!(doc.select(&sel("section.establishment")).next().is_some());
    for external in ["<script", "<link", "src=", "http://", "https://", "@import"] {
        let found = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        assert!(!found.contains(external), "the page refers to {external}");
    }
    assert!(html.contains("size:A4"));
}

#[test]
fn an_existing_form_is_kept_and_an_unknown_survey_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("form.html");
    std::fs::write(&out, "mine").unwrap();
    let run = sansang(&["form", "--survey", "dx", "--out", out.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("--force"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "mine");
    let run = sansang(&[
        "form",
        "--survey",
        "dx",
        "--out",
        out.to_str().unwrap(),
        "--force",
    ]);
    assert!(run.status.success());
    let run = sansang(&[
        "form",
        "--survey",
        "tea",
        "--out",
        dir.path().join("x.html").to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(1));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        err.contains("no survey \"tea\"") && err.contains("sxsh"),
        "{err}"
    );
}
