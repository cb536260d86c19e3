//! A workshop recorded in a real database file, and the binary to run over it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::NaiveDate;
use sansang::store::{Establishment, EstablishmentKind, Response, ResponseStatus, Session, Store};
use sansang::survey::model::Kind;
use sansang::survey::{Catalog, Question, Survey};
use serde_json::{Value, json};
use uuid::Uuid;

pub fn sansang(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sansang"))
        .args(args)
        .arg("--db")
        .arg(db)
        .env_remove("SANSANG_SURVEYS")
        .env_remove("SANSANG_DB")
        .env("SANSANG_USER", "Lê Văn Tập")
        .output()
        .expect("the sansang binary runs")
}

pub fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub const PHONE_1: &str = "0912 345 678";
pub const PHONE_2: &str = "+84 987 654 321";
pub const CONTACT_1: &str = "Nguyễn Thị Đào";
pub const CONTACT_2: &str = "Trần Văn Bình";
pub const NAME_1: &str = "Hợp tác xã chè Phú Lương";
pub const NAME_2: &str = "=1+2 Xưởng gạch Vô Tranh";

pub struct Workshop {
    pub db: PathBuf,
    pub session: Uuid,
    pub earlier_session: Uuid,
    pub tea: Uuid,
    pub bricks: Uuid,
    /// The tea cooperative's sxsh response at `session`.
    pub tea_sxsh: Uuid,
}

/// The option with the lowest (or highest) score.
fn extreme(q: &Question, high: bool) -> Option<Value> {
    let scored = q.kind.options().iter().filter(|o| o.score.is_some());
    let pick = if high {
        scored.max_by(|a, b| a.score.unwrap().total_cmp(&b.score.unwrap()))
    } else {
        scored.min_by(|a, b| a.score.unwrap().total_cmp(&b.score.unwrap()))
    };
    pick.map(|o| json!(o.value))
}

/// Answers to every question: low or high scoring; C0 answered "no" in low, so C2 is hidden;
/// P3, the sector (required, no option scored), "other", which shows no sector's questions:
/// the responses are complete, as the fixture marks them.
pub fn answers(survey: &Survey, high: bool) -> Vec<(String, Value)> {
    survey
        .questions
        .iter()
        .filter_map(|q| {
            let v = match &q.kind {
                Kind::Single { .. } if q.id == "P3" => Some(json!("other")),
                Kind::Single { .. } => extreme(q, high),
                Kind::Multi { options, .. } => {
                    let o = options.iter().find(|o| !o.exclusive)?;
                    Some(json!([o.value]))
                }
                Kind::YesNo { .. } => Some(json!(if high || q.id != "C0" { "yes" } else { "no" })),
                _ => None,
            }?;
            Some((q.id.clone(), v))
        })
        .collect()
}

fn respond(
    store: &Store,
    survey: &Survey,
    est: Uuid,
    session: Uuid,
    given: &[(String, Value)],
) -> Uuid {
    let r = Response::new(&survey.id, &survey.version, est, session, "Lê Văn Tập");
    store.create_response(&r).unwrap();
    for (q, v) in given {
        store.set_answer(r.id, q, Some(v.clone()), None).unwrap();
    }
    store.set_status(r.id, ResponseStatus::Complete).unwrap();
    r.id
}

/// Two establishments at a workshop in Phú Lương, the tea cooperative also at an earlier one.
pub fn workshop(dir: &Path) -> Workshop {
    let db = dir.join("sansang.redb");
    let store = Store::open(&db).unwrap();
    let catalog = Catalog::bundled();
    for e in catalog.entries() {
        store
            .pin_survey(&e.survey.id, &e.survey.version, &e.source)
            .unwrap();
    }
    // Version 1.0, whose dimensions and support lines the export tests name.
    let sxsh = catalog.get("sxsh", Some("1.0")).unwrap();
    let dx = catalog.get("dx", Some("1.0")).unwrap();
    let mut earlier = Session::new(
        "Hội thảo Phú Lương 2025",
        NaiveDate::from_ymd_opt(2025, 3, 12).unwrap(),
    );
    earlier.commune = "Phú Lương".into();
    earlier.province = "Thái Nguyên".into();
    earlier.trainer = "Lê Văn Tập".into();
    let earlier = store.create_session(earlier).unwrap();
    let mut now = Session::new(
        "Hội thảo SXSH và CĐS Phú Lương 2026",
        NaiveDate::from_ymd_opt(2026, 3, 10).unwrap(),
    );
    now.commune = "Phú Lương".into();
    now.province = "Thái Nguyên".into();
    now.trainer = "Lê Văn Tập".into();
    let now = store.create_session(now).unwrap();
    let mut tea = Establishment::new(NAME_1, EstablishmentKind::HopTacXa);
    tea.sector = "chế biến chè".into();
    tea.commune = "Phú Lương".into();
    tea.province = "Thái Nguyên".into();
    tea.contact_person = CONTACT_1.into();
    tea.phone = PHONE_1.into();
    let tea = store.add_establishment(tea).unwrap();
    let mut bricks = Establishment::new(NAME_2, EstablishmentKind::HoKinhDoanh);
    bricks.sector = "gạch".into();
    bricks.contact_person = CONTACT_2.into();
    bricks.phone = PHONE_2.into();
    let bricks = store.add_establishment(bricks).unwrap();
    let mut mid = answers(sxsh, true);
    mid.truncate(mid.len() / 2);
    mid.extend(answers(sxsh, false).split_off(mid.len()));
    respond(&store, sxsh, tea.id, earlier.id, &answers(sxsh, false));
    let tea_sxsh = respond(&store, sxsh, tea.id, now.id, &mid);
    respond(&store, dx, tea.id, now.id, &answers(dx, false));
    respond(&store, sxsh, bricks.id, now.id, &answers(sxsh, true));
    store.close().unwrap();
    Workshop {
        db,
        session: now.id,
        earlier_session: earlier.id,
        tea: tea.id,
        bricks: bricks.id,
        tea_sxsh,
    }
}
