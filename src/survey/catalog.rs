//! The surveys the program knows: the two shipped with it (embedded at build
//! time, so it works from any folder) and any found in a `--surveys` folder.

use std::cmp::Ordering;
use std::path::Path;

use super::load::load_survey;
use super::model::Survey;
use super::problem::{Place, Problem, Problems, Severity};

/// The shipped definitions: (file name, JSON text).
pub const BUNDLED: [(&str, &str); 2] = [
    ("surveys/sxsh.json", include_str!("../../surveys/sxsh.json")),
    ("surveys/dx.json", include_str!("../../surveys/dx.json")),
];

#[derive(Debug, Clone)]
pub struct Entry {
    pub survey: Survey,
    /// The exact definition text, which the store keeps beside responses.
    pub source: String,
    /// Where it came from, for messages.
    pub origin: String,
}

#[derive(Debug, Clone, Default)]
pub struct Catalog {
    entries: Vec<Entry>,
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
        self.entries.push(Entry {
            survey,
            source,
            origin: origin.into(),
        });
    }

    /// The survey `id` at `version`, or its newest version when none is asked for.
    pub fn get(&self, id: &str, version: Option<&str>) -> Option<&Survey> {
        self.entry(id, version).map(|e| &e.survey)
    }

    pub fn entry(&self, id: &str, version: Option<&str>) -> Option<&Entry> {
        let mut same_id = self.entries.iter().filter(|e| e.survey.id == id);
        match version {
            Some(v) => same_id.find(|e| e.survey.version == v),
            None => same_id.max_by(|a, b| compare_versions(&a.survey.version, &b.survey.version)),
        }
    }

    pub fn entries(&self) -> &[Entry] {
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

/// Read a file of at most 5 MiB (plus one byte, so the loader can say it is too big).
pub fn read_limited(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| format!("cannot open: {e}"))?;
    let mut bytes = Vec::new();
    file.take(super::problem::MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
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
