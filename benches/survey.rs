//! The survey core's speed: loading the shipped definitions (done at every
//! start) and scoring one full response (done for every row of every list).

use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::json;

use sansang::survey::catalog::BUNDLED;
use sansang::survey::{Answers, Catalog, Kind, load_survey, score};

fn full_answers(catalog: &Catalog, id: &str) -> Answers {
    let survey = catalog.get(id, None).expect("shipped survey");
    survey
        .questions
        .iter()
        .filter_map(|q| {
            let value = match &q.kind {
                Kind::Single { options } => json!(options[options.len() / 2].value),
                Kind::Multi { options, .. } => json!([options[0].value, options[1].value]),
                Kind::Scale { min, .. } => json!(min),
                Kind::YesNo { .. } => json!("yes"),
                Kind::Number(rule) => json!(rule.min.unwrap_or(0.0)),
                _ => return None,
            };
            q.parse_answer(&value).ok().map(|a| (q.id.clone(), a))
        })
        .collect()
}

fn benches(c: &mut Criterion) {
    c.bench_function("load both shipped surveys", |b| {
        b.iter(|| {
            for (name, text) in BUNDLED {
                std::hint::black_box(load_survey(name, text.as_bytes()).is_ok());
            }
        })
    });
    let catalog = Catalog::bundled();
    for id in ["sxsh", "dx"] {
        let survey = catalog.get(id, None).unwrap();
        let answers = full_answers(&catalog, id);
        c.bench_function(&format!("score one full {id} response"), |b| {
            b.iter(|| std::hint::black_box(score(survey, &answers)))
        });
    }
}

criterion_group!(survey, benches);
criterion_main!(survey);
