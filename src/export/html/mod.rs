//! Printable pages: blank questionnaires and result sheets. Each page is one
//! self-contained HTML file (styles inline, charts as inline SVG, no scripts,
//! no fonts or images fetched), laid out for A4.

pub mod chart;
pub mod form;
pub mod report;
pub mod session;
pub mod skip;

use std::fmt::Write;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::strings::Lang;

/// Text made safe to put in HTML or SVG, in element content or a quoted attribute.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `text` cut to at most `columns` of display width, ending in "…" when cut.
/// Cuts between grapheme clusters, so a Vietnamese letter keeps its marks.
pub fn fit(text: &str, columns: usize) -> String {
    if text.width() <= columns {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for g in text.graphemes(true) {
        let w = g.width();
        if used + w + 1 > columns {
            break;
        }
        out.push_str(g);
        used += w;
    }
    out.push('…');
    out
}

const STYLE: &str = "@page{size:A4;margin:14mm 12mm}\
*{box-sizing:border-box}\
body{font-family:'Times New Roman',Times,serif;font-size:11.5pt;line-height:1.35;color:#000;max-width:186mm;margin:0 auto}\
h1{font-size:16pt;margin:0 0 2mm}h2{font-size:13pt;margin:5mm 0 2mm;border-bottom:1px solid #444}\
h3{font-size:11.5pt;margin:3mm 0 1mm}\
table{border-collapse:collapse;width:100%;margin:1mm 0 2mm}\
th,td{border:1px solid #888;padding:1mm 2mm;text-align:left;vertical-align:top}\
td.num,th.num{text-align:right}\
.muted{color:#444;font-size:10pt}\
.question,.survey,.group{break-inside:avoid-page}\
.survey+.survey{break-before:page}\
.options{list-style:none;padding-left:4mm;margin:1mm 0}\
.key{display:inline-block;min-width:7mm;border:1px solid #000;border-radius:50%;text-align:center;margin-right:2mm}\
.skip{font-style:italic;margin:0.5mm 0}\
.goto{font-style:italic;margin-left:2mm}\
.line{display:inline-block;border-bottom:1px dotted #000;min-width:70mm;height:5mm}\
.fields td{border:none;padding:1mm 0}\
.level{font-weight:bold}\
svg text{font-family:Arial,Helvetica,sans-serif}";

/// A whole page around `body`.
pub fn page(lang: Lang, title: &str, body: &str) -> String {
    let mut out = String::with_capacity(body.len() + STYLE.len() + 256);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        lang.code(),
        esc(title)
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped() {
        assert_eq!(
            esc("<b>\"Hà\" & 'Nội'</b>"),
            "&lt;b&gt;&quot;Hà&quot; &amp; &#39;Nội&#39;&lt;/b&gt;"
        );
    }

    #[test]
    fn fit_counts_display_width_and_keeps_letters_whole() {
        assert_eq!(fit("Quản lý nội vi", 20), "Quản lý nội vi");
        let cut = fit("Theo dõi tiêu thụ tài nguyên", 10);
        assert_eq!(cut, "Theo dõi …");
        assert!(cut.width() <= 10);
        let nfd = "Nguye\u{0302}\u{0303}n Văn A";
        assert_eq!(fit(nfd, 6), "Nguye\u{0302}\u{0303}…");
    }
}
