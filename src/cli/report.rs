//! `sansang report --establishment ID | --session ID | --followup [--session ID] --out FILE.html`.

use std::path::PathBuf;

use super::db::{open_fieldwork_reading, parse_id};
use super::form::parse_lang;
use super::output::{print_written, to_file_or_stdout};
use super::{Failure, Outcome};
use crate::export::Lang;
use crate::export::report::{establishment_report, follow_up_report, session_report};

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("whose").required(true).multiple(true).args(["establishment", "session", "followup"])))]
pub struct Args {
    /// One establishment's result sheet: each survey, compared with the last visit.
    #[arg(long, value_name = "ID", conflicts_with_all = ["session", "followup"])]
    establishment: Option<String>,
    /// One workshop's sheet: levels, dimension averages, ranking, follow-up list.
    #[arg(long, value_name = "ID")]
    session: Option<String>,
    /// The follow-up list alone: establishments by the support their weak
    /// dimensions call for; of --session ID, or of every session.
    #[arg(long)]
    followup: bool,
    /// Where to write the page (HTML, for printing on A4); `-`: standard output.
    #[arg(long, value_name = "FILE.html")]
    out: PathBuf,
    /// The language of the page: vi (default) or en.
    #[arg(long, default_value = "vi", value_parser = parse_lang)]
    lang: Lang,
    /// Replace the file if it exists.
    #[arg(long)]
    force: bool,
}

pub fn run(args: Args, surveys: &Option<PathBuf>, db: &Option<PathBuf>) -> Outcome {
    let fieldwork = open_fieldwork_reading(surveys, db)?;
    let session = args
        .session
        .as_deref()
        .map(|s| parse_id("session", s))
        .transpose()?;
    let (_, file) = to_file_or_stdout(&args.out, "sheet.html", |out| {
        Ok(match (&args.establishment, session) {
            (None, session) if args.followup => {
                follow_up_report(&fieldwork, session, args.lang, out, args.force)?
            }
            (Some(e), _) => establishment_report(
                &fieldwork,
                parse_id("establishment", e)?,
                args.lang,
                out,
                args.force,
            )?,
            (None, Some(s)) => session_report(&fieldwork, s, args.lang, out, args.force)?,
            (None, None) => {
                return Err(Failure::Io(
                    "give --establishment ID, --session ID or --followup".into(),
                ));
            }
        })
    })?;
    print_written(file)
}
