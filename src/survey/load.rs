//! From bytes to a validated `Survey`, reporting every problem found.

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::expr;
use super::model::{Advice, Dimension, Gate, Level, ShowIf, Survey};
use super::problem::{Problem, Problems, Severity, parse_json};
use super::questions::{QuestionDraft, read_question};
use super::walk::{Walker, index, join};

/// A survey that passed validation, with the warnings found on the way.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub survey: Survey,
    pub warnings: Vec<Problem>,
}

/// Load and validate one definition. `file` names it in messages.
pub fn load_survey(file: &str, bytes: &[u8]) -> Result<Loaded, Problems> {
    let doc = parse_json(file, bytes)?;
    let mut w = Walker::new(file);
    let survey = read_survey(&mut w, &doc);
    match survey {
        Some(survey) if !w.has_errors() => Ok(Loaded {
            survey,
            warnings: w.problems,
        }),
        _ => {
            // Errors first: they are what must be fixed.
            w.problems.sort_by_key(|p| p.severity == Severity::Warning);
            Err(Problems(w.problems))
        }
    }
}

const SURVEY_KEYS: [&str; 9] = [
    "format",
    "id",
    "version",
    "languages",
    "title",
    "description",
    "dimensions",
    "levels",
    "questions",
];

/// Words of the show_if language, which therefore cannot be question ids.
const RESERVED: [&str; 5] = ["and", "or", "not", "selected", "answered"];

fn read_survey(w: &mut Walker, doc: &Value) -> Option<Survey> {
    let map = w.object(doc, "", "a survey definition")?;
    match map.get("format") {
        None => {
            w.error("format", "missing; expected \"format\": 1");
            return None;
        }
        Some(v) if v.as_i64() == Some(1) => {}
        Some(v) => {
            w.error(
                "format",
                format!("unsupported format {v}; this program reads format 1"),
            );
            return None;
        }
    }
    w.known_keys(map, "", &SURVEY_KEYS);
    read_languages(w, map);
    let id = w
        .required(map, "", "id", "the survey id, e.g. \"sxsh\"")
        .and_then(|v| w.string(v, "id"));
    if let Some(id) = &id {
        check_survey_id(w, id);
    }
    let version = w
        .required(map, "", "version", "a version text, e.g. \"1.0\"")
        .and_then(|v| w.string(v, "version"));
    if version.as_deref().is_some_and(|v| v.trim().is_empty()) {
        w.error("version", "is empty; expected a version text, e.g. \"1.0\"");
    }
    let title = w
        .required(map, "", "title", "the survey's title")
        .and_then(|v| w.text(v, "title"));
    let description = w.opt(map, "", "description", Walker::text);
    let dimensions = read_list(w, map, "dimensions", "dimensions", read_dimension);
    let levels = read_levels(w, map, dimensions.len());
    let dimension_ids: Vec<&str> = dimensions.iter().map(|d| d.id.as_str()).collect();
    let drafts = read_list(w, map, "questions", "questions", |w, v, path| {
        read_question(w, v, path, &dimension_ids)
    });
    check_unique(w, "dimensions", dimensions.iter().map(|d| d.id.as_str()));
    check_unique(
        w,
        "questions",
        drafts.iter().map(|d| d.question.id.as_str()),
    );
    let questions = resolve_show_if(w, drafts);
    for (i, dim) in dimensions.iter().enumerate() {
        if !questions
            .iter()
            .any(|q| q.dimension == Some(i) && q.weight > 0.0)
        {
            w.error(&index("dimensions", i), format!("no scored question belongs to dimension \"{}\"; add one or remove the dimension", dim.id));
        }
    }
    Some(Survey {
        id: id?,
        version: version?,
        languages: w.languages.clone(),
        title: title?,
        description,
        dimensions,
        levels,
        questions,
    })
}

fn read_languages(w: &mut Walker, map: &Map<String, Value>) {
    let Some(list) = w
        .required(
            map,
            "",
            "languages",
            "a list of language codes, e.g. [\"vi\", \"en\"]",
        )
        .and_then(|v| w.array(v, "languages", "language codes"))
    else {
        return;
    };
    let mut languages = Vec::new();
    for (i, v) in list.iter().enumerate() {
        let path = index("languages", i);
        if let Some(code) = w.string(v, &path) {
            let valid = (2..=8).contains(&code.len())
                && code.chars().all(|c| c.is_ascii_lowercase() || c == '-');
            if !valid {
                w.error(
                    &path,
                    format!("\"{code}\" is not a language code; expected e.g. \"vi\" or \"en\""),
                );
            } else if languages.contains(&code) {
                w.error(&path, format!("\"{code}\" is listed twice"));
            } else {
                languages.push(code);
            }
        }
    }
    if languages.is_empty() {
        w.error(
            "languages",
            "no language; expected e.g. [\"vi\", \"en\"], the default first",
        );
    } else {
        w.languages = languages;
    }
}

fn check_survey_id(w: &mut Walker, id: &str) {
    let mut chars = id.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    let rest_ok =
        chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
    if !(first_ok && rest_ok) {
        w.error("id", format!("\"{id}\" is not a valid survey id; use lowercase letters, digits, _ and -, starting with a letter or digit"));
    }
}

/// Question, dimension and option ids: a letter first, then letters, digits, _ and -.
pub fn check_id(w: &mut Walker, id: &str, path: &str, what: &str) {
    let mut chars = id.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let rest_ok = chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !(first_ok && rest_ok) {
        w.error(path, format!("\"{id}\" is not a valid {what} id; use ASCII letters, digits, _ and -, starting with a letter"));
    } else if RESERVED.contains(&id) {
        w.error(
            path,
            format!("\"{id}\" is a word of the show_if language and cannot be a {what} id"),
        );
    }
}

fn check_unique<'a>(w: &mut Walker, list: &str, ids: impl Iterator<Item = &'a str>) {
    let mut seen = HashSet::new();
    for (i, id) in ids.enumerate() {
        if !seen.insert(id) {
            w.error(
                &join(&index(list, i), "id"),
                format!("id \"{id}\" is used twice in {list}"),
            );
        }
    }
}

/// A required, non-empty list whose items are read by `read`.
fn read_list<T>(
    w: &mut Walker,
    map: &Map<String, Value>,
    key: &str,
    what: &str,
    mut read: impl FnMut(&mut Walker, &Value, &str) -> Option<T>,
) -> Vec<T> {
    let Some(items) = w
        .required(map, "", key, &format!("a list of {what}"))
        .and_then(|v| w.array(v, key, what))
    else {
        return Vec::new();
    };
    if items.is_empty() {
        w.error(key, format!("is empty; at least one of {what} is needed"));
    }
    items
        .iter()
        .enumerate()
        .filter_map(|(i, v)| read(w, v, &index(key, i)))
        .collect()
}

fn read_dimension(w: &mut Walker, v: &Value, path: &str) -> Option<Dimension> {
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
        check_id(w, id, &join(path, "id"), "dimension");
    }
    let title = w
        .required(map, path, "title", "the dimension's title")
        .and_then(|v| w.text(v, &join(path, "title")));
    let weight = match map.get("weight") {
        None => Some(1.0),
        Some(v) => w.number(v, &join(path, "weight")).filter(|&n| {
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
        .map(|v| read_advice(w, v, &join(path, "advice")))
        .unwrap_or_default();
    Some(Dimension {
        id: id?,
        title: title?,
        weight: weight?,
        description,
        advice,
    })
}

fn read_advice(w: &mut Walker, v: &Value, path: &str) -> Vec<Advice> {
    let Some(items) = w.array(v, path, "advice entries") else {
        return Vec::new();
    };
    let mut advice: Vec<Advice> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let path = index(path, i);
        let Some(map) = w.object(item, &path, "an advice entry") else {
            continue;
        };
        w.known_keys(map, &path, &["below", "text", "support"]);
        let below = w
            .required(
                map,
                &path,
                "below",
                "the score under which this advice applies",
            )
            .and_then(|v| w.number(v, &join(&path, "below")));
        let text = w
            .required(map, &path, "text", "the advice")
            .and_then(|v| w.text(v, &join(&path, "text")));
        let support = w.opt(map, &path, "support", Walker::text);
        if let (Some(prev), Some(b)) = (advice.last(), below)
            && b <= prev.below
        {
            w.error(
                &join(&path, "below"),
                format!(
                    "{b} is not above the previous {}; list advice by ascending below",
                    prev.below
                ),
            );
        }
        if let (Some(below), Some(text)) = (below, text) {
            advice.push(Advice {
                below,
                text,
                support,
            });
        }
    }
    advice
}

fn read_levels(w: &mut Walker, map: &Map<String, Value>, dimension_count: usize) -> Vec<Level> {
    let levels = read_list(w, map, "levels", "levels", |w, v, path| {
        read_level(w, v, path, dimension_count)
    });
    for (i, level) in levels.iter().enumerate() {
        let path = join(&index("levels", i), "min");
        if i == 0 && level.min != 0.0 {
            w.error(
                &path,
                format!("the first level must start at 0, not {}", level.min),
            );
        }
        if i == 0 && level.requires.is_some() {
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

fn read_level(w: &mut Walker, v: &Value, path: &str, dimension_count: usize) -> Option<Level> {
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
    let advice = w.opt(map, path, "advice", Walker::text);
    let requires = match map.get("requires") {
        Some(v) => Some(read_gate(w, v, &join(path, "requires"), dimension_count)?),
        None => None,
    };
    Some(Level {
        min: min?,
        label: label?,
        advice,
        requires,
    })
}

fn read_gate(w: &mut Walker, v: &Value, path: &str, dimension_count: usize) -> Option<Gate> {
    let map = w.object(v, path, "a gate {\"dimensions\": N, \"min_score\": X}")?;
    w.known_keys(map, path, &["dimensions", "min_score"]);
    let count = w
        .required(
            map,
            path,
            "dimensions",
            "how many dimensions must reach min_score",
        )
        .and_then(|v| w.integer(v, &join(path, "dimensions")));
    let count = count.filter(|&n| {
        let ok = n >= 1 && n as usize <= dimension_count.max(1);
        if !ok {
            w.error(
                &join(path, "dimensions"),
                format!(
                    "{n} is not allowed; expected 1 to {} (the number of dimensions)",
                    dimension_count
                ),
            );
        }
        ok
    });
    let min_score = w
        .required(
            map,
            path,
            "min_score",
            "the score those dimensions must reach",
        )
        .and_then(|v| w.number(v, &join(path, "min_score")));
    let min_score = min_score.filter(|m| {
        let ok = (0.0..=100.0).contains(m);
        if !ok {
            w.error(&join(path, "min_score"), format!("{m} is outside 0..100"));
        }
        ok
    });
    Some(Gate {
        dimensions: count? as usize,
        min_score: min_score?,
    })
}

/// show_if may refer only to earlier questions, so it is read once all are known.
fn resolve_show_if(w: &mut Walker, drafts: Vec<QuestionDraft>) -> Vec<super::model::Question> {
    let mut questions: Vec<_> = drafts.iter().map(|d| d.question.clone()).collect();
    for (i, draft) in drafts.into_iter().enumerate() {
        let Some((source, path)) = draft.show_if else {
            continue;
        };
        match expr::parse(&source, &questions, i) {
            Ok(expr) => questions[i].show_if = Some(ShowIf { source, expr }),
            Err(errors) => {
                for e in errors {
                    w.error(&path, format!("{e} in \"{source}\""));
                }
            }
        }
    }
    questions
}
