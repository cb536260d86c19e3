//! From bytes to a validated `Survey`, reporting every problem found.

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::display::{echo, has_visible, printable};
use super::expr;
use super::json::parse_json;
use super::model::{DEFAULT_MIN_COVERAGE, Question, ShowIf, Survey};
use super::problem::{Problem, Problems, Severity};
use super::questions::{QuestionDraft, read_question};
use super::rules::{Context, expression_error, read_dimension, read_levels};
use super::supports::read_supports;
use super::text::{Text, nfc};
use super::walk::{Walker, index, join, name_questions};

/// A survey that passed validation, with the warnings found on the way.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub survey: Survey,
    pub warnings: Vec<Problem>,
}

/// Load and validate one definition. `file` names it in messages.
pub fn load_survey(file: &str, bytes: &[u8]) -> Result<Loaded, Problems> {
    let doc = parse_json(file, bytes).map_err(|mut problems| {
        // A key given twice: the file is still JSON, so the path can name the question.
        if let Ok(lenient) = serde_json::from_slice::<Value>(strip_bom(bytes)) {
            name_questions(&lenient, &mut problems.0);
        }
        problems
    })?;
    let mut w = Walker::new(file);
    let survey = read_survey(&mut w, &doc);
    name_questions(&doc, &mut w.problems);
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

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

const SURVEY_KEYS: [&str; 12] = [
    "format",
    "id",
    "version",
    "languages",
    "title",
    "description",
    "dimensions",
    "levels",
    "questions",
    "min_coverage",
    "supports",
    "screens",
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
                format!(
                    "unsupported format {}; this program reads format 1",
                    echo(&v.to_string())
                ),
            );
            return None;
        }
    }
    w.known_keys(map, "", &SURVEY_KEYS);
    let header = read_header(w, map);
    let min_coverage = read_min_coverage(w, map);
    let screens = read_screens(w, map, header.0.as_deref());
    let mut supports = read_supports(w, map);
    let dimension_ids = raw_ids(map, "dimensions");
    let drafts = read_list(w, map, "questions", "questions", |w, v, path| {
        let ids: Vec<&str> = dimension_ids.iter().map(String::as_str).collect();
        read_question(w, v, path, &ids)
    });
    check_unique(w, "dimensions", dimension_ids.iter().map(String::as_str));
    check_unique(
        w,
        "questions",
        drafts.iter().map(|d| d.question.id.as_str()),
    );
    let questions = resolve_show_if(w, drafts);
    check_profile_unique(w, &questions);
    let ctx = Context {
        dimensions: &dimension_ids,
        questions: &questions,
    };
    let dimensions = read_list(w, map, "dimensions", "dimensions", |w, v, path| {
        read_dimension(w, v, path, &ctx, &mut supports)
    });
    let levels = read_levels(w, map, &ctx);
    check_dimensions_scored(w, &dimension_ids, &questions);
    let (id, version, title, description) = header;
    Some(Survey {
        id: id?,
        version: version?,
        languages: w.languages.clone(),
        title: title?,
        description,
        dimensions,
        levels,
        questions,
        min_coverage: min_coverage?,
        supports: supports.into_vec(),
        screens,
    })
}

type Header = (Option<String>, Option<String>, Option<Text>, Option<Text>);

/// Languages, id, version, title and description.
fn read_header(w: &mut Walker, map: &Map<String, Value>) -> Header {
    read_languages(w, map);
    let id = w
        .required(map, "", "id", "the survey id, e.g. \"sxsh\"")
        .and_then(|v| w.string(v, "id"));
    if let Some(id) = &id {
        check_survey_id(w, id);
    }
    let version = w
        .required(map, "", "version", "a version text, e.g. \"1.0\"")
        .and_then(|v| w.string(v, "version"))
        .filter(|v| check_version(w, v));
    let title = w
        .required(map, "", "title", "the survey's title")
        .and_then(|v| w.text(v, "title"));
    if let Some(title) = &title {
        check_title(w, title);
    }
    let description = w.opt(map, "", "description", Walker::text);
    (id, version, title, description)
}

/// The longest survey id or version: they are printed in every list and file name.
const MAX_ID_CHARS: usize = 64;

fn check_version(w: &mut Walker, version: &str) -> bool {
    let problem = if version.trim().is_empty() {
        "is empty; expected a version text, e.g. \"1.0\"".to_owned()
    } else if version.chars().any(char::is_control) {
        format!(
            "\"{}\" holds a control character; a version is printable text such as \"1.0\"",
            printable(&echo(version))
        )
    } else if version.chars().count() > MAX_ID_CHARS {
        format!("is longer than {MAX_ID_CHARS} characters; a version is short, e.g. \"1.0\"")
    } else {
        return true;
    };
    w.error("version", problem);
    false
}

fn check_title(w: &mut Walker, title: &Text) {
    for lang in w.languages.clone() {
        if (lang == w.languages[0] || title.has(&lang)) && !has_visible(title.get(&lang)) {
            w.error(
                "title",
                format!(
                    "the \"{lang}\" title shows nothing; give the survey a name people can read"
                ),
            );
        }
    }
}

/// `screens`: the id of the full survey this one is a short screening for.
fn read_screens(w: &mut Walker, map: &Map<String, Value>, own: Option<&str>) -> Option<String> {
    let id = w.opt(map, "", "screens", Walker::string)?;
    if !is_survey_id(&id) {
        w.error(
            "screens",
            format!(
                "\"{}\" is not a survey id; name the full survey this one screens for, e.g. \"sxsh\"",
                printable(&echo(&id))
            ),
        );
        return None;
    }
    if Some(id.as_str()) == own {
        w.error(
            "screens",
            "names this survey itself; name the full survey this one screens for, e.g. \"sxsh\"",
        );
        return None;
    }
    Some(id)
}

fn read_min_coverage(w: &mut Walker, map: &Map<String, Value>) -> Option<f64> {
    let Some(v) = map.get("min_coverage") else {
        return Some(DEFAULT_MIN_COVERAGE);
    };
    let n = w.number(v, "min_coverage")?;
    if !(0.0..=1.0).contains(&n) {
        w.error(
            "min_coverage",
            format!("{n} is outside 0..1; it is the share of the scored questions that must be answered, e.g. 0.8"),
        );
        return None;
    }
    Some(n)
}

/// The ids of a list as written, whatever else is wrong with its items (reported when the
/// items are read): questions and rules refer to dimensions by these.
fn raw_ids(map: &Map<String, Value>, key: &str) -> Vec<String> {
    let items = map.get(key).and_then(Value::as_array);
    items
        .into_iter()
        .flatten()
        .map(|item| {
            item.get("id")
                .and_then(Value::as_str)
                .map(nfc)
                .unwrap_or_default()
        })
        .collect()
}

fn check_dimensions_scored(w: &mut Walker, dimensions: &[String], questions: &[Question]) {
    for (i, id) in dimensions.iter().enumerate() {
        if !questions
            .iter()
            .any(|q| q.dimension == Some(i) && q.weight > 0.0)
        {
            w.error(&index("dimensions", i), format!("no scored question belongs to dimension \"{id}\"; add one or remove the dimension"));
        }
    }
}

/// One question per profile field: two would give the establishment two answers.
fn check_profile_unique(w: &mut Walker, questions: &[Question]) {
    for (i, q) in questions.iter().enumerate() {
        let Some(field) = q.profile else { continue };
        if let Some(first) = questions[..i].iter().find(|p| p.profile == Some(field)) {
            w.error(
                &join(&index("questions", i), "profile"),
                format!(
                    "profile field \"{field}\" is already asked by question {}; a survey asks each field once",
                    first.id
                ),
            );
        }
    }
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
    if !is_survey_id(id) {
        w.error("id", format!("\"{}\" is not a valid survey id; use at most {MAX_ID_CHARS} lowercase letters, digits, _ and -, starting with a letter or digit", printable(&echo(id))));
    }
}

/// At most [`MAX_ID_CHARS`] lowercase letters, digits, _ and -, starting with a letter or digit.
fn is_survey_id(id: &str) -> bool {
    let mut chars = id.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    let rest_ok =
        chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
    first_ok && rest_ok && id.len() <= MAX_ID_CHARS
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
pub fn read_list<T>(
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
                    w.error(&path, expression_error(&e, &source));
                }
            }
        }
    }
    questions
}
