//! The centre sends its list of establishments as a spreadsheet saved to CSV.

mod export_common;

use export_common::*;
use sansang::store::Store;

fn names(db: &std::path::Path) -> Vec<String> {
    let store = Store::open(db).unwrap();
    let list = store
        .establishments(None)
        .unwrap()
        .into_iter()
        .map(|e| e.name)
        .collect();
    store.close().unwrap();
    list
}

#[test]
fn a_bom_semicolons_and_a_name_without_diacritics() {
    let dir = tempfile::tempdir().unwrap();
    let w = workshop(dir.path());
    let nfd_name: String =
        unicode_normalization::UnicodeNormalization::nfd("Cơ sở mộc Đồng Hỷ").collect();
    let csv = format!(
        "\u{FEFF}Tên cơ sở;Loại hình;Xã/phường;Tỉnh;Người liên hệ;Số điện thoại\r\n\
         Hop tac xa che Phu Luong;hop tac xa;Phu Luong;Thai Nguyen;;\r\n\
         {nfd_name};Hộ kinh doanh;Đồng Hỷ;Thái Nguyên;Vũ Văn Cường;0977 111 222\r\n\
         ;doanh nghiệp;Đồng Hỷ;Thái Nguyên;;\r\n\
         Xưởng nón lá;xưởng;Phú Lương;Thái Nguyên;;\r\n"
    );
    let file = dir.path().join("danh-sach.csv");
    std::fs::write(&file, csv).unwrap();
    let run = sansang(&w.db, &["establishment", "import", file.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1), "two rows are refused");
    let out = String::from_utf8_lossy(&run.stdout);
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(out.starts_with("added 1, matched 1, refused 2"), "{out}");
    assert!(
        out.contains(&format!(
            "line 2: Hop tac xa che Phu Luong matched {NAME_1}"
        )),
        "{out}"
    );
    assert!(err.contains("line 4: refused: the name is empty"), "{err}");
    assert!(
        err.contains("line 5: refused: Xưởng nón lá: unknown establishment kind"),
        "{err}"
    );
    let stored = names(&w.db);
    assert_eq!(stored.len(), 3);
    assert!(
        stored.contains(&"Cơ sở mộc Đồng Hỷ".to_string()),
        "stored NFC: {stored:?}"
    );

    let again = dir.path().join("again.csv");
    std::fs::write(
        &again,
        "name,kind,commune\ncơ sở MỘC đồng hỷ,ho_kinh_doanh,dong hy\n",
    )
    .unwrap();
    let out = ok(&sansang(
        &w.db,
        &["establishment", "import", again.to_str().unwrap()],
    ));
    assert!(out.starts_with("added 0, matched 1, refused 0"), "{out}");
    assert_eq!(names(&w.db).len(), 3, "nothing added twice");
}

#[test]
fn an_unknown_column_is_refused_before_anything_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let w = workshop(dir.path());
    let file = dir.path().join("list.csv");
    std::fs::write(&file, "name,kind,Địa chỉ\nCơ sở A,ho_kinh_doanh,thôn 3\n").unwrap();
    let run = sansang(&w.db, &["establishment", "import", file.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("line 1: unknown column \"Địa chỉ\""), "{err}");
    assert_eq!(names(&w.db).len(), 2);
    let run = sansang(
        &w.db,
        &[
            "establishment",
            "import",
            dir.path().join("missing.csv").to_str().unwrap(),
        ],
    );
    assert_eq!(run.status.code(), Some(2));
}

/// A list under tests/fixtures/import/, copied beside the database (the name is the message's).
fn list(dir: &std::path::Path, name: &str) -> String {
    let from = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name);
    let to = dir.join(name);
    std::fs::copy(from, &to).unwrap();
    to.to_str().unwrap().to_owned()
}

#[test]
fn lf_crlf_and_old_mac_line_ends_read_alike_with_the_lines_named() {
    for ends in ["lf", "crlf", "cr"] {
        let dir = tempfile::tempdir().unwrap();
        let w = workshop(dir.path());
        let file = list(dir.path(), &format!("list-{ends}.csv"));
        let run = sansang(&w.db, &["establishment", "import", &file]);
        assert_eq!(run.status.code(), Some(1), "{ends}: one row is refused");
        let out = String::from_utf8_lossy(&run.stdout);
        let err = String::from_utf8_lossy(&run.stderr);
        assert!(
            out.starts_with("added 2, matched 1, refused 1"),
            "{ends}: {out}"
        );
        assert!(
            out.contains("line 2: added Cơ sở chè Tân Cương")
                && out.contains(&format!(
                    "line 3: Hợp tác xã chè Phú Lương matched {NAME_1}"
                ))
                && out.contains("line 5: added Tổ hợp tác mây tre \"Yên Trạch\""),
            "{ends}: {out}"
        );
        assert!(
            err.contains("line 4: refused: Xưởng nón lá"),
            "{ends}: {err}"
        );
        assert_eq!(names(&w.db).len(), 4, "{ends}");
    }
}

#[test]
fn a_list_saved_as_tab_delimited_or_unicode_text_is_read_with_tabs_and_says_so() {
    // Excel's "Text (Tab delimited)" (UTF-8 here) and "Unicode Text" (UTF-16 with its mark).
    for name in ["list-tabs.txt", "list-unicode-text.txt"] {
        let dir = tempfile::tempdir().unwrap();
        let w = workshop(dir.path());
        let run = sansang(&w.db, &["establishment", "import", &list(dir.path(), name)]);
        let out = ok(&run);
        let err = String::from_utf8_lossy(&run.stderr);
        assert!(
            out.starts_with("added 2, matched 0, refused 0"),
            "{name}: {out}"
        );
        assert!(
            err.contains(&format!("note: {}", dir.path().join(name).display()))
                && err.contains(&format!("{name}: the header row is separated by tabs"))
                && err.contains("read with tab as the separator"),
            "{err}"
        );
        let store = Store::open(&w.db).unwrap();
        let mộc = store
            .establishments(None)
            .unwrap()
            .into_iter()
            .find(|e| e.name == "Cơ sở mộc Đồng Hỷ")
            .unwrap();
        assert_eq!(
            mộc.notes, "đồ gỗ, bàn ghế",
            "{name}: the comma is in the cell"
        );
        assert_eq!(mộc.commune, "Đồng Hỷ", "{name}");
    }
}

#[test]
fn an_unclosed_quote_or_a_windows_code_page_is_named_on_its_line_and_nothing_is_added() {
    let dir = tempfile::tempdir().unwrap();
    let w = workshop(dir.path());
    for (name, why) in [
        (
            "list-unclosed-quote.csv",
            "list-unclosed-quote.csv: line 14: a quote (\") opens a cell that is never closed; close it or remove the quote; nothing was imported",
        ),
        (
            "list-quote-runs-on.csv",
            "list-quote-runs-on.csv: line 3: a quote (\") opens a cell that runs on to line 6, taking in whole rows: its closing quote is probably missing; close it on line 3 or remove the quote",
        ),
        (
            "list-windows-1258.csv",
            "list-windows-1258.csv: line 3: not UTF-8 text (at byte 52), probably saved in the Windows code page",
        ),
    ] {
        let run = sansang(&w.db, &["establishment", "import", &list(dir.path(), name)]);
        let err = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(1), "{err}");
        assert!(err.contains(why), "{err}");
        assert_eq!(names(&w.db).len(), 2, "nothing added from {name}");
    }
}
