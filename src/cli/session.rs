//! `sansang session new|list|show|edit`.

use std::path::PathBuf;

use chrono::NaiveDate;
use serde_json::json;

use super::db::{
    failure, fieldwork_failure, open_reading, open_store, parse_id, print_json, print_text,
};
use super::{Outcome, table};
use crate::fieldwork::names::check_session;
use crate::store::{Session, Store};
use crate::survey::display::parse_date_typed;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Record a new session (workshop); prints its id.
    New(NewArgs),
    /// List sessions, newest first.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Show a session with the establishments taking part and their responses.
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Change a session's details (only the fields given).
    Edit(EditArgs),
}

#[derive(Debug, clap::Args)]
pub struct EditArgs {
    id: String,
    #[arg(long)]
    name: Option<String>,
    /// The day of the workshop, YYYY-MM-DD.
    #[arg(long, value_parser = parse_date)]
    date: Option<NaiveDate>,
    #[arg(long)]
    commune: Option<String>,
    #[arg(long)]
    province: Option<String>,
    #[arg(long)]
    former_district: Option<String>,
    #[arg(long)]
    trainer: Option<String>,
    #[arg(long)]
    notes: Option<String>,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Args)]
pub struct NewArgs {
    #[arg(long)]
    name: String,
    /// The day of the workshop, YYYY-MM-DD.
    #[arg(long, value_parser = parse_date)]
    date: NaiveDate,
    /// Commune or ward.
    #[arg(long, default_value = "")]
    commune: String,
    #[arg(long, default_value = "")]
    province: String,
    /// The district before the 1 July 2025 reform, for earlier workshops.
    #[arg(long)]
    former_district: Option<String>,
    #[arg(long, default_value = "")]
    trainer: String,
    #[arg(long, default_value = "")]
    notes: String,
    #[arg(long)]
    json: bool,
}

/// A date as people write it (17/10/2024, 17/10/24) or in ISO (2024-10-17).
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    parse_date_typed(text)
        .ok_or_else(|| format!("{text:?} is not a date; write it as 17/10/2024 or 2024-10-17"))
}

pub fn run(command: Command, db: &Option<PathBuf>) -> Outcome {
    let store = match command {
        Command::New(_) | Command::Edit(_) => open_store(db)?,
        _ => open_reading(db)?,
    };
    match command {
        Command::New(args) => new(&store, args),
        Command::List { json } => list(&store, json),
        Command::Show { id, json } => show(&store, &id, json),
        Command::Edit(args) => edit(&store, args),
    }
}

fn edit(store: &Store, args: EditArgs) -> Outcome {
    let mut s = store.find_session(parse_id("session", &args.id)?)?;
    if let Some(name) = args.name {
        s.name = name;
    }
    if let Some(date) = args.date {
        s.date = date;
    }
    super::replace(&mut s.commune, args.commune);
    super::replace(&mut s.province, args.province);
    super::replace(&mut s.trainer, args.trainer);
    super::replace(&mut s.notes, args.notes);
    if let Some(d) = args.former_district {
        s.former_district = Some(d);
    }
    check_session(&s).map_err(fieldwork_failure)?;
    let s = store.update_session(s)?;
    if args.json {
        print_json(&s)
    } else {
        print_text(&format!("saved {}", s.id))
    }
}

fn new(store: &Store, args: NewArgs) -> Outcome {
    let mut session = Session::new(&args.name, args.date);
    session.commune = args.commune;
    session.province = args.province;
    session.former_district = args.former_district;
    session.trainer = args.trainer;
    session.notes = args.notes;
    check_session(&session).map_err(fieldwork_failure)?;
    let session = store.create_session(session).map_err(failure)?;
    if args.json {
        print_json(&session)
    } else {
        print_text(&session.id.to_string())
    }
}

fn list(store: &Store, json: bool) -> Outcome {
    let sessions = store.sessions().map_err(failure)?;
    if json {
        return print_json(&sessions);
    }
    if sessions.is_empty() {
        return print_text(
            "no sessions yet; add one with `sansang session new` or try `sansang demo`",
        );
    }
    let rows: Vec<Vec<String>> = sessions
        .iter()
        .map(|s| {
            vec![
                s.id.to_string(),
                s.date.to_string(),
                s.name.clone(),
                place(s),
                s.trainer.clone(),
            ]
        })
        .collect();
    let header = ["id", "date", "name", "place", "trainer"].map(String::from);
    print_text(&table::render(&header, &rows, &[]))
}

/// "Vô Tranh, Phú Lương (former district), Thái Nguyên".
pub fn place(s: &Session) -> String {
    let district = s
        .former_district
        .as_ref()
        .map(|d| format!("{d} (former district)"));
    [Some(s.commune.clone()), district, Some(s.province.clone())]
        .into_iter()
        .flatten()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

fn show(store: &Store, id: &str, json: bool) -> Outcome {
    let id = parse_id("session", id)?;
    let session = store.find_session(id).map_err(failure)?;
    let establishments = store.session_establishments(id).map_err(failure)?;
    let responses = store.session_responses(id).map_err(failure)?;
    if json {
        return print_json(&json!({
            "session": session,
            "establishments": establishments,
            "responses": responses,
        }));
    }
    let mut text = format!(
        "{}\nid: {}\ndate: {}\nplace: {}\ntrainer: {}\n",
        session.name,
        session.id,
        session.date,
        place(&session),
        session.trainer
    );
    if !session.notes.is_empty() {
        text.push_str(&format!("notes: {}\n", session.notes));
    }
    let rows: Vec<Vec<String>> = establishments
        .iter()
        .map(|e| {
            let theirs: Vec<String> = responses
                .iter()
                .filter(|r| r.establishment_id == e.id)
                .map(|r| format!("{} {} ({})", r.survey_id, r.survey_version, r.status))
                .collect();
            vec![
                e.id.to_string(),
                e.name.clone(),
                e.profile.text(
                    crate::survey::profile::ProfileField::Kind,
                    crate::survey::text::Lang::Vi,
                ),
                theirs.join(", "),
            ]
        })
        .collect();
    text.push_str(&format!(
        "\n{} establishments, {} responses\n",
        establishments.len(),
        responses.len()
    ));
    let header = ["id", "establishment", "kind", "responses"].map(String::from);
    text.push_str(&table::render(&header, &rows, &[]));
    print_text(&text)
}
