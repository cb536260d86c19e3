//! The centre prints the sheets from a browser, as Edge on Windows does (Chromium's engine):
//! the demo establishment's sheet fits on at most two A4 pages, one per survey, and no page
//! of any sheet comes out blank. Skipped, with a note, where Chromium or poppler-utils are
//! missing (`.ci/run` installs both).

mod export_common;

use std::path::Path;
use std::process::Command;

use export_common::*;

fn have(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// `html` printed to PDF by headless Chromium; its page count.
fn print(html: &Path) -> usize {
    let pdf = html.with_extension("pdf");
    let run = Command::new("timeout")
        .arg("120")
        .arg("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .expect("chromium runs");
    assert!(pdf.exists(), "{}", String::from_utf8_lossy(&run.stderr));
    let info = Command::new("pdfinfo").arg(&pdf).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("pdfinfo: {info}"));
    for page in 1..=pages {
        let n = page.to_string();
        let text = Command::new("pdftotext")
            .args(["-f", &n, "-l", &n])
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        let words = String::from_utf8_lossy(&text.stdout)
            .split_whitespace()
            .count();
        // The running header and footer alone are a few words: a page needs more.
        assert!(
            words > 30,
            "{} page {page} of {pages} is blank ({words} words)",
            html.display()
        );
    }
    pages
}

#[test]
fn printed_sheets_fit_and_have_no_blank_page() {
    if !have("chromium", "--version") || !have("pdfinfo", "-v") {
        eprintln!(
            "note: skipped, chromium or poppler-utils (pdfinfo, pdftotext) is not installed; .ci/run installs them"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.redb");
    ok(&sansang(&db, &["demo"]));
    ok(&sansang(
        &db,
        &[
            "config",
            "set",
            "centre",
            "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Thái Nguyên",
        ],
    ));
    let sessions: serde_json::Value =
        serde_json::from_str(&ok(&sansang(&db, &["session", "list", "--json"]))).unwrap();
    // The follow-up workshop, a year later: its establishments have two visits.
    let follow_up = sessions
        .as_array()
        .unwrap()
        .iter()
        .max_by_key(|s| s["date"].as_str().unwrap().to_owned())
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let shown: serde_json::Value = serde_json::from_str(&ok(&sansang(
        &db,
        &["session", "show", &follow_up, "--json"],
    )))
    .unwrap();
    let establishment = shown["establishments"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let sheet = dir.path().join("co-so.html");
    let session = dir.path().join("hoi-thao.html");
    let list = dir.path().join("ho-tro.html");
    for (args, out) in [
        (vec!["report", "--establishment", &establishment], &sheet),
        (vec!["report", "--session", &follow_up], &session),
        (vec!["report", "--followup"], &list),
    ] {
        let mut args = args;
        args.extend(["--out", out.to_str().unwrap()]);
        ok(&sansang(&db, &args));
    }
    let pages = print(&sheet);
    let html = std::fs::read_to_string(&sheet).unwrap();
    // At most one A4 page per survey on the sheet; a hall screening spent by the full survey
    // done since is one line (this establishment had both screenings and both full surveys).
    let surveys = html.matches("class=\"survey result\"").count();
    let spent = html.matches("class=\"level-advice in-full\"").count();
    assert!(surveys >= 2, "{surveys} surveys on the sheet");
    assert!(spent >= 1, "no screening spent on the sheet");
    assert!(
        pages <= (surveys - spent).max(1) && pages <= 2,
        "the establishment's sheet takes {pages} pages for {surveys} surveys ({spent} spent screenings)"
    );

    assert!(html.contains("counter(pages)") && html.contains("Trung tâm Khuyến công"));
    print(&session);
    print(&list);
}
