//! Spreadsheet cells that cannot run as formulas.

/// A text cell as a spreadsheet should show it: a cell beginning with
/// = + - @, tab or carriage return gets a leading apostrophe, so Excel or
/// LibreOffice show a stored name such as "=HYPERLINK(…)" instead of running it.
pub fn neutralize(text: &str) -> std::borrow::Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}").into(),
        _ => text.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_get_an_apostrophe() {
        for bad in ["=1+1", "+84 912", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralize(bad), format!("'{bad}"));
        }
    }

    #[test]
    fn ordinary_text_is_kept() {
        for good in ["Hợp tác xã chè", "0912 345 678", "", "a=b", "'quoted"] {
            assert_eq!(neutralize(good), good);
        }
    }
}
