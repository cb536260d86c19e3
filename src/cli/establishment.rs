//! `sansang establishment add|list|show|edit`.

use std::path::PathBuf;

use serde_json::json;

use super::db::{
    failure, fieldwork_failure, open_reading, open_store, parse_id, print_json, print_text,
};
use super::{Failure, Outcome, table};
use crate::fieldwork::names::check_establishment;
use crate::store::{Establishment, Store};
use crate::survey::profile::ProfileField;
use crate::survey::profile_values::parse;
use crate::survey::text::Lang;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Record a new establishment; prints its id.
    Add(Box<AddArgs>),
    /// List establishments by name.
    List(ListArgs),
    /// Show an establishment and its responses.
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Change some fields of an establishment (an empty value clears an optional field).
    Edit(Box<EditArgs>),
    /// Take in the centre's list from a CSV file (UTF-8 or UTF-16, comma, semicolon or tab,
    /// header row); establishments already here are matched by id or by name and commune.
    Import {
        #[arg(value_name = "FILE.csv")]
        file: PathBuf,
    },
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    #[arg(long)]
    name: String,
    #[command(flatten)]
    profile: ProfileArgs,
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
    #[command(flatten)]
    profile: ProfileArgs,
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

/// The establishment's profile (codes or labels, with or without diacritics; an empty value
/// forgets a field). Every field may stay unknown until a survey asks it.
#[derive(Debug, clap::Args)]
pub struct ProfileArgs {
    /// Legal form: ho_chua_dang_ky, ho_kinh_doanh, to_hop_tac, hop_tac_xa, lien_hiep_htx,
    /// doanh_nghiep (or the Vietnamese name).
    #[arg(long, value_parser = checked::<{ ProfileField::Kind as u8 }>)]
    kind: Option<String>,
    /// tea, food, wood_bamboo, metal, building_materials, textile, handicraft, other.
    #[arg(long, value_parser = checked::<{ ProfileField::Industry as u8 }>)]
    industry: Option<String>,
    /// Regular workers: 1_4, 5_10, 11_50, 51_100, 101_200, over_200.
    #[arg(long, value_parser = checked::<{ ProfileField::Workforce as u8 }>)]
    workforce: Option<String>,
    /// Revenue of the last full year: under_500m, 500m_1b, 1b_3b, 3b_10b, 10b_50b, over_50b.
    #[arg(long, value_parser = checked::<{ ProfileField::Revenue as u8 }>)]
    revenue: Option<String>,
    /// Highest-rated OCOP product: none, preparing, star3, star4, star5.
    #[arg(long, value_parser = checked::<{ ProfileField::Ocop as u8 }>)]
    ocop: Option<String>,
    /// Certifications held, separated by ';': vietgap, organic, food_safety, iso, other, none.
    #[arg(long, value_parser = checked::<{ ProfileField::Certifications as u8 }>)]
    certifications: Option<String>,
    /// In a craft village recognised by the province: có or không.
    #[arg(long, value_parser = checked::<{ ProfileField::CraftVillage as u8 }>)]
    craft_village: Option<String>,
    /// Owned or run by a woman: có or không.
    #[arg(long, value_parser = checked::<{ ProfileField::WomanOwner as u8 }>)]
    woman_owner: Option<String>,
    /// Owned by a person of an ethnic minority: có or không.
    #[arg(long, value_parser = checked::<{ ProfileField::EthnicMinorityOwner as u8 }>)]
    ethnic_minority_owner: Option<String>,
    /// An artisan (nghệ nhân) works here: có or không.
    #[arg(long, value_parser = checked::<{ ProfileField::Artisan as u8 }>)]
    artisan: Option<String>,
    /// Business registration or tax number.
    #[arg(long, value_parser = checked::<{ ProfileField::Registration as u8 }>)]
    registration: Option<String>,
}

/// A profile value as the command line takes it: refused as a usage error (exit 2) when the
/// field does not take it, like any other bad flag.
fn checked<const FIELD: u8>(text: &str) -> Result<String, String> {
    let field = ProfileField::ALL[usize::from(FIELD)];
    parse(field, text).map(|_| text.to_owned())
}

impl ProfileArgs {
    fn given(&self) -> [(ProfileField, &Option<String>); 11] {
        [
            (ProfileField::Kind, &self.kind),
            (ProfileField::Industry, &self.industry),
            (ProfileField::Workforce, &self.workforce),
            (ProfileField::Revenue, &self.revenue),
            (ProfileField::Ocop, &self.ocop),
            (ProfileField::Certifications, &self.certifications),
            (ProfileField::CraftVillage, &self.craft_village),
            (ProfileField::WomanOwner, &self.woman_owner),
            (
                ProfileField::EthnicMinorityOwner,
                &self.ethnic_minority_owner,
            ),
            (ProfileField::Artisan, &self.artisan),
            (ProfileField::Registration, &self.registration),
        ]
    }

    /// Sets every field given; a value the field does not take is refused with the flag.
    fn apply(&self, e: &mut Establishment) -> Outcome {
        for (field, text) in self.given() {
            let Some(text) = text else { continue };
            let refuse = |why: String| {
                Failure::Refused(format!("--{}: {why}", field.name().replace('_', "-")))
            };
            let value = parse(field, text).map_err(refuse)?;
            e.profile.set(field, value.as_ref()).map_err(refuse)?;
        }
        Ok(())
    }
}

impl Fields {
    fn apply(self, e: &mut Establishment) {
        super::replace(&mut e.sector, self.sector);
        super::replace(&mut e.commune, self.commune);
        super::replace(&mut e.province, self.province);
        super::replace(&mut e.contact_person, self.contact_person);
        super::replace(&mut e.phone, self.phone);
        super::replace(&mut e.notes, self.notes);
        if let Some(d) = self.former_district {
            e.former_district = Some(d);
        }
    }
}

pub fn run(command: Command, db: &Option<PathBuf>) -> Outcome {
    let store = match command {
        Command::Add(_) | Command::Edit(_) | Command::Import { .. } => open_store(db)?,
        _ => open_reading(db)?,
    };
    match command {
        Command::Add(args) => add(&store, *args),
        Command::List(args) => list(&store, args),
        Command::Show { id, json } => show(&store, &id, json),
        Command::Edit(args) => edit(&store, *args),
        Command::Import { file } => super::establishment_import::run(&store, &file),
    }
}

fn add(store: &Store, args: AddArgs) -> Outcome {
    let session = args
        .session
        .as_deref()
        .map(|s| parse_id("session", s))
        .transpose()?;
    if let Some(s) = session {
        store.find_session(s).map_err(failure)?;
    }
    let mut e = Establishment::named(&args.name);
    args.profile.apply(&mut e)?;
    args.fields.apply(&mut e);
    check_establishment(&e).map_err(fieldwork_failure)?;
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
        e.name = name;
    }
    args.profile.apply(&mut e)?;
    args.fields.apply(&mut e);
    check_establishment(&e).map_err(fieldwork_failure)?;
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
                e.profile.text(ProfileField::Kind, Lang::Vi),
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
    let mut lines = vec![e.name.clone(), format!("id: {}", e.id)];
    for field in ProfileField::ALL {
        let value = e.profile.text(field, Lang::Vi);
        if !value.is_empty() {
            lines.push(format!("{}: {value}", field.name()));
        }
    }
    lines.extend([
        format!("sector: {}", e.sector),
        format!("commune/ward: {}", e.commune),
        format!("province: {}", e.province),
    ]);
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
