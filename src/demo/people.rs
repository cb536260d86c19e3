//! Believable establishments of Vô Tranh and Phú Đô: names, owners, phones, sectors.

use super::Rng;
use crate::store::{Establishment, EstablishmentKind};

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
const HAMLETS_PHU_DO: [&str; 6] = [
    "Phú Nam",
    "Khe Vàng",
    "Đồng Chùa",
    "Na Mọn",
    "Tiến Thành",
    "Làng Muông",
];

/// One establishment of the demo and how far along it is (0..1) at the baseline.
pub(super) struct Profile {
    pub(super) establishment: Establishment,
    pub(super) sector: &'static str,
    pub(super) p2: &'static str,
    pub(super) maturity: f64,
}

fn person(rng: &mut Rng) -> String {
    let family = rng.pick(&FAMILY);
    if rng.chance(0.5) {
        format!("{family} {} {}", rng.pick(&MIDDLE_M), rng.pick(&GIVEN_M))
    } else {
        format!("{family} {} {}", rng.pick(&MIDDLE_F), rng.pick(&GIVEN_F))
    }
}

pub(super) fn profile(rng: &mut Rng, n: usize) -> Profile {
    let (commune, hamlets) = if n.is_multiple_of(2) {
        ("Vô Tranh", &HAMLETS_VO_TRANH)
    } else {
        ("Phú Đô", &HAMLETS_PHU_DO)
    };
    let hamlet = *rng.pick(hamlets);
    let owner = person(rng);
    let given = owner.rsplit(' ').next().unwrap_or("").to_string();
    let roll = rng.unit();
    let (sector, sector_text, kind, p2, name) = if roll < 0.4 {
        match rng.below(4) {
            0 => (
                "tea",
                "chế biến chè",
                EstablishmentKind::HopTacXa,
                "coop",
                format!("HTX Chè {hamlet}"),
            ),
            1 => (
                "tea",
                "chế biến chè",
                EstablishmentKind::ToHopTac,
                "coop_group",
                format!("Tổ hợp tác chè an toàn {hamlet}"),
            ),
            2 => (
                "tea",
                "chế biến chè",
                EstablishmentKind::DoanhNghiep,
                "micro",
                format!("Công ty TNHH Chè {given} {commune}"),
            ),
            _ => (
                "tea",
                "sao chè thủ công",
                EstablishmentKind::HoKinhDoanh,
                "household",
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
            EstablishmentKind::HoKinhDoanh
        } else {
            EstablishmentKind::HopTacXa
        };
        let (p2, name) = match kind {
            EstablishmentKind::HopTacXa => {
                ("coop", format!("HTX {} {hamlet}", capitalize(product)))
            }
            _ => ("household", format!("Cơ sở {product} {owner}")),
        };
        ("food", "chế biến thực phẩm", kind, p2, name)
    } else if roll < 0.85 {
        match rng.below(3) {
            0 => (
                "wood",
                "đồ gỗ dân dụng",
                EstablishmentKind::HoKinhDoanh,
                "household",
                format!("Xưởng mộc {given} {hamlet}"),
            ),
            1 => (
                "wood",
                "đan lát tre, giang",
                EstablishmentKind::ToHopTac,
                "coop_group",
                format!("Tổ hợp tác mây tre đan {hamlet}"),
            ),
            _ => (
                "wood",
                "bóc gỗ keo",
                EstablishmentKind::HoKinhDoanh,
                "household",
                format!("Cơ sở bóc gỗ keo {owner}"),
            ),
        }
    } else if rng.chance(0.7) {
        (
            "metal",
            "cơ khí, gò hàn",
            EstablishmentKind::HoKinhDoanh,
            "household",
            format!("Cơ sở cơ khí {owner}"),
        )
    } else {
        (
            "metal",
            "cơ khí nông nghiệp",
            EstablishmentKind::DoanhNghiep,
            "small",
            format!("Công ty TNHH Cơ khí {given} Phú Lương"),
        )
    };
    let mut e = Establishment::new(&name, kind);
    e.sector = sector_text.into();
    e.commune = commune.into();
    e.province = "Thái Nguyên".into();
    e.former_district = Some("Phú Lương".into());
    e.contact_person = owner;
    e.phone = format!(
        "0{} {:03} {:03}",
        rng.pick(&["912", "983", "868", "374", "975", "349"]),
        rng.below(1000),
        rng.below(1000)
    );
    e.notes = format!("xóm {hamlet}");
    let base = match kind {
        EstablishmentKind::HoKinhDoanh => 0.3,
        EstablishmentKind::ToHopTac => 0.4,
        EstablishmentKind::HopTacXa => 0.5,
        EstablishmentKind::DoanhNghiep => 0.6,
        EstablishmentKind::HoChuaDangKy => 0.2,
        EstablishmentKind::LienHiepHtx => 0.6,
    };
    Profile {
        establishment: e,
        sector,
        p2,
        maturity: (base + (rng.unit() - 0.5) * 0.5).clamp(0.05, 0.95),
    }
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
