//! Reading one question of a definition: common fields, then per type.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::display::echo;
use super::load::check_id;
use super::model::{Band, KIND_NAMES, Kind, NumberRule, Question};
use super::options::{check_top_score, read_multi, read_single};
use super::profile::{FieldKind, ProfileField};
use super::walk::{Walker, index, join};

/// A question read, its show_if not yet parsed (it needs every question).
pub struct QuestionDraft {
    pub question: Question,
    /// The expression source and its JSON path.
    pub show_if: Option<(String, String)>,
}

const COMMON_KEYS: [&str; 10] = [
    "id",
    "type",
    "text",
    "hint",
    "guidance",
    "dimension",
    "weight",
    "required",
    "show_if",
    "profile",
];

fn type_keys(kind: &str) -> &'static [&'static str] {
    match kind {
        "single" => &["options"],
        "multi" => &["options", "max_score"],
        "scale" => &["min", "max", "labels", "allow_na"],
        "yesno" => &["allow_na"],
        "number" => &[
            "min",
            "max",
            "integer",
            "unit",
            "bands",
            "constraint_message",
            "allow_na",
        ],
        "text" => &["max_length", "constraint_message"],
        _ => &[],
    }
}

pub fn read_question(
    w: &mut Walker,
    v: &Value,
    path: &str,
    dimensions: &[&str],
) -> Option<QuestionDraft> {
    let map = w.object(v, path, "a question")?;
    let id = w
        .required(map, path, "id", "the question id, e.g. \"A1\"")
        .and_then(|v| w.string(v, &join(path, "id")));
    if let Some(id) = &id {
        check_id(w, id, &join(path, "id"), "question");
    }
    let kind_name = w
        .required(
            map,
            path,
            "type",
            &format!("one of {}", KIND_NAMES.join(", ")),
        )
        .and_then(|v| w.string(v, &join(path, "type")));
    let kind_name = kind_name.filter(|k| {
        let known = KIND_NAMES.contains(&k.as_str());
        if !known {
            w.error(
                &join(path, "type"),
                format!(
                    "unknown question type \"{k}\"; expected one of {}",
                    KIND_NAMES.join(", ")
                ),
            );
        }
        known
    })?;
    let known: Vec<&str> = COMMON_KEYS
        .iter()
        .chain(type_keys(&kind_name))
        .copied()
        .collect();
    w.known_keys(map, path, &known);

    let text = w
        .required(map, path, "text", "the question as asked")
        .and_then(|v| w.text(v, &join(path, "text")));
    let hint = w.opt(map, path, "hint", Walker::text);
    let guidance = w.opt(map, path, "guidance", Walker::text);
    let dimension = read_dimension_ref(w, map, path, dimensions);
    let weight = match map.get("weight") {
        None => Some(1.0),
        Some(v) => w.non_negative(v, &join(path, "weight")),
    };
    let required = w
        .opt(map, path, "required", Walker::boolean)
        .unwrap_or(true);
    let show_if = w
        .opt(map, path, "show_if", Walker::string)
        .map(|s| (s, join(path, "show_if")));
    let scored = dimension.is_some();
    let profile = w
        .opt(map, path, "profile", Walker::string)
        .map(|name| (ProfileField::from_name(&name), name));
    let label = id.as_deref().unwrap_or("this question");
    let kind = read_kind(w, map, path, &kind_name, scored, label)?;
    let profile = match profile {
        None => None,
        Some((Some(field), _)) => check_binding(w, &kind, field, path).then_some(field),
        Some((None, name)) => {
            w.error(
                &join(path, "profile"),
                format!(
                    "unknown profile field \"{}\"; the fields are {}",
                    echo(&name),
                    ProfileField::names()
                ),
            );
            None
        }
    };
    if scored && !kind_can_be_scored(&kind) {
        w.error(
            &join(path, "dimension"),
            format!("a {kind_name} question is never scored; remove \"dimension\""),
        );
    }
    let question = Question {
        id: id?,
        text: text?,
        hint,
        guidance,
        dimension: dimension.flatten(),
        weight: weight?,
        required,
        show_if: None,
        kind,
        profile,
    };
    Some(QuestionDraft { question, show_if })
}

fn kind_can_be_scored(kind: &Kind) -> bool {
    !matches!(kind, Kind::Text { .. } | Kind::Date | Kind::Note)
}

/// `Some(None)` when the dimension is named but unknown (already reported).
fn read_dimension_ref(
    w: &mut Walker,
    map: &Map<String, Value>,
    path: &str,
    dimensions: &[&str],
) -> Option<Option<usize>> {
    let name = w.opt(map, path, "dimension", Walker::string)?;
    let found = dimensions.iter().position(|d| *d == name);
    if found.is_none() {
        w.error(
            &join(path, "dimension"),
            format!(
                "unknown dimension \"{name}\"; the dimensions are {}",
                dimensions.join(", ")
            ),
        );
    }
    Some(found)
}

/// The question as it is read; `id` names it in messages.
fn read_kind(
    w: &mut Walker,
    map: &Map<String, Value>,
    path: &str,
    name: &str,
    scored: bool,
    id: &str,
) -> Option<Kind> {
    let allow_na = w
        .opt(map, path, "allow_na", Walker::boolean)
        .unwrap_or(false);
    let constraint_message = w.opt(map, path, "constraint_message", Walker::text);
    Some(match name {
        "single" => read_single(w, map, path, scored)?,
        "multi" => read_multi(w, map, path, scored)?,
        "scale" => read_scale(w, map, path, allow_na, id)?,
        "yesno" => Kind::YesNo { allow_na },
        "number" => Kind::Number(read_number(
            w,
            map,
            path,
            scored,
            allow_na,
            constraint_message,
        )?),
        "text" => {
            let max_length = w
                .opt(map, path, "max_length", Walker::integer)
                .and_then(|n| {
                    let ok = n > 0;
                    if !ok {
                        w.error(
                            &join(path, "max_length"),
                            format!("{n} is not allowed; expected a length of 1 or more"),
                        );
                    }
                    ok.then_some(n as usize)
                });
            Kind::Text {
                max_length,
                constraint_message,
            }
        }
        "date" => Kind::Date,
        _ => Kind::Note,
    })
}

/// A scale is a handful of points; bounds past this are a typo (and would
/// overflow integer arithmetic).
const MAX_SCALE_POINT: i64 = 1_000_000;

fn read_scale(
    w: &mut Walker,
    map: &Map<String, Value>,
    path: &str,
    allow_na: bool,
    id: &str,
) -> Option<Kind> {
    let min = w
        .required(map, path, "min", "the lowest point, a whole number")
        .and_then(|v| w.integer(v, &join(path, "min")));
    let max = w
        .required(map, path, "max", "the highest point, a whole number")
        .and_then(|v| w.integer(v, &join(path, "max")));
    let (min, max) = (min?, max?);
    for (point, key) in [(min, "min"), (max, "max")] {
        if !(-MAX_SCALE_POINT..=MAX_SCALE_POINT).contains(&point) {
            w.error(
                &join(path, key),
                format!(
                    "{point} is too far from 0; a scale's points lie within ±{MAX_SCALE_POINT}"
                ),
            );
            return None;
        }
    }
    if min >= max {
        w.error(
            &join(path, "max"),
            format!("{max} is not above min {min} ({id} is a scale from {min})"),
        );
        return None;
    }
    let mut labels = BTreeMap::new();
    if let Some(v) = map.get("labels") {
        let labels_path = join(path, "labels");
        let entries = w.object(
            v,
            &labels_path,
            "labels by point, e.g. {\"1\": \"poor\", \"5\": \"good\"}",
        )?;
        for (point, text) in entries {
            let entry_path = join(&labels_path, point);
            match point.parse::<i64>() {
                Ok(p) if (min..=max).contains(&p) => {
                    if let Some(t) = w.text(text, &entry_path) {
                        labels.insert(p, t);
                    }
                }
                _ => w.error(
                    &entry_path,
                    format!("\"{point}\" is not a point of this scale ({min} to {max})"),
                ),
            }
        }
    }
    Some(Kind::Scale {
        min,
        max,
        labels,
        allow_na,
    })
}

fn read_number(
    w: &mut Walker,
    map: &Map<String, Value>,
    path: &str,
    scored: bool,
    allow_na: bool,
    constraint_message: Option<super::text::Text>,
) -> Option<NumberRule> {
    let min = w.opt(map, path, "min", Walker::number);
    let max = w.opt(map, path, "max", Walker::number);
    if let (Some(lo), Some(hi)) = (min, max)
        && lo > hi
    {
        w.error(&join(path, "max"), format!("{hi} is below min {lo}"));
    }
    let integer = w
        .opt(map, path, "integer", Walker::boolean)
        .unwrap_or(false);
    let unit = w.opt(map, path, "unit", Walker::text);
    let bands = map
        .get("bands")
        .map(|v| read_bands(w, v, &join(path, "bands")))
        .unwrap_or_default();
    if scored && bands.is_empty() && map.get("bands").is_none() {
        w.error(
            &join(path, "bands"),
            "missing; a scored number question needs bands [{\"min\": …, \"score\": …}]",
        );
    }
    if !scored && !bands.is_empty() {
        w.warn(
            &join(path, "bands"),
            "bands are ignored: this question has no dimension, so it is not scored",
        );
    }
    if scored && !bands.is_empty() {
        check_top_score(
            w,
            &join(path, "bands"),
            bands.iter().map(|b| b.score).fold(0.0, f64::max),
            "the highest band score",
        );
    }
    Some(NumberRule {
        min,
        max,
        integer,
        unit,
        bands,
        constraint_message,
        allow_na,
    })
}

fn read_bands(w: &mut Walker, v: &Value, path: &str) -> Vec<Band> {
    let Some(items) = w.array(v, path, "bands") else {
        return Vec::new();
    };
    if items.is_empty() {
        w.error(
            path,
            "is empty; give at least one band {\"min\": …, \"score\": …}",
        );
    }
    let mut bands: Vec<Band> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let path = index(path, i);
        let Some(map) = w.object(item, &path, "a band {\"min\": …, \"score\": …}") else {
            continue;
        };
        w.known_keys(map, &path, &["min", "score"]);
        let min = w
            .required(map, &path, "min", "the lowest value of this band")
            .and_then(|v| w.number(v, &join(&path, "min")));
        let score = w
            .required(map, &path, "score", "the band's score, 0 or more")
            .and_then(|v| w.non_negative(v, &join(&path, "score")));
        if let (Some(prev), Some(m)) = (bands.last(), min)
            && m <= prev.min
        {
            w.error(
                &join(&path, "min"),
                format!(
                    "{m} is not above the previous band's {}; bands must be ascending",
                    prev.min
                ),
            );
        }
        if let (Some(min), Some(score)) = (min, score) {
            bands.push(Band { min, score });
        }
    }
    bands
}

/// `"profile": FIELD` binds a question of the field's type; a single or multi question offers
/// every code of the field, and may add only "don't know" / "not applicable" options (an
/// answer that never updates the profile). Reports each problem; true when bound well.
fn check_binding(w: &mut Walker, kind: &Kind, field: ProfileField, path: &str) -> bool {
    let wanted = field.kind();
    if kind.name() != wanted.name() {
        w.error(
            &join(path, "profile"),
            format!(
                "profile field \"{field}\" is a {} field, so it binds a {} question, not a {}",
                wanted.name(),
                wanted.name(),
                kind.name()
            ),
        );
        return false;
    }
    if !matches!(wanted, FieldKind::Single | FieldKind::Multi) {
        return true;
    }
    let options = kind.options();
    let mut ok = true;
    for code in field.codes() {
        match options.iter().find(|o| o.value == code.value) {
            None => {
                w.error(
                    &join(path, "options"),
                    format!(
                        "profile field \"{field}\" has the code \"{}\" ({}); offer it as an option value",
                        code.value, code.vi
                    ),
                );
                ok = false;
            }
            Some(o) if code.exclusive && !o.exclusive => {
                w.error(
                    &join(path, "options"),
                    format!("option \"{}\" must be \"exclusive\": no other code of \"{field}\" goes with it", code.value),
                );
                ok = false;
            }
            Some(_) => {}
        }
    }
    for (i, o) in options.iter().enumerate() {
        if field.code(&o.value).is_none() && !o.dont_know && !o.not_applicable {
            w.error(
                &join(&index(&join(path, "options"), i), "value"),
                format!(
                    "\"{}\" is not a code of profile field \"{field}\"; an extra option must be \"dont_know\": true or \"score\": null",
                    echo(&o.value)
                ),
            );
            ok = false;
        }
    }
    ok
}
