//! `sansang validate FILE...`: exit 0 when every file is valid (warnings may
//! be printed), 1 when one is invalid, 2 when one cannot be read.

use std::path::PathBuf;

use super::{Failure, Outcome, print_problems};
use crate::survey::catalog::read_limited;
use crate::survey::load_survey;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Survey definition files (JSON).
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
}

pub fn run(args: Args) -> Outcome {
    let (mut invalid, mut unreadable) = (0, 0);
    for path in &args.files {
        let name = path.display().to_string();
        let bytes = match read_limited(path) {
            Ok(bytes) => bytes,
            Err(message) => {
                eprintln!("{name}: error: {message}");
                unreadable += 1;
                continue;
            }
        };
        match load_survey(&name, &bytes) {
            Ok(loaded) => {
                print_problems(&loaded.warnings);
                let s = &loaded.survey;
                let scored = s.questions.iter().filter(|q| q.is_scored()).count();
                println!(
                    "{name}: valid: {} {} ({} questions, {scored} scored, {} dimensions, {} levels{})",
                    s.id,
                    s.version,
                    s.questions.len(),
                    s.dimensions.len(),
                    s.levels.len(),
                    match loaded.warnings.len() {
                        0 => String::new(),
                        n => format!(", {n} warnings"),
                    }
                );
            }
            Err(problems) => {
                print_problems(&problems.0);
                eprintln!("{name}: invalid: {} errors", problems.errors().count());
                invalid += 1;
            }
        }
    }
    match (invalid, unreadable) {
        (0, 0) => Ok(()),
        (_, 0) => Err(Failure::Refused(format!(
            "{invalid} of {} files are invalid",
            args.files.len()
        ))),
        _ => Err(Failure::Io(format!(
            "{unreadable} of {} files could not be read",
            args.files.len()
        ))),
    }
}
