//! The words on printed pages and spreadsheets, in both languages.

pub use crate::survey::text::Lang;

pub fn yes(lang: Lang) -> &'static str {
    lang.pick("Có", "Yes")
}

pub fn no(lang: Lang) -> &'static str {
    lang.pick("Không", "No")
}

pub fn not_applicable(lang: Lang) -> &'static str {
    lang.pick("Không áp dụng", "Not applicable")
}
