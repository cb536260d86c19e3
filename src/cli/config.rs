//! `sansang config set|get|list`: the settings kept in the database, such as the centre's
//! name printed at the top of every sheet.

use std::path::PathBuf;

use super::db::{failure, open_reading, open_store};
use super::{Failure, Outcome};
use crate::fieldwork::names::{CENTRE_SETTING, centre_name};
use crate::survey::display::printable;

/// The settings a user may set, with what each is for.
const SETTINGS: [(&str, &str); 1] = [(
    CENTRE_SETTING,
    "the centre's name, printed at the top of every sheet (e.g. \"Trung tâm Khuyến công Thái Nguyên\")",
)];

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Save a setting in the database: `config set centre "Trung tâm Khuyến công Thái Nguyên"`.
    Set { name: String, value: String },
    /// Print one setting's value (nothing when it is not set).
    Get { name: String },
    /// Every setting with its value.
    List,
}

pub fn run(command: Command, db: &Option<PathBuf>) -> Outcome {
    match command {
        Command::Set { name, value } => {
            known(&name)?;
            let value = centre_name(&value).map_err(|e| {
                Failure::Refused(format!(
                    "{name}: {e}, e.g. config set {name} \"Trung tâm Khuyến công Thái Nguyên\""
                ))
            })?;
            let store = open_store(db)?;
            store.set_setting(&name, &value).map_err(failure)?;
            store.close().map_err(failure)?;
            super::output::print_text(&format!("{name} = {value}"))
        }
        Command::Get { name } => {
            known(&name)?;
            let store = open_reading(db)?;
            if let Some(value) = store.setting(&name).map_err(failure)? {
                super::output::print_text(&value)?;
            }
            store.close().map_err(failure)
        }
        Command::List => {
            let store = open_reading(db)?;
            for (name, _) in SETTINGS {
                let value = store.setting(name).map_err(failure)?.unwrap_or_default();
                super::output::print_text(&format!("{name} = {value}"))?;
            }
            store.close().map_err(failure)
        }
    }
}

fn known(name: &str) -> Result<(), Failure> {
    if SETTINGS.iter().any(|(n, _)| *n == name) {
        return Ok(());
    }
    let list: Vec<String> = SETTINGS
        .iter()
        .map(|(n, what)| format!("{n}: {what}"))
        .collect();
    Err(Failure::Refused(format!(
        "there is no setting \"{}\"; the settings are {}",
        printable(name),
        list.join("; ")
    )))
}
