//! Vietnamese alphabetical order, for every sorted list of names: by letter in the order
//! a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y, then by tone (none, huyền,
//! sắc, hỏi, ngã, nặng), ignoring case. Byte order would put "Đỗ" after "Yên" and
//! "Ánh" after "Yến"; a dictionary puts "Dương" before "Đỗ" and "An" before "Ánh".

use std::cmp::Ordering;

use unicode_normalization::UnicodeNormalization;

/// The letters in order; f, j, w and z (loan words) sit where the Latin alphabet has them.
const LETTERS: [&str; 33] = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o",
    "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
];

/// A sort key: compare keys, not strings. Derived order: letters first, then tones, then
/// the text itself so that different texts never compare equal.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct CollationKey {
    letters: Vec<u32>,
    tones: Vec<u8>,
    text: String,
}

/// The key that sorts `s` in Vietnamese order.
pub fn collation_key(s: &str) -> CollationKey {
    let mut letters = Vec::with_capacity(s.len());
    let mut tones = Vec::with_capacity(s.len());
    let lower: String = s.nfd().flat_map(char::to_lowercase).collect();
    let mut chars = lower.chars().peekable();
    while let Some(base) = chars.next() {
        let mut shape = None;
        let mut tone = 0;
        while let Some(&mark) = chars.peek() {
            match mark {
                '\u{306}' | '\u{302}' | '\u{31b}' => shape = Some(mark),
                '\u{300}' => tone = 1,
                '\u{301}' => tone = 2,
                '\u{309}' => tone = 3,
                '\u{303}' => tone = 4,
                '\u{323}' => tone = 5,
                _ => break,
            }
            chars.next();
        }
        letters.push(rank(base, shape));
        tones.push(tone);
    }
    CollationKey {
        letters,
        tones,
        text: s.to_owned(),
    }
}

/// `a` against `b` in Vietnamese order.
pub fn compare(a: &str, b: &str) -> Ordering {
    collation_key(a).cmp(&collation_key(b))
}

/// Spaces first (so "An Bình" comes before "Anh"), then punctuation, digits, letters, and
/// any other character by its code point.
fn rank(base: char, shape: Option<char>) -> u32 {
    let mut letter = String::from(base);
    letter.extend(shape);
    let letter: String = letter.nfc().collect();
    if let Some(i) = LETTERS.iter().position(|l| *l == letter) {
        return 1000 + i as u32;
    }
    match base {
        c if c.is_whitespace() => 0,
        c if c.is_ascii_digit() => 500 + c as u32,
        c if c.is_ascii() => 100 + c as u32,
        c => 2000 + c as u32,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(names: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        v.sort_by_key(|s| collation_key(s));
        v
    }

    #[test]
    fn letters_in_the_vietnamese_alphabet_order() {
        assert_eq!(compare("Dương", "Đỗ"), Ordering::Less);
        assert_eq!(
            sorted(&["Yên", "Đỗ", "Ánh", "Dương", "Ân", "Ăn", "An", "Bình"]),
            ["An", "Ánh", "Ăn", "Ân", "Bình", "Dương", "Đỗ", "Yên"]
        );
        assert_eq!(
            sorted(&["ư", "u", "ơ", "ô", "o", "ê", "e"]),
            ["e", "ê", "o", "ô", "ơ", "u", "ư"]
        );
    }

    #[test]
    fn tone_decides_only_when_the_letters_are_equal() {
        // none, huyền, sắc, hỏi, ngã, nặng
        assert_eq!(
            sorted(&["mạ", "mã", "mả", "má", "mà", "ma"]),
            ["ma", "mà", "má", "mả", "mã", "mạ"]
        );
        // letters first: "man" has more letters, so the tone of "mạ" is never compared.
        assert_eq!(compare("mạ", "man"), Ordering::Less);
        assert_eq!(compare("mà", "ma"), Ordering::Greater);
    }

    #[test]
    fn case_and_normal_form_do_not_matter() {
        let nfd: String = "Đồng Hỷ".nfd().collect();
        assert_eq!(
            collation_key(&nfd).letters,
            collation_key("đồng hỷ").letters
        );
        assert_eq!(collation_key(&nfd).tones, collation_key("ĐỒNG HỶ").tones);
        assert_eq!(
            sorted(&["bình", "An", "an", "Bình"])
                .iter()
                .map(|s| s.to_lowercase())
                .collect::<Vec<_>>(),
            ["an", "an", "bình", "bình"]
        );
    }

    #[test]
    fn words_before_longer_words() {
        assert_eq!(sorted(&["Anh", "An Bình", "An"]), ["An", "An Bình", "Anh"]);
        assert_eq!(
            sorted(&["HTX 2", "HTX 10", "HTX A"]),
            ["HTX 10", "HTX 2", "HTX A"]
        );
    }
}
