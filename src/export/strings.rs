//! The words on printed pages and spreadsheets, in both languages.

/// The language of a printed page: Vietnamese by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    /// The code survey texts are looked up by.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// `vi` or `en`, whichever this language is.
    pub fn pick(self, vi: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }
}

impl std::str::FromStr for Lang {
    type Err = String;

    fn from_str(s: &str) -> Result<Lang, String> {
        match s {
            "vi" => Ok(Lang::Vi),
            "en" => Ok(Lang::En),
            other => Err(format!("unknown language {other:?}; use vi or en")),
        }
    }
}

pub fn yes(lang: Lang) -> &'static str {
    lang.pick("Có", "Yes")
}

pub fn no(lang: Lang) -> &'static str {
    lang.pick("Không", "No")
}

pub fn not_applicable(lang: Lang) -> &'static str {
    lang.pick("Không áp dụng", "Not applicable")
}
