//! The sqlite comparison of benches/sqlite.rs runs on 100 responses, and both sides hold and
//! score the same rows.

#[path = "../benches/compare/mod.rs"]
mod compare;

use compare::*;
use sansang::demo::{Options, generate};
use sansang::store::Store;
use sansang::survey::Catalog;
use serde_json::json;

#[test]
fn the_sqlite_comparison_runs_on_100_responses_and_both_sides_score_alike() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("demo.redb")).unwrap();
    let options = Options {
        establishments: 50,
        follow_up_share: 0.0,
        screening: false,
        ..Options::default()
    };
    generate(&store, &Catalog::bundled(), &options).unwrap();
    let c = contents(&store, 100);
    assert_eq!(c.responses.len(), 100);
    let path = dir.path().join("same.db");
    let conn = build_sqlite(&path, &store, &c);
    assert!(sqlite_bytes(&conn, &path) > 0);

    let all = surveys(&store);
    let (n, sum) = score_sansang(&store, &all);
    assert_eq!(n, 100);
    assert!(sum > 0.0);
    assert_eq!(score_sqlite(&conn, &all), (n, sum));

    let fresh = fresh_sansang(&dir.path().join("insert.redb"), &c);
    insert_sansang(&fresh, &c.responses);
    assert_eq!(score_sansang(&fresh, &all), (n, sum));
    let mut empty = fresh_sqlite(&dir.path().join("insert.db"), &c);
    insert_sqlite(&mut empty, &c.responses);
    assert_eq!(score_sqlite(&empty, &all), (n, sum));

    let target = c.responses[0].0.id;
    store
        .set_answer(target, "A1", Some(json!("knows")), None)
        .unwrap();
    save_sqlite(&conn, target, "knows", "Lan");
    let audit: i64 = conn
        .query_row("SELECT count(*) FROM audit", [], |r| r.get(0))
        .unwrap();
    let ours: usize = c.responses.iter().map(|r| r.2.len()).sum();
    assert_eq!(audit as usize, ours + 1);
    RawWrite::new(dir.path()).once();
}
