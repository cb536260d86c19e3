//! Reading the options of a `single` or `multi` question.

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::display::echo;
use super::model::{Choice, Kind};
use super::walk::{Walker, index, join};

pub fn check_top_score(w: &mut Walker, path: &str, top: f64, what: &str) {
    if top <= 0.0 {
        w.error(path, format!("{what} is 0, so this scored question could never score; give some answer a score above 0"));
    }
}

/// The highest score a single option gives: a single question's share is relative to it.
pub fn top_option_score(options: &[Choice]) -> f64 {
    options.iter().filter_map(|o| o.score).fold(0.0, f64::max)
}

pub fn read_single(
    w: &mut Walker,
    map: &Map<String, Value>,
    path: &str,
    scored: bool,
) -> Option<Kind> {
    let options = read_options(w, map, path, scored, false)?;
    if scored {
        check_top_score(
            w,
            path,
            top_option_score(&options),
            "the highest option score",
        );
    }
    Some(Kind::Single { options })
}

pub fn read_multi(
    w: &mut Walker,
    map: &Map<String, Value>,
    path: &str,
    scored: bool,
) -> Option<Kind> {
    let options = read_options(w, map, path, scored, true)?;
    let max_score = map.get("max_score").and_then(|v| {
        let n = w.bounded(v, &join(path, "max_score"))?;
        let ok = n > 0.0;
        if !ok {
            w.error(
                &join(path, "max_score"),
                format!("{n} is not allowed; the cap must be more than 0"),
            );
        }
        ok.then_some(n)
    });
    if scored && map.get("max_score").is_none_or(|_| max_score.is_some()) {
        let cap = max_score.unwrap_or_else(|| options.iter().filter_map(|o| o.score).sum());
        let best = options.iter().filter_map(|o| o.score).sum::<f64>().min(cap);
        check_top_score(w, path, best, "the best possible score");
    }
    Some(Kind::Multi { options, max_score })
}

fn read_options(
    w: &mut Walker,
    map: &Map<String, Value>,
    path: &str,
    scored: bool,
    multi: bool,
) -> Option<Vec<Choice>> {
    let list_path = join(path, "options");
    let items = w
        .required(map, path, "options", "a list of at least two options")
        .and_then(|v| w.array(v, &list_path, "options"))?;
    if items.len() < 2 {
        w.error(
            &list_path,
            format!("has {} option(s); a choice needs at least two", items.len()),
        );
    }
    let mut options = Vec::new();
    let mut seen = HashSet::new();
    for (i, item) in items.iter().enumerate() {
        let path = index(&list_path, i);
        let Some(option) = read_option(w, item, &path, scored, multi) else {
            continue;
        };
        if !seen.insert(option.value.clone()) {
            w.error(
                &join(&path, "value"),
                format!("value \"{}\" is used twice in this question", option.value),
            );
        }
        options.push(option);
    }
    let exclusive = options.iter().filter(|o| o.exclusive).count();
    if exclusive > 1 {
        w.error(
            &list_path,
            format!("{exclusive} options are exclusive; at most one may be"),
        );
    }
    Some(options)
}

fn read_option(w: &mut Walker, v: &Value, path: &str, scored: bool, multi: bool) -> Option<Choice> {
    let map = w.object(v, path, "an option")?;
    let mut known = vec!["value", "label", "score", "dont_know"];
    if multi {
        known.push("exclusive");
    }
    w.known_keys(map, path, &known);
    let value = w
        .required(map, path, "value", "the option's value, e.g. \"yes\"")
        .and_then(|v| w.string(v, &join(path, "value")));
    if let Some(value) = &value {
        // A bad value is reported and the option kept, so that no other error follows from it.
        check_option_value(w, value, &join(path, "value"));
    }
    let label = w
        .required(map, path, "label", "the option as read out")
        .and_then(|v| w.text(v, &join(path, "label")));
    let score_path = join(path, "score");
    let score = match map.get("score") {
        None if scored => {
            w.error(&score_path, "missing; a scored question needs a score on every option (null for \"not applicable\")");
            None
        }
        None | Some(Value::Null) => Some(None),
        Some(v) => w.non_negative(v, &score_path).map(Some),
    };
    let dont_know = w
        .opt(map, path, "dont_know", Walker::boolean)
        .unwrap_or(false);
    let exclusive = multi
        && w.opt(map, path, "exclusive", Walker::boolean)
            .unwrap_or(false);
    Some(Choice {
        value: value?,
        label: label?,
        score: score?,
        not_applicable: map.get("score").is_some_and(Value::is_null),
        dont_know,
        exclusive,
    })
}

/// The longest option value, in characters.
const MAX_VALUE_CHARS: usize = 64;

/// Option values go into CSV cells joined with ';' and are typed in responses files:
/// any text (already NFC) without ';', control characters or spaces at either end.
fn check_option_value(w: &mut Walker, value: &str, path: &str) {
    let length = value.chars().count();
    let problem = if length == 0 {
        Some("is empty; give the option a value".to_owned())
    } else if length > MAX_VALUE_CHARS {
        Some(format!(
            "is {length} characters long; an option value has at most {MAX_VALUE_CHARS}"
        ))
    } else if value.contains(';') {
        Some("contains ';', which joins the values of a multi answer in one cell".to_owned())
    } else if value.chars().any(char::is_control) {
        Some("contains a control character (a line break, a tab…)".to_owned())
    } else if value.trim() != value {
        Some("starts or ends with a space".to_owned())
    } else {
        None
    };
    if let Some(problem) = &problem {
        w.error(
            path,
            format!(
                "\"{}\" is not a valid option value: it {problem}",
                super::display::printable(&echo(value))
            ),
        );
    }
}
