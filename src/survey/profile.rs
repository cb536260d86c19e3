//! The establishment's profile: what it is (legal form, sector, size, certifications, who
//! owns it), asked once and kept with the establishment. The ONE definition of every field:
//! its name, its type and its codes with their Vietnamese and English labels. Validation
//! (`"profile": "FIELD"` on a question), the store, the command line, the CSV import, the
//! exports and the forms all read it from here.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::text::{Lang, fold};

/// The kind of answer a profile field takes; the question bound to it must be of this type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldKind {
    Single,
    Multi,
    YesNo,
    Text,
}

impl FieldKind {
    /// The question type of the definition format ("single", "multi", "yesno", "text").
    pub fn name(self) -> &'static str {
        match self {
            FieldKind::Single => "single",
            FieldKind::Multi => "multi",
            FieldKind::YesNo => "yesno",
            FieldKind::Text => "text",
        }
    }
}

/// One code of a single or multi field, as stored and as offered by a bound question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProfileCode {
    pub value: &'static str,
    pub vi: &'static str,
    pub en: &'static str,
    /// Chosen alone in a multi field ("none of these").
    pub exclusive: bool,
}

impl ProfileCode {
    pub fn label(&self, lang: Lang) -> &'static str {
        lang.pick(self.vi, self.en)
    }
}

const fn code(value: &'static str, vi: &'static str, en: &'static str) -> ProfileCode {
    ProfileCode {
        value,
        vi,
        en,
        exclusive: false,
    }
}

/// In the order of `EstablishmentKind::ALL`.
const KIND: [ProfileCode; 6] = [
    code(
        "ho_kinh_doanh",
        "hộ kinh doanh (đã đăng ký)",
        "registered household business",
    ),
    code("to_hop_tac", "tổ hợp tác", "cooperative group"),
    code("hop_tac_xa", "hợp tác xã", "cooperative"),
    code(
        "doanh_nghiep",
        "doanh nghiệp nhỏ và vừa",
        "small or medium enterprise",
    ),
    code(
        "ho_chua_dang_ky",
        "hộ sản xuất chưa đăng ký kinh doanh",
        "unregistered household",
    ),
    code(
        "lien_hiep_htx",
        "liên hiệp hợp tác xã",
        "union of cooperatives",
    ),
];

const INDUSTRY: [ProfileCode; 8] = [
    code("tea", "chè", "tea"),
    code("food", "chế biến thực phẩm, đồ uống", "food and drink"),
    code("wood_bamboo", "gỗ, mây tre đan", "wood, bamboo and rattan"),
    code("metal", "cơ khí, kim khí", "metalwork"),
    code(
        "building_materials",
        "gạch, vật liệu xây dựng",
        "bricks and building materials",
    ),
    code("textile", "dệt, may, thêu", "textiles and embroidery"),
    code("handicraft", "thủ công mỹ nghệ", "handicrafts"),
    code("other", "ngành khác", "other"),
];

/// Regular workers, owner included; 10 / 100 / 200 are the micro / small / medium limits of
/// Nghị định 80/2021.
const WORKFORCE: [ProfileCode; 6] = [
    code("1_4", "1–4 người", "1–4 people"),
    code("5_10", "5–10 người", "5–10 people"),
    code("11_50", "11–50 người", "11–50 people"),
    code("51_100", "51–100 người", "51–100 people"),
    code("101_200", "101–200 người", "101–200 people"),
    code("over_200", "trên 200 người", "over 200 people"),
];

/// Last full year. 500 million: the household tax-free threshold from 2026; 1 billion: the
/// cash-register e-invoice threshold of Nghị định 70/2025; 3 and 50 billion: the micro and
/// small limits of Nghị định 80/2021 in industry.
const REVENUE: [ProfileCode; 6] = [
    code(
        "under_500m",
        "dưới 500 triệu đồng",
        "under 500 million dong",
    ),
    code(
        "500m_1b",
        "500 triệu – dưới 1 tỷ",
        "500 million to under 1 billion",
    ),
    code("1b_3b", "1 – dưới 3 tỷ", "1 to under 3 billion"),
    code("3b_10b", "3 – dưới 10 tỷ", "3 to under 10 billion"),
    code("10b_50b", "10 – dưới 50 tỷ", "10 to under 50 billion"),
    code("over_50b", "từ 50 tỷ trở lên", "50 billion or more"),
];

/// The highest-rated product.
const OCOP: [ProfileCode; 5] = [
    code("none", "chưa có sản phẩm OCOP", "no OCOP product"),
    code("preparing", "đang chuẩn bị hồ sơ", "preparing"),
    code("star3", "3 sao", "3 stars"),
    code("star4", "4 sao", "4 stars"),
    code("star5", "5 sao", "5 stars"),
];

const CERTIFICATIONS: [ProfileCode; 6] = [
    code("vietgap", "VietGAP", "VietGAP"),
    code("organic", "hữu cơ", "organic"),
    code(
        "food_safety",
        "giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
        "food-safety certificate",
    ),
    code(
        "iso",
        "ISO (9001, 14001, 22000)",
        "ISO (9001, 14001, 22000)",
    ),
    code("other", "chứng nhận khác", "other"),
    ProfileCode {
        value: "none",
        vi: "chưa có chứng nhận nào",
        en: "none",
        exclusive: true,
    },
];

/// A field of the establishment's profile, as named by `"profile": "FIELD"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ProfileField {
    Kind,
    Industry,
    Workforce,
    Revenue,
    Ocop,
    Certifications,
    CraftVillage,
    WomanOwner,
    EthnicMinorityOwner,
    Artisan,
    Registration,
}

impl ProfileField {
    pub const ALL: [ProfileField; 11] = [
        ProfileField::Kind,
        ProfileField::Industry,
        ProfileField::Workforce,
        ProfileField::Revenue,
        ProfileField::Ocop,
        ProfileField::Certifications,
        ProfileField::CraftVillage,
        ProfileField::WomanOwner,
        ProfileField::EthnicMinorityOwner,
        ProfileField::Artisan,
        ProfileField::Registration,
    ];

    /// The name in definitions, files and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            ProfileField::Kind => "kind",
            ProfileField::Industry => "industry",
            ProfileField::Workforce => "workforce",
            ProfileField::Revenue => "revenue",
            ProfileField::Ocop => "ocop",
            ProfileField::Certifications => "certifications",
            ProfileField::CraftVillage => "craft_village",
            ProfileField::WomanOwner => "woman_owner",
            ProfileField::EthnicMinorityOwner => "ethnic_minority_owner",
            ProfileField::Artisan => "artisan",
            ProfileField::Registration => "registration",
        }
    }

    pub fn from_name(name: &str) -> Option<ProfileField> {
        ProfileField::ALL.into_iter().find(|f| f.name() == name)
    }

    /// Every field name, for messages: "kind, industry, …".
    pub fn names() -> String {
        ProfileField::ALL.map(ProfileField::name).join(", ")
    }

    pub fn kind(self) -> FieldKind {
        match self {
            ProfileField::Kind
            | ProfileField::Industry
            | ProfileField::Workforce
            | ProfileField::Revenue
            | ProfileField::Ocop => FieldKind::Single,
            ProfileField::Certifications => FieldKind::Multi,
            ProfileField::CraftVillage
            | ProfileField::WomanOwner
            | ProfileField::EthnicMinorityOwner
            | ProfileField::Artisan => FieldKind::YesNo,
            ProfileField::Registration => FieldKind::Text,
        }
    }

    /// The codes of a single or multi field, in the order forms offer them; empty for the
    /// yes/no and text fields.
    pub fn codes(self) -> &'static [ProfileCode] {
        match self {
            ProfileField::Kind => &KIND,
            ProfileField::Industry => &INDUSTRY,
            ProfileField::Workforce => &WORKFORCE,
            ProfileField::Revenue => &REVENUE,
            ProfileField::Ocop => &OCOP,
            ProfileField::Certifications => &CERTIFICATIONS,
            _ => &[],
        }
    }

    pub fn code(self, value: &str) -> Option<&'static ProfileCode> {
        self.codes().iter().find(|c| c.value == value)
    }

    /// The label of one of this field's codes.
    pub fn label(self, value: &str, lang: Lang) -> Option<&'static str> {
        self.code(value).map(|c| c.label(lang))
    }

    /// What the field is, as a form or a column heading says it.
    pub fn title(self, lang: Lang) -> &'static str {
        let (vi, en) = match self {
            ProfileField::Kind => ("Loại hình", "Legal form"),
            ProfileField::Industry => ("Ngành nghề", "Sector"),
            ProfileField::Workforce => ("Số lao động thường xuyên", "Regular workers"),
            ProfileField::Revenue => ("Doanh thu năm gần nhất", "Revenue, last full year"),
            ProfileField::Ocop => ("Sản phẩm OCOP", "OCOP products"),
            ProfileField::Certifications => ("Chứng nhận", "Certifications"),
            ProfileField::CraftVillage => (
                "Trong làng nghề được UBND tỉnh công nhận",
                "In a craft village recognised by the province",
            ),
            ProfileField::WomanOwner => ("Chủ cơ sở là nữ", "Owned or run by a woman"),
            ProfileField::EthnicMinorityOwner => (
                "Chủ cơ sở là người dân tộc thiểu số",
                "Owned by a person of an ethnic minority",
            ),
            ProfileField::Artisan => ("Có nghệ nhân", "An artisan works here"),
            ProfileField::Registration => (
                "Mã số đăng ký kinh doanh / mã số thuế",
                "Business registration or tax number",
            ),
        };
        lang.pick(vi, en)
    }
}

impl fmt::Display for ProfileField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The legal form of a rural-industry establishment: the `kind` profile field as a type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EstablishmentKind {
    /// hộ kinh doanh (đã đăng ký)
    HoKinhDoanh,
    /// tổ hợp tác
    ToHopTac,
    /// hợp tác xã
    HopTacXa,
    /// doanh nghiệp nhỏ và vừa
    DoanhNghiep,
    /// hộ sản xuất chưa đăng ký kinh doanh
    HoChuaDangKy,
    /// liên hiệp hợp tác xã
    LienHiepHtx,
}

/// Other names people write for each kind, in the order of `ALL`.
const KIND_NAMES: [&[&str]; 6] = [
    &["hộ kinh doanh", "hộ kinh doanh đã đăng ký"],
    &[],
    &["htx"],
    &["doanh nghiệp", "doanh nghiệp nhỏ", "doanh nghiệp siêu nhỏ"],
    &["hộ chưa đăng ký", "hộ sản xuất", "hộ sản xuất chưa đăng ký"],
    &["liên hiệp htx"],
];

impl EstablishmentKind {
    /// The first four in the order records have always used (screens index by it).
    pub const ALL: [EstablishmentKind; 6] = [
        EstablishmentKind::HoKinhDoanh,
        EstablishmentKind::ToHopTac,
        EstablishmentKind::HopTacXa,
        EstablishmentKind::DoanhNghiep,
        EstablishmentKind::HoChuaDangKy,
        EstablishmentKind::LienHiepHtx,
    ];

    fn entry(self) -> &'static ProfileCode {
        &KIND[self as usize]
    }

    /// The stable code used in files and on the command line.
    pub fn code(self) -> &'static str {
        self.entry().value
    }

    /// The name shown to people.
    pub fn label(self, lang: Lang) -> &'static str {
        self.entry().label(lang)
    }

    pub fn from_code(code: &str) -> Option<EstablishmentKind> {
        EstablishmentKind::ALL
            .into_iter()
            .find(|k| k.code() == code)
    }

    fn names(self) -> impl Iterator<Item = &'static str> {
        let e = self.entry();
        [e.value, e.vi, e.en]
            .into_iter()
            .chain(KIND_NAMES[self as usize].iter().copied())
    }
}

/// Folded, every run of other characters one space: "Hộ kinh doanh (đã đăng ký)" and
/// "ho_kinh_doanh da dang ky" give the same key.
fn name_key(s: &str) -> String {
    fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

impl fmt::Display for EstablishmentKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for EstablishmentKind {
    type Err = String;

    /// Accepts the code ("hop_tac_xa"), the Vietnamese name with or without diacritics, or
    /// the English name.
    fn from_str(s: &str) -> Result<Self, String> {
        let key = name_key(s);
        EstablishmentKind::ALL
            .into_iter()
            .find(|k| k.names().any(|n| name_key(n) == key))
            .ok_or_else(|| {
                // Named as a centre's list writes them, with the code a script writes.
                let kinds = EstablishmentKind::ALL
                    .map(|k| format!("\"{}\" ({})", k.label(Lang::Vi), k.code()));
                format!(
                    "unknown establishment kind {:?}; use one of {}",
                    super::display::echo(s),
                    kinds.join(", ")
                )
            })
    }
}
