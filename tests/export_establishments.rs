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
