//! The responses file: answers recorded elsewhere (or exported), scored by
//! `sansang score --answers` and later taken in by `sansang import`.
//!
//! ```json
//! {"format": 1, "responses": [{"id": "…", "survey": "sxsh", "survey_version": "1.0",
//!   "establishment": {"name": "…"}, "session": {…}, "answers": {"A1": "some", "K1": ["zalo"], "C3": 12.5}}]}
//! ```

use serde_json::{Map, Value};

use super::answer::Answers;
use super::catalog::Catalog;
use super::json::parse_json_up_to;
use super::model::Survey;
use super::problem::MAX_FILE_BYTES;
use super::problem::{Problem, Problems, Severity};
use super::walk::{Walker, index, join};

/// One response, its answers checked against its survey.
#[derive(Debug, Clone)]
pub struct Response<'c> {
    pub id: Option<String>,
    pub survey: &'c Survey,
    pub answers: Answers,
    /// As given in the file; the store reads the fields it knows.
    pub establishment: Option<Map<String, Value>>,
    pub session: Option<Map<String, Value>>,
    /// JSON path of this response in the file, for later messages.
    pub path: String,
}

impl Response<'_> {
    pub fn establishment_name(&self) -> Option<&str> {
        self.establishment.as_ref()?.get("name")?.as_str()
    }
}

/// Every response in the file, or every problem found in it.
pub fn read_responses<'c>(
    file: &str,
    bytes: &[u8],
    catalog: &'c Catalog,
) -> Result<(Vec<Response<'c>>, Vec<Problem>), Problems> {
    read_responses_up_to(file, bytes, catalog, MAX_FILE_BYTES)
}

/// [`read_responses`] of a file that may be up to `limit` bytes (`sansang import` takes
/// larger files than `score --answers`).
pub fn read_responses_up_to<'c>(
    file: &str,
    bytes: &[u8],
    catalog: &'c Catalog,
    limit: usize,
) -> Result<(Vec<Response<'c>>, Vec<Problem>), Problems> {
    let doc = parse_json_up_to(file, bytes, limit)?;
    let mut w = Walker::new(file);
    let responses = read_file(&mut w, &doc, catalog);
    if w.has_errors() {
        w.problems.sort_by_key(|p| p.severity == Severity::Warning);
        return Err(Problems(w.problems));
    }
    Ok((responses, w.problems))
}

fn read_file<'c>(w: &mut Walker, doc: &Value, catalog: &'c Catalog) -> Vec<Response<'c>> {
    let Some(map) = w.object(
        doc,
        "",
        "a responses file {\"format\": 1, \"responses\": […]}",
    ) else {
        return Vec::new();
    };
    match map.get("format") {
        Some(v) if v.as_i64() == Some(1) => {}
        Some(v) => {
            w.error(
                "format",
                format!("unsupported format {v}; this program reads format 1"),
            );
            return Vec::new();
        }
        None => w.error("format", "missing; expected \"format\": 1"),
    }
    w.known_keys(map, "", &["format", "responses"]);
    let Some(items) = w
        .required(map, "", "responses", "a list of responses")
        .and_then(|v| w.array(v, "responses", "responses"))
    else {
        return Vec::new();
    };
    items
        .iter()
        .enumerate()
        .filter_map(|(i, v)| read_response(w, v, &index("responses", i), catalog))
        .collect()
}

fn read_response<'c>(
    w: &mut Walker,
    v: &Value,
    path: &str,
    catalog: &'c Catalog,
) -> Option<Response<'c>> {
    let map = w.object(v, path, "a response")?;
    w.known_keys(
        map,
        path,
        &[
            "id",
            "survey",
            "survey_version",
            "establishment",
            "session",
            "answers",
            "status",
            "created_at",
            "updated_at",
            "recorded_by",
        ],
    );
    let id = w.opt(map, path, "id", Walker::string);
    let survey_id = w
        .required(map, path, "survey", "the survey id, e.g. \"sxsh\"")
        .and_then(|v| w.string(v, &join(path, "survey")));
    let version = w.opt(map, path, "survey_version", Walker::string);
    let establishment = optional_object(w, map, path, "establishment");
    let session = optional_object(w, map, path, "session");
    let survey_id = survey_id?;
    let empty = Map::new();
    let asked = map
        .get("answers")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let survey = match &version {
        Some(v) => catalog.get(&survey_id, Some(v)),
        None => catalog.newest_answering(&survey_id, asked),
    };
    let Some(survey) = survey else {
        let known = catalog.describe();
        let what = match &version {
            Some(v) => format!("survey \"{survey_id}\" version \"{v}\" is unknown"),
            None => format!("survey \"{survey_id}\" is unknown"),
        };
        w.error(
            &join(path, "survey"),
            format!("{what}; known surveys: {known}. Add its definition with --surveys DIR"),
        );
        return None;
    };
    let answers_path = join(path, "answers");
    let answers = match map.get("answers") {
        None => Answers::new(),
        Some(v) => read_answers(w, v, &answers_path, survey),
    };
    Some(Response {
        id,
        survey,
        answers,
        establishment,
        session,
        path: path.to_owned(),
    })
}

fn optional_object(
    w: &mut Walker,
    map: &Map<String, Value>,
    path: &str,
    key: &str,
) -> Option<Map<String, Value>> {
    match map.get(key)? {
        Value::Null => None,
        v => w
            .object(v, &join(path, key), &format!("the {key}'s details"))
            .cloned(),
    }
}

/// Answers keyed by question id, each checked against its question.
pub fn read_answers(w: &mut Walker, v: &Value, path: &str, survey: &Survey) -> Answers {
    let mut answers = Answers::new();
    let Some(map) = w.object(v, path, "answers by question id") else {
        return answers;
    };
    for (id, value) in map {
        let answer_path = join(path, id);
        let Some(question) = survey.question(id) else {
            w.error(
                &answer_path,
                format!(
                    "survey \"{}\" {} has no question \"{id}\"",
                    survey.id, survey.version
                ),
            );
            continue;
        };
        // null, or a multi with nothing chosen: not answered (as on the entry screen,
        // where unticking every option clears the answer).
        if value.is_null() || value.as_array().is_some_and(Vec::is_empty) {
            continue;
        }
        match question.parse_answer(value) {
            Ok(answer) => {
                answers.insert(id.clone(), answer);
            }
            Err(message) => w.error(&answer_path, message),
        }
    }
    answers
}
