//! Text as people type it: NFC normalization, localized strings, and the
//! diacritic-free fold used for search ("phu luong" finds "Phú Lương").

use std::collections::BTreeMap;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// NFC form of `s`. Some systems deliver Vietnamese decomposed (NFD); the two
/// spellings are different bytes, so everything that comes in goes through here.
pub fn nfc(s: &str) -> String {
    if unicode_normalization::is_nfc_quick(s.chars()) == unicode_normalization::IsNormalized::Yes {
        return s.to_owned();
    }
    s.nfc().collect()
}

/// Search key: decomposed, combining marks dropped, đ folded to d, lowercased.
pub fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// True when every word of `query` occurs in `text`, both folded.
pub fn matches(text: &str, query: &str) -> bool {
    let hay = fold(text);
    fold(query)
        .split_whitespace()
        .all(|word| hay.contains(word))
}

/// A date as people type it: 26/8/2024, 26/08/2024, 26/8/24 (20yy) or 2024-08-26; years
/// 1900 to 2100 only, so a slip of the keyboard is not taken for year 24.
pub fn parse_date_typed(s: &str) -> Option<chrono::NaiveDate> {
    let s = s.trim();
    let date = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .or_else(|| {
            let mut parts = s.split('/').map(|p| p.trim().parse::<u32>().ok());
            let (d, m, y) = (parts.next()??, parts.next()??, parts.next()??);
            if parts.next().is_some() {
                return None;
            }
            let y = if y < 100 { 2000 + y } else { y };
            chrono::NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
        })?;
    (1900..=2100)
        .contains(&chrono::Datelike::year(&date))
        .then_some(date)
}

/// The languages of the screens and printed pages: Vietnamese by default, English on request.
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

    /// The other language (F2 on the screens).
    pub fn other(self) -> Lang {
        match self {
            Lang::Vi => Lang::En,
            Lang::En => Lang::Vi,
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

/// Text in the survey's languages. The default language is always present;
/// a missing other language falls back to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    default: String,
    others: BTreeMap<String, String>,
}

impl Text {
    pub fn new(default: impl Into<String>) -> Self {
        Text {
            default: default.into(),
            others: BTreeMap::new(),
        }
    }

    pub fn with(mut self, lang: &str, text: impl Into<String>) -> Self {
        self.others.insert(lang.to_owned(), text.into());
        self
    }

    /// The text in the default language.
    pub fn default_text(&self) -> &str {
        &self.default
    }

    /// The text in `lang`, or in the default language where it is missing.
    pub fn get(&self, lang: &str) -> &str {
        self.others.get(lang).map_or(&self.default, String::as_str)
    }

    pub fn has(&self, lang: &str) -> bool {
        self.others.contains_key(lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfd_input_becomes_nfc() {
        let nfd: String = "Phú Lương".nfd().collect();
        assert_ne!(nfd, "Phú Lương");
        assert_eq!(nfc(&nfd), "Phú Lương");
    }

    #[test]
    fn fold_drops_diacritics_and_case() {
        assert_eq!(fold("Phú Lương"), "phu luong");
        assert_eq!(fold("ĐỒNG Hỷ"), "dong hy");
        let nfd: String = "Nguyễn Thị Đào".nfd().collect();
        assert_eq!(fold(&nfd), fold("Nguyễn Thị Đào"));
    }

    #[test]
    fn matches_every_word_anywhere() {
        assert!(matches("HTX chè Phú Lương", "phu luong"));
        assert!(matches("Đồng Hỷ", "d"));
        assert!(matches("Cơ sở Đào", "dao co"));
        assert!(!matches("Vô Tranh", "phu"));
    }

    #[test]
    fn text_falls_back_to_default() {
        let t = Text::new("Chè").with("en", "Tea");
        assert_eq!(t.get("en"), "Tea");
        assert_eq!(t.get("fr"), "Chè");
        assert_eq!(t.default_text(), "Chè");
    }
}
