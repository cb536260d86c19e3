//! Vietnamese text helpers: NFC normalization and diacritic-free folding for search.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The NFC form of `s`, the one spelling stored and compared.
pub fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// A search key: NFD, combining marks dropped, đ/Đ → d, lowercase.
pub fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_vietnamese() {
        assert_eq!(fold("Phú Lương"), "phu luong");
        assert_eq!(fold("Đồng Hỷ"), "dong hy");
        assert_eq!(fold("Phu\u{301} Lương"), fold("Phú Lương"));
    }
}
