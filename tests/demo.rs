//! The demo reads true: every delegate screened in the hall, the full surveys for those the
//! screening put first, one profile per establishment, communes that exist, and a follow-up
//! where those supported mostly improved where they were supported. The screenings rank
//! establishments as the full surveys do (Spearman ≥ 0.8).

use std::collections::HashMap;

use sansang::demo::{Options, generate};
use sansang::fieldwork::Fieldwork;
use sansang::store::{ResponseStatus, Store};
use sansang::survey::Catalog;
use sansang::survey::profile::ProfileField;
use uuid::Uuid;

fn demo(establishments: usize) -> (tempfile::TempDir, Fieldwork) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("demo.redb")).unwrap();
    let options = Options {
        establishments,
        ..Options::default()
    };
    generate(&store, &Catalog::bundled(), &options).unwrap();
    (dir, Fieldwork::new(store, Catalog::bundled()))
}

/// Every scored response's index, by (establishment, survey id, session).
fn indexes(fw: &Fieldwork) -> HashMap<(Uuid, String, Uuid), f64> {
    let mut all = HashMap::new();
    for r in fw.store().all_responses().unwrap() {
        if r.status != ResponseStatus::Complete {
            continue;
        }
        if let Some(index) = fw.score(&r).unwrap().card.index {
            all.insert(
                (r.establishment_id, r.survey_id.clone(), r.session_id),
                index,
            );
        }
    }
    all
}

/// Ranks 1..n, ties sharing their mean rank.
fn ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut ranks = vec![0.0; values.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && values[order[j + 1]] == values[order[i]] {
            j += 1;
        }
        let mean = (i + j) as f64 / 2.0 + 1.0;
        for k in &order[i..=j] {
            ranks[*k] = mean;
        }
        i = j + 1;
    }
    ranks
}

fn spearman(pairs: &[(f64, f64)]) -> f64 {
    let a = ranks(&pairs.iter().map(|p| p.0).collect::<Vec<_>>());
    let b = ranks(&pairs.iter().map(|p| p.1).collect::<Vec<_>>());
    let n = a.len() as f64;
    let mean = (n + 1.0) / 2.0;
    let cov: f64 = a.iter().zip(&b).map(|(x, y)| (x - mean) * (y - mean)).sum();
    let var = |r: &[f64]| r.iter().map(|x| (x - mean).powi(2)).sum::<f64>();
    cov / (var(&a) * var(&b)).sqrt()
}

#[test]
fn the_screenings_rank_establishments_as_the_full_surveys_do() {
    let (_dir, fw) = demo(300);
    let all = indexes(&fw);
    for (screening, full) in [("sxsh-nhanh", "sxsh"), ("dx-nhanh", "dx")] {
        let pairs: Vec<(f64, f64)> = all
            .iter()
            .filter(|((_, s, _), _)| s == screening)
            .filter_map(|((e, _, session), &quick)| {
                Some((quick, *all.get(&(*e, full.to_owned(), *session))?))
            })
            .collect();
        assert!(pairs.len() >= 40, "{screening}: only {} pairs", pairs.len());
        let rho = spearman(&pairs);
        eprintln!(
            "{screening} against {full}: Spearman {rho:.3} over {} establishments",
            pairs.len()
        );
        assert!(rho >= 0.8, "{screening} against {full}: Spearman {rho:.3}");
    }
}

#[test]
fn the_hall_screens_everyone_and_the_full_surveys_go_to_those_put_first() {
    let (_dir, fw) = demo(60);
    let store = fw.store();
    let responses = store.all_responses().unwrap();
    let screened: Vec<Uuid> = responses
        .iter()
        .filter(|r| r.survey_id == "sxsh-nhanh")
        .map(|r| r.establishment_id)
        .collect();
    assert_eq!(screened.len(), 60, "every delegate is screened");
    let full = responses.iter().filter(|r| r.survey_id == "sxsh").count();
    assert!(full > 10 && full < 60, "{full} full SXSH surveys");
    assert!(responses.iter().any(|r| r.status == ResponseStatus::Draft));
    assert!(
        responses
            .iter()
            .any(|r| r.created_at.date_naive() > store.find_session(r.session_id).unwrap().date),
        "paper forms keyed in after the workshop"
    );
    for e in store.establishments(None).unwrap() {
        for field in [
            ProfileField::Kind,
            ProfileField::Industry,
            ProfileField::Workforce,
        ] {
            assert!(e.profile.get(field).is_some(), "{}: no {field}", e.name);
        }
        // One profile: every survey's profile answers say what the record says.
        for r in responses.iter().filter(|r| r.establishment_id == e.id) {
            let scored = fw.score(r).unwrap();
            for q in &scored.pinned.survey.questions {
                let (Some(field), Some(answer)) = (q.profile, scored.answers.get(&q.id)) else {
                    continue;
                };
                assert_eq!(
                    Some(answer.to_json()),
                    e.profile.get(field),
                    "{} {}",
                    e.name,
                    q.id
                );
            }
        }
    }
    for s in store.sessions().unwrap() {
        assert!(
            !s.commune.contains("Phú Đô"),
            "{}: Phú Đô is no longer a commune",
            s.name
        );
    }
}

#[test]
fn those_supported_mostly_improved_where_they_were_supported() {
    let (_dir, fw) = demo(300);
    let store = fw.store();
    let follow_up = store
        .sessions()
        .unwrap()
        .into_iter()
        .max_by_key(|s| s.date)
        .unwrap();
    let (mut better, mut compared) = (0, 0);
    for r in store.session_responses(follow_up.id).unwrap() {
        if r.survey_id != "sxsh" || r.status != ResponseStatus::Complete {
            continue;
        }
        let card = fw.result_card(&r).unwrap();
        let Some(before) = &card.previous else {
            continue;
        };
        compared += 1;
        better += usize::from(card.card().index > before.card.index);
    }
    assert!(compared >= 20, "only {compared} follow-ups");
    assert!(
        better * 10 >= compared * 7,
        "{better} of {compared} improved"
    );
}
