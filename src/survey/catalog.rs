//! The surveys the program knows: those shipped with it (embedded at build time, so it
//! works from any folder) and any found in a `--surveys` folder.

use std::cmp::Ordering;
use std::path::Path;

use super::load::load_survey;
use super::model::Survey;
use super::problem::{Place, Problem, Problems, Severity};

/// The shipped definitions: (file name, JSON text). Version 1.0 of the full surveys stays
/// shipped, byte for byte, so that responses recorded against it keep their definition even
/// in a database that lost it; new responses use the newest version.
pub const BUNDLED: [(&str, &str); 6] = [
    ("surveys/sxsh.json", include_str!("../../surveys/sxsh.json")),
    (
        "surveys/sxsh-2.0.json",
        include_str!("../../surveys/sxsh-2.0.json"),
    ),
    ("surveys/dx.json", include_str!("../../surveys/dx.json")),
    (
        "surveys/dx-2.0.json",
        include_str!("../../surveys/dx-2.0.json"),
    ),
    (
        "surveys/sxsh-nhanh.json",
        include_str!("../../surveys/sxsh-nhanh.json"),
    ),
    (
        "surveys/dx-nhanh.json",
        include_str!("../../surveys/dx-nhanh.json"),
    ),
];

#[derive(Debug, Clone)]
pub struct Definition {
    pub survey: Survey,
    /// The exact definition text, which the store keeps beside responses.
    pub source: String,
    /// Where it came from, for messages.
    pub origin: String,
}

#[derive(Debug, Clone, Default)]
pub struct Catalog {
    entries: Vec<Definition>,
}

impl Catalog {
    /// The shipped surveys plus every `*.json` in `dir`, with warnings.
    pub fn load(dir: Option<&Path>) -> Result<(Catalog, Vec<Problem>), Problems> {
        let mut catalog = Catalog::default();
        let mut problems = Vec::new();
        for (name, text) in BUNDLED {
            catalog.add_source(name, text.as_bytes(), &mut problems);
        }
        if let Some(dir) = dir {
            catalog.add_dir(dir, &mut problems);
        }
        if problems.iter().any(|p| p.severity == Severity::Error) {
            problems.sort_by_key(|p| p.severity == Severity::Warning);
            return Err(Problems(problems));
        }
        Ok((catalog, problems))
    }

    /// The shipped surveys only. They are checked by the test suite, so this cannot fail.
    pub fn bundled() -> Catalog {
        Catalog::load(None).map(|(c, _)| c).unwrap_or_default()
    }

    /// A catalog of exactly these definitions, (name, JSON text): for tests and tools that
    /// need a fixed set of surveys.
    pub fn of(sources: &[(&str, &str)]) -> Result<Catalog, Problems> {
        let mut catalog = Catalog::default();
        let mut problems = Vec::new();
        for (name, text) in sources {
            catalog.add_source(name, text.as_bytes(), &mut problems);
        }
        if problems.iter().any(|p| p.severity == Severity::Error) {
            return Err(Problems(problems));
        }
        Ok(catalog)
    }

    fn add_dir(&mut self, dir: &Path, problems: &mut Vec<Problem>) {
        let whole = |message: String| Problem {
            file: dir.display().to_string(),
            place: Place::File,
            severity: Severity::Error,
            message,
        };
        let read = match std::fs::read_dir(dir) {
            Ok(read) => read,
            Err(e) => return problems.push(whole(format!("cannot read the surveys folder: {e}"))),
        };
        let mut paths: Vec<_> = read
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension()
                    .is_some_and(|x| x.eq_ignore_ascii_case("json"))
            })
            .collect();
        paths.sort();
        for path in paths {
            let name = path.display().to_string();
            match read_limited(&path) {
                Ok(bytes) => self.add_source(&name, &bytes, problems),
                Err(message) => problems.push(Problem {
                    file: name,
                    place: Place::File,
                    severity: Severity::Error,
                    message,
                }),
            }
        }
    }

    fn add_source(&mut self, origin: &str, bytes: &[u8], problems: &mut Vec<Problem>) {
        let loaded = match load_survey(origin, bytes) {
            Ok(loaded) => loaded,
            Err(Problems(found)) => return problems.extend(found),
        };
        problems.extend(loaded.warnings);
        let source = String::from_utf8_lossy(bytes).into_owned();
        let survey = loaded.survey;
        if let Some(existing) = self
            .entries
            .iter()
            .find(|e| e.survey.id == survey.id && e.survey.version == survey.version)
        {
            if existing.source != source {
                problems.push(Problem {
                    file: origin.into(),
                    place: Place::Path("version".into()),
                    severity: Severity::Error,
                    message: format!(
                        "survey \"{}\" version \"{}\" is already defined by {} with different content; give this one a new version",
                        survey.id, survey.version, existing.origin
                    ),
                });
            }
            return;
        }
        self.entries.push(Definition {
            survey,
            source,
            origin: origin.into(),
        });
    }

    /// The survey `id` at `version`, or its newest version when none is asked for.
    pub fn get(&self, id: &str, version: Option<&str>) -> Option<&Survey> {
        self.entry(id, version).map(|e| &e.survey)
    }

    /// The newest version of survey `id` that has every question and option `answers` name,
    /// else its newest: a file written for an older version without saying so keeps its
    /// meaning.
    pub fn newest_answering(
        &self,
        id: &str,
        answers: &serde_json::Map<String, serde_json::Value>,
    ) -> Option<&Survey> {
        let mut versions: Vec<&Survey> = self
            .entries
            .iter()
            .map(|e| &e.survey)
            .filter(|s| s.id == id)
            .collect();
        versions.sort_by(|a, b| compare_versions(&b.version, &a.version));
        versions
            .iter()
            .find(|s| answers.iter().all(|(q, v)| names_fit(s, q, v)))
            .or(versions.first())
            .copied()
    }

    pub fn entry(&self, id: &str, version: Option<&str>) -> Option<&Definition> {
        let mut same_id = self.entries.iter().filter(|e| e.survey.id == id);
        match version {
            Some(v) => same_id.find(|e| e.survey.version == v),
            None => same_id.max_by(|a, b| compare_versions(&a.survey.version, &b.survey.version)),
        }
    }

    pub fn entries(&self) -> &[Definition] {
        &self.entries
    }

    /// "sxsh 1.0, dx 1.0", for messages.
    pub fn describe(&self) -> String {
        self.entries
            .iter()
            .map(|e| format!("{} {}", e.survey.id, e.survey.version))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Whether survey `s` has question `q` and every option value `v` names.
fn names_fit(s: &Survey, q: &str, v: &serde_json::Value) -> bool {
    let Some(question) = s.question(q) else {
        return false;
    };
    if question.kind.options().is_empty() {
        return true;
    }
    let named: Vec<&str> = match v {
        serde_json::Value::String(x) => vec![x.as_str()],
        serde_json::Value::Array(items) => items.iter().filter_map(|i| i.as_str()).collect(),
        _ => Vec::new(),
    };
    named.iter().all(|x| question.option(x).is_some())
}

/// Why a path cannot be read as a saved file.
pub enum NotReadable {
    /// Opening or asking about it failed: "cannot open: …", "cannot read: …".
    Failed(String),
    Folder,
    /// A device, a pipe or a socket: it could give bytes for ever or none at all.
    Special,
}

/// `path` opened for reading when it is a regular file: the one way every file a user names
/// is opened. Asked on the name before opening, since opening a named pipe waits for a writer
/// that may never come, and again on the file opened, which the name may no longer be.
pub fn open_regular(path: &Path) -> Result<std::fs::File, NotReadable> {
    let kind = |meta: std::fs::Metadata| {
        if meta.is_file() {
            Ok(())
        } else if meta.is_dir() {
            Err(NotReadable::Folder)
        } else {
            Err(NotReadable::Special)
        }
    };
    let failed =
        |doing: &str, e: std::io::Error| NotReadable::Failed(format!("cannot {doing}: {e}"));
    kind(std::fs::metadata(path).map_err(|e| failed("open", e))?)?;
    let file = std::fs::File::open(path).map_err(|e| failed("open", e))?;
    kind(file.metadata().map_err(|e| failed("read", e))?)?;
    Ok(file)
}

/// Read a file of at most 5 MiB (plus one byte, so the loader can say it is too big).
pub fn read_limited(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let limit = super::problem::MAX_FILE_BYTES;
    let file = open_regular(path).map_err(|why| match why {
        NotReadable::Failed(failed) => failed,
        NotReadable::Folder | NotReadable::Special => {
            "not a regular file; give the path of a saved file".into()
        }
    })?;
    let meta = file.metadata().map_err(|e| format!("cannot read: {e}"))?;
    if meta.len() > limit as u64 {
        return Err(format!(
            "the file has {} bytes, more than the {limit} (5 MiB) read here; nothing was taken in; split it into smaller files",
            meta.len()
        ));
    }
    let mut bytes = Vec::new();
    file.take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() > limit {
        return Err(format!(
            "the file grew past the {limit} bytes (5 MiB) read here while it was read; nothing was taken in"
        ));
    }
    Ok(bytes)
}

/// "1.10" is newer than "1.9": numeric parts compare as numbers.
pub fn compare_versions(a: &str, b: &str) -> Ordering {
    let parts = |s: &str| {
        s.split(['.', '-'])
            .map(|p| p.parse::<u64>().map_err(|_| p.to_owned()))
            .collect::<Vec<_>>()
    };
    let (pa, pb) = (parts(a), parts(b));
    for (x, y) in pa.iter().zip(&pb) {
        let ord = match (x, y) {
            (Ok(x), Ok(y)) => x.cmp(y),
            (Ok(_), Err(_)) => Ordering::Greater,
            (Err(_), Ok(_)) => Ordering::Less,
            (Err(x), Err(y)) => x.cmp(y),
        };
        if ord != Ordering::Equal {
            return ord;
        }
    }
    pa.len().cmp(&pb.len())
}
