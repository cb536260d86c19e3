//! How scores, dates and stored text are shown to people: one rule each, called by
//! the screens, the printed sheets, the exports and the command line.

use std::borrow::Cow;
use std::fmt::Write;

use chrono::{Datelike, NaiveDate};
use unicode_width::UnicodeWidthChar;

use super::text::Lang;

/// A score rounded to one decimal, half away from zero, from its full value. A value within
/// 1e-9 of a half rounds up as if it were the half, the same allowance the thresholds make
/// (`score::reaches`), so 71.34999999999999 (mathematically 71.35) shows as 71.4.
pub fn round_tenth(v: f64) -> f64 {
    // f64::round already rounds half away from zero; 1e-8 tenths is 1e-9 of a point.
    let rounded = v.signum() * (v.abs() * 10.0 + 1e-8).round() / 10.0;
    if rounded == 0.0 { 0.0 } else { rounded }
}

/// Which way a change of score goes, once rounded as every score is: none (`Equal`) when it
/// rounds to 0,0, so a sheet never shows "+0,0" nor a screen "▲0,0".
pub fn change_sign(change: f64) -> std::cmp::Ordering {
    round_tenth(change)
        .partial_cmp(&0.0)
        .unwrap_or(std::cmp::Ordering::Equal)
}

/// A score as people read it: "71,4" in Vietnamese, "71.4" in English; empty for no score.
pub fn score_text(score: Option<f64>, lang: Lang) -> String {
    let plain = score_plain(score);
    match lang {
        Lang::Vi => plain.replace('.', ","),
        Lang::En => plain,
    }
}

/// A score with one decimal and a point, whatever the language: for files read by programs.
pub fn score_plain(score: Option<f64>) -> String {
    let mut out = String::new();
    if let Some(s) = score {
        push_score_plain(&mut out, s);
    }
    out
}

/// [`score_plain`] of a score, appended to `out`. The rounded score is a whole number of
/// tenths, written as one: the same text as `{:.1}` of it, several times faster (an export
/// writes millions of scores).
pub fn push_score_plain(out: &mut String, score: f64) {
    let rounded = round_tenth(score);
    let tenths = (rounded * 10.0).round();
    if tenths.is_nan() || tenths.abs() >= 1e15 {
        // Not a number, infinite, or past exact whole tenths: the formatter's own words.
        let _ = write!(out, "{rounded:.1}");
        return;
    }
    let tenths = tenths as i64;
    if tenths < 0 {
        out.push('-');
    }
    let whole = tenths.unsigned_abs();
    let _ = write!(out, "{}.{}", whole / 10, whole % 10);
}

/// A share of 0..=1 as a whole percent, "75%"; empty for none.
pub fn percent_text(share: Option<f64>) -> String {
    share
        .map(|s| format!("{}%", (s * 100.0 + 1e-7).round()))
        .unwrap_or_default()
}

/// "26/8/2024" in Vietnamese (no leading zeros), "26 Aug 2024" in English.
pub fn date_text(date: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("{}/{}/{}", date.day(), date.month(), date.year()),
        Lang::En => date.format("%-d %b %Y").to_string(),
    }
}

/// The years a date may fall in: anything else is a typing slip.
pub const DATE_YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

/// A date as a trainer types it: "26/8/2024", "26/08/2024", "26/8/24" (20yy) or "2024-08-26".
pub fn parse_date_typed(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let date = if let Some((d, rest)) = s.split_once('/') {
        let (m, y) = rest.split_once('/')?;
        let year = match y.len() {
            2 => 2000 + number(y)?,
            4 => number(y)?,
            _ => return None,
        };
        NaiveDate::from_ymd_opt(year, number(m)? as u32, number(d)? as u32)?
    } else {
        let mut parts = s.splitn(3, '-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if y.len() != 4 || !(1..=2).contains(&m.len()) || !(1..=2).contains(&d.len()) {
            return None;
        }
        NaiveDate::from_ymd_opt(number(y)?, number(m)? as u32, number(d)? as u32)?
    };
    DATE_YEARS.contains(&date.year()).then_some(date)
}

/// Digits only (no sign, no spaces), at most 4 of them.
fn number(s: &str) -> Option<i32> {
    let ok = (1..=4).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    ok.then(|| s.parse().ok()).flatten()
}

/// Text from a file or the database made safe for a terminal: control characters (C0, C1,
/// DEL, so also the ESC that starts an escape sequence) and the bidirectional overrides that
/// reorder a line are shown as visible escapes such as `\u{1b}`.
pub fn printable(s: &str) -> Cow<'_, str> {
    if !s.chars().any(hidden_effect) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if hidden_effect(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn hidden_effect(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Whether `s` shows anything: a name of only spaces or zero-width characters does not.
pub fn has_visible(s: &str) -> bool {
    s.chars()
        .any(|c| !c.is_whitespace() && !c.is_control() && c.width().unwrap_or(0) > 0)
}

/// The longest value echoed back in a message, in characters.
pub const ECHO_CHARS: usize = 80;

/// `s` cut to `ECHO_CHARS` characters with "…", for messages that quote what was given.
pub fn echo(s: &str) -> Cow<'_, str> {
    match s.char_indices().nth(ECHO_CHARS) {
        None => Cow::Borrowed(s),
        Some((at, _)) => Cow::Owned(format!("{}…", &s[..at])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn plain_scores_are_the_formatters_one_decimal(v in proptest::num::f64::ANY, small in -1e4f64..1e4) {
            for v in [v, small, small.round() / 10.0 + 0.05, small.round() / 100.0] {
                let mut ours = String::new();
                push_score_plain(&mut ours, v);
                proptest::prop_assert_eq!(ours, format!("{:.1}", round_tenth(v)), "{}", v);
            }
        }
    }

    #[test]
    fn a_change_that_rounds_to_nothing_goes_no_way() {
        use std::cmp::Ordering::{Equal, Greater, Less};
        assert_eq!(change_sign(0.06), Greater);
        assert_eq!(change_sign(-0.05), Less);
        assert_eq!(change_sign(0.04), Equal);
        assert_eq!(change_sign(-0.04), Equal);
        assert_eq!(change_sign(f64::NAN), Equal);
    }

    #[test]
    fn scores_round_half_away_from_zero_from_the_full_value() {
        // 56.25 is exact in binary; "{:.1}" alone would give the even 56.2.
        assert_eq!(score_plain(Some(56.25)), "56.3");
        // 56.249 rounds down: no rounding twice (56.249 -> 56.25 -> 56.3).
        assert_eq!(score_plain(Some(56.249)), "56.2");
        // 0.15 is 0.1499999… in binary, yet mathematically a half: it rounds up.
        assert_eq!(score_plain(Some(0.15)), "0.2");
        // 100 * 0.7135 = 71.35 mathematically, 71.34999999999999 in floating point.
        assert_eq!(score_plain(Some(100.0 * 0.7135)), "71.4");
        assert_eq!(score_plain(Some(59.99999999999999)), "60.0");
        assert_eq!(score_plain(Some(-0.04)), "0.0");
        assert_eq!(score_plain(Some(-2.25)), "-2.3");
        assert_eq!(score_plain(Some(100.0)), "100.0");
        assert_eq!(score_plain(None), "");
    }

    #[test]
    fn vietnamese_writes_a_decimal_comma() {
        assert_eq!(score_text(Some(71.42857), Lang::Vi), "71,4");
        assert_eq!(score_text(Some(71.42857), Lang::En), "71.4");
        assert_eq!(score_text(None, Lang::Vi), "");
    }

    #[test]
    fn percents_are_whole() {
        assert_eq!(percent_text(Some(0.8)), "80%");
        assert_eq!(percent_text(Some(2.0 / 3.0)), "67%");
        assert_eq!(percent_text(Some(0.125)), "13%");
        assert_eq!(percent_text(Some(1.0)), "100%");
        assert_eq!(percent_text(None), "");
    }

    #[test]
    fn dates_in_each_language() {
        let d = NaiveDate::from_ymd_opt(2024, 8, 26).unwrap();
        assert_eq!(date_text(d, Lang::Vi), "26/8/2024");
        assert_eq!(date_text(d, Lang::En), "26 Aug 2024");
        let d = NaiveDate::from_ymd_opt(2025, 1, 5).unwrap();
        assert_eq!(date_text(d, Lang::Vi), "5/1/2025");
        assert_eq!(date_text(d, Lang::En), "5 Jan 2025");
    }

    #[test]
    fn typed_dates() {
        let d = NaiveDate::from_ymd_opt(2024, 8, 26);
        for typed in [
            "26/8/2024",
            "26/08/2024",
            "26/8/24",
            "2024-08-26",
            " 2024-8-26 ",
        ] {
            assert_eq!(parse_date_typed(typed), d, "{typed}");
        }
        for bad in [
            "31/2/2024",
            "26/8/224",
            "26/8",
            "26-8-2024",
            "1899-12-31",
            "2101-01-01",
            "24-10-17",
            "+2024-08-26",
            "26/8/ 24",
            "",
            "0000-01-01",
        ] {
            assert_eq!(parse_date_typed(bad), None, "{bad}");
        }
        assert_eq!(
            parse_date_typed("1/1/1900"),
            NaiveDate::from_ymd_opt(1900, 1, 1)
        );
        assert_eq!(
            parse_date_typed("31/12/2100"),
            NaiveDate::from_ymd_opt(2100, 12, 31)
        );
    }

    #[test]
    fn control_characters_become_visible_escapes() {
        assert_eq!(printable("Phú Lương"), "Phú Lương");
        assert!(matches!(printable("Phú Lương"), Cow::Borrowed(_)));
        assert_eq!(printable("a\u{1b}]0;x\u{7}b"), "a\\u{1b}]0;x\\u{7}b");
        assert_eq!(printable("x\u{9b}2J\u{7f}"), "x\\u{9b}2J\\u{7f}");
        assert_eq!(printable("a\nb\tc"), "a\\u{a}b\\u{9}c");
        assert_eq!(printable("\u{202e}abc"), "\\u{202e}abc");
    }

    #[test]
    fn visible_text() {
        assert!(has_visible("Chè"));
        assert!(has_visible(" x "));
        for blank in ["", "   ", "\u{200b}", "\u{200b}\u{feff} \u{2060}", "\t\n"] {
            assert!(!has_visible(blank), "{blank:?}");
        }
    }

    #[test]
    fn echoes_are_cut() {
        assert_eq!(echo("ngắn"), "ngắn");
        let long = "ă".repeat(100);
        let cut = echo(&long);
        assert_eq!(cut.chars().count(), ECHO_CHARS + 1);
        assert!(cut.ends_with('…'));
    }
}
