//! `sansang validate FILE...`: exit 0 when every file is valid (warnings may
//! be printed), 1 when one is invalid, 2 when one cannot be read.

use std::path::PathBuf;

use super::output::{print_text, warn};
use super::{Failure, Outcome};
use crate::survey::catalog::read_limited;
use crate::survey::load_survey;
use crate::survey::problem::{Problem, counted, report_lines};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Survey definition files (JSON).
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// List every place of a repeated warning (a missing translation) instead of the first few.
    #[arg(long)]
    verbose: bool,
}

pub fn run(args: Args) -> Outcome {
    let (mut invalid, mut unreadable) = (0, 0);
    // Survey ids a screening may name: the shipped ones and those of the files given.
    let mut known: Vec<String> = crate::survey::Catalog::bundled()
        .entries()
        .iter()
        .map(|e| e.survey.id.clone())
        .collect();
    let mut screenings: Vec<(String, String)> = Vec::new();
    for path in &args.files {
        let name = path.display().to_string();
        let bytes = match read_limited(path) {
            Ok(bytes) => bytes,
            Err(message) => {
                warn(&format!("{name}: error: {message}"));
                unreadable += 1;
                continue;
            }
        };
        match load_survey(&name, &bytes) {
            Ok(loaded) => {
                report(&loaded.warnings, args.verbose);
                let s = &loaded.survey;
                known.push(s.id.clone());
                if let Some(full) = &s.screens {
                    screenings.push((name.clone(), full.clone()));
                }
                let scored = s.questions.iter().filter(|q| q.is_scored()).count();
                print_text(&format!(
                    "{name}: valid: {} {} ({}, {scored} scored, {}, {}{}{})",
                    s.id,
                    s.version,
                    counted(s.questions.len(), "question"),
                    counted(s.dimensions.len(), "dimension"),
                    counted(s.levels.len(), "level"),
                    // Says so since "screens" came into the format: its advice gives way.
                    s.screens
                        .as_ref()
                        .map_or(String::new(), |full| format!(", a screening for {full}")),
                    match loaded.warnings.len() {
                        0 => String::new(),
                        n => format!(", {}", counted(n, "warning")),
                    }
                ))?;
            }
            Err(problems) => {
                report(&problems.0, args.verbose);
                warn(&format!(
                    "{name}: invalid: {}",
                    counted(problems.errors().count(), "error")
                ));
                invalid += 1;
            }
        }
    }
    for (name, full) in screenings.iter().filter(|(_, f)| !known.contains(f)) {
        warn(&format!(
            "{name}: screens: warning: no survey \"{full}\" is shipped or among the files given; its advice stays until one is loaded (--surveys)"
        ));
    }
    let files = counted(args.files.len(), "file");
    match (invalid, unreadable) {
        (0, 0) => Ok(()),
        (1, 0) => Err(Failure::Refused(format!("1 of {files} is invalid"))),
        (_, 0) => Err(Failure::Refused(format!(
            "{invalid} of {files} are invalid"
        ))),
        _ => Err(Failure::Io(format!(
            "{unreadable} of {files} could not be read"
        ))),
    }
}

fn report(problems: &[Problem], verbose: bool) {
    for line in report_lines(problems, verbose) {
        warn(&line);
    }
}
