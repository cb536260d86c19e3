//! File names that every system accepts, and every trainer can type: Vietnamese
//! folded to plain ASCII ("Hội thảo Phú Lương" → "hoi-thao-phu-luong"), words joined
//! by '-'. That keeps out everything Windows refuses (`< > : " / \ | ? *`, control
//! characters, a trailing dot or space), and the reserved device names (CON, PRN,
//! AUX, NUL, COM0–9, LPT0–9, with any extension) are prefixed so they are not one.

use crate::survey::text::fold;

/// Longest title part, in ASCII characters; the whole name stays far below the
/// 255 Windows allows, so the folder around it fits the 260 that older programs
/// (and Excel, at 218) accept.
const MAX_TITLE: usize = 60;
const MAX_SUFFIX: usize = 20;
const MAX_EXTENSION: usize = 8;

/// The title of a name whose title has no letters or digits at all.
const FALLBACK: &str = "sansang";

/// "TITLE-SUFFIX.EXTENSION" built from free text: the title folded and cut to fit, the
/// suffix (a date, a number) after it, the extension as given, all plain ASCII.
pub fn file_name(title: &str, suffix: &str, extension: &str) -> String {
    let title = match words(title, MAX_TITLE) {
        none if none.is_empty() => FALLBACK.to_owned(),
        title => title,
    };
    let stem = match words(suffix, MAX_SUFFIX) {
        none if none.is_empty() => title,
        suffix => format!("{title}-{suffix}"),
    };
    let stem = if is_device_name(&stem) {
        format!("{FALLBACK}-{stem}")
    } else {
        stem
    };
    let extension: String = extension
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(MAX_EXTENSION)
        .collect();
    match extension.as_str() {
        "" => stem,
        _ => format!("{stem}.{extension}"),
    }
}

/// The ASCII words of `text`, folded and joined by '-', at most `max` characters,
/// cut between words where one would be split.
fn words(text: &str, max: usize) -> String {
    let folded = fold(text);
    let mut joined = String::new();
    for word in folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let gap = usize::from(!joined.is_empty());
        if joined.len() + gap + word.len() > max {
            if joined.is_empty() {
                joined.push_str(&word[..max]);
            }
            break;
        }
        if gap == 1 {
            joined.push('-');
        }
        joined.push_str(word);
    }
    joined
}

/// Windows' device names, which no file may be called, whatever its extension.
fn is_device_name(stem: &str) -> bool {
    let upper = stem.to_ascii_uppercase();
    match upper.as_bytes() {
        b"CON" | b"PRN" | b"AUX" | b"NUL" => true,
        [b'C', b'O', b'M', digit] | [b'L', b'P', b'T', digit] => digit.is_ascii_digit(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Windows' own rules, written out independently of the builder.
    fn windows_accepts(name: &str) -> bool {
        const DEVICES: [&str; 4] = ["CON", "PRN", "AUX", "NUL"];
        let base = name.split('.').next().unwrap_or_default().trim_end();
        let upper = base.to_ascii_uppercase();
        let device = DEVICES.contains(&upper.as_str())
            || (1..=9).any(|n| upper == format!("COM{n}") || upper == format!("LPT{n}"));
        !name.is_empty()
            && name.len() <= 255
            && !name.ends_with(['.', ' '])
            && !name
                .chars()
                .any(|c| c.is_control() || "<>:\"/\\|?*".contains(c))
            && !device
    }

    #[test]
    fn vietnamese_is_folded_and_the_date_kept_last() {
        assert_eq!(
            file_name("Hội thảo SXSH – Phú Lương / Đồng Hỷ", "2026-03-10", "xlsx"),
            "hoi-thao-sxsh-phu-luong-dong-hy-2026-03-10.xlsx"
        );
        assert_eq!(
            file_name("  ", "2026-03-10", "csv"),
            "sansang-2026-03-10.csv"
        );
        assert_eq!(file_name("", "", "json"), "sansang.json");
    }

    #[test]
    fn what_windows_refuses_never_gets_through() {
        assert_eq!(
            file_name("a<b>c:d\"e/f\\g|h?i*j", "", "txt"),
            "a-b-c-d-e-f-g-h-i-j.txt"
        );
        assert_eq!(
            file_name("tab\there\u{7}bell", "", "csv"),
            "tab-here-bell.csv"
        );
        assert_eq!(file_name("Hội thảo. ", "", ""), "hoi-thao");
        assert_eq!(file_name("...", "", "x.l/s"), "sansang.xls");
    }

    #[test]
    fn device_names_are_never_a_file_name() {
        for device in [
            "CON", "con", "Prn", "AUX", "nul", "COM1", "com9", "LPT1", "lpt0",
        ] {
            let name = file_name(device, "", "xlsx");
            assert!(windows_accepts(&name), "{device} → {name}");
            assert_eq!(
                name,
                format!("sansang-{}.xlsx", device.to_ascii_lowercase())
            );
        }
        assert_eq!(
            file_name("Con", "2026-03-10", "xlsx"),
            "con-2026-03-10.xlsx"
        );
        assert_eq!(file_name("COM10", "", "csv"), "com10.csv");
        assert_eq!(file_name("console", "", "csv"), "console.csv");
    }

    #[test]
    fn long_titles_are_cut_between_words_and_keep_their_date() {
        let title = "Hội thảo nâng cao nhận thức sản xuất sạch hơn cho các cơ sở chế biến chè";
        let name = file_name(title, "2026-03-10", "xlsx");
        assert_eq!(
            name,
            "hoi-thao-nang-cao-nhan-thuc-san-xuat-sach-hon-cho-cac-co-so-2026-03-10.xlsx"
        );
        let one_word = file_name(&"x".repeat(300), "", "csv");
        assert_eq!(one_word.len(), MAX_TITLE + ".csv".len());
    }

    proptest! {
        #[test]
        fn any_title_gives_a_name_windows_accepts(
            title in "\\PC{0,120}",
            suffix in "[ -~]{0,30}",
            extension in "[a-z./ ]{0,10}",
        ) {
            let name = file_name(&title, &suffix, &extension);
            prop_assert!(windows_accepts(&name), "{title:?} → {name:?}");
            prop_assert!(name.is_ascii());
            prop_assert!(name.len() <= MAX_TITLE + MAX_SUFFIX + MAX_EXTENSION + 2);
        }
    }
}
