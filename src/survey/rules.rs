//! Reading the scoring rules of a definition: dimensions with their advice, levels with
//! theirs, and the gates (`requires`) both may carry.

use serde_json::{Map, Value};

use super::expr;
use super::model::{Advice, Dimension, Gate, Level, LevelAdvice, Question, ShowIf};
use super::supports::SupportLines;
use super::walk::{Walker, index, join};

/// What a rule may refer to: the dimension ids (in file order) and every question.
pub struct Context<'a> {
    pub dimensions: &'a [String],
    pub questions: &'a [Question],
}

pub fn read_dimension(
    w: &mut Walker,
    v: &Value,
    path: &str,
    ctx: &Context,
    supports: &mut SupportLines,
) -> Option<Dimension> {
    let map = w.object(v, path, "a dimension")?;
    w.known_keys(
        map,
        path,
        &["id", "title", "weight", "description", "advice"],
    );
    let id = w
        .required(map, path, "id", "the dimension id")
        .and_then(|v| w.string(v, &join(path, "id")));
    if let Some(id) = &id {
        super::load::check_id(w, id, &join(path, "id"), "dimension");
    }
    let title = w
        .required(map, path, "title", "the dimension's title")
        .and_then(|v| w.text(v, &join(path, "title")));
    let weight = match map.get("weight") {
        None => Some(1.0),
        Some(v) => w.bounded(v, &join(path, "weight")).filter(|&n| {
            if n <= 0.0 {
                w.error(
                    &join(path, "weight"),
                    format!("{n} is not allowed; a dimension's weight must be more than 0"),
                );
            }
            n > 0.0
        }),
    };
    let description = w.opt(map, path, "description", Walker::text);
    let advice = map
        .get("advice")
        .map(|v| read_advice(w, v, &join(path, "advice"), ctx, supports))
        .unwrap_or_default();
    Some(Dimension {
        id: id?,
        title: title?,
        weight: weight?,
        description,
        advice,
    })
}

fn read_advice(
    w: &mut Walker,
    v: &Value,
    path: &str,
    ctx: &Context,
    supports: &mut SupportLines,
) -> Vec<Advice> {
    let Some(items) = w.array(v, path, "advice entries") else {
        return Vec::new();
    };
    let mut advice: Vec<Advice> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let path = index(path, i);
        let Some(map) = w.object(item, &path, "an advice entry") else {
            continue;
        };
        w.known_keys(map, &path, &["below", "text", "support", "requires"]);
        let below = w
            .required(
                map,
                &path,
                "below",
                "the score under which this advice applies",
            )
            .and_then(|v| w.bounded(v, &join(&path, "below")));
        let text = w
            .required(map, &path, "text", "the advice")
            .and_then(|v| w.text(v, &join(&path, "text")));
        let support = match map.get("support") {
            None | Some(Value::Null) => Some(None),
            Some(v) => supports.resolve(w, v, &join(&path, "support")).map(Some),
        };
        let requires = read_requires(w, map, &path, ctx);
        if let (Some(prev), Some(b)) = (advice.last(), below)
            && b < prev.below
        {
            w.error(
                &join(&path, "below"),
                format!(
                    "{b} is below the previous {}; list advice by ascending below (equal values are allowed)",
                    prev.below
                ),
            );
        }
        if let (Some(below), Some(text), Some(support), Some(requires)) =
            (below, text, support, requires)
        {
            advice.push(Advice {
                below,
                text,
                support,
                requires,
            });
        }
    }
    advice
}

pub fn read_levels(w: &mut Walker, map: &Map<String, Value>, ctx: &Context) -> Vec<Level> {
    let levels = super::load::read_list(w, map, "levels", "levels", |w, v, path| {
        read_level(w, v, path, ctx)
    });
    for (i, level) in levels.iter().enumerate() {
        let path = join(&index("levels", i), "min");
        if i == 0 && level.min != 0.0 {
            w.error(
                &path,
                format!("the first level must start at 0, not {}", level.min),
            );
        }
        if i == 0 && !level.requires.is_empty() {
            w.error(
                &join(&index("levels", 0), "requires"),
                "the first level cannot have requires: every index must reach some level",
            );
        }
        if i > 0 && level.min <= levels[i - 1].min {
            w.error(
                &path,
                format!(
                    "{} is not above the previous level's {}; levels must be strictly ascending",
                    level.min,
                    levels[i - 1].min
                ),
            );
        }
    }
    levels
}

fn read_level(w: &mut Walker, v: &Value, path: &str, ctx: &Context) -> Option<Level> {
    let map = w.object(v, path, "a level")?;
    w.known_keys(map, path, &["min", "label", "advice", "requires"]);
    let min = w
        .required(
            map,
            path,
            "min",
            "the lowest index of this level (0 to 100)",
        )
        .and_then(|v| w.number(v, &join(path, "min")));
    let min = min.filter(|m| {
        let ok = (0.0..=100.0).contains(m);
        if !ok {
            w.error(&join(path, "min"), format!("{m} is outside 0..100"));
        }
        ok
    });
    let label = w
        .required(map, path, "label", "the level's name")
        .and_then(|v| w.text(v, &join(path, "label")));
    let advice = match map.get("advice") {
        None => Some(Vec::new()),
        Some(v) => read_level_advice(w, v, &join(path, "advice"), ctx),
    };
    let requires = read_requires(w, map, path, ctx);
    Some(Level {
        min: min?,
        label: label?,
        advice: advice?,
        requires: requires?,
    })
}

/// A text, or a list of `{"text", "requires"}` entries of which the first that holds is given.
fn read_level_advice(
    w: &mut Walker,
    v: &Value,
    path: &str,
    ctx: &Context,
) -> Option<Vec<LevelAdvice>> {
    let Value::Array(items) = v else {
        let text = w.text(v, path)?;
        return Some(vec![LevelAdvice {
            text,
            requires: Vec::new(),
        }]);
    };
    if items.is_empty() {
        w.error(
            path,
            "is empty; give a text, or entries {\"text\": …, \"requires\": …}",
        );
    }
    let mut entries = Vec::new();
    let mut ok = true;
    for (i, item) in items.iter().enumerate() {
        let path = index(path, i);
        let Some(map) = w.object(item, &path, "a level advice {\"text\": …, \"requires\": …}")
        else {
            ok = false;
            continue;
        };
        w.known_keys(map, &path, &["text", "requires"]);
        let text = w
            .required(map, &path, "text", "the advice")
            .and_then(|v| w.text(v, &join(&path, "text")));
        match (text, read_requires(w, map, &path, ctx)) {
            (Some(text), Some(requires)) => entries.push(LevelAdvice { text, requires }),
            _ => ok = false,
        }
    }
    ok.then_some(entries)
}

/// The optional `requires` of `map`: one gate or a list of gates, all of which must hold.
/// `None` when it is there but wrong (reported).
fn read_requires(
    w: &mut Walker,
    map: &Map<String, Value>,
    path: &str,
    ctx: &Context,
) -> Option<Vec<Gate>> {
    let path = join(path, "requires");
    match map.get("requires") {
        None => Some(Vec::new()),
        Some(Value::Array(items)) => {
            if items.is_empty() {
                w.error(
                    &path,
                    "is empty; give a gate, a list of gates, or leave requires out",
                );
                return None;
            }
            let gates: Vec<Option<Gate>> = items
                .iter()
                .enumerate()
                .map(|(i, v)| read_gate(w, v, &index(&path, i), ctx))
                .collect();
            gates.into_iter().collect()
        }
        Some(v) => read_gate(w, v, &path, ctx).map(|g| vec![g]),
    }
}

const GATE_FORMS: &str = "{\"dimensions\": N, \"min_score\": X}, {\"dimension\": \"ID\", \"min_score\": X} or {\"if\": \"EXPRESSION\"}";

fn read_gate(w: &mut Walker, v: &Value, path: &str, ctx: &Context) -> Option<Gate> {
    let map = w.object(v, path, &format!("a gate {GATE_FORMS}"))?;
    let forms = ["if", "dimension", "dimensions"].map(|k| map.contains_key(k));
    match forms {
        [true, false, false] => read_if_gate(w, map, path, ctx),
        [false, true, false] => read_dimension_gate(w, map, path, ctx),
        [false, false, true] => read_count_gate(w, map, path, ctx),
        _ => {
            w.error(
                path,
                format!("expected exactly one of the gates {GATE_FORMS}"),
            );
            None
        }
    }
}

fn read_if_gate(
    w: &mut Walker,
    map: &Map<String, Value>,
    path: &str,
    ctx: &Context,
) -> Option<Gate> {
    w.known_keys(map, path, &["if"]);
    let if_path = join(path, "if");
    let source = w.opt(map, path, "if", Walker::string)?;
    match expr::parse(&source, ctx.questions, ctx.questions.len()) {
        Ok(expr) => Some(Gate::If(ShowIf { source, expr })),
        Err(errors) => {
            for e in errors {
                w.error(&if_path, expression_error(&e, &source));
            }
            None
        }
    }
}

/// An expression's problem, quoting the expression (cut if long).
pub fn expression_error(e: &expr::ExprError, source: &str) -> String {
    format!("{e} in \"{}\"", super::display::echo(source))
}

fn read_dimension_gate(
    w: &mut Walker,
    map: &Map<String, Value>,
    path: &str,
    ctx: &Context,
) -> Option<Gate> {
    w.known_keys(map, path, &["dimension", "min_score"]);
    let name = w.opt(map, path, "dimension", Walker::string)?;
    let dimension = ctx.dimensions.iter().position(|d| *d == name);
    if dimension.is_none() {
        w.error(
            &join(path, "dimension"),
            format!(
                "unknown dimension \"{}\"; the dimensions are {}",
                super::display::echo(&name),
                ctx.dimensions.join(", ")
            ),
        );
    }
    let min_score = read_min_score(w, map, path, "the score that dimension must reach");
    Some(Gate::Dimension {
        dimension: dimension?,
        min_score: min_score?,
    })
}

fn read_count_gate(
    w: &mut Walker,
    map: &Map<String, Value>,
    path: &str,
    ctx: &Context,
) -> Option<Gate> {
    w.known_keys(map, path, &["dimensions", "min_score"]);
    let dimension_count = ctx.dimensions.len();
    let count = w
        .opt(map, path, "dimensions", Walker::integer)
        .filter(|&n| {
            let ok = n >= 1 && n as usize <= dimension_count.max(1);
            if !ok {
                w.error(
                    &join(path, "dimensions"),
                    format!(
                        "{n} is not allowed; expected 1 to {dimension_count} (the number of dimensions)"
                    ),
                );
            }
            ok
        });
    let min_score = read_min_score(w, map, path, "the score those dimensions must reach");
    Some(Gate::Dimensions {
        count: count? as usize,
        min_score: min_score?,
    })
}

fn read_min_score(w: &mut Walker, map: &Map<String, Value>, path: &str, what: &str) -> Option<f64> {
    let min_score = w
        .required(map, path, "min_score", what)
        .and_then(|v| w.number(v, &join(path, "min_score")))?;
    let ok = (0.0..=100.0).contains(&min_score);
    if !ok {
        w.error(
            &join(path, "min_score"),
            format!("{min_score} is outside 0..100"),
        );
    }
    ok.then_some(min_score)
}
