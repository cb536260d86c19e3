//! Believable establishments of Vô Tranh and Yên Trạch (communes of the former Phú Lương
//! district, both before and after the 1 July 2025 reform): names, owners, phones, sectors and
//! a profile each.

use super::Rng;
use crate::store::{Establishment, EstablishmentKind, Profile};

const FAMILY: [&str; 14] = [
    "Nguyễn", "Trần", "Lê", "Hoàng", "Dương", "Đỗ", "Ma", "Lương", "Triệu", "Hà", "Nông", "Phạm",
    "Vũ", "Đặng",
];
const MIDDLE_M: [&str; 5] = ["Văn", "Đức", "Minh", "Quang", "Xuân"];
const MIDDLE_F: [&str; 5] = ["Thị", "Thu", "Ngọc", "Thanh", "Hồng"];
const GIVEN_M: [&str; 10] = [
    "Hùng", "Tuấn", "Dũng", "Cường", "Sơn", "Bình", "Thắng", "Long", "Hải", "Quý",
];
const GIVEN_F: [&str; 10] = [
    "Lan", "Hương", "Thảo", "Hoa", "Hạnh", "Huệ", "Nga", "Yến", "Mai", "Dung",
];
const HAMLETS_VO_TRANH: [&str; 6] = [
    "Bãi Bằng",
    "Liên Hồng",
    "Đồng Ninh",
    "Na Long",
    "Đồng Kiểm",
    "Thác Lở",
];
/// Hamlet names for the demo's Yên Trạch establishments (made up for the demo).
const HAMLETS_YEN_TRACH: [&str; 6] = [
    "Đồng Tâm",
    "Khe Vàng",
    "Đồng Chùa",
    "Na Mọn",
    "Tiến Thành",
    "Làng Muông",
];

/// Family names often of Tày or Nùng families in Thái Nguyên: the demo's owners of an
/// ethnic minority.
const MINORITY_FAMILIES: [&str; 5] = ["Ma", "Triệu", "Nông", "Lương", "Hà"];

/// One establishment of the demo and how far along it is (0..1) at the baseline.
pub(super) struct Persona {
    pub(super) establishment: Establishment,
    pub(super) maturity: f64,
}

/// (full name, a woman)
fn person(rng: &mut Rng) -> (String, bool) {
    let family = rng.pick(&FAMILY);
    if rng.chance(0.5) {
        let name = format!("{family} {} {}", rng.pick(&MIDDLE_M), rng.pick(&GIVEN_M));
        (name, false)
    } else {
        let name = format!("{family} {} {}", rng.pick(&MIDDLE_F), rng.pick(&GIVEN_F));
        (name, true)
    }
}

pub(super) fn persona(rng: &mut Rng, n: usize) -> Persona {
    let (commune, hamlets) = if n.is_multiple_of(2) {
        ("Vô Tranh", &HAMLETS_VO_TRANH)
    } else {
        ("Yên Trạch", &HAMLETS_YEN_TRACH)
    };
    let hamlet = *rng.pick(hamlets);
    let (owner, woman) = person(rng);
    let given = owner.rsplit(' ').next().unwrap_or("").to_string();
    let roll = rng.unit();
    let (industry, sector_text, kind, name) = if roll < 0.4 {
        match rng.below(4) {
            0 => (
                "tea",
                "chế biến chè",
                EstablishmentKind::HopTacXa,
                format!("HTX Chè {hamlet}"),
            ),
            1 => (
                "tea",
                "chế biến chè",
                EstablishmentKind::ToHopTac,
                format!("Tổ hợp tác chè an toàn {hamlet}"),
            ),
            2 => (
                "tea",
                "chế biến chè",
                EstablishmentKind::DoanhNghiep,
                format!("Công ty TNHH Chè {given} {commune}"),
            ),
            _ => (
                "tea",
                "sao chè thủ công",
                household(rng),
                format!("Cơ sở sao chè {owner}"),
            ),
        }
    } else if roll < 0.65 {
        let product = *rng.pick(&[
            "bánh chưng",
            "miến dong",
            "bún khô",
            "đậu phụ",
            "măng khô",
            "rượu men lá",
            "mật ong",
        ]);
        let kind = if rng.chance(0.8) {
            household(rng)
        } else {
            EstablishmentKind::HopTacXa
        };
        let name = match kind {
            EstablishmentKind::HopTacXa => format!("HTX {} {hamlet}", capitalize(product)),
            _ => format!("Cơ sở {product} {owner}"),
        };
        ("food", "chế biến thực phẩm", kind, name)
    } else if roll < 0.85 {
        match rng.below(3) {
            0 => (
                "wood_bamboo",
                "đồ gỗ dân dụng",
                household(rng),
                format!("Xưởng mộc {given} {hamlet}"),
            ),
            1 => (
                "wood_bamboo",
                "đan lát tre, giang",
                EstablishmentKind::ToHopTac,
                format!("Tổ hợp tác mây tre đan {hamlet}"),
            ),
            _ => (
                "wood_bamboo",
                "bóc gỗ keo",
                household(rng),
                format!("Cơ sở bóc gỗ keo {owner}"),
            ),
        }
    } else if rng.chance(0.7) {
        (
            "metal",
            "cơ khí, gò hàn",
            household(rng),
            format!("Cơ sở cơ khí {owner}"),
        )
    } else {
        (
            "metal",
            "cơ khí nông nghiệp",
            EstablishmentKind::DoanhNghiep,
            format!("Công ty TNHH Cơ khí {given} Phú Lương"),
        )
    };
    let mut e = Establishment::new(&name, kind);
    e.sector = sector_text.into();
    e.commune = commune.into();
    e.province = "Thái Nguyên".into();
    e.former_district = Some("Phú Lương".into());
    e.phone = format!(
        "0{} {:03} {:03}",
        rng.pick(&["912", "983", "868", "374", "975", "349"]),
        rng.below(1000),
        rng.below(1000)
    );
    e.notes = format!("xóm {hamlet}");
    let minority = MINORITY_FAMILIES.iter().any(|f| owner.starts_with(f));
    e.profile = profile(rng, kind, industry, woman, minority);
    e.contact_person = owner;
    let base = match kind {
        EstablishmentKind::HoChuaDangKy => 0.2,
        EstablishmentKind::HoKinhDoanh => 0.3,
        EstablishmentKind::ToHopTac => 0.4,
        EstablishmentKind::HopTacXa => 0.5,
        EstablishmentKind::DoanhNghiep | EstablishmentKind::LienHiepHtx => 0.6,
    };
    Persona {
        establishment: e,
        maturity: (base + (rng.unit() - 0.5) * 0.5).clamp(0.05, 0.95),
    }
}

/// A household: most registered, some not yet.
fn household(rng: &mut Rng) -> EstablishmentKind {
    if rng.chance(0.25) {
        EstablishmentKind::HoChuaDangKy
    } else {
        EstablishmentKind::HoKinhDoanh
    }
}

/// A profile that fits the legal form and the industry.
fn profile(
    rng: &mut Rng,
    kind: EstablishmentKind,
    industry: &str,
    woman: bool,
    minority: bool,
) -> Profile {
    let (workforce, revenue) = match kind {
        EstablishmentKind::HoChuaDangKy => ("1_4", "under_500m"),
        EstablishmentKind::HoKinhDoanh => (
            *rng.pick(&["1_4", "5_10"]),
            *rng.pick(&["under_500m", "500m_1b", "1b_3b"]),
        ),
        EstablishmentKind::ToHopTac => ("5_10", *rng.pick(&["500m_1b", "1b_3b"])),
        EstablishmentKind::HopTacXa => (
            *rng.pick(&["11_50", "5_10"]),
            *rng.pick(&["1b_3b", "3b_10b"]),
        ),
        _ => (
            *rng.pick(&["11_50", "51_100"]),
            *rng.pick(&["3b_10b", "10b_50b"]),
        ),
    };
    let organised = !matches!(
        kind,
        EstablishmentKind::HoChuaDangKy | EstablishmentKind::HoKinhDoanh
    );
    let ocop = match (industry, organised) {
        ("tea" | "food", true) if rng.chance(0.6) => *rng.pick(&["star3", "star3", "star4"]),
        ("tea" | "food", _) if rng.chance(0.15) => "preparing",
        _ => "none",
    };
    let certifications = match industry {
        "tea" if organised && rng.chance(0.6) => vec!["vietgap"],
        "food" if organised || rng.chance(0.2) => vec!["food_safety"],
        _ => vec!["none"],
    };
    let registered = kind != EstablishmentKind::HoChuaDangKy;
    Profile {
        kind: Some(kind),
        industry: Some(industry.into()),
        workforce: Some(workforce.into()),
        revenue: Some(revenue.into()),
        ocop: Some(ocop.into()),
        certifications: certifications.into_iter().map(String::from).collect(),
        craft_village: Some(industry == "tea" && rng.chance(0.4)),
        woman_owner: Some(woman),
        ethnic_minority_owner: Some(minority),
        artisan: Some(rng.chance(0.05)),
        registration: registered.then(|| format!("46{:08}", rng.below(100_000_000))),
    }
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
