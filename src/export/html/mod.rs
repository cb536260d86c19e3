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
use crate::survey::display::date_text;

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

/// `text` in lines of at most `columns` of display width, broken between words (a word
/// longer than a line is broken between grapheme clusters, so a letter keeps its marks).
pub fn wrap(text: &str, columns: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let needed = if line.is_empty() { 0 } else { 1 } + word.width();
        if line.width() + needed <= columns {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for g in word.graphemes(true) {
            if line.width() + g.width() > columns && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            line.push_str(g);
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

const STYLE: &str = "@page{size:A4;margin:14mm 12mm}\
*{box-sizing:border-box}\
body{font-family:'Times New Roman',Times,serif;font-size:11.5pt;line-height:1.35;color:#000;max-width:186mm;margin:0 auto}\
h1{font-size:16pt;margin:0 0 2mm}h2{font-size:13pt;margin:5mm 0 2mm;border-bottom:1px solid #444}\
h3{font-size:11.5pt;margin:3mm 0 1mm}\
h1,h2,h3{break-after:avoid-page}\
table{border-collapse:collapse;width:100%;margin:1mm 0 2mm}\
thead{display:table-header-group}\
tr,figure,svg{break-inside:avoid-page}\
th,td{border:1px solid #888;padding:1mm 2mm;text-align:left;vertical-align:top}\
td.num,th.num{text-align:right}\
.muted{color:#444;font-size:10pt}\
.question{break-inside:avoid-page}\
.options{list-style:none;padding-left:4mm;margin:1mm 0}\
.key{display:inline-block;min-width:7mm;border:1px solid #000;border-radius:50%;text-align:center;margin-right:2mm}\
.skip{font-style:italic;margin:0.5mm 0}\
.goto{font-style:italic;margin-left:2mm}\
.line{display:inline-block;border-bottom:1px dotted #000;min-width:70mm;height:5mm}\
.fields td{border:none;padding:1mm 0}\
.level{font-weight:bold}\
.sheet{font-size:10pt;line-height:1.25}\
.sheet h1{font-size:14pt;margin:0 0 1mm}.sheet h2{font-size:12pt;margin:3mm 0 1mm}\
.sheet h3{font-size:10.5pt;margin:2mm 0 0.5mm}\
.sheet p{margin:0.8mm 0}.sheet figure{margin:1mm 0}\
.sheet th,.sheet td{padding:0.6mm 1.5mm}\
.head{border-bottom:1px solid #444;margin-bottom:2mm;padding-bottom:1mm}\
.head .centre{font-weight:bold;text-transform:uppercase;font-size:10pt}\
.profile{columns:2;column-gap:8mm;margin:1mm 0}.profile div{break-inside:avoid}\
.draft{font-style:italic}\
.result .top,.weakest,.change{break-inside:avoid-page}\
svg text{font-family:Arial,Helvetica,sans-serif}";

/// What the top of a printed sheet says about where it comes from: the centre, the session,
/// the place and the trainer (each left out when unknown), and when it was printed.
#[derive(Debug, Clone, Default)]
pub struct Head {
    pub centre: String,
    pub session: String,
    pub place: String,
    pub trainer: String,
    pub printed: Option<chrono::NaiveDate>,
}

impl Head {
    /// The head of a sheet about `session` (if any), printed today.
    pub fn new(centre: &str, session: Option<&crate::store::Session>) -> Head {
        let mut head = Head {
            centre: centre.to_owned(),
            printed: Some(chrono::Local::now().date_naive()),
            ..Head::default()
        };
        if let Some(s) = session {
            head.session = s.name.clone();
            head.place = [s.commune.as_str(), s.province.as_str()]
                .into_iter()
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join(", ");
            head.trainer = s.trainer.clone();
        }
        head
    }

    fn html(&self, lang: Lang) -> String {
        let mut lines = Vec::new();
        if !self.session.is_empty() {
            lines.push(format!(
                "{} {}",
                lang.pick("Hội thảo:", "Session:"),
                esc(&self.session)
            ));
        }
        if !self.place.is_empty() {
            lines.push(format!(
                "{} {}",
                lang.pick("Địa điểm:", "Place:"),
                esc(&self.place)
            ));
        }
        if !self.trainer.is_empty() {
            lines.push(format!(
                "{} {}",
                lang.pick("Cán bộ hướng dẫn:", "Trainer:"),
                esc(&self.trainer)
            ));
        }
        format!(
            "<header class=\"head\"><div class=\"centre\">{}</div><div class=\"muted\">{}</div></header>\n",
            esc(&self.centre),
            lines.join(" · ")
        )
    }

    /// The running header and footer of every printed page: the centre and the session at
    /// the top, the print date and "Trang x/y" at the foot (CSS page margin boxes).
    fn page_css(&self, lang: Lang) -> String {
        let printed = self.printed.map_or_else(String::new, |d| {
            format!("{} {}", lang.pick("In ngày", "Printed"), date_text(d, lang))
        });
        format!(
            "@page{{@top-left{{content:\"{}\";font:8pt Arial,sans-serif;color:#444}}\
@top-right{{content:\"{}\";font:8pt Arial,sans-serif;color:#444}}\
@bottom-left{{content:\"{}\";font:8pt Arial,sans-serif}}\
@bottom-right{{content:\"{} \" counter(page) \"/\" counter(pages);font:8pt Arial,sans-serif}}}}",
            css_string(&self.centre),
            css_string(&self.session),
            css_string(&printed),
            lang.pick("Trang", "Page")
        )
    }
}

/// Text inside a CSS string in a `<style>` element: quotes, backslashes and line ends
/// escaped, and `<` too, so no text can close the element.
fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' | '\\' | '<' | '>' | '\n' | '\r' => {
                let _ = write!(out, "\\{:x} ", c as u32);
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A printed sheet around `body`: the head on top, running header and footer on every page.
pub fn sheet_page(lang: Lang, title: &str, head: &Head, body: &str) -> String {
    let mut out = String::with_capacity(body.len() + STYLE.len() + 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}{}</style>\n</head>\n<body class=\"sheet\">\n{}{body}</body>\n</html>\n",
        lang.code(),
        esc(title),
        head.page_css(lang),
        head.html(lang)
    );
    out
}

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
    fn a_name_cannot_leave_its_css_string() {
        let css = css_string("Trung tâm \"A\" </style><b>");
        assert!(
            !css.contains('"') && !css.contains('<') && !css.contains('>'),
            "{css}"
        );
        assert!(css.starts_with("Trung tâm "));
    }

    #[test]
    fn wrap_counts_display_width_and_never_cuts() {
        assert_eq!(wrap("Quản lý nội vi", 20), ["Quản lý nội vi"]);
        let lines = wrap(
            "ATTT. An toàn thông tin và phòng chống lừa đảo trực tuyến",
            24,
        );
        assert!(lines.iter().all(|l| l.width() <= 24), "{lines:?}");
        assert_eq!(
            lines.join(" "),
            "ATTT. An toàn thông tin và phòng chống lừa đảo trực tuyến"
        );
        let nfd = "Nguye\u{0302}\u{0303}n";
        assert_eq!(wrap(nfd, 5), ["Nguye\u{0302}\u{0303}", "n"]);
    }
}
