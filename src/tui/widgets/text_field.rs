//! A one-line text field: the edit model the input methods talk to.
//!
//! The cursor is a byte index on a char boundary. Backspace removes exactly one
//! `char`, because backspace-replace input methods (Unikey, ibus-bamboo in some
//! modes) count chars when they send "N backspaces, then the replacement".
//! Left and Right move by grapheme; the screen column is the display width of
//! the text before the cursor. Text is NFC-normalized on commit and on paste,
//! not while typing, so an input method's count is never broken mid-word.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use crate::survey::text::nfc;

/// Longest text a field holds; a paste beyond it is cut.
pub const MAX_CHARS: usize = 2000;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextField {
    text: String,
    cursor: usize,
}

/// What part of the field fits in a given width, and where the cursor is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct View {
    pub start: usize,
    pub end: usize,
    /// Column of the cursor from the left edge of the field.
    pub cursor_col: u16,
}

impl TextField {
    pub fn new(text: &str) -> TextField {
        let text = nfc(text);
        TextField {
            cursor: text.len(),
            text,
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The text as it is kept: NFC, trimmed.
    pub fn committed(&self) -> String {
        nfc(self.text.trim())
    }

    pub fn insert(&mut self, c: char) {
        if c.is_control() || self.text.chars().count() >= MAX_CHARS {
            return;
        }
        self.text.insert(self.cursor, c);
        self.cursor += c.len_utf8();
    }

    /// A paste: NFC, control characters dropped, line breaks and tabs become spaces.
    pub fn paste(&mut self, s: &str) {
        let room = MAX_CHARS.saturating_sub(self.text.chars().count());
        let cleaned: String = nfc(s)
            .chars()
            .map(|c| if c.is_whitespace() { ' ' } else { c })
            .filter(|c| !c.is_control())
            .take(room)
            .collect();
        self.text.insert_str(self.cursor, &cleaned);
        self.cursor += cleaned.len();
    }

    pub fn backspace(&mut self) {
        if let Some(c) = self.text[..self.cursor].chars().next_back() {
            self.cursor -= c.len_utf8();
            self.text.remove(self.cursor);
        }
    }

    pub fn delete(&mut self) {
        if self.cursor < self.text.len() {
            self.text.remove(self.cursor);
        }
    }

    pub fn left(&mut self) {
        if let Some((i, _)) = self.text[..self.cursor].grapheme_indices(true).next_back() {
            self.cursor = i;
        }
    }

    pub fn right(&mut self) {
        if let Some(g) = self.text[self.cursor..].graphemes(true).next() {
            self.cursor += g.len();
        }
    }

    pub fn home(&mut self) {
        self.cursor = 0;
    }

    pub fn end(&mut self) {
        self.cursor = self.text.len();
    }

    pub fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
    }

    /// The slice to show in `width` columns, scrolled so the cursor stays visible,
    /// never cutting a grapheme.
    pub fn view(&self, width: u16) -> View {
        let width = usize::from(width.max(1));
        let before = self.text[..self.cursor].width();
        let mut start = 0;
        if before >= width {
            // Drop graphemes from the left until the cursor fits with one column to spare.
            let mut shown = before;
            for (i, g) in self.text[..self.cursor].grapheme_indices(true) {
                if shown < width {
                    break;
                }
                shown -= g.width();
                start = i + g.len();
            }
        }
        let mut end = start;
        let mut used = 0;
        for g in self.text[start..].graphemes(true) {
            if used + g.width() > width {
                break;
            }
            used += g.width();
            end += g.len();
        }
        let cursor_col = self.text[start..self.cursor].width();
        View {
            start,
            end: end.max(self.cursor),
            cursor_col: u16::try_from(cursor_col).unwrap_or(u16::MAX),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn typed(keys: &str) -> TextField {
        let mut f = TextField::default();
        for c in keys.chars() {
            if c == '\u{8}' {
                f.backspace();
            } else {
                f.insert(c);
            }
        }
        f
    }

    #[test]
    fn unikey_burst_gives_viet() {
        // Unikey Telex "vieetj": v i e, then backspace + ê, t, then 2 backspaces + ệ t.
        assert_eq!(typed("vie\u{8}êt\u{8}\u{8}ệt").text(), "việt");
    }

    #[test]
    fn backspace_removes_one_char_of_a_decomposed_letter() {
        let mut f = TextField::default();
        f.paste("e");
        f.insert('\u{302}');
        f.backspace();
        assert_eq!(f.text(), "e");
    }

    #[test]
    fn paste_is_nfc_and_single_line() {
        let mut f = TextField::default();
        f.paste("Nguye\u{302}\u{303}n\r\nThị\tĐào\u{7}");
        assert_eq!(f.text(), "Nguyễn  Thị Đào");
    }

    #[test]
    fn cursor_column_counts_display_width() {
        let mut f = TextField::new("Việt 中文");
        assert_eq!(f.view(40).cursor_col, 9);
        f.left();
        assert_eq!(f.view(40).cursor_col, 7);
    }

    #[test]
    fn long_text_scrolls_to_keep_the_cursor_visible() {
        let f = TextField::new("Hợp tác xã chè Phú Lương, xóm Đồng Kem");
        let v = f.view(10);
        assert!(v.cursor_col < 10);
        assert_eq!(v.end, f.text().len());
        assert!(f.text()[v.start..v.end].width() <= 10);
    }

    fn model_apply(ops: &[Op]) -> (TextField, Vec<char>, usize) {
        let mut f = TextField::default();
        let mut model: Vec<char> = Vec::new();
        let mut at = 0usize;
        for op in ops {
            match op {
                Op::Insert(c) => {
                    f.insert(*c);
                    model.insert(at, *c);
                    at += 1;
                }
                Op::Backspace => {
                    f.backspace();
                    if at > 0 {
                        at -= 1;
                        model.remove(at);
                    }
                }
                Op::Home => {
                    f.home();
                    at = 0;
                }
                Op::End => {
                    f.end();
                    at = model.len();
                }
            }
        }
        (f, model, at)
    }

    #[derive(Debug, Clone)]
    enum Op {
        Insert(char),
        Backspace,
        Home,
        End,
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            4 => prop::sample::select(vec!['a', 'ê', 'ệ', 'đ', 'Ư', '中', ' ', 'x']).prop_map(Op::Insert),
            2 => Just(Op::Backspace),
            1 => Just(Op::Home),
            1 => Just(Op::End),
        ]
    }

    proptest! {
        #[test]
        fn edits_match_a_char_model(ops in prop::collection::vec(op(), 0..60)) {
            let (f, model, at) = model_apply(&ops);
            prop_assert_eq!(f.text(), model.iter().collect::<String>());
            prop_assert!(f.text().is_char_boundary(f.cursor()));
            prop_assert_eq!(f.text()[..f.cursor()].chars().count(), at);
        }

        #[test]
        fn view_always_fits_and_shows_the_cursor(
            ops in prop::collection::vec(op(), 0..60),
            width in 1u16..30,
        ) {
            let (mut f, _, _) = model_apply(&ops);
            for _ in 0..3 { f.left(); }
            let v = f.view(width);
            prop_assert!(v.start <= f.cursor() && f.cursor() <= v.end);
            prop_assert!(v.cursor_col < width);
            prop_assert!(f.text()[v.start..v.end].width() <= usize::from(width));
        }
    }
}
