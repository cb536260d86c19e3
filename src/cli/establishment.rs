//! `sansang establishment add|list|show|edit`.

use std::path::PathBuf;

use serde_json::json;

use super::db::{failure, open_store, parse_id, print_json, print_text};
use super::{Failure, Outcome, table};
use crate::store::{Establishment, EstablishmentKind, Store};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Record a new establishment; prints its id.
    Add(AddArgs),
    /// List establishments by name.
    List(ListArgs),
    /// Show an establishment and its responses.
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Change some fields of an establishment (an empty value clears an optional field).
    Edit(EditArgs),
    /// Take in the centre's list from a CSV file (UTF-8, comma or semicolon, header row);
    /// establishments already here are matched by id or by name and commune.
    Import {
        #[arg(value_name = "FILE.csv")]
        file: PathBuf,
    },
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    #[arg(long)]
    name: String,
    /// ho_kinh_doanh, to_hop_tac, hop_tac_xa or doanh_nghiep (or the Vietnamese name).
    #[arg(long, value_parser = parse_kind)]
    kind: EstablishmentKind,
    #[command(flatten)]
    fields: Fields,
    /// Also take part in this session.
    #[arg(long, value_name = "SESSION_ID")]
    session: Option<String>,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Args)]
pub struct EditArgs {
    id: String,
    #[arg(long)]
    name: Option<String>,
    #[arg(long, value_parser = parse_kind)]
    kind: Option<EstablishmentKind>,
    #[command(flatten)]
    fields: Fields,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Args)]
pub struct Fields {
    /// What it makes, e.g. "chế biến chè".
    #[arg(long)]
    sector: Option<String>,
    /// Commune or ward.
    #[arg(long)]
    commune: Option<String>,
    #[arg(long)]
    province: Option<String>,
    /// The district before the 1 July 2025 reform.
    #[arg(long)]
    former_district: Option<String>,
    #[arg(long)]
    contact_person: Option<String>,
    #[arg(long)]
    phone: Option<String>,
    #[arg(long)]
    notes: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Only those whose name, sector, place, contact or phone contain these words, ignoring
    /// case and diacritics ("phu luong" finds "Phú Lương").
    #[arg(long)]
    search: Option<String>,
    /// Only those taking part in this session.
    #[arg(long, value_name = "SESSION_ID")]
    session: Option<String>,
    #[arg(long)]
    json: bool,
}

fn parse_kind(text: &str) -> Result<EstablishmentKind, String> {
    text.parse()
}

impl Fields {
    fn apply(self, e: &mut Establishment) {
        let set = |field: &mut String, value: Option<String>| {
            if let Some(v) = value {
                *field = v;
            }
        };
        set(&mut e.sector, self.sector);
        set(&mut e.commune, self.commune);
        set(&mut e.province, self.province);
        set(&mut e.contact_person, self.contact_person);
        set(&mut e.phone, self.phone);
        set(&mut e.notes, self.notes);
        if let Some(d) = self.former_district {
            e.former_district = Some(d);
        }
    }
}

pub fn run(command: Command, db: &Option<PathBuf>) -> Outcome {
    let store = open_store(db)?;
    match command {
        Command::Add(args) => add(&store, args),
        Command::List(args) => list(&store, args),
        Command::Show { id, json } => show(&store, &id, json),
        Command::Edit(args) => edit(&store, args),
        Command::Import { file } => super::establishment_import::run(&store, &file),
    }
}

fn add(store: &Store, args: AddArgs) -> Outcome {
    if args.name.trim().is_empty() {
        return Err(Failure::Refused(
            "--name is empty; give the establishment's name".into(),
        ));
    }
    let session = args
        .session
        .as_deref()
        .map(|s| parse_id("session", s))
        .transpose()?;
    if let Some(s) = session {
        store.find_session(s).map_err(failure)?;
    }
    let mut e = Establishment::new(&args.name, args.kind);
    args.fields.apply(&mut e);
    let e = store.add_establishment(e).map_err(failure)?;
    if let Some(s) = session {
        store.join_session(s, e.id).map_err(failure)?;
    }
    if args.json {
        print_json(&e)
    } else {
        print_text(&e.id.to_string())
    }
}

fn edit(store: &Store, args: EditArgs) -> Outcome {
    let id = parse_id("establishment", &args.id)?;
    let mut e = store.find_establishment(id).map_err(failure)?;
    if let Some(name) = args.name {
        if name.trim().is_empty() {
            return Err(Failure::Refused(
                "--name is empty; an establishment needs a name".into(),
            ));
        }
        e.name = name;
    }
    if let Some(kind) = args.kind {
        e.kind = kind;
    }
    args.fields.apply(&mut e);
    let e = store.update_establishment(e).map_err(failure)?;
    if args.json {
        print_json(&e)
    } else {
        print_text(&format!("saved {}", e.id))
    }
}

fn list(store: &Store, args: ListArgs) -> Outcome {
    let mut list = match &args.session {
        Some(s) => {
            let s = parse_id("session", s)?;
            store.find_session(s).map_err(failure)?;
            store.session_establishments(s).map_err(failure)?
        }
        None => store.establishments(None).map_err(failure)?,
    };
    if let Some(q) = &args.search {
        let q = crate::survey::text::fold(q);
        list.retain(|e| e.matches(&q));
    }
    if args.json {
        return print_json(&list);
    }
    if list.is_empty() {
        return print_text("no establishments found");
    }
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|e| {
            vec![
                e.id.to_string(),
                e.name.clone(),
                e.kind.label(crate::survey::text::Lang::Vi).into(),
                e.sector.clone(),
                e.commune.clone(),
                e.phone.clone(),
            ]
        })
        .collect();
    let header = ["id", "name", "kind", "sector", "commune", "phone"].map(String::from);
    print_text(&table::render(&header, &rows, &[]))
}

fn show(store: &Store, id: &str, json: bool) -> Outcome {
    let id = parse_id("establishment", id)?;
    let e = store.find_establishment(id).map_err(failure)?;
    let responses = store.establishment_responses(id).map_err(failure)?;
    if json {
        return print_json(&json!({ "establishment": e, "responses": responses }));
    }
    let mut lines = vec![
        e.name.clone(),
        format!("id: {}", e.id),
        format!(
            "kind: {} ({})",
            e.kind.label(crate::survey::text::Lang::Vi),
            e.kind.code()
        ),
        format!("sector: {}", e.sector),
        format!("commune/ward: {}", e.commune),
        format!("province: {}", e.province),
    ];
    if let Some(d) = &e.former_district {
        lines.push(format!("former district: {d}"));
    }
    lines.push(format!("contact: {} {}", e.contact_person, e.phone));
    if !e.notes.is_empty() {
        lines.push(format!("notes: {}", e.notes));
    }
    lines.push(format!("responses: {}", responses.len()));
    for r in &responses {
        lines.push(format!(
            "  {} {} {} ({}) session {}",
            r.id, r.survey_id, r.survey_version, r.status, r.session_id
        ));
    }
    print_text(&lines.join("\n"))
}
