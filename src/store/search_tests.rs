//! The search index answers exactly as `Establishment::matches` over every record, whichever
//! way the records were written.

use super::*;
use crate::survey::text::fold;

const NAMES: [&str; 6] = [
    "HTX Chè Đồng Hỷ",
    "Xưởng mộc Phú Đô",
    "Cơ sở bún Na Mọn",
    "Tổ hợp tác chè an toàn Khe Vàng",
    "Doanh nghiệp Đức Anh",
    "hộ Nguyễn Văn Hùng",
];
const COMMUNES: [&str; 3] = ["Vô Tranh", "Phú Đô", "Tân Cương"];
const PEOPLE: [&str; 3] = ["Nguyễn Thị Lan", "Dương Văn Khánh", "Ma Thị Hoa"];

fn establishment(i: usize) -> Establishment {
    let mut e = Establishment::new(
        &format!("{} {i}", NAMES[i % NAMES.len()]),
        EstablishmentKind::ALL[i % 4],
    );
    e.commune = COMMUNES[i % 3].into();
    e.contact_person = PEOPLE[(i / 3) % 3].into();
    e.phone = format!("0912 {i:03} 678");
    e.former_district = i.is_multiple_of(2).then(|| "Phú Lương".into());
    e.sector = if i.is_multiple_of(5) {
        "chế biến chè".into()
    } else {
        String::new()
    };
    e
}

/// What a search must give: every stored record that matches, sorted by folded name and id.
fn expected(store: &Store, ids: &[Uuid], query: &str) -> Vec<Establishment> {
    let folded = fold(query);
    let mut all: Vec<Establishment> = ids
        .iter()
        .map(|id| store.establishment(*id).unwrap().unwrap())
        .filter(|e| e.matches(&folded))
        .collect();
    all.sort_by_cached_key(|e| (fold(&e.name), e.id));
    all
}

#[test]
fn search_answers_as_the_matching_rule_after_every_kind_of_write() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("s.redb")).unwrap();
    let mut ids = Vec::new();
    for i in 0..30 {
        ids.push(store.add_establishment(establishment(i)).unwrap().id);
    }
    store
        .write_batch(|b| {
            for i in 30..50 {
                let e = establishment(i);
                ids.push(e.id);
                assert!(b.put_establishment(&e)?);
                assert!(!b.put_establishment(&e)?);
            }
            Ok::<_, StoreError>(())
        })
        .unwrap();
    for id in ids.iter().step_by(4) {
        let mut e = store.establishment(*id).unwrap().unwrap();
        e.name = format!("Lò rèn Ma {}", e.name);
        e.commune = "Vô Tranh".into();
        store.update_establishment(e).unwrap();
    }
    store
        .write_batch(|b| {
            for id in ids.iter().skip(1).step_by(5) {
                let mut e = b.establishment(*id)?.unwrap();
                e.name = "Xưởng gỗ Đồng Chùa".into();
                e.phone = String::new();
                b.replace_establishment(&e)?;
            }
            Ok::<_, StoreError>(())
        })
        .unwrap();
    for query in [
        "phu",
        "PHÚ ĐÔ",
        "che",
        "nguyen van",
        "0912 01",
        "",
        "zzz",
        "đồng hỷ",
        "ma",
        "lo ren",
        "xuong go 2",
        "duong khanh",
    ] {
        let want = expected(&store, &ids, query);
        assert_eq!(
            store.establishments(Some(query)).unwrap(),
            want,
            "{query:?}"
        );
        let page = store.establishment_page(Some(query), 3).unwrap();
        assert_eq!(page.total, want.len(), "{query:?}");
        assert_eq!(page.establishments, want[..want.len().min(3)], "{query:?}");
    }
    assert_eq!(
        store.establishments(None).unwrap(),
        expected(&store, &ids, "")
    );
}
